"""Normalisation: pinyin debris, Unicode width, script detection and t2s conversion."""

from __future__ import annotations

import os

from conftest import clean_text, fixture_path
from hypothesis import given, settings
from hypothesis import strategies as st
from pipeline.clean.normalize import (
    detect_script, normalize_line, normalize_lines, normalize_text, readings, simplified_lines, strip_pinyin,
    to_simplified, to_traditional,
)
from pipeline.process import clean
from pipeline.records import RawPage
from pipeline.settings import Settings


def test_pinyin_annotation_after_a_character_is_removed():
    assert strip_pinyin("梧州零距離網(wǎng)") == "梧州零距離網"
    assert strip_pinyin("召開全市民族工作會(huì)議") == "召開全市民族工作會議"
    assert strip_pinyin("民族团结(tuán)进步") == "民族团结进步"


def test_fullwidth_parentheses_around_pinyin_are_removed_too():
    assert strip_pinyin("民族工作會（huì）議") == "民族工作會議"


def test_lost_character_is_restored_from_its_reading_traditional():
    # The scraper lost 報 and left "?qǐng)?bào)" (two candidate readings) behind.
    assert strip_pinyin("梧州日?qǐng)?bào)訊(記者 梁萍)") == "梧州日報訊(記者 梁萍)"


def test_lost_character_is_restored_from_its_reading_simplified():
    assert strip_pinyin("梧州日?qǐng)?bào)讯(记者 梁萍)") == "梧州日报讯(记者 梁萍)"


def test_parentheses_that_are_not_pinyin_are_kept():
    assert strip_pinyin("13省(区、市)23州市") == "13省(区、市)23州市"
    assert strip_pinyin("新华社(记者 马宁)") == "新华社(记者 马宁)"


def test_nfkc_turns_fullwidth_punctuation_and_digits_into_ascii():
    line = normalize_line("来源：中国民族宗教网（北京）　２０２３年１０月！")
    assert line == "来源:中国民族宗教网(北京) 2023年10月!"


def test_chinese_full_stop_and_quotes_survive_nfkc():
    assert normalize_line("促进“三项计划”走深走实。") == "促进“三项计划”走深走实。"


def test_invisible_characters_and_blank_lines_go():
    assert normalize_text("\ufeff民族\u200b团结\r\n\r\n  \u3000\n进步\u00a0 事业\n") == ["民族团结", "进步 事业"]


def test_script_detection():
    assert detect_script("市委、市政府召開全市民族工作會議,部署創建全國民族團結進步示範市工作。") == "traditional"
    assert detect_script("市委、市政府召开全市民族工作会议,部署创建全国民族团结进步示范市工作。") == "simplified"
    assert detect_script("") == "simplified"


def test_traditional_page_is_simplified_and_keeps_its_original():
    raw = RawPage(uri="tw.html", data=fixture_path("decode/big5_traditional.html").read_bytes(), kind="html")
    article = clean(raw, Settings())
    assert article.script == "traditional"
    assert "鑄牢中華民族共同體意識" in article.body_original
    assert "铸牢中华民族共同体意识" in article.body
    assert "鑄" not in article.body
    assert article.title == "梧州召开全市民族工作会议"


def test_pinyin_debris_is_gone_from_both_forms_of_the_body():
    article = clean_text(
        "梧州零距離網(wǎng)-梧州日?qǐng)?bào)訊(記者 梁萍)11月17日,市委、市政府召開全市民族工作會(huì)議,"
        "部署創(chuàng)建全國(guó)民族團(tuán)結(jié)進(jìn)步示範(fàn)市工作。\n"
        "會議要求,各地要進一步提高政治站位,紮實推進鑄牢中華民族共同體意識工作走深走實。\n"
    )
    assert article.script == "traditional"
    assert article.body_original.startswith("11月17日,市委、市政府召開全市民族工作會議,部署創建全國民族團結進步示範市工作。")
    assert article.body.startswith("11月17日,市委、市政府召开全市民族工作会议,部署创建全国民族团结进步示范市工作。")
    for debris in ("(", "?", "huì", "wǎng"):
        assert debris not in article.body
    # The dateline the pinyin was stuck in is recognised once it is repaired.
    assert article.source == "梧州日报"


