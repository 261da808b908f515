import datetime as dt

from extract_helpers import analysed

from extractors.officials import extract
from extractors.regions import extract as regions
from extractors.records import Byline


def officials(body, source=None, bylines=()):
    a = analysed(body, dt.date(2023, 10, 13), source=source, bylines=bylines)
    return [(o.name, list(o.titles), o.jurisdiction) for o in extract(a, regions=regions(a))]


def test_titles_carried_across_the_enumeration_comma():
    assert officials("楚雄州委副书记、州人民政府州长张文旺致辞。") == [
        ("张文旺", ["楚雄州委副书记", "州人民政府州长"], "532300")]


def test_list_of_names_sharing_one_title():
    got = officials("市领导黄振饶、张惠强、王永超在主会场参加会议。", source="梧州日报")
    assert got == [(n, ["市领导"], "450400") for n in ("黄振饶", "张惠强", "王永超")]


def test_national_organ_gives_national_jurisdiction():
    assert officials("国家民委民族团结促进司互嵌发展处副处长门豪出席会议。") == [
        ("门豪", ["国家民委民族团结促进司互嵌发展处副处长"], "100000")]


def test_name_before_top_national_post():
    assert officials("深入学习习近平总书记关于加强和改进民族工作的重要思想。") == [("习近平", ["总书记"], "100000")]


def test_minority_name_with_middle_dot():
    got = officials("地委副书记、行署专员买买提江·阿不来提出席签约仪式。")
    assert got == [("买买提江·阿不来提", ["地委副书记", "行署专员"], None)]


def test_compound_surname():
    assert officials("州委常委、统战部部长司马卫东主持会议。", source="恩施日报") == [
        ("司马卫东", ["州委常委", "统战部部长"], "422800")]


def test_bare_city_title_takes_the_home_region_from_the_source():
    assert officials("市委书记蒋连生出席会议并讲话。", source="梧州日报") == [("蒋连生", ["市委书记"], "450400")]


def test_most_specific_leading_region_decides_jurisdiction():
    assert officials("江苏省南京市民宗局局长王建国讲话。")[0][2] == "320100"


def test_reporters_are_bylines_not_officials():
    assert officials("记者张伟报道,主任张伟出席。", bylines=(Byline("张伟", "记者"),)) == []


def test_no_name_without_a_position():
    assert officials("李晓燕在讲话时指出,要深化互嵌共融。统战部领导多次带领调研。") == []


def test_single_character_verb_after_a_name_yields_to_a_longer_name():
    assert officials("州民宗委党组书记、主任田景和介绍,全州建成示范点86个。")[0][0] == "田景和"


def test_speech_verb_is_not_part_of_the_name():
    assert officials("日喀则市副市长朗杰说,亚东县加快发展。")[0][0] == "朗杰"


def test_appointment_formula():
    got = officials("会议宣读决定:马建中同志任州民宗委党组书记、主任;免去赵慧敏同志的州民宗委主任职务。", source="临夏日报")
    assert got == [("马建中", ["州民宗委党组书记", "主任"], "622900"), ("赵慧敏", ["州民宗委主任"], "622900")]


def test_titles_carried_across_a_comma():
    got = officials("自治州党委常委、统战部部长,自治州民宗委党组书记司马云峰宣读表彰决定。")
    assert got[0][:2] == ("司马云峰", ["自治州党委常委", "统战部部长", "自治州民宗委党组书记"])


def test_university_posts_have_no_jurisdiction():
    assert officials("中央民族大学民族学与社会学学院院长巴特尔解读理论内涵。") == [
        ("巴特尔", ["中央民族大学民族学与社会学学院院长"], None)]


def test_title_without_its_own_organ_continues_the_previous_one():
    got = officials("国家民委民族团结进步司副司长刘昱堃、政策法规司二级巡视员慕容晓参加调研。")
    assert [j for _, _, j in got] == ["100000", "100000"]


# -- names followed by more of the formula: 率, 的, 作, 带领, 向

def test_name_ends_before_leading_a_delegation():
    assert officials("州委书记王海东率市代表团赴杭州考察。")[0][0] == "王海东"


