import datetime as dt

from extract_helpers import analysed
from hypothesis import example, given, settings
from hypothesis import strategies as st

from extractors import agreements as agreements_module
from extractors.agreements import extract
from extractors.dates import extract as dates
from extractors.regions import extract as regions
from pipeline import fuzz


def agreements(body, published=dt.date(2023, 10, 13)):
    a = analysed(body, published)
    return [(r.title, r.kind, list(r.parties), r.date) for r in extract(a, dates=dates(a), regions=regions(a))]


def test_parties_in_printed_order_with_you_and_yu():
    body = "10月12日,会议召开。\n随后,由江苏省南京市民宗局、湖北省恩施州民宗委与云南省楚雄州民宗委负责人代表13省(区、市)参会单位签署跨区域协作框架协议。"
    assert agreements(body) == [("跨区域协作框架协议", "framework",
                                 ["江苏省南京市民宗局", "湖北省恩施州民宗委", "云南省楚雄州民宗委"], "2023-10-12")]


def test_two_parties_and_a_date_in_the_same_sentence():
    body = "8月16日,崇左市民宗委与南宁市民宗委签订跨区域实施“三项计划”协作协议。"
    assert agreements(body, dt.date(2023, 8, 26)) == [
        ("跨区域实施三项计划协作协议", "cooperation", ["崇左市民宗委", "南宁市民宗委"], "2023-08-16")]


def test_one_party_signing_separately_with_several():
    body = "阿坝州民宗委分别与湖州市民宗局、嘉兴市民宗局签订战略合作协议。"
    assert agreements(body) == [("战略合作协议", "strategic", ["阿坝州民宗委", "湖州市民宗局", "嘉兴市民宗局"], None)]


def test_title_in_book_quotes_before_the_verb():
    body = "《海西州与无锡市协作协议书》在西宁正式签订。"
    assert agreements(body) == [("海西州与无锡市协作协议书", "cooperation", [], None)]


def test_planned_agreement_is_not_reported():
    assert agreements("双方将签署战略合作协议。") == []


def test_summary_of_several_agreements_is_not_one():
    body = "随后签署跨区域协议及其他单项协议。"
    assert agreements(body) == []


# Parties wherever the text names them (issue 12, class 2).

def test_parties_before_shuangfang_in_the_same_sentence():
    body = "5月6日,南宁市与百色市举行民族团结进步共建签约仪式,双方签署了《民族团结进步共建合作协议》。"
    assert agreements(body) == [("民族团结进步共建合作协议", "cooperation", ["南宁市", "百色市"], "2023-05-06")]


def test_title_in_book_quotes_before_the_word_xieyi():
    body = "南宁市、柳州市、百色市共同签订《民族工作协同推进工作机制》协议。"
    assert agreements(body) == [("民族工作协同推进工作机制协议", "cooperation", ["南宁市", "柳州市", "百色市"], None)]


def test_list_before_a_count_in_an_earlier_sentence():
    body = "南京、扬州、镇江三地民宗部门负责人齐聚苏州。会上,三方签署《长三角三项计划协作协议》。"
    assert agreements(body) == [("长三角三项计划协作协议", "cooperation", ["南京", "扬州", "镇江"], None)]


def test_two_sides_of_a_dashed_joint_meeting():
    body = "召开杭州市——黔东南州东西部协作联席会议。会议期间,双方现场签署《民族工作协作协议》。"
    assert agreements(body) == [("民族工作协作协议", "cooperation", ["杭州市", "黔东南州"], None)]


def test_visiting_delegation_and_its_host_are_the_two_sides():
    body = ("7月18日至19日,湖南省湘西土家族苗族自治州代表团一行来到浙江省湖州市,开展交流。\n"
            "在19日上午召开的座谈会上,双方签署《民族团结共建战略合作协议》。")
    assert agreements(body, dt.date(2023, 7, 20)) == [
        ("民族团结共建战略合作协议", "strategic", ["湖南省湘西土家族苗族自治州", "浙江省湖州市"], "2023-07-19")]


def test_signing_named_as_an_event_is_the_agreement():
    body = "南宁市民宗委与广西民族大学举行“共同建设民族团结实践基地”签约仪式。"
    assert agreements(body) == [("共同建设民族团结实践基地", "cooperation", ["南宁市民宗委", "广西民族大学"], None)]


def test_parties_in_the_title():
    body = "签署《天津市人民政府和甘南藏族自治州人民政府关于深化民族团结进步共建的框架协议》。"
    assert agreements(body) == [("天津市人民政府和甘南藏族自治州人民政府关于深化民族团结进步共建的框架协议", "framework",
                                 ["天津市人民政府", "甘南藏族自治州人民政府"], None)]