# Whole-text normalisation must equal line-by-line normalisation, whatever the text holds:
# Han in both scripts, full-width forms, combining marks, invisible characters, odd line breaks.
# (Half the texts from those characters alone: drawn among all of Unicode, they hardly occur.)
_MIXED = (st.text(alphabet=st.sampled_from(
    "民族團結進步創建發展會議們\n\r\u3000\u00a0\u200b\u2028\ufeff\u0301\u0308ＡＢ１２（）,。 \t"), max_size=60)
    | st.text(alphabet=st.characters(codec="utf-8"), max_size=60))


@settings(max_examples=300, deadline=None)
@given(_MIXED)
def test_whole_text_normalisation_equals_line_by_line(text):
    lines = (normalize_line(line) for line in strip_pinyin(text.replace("\r\n", "\n").replace("\r", "\n")).split("\n"))
    assert normalize_text(text) == [line for line in lines if line]


@settings(max_examples=300, deadline=None)
@given(st.lists(_MIXED.map(lambda t: t.replace("\n", "").replace("\r", "")), max_size=8))
def test_lines_simplified_together_equal_lines_simplified_alone(lines):
    assert simplified_lines(lines) == [to_simplified(line) for line in lines]


@settings(max_examples=300, deadline=None)
@given(st.lists(_MIXED | st.just("a\x00b"), max_size=8))
def test_texts_normalised_together_equal_texts_normalised_alone(texts):
    assert normalize_lines(texts) == [normalize_line(text) for text in texts]


# Half the texts from characters NFKC treats specially (full-width forms, compatibility ideographs,
# combining marks after letters it folds, jamo, ligatures, punctuation it keeps or folds, spaces,
# characters beyond U+FFFF and lone surrogates, two of which would pair up in UTF-16), half from
# all of Unicode.
_NFKC_TEXT = (st.text(alphabet=st.sampled_from(
    "民族团結一中\u2f00\uf900\u3000ＡＡ１，。、“”《》【】〈\u2329e\u0301\u0323\u0308\u1100\u1161\u11a8가ﬁ①㍿…\u00a0"
    "\U0001d400\U00020000😀\ud83d\ude00"), max_size=40)
    | st.text(alphabet=st.characters(codec="utf-8"), max_size=40))


@settings(max_examples=500, deadline=None)
@given(_NFKC_TEXT)
def test_nfkc_through_the_table_of_single_decompositions_equals_nfkc_of_the_whole_text(text):
    import unicodedata

    from pipeline.clean.normalize import nfkc

    assert nfkc(text) == unicodedata.normalize("NFKC", text)


@settings(max_examples=300, deadline=None)
@given(_NFKC_TEXT)
def test_nfkc_between_ideographs_equals_nfkc_of_the_whole_text(text):
    # The way taken by the texts the table leaves short of NFKC (…, ﬁ, Ａ with a combining mark).
    import unicodedata

    from pipeline.clean.normalize import _nfkc_between_ideographs

    assert _nfkc_between_ideographs(text) == unicodedata.normalize("NFKC", text)


def test_the_decomposition_table_covers_every_character_decomposed_to_one_and_every_invisible_one():
    # Outside its blocks no character of the Basic Multilingual Plane decomposes to one character
    # or is invisible.
    import unicodedata

    from pipeline.clean.normalize import _DECOMPOSING_BLOCKS, _INVISIBLE

    def covered(code):
        return any(first <= code < end for first, end in _DECOMPOSING_BLOCKS)

    for code in range(0x10000):
        if not covered(code) and not 0xD800 <= code < 0xE000:
            decomposed = unicodedata.normalize("NFKD", chr(code))
            assert len(decomposed) != 1 or decomposed == chr(code), hex(code)
            assert not _INVISIBLE.match(chr(code)), hex(code)


# Han in both scripts (phrases that t2s changes only as a whole: 反覆), other scripts, characters
# beyond U+FFFF (Han among them) and lone surrogates.
_SCRIPT_TEXT = st.text(alphabet=st.sampled_from(
    "民族团结進步發展會議们們反覆深沈乾隆燥著作於 ,。、Ａ1a\n\u3400\u9fff\U00020000😀\ud800"), max_size=80)


# Simplified text and phrases t2s changes only as a whole (反覆 -> 反复, 深沈 -> 深沉), whole or with
# punctuation between their characters, which the Han characters of a text join again.
_PHRASE_TEXT = st.lists(st.sampled_from(["反覆", "深沈", "反", "覆", "深", "沈", "乾隆", "民族", "团结", "进步", ",", "。", " "]),
                        max_size=30).map("".join)