def test_name_ends_before_the_possessive():
    assert officials("县长刘建国的讲话引起热烈反响。")[0][0] == "刘建国"


def test_transliterated_name_ends_before_delivering_a_report():
    assert officials("地委书记买买提·阿不都作工作部署。")[0][0] == "买买提·阿不都"
    assert officials("地委书记买买提·阿不都率队调研。")[0][0] == "买买提·阿不都"


def test_name_ends_before_leading_and_addressing():
    assert officials("市委副书记陈立新带领调研组深入企业。")[0][0] == "陈立新"
    assert officials("副县长赵刚向大会作报告。")[0][0] == "赵刚"
    assert officials("副县长赵刚向记者介绍情况。")[0][0] == "赵刚"


# -- surnames: classes of evidence

def test_surname_that_is_usually_a_function_word_starts_a_name_only_when_no_part_is_a_common_word():
    assert officials("村党支部书记向春燕笑着说。") == [("向春燕", ["村党支部书记"], None)]
    assert officials("云南省民族宗教委副主任和丽华,市委常委出席。")[0][:2] == ("和丽华", ["云南省民族宗教委副主任"])
    assert officials("局长和各位代表座谈。") == []
    assert officials("书记和县长出席会议。") == []


def test_common_word_after_a_title_is_not_a_name():
    assert officials("县委书记全面部署工作。") == []
    assert officials("把一张地图送到总理衙门。") == []
    assert officials("县长全程陪同。") == []
    assert officials("主任常年坚持走访群众。") == []


def test_anonymised_name_is_a_name():
    assert officials("某研究所所长高某介绍了情况。")[0][0] == "高某"


def test_modern_korean_and_manchu_surnames_start_names():
    got = officials("州委常委、统战部部长玄永哲,州民宗局局长邝志强,副州长佟海林,州政协副主席庹丽出席。", source="延边日报")
    assert [n for n, _, _ in got] == ["玄永哲", "邝志强", "佟海林", "庹丽"]


def test_surname_lexicon_is_the_generators_output_from_published_lists():
    from extractors import build_surnames
    from extractors.lexicon_files import entries

    assert build_surnames.build() == build_surnames.LEXICON.read_text(encoding="utf-8")
    classic, _, compound = build_surnames.jionlp_lists()
    listed = {line.split("\t")[0] for line in entries("surnames.txt")}
    assert set(classic) | set(compound) <= listed  # the whole 百家姓, single and compound
    assert {"朴", "玄", "佟", "纳", "撒", "完颜"} <= listed  # Korean, Manchu and Hui surnames


# -- titles

def test_deputies_to_a_congress_and_members_of_the_cppcc_are_officials():
    assert officials("陕西省人大代表李红梅发言。") == [("李红梅", ["陕西省人大代表"], "610000")]
    assert officials("全国政协委员张志强表示,要加强团结。") == [("张志强", ["全国政协委员"], "100000")]


def test_state_council_ministry_is_a_national_organ():
    assert officials("文化和旅游部副部长王晓峰出席。") == [("王晓峰", ["文化和旅游部副部长"], "100000")]


def test_city_post_next_to_a_national_one_keeps_its_city():
    got = officials("国家民委副主任王强,北京市委常委、统战部部长刘海东出席。")
    assert got == [("王强", ["国家民委副主任"], "100000"), ("刘海东", ["北京市委常委", "统战部部长"], "110000")]


def test_working_group_title_takes_the_organ_of_the_next_title():
    got = officials("调研组组长、国家民委政策法规司司长司马宏文出席。")
    assert got == [("司马宏文", ["调研组组长", "国家民委政策法规司司长"], "100000")]


# -- jurisdiction of a bare title: the article's home division

def test_bare_county_title_takes_the_county_of_the_outlet():
    assert officials("县委书记张伟出席会议并讲话。", source="阿克塞县融媒体中心")[0][2] == "620924"


def test_bare_district_title_takes_the_district_of_the_outlet():
    assert officials("区长王刚致辞。", source="银川市兴庆区民宗局")[0][2] == "640104"


