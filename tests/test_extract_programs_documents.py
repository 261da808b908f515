import bisect

from extract_helpers import analysed
from hypothesis import example, given, settings
from hypothesis import strategies as st

from extractors import documents as documents_module
from extractors import programs as programs_module
from extractors.documents import extract as documents
from extractors.patterns import plain
from extractors.programs import _DEMO
from extractors.programs import extract as programs


def names(body):
    return [(r.name, r.canonical, r.parent) for r in programs(analysed(body))]


def test_lexicon_program_with_canonical_name_and_parent():
    got = names("深化“三项计划”实施,实施各族青少年交流计划。")
    assert got == [("三项计划", "三项计划", None), ("各族青少年交流计划", "各族青少年交流计划", "三项计划")]


def test_quoted_name_followed_by_its_kind_is_discovered():
    assert names("深入实施“双促双增”精准帮扶行动。") == [("双促双增精准帮扶行动", None, None)]


def test_city_creation_campaign():
    assert names("部署创建全国民族团结进步示范市工作。") == [("创建全国民族团结进步示范市", None, None)]


def test_policy_mechanisms_and_lists_are_not_programs():
    assert names("推进对口支援和东西部协作,开展“三项计划”和各类交流活动。") == [("三项计划", "三项计划", None)]


def test_program_names_inside_a_cited_document_are_not_mentions():
    assert names("印发《民族团结进步创建活动实施方案》。") == []


def test_documents_are_policy_titles_in_book_quotes():
    body = "印发《关于加强城市民族工作的实施意见》《民族团结进步创建活动实施方案(2016-2020年)》,在《中国民族报》刊发,签署《战略合作协议》。"
    assert [d.title for d in documents(analysed(body))] == [
        "关于加强城市民族工作的实施意见", "民族团结进步创建活动实施方案(2016-2020年)"]


# Programs in quotes (issue 12, class 4).

def test_quoted_campaign_that_is_carried_out_is_a_program():
    assert names("全县持续开展“双联双帮”,干部群众结对认亲。") == [("双联双帮", None, None)]


def test_each_quoted_campaign_of_a_launched_list_is_a_program():
    got = names("启动“同心云岭·共建家园”、“情系中华·边关行”等系列活动。")
    assert got == [("同心云岭·共建家园", None, None), ("情系中华·边关行", None, None)]


def test_quoted_slogans_and_terms_are_not_programs():
    assert names("牢记“三个离不开”,坚持“两个结合”,各民族要“像石榴籽那样紧紧抱在一起”。") == []


def test_names_ending_in_a_program_word_that_are_held_or_built():
    body = "举办第三届多民族一家亲邻里节,打造昆仑石榴红民族团结进步示范带,举办“民族团结进步宣传周”。"
    assert [n for n, _, _ in names(body)] == ["多民族一家亲邻里节", "昆仑石榴红民族团结进步示范带", "民族团结进步宣传周"]


def test_quoted_name_with_a_new_kind_word_after_it():
    assert names("开展“石榴花开”民族团结宣传月。") == [("石榴花开民族团结宣传月", None, None)]


def test_methods_and_single_events_are_not_programs():
    body = "推广“枫桥经验”工作法,开展“石榴籽”走进新疆大学活动和“同心”参观交流活动,开展“邻里才艺秀”。"
    assert names(body) == []


def test_generic_and_traditional_festivals_are_not_programs():
    assert names("开展“民族文化节”等活动,举办苗族“四月八”姑娘节,举办首期各族青少年冬令营。") == []


def test_alias_of_a_program_already_named_is_not_another():
    body = "扎实开展民族团结进步宣传月活动,每年举办“民族团结进步宣传月”活动。"
    assert names(body) == [("民族团结进步宣传月活动", "民族团结进步宣传月", None)]


# Documents (issue 12, class 5).

