import datetime as dt

from extract_helpers import analysed
from hypothesis import strategies as st
from hypothesis import example, given, settings

from extractors import dates
from pipeline import fuzz
from extractors.dates import extract


def values(body, published=None):
    return [(r.value, r.kind) for r in extract(analysed(body, published))]


def test_month_day_takes_the_publication_year():
    assert values("10月12日,会议在楚雄召开。", dt.date(2023, 10, 13)) == [("2023-10-12", "day")]


def test_december_date_in_a_january_article_is_the_previous_year():
    got = values("12月28日签署协议,1月3日启动。", dt.date(2024, 1, 5))
    assert got == [("2023-12-28", "day"), ("2024-01-03", "day")]


def test_month_day_without_any_year_stays_partial():
    assert values("11月17日,市委召开会议。") == [("--11-17", "day")]


def test_full_dates_in_arabic_and_chinese_numerals():
    got = values("2023年10月12日和二〇二三年十二月二十日,以及2023-08-26。")
    assert got == [("2023-10-12", "day"), ("2023-12-20", "day"), ("2023-08-26", "day")]


def test_year_and_spans():
    got = values("印发《实施方案(2016-2020年)》,仅2019年投入资金,规划2021—2025年。")
    assert got == [("2016/2020", "span"), ("2019", "year"), ("2021/2025", "span")]


def test_day_span_within_one_month():
    assert values("7月15日至21日,研学营在凯里举行。", dt.date(2024, 7, 25)) == [("2024-07-15/2024-07-21", "span")]


def test_part_of_a_month_is_a_month():
    assert values("2023年8月中旬,调研组赴甘南。") == [("2023-08", "month")]


def test_document_numbers_plans_counts_and_phones_are_not_dates():
    body = "根据国办发〔2007〕14号文件,落实十四五规划,近年来传承2000多年的文化,电话0931-8123456。"
    assert values(body, dt.date(2023, 5, 1)) == []


def test_offsets_point_into_the_body():
    body = "会上,8月16日签订协议。"
    row = extract(analysed(body, dt.date(2023, 8, 26)))[0]
    assert body[row.start:row.end] == "8月16日" == row.text


# Years from the article (issue 12, class 1): no publication date printed.

def test_undated_article_month_day_takes_the_year_of_its_own_clause():
    assert values("2021年全州民族工作会议于4月9日在州府召开。") == [("2021", "year"), ("2021-04-09", "day")]


def test_undated_article_month_day_takes_the_nearest_earlier_narrative_year():
    body = "2022年11月,县里启动结对共建。\n会后各乡镇分头落实。\n3月2日,考察组抵达。"
    assert values(body) == [("2022-11", "month"), ("2022-03-02", "day")]


def test_year_of_a_since_phrase_is_no_anchor_for_a_later_month_day():
    body = "主任指出,2019年某县被命名为示范县以来,各项工作稳步推进。\n10月8日,与会人员观摩了社区建设。"
    assert values(body) == [("2019", "year"), ("--10-08", "day")]


def test_years_of_start_points_deadlines_and_cited_titles_are_no_anchors():
    body = "自2020年起实施帮扶。确保2027年底前完成任务。\n《2021年民族工作要点》印发后,5月11日推进会召开。"
    assert values(body) == [("2020", "year"), ("2027", "year"), ("2021", "year"), ("--05-11", "day")]


def test_publication_date_still_wins_over_an_earlier_paragraphs_year():
    body = "2019年,县里建成展馆。\n9月3日,交流活动启动。"
    assert values(body, dt.date(2024, 9, 5)) == [("2019", "year"), ("2024-09-03", "day")]


def test_bare_day_after_a_month_context_is_that_months_day():
    body = "6月17日至21日,考察团赴江浙学习。19日,双方在杭州座谈。"
    assert values(body, dt.date(2024, 6, 25)) == [("2024-06-17/2024-06-21", "span"), ("2024-06-19", "day")]


def test_bare_day_with_part_of_day_and_year_from_the_narrative():
    body = "2020年8月11日至12日,调研组来州调研。\n12日下午,调研组召开座谈会。"
    assert values(body) == [("2020-08-11/2020-08-12", "span"), ("2020-08-12", "day")]