def test_bare_banner_title_takes_the_banner_of_the_headline():
    got = analysed("旗委常委、统战部部长李强主持会议。", title="鄂温克族自治旗召开民族团结进步创建推进会")
    assert [o.jurisdiction for o in extract(got, regions=regions(got))] == ["150724"]


def test_bare_title_takes_the_division_of_the_lead_sentence_when_outlet_and_headline_name_none():
    got = officials("近日,阿坝州汶川县召开民族团结进步创建推进会。县委书记张伟出席会议并讲话,州民宗委主任马明致辞。")
    assert got == [("张伟", ["县委书记"], "513221"), ("马明", ["州民宗委主任"], "513200")]


def test_provincial_bare_title_takes_the_province_of_the_home_division():
    assert officials("省民宗委主任王刚致辞。", source="楚雄州民宗局")[0][2] == "530000"


def test_bare_title_is_undecided_when_two_home_divisions_have_its_level():
    assert officials("日前,兰州市与天水市签订协议。市委书记张伟出席。") == [("张伟", ["市委书记"], None)]
    assert officials("日前,兰州市与临夏州签订协议。市委书记张伟、州委书记李明出席。") == [
        ("张伟", ["市委书记"], "620100"), ("李明", ["州委书记"], "622900")]


def test_title_whose_organ_is_named_earlier_in_the_list_takes_that_division():
    got = officials("大理州委常委、统战部部长杨伟,统战部副部长李刚出席会议。")
    assert got == [("杨伟", ["大理州委常委", "统战部部长"], "532900"), ("李刚", ["统战部副部长"], "532900")]


# -- round 2: names and titles on the development articles' classes

def test_transliterated_name_ends_before_the_possessive():
    got = officials("会上传达了县委书记阿不都·买买提的讲话精神。")
    assert [g[0] for g in got] == ["阿不都·买买提"]


def test_name_ends_before_tong_meaning_with():
    assert officials("州委副书记、州长林海涛同代表团一行座谈。")[0][0] == "林海涛"
    assert officials("统战部部长高文静同市委常委许志明共同揭牌。")[0][0] == "高文静"
    assert officials("县长全程陪同。") == []


def test_name_ends_before_witnessing_and_attending_by_invitation():
    assert officials("省民宗委副主任黄丽清见证签约。")[0][0] == "黄丽清"
    assert officials("州政协副主席朴贤淑应邀出席。")[0][0] == "朴贤淑"


def test_mongolian_and_tibetan_names_without_a_surname_after_a_title():
    got = officials("旗委书记巴图孟和介绍,州委常委、统战部部长才让多杰主持仪式,自治区民委副主任萨仁高娃出席。")
    assert [g[0] for g in got] == ["巴图孟和", "才让多杰", "萨仁高娃"]


def test_five_character_mongolian_name_after_a_title():
    assert officials("市委副书记乌日根达来在会上讲话。")[0][0] == "乌日根达来"


def test_words_after_a_title_are_not_a_surnameless_name():
    assert officials("县委书记高度重视,部长深入基层调研。") == []
    assert officials("州长主持会议并讲话。") == []
    assert officials("书记专门作了部署。") == []


def test_name_ending_in_he_is_not_cut_before_it():
    assert officials("党委常委、统战部部长宝音孟和出席启动仪式。")[0][0] == "宝音孟和"


def test_dai_and_bai_surnames_start_names():
    assert officials("村党总支书记线春花在会上作交流发言。")[0][0] == "线春花"
    assert officials("县委书记字建明主持会议。")[0][0] == "字建明"


def test_given_name_that_is_also_a_verb_stands_in_a_list_of_names():
    got = officials("县领导马振兴、韩丽娟、沈国平,各乡镇党委书记参加。")
    assert [g[0] for g in got] == ["马振兴", "韩丽娟", "沈国平"]


def test_university_professor_is_a_title():
    got = officials("全国政协委员、民族大学教授李文山在交流中说。")
    assert got == [("李文山", ["全国政协委员", "民族大学教授"], "100000")]


