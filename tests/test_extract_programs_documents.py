from extract_helpers import analysed

from extractors.documents import extract as documents
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