def test_bare_day_before_its_month_context_or_as_a_duration_is_not_a_date():
    body = "7月20日召开会议,要求30日内完成整改,每月15日报送进度。5日,各组出发。"
    assert values(body, dt.date(2024, 7, 22)) == [("2024-07-20", "day")]


def test_day_span_takes_its_year_from_the_narrative():
    assert values("2018年,夏令营开营。\n8月3日-9日,营员走访三地。") == [
        ("2018", "year"), ("2018-08-03/2018-08-09", "span")]


def test_month_relative_to_the_publication_year():
    got = values("今年1月,两地联合举办冬令营。去年12月20日签约。", dt.date(2024, 5, 8))
    assert got == [("2024-01", "month"), ("2023-12-20", "day")]


def test_february_29_of_a_common_year_is_never_produced():
    assert values("2023年,展馆开放。\n2月29日,活动举行。") == [("2023", "year"), ("--02-29", "day")]


def test_end_year_of_a_span_and_relative_days_are_no_context():
    body = "2021—2025年,全县每年举办交流活动。\n6月8日,活动启动。3日后,营员返程。"
    assert values(body) == [("2021/2025", "span"), ("--06-08", "day")]


def test_bare_day_after_a_span_into_the_new_year_takes_the_end_month_and_year():
    body = "12月28日至1月3日,考察团赴边境县。2日,双方座谈。"
    assert values(body, dt.date(2024, 1, 5)) == [("2023-12-28/2024-01-03", "span"), ("2024-01-02", "day")]


def test_bare_month_after_yu_or_a_clause_start_takes_the_year_of_its_sentence():
    body = "7月7日,联盟成立。今年,联盟将在两县推行双语教学,并于10月联合举办文化节。珠海将在9月前建成服务驿站。"
    assert values(body, dt.date(2023, 7, 8)) == [("2023-07-07", "day"), ("2023-10", "month"), ("2023-09", "month")]


def test_planned_month_later_in_the_year_is_not_last_years():
    assert values("两地将于11月联合举办宣传周。", dt.date(2023, 7, 20)) == [("2023-11", "month")]


def test_span_of_months_and_a_later_month_take_the_year_word_of_the_sentence():
    body = "根据安排,今年4月至6月,全县将开展宣传月活动,9月举办邻里节。"
    assert values(body, dt.date(2025, 3, 14)) == [("2025-04/2025-06", "span"), ("2025-09", "month")]


def test_part_of_a_month_after_a_year_word_is_that_years_month():
    assert values("今年3月下旬启动的创建行动已覆盖全县。今年7月中旬,夏令营将开营。", dt.date(2024, 4, 12)) == [
        ("2024-03", "month"), ("2024-07", "month")]


def test_every_years_day_keeps_no_year():
    assert values("把每年9月3日自治州成立纪念日前后作为集中宣传期。", dt.date(2016, 4, 12)) == [("--09-03", "day")]


def test_bare_day_after_a_planned_period_belongs_to_the_narratives_month():
    body = "5月6日,宣传月启动。宣传月期间(5月6日至6月5日),全县将举办系列活动。\n8日,县民宗局组织参观;10日,夏令营开营。"
    got = values(body, dt.date(2024, 5, 12))
    assert got[-2:] == [("2024-05-08", "day"), ("2024-05-10", "day")]


def test_bare_months_inside_numbers_names_or_counts_are_not_dates():
    assert values("第3月刊发,共10个月,三月三歌节,每年9月开学。", dt.date(2024, 5, 12)) == []


def test_a_since_phrase_of_last_year_does_not_date_a_later_month_day():
    assert values("去年以来全县累计开展活动30场,3月5日又召开推进会。", dt.date(2024, 3, 8)) == [("2024-03-05", "day")]


def test_bare_day_after_an_event_day_whose_sentence_plans_a_later_month():
    body = "11月3日,三方在凯里市签署协议,并将于12月举办交流活动。\n5日,代表团返回。"
    assert values(body, dt.date(2023, 11, 6))[-1] == ("2023-11-05", "day")


def test_a_span_that_would_start_before_year_one_stays_partial():
    # Found by minzu fuzz: a span running back over the year's end in an article dated 0001-01-01.
    assert ("--04-01/--01-01", "span") in values("会议于4月1日至1月1日举行。", dt.date(1, 1, 1))