def test_title_starts_after_a_conjunction_before_a_division():
    got = officials("并与自治区人大代表、村党支部书记古丽米拉·吐尔洪交流了情况。")
    assert got[0][:2] == ("古丽米拉·吐尔洪", ["自治区人大代表", "村党支部书记"])
    got = officials("福山区民族宗教事务局局长陈志远与西夏区民族宗教事务局局长马立军签订协议。")
    assert [g[1] for g in got] == [["福山区民族宗教事务局局长"], ["西夏区民族宗教事务局局长"]]
    assert officials("文化和旅游部副部长孙立平出席。")[0][1] == ["文化和旅游部副部长"]


def test_title_starts_after_our_county():
    got = officials("会上,我县县委常委、统战部部长欧阳立华介绍了情况。", source="城步新闻网")
    assert got[0][:2] == ("欧阳立华", ["县委常委", "统战部部长"])
    assert officials("我市民宗局局长张强出席。", source="梧州日报") == [("张强", ["市民宗局局长"], "450400")]


def _jurisdictions(body, source=None, title=None):
    a = analysed(body, dt.date(2023, 10, 13), source=source, title=title)
    return [(o.name, o.jurisdiction) for o in extract(a, regions=regions(a))]


def test_bare_title_takes_the_county_an_outlet_names_by_its_short_form():
    got = _jurisdictions("县委书记张伟致辞。", source="凤庆新闻网", title="凤庆县与昌宁县签署民族团结进步共建协议")
    assert got == [("张伟", "530921")]


def test_two_home_counties_narrowed_to_the_one_inside_the_outlets_prefecture():
    got = _jurisdictions("县长李刚介绍情况。", source="白山日报", title="长白县与宽甸县签署协作协议")
    assert got == [("李刚", "220623")]


def test_autonomous_region_title_takes_the_home_province_that_is_an_autonomous_region():
    got = _jurisdictions("自治区民宗委主任王丽出席。", title="深圳百色两市签订合作协议")
    assert got == [("王丽", "450000")]
    # Both home provinces are 省: still undecided.
    assert _jurisdictions("省民宗委主任王丽出席。", title="杭州黔东南两地签订合作协议")[0][1] is None


def test_function_word_surname_before_a_weak_continuation():
    assert officials("县委副书记、县长向丽君向考察团介绍情况。")[0][0] == "向丽君"
    assert officials("书记向各族群众致以问候。") == []
    assert officials("书记在会上说。") == []


def test_transliterated_name_does_not_swallow_a_continuation_before_punctuation():
    assert officials("村党支部书记古丽米拉·吐尔洪交流。")[0][0] == "古丽米拉·吐尔洪"
    assert officials("地委副书记买买提江·阿不来提出席。")[0][0] == "买买提江·阿不来提"


def test_the_left_end_of_a_title_is_what_the_pattern_says():
    # _ends_title_left is a fast form of this pattern, which reads as the rule.
    import random
    import re

    from extractors import officials

    pattern = re.compile("(?:[" + "".join(sorted(officials._TITLE_LEFT_CHARS)) + r"\s]|"
                         + "|".join(officials._TITLE_LEFT_WORDS) + ")$")
    pieces = list(officials._TITLE_LEFT_WORDS) + list(officials._TITLE_LEFT_CHARS) + list("州长县委书记 \n\u3000会见面")
    rng = random.Random(7)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 4)))[-4:]
        assert officials._ends_title_left(text) == bool(pattern.search(text)), text


def _generated(rng, pieces, longest):
    return "".join(rng.choice(pieces) for _ in range(rng.randrange(1, longest)))


def test_position_words_match_as_the_plain_alternation_longest_first():
    # _position_re is written as a tree of shared prefixes (副(?:书记|县长|…)) for speed; the rule
    # reads as the plain alternation, longest word first, and must match the same.
    import random
    import re

    from extractors import officials

    words = officials._positions()
    plain = re.compile("(?:" + "|".join(re.escape(w) for w in words) + ")(?![会团处])")
    pieces = list(words) + list("会团处、,市州县副长委书记员主任") + ["张三", "委员会", "主席团", "书记处"]
    rng = random.Random(11)
    for _ in range(3000):
        text = _generated(rng, pieces, 8)
        assert [m.span() for m in officials._position_re().finditer(text)] == [m.span() for m in plain.finditer(text)], text
        assert officials._ends_with_position(text, 0, len(text)) == text.endswith(words), text


