import datetime as dt

from extract_helpers import analysed

from extractors.agreements import extract
from extractors.dates import extract as dates


def agreements(body, published=dt.date(2023, 10, 13)):
    a = analysed(body, published)
    return [(r.title, r.kind, list(r.parties), r.date) for r in extract(a, dates=dates(a))]


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
