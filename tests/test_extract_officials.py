import datetime as dt

from extract_helpers import analysed

from extractors.officials import extract
from extractors.regions import extract as regions
from pipeline.records import Byline


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