def test_the_shared_prefix_alternation_prefers_the_longest_word():
    import re

    from extractors.officials import _longest_first

    pattern = re.compile(_longest_first(("书记", "副书记", "副书", "副")))
    assert [m.group() for m in pattern.finditer("副书记副书副")] == ["副书记", "副书", "副"]


def _title_start_one_character_at_a_time(body, end):
    # The rule as it reads: walk left from the title's end until what ends a title on the left.
    from extractors import officials as o

    start = end
    while start > 0 and end - start < o._MAX_TITLE and not o._ends_title_left(body[max(0, start - 4):start]):
        if body[start - 1] in o._CONJUNCTIONS and o._opens_with_division(body, start):
            break
        if start >= 2 and o._OWN_DIVISION.match(body, start - 2):
            break
        if body[start - 1] == "我" and body[start] in o._LEVEL_CHARS and not o._OWN_DIVISION.match(body, start - 1):
            break
        start -= 1
    return start


def test_a_title_starts_where_the_walk_one_character_at_a_time_stops():
    # _title_before searches the reversed text for the places the walk could stop at.
    import random

    from extractors import officials

    pieces = (list(officials._TITLE_LEFT_WORDS) + list(officials._TITLE_LEFT_CHARS)
              + ["我县", "我市", "我", "与", "和", "同", "自治区", "楚雄州", "州委", "副书记", "文化和旅游部",
                 "人大代表", "原州区", "民宗局", "局长", " ", "\n", "\u3000"] + list("县市州区旗盟省"))
    rng = random.Random(5)
    for i in range(1500):
        # Every other body ends in a run of characters that stop no walk, longer than a title
        # may be: the walk then ends at its limit, where a word before it may straddle.
        body = _generated(rng, pieces, 30) + "民族团结进步促进" * (6 * (i % 2)) + "书记"
        for end in range(len(body)):
            assert officials._title_before(body, end) == _title_start_one_character_at_a_time(body, end), (body, end)


def test_the_continuation_is_the_strongest_word_starting_there():
    import random

    from extractors import officials as o

    def strongest(text, pos):
        if pos >= len(text) or text[pos] in o._NAME_END:
            return o.COMMON
        strengths = [s for w, s in o._CONTINUATIONS.items() if text.startswith(w, pos)]
        return min(strengths) if strengths else None

    pieces = list(o._CONTINUATIONS) + list("张三李四、,。") + ["率领", "率", "作了"]
    rng = random.Random(3)
    for _ in range(2000):
        text = _generated(rng, pieces, 6)
        for pos in range(len(text) + 1):
            assert o.continuation(text, pos) == strongest(text, pos), (text, pos)


def test_a_title_names_its_organ_when_any_of_the_rules_says_so():
    # _OWN_ORGAN and _NATIONAL_TITLE join the rules' patterns into one search each.
    import random

    from extractors import officials as o

    def national(t):
        return bool(o._NATIONAL_PREFIX.match(t) or o._NATIONAL_POST.match(t) or o._MINISTRY.match(t))

    pieces = ["国家", "民委", "总理", "副总理", "教育部", "审计署", "中国人民银行", "市", "州", "县", "自治区", "委",
              "长", "副", "主任", "大学", "学院", "书记", "行署", "\n"]
    rng = random.Random(9)
    for _ in range(3000):
        t = _generated(rng, pieces, 5)
        assert bool(o._NATIONAL_TITLE.match(t)) == national(t), t
        own = national(t) or o._RELATIVE.match(t) or o._LEVEL_IN_POST.search(t) or o._SCHOOL.search(t)
        assert bool(o._OWN_ORGAN.search(t)) == bool(own), t


