"""Sentences: where the body splits, and the scan that finds their ends."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from extractors.analysis import _SENTENCE_END, split_sentences
from pipeline import fuzz


def test_a_sentence_keeps_its_closing_quote_and_a_line_break_ends_one():
    assert [s.text for s in split_sentences("他说:“好!”\n大家鼓掌。。 \n")] == ["他说:“好!”", "大家鼓掌。。"]


# Sentence ends, runs of them, closing quotes, line breaks and spaces among Chinese text.
_ENDS = st.sampled_from(["。", "!", "?", "！", "？", ";", "；", "”", "’", "\"", "』", "」", "\n", " ", "\u3000", "。”", "?!"])
_PLAIN_END = re.compile(r"[。!?！？;；]+[”’\"』」]?|\n")  # the scan _SENTENCE_END is a faster form of


@settings(max_examples=600, deadline=None)
@given(st.lists(st.one_of(_ENDS, _ENDS, fuzz.chinese_text(2)), max_size=16).map("".join))
@example("好!!”\n\n。;」 \n")
def test_sentences_split_where_the_plain_scan_of_their_ends_splits_them(text):
    assert [m.span() for m in _SENTENCE_END.finditer(text)] == [m.span() for m in _PLAIN_END.finditer(text)]
    expected, start = [], 0
    for m in _PLAIN_END.finditer(text):
        end = m.end() if m.group() != "\n" else m.start()
        if text[start:end].strip():
            expected.append((start, end, text[start:end]))
        start = m.end()
    if text[start:].strip():
        expected.append((start, len(text), text[start:]))
    assert [(s.start, s.end, s.text) for s in split_sentences(text)] == expected