def test_short_back_reference_to_a_cited_document_is_not_a_new_one():
    body = "审议通过《某某自治州民族团结进步条例》。《条例》共六章,与《实施方案》一并印发。"
    assert [d.title for d in documents(analysed(body))] == ["某某自治州民族团结进步条例", "实施方案"]


def test_short_catchwords_and_contests_after_a_launch_verb_are_not_programs():
    assert names("开展“回头看”,深化“放管服”,参加“民族团结杯”。") == []


def test_demonstration_campaign_at_any_level_named_by_its_chuangjian_or_jianshe():
    body = "大力开展民族团结进步示范社区创建,推进民族团结进步示范区建设,建成民族团结进步示范区12个。"
    assert [n for n, _, _ in names(body)] == ["民族团结进步示范社区创建", "民族团结进步示范区建设"]


def test_county_campaign_printed_twice_is_one_program():
    body = "召开全县民族团结进步示范县创建推进会,全力争创全国民族团结进步示范县。"
    assert [n for n, _, _ in names(body)] == ["民族团结进步示范县创建"]


def printed(body):
    return [r.name for r in programs(analysed(body))]


def test_quoted_name_and_its_kind_end_before_a_list_word():
    body = "全县将同步举办“山花传情”民族团结进步宣传周等系列活动,联合开展“河畔·石榴红”宣传周等活动30余场。"
    assert printed(body) == ["山花传情民族团结进步宣传周", "河畔·石榴红宣传周"]


def test_quoted_campaign_followed_by_a_themed_lecture_tour():
    assert printed("今年全县将集中开展“同心筑梦新征程”主题宣讲。") == ["同心筑梦新征程主题宣讲"]


def test_date_festival_joined_to_a_name_is_one_editions_name():
    assert printed("两市将联合举办“三月三·山海情”壮族文化节。当地群众欢度“四月八”姑娘节。") == ["三月三·山海情壮族文化节"]


def test_showcases_and_one_off_sessions_are_single_events():
    assert printed("与会人员观看了“高山歌谣”展演活动,并出席“山海一家亲”就业帮扶专场活动。") == []


def test_known_programs_an_agreement_is_named_after_are_mentions():
    body = "双方签署了《“三项计划”东西部协作框架协议》,并印发《“三项计划”实施方案》。"
    assert printed(body) == ["三项计划"]


# The campaign names and their near misses: 争创全国民族团结进步示范县, 示范区建设, 全民族团结.
_DEMO_PIECES = st.sampled_from(["争创", "创建", "全国", "全", "民族团结进步示范", "民族团结", "进步", "示范", "县", "社区",
                                "单位", "建设", "创建", "国", "民", ",", "。", " "])


@settings(max_examples=1500, deadline=None)
@given(st.lists(_DEMO_PIECES, max_size=12).map("".join))
@example("争创全国民族团结进步示范县,创建民族团结进步示范社区,全国民族团结进步示范区建设")
def test_campaign_scan_found_from_its_anchor_matches_the_same_as_a_full_scan(text):
    assert [m.span() for m in _DEMO.finditer(text)] == [m.span() for m in plain(_DEMO).finditer(text)]


# Titles' last words, trailers in brackets of either width, and spaces around them.
_TITLE_PIECES = st.sampled_from(["关于", "民族团结", "实施方案", "意见", "条例", "日报", "协议", "(", ")", "（", "）", "2016-2020年",
                                 "试行", "修订", " ", "\n", "\u3000", "(试行)", "（修订）"])


@settings(max_examples=1500, deadline=None)
@given(st.lists(_TITLE_PIECES, max_size=8).map("".join))
@example(" 民族团结进步创建实施方案 (2016-2020年)\n")
def test_a_title_is_a_document_as_if_its_trailer_were_always_looked_for(text):
    # is_document_title looks for a trailer only in titles ending in a closing bracket.
    core = documents_module._TRAILER.sub("", text.strip())
    plain_answer = bool(documents_module._DOC_TYPE.search(core)) and not documents_module._NOT_DOCUMENT.search(core)
    assert documents_module.is_document_title(text) == plain_answer