def test_a_name_at_the_very_end_of_the_body_reads_as_before_a_full_stop():
    # Found in review: a name ending before a WEAK word at the end of the text raised IndexError.
    assert officials("会议由副县长王在说") == officials("会议由副县长王在说。")


def test_a_place_whose_character_can_open_no_continuation_continues_nothing():
    # The name rules test what follows a candidate against _MAY_CONTINUE before they call continuation().
    import random

    from extractors import officials as o

    pieces = list(o._CONTINUATIONS) + list(o._NAME_END) + list("张三李四王海东和向出率作")
    rng = random.Random(13)
    for _ in range(2000):
        text = _generated(rng, pieces, 6)
        for pos in range(len(text) + 1):
            if text[pos:pos + 1] not in o._MAY_CONTINUE:
                assert o.continuation(text, pos) is None, (text, pos)


def _leading_division_walking_every_row(title_start, regions):
    # The rule as first written: over the rows by start (the article's order among equals), each
    # that starts where the chain has got to extends it.
    lead, pos = None, title_start
    for r in sorted(regions, key=lambda r: r.start):
        if r.start == pos:
            lead, pos = r.adcode, r.end
    return lead


def test_the_divisions_opening_a_title_are_the_chain_a_walk_over_every_row_finds():
    import random

    from extractors import officials as o
    from extractors.records import RegionRow

    rng = random.Random(17)
    for _ in range(3000):
        rows = []
        for k in range(rng.randrange(0, 7)):
            start = rng.randrange(0, 12)
            rows.append(RegionRow("a", f"{k}", "", "", "county", None, start, start + rng.randrange(1, 4)))
        spans = o._spans(rows)
        for title_start in range(14):
            assert o._leading_division(title_start, spans) == _leading_division_walking_every_row(title_start, rows), rows


def test_a_person_whose_titles_name_no_organ_is_left_undecided_as_the_first_title_would_leave_them():
    import random

    from extractors import officials as o
    from extractors.records import RegionRow

    pieces = ["国家", "民委", "总理", "教育部", "市", "州", "县", "自治区", "委", "长", "副", "主任", "大学", "书记",
              "调研组", "组长", "司长", "处长", "二级巡视员"]
    rows = [RegionRow("a", "532300", "楚雄彝族自治州", "楚雄州", "prefecture", "530000", 0, 3)]
    spans = o._spans(rows)
    rng = random.Random(19)
    for _ in range(2000):
        titles = [_generated(rng, pieces, 4) for _ in range(rng.randrange(1, 3))]
        starts = [rng.randrange(0, 3) for _ in titles]
        if not any(s in spans or o._OWN_ORGAN.search(t) for t, s in zip(titles, starts)):
            found = o._Found("张三", titles, starts, 10, 12)
            never = lambda: (_ for _ in ()).throw(AssertionError("no home is needed"))  # noqa: E731
            assert o._person_jurisdiction(found, spans, never) == (o._jurisdiction(titles[0], starts[0], spans, never), False)


def test_names_before_the_top_posts_are_found_in_every_article_that_holds_one():
    # _names_then_posts reads an article only when it holds 总, 主席 or 委员长; the rule reads every one.
    import random

    from extractors import officials as o

    def every_article(body):
        found = []
        for m in o._POST_AFTER_NAME.finditer(body):
            for n in (3, 2):
                s = m.start() - n
                if s >= 0 and o.parse_name(body[s:m.start()] + "出席", 0) == body[s:m.start()]:
                    found.append((body[s:m.start()], m.group(), s))
                    break
        return found

    pieces = list(o._POSTS_AFTER_NAME) + ["习近平", "李克强", "王建国", "张三", "出席", "。", "会议", "总体", "主席团", "委员"]
    rng = random.Random(29)
    for _ in range(2000):
        body = _generated(rng, pieces, 6)
        assert [(f.name, f.titles[0], f.start) for f in o._names_then_posts(body)] == every_article(body), body


