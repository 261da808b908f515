"""Merging NER spans with the rule rows (extractors/ner_merge.py), with spans given by hand:
the rules a HanLP model's output goes through, whatever the model."""

from __future__ import annotations

from extractors import run_all
from extractors.analysis import analyse
from extractors.ner_merge import Span, merge
from extractors.records import Article, Extraction, OfficialRow

BODY = ("3月4日,黔东南州与杭州市签署“三项计划”跨区域协作框架协议。州民宗委主任禤明介绍了有关情况,"
        "州委书记李强出席并讲话。来自凯里的学生代表吴晓红发言。")


def _article(body: str = BODY) -> Article:
    return Article("a1", "a1.txt", None, None, "黔东南日报", [], "simplified", False, body, body, "", "", "utf-8", "text")


def _span(text: str, kind: str, body: str = BODY, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = body.index(text, start + 1)
    return Span(text, kind, start, start + len(text))


def _merged(*spans: Span, body: str = BODY):
    article = _article(body)
    rules = run_all(article)
    return rules, merge(analyse(article), rules, list(spans))


def test_without_a_backend_every_row_comes_from_the_rules():
    rules = run_all(_article())
    rows = [*rules.officials, *rules.regions, *rules.agreements, *rules.dates, *rules.programs]
    assert rows and {r.source for r in rows} == {"rules"}
    assert rules.persons == []


def test_a_person_after_a_lexicon_title_becomes_an_official_with_that_title():
    rules, merged = _merged(_span("禤明", "PERSON"))
    assert "禤明" not in {o.name for o in rules.officials}  # a surname the lexicon lacks
    official = next(o for o in merged.officials if o.name == "禤明")
    assert official.titles == ("州民宗委主任",) and official.source == "hanlp"
    assert official.jurisdiction == "522600"  # 州 of the article's home, 黔东南州
    assert BODY[official.start:official.end] == "禤明"


def test_a_person_the_rules_found_is_marked_as_found_by_both():
    _, merged = _merged(_span("李强", "PERSON"))
    assert [o.source for o in merged.officials if o.name == "李强"] == ["both"]


def test_a_person_with_no_position_goes_to_persons_never_to_officials():
    _, merged = _merged(_span("吴晓红", "PERSON"))
    assert "吴晓红" not in {o.name for o in merged.officials}
    person = merged.persons[0]
    assert (person.name, person.source, BODY[person.start:person.end]) == ("吴晓红", "hanlp", "吴晓红")
    assert person.sentence.startswith("来自凯里的学生代表吴晓红发言")


def test_a_location_the_gazetteer_resolves_is_added_and_one_the_rules_had_is_confirmed():
    rules, merged = _merged(_span("凯里", "LOCATION"), _span("杭州市", "LOCATION"))
    assert not any(r.surface == "凯里" for r in rules.regions)  # a county's short form: the rules pass
    added = [r for r in merged.regions if r.source == "hanlp"]
    assert [(r.surface, r.adcode, r.level) for r in added] == [("凯里", "522601", "county")]
    assert BODY[added[0].start:added[0].end] == "凯里"
    assert {r.source for r in merged.regions if r.surface == "杭州市"} == {"both"}


def test_a_location_that_is_not_exactly_a_division_adds_nothing():
    body = "代表团参观了凯里古城和苗岭风光。"
    _, merged = _merged(_span("凯里古城", "LOCATION", body), _span("苗岭", "LOCATION", body), body=body)
    assert [r for r in merged.regions if r.source == "hanlp"] == []


def test_an_organisation_widens_an_agreement_party_it_ends_with():
    body = "5月8日,州民宗委与杭州市民宗局签订合作协议。"
    rules, merged = _merged(_span("黔东南州民宗委", "ORGANIZATION", body + "黔东南州民宗委"), body=body)
    # the span above lies outside the body text it claims: it is dropped, nothing changes
    assert merged.agreements == rules.agreements
    body = "5月8日,黔东南州民宗委与杭州市民宗局签订合作协议。"
    rules, merged = _merged(_span("杭州市民宗局", "ORGANIZATION", body), body=body)
    assert rules.agreements and merged.agreements[0].source == "both"
    assert merged.agreements[0].parties == rules.agreements[0].parties


def test_an_organ_before_an_official_without_a_jurisdiction_gives_it_one():
    body = "会上,宁夏回族自治区民族事务委员会主任马伟讲话。"
    analysis = analyse(_article(body))
    start = body.index("马伟")
    # an official the rules left without a jurisdiction (given here, so the test does not
    # depend on how far the rules get on this sentence)
    rules = Extraction(officials=[OfficialRow("a1", "马伟", ("主任",), None, start, start + 2, body)])
    merged = merge(analysis, rules, [_span("宁夏回族自治区民族事务委员会", "ORGANIZATION", body)])
    assert (merged.officials[0].jurisdiction, merged.officials[0].source) == ("640000", "both")
    # an organ separated from the name by punctuation is another clause's: nothing changes
    body = "宁夏回族自治区民族事务委员会,主任马伟讲话。"
    start = body.index("马伟")
    rules = Extraction(officials=[OfficialRow("a1", "马伟", ("主任",), None, start, start + 2, body)])
    merged = merge(analyse(_article(body)), rules, [_span("宁夏回族自治区民族事务委员会", "ORGANIZATION", body)])
    assert merged.officials[0].jurisdiction is None and merged.officials[0].source == "rules"


def test_a_span_whose_offsets_do_not_hold_its_text_is_dropped():
    wrong = Span("禤明", "PERSON", 0, 2)
    _, merged = _merged(wrong)
    assert "禤明" not in {o.name for o in merged.officials} and merged.persons == []


def test_a_person_takes_every_title_carried_before_the_name():
    body = "会议由楚雄州委副书记、州长禤明主持。"
    _, merged = _merged(_span("禤明", "PERSON", body), body=body)
    official = next(o for o in merged.officials if o.name == "禤明")
    assert official.titles == ("楚雄州委副书记", "州长") and official.jurisdiction == "532300"


def test_a_titled_later_mention_wins_over_an_untitled_first_one():
    body = "学生代表禤明发言。随后,州民宗委主任禤明介绍了情况。"
    _, merged = _merged(_span("禤明", "PERSON", body), _span("禤明", "PERSON", body, nth=1), body=body)
    assert [o.titles for o in merged.officials if o.name == "禤明"] == [("州民宗委主任",)]
    assert merged.persons == []


def test_a_school_post_keeps_its_null_jurisdiction():
    body = "云南民族大学校长马伟讲话。"
    start = body.index("马伟")
    rules = Extraction(officials=[OfficialRow("a1", "马伟", ("云南民族大学校长",), None, start, start + 2, body)])
    merged = merge(analyse(_article(body)), rules, [_span("云南民族大学", "ORGANIZATION", body)])
    assert merged.officials[0].jurisdiction is None


def test_a_backend_failing_on_an_article_leaves_its_rule_rows_and_says_so():
    def broken(analysis):
        raise RuntimeError("CUDA out of memory")

    rules = run_all(_article())
    out = run_all(_article(), recognise=broken)
    assert out.officials == rules.officials and out.regions == rules.regions
    assert out.ner_error == "RuntimeError: CUDA out of memory"