def test_a_connector_inside_an_organ_name_does_not_split_it():
    body = "州民宗委与厦门市民族、宗教事务局签订合作备忘录,市文化和旅游局与县民宗局签订协作协议。"
    assert [a[2] for a in agreements(body)] == [["州民宗委", "厦门市民族、宗教事务局"], ["市文化和旅游局", "县民宗局"]]


def test_counts_pronouns_and_fragments_are_never_parties():
    body = "校地三方签署合作协议。文旅和发展部门联合签订协作协议。"
    assert [a[2] for a in agreements(body)] == [[], []]


# One signing, one agreement (issue 12, class 3).

def test_back_reference_and_paraphrase_are_not_second_agreements():
    body = ("会上,甲市民宗委与乙州民宗委签订《民族团结共建框架协议》。该协议明确了六项任务。"
            "随后,两地签署深化交往交流交融框架协议,双方将依据协议开展工作。")
    assert agreements(body) == [("民族团结共建框架协议", "framework", ["甲市民宗委", "乙州民宗委"], None)]


def test_several_agreements_at_one_ceremony_each_with_its_parties_and_the_ceremony_date():
    body = "6月2日,协作推进会在凯里召开。\n会上,甲县与乙县签订协作协议,丙社区与丁社区签订共建协议,甲校与乙校签订合作协议书。"
    assert agreements(body, dt.date(2023, 6, 3)) == [
        ("协作协议", "cooperation", ["甲县", "乙县"], "2023-06-02"),
        ("共建协议", "cooperation", ["丙社区", "丁社区"], "2023-06-02"),
        ("合作协议书", "cooperation", ["甲校", "乙校"], "2023-06-02"),
    ]


def test_arranged_future_signing_is_not_reported():
    assert agreements("据悉,双方商定于今年下半年签署《某某共建协议》。") == []


def test_month_of_signing_in_the_same_sentence():
    body = "此前,永宁社区已于2022年5月与某大学学生工作部签订《民族团结共建合作协议》。"
    assert agreements(body)[0][3] == "2022-05"


def test_pipeline_gives_agreements_the_region_rows_they_cut_dashed_sides_with():
    from extractors import run_all

    body = "召开杭州市——黔东南州东西部协作联席会议。会议期间,双方现场签署《民族工作协作协议》。"
    rows = run_all(analysed(body, dt.date(2023, 10, 13)).article).agreements
    assert [list(r.parties) for r in rows] == [["杭州市", "黔东南州"]]


def test_two_people_meeting_are_not_the_sides_a_pronoun_points_to():
    body = "5月6日,张某与李某在会上座谈。会后,双方签署合作协议。"
    assert agreements(body) == [("合作协议", "cooperation", [], "2023-05-06")]


def test_ceremony_named_in_quotes_and_the_agreement_signed_at_it_are_one_agreement():
    body = "南宁市民宗委与广西民族大学举行“共同建设民族团结实践基地”签约仪式,双方签署《共建协议》。"
    assert agreements(body) == [("共建协议", "cooperation", ["南宁市民宗委", "广西民族大学"], None)]


def test_side_run_on_into_the_meetings_name_is_cut_after_its_places():
    body = "5月18日,阿坝州与浙江省湖州市东西部协作座谈会在马尔康市召开。\n座谈会上,双方签署《民族团结战略合作协议》。"
    assert agreements(body, dt.date(2023, 5, 19))[0][2] == ["阿坝州", "浙江省湖州市"]


def test_pairs_signing_side_by_side_are_one_agreement_each():
    body = "9月6日,甲市乙区与丙州丁县、戊区与己县分别签订了结对共建协议。"
    assert agreements(body, dt.date(2023, 9, 7)) == [
        ("结对共建协议", "cooperation", ["甲市乙区", "丙州丁县"], "2023-09-06"),
        ("结对共建协议", "cooperation", ["戊区", "己县"], "2023-09-06"),
    ]


def test_a_count_heading_a_name_points_back_to_the_listed_places():
    body = ("5月9日,运动会在陈巴尔虎旗举行,鄂温克族自治旗、鄂伦春自治旗、陈巴尔虎旗的代表队参加比赛。\n"
            "闭幕式上,三旗民族事务部门负责人共同签署了《民俗文化保护协作备忘录》。")
    assert agreements(body, dt.date(2023, 5, 10))[0][2] == ["鄂温克族自治旗", "鄂伦春自治旗", "陈巴尔虎旗"]


def test_signing_at_the_meeting_without_a_subject_takes_the_meetings_sides():
    body = "7月7日,凤冈县与湄潭县茶文化联盟成立大会在凤冈县举行。会上签订了《茶文化保护合作协议》。"
    assert agreements(body, dt.date(2023, 7, 8)) == [
        ("茶文化保护合作协议", "cooperation", ["凤冈县", "湄潭县"], "2023-07-07")]