@settings(max_examples=800, deadline=None)
@given(fuzz.chinese_text(max_fragments=12))  # dates of every shape among Chinese text
def test_date_scans_told_their_first_characters_match_the_same_as_without(text):
    from extractors import programs
    from extractors.patterns import plain

    for pattern in [p for _, p in dates._PATTERNS] + [dates._YEAR_EXPR, programs._DEMO]:
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain(pattern).finditer(text)], pattern.pattern


# Dates of every shape with spaces inside them, and near misses: 2024 年 4 月至 6 月, 2016～2020年,
# 去年12月, 〔2019〕3号: numbers, each with a unit or none, some joined by a span's connector.
_SPACE = st.sampled_from(["", "", "", " ", "　", "\n"])


@st.composite
def _date_like(draw) -> str:
    out = [draw(st.sampled_from(["", "", "今年", "去年", "明年", "每年", "于", "第", "〔", "【"]))]
    for _ in range(draw(st.integers(1, 4))):
        out.append(draw(st.sampled_from(["2024", "1998", "2016", "二〇二三", "一九九八", "4", "04", "12", "十", "十二",
                                         "1", "3", "15", "31", "二十八"])))
        out += [draw(_SPACE), draw(st.sampled_from(["年", "月", "日", "号", ""])), draw(_SPACE)]
        out.append(draw(st.sampled_from(["", "", "至", "到", "-", "—", "~", "～", "/", "."])))
    return "".join(out)


@st.composite
def _date(draw) -> str:
    """A date of one of the shapes the rules read, spaces anywhere: 今年 2024 年 4 月 15 日至 5 月 2 日."""
    sp, opt = (lambda: draw(_SPACE)), (lambda text: text if draw(st.booleans()) else "")
    year = draw(st.sampled_from(["2024", "1998", "二〇二三", "一九九八"])) + sp() + "年" + sp()
    out = opt(draw(st.sampled_from(["今年", "去年", "明年", "每年"]))) + opt(year)
    out += draw(st.sampled_from(["4", "04", "12", "十", "十二"])) + sp() + "月" + sp()
    out += opt(draw(st.sampled_from(["15", "3", "31", "二十八"])) + sp() + draw(st.sampled_from(["日", "号"])))
    if draw(st.booleans()):
        out += sp() + draw(st.sampled_from(["至", "到", "-", "—", "~", "～"])) + sp()
        out += opt(draw(st.sampled_from(["5", "11"])) + sp() + "月" + sp())
        out += draw(st.sampled_from(["2", "21"])) + sp() + draw(st.sampled_from(["日", "号", "月"]))
    return out


_DATE_PIECES = st.one_of(_date(), _date_like(), st.sampled_from(["上旬", "底", "份", "以来", "代", "度", "〕", ",", "。", "民族团结",
                                                                "٢", "2023-10-12", "2023.1.5", "2019/12/3"]))


@settings(max_examples=2000, deadline=None)
@given(st.lists(_DATE_PIECES, max_size=6).map("".join))
@example("今年4月至6月,2024年7月15日至21日,2016～2020年,会议于 4 月 12 日在二〇二三年十月召开,19日")
@example("2023-10-12 2023.1.5-2019/12/3 20٢3-1-1 1.2019-1-1")
def test_date_scans_found_from_their_anchor_match_the_same_as_a_full_scan(text):
    from extractors.patterns import Anchored, Guarded, plain

    scans = [p for _, p in dates._PATTERNS] + [dates._YEAR_EXPR, dates._BARE_DAY]
    assert sum(isinstance(p.pattern if isinstance(p, Guarded) else p, Anchored) for p in scans) >= 10
    for pattern in scans:
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain(pattern).finditer(text)], text


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(list(",，;；:：。!?！？\n") + ["年", " ", "民族团结进步示范区"] * 3), max_size=40).map("".join),
       st.integers(0, 200))
def test_a_clause_begins_after_the_last_clause_mark_before_it(body, offset):
    # The walk back over a short clause, and the search for each mark over a long one, find
    # what a search for each mark over all the text before finds.
    offset = min(offset, len(body))
    assert dates._clause_start(body, offset) == max(body.rfind(c, 0, offset) for c in dates._CLAUSE_MARKS) + 1
