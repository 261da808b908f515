import re
from types import SimpleNamespace

from extract_helpers import analysed
from hypothesis import example, given, settings
from hypothesis import strategies as st

from extractors import regions
from extractors.regions import extract
from pipeline import fuzz


def codes(body):
    return sorted({r.adcode for r in extract(analysed(body))})


def test_short_forms_of_autonomous_divisions_resolve_to_them():
    assert codes("楚雄州委副书记出席,迪庆州维西县代表发言。") == ["532300", "533400", "533423"]


def test_region_inside_an_organisation_name():
    assert codes("云南省民族宗教委副主任讲话。") == ["530000"]


def test_community_named_like_a_county_is_not_a_region():
    assert codes("永宁社区和祁连社区的负责人参加。") == []


def test_university_and_corridor_are_not_regions():
    assert codes("东南大学代表发言,河西走廊沿线各地。") == []


def test_prefecture_short_form_is_not_the_county_of_the_same_name():
    assert codes("赴甘南州玛曲县对接援建工作。") == ["623000", "623025"]


def test_ambiguous_district_resolved_by_named_parent():
    assert codes("北京市朝阳区民族团结进步示范区。") == ["110000", "110105"]
    assert codes("吉林省长春市朝阳区开展活动。") == ["220000", "220100", "220104"]


def test_ambiguous_district_without_context_is_left_out():
    assert codes("朝阳区开展活动。") == []


def test_place_word_inside_a_common_word_is_not_a_region():
    assert codes("创建民族团结进步示范县,天山南北各族群众。") == []


def test_full_name_level_and_parent():
    row = extract(analysed("恩施州民宗委"))[0]
    assert (row.name, row.level, row.parent, row.surface) == ("恩施土家族苗族自治州", "prefecture", "420000", "恩施州")


def test_counts_and_one_character_abbreviations_are_not_regions():
    assert codes("13省(区、市)23州市和湘黔川滇各地代表。") == []


def test_place_word_inside_an_officials_name_is_not_a_region():
    from extract_helpers import analysed as make

    from extractors import run_all

    rows = run_all(make("州领导欧阳红英、李国栋、胡玉林出席会议。").article)
    assert [r.adcode for r in rows.regions] == []
    assert "胡玉林" in [o.name for o in rows.officials]


def test_shorter_form_inside_an_unusable_longer_one_is_not_matched():
    assert codes("瑞丽江畔的村寨。") == []


# Division names that need context (朝阳区 in two cities, 甘南 the prefecture or the county), their
# parents, bare short forms and full names, among Chinese text.
_PLACES = st.sampled_from(["朝阳区", "朝阳", "北京市", "吉林省", "长春市", "甘南", "甘南州", "甘南县", "甘肃省", "黑龙江省",
                           "齐齐哈尔市", "玛曲县", "恩施州", "楚雄", "广西", "社区", "日报", "、", "与", "。", "\n"])


@settings(max_examples=800, deadline=None)
@given(st.lists(st.one_of(_PLACES, _PLACES, fuzz.chinese_text(3)), max_size=12).map("".join))
@example("朝阳区与北京市朝阳区、甘南州和甘南,吉林省长春市朝阳")
def test_mentions_are_resolved_as_if_every_division_named_without_doubt_were_known_beforehand(text):
    # resolve gathers the divisions named without doubt only when a mention has several
    # candidates; each mention carries its candidates' divisions and whether it is a bare short
    # form, worked out once per form.
    found = regions.mentions(text)
    assert regions.Mention._fields[2:] == regions._Form._fields  # mentions are built from (start, end, *form)
    for m in found:
        assert type(m) is regions.Mention and m.form == text[m.start:m.end]
        assert m.divisions == tuple({c.division.adcode: c.division for c in m.candidates}.values())
        assert m.alias == (m.candidates[0].kind == "alias")
    known = {m.divisions[0].adcode for m in found if len(m.divisions) == 1}
    chosen = [(m, m.divisions[0] if len(m.divisions) == 1 else regions._decide(list(m.divisions), found, i, known))
              for i, m in enumerate(found)]
    chosen = [(m, d) for m, d in chosen if d is not None]
    named = {d.alias: d for m, d in chosen if m.candidates[0].kind != "alias"}
    assert regions.resolve(found) == [(m, named.get(m.form, d) if m.candidates[0].kind == "alias" else d) for m, d in chosen]


_SPANS = st.lists(st.tuples(st.integers(0, 30), st.integers(1, 6)).map(lambda t: SimpleNamespace(start=t[0], end=t[0] + t[1])),
                  max_size=8)


@settings(max_examples=1500, deadline=None)
@given(_SPANS, _SPANS)
def test_region_rows_inside_names_are_dropped_as_by_trying_every_name(regions, officials):
    # run_all finds the names a row lies inside by bisection over their starts; the plain rule
    # tries each name (names may nest or overlap, rows may share a start).
    from extractors import _outside_names

    expected = [r for r in regions if not any(o.start <= r.start and r.end <= o.end for o in officials)]
    assert _outside_names(regions, officials) == expected


# The words after a place that make it no division, and an organ's words after it, as first written
# (anchored alternations matched on the two characters after the mention).
_PLAIN_NOT_DIVISION = re.compile(r"^(?:社区|村|组|镇|乡|街道|路|街|大道|巷|小区|广场|公园|石|湖|山|江|河|站|机场|号)")
_PLAIN_ORGAN = re.compile(r"^(?:日报|晚报|新闻|电视|广播|融媒|民宗|民委|统战|人民|党委|政府|籍)")
_AFTER_PARTS = st.sampled_from(re.findall(r"[^(?:|)^]+", _PLAIN_NOT_DIVISION.pattern + _PLAIN_ORGAN.pattern)
                               + ["社", "大", "机", "日", "民", "中", "县"])


@settings(max_examples=400, deadline=None)
@given(fuzz.chinese_text(3), st.lists(st.one_of(_AFTER_PARTS, fuzz.chinese_text(2)), max_size=3).map("".join))
def test_words_after_a_place_are_told_by_set_lookups_as_the_anchored_patterns_tell_them(before, after):
    text, end = before + after, len(before)  # a mention ends at `end`
    assert regions._followed_by(text, end, regions._NOT_DIVISION_AFTER) == bool(_PLAIN_NOT_DIVISION.match(text[end:end + 2]))
    assert regions._followed_by(text, end, regions._ORGAN_AFTER) == bool(_PLAIN_ORGAN.match(text[end:end + 2]))
