"""The patterns real sites print around an article, one class at a time (issue 11's list).

Each test builds a small page the way a kind of site prints it (invented names and
outlets) and checks what a researcher relies on: the body holds the article and
nothing else, and the headline, date, source and bylines are read from the chrome.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import LAST, LEAD, MIDDLE, clean_html, clean_text, html_page, paragraphs
from pipeline.clean.normalize import strip_pinyin
from pipeline.clean.roles import Role, classify
from extractors.records import Byline

TITLE = "全州民族团结进步创建工作推进会召开"


def page(*before: str, after: tuple[str, ...] = (), middle: tuple[str, ...] = (MIDDLE,), last: str = LAST) -> str:
    """A scraped text page: headline, the lines under test, the article, what follows it."""
    return "\n".join([TITLE, *before, LEAD, *middle, last, *after])


def names(article) -> set[str]:
    return {b.name for b in article.bylines}


# --- 1. dates in page chrome -----------------------------------------------------------------


@pytest.mark.parametrize(
    "chrome, expected",
    [
        ("2024 05/24 15:42:42  来源:新华网", dt.date(2024, 5, 24)),  # year, then month/day
        ("发布时间:2025年03月14日 08:12:30", dt.date(2025, 3, 14)),
        ("28.07.2016  16:35 来源:县政府办", dt.date(2016, 7, 28)),  # day-first: 28 is no month
        ("发布时间:12.04.2016 09:30 | 28.03.2016", dt.date(2016, 4, 12)),  # order from the other date
    ],
)
def test_chrome_date_forms_give_the_publication_date(chrome, expected):
    assert clean_text(page(chrome)).published == expected


def test_an_ambiguous_day_first_date_is_not_guessed():
    # 05.06.2019 is 5 June or 6 May; nothing on the page decides, so no date.
    assert clean_text(page("05.06.2019 10:00 来源:县委宣传部")).published is None


def test_an_ambiguous_day_first_date_is_read_by_the_event_it_reports():
    # The lead reports a meeting of 4月11日: 12.04.2016 is the 12th of April.
    lead = "4月11日,全州民族团结进步创建工作推进会在州府召开,各县市民族宗教部门负责人参加会议。"
    text = "\n".join([TITLE, "12.04.2016 09:30 来源:团结报", lead, MIDDLE, LAST])
    assert clean_text(text).published == dt.date(2016, 4, 12)


def test_a_dateline_month_day_takes_its_year_from_the_chrome():
    text = "\n".join([TITLE, "2024年 来源:新华网", "新华网兰州6月3日电(记者 周明)" + LEAD, MIDDLE, LAST])
    article = clean_text(text)
    assert article.published == dt.date(2024, 6, 3)
    assert article.body.startswith(LEAD)


def test_a_date_later_than_the_fetch_is_no_publication_date():
    from pipeline.process import clean
    from pipeline.records import RawPage
    from pipeline.settings import Settings

    raw = RawPage("a.txt", page("发布时间:2031-01-05").encode(), "text", fetched_at=dt.datetime(2024, 1, 1))
    assert clean(raw, Settings()).published is None


# --- 2. source -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, source",
    [
        ("本文来源: 市民族宗教事务局", "市民族宗教事务局"),
        ("来源:【县融媒体中心】", "县融媒体中心"),  # stray brackets
        ("来源:人民网-时政频道", "人民网"),  # a channel glued to the outlet
        ("来源: 浏览次数:1386", None),  # an empty field followed by another label
        ("稿源:州民宗委", "州民宗委"),
        ("转自:团结报", "团结报"),
        ("来源丨县融媒体中心", "县融媒体中心"),
        ("来源:新华社 【大 中 小】", "新华社"),
    ],
)
def test_source_is_the_outlet_alone(line, source):
    assert clean_text(page(line)).source == source


def test_a_lead_in_names_the_outlet_and_is_not_body():
    text = "\n".join([TITLE, "陇南新闻网·陇南发布客户端讯 " + LEAD, MIDDLE, LAST])
    article = clean_text(text)
    assert article.source == "陇南新闻网"
    assert article.body.startswith(LEAD)


def test_an_outlet_with_a_date_glued_on_is_the_outlet_alone():
    text = "\n".join([TITLE, "昌都统战网11月25日(通讯员 扎西)" + LEAD, MIDDLE, LAST])
    article = clean_text(text)
    assert (article.source, article.body[:10]) == ("昌都统战网", LEAD[:10])
    assert "扎西" in names(article)


def test_on_a_page_saying_only_benwangxun_the_source_is_the_footer_site_name():
    text = "\n".join([TITLE, "本网讯 " + LEAD, MIDDLE, LAST, "宁洱县人民政府网 版权所有 主办:县政府办公室"])
    assert clean_text(text).source == "宁洱县人民政府网"


def test_a_footer_site_name_without_benwangxun_is_no_source():
    assert clean_text(page(after=("宁洱县人民政府网 版权所有",))).source is None


def test_a_source_field_in_the_closing_credits():
    text = page(after=("(来源:县委统战部 编辑:李强 编审:张敏 终审:赵刚)",))
    article = clean_text(text)
    assert article.source == "县委统战部"
    assert {"李强", "张敏", "赵刚"} <= names(article)


# --- 3. credits at the end are bylines, not body ----------------------------------------------


@pytest.mark.parametrize(
    "closing, expected",
    [
        ("(陈立新 马晓云)", {"陈立新", "马晓云"}),
        ("(供稿:王芳)", {"王芳"}),
    ],
)
def test_credits_closing_the_last_paragraph_are_bylines(closing, expected):
    article = clean_text(page(last=LAST + closing))
    assert article.body.endswith(LAST)
    assert expected <= names(article)


@pytest.mark.parametrize(
    "line, expected",
    [
        ("文/图 刘洋", {"刘洋"}),
        ("记者 周明 通讯员 韩雪", {"周明", "韩雪"}),
        ("文 |《草原》周刊记者 孙磊", {"孙磊"}),
        ("口王丽", {"王丽"}),  # a bullet glyph the scraper turned into 口
        ("张峰/文 李可/图", {"张峰", "李可"}),  # the name before its role
        ("本报记者 王明 实习生 赵小雨", {"王明", "赵小雨"}),
        ("撰文/韩梅 摄影/朴哲", {"韩梅", "朴哲"}),
        ("(本版编辑 赵雪松 校对 黄凌云)", {"赵雪松", "黄凌云"}),
    ],
)
def test_credit_lines_are_bylines_above_or_below_the_article(line, expected):
    for text in (page(line), page(after=(line,))):
        article = clean_text(text)
        assert expected <= names(article)
        assert line not in article.body


def test_credits_in_brackets_opening_the_first_paragraph_are_bylines():
    article = clean_text("\n".join([TITLE, "(记者 周明 通讯员 韩雪)" + LEAD, MIDDLE, LAST]))
    assert article.body.startswith(LEAD)
    assert {Byline("周明", "记者"), Byline("韩雪", "通讯员")} <= set(article.bylines)


def test_an_editor_line_among_the_chrome_under_the_article_is_a_byline():
    article = clean_text(page(after=("【纠错】 【责任编辑:段宁】", "转载目的在于传递更多信息,并不代表本网赞同其观点。")))
    assert "段宁" in names(article)


def test_a_caption_label_is_no_photographer():
    assert clean_text(page(middle=("图:签约现场", MIDDLE))).bylines == []


def test_an_editor_chain_gives_each_editor():
    article = clean_text(page(after=("责任编辑:李强", "编审:张敏 终审:赵刚")))
    assert {Byline("李强", "编辑"), Byline("张敏", "编辑"), Byline("赵刚", "编辑")} <= set(article.bylines)


def test_words_that_begin_with_a_role_character_are_no_credit():
    assert classify("文化交流活动") is not Role.CREDIT
    assert classify("图书馆开放") is not Role.CREDIT
    assert classify("(全文完)") is not Role.CREDIT


# --- 4. captions and photo lines ----------------------------------------------------------------


@pytest.mark.parametrize(
    "caption",
    ["图为座谈会现场。县委宣传部供图", "活动现场", "与会人员合影", "![](https://img.example.cn/2024/a.jpg)",
     "▲与会人员参观展馆", "【图】与会人员参观展馆", "图:签约现场", "图1 座谈会现场"],
)
def test_captions_and_photo_lines_are_neither_body_nor_title(caption):
    article = clean_text("\n".join([caption, TITLE, "来源:县融媒体中心", LEAD, caption, MIDDLE, LAST]))
    assert caption not in article.body and "example.cn" not in article.body
    assert article.title == TITLE


def test_a_short_line_under_an_image_in_html_is_a_caption():
    body = (f"<h1>{TITLE}</h1><div class='article'><p>{LEAD}</p><p style='text-align:center'>"
            "<img src='/a.jpg'></p><p style='text-align:center'>结对共建协议签约</p>"
            f"<p>{MIDDLE}</p><p>{LAST}</p></div>")
    article = clean_html(html_page(body))
    assert "结对共建协议签约" not in article.body
    assert MIDDLE in article.body


def test_a_subheading_between_paragraphs_stays():
    article = clean_text(page(middle=("坚持党建引领", MIDDLE)))
    assert "坚持党建引领" in article.body


# --- 5. disclaimers and reprint notices -----------------------------------------------------------


@pytest.mark.parametrize(
    "notice",
    [
        "凡本网注明“来源:草原日报”的所有作品,版权均属于草原日报,转载请注明出处。",
        "转载目的在于传递更多信息,并不代表本网赞同其观点和对其真实性负责。",
        "本文仅代表作者观点,不代表本站立场。",
    ],
)
def test_disclaimers_end_the_article(notice):
    article = clean_text(page(after=(notice, "这一段在声明之后,即使读起来像正文,也不属于本文的内容。")))
    assert article.body.endswith(LAST)
    assert article.source is None  # the 来源 inside a notice names no source


# --- 6. debris before the article ---------------------------------------------------------------


def test_an_unrelated_headline_repeated_for_search_engines_is_not_the_title():
    seo = "边境口岸书社正式开放 边民可免费借阅"
    article = clean_text("\n".join([seo, seo, seo, "团结新闻正文", TITLE, "来源:团结报", LEAD, MIDDLE, LAST]))
    assert article.title == TITLE
    assert seo not in article.body


def test_a_channel_path_and_a_page_heading_are_chrome():
    assert classify("网站首页 > 新闻 > 原创") is Role.CHROME
    assert classify("团结新闻正文") is Role.CHROME
    assert classify("新闻详情") is Role.CHROME
    assert clean_text(page()).title == TITLE


def test_a_headline_repeated_above_a_speech_is_still_the_title():
    speech = "在全县民族团结进步示范县创建推进会上的讲话"
    text = "\n".join([speech, "发表时间:2025/10/13 8:09:00", speech, "县委书记 吉克拉哈", "(二〇二四年四月十六日)",
                      "同志们:", LEAD, MIDDLE, LAST])
    article = clean_text(text)
    assert article.title == speech
    assert "吉克拉哈" in names(article)


# --- 7. pinyin without tone marks ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("本(ben)报讯", "本报讯"),
        ("日(ri)前(qian),", "日前,"),
        ("《民族团结进步示范(fan)区建设方案》", "《民族团结进步示范区建设方案》"),
        ("旅(lv)游", "旅游"),
        ("會(hui4)議", "會議"),
    ],
)
def test_toneless_pinyin_after_its_character_is_removed(text, expected):
    assert strip_pinyin(text) == expected


@pytest.mark.parametrize("text", ["联合国教科文组织(UNESCO)", "重点项目(A类)管理", "县(A)级", "13省(区、市)"])
def test_letters_that_are_no_reading_of_the_character_stay(text):
    assert strip_pinyin(text) == text


# --- 8. HTML publication dates --------------------------------------------------------------------


ARTICLE = f"<h1>{TITLE}</h1><div class='content'>{paragraphs(LEAD, MIDDLE, LAST)}</div>"


@pytest.mark.parametrize(
    "head, expected",
    [
        ('<meta property="article:published_time" content="2021-03-15T08:00:00+08:00">', dt.date(2021, 3, 15)),
        ('<meta name="PubDate" content="2022-06-01 10:00">', dt.date(2022, 6, 1)),
        ('<meta name="publishdate" content="2023-02-03">', dt.date(2023, 2, 3)),
        ('<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", '
         '"datePublished": "2020-11-02T09:00:00+08:00", "dateModified": "2021-01-01"}]}</script>', dt.date(2020, 11, 2)),
        ('<link rel="canonical" href="https://www.example.cn/xw/202103/t20210315_4521.html">', dt.date(2021, 3, 15)),
        ('<meta property="og:url" content="https://www.example.cn/2021/0315/c1001-123.html">', dt.date(2021, 3, 15)),
    ],
)
def test_html_publication_date_from_meta_json_ld_and_url(head, expected):
    assert clean_html(html_page(ARTICLE, head=head)).published == expected


def test_a_broken_json_ld_block_costs_nothing():
    head = '<script type="application/ld+json">{"datePublished": </script><meta name="pubdate" content="2022-06-01">'
    assert clean_html(html_page(ARTICLE, head=head)).published == dt.date(2022, 6, 1)


def test_a_time_element_under_the_headline_dates_the_page_and_a_list_entry_does_not():
    body = (f"<h1>{TITLE}</h1><div class='meta'><time datetime='2024-03-15T09:30:00+08:00'>03-15 09:30</time></div>"
            f"<div class='content'>{paragraphs(LEAD, MIDDLE, LAST)}</div>")
    assert clean_html(html_page(body)).published == dt.date(2024, 3, 15)
    listed = (f"<h1>{TITLE}</h1><div class='content'>{paragraphs(LEAD, MIDDLE, LAST)}</div>"
              "<ul><li><a href='/a/1'>另一篇文章</a><time datetime='2024-03-10'>03-10</time></li></ul>")
    assert clean_html(html_page(listed)).published is None


def test_the_headline_is_the_part_of_the_title_tag_the_page_prints():
    body = f"<table><tr><td><b>{TITLE}</b></td></tr><tr><td>{paragraphs(LEAD, MIDDLE, LAST)}</td></tr></table>"
    assert clean_html(html_page(body, title="莫力达瓦达斡尔族自治旗人民政府--" + TITLE)).title == TITLE


def test_a_site_name_leading_the_title_tag_is_dropped():
    body = f"<div>{paragraphs(LEAD, MIDDLE, LAST)}</div>"
    assert clean_html(html_page(body, title="某某县人民政府--" + TITLE)).title == TITLE


def test_credits_and_source_after_a_list_of_earlier_posts():
    after = ("往期推荐", "威宁:草海边开出民族团结之花", "毕节市召开民族团结进步示范市创建推进会",
             "文丨尚美玲 管文清", "编辑丨龙雪", "来源丨乌蒙发布", "声明:本文转自乌蒙发布,如有侵权请联系删除。")
    article = clean_text(page(after=after))
    assert article.source == "乌蒙发布"
    assert {"尚美玲", "管文清", "龙雪"} <= names(article)


def test_a_paper_edition_line_under_the_headline_is_not_the_title_but_names_the_paper():
    text = "\n".join([TITLE, "草原日报 2024年09月03日 第02版:综合新闻", "本报讯 " + LEAD, MIDDLE, LAST])
    article = clean_text(text)
    assert (article.title, article.source) == (TITLE, "草原日报")