def test_sides_named_only_in_the_headline():
    a = analysed("座谈会上,双方签署了《民族团结共建协议》。", dt.date(2023, 4, 2), title="甲县与乙县签署民族团结共建协议")
    assert [list(r.parties) for r in extract(a, dates=dates(a), regions=regions(a))] == [["甲县", "乙县"]]


def test_signatories_after_a_title_printed_first():
    body = "《非遗保护战略合作协议》由县文化和旅游局与某某大学民族学院签署;《文旅融合合作协议书》的签约双方为县民宗局和某某旅游开发有限公司。"
    assert [a[2] for a in agreements(body)] == [["县文化和旅游局", "某某大学民族学院"], ["县民宗局", "某某旅游开发有限公司"]]


def test_a_count_of_agreements_and_a_relative_clause_are_no_agreement():
    body = ("仪式上共签署两份协议。甲市与乙州签署《民族团结框架协议》。同场签约的还有三份协议。"
            "据介绍,两地签署的深化协作框架协议明确了六项任务。")
    assert [a[0] for a in agreements(body)] == ["民族团结框架协议"]


def test_signed_at_the_meeting_on_the_meetings_day_not_a_planned_date_before_it():
    body = ("3月14日,甲市民宗局与乙市民宗委召开联席会议。\n"
            "两市将于4月11日联合举办文化节。甲区与乙区也在会上签订了社区结对共建协议。\n"
            "同日,丙县与丁县签订《教育合作协议书》。")
    assert [a[3] for a in agreements(body, dt.date(2024, 3, 15))] == ["2024-03-14", "2024-03-14"]


def test_a_party_is_the_organ_not_its_signer_nor_the_time_it_signed():
    body = ("甲区民族宗教事务局局长张三与乙区民族宗教事务局局长李四代表两地签署了《协作协议》。"
            "丙社区已于2022年5月与丁大学签订民族团结共建合作协议。戊市河西区与同仁市签订区县结对帮扶协议。")
    assert [a[2] for a in agreements(body)] == [
        ["甲区民族宗教事务局", "乙区民族宗教事务局"], ["丙社区", "丁大学"], ["戊市河西区", "同仁市"]]


def test_a_delegation_led_by_an_official_is_its_place():
    body = "8月5日,甲市委书记张三率甲市党政代表团赴乙州考察。\n6日,两市州签署《深化交流合作框架协议》。"
    assert agreements(body, dt.date(2023, 8, 7))[0][2] == ["甲市", "乙州"]


def test_names_put_to_a_title_read_out_are_a_signing():
    body = ("3月14日,甲市民族宗教事务局与乙市民族宗教事务委员会联合召开两市联席会议。"
            "会议宣读了《甲市乙市交流合作协议》,两市民宗部门主要负责人在协议上签字。")
    assert agreements(body, dt.date(2024, 3, 15)) == [
        ("甲市乙市交流合作协议", "cooperation", ["甲市民族宗教事务局", "乙市民族宗教事务委员会"], "2024-03-14")]


def test_sides_from_a_list_of_where_delegates_came_from():
    body = "11月3日,来自甲州、乙市、丙州的民宗部门负责人在丁市召开协作会议,三方签署了《协作框架协议》。"
    assert agreements(body, dt.date(2023, 11, 4))[0][2] == ["甲州", "乙市", "丙州"]


def test_a_pronoun_with_time_words_is_no_party():
    assert agreements("据悉,此前双方已于2022年签订合作协议。") == [("合作协议", "cooperation", [], None)]


def test_a_signing_reported_only_in_a_relative_clause_or_a_count_is_still_reported():
    assert [a[0] for a in agreements("甲市与乙州签署的民族团结合作协议正式生效。")] == ["民族团结合作协议"]
    assert [a[0] for a in agreements("会上,双方签订了两项合作协议。")] == ["两项合作协议"]


def test_pairs_listed_without_each_signing_its_own_sign_one_agreement():
    body = "甲市与乙州、丙市与丁州签署《四地民族工作协作框架协议》。"
    assert agreements(body) == [("四地民族工作协作框架协议", "framework", ["甲市", "乙州", "丙市", "丁州"], None)]


def test_a_name_opening_with_a_count_is_no_count_of_agreements():
    body = "甲州与乙县签署《框架协议》。丙市与丁县签署两个丁县民族团结进步创建战略合作协议。"
    assert [a[0] for a in agreements(body)] == ["框架协议", "两个丁县民族团结进步创建战略合作协议"]


