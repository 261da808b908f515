import datetime as dt

from extract_helpers import analysed

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
