"""Cleaning scans that open with a look at their first character find what they found without it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.patterns import plain
from pipeline import fuzz
from pipeline.clean import boilerplate, normalize

# Pinyin annotations, paywall notices and their near misses, among Chinese text.
_PIECES = st.sampled_from(["網(wǎng)", "愛(ài)", "會 (huì)議", "本 (ben)", "本(ben)报", " (hui4)", "（fan）", "(UNESCO)", "……(未完,全文共3368字,当前仅显示1774字)",
                           "【正式会员可完整阅读】", "省略632字", "尚未完成", "。", "…", " ", "付费阅读", "登录后查看"])
_TEXT = st.lists(st.one_of(fuzz.chinese_text(max_fragments=4), _PIECES), max_size=10).map("".join)


@settings(max_examples=600, deadline=None)
@given(_TEXT)
def test_cleaning_scans_told_their_first_characters_match_the_same_as_without(text):
    for pattern in (normalize._ANNOTATION, normalize._TONELESS, boilerplate._PAYWALL):
        assert pattern.pattern.startswith("(?=[")
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain(pattern).finditer(text)], pattern.pattern


@settings(max_examples=600, deadline=None)
@given(_TEXT)
def test_pinyin_is_stripped_the_same_when_the_bracket_test_skips_the_scans(text):
    # strip_pinyin runs the two annotation scans only on texts with a bracket opening letters.
    text = text.replace("?", "").replace("？", "")  # no lost characters: only the annotations change the text
    scanned = normalize._TONELESS.sub(normalize._drop_reading, normalize._ANNOTATION.sub("", text))
    assert normalize.strip_pinyin(text) == scanned


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(fuzz.chinese_text(max_fragments=2), st.sampled_from(["• ", "▶", "|", " | ", "-", "*", "> ", "\u3000"])),
                max_size=8).map("".join))
def test_bullets_and_cell_debris_go_as_if_every_line_were_scanned(text):
    # to_lines scans a line for bullets or trailing debris only when its first or last character allows.
    from pipeline.clean.text import _BULLET, _TAIL, to_lines

    expected = []
    for line in normalize.normalize_text(text):
        line = _TAIL.sub("", _BULLET.sub("", line) if len(line) > 3 else line)
        expected += [line] if line else []
    assert [line.orig for line in to_lines(text)] == expected