# The words around a party's name that the cuts look for, their near misses, and names, among
# Chinese text: 会上,由甲县民族、宗教事务局局长张三与乙县已于12月28日在丙市签订…
_NAME_PIECES = st.sampled_from([
    "甲县", "乙市民宗局", "丙州人民政府", "民族", "宗教事务局", "文化", "旅游局", "人力资源", "社会保障局", "发展", "改革委",
    "、", "与", "和", "同", "及", "以及", ",", ":", "。", "分别", "各自", "负责人", "主要负责人", "有关负责同志", "代表",
    "代表团", "在", "于", "已", "曾", "先后", "局", "局长", "主任", "书记", "党组", "副", "张三", "的", "部门", "单位",
    "12月28日", "来自", "齐聚", "共同", "正式", "现场", "等", "上", "双方", "各方", "两地", "三方", "两县", "十校", "会上",
    "由", "率", "党政", "考察团", "调研组", "一行", "18人", "来到", "赴", "到", "走进", "考察", "开展", "座谈", "“", "》",
    "\n", " ", "人", "方", "长", "日", "表"])
_NAMES_TEXT = st.lists(st.one_of(_NAME_PIECES, _NAME_PIECES, fuzz.chinese_text(2),
                                 st.text(alphabet="甲乙丙丁县市的一是在人", min_size=20, max_size=40)),
                       max_size=14).map("".join)


@settings(max_examples=800, deadline=None)
@given(_NAMES_TEXT)
@example("甲县民族、宗教事务局局长张三与乙县已于12月28日在丙市共同负责人\n")
@example("来自甲县民宗局主任李四在会上")  # each cut's rarer words: 来自, 主任, 在…上
@example("丙州的民宗部门")
@example("丙州的民宗部门有关负责同志等\n")  # 负责同志, and a tail before a final newline
@example("丁县书记王五分别与乙县代表")
def test_names_are_cut_as_if_every_cut_were_tried(text):
    # _clean, _bare and _untail try each cut only on names holding a word all its matches hold.
    a = agreements_module
    plain_tail = a._TAIL.sub("", text)
    assert a._untail(text) == plain_tail
    plain_clean = a._LEAD.sub("", text.strip())
    for cut in (a._EACH_WITH, a._FOR_WHOM, a._WHERE_WHEN, a._TAIL):
        plain_clean = cut.sub("", plain_clean)
    assert a._clean(text) == plain_clean
    plain_bare = text.strip()
    for cut in (a._BEFORE_DATE, a._WHEN, a._SIGNER, a._WHOSE):
        plain_bare = cut.sub("", plain_bare)
    assert a._bare(text) == plain_bare


@settings(max_examples=800, deadline=None)
@given(_NAMES_TEXT)
@example("厦门市民族、宗教事务局与同仁市文化和旅游局、人力资源和社会保障局")
def test_a_list_splits_as_if_every_position_were_tried_for_a_joined_organ_name(text):
    # _split_joined tries the organ-name connectors only where a connector stands.
    inner = {m.start() for m in agreements_module._ORGAN_JOIN.finditer(text)}
    parts, joins, last = [], [], 0
    for m in agreements_module._SPLIT.finditer(text):
        if m.start() in inner or (m.group() == "同" and m.start() == last and last > 0):
            continue
        parts.append(text[last:m.start()])
        joins.append(m.group())
        last = m.end()
    parts.append(text[last:])
    assert agreements_module._split_joined(text) == ([p.strip() for p in parts], joins)


@settings(max_examples=800, deadline=None)
@given(_NAMES_TEXT)
@example("7月26日,天祝县委副书记带领天祝考察团一行18人来我县,甲州党政代表团一行18人来到乙县开展调研")
@example("会上,来自甲县、乙县两县,丙市、丁市两地")
@example("甲乙丙丁甲乙丙丁甲乙丙丁甲乙丙丁甲乙丙丁甲乙丙丁甲乙丙丁甲乙党政代表团赴乙县考察")  # a 30-character place
def test_lists_and_delegations_scanned_where_they_can_be_are_all_there_are(text):
    # _lists_with_count scans only runs holding a count word, _delegations only from the first
    # delegation's reach: the matches of a scan of the whole text.
    a = agreements_module
    spans = lambda matches: [(m.span(), m.groupdict()) for m in matches]  # noqa: E731
    assert spans(a._lists_with_count(text)) == spans(a._LIST_WITH_COUNT.finditer(text))
    assert spans(a._delegations(text)) == spans(a._DELEGATION.finditer(text))


@settings(max_examples=600, deadline=None)
@given(_NAMES_TEXT)
def test_a_list_said_to_hold_no_connector_names_one_side_at_most(text):
    # _window_parties skips the lists _joins finds no connector in: they cannot name two parties.
    assert agreements_module._joins(text) or len(agreements_module._split(text)) <= 1