def _parse_name_as_first_written(text, pos, need_surname=True, after_title=False):
    # parse_name and its Han-name rule before they were tuned: every candidate's run of Han
    # characters counted by a pattern, continuation() asked at every candidate's end, _plausible
    # asked for every candidate, and the surname looked up by the Han-name rule itself.
    from extractors import officials as o

    def reads(name, cls, compound):
        listed = text[pos + len(name):pos + len(name) + 1] == "、"
        return not o._position_re().search(name) and o._plausible(name, cls, compound, listed)

    def surname_name():
        surnames = o._surnames()
        two = text[pos:pos + 2]
        cls = surnames.get(two) or surnames.get(two[:1])
        compound = len(two) == 2 and two in surnames
        if cls is None:
            if need_surname:
                return None, None
            cls = "plain"
        run = o._HAN.match(text, pos, pos + 4)
        han = run.end() - pos if run else 0
        weak = None
        for n in (3, 4) if compound else (2, 3):
            if n > han:
                break
            strength = o.continuation(text, pos + n)
            if strength is None:
                continue
            name = text[pos:pos + n]
            read = None
            if strength <= o.STRONG and not (n > 2 and name[-1] in o._SPEECH_VERBS):
                read = reads(name, cls, compound)
                if read:
                    return name, None
            if weak is None and (o.continuation(text, pos + n - 1) or o.WEAK) >= o.WEAK:
                if read is None:
                    read = reads(name, cls, compound)
                if read:
                    weak = name
        return None, weak

    if not "\u4e00" <= text[pos:pos + 1] <= "\u9fff":
        return None
    name = o._transliterated_name(text, pos) if text.find("·", pos, pos + 9) >= 0 else None
    if name:
        return name
    name, weak = surname_name()
    if name:
        return name
    if weak and text[pos + len(weak):pos + len(weak) + 1] not in o._NAME_FINAL_WEAK:
        return weak
    return o._long_name(text, pos, need_surname) or (after_title and o._unsurnamed_name(text, pos) or None) or weak


def test_names_are_read_as_the_rules_first_written_read_them():
    import random

    from extractors import officials as o

    surnames = list(o._surnames())
    pieces = (list(o._CONTINUATIONS) + list(o._NAME_END) + ["·", "某", "的", "说", "书记", "主任", "委员会", "全面", "各位",
              "深入基层", "巴特尔", "朝鲁", "扎西", "顿珠", "阿不来提", "买买提", "文华", "海东", "丽君", "维新", "送到"])
    rng = random.Random(23)
    for _ in range(4000):
        text = "".join(rng.choice(surnames) if rng.random() < 0.35 else rng.choice(pieces) for _ in range(rng.randrange(1, 7)))
        for pos in range(len(text)):
            for need_surname, after_title in ((True, True), (True, False), (False, False)):
                assert o.parse_name(text, pos, need_surname, after_title) == \
                    _parse_name_as_first_written(text, pos, need_surname, after_title), (text, pos, need_surname, after_title)


def test_titles_carried_across_commas_are_those_the_rule_first_written_carries():
    # _earlier_titles tests a chunk for its position word once when the chunk is as long as the
    # longest one (the test before the walk read the same characters); the rule tests it twice.
    import random

    from extractors import officials as o

    def as_first_written(body, start):
        titles, starts = [], []
        while start > 0 and body[start - 1] in "、,":
            prev_end = start - 1
            if not o._ends_with_position(body, 0, prev_end):
                break
            prev_start = o._title_before(body, prev_end)
            chunk = body[prev_start:prev_end]
            if (not chunk or not o._ends_with_position(body, prev_start, prev_end)
                    or o.parse_name(body, prev_start) and not o._position_re().match(chunk)):
                break
            titles.insert(0, chunk)
            starts.insert(0, prev_start)
            start = prev_start
        return titles, starts

    pieces = ["州委", "副书记", "书记", "县长", "常委", "统战部", "部长", "一级巡视员", "主任", "委员", "、", ",", "。", "李四",
              "王海东", "会见", "楚雄州", "州人民政府", "州长", "记", "长", "副"]
    rng = random.Random(31)
    for _ in range(1500):
        body = _generated(rng, pieces, 10)
        for start in range(len(body) + 1):
            assert o._earlier_titles(body, start) == as_first_written(body, start), (body, start)