# Quoted names of every quote mark, kinds, lists and near misses: “双联双帮”活动, ‘某某’行动, "某某"计划.
_QUOTE_PIECES = st.sampled_from(["“", "”", "‘", "’", '"', "双联双帮", "民族团结", "计划", "活动", "宣传月", "和", "等", "的",
                                 "节", "春节", ",", "。", "\n", "开展", "x"])


@settings(max_examples=1500, deadline=None)
@given(st.lists(_QUOTE_PIECES, max_size=14).map("".join))
@example("开展“双联双帮”活动和‘民族团结’宣传月,\"计划\"等")
def test_quoted_names_are_found_the_same_by_the_scan_for_curly_quotes_alone(text):
    # In a text holding neither " nor ‘, the quoted names are scanned for from “ alone.
    for each in (text, text.replace('"', "").replace("‘", "")):
        assert ([m.span() + m.groups() for m in programs_module._quoted(each)]
                == [m.span() + m.groups() for m in programs_module._QUOTED.finditer(each)])


@settings(max_examples=1000, deadline=None)
@given(st.lists(_QUOTE_PIECES, max_size=14).map("".join))
def test_the_quote_free_copy_maps_each_character_back_to_its_place(text):
    plain_text, shifts = programs_module._unquoted(text)
    assert plain_text == programs_module._QUOTE.sub("", text)
    kept = [i for i, c in enumerate(text) if c not in "“”‘’\""]
    assert [i + bisect.bisect_right(shifts, i) for i in range(len(plain_text))] == kept


_ENTRIES = {"ab": programs_module.Entry("AB", None), "abc": programs_module.Entry("AB", None),
            "b": programs_module.Entry("b", None)}


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 12), st.integers(1, 6), st.sampled_from(["ab", "abc", "b", "bc", "c", "a"])),
                max_size=8))
def test_the_first_mentions_skip_a_name_inside_an_overlapping_one_taken_as_a_plain_overlap_test_does(found):
    # The rows taken are checked for overlap by their furthest end, not one by one.
    found = [(start, start + length, name) for start, length, name in found]
    rows: list[tuple] = []
    seen: set[str] = set()
    for start, end, name in sorted(found, key=lambda f: (f[0], -(f[1] - f[0]))):
        entry = _ENTRIES.get(name)
        key = entry.canonical if entry else name
        overlapping = any(r[0] < end and start < r[1] for r in rows)
        if key in seen or any(name in s and name != s for s in seen if overlapping):
            continue
        seen.add(key)
        rows.append((start, end, name, entry))
    assert programs_module._first_mentions(found, _ENTRIES) == rows


# Names ending in a kind word, in a near miss (环节, 季节, 活动室) or in 节 after other characters.
_NAME_PIECES = st.sampled_from(["民族团结", "计划", "活动", "活动月", "宣传", "月", "周", "夏令营", "营", "专项行动", "主题",
                                "宣讲", "攻坚战", "节", "环", "季", "邻里", "a", "·", "+", "室", "示范区", "体验"])


@settings(max_examples=1500, deadline=None)
@given(st.lists(_NAME_PIECES, max_size=6).map("".join))
@example("环节")
@example("邻里节")
@example("·节")
def test_a_name_ends_in_a_program_word_by_the_suffix_tests_as_by_the_scan(name):
    assert programs_module._ends_in_kind(name) == bool(programs_module._ENDS_IN_KIND.search(name))


def test_a_lexicon_form_is_kept_or_refused_once_as_at_each_mention():
    # The automaton's kept forms are the verdicts each mention of a form would get.
    _, kept = programs_module._lexicon_automaton()
    forms = tuple(programs_module.lexicon())
    assert len(kept) == len(forms)
    for form, verdict in zip(forms, kept):
        refused = (form in programs_module._not_programs() or programs_module._NOT_A_PROGRAM.search(form)
                   or not programs_module._named(form))
        assert verdict == (None if refused else form)