def _opencc_t2s(text: str) -> str:
    """What OpenCC's t2s itself gives (or the error it raises, a lone surrogate's)."""
    from pipeline.clean.normalize import _converter

    try:
        return _converter("t2s").convert(text)
    except UnicodeEncodeError as exc:
        return f"error at {exc.start}"


@settings(max_examples=600, deadline=None)
@given(st.one_of(_SCRIPT_TEXT, _PHRASE_TEXT))
def test_script_is_told_as_by_comparing_the_han_characters_one_by_one(text):
    # The definition: t2s (OpenCC itself) over the Han characters, compared place by place. The
    # phrases t2s changes only as a whole count wherever the Han characters join them again.
    import re

    han = re.sub(r"[^\u3400-\u9fff]+", "", text)
    converted = _opencc_t2s(han)
    changed = sum(a != b for a, b in zip(han, converted))
    expected = "traditional" if changed >= 3 and changed / len(han) >= 0.01 else "simplified"
    assert detect_script(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.one_of(_SCRIPT_TEXT, _PHRASE_TEXT))
def test_simplified_text_is_what_opencc_gives_whether_or_not_it_is_converted(text):
    # to_simplified hands OpenCC only texts holding a character t2s can change (or a surrogate).
    try:
        got = to_simplified(text)
    except UnicodeEncodeError as exc:
        got = f"error at {exc.start}"
    assert got == _opencc_t2s(text)


def test_t2s_changes_no_character_outside_those_it_is_asked_about():
    # The characters t2s can change are read from its dictionaries: a dictionary missed would
    # leave characters it changes alone outside the set. Every other character of Unicode, each
    # alone on a line, comes back from OpenCC as it is.
    from pipeline.clean import t2s_scans

    assert t2s_scans.load() is not None
    changing = t2s_scans.load().changing
    others = [chr(c) for c in range(1, 0x110000) if not changing.match(chr(c))]
    for i in range(0, len(others), 20000):
        chunk = "\n".join(others[i:i + 20000])
        assert _opencc_t2s(chunk) == chunk


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.sampled_from("绿网报了行长重乐率区蚌〇龘𠀀aＡ?（"), st.characters(min_codepoint=0x2E80, max_codepoint=0x2FFFF)))
def test_a_characters_readings_from_the_cached_table_are_what_pypinyin_reads(char):
    # The table is made once per user from pypinyin (data cache); read back, it must answer as
    # pypinyin does: heteronyms (绿 lu/lv, 行 xing/hang), ü as v, nothing for what it cannot read.
    from pypinyin import Style, pinyin

    expected = {r.replace("ü", "v") for group in pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
                for r in group}
    assert readings(char) == expected


def test_a_process_reads_pinyin_from_the_cached_table_without_loading_pypinyin(tmp_path):
    # pypinyin's import and dictionaries cost a fifth of a second in every worker whose pages
    # carry pinyin; once the table is cached, a process reads readings without them.
    import subprocess
    import sys

    probe = ("import sys; from pipeline.clean.normalize import readings; "
             "print(sorted(readings('绿')), 'pypinyin' in sys.modules)")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    runs = [subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True).stdout
            for _ in range(2)]
    assert runs == ["['lu', 'lv'] True\n", "['lu', 'lv'] False\n"]


def test_every_candidate_for_a_lost_character_has_its_traditional_form_in_the_cached_table():
    # A lost character restored in a traditional text takes its form from a table made once per
    # user with OpenCC's s2t: for every candidate it must be what s2t gives (発 stays, 报 -> 報).
    from pipeline.clean import normalize

    tables = normalize._lost_characters()
    candidates = {char for listed in tables.by_reading.values() for char in listed}
    assert len(candidates) > 5000 and tables.traditional["报"] == "報"
    assert all(tables.traditional.get(c, c) == to_traditional(c) for c in candidates)


def test_characters_counted_as_sure_changes_are_changed_alone_and_in_every_phrase_tried():
    # detect_script counts characters t2s changes wherever they stand, without converting: each
    # must change alone, and beside the characters phrases pair them with.
    from pipeline.clean import t2s_scans

    always = t2s_scans.load().always.pattern.strip("[]")
    assert len(always) > 1000
    for context in ("{}", "反{}", "{}覆", "乾{}", "{}隆", "深{}"):
        texts = [context.format(c) for c in always]
        converted = _opencc_t2s("\n".join(texts)).split("\n")
        at = context.index("{")
        assert [t[at] for t in converted if t] and all(t[at] != c for t, c in zip(converted, always))
