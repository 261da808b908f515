"""Headline, publication date, source and bylines of small pages, through `pipeline.process.clean`."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import LAST, LEAD, MIDDLE, clean_html, clean_text, fixture_path, html_page, paragraphs
from extractors.records import Byline

TITLE = "全州民族团结进步创建工作推进会召开"
ARTICLE = f'<div class="content">{paragraphs(LEAD, MIDDLE, LAST)}</div>'


def news_page(info: str = "", title_tag: str = TITLE + "_楚雄州民宗委", h1: bool = True, after: str = "") -> str:
    """A page with a breadcrumb, the headline, one line of metadata and the article."""
    crumb = '<div class="crumb">当前位置:<a href="/">首页</a> &gt; 工作动态</div>'
    heading = f"<h1>{TITLE}</h1>" if h1 else ""
    return html_page(f"{crumb}{heading}<div class=\"info\">{info}</div>{ARTICLE}{after}", title=title_tag)


# --- headline --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title_tag",
    [TITLE + "_央广网", TITLE + " - 新华网", TITLE + "|国家民委", TITLE + "_工作动态_楚雄州人民政府", TITLE + "--中国民族宗教网"],
)
def test_title_drops_the_site_suffix(title_tag):
    assert clean_html(news_page(title_tag=title_tag, h1=False)).title == TITLE


def test_title_prefers_the_heading_matching_the_title_tag():
    assert clean_html(news_page(title_tag=TITLE + "_央广网")).title == TITLE


def test_traditional_title_is_simplified():
    page = html_page(f"<h1>梧州召開全市民族工作會議</h1>{ARTICLE}", title="梧州召開全市民族工作會議_梧州零距離網")
    assert clean_html(page).title == "梧州召开全市民族工作会议"


def test_title_of_a_text_page_is_its_first_line():
    assert clean_text(f"{TITLE}\n来源:楚雄州民宗委\n{LEAD}\n{MIDDLE}\n{LAST}").title == TITLE


# --- publication date ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "info, date",
    [
        ("发布日期:2023-10-13", dt.date(2023, 10, 13)),
        ("发布日期:2023年10月13日", dt.date(2023, 10, 13)),
        ("发表时间:2025/10/13 8:09:00", dt.date(2025, 10, 13)),
        ("时间:2023-08-26", dt.date(2023, 8, 26)),
        ("日期:2023年10月13日 来源:新华网", dt.date(2023, 10, 13)),
        ("[日期:2005-07-31]", dt.date(2005, 7, 31)),
        ("2023-10-13 09:30 来源:云南日报", dt.date(2023, 10, 13)),
    ],
)
def test_published_from_a_printed_date(info, date):
    assert clean_html(news_page(info)).published == date


@pytest.mark.parametrize(
    "url",
    ["http://www.example.gov.cn/xinwen/2023-10/13/content_1.htm", "http://www.example.gov.cn/art/2023/10/13/art_1.html",
     "http://www.example.gov.cn/zwgk/202310/t20231013_1.html"],
)
def test_published_from_the_url_path(url):
    assert clean_html(news_page(), url=url).published == dt.date(2023, 10, 13)


def test_month_only_url_gives_no_date():
    assert clean_html(news_page(), url="http://www.example.gov.cn/zwgk/202310/t_1.html").published is None


def test_published_is_null_when_the_page_prints_none():
    assert clean_html(news_page()).published is None


def test_dates_in_a_related_news_list_are_not_the_publication_date():
    related = (
        '<div class="rel"><h3>相关新闻</h3><ul>'
        "<li><a href=\"/a\">我州召开民族工作会议</a> 2023-09-01</li>"
        "<li><a href=\"/b\">州民宗委开展调研活动</a> 2023-08-02</li></ul></div>"
    )
    assert clean_html(news_page(after=related)).published is None


def test_published_from_a_text_page_header():
    article = clean_text(f"{TITLE}\n来源:中国民族宗教网 陈明海 发布日期:2023-10-13浏览(10)人次 投稿收藏\n{LEAD}\n{MIDDLE}\n{LAST}")
    assert article.published == dt.date(2023, 10, 13)


# --- source -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "info, source",
    [
        ("来源:楚雄州民宗委 发布日期:2023-10-13", "楚雄州民宗委"),
        ("文章来源:国家民族事务委员会", "国家民族事务委员会"),
        ("信息来源: 州民宗委", "州民宗委"),
        ("来源:新华网 2023-10-13", "新华网"),
    ],
)
def test_source_from_a_labelled_line(info, source):
    assert clean_html(news_page(info)).source == source


def test_source_from_a_dateline_outlet():
    page = html_page(f"<h1>{TITLE}</h1><p>梧州日报讯(记者 梁萍){LEAD}</p><p>{MIDDLE}</p><p>{LAST}</p>")
    assert clean_html(page).source == "梧州日报"


def test_source_is_null_when_only_the_site_name_appears():
    footer = '<div class="foot"><p>版权所有:楚雄州民族宗教事务委员会</p></div>'
    assert clean_html(news_page(after=footer)).source is None


def test_source_from_an_outlet_named_in_the_byline():
    article = clean_text(f"谱写新时代民族团结新篇章\n嘉峪关日报全媒体通讯员牛世平\n{LEAD}\n{MIDDLE}\n{LAST}")
    assert article.source == "嘉峪关日报"
    assert article.bylines == [Byline("牛世平", "通讯员")]


# --- bylines ----------------------------------------------------------------------------------


def test_bylines_from_metadata_line_with_role():
    article = clean_html(news_page("来源:楚雄州民宗委 作者:张三 字号:[大 中 小] 浏览次数:123"))
    assert article.bylines == [Byline("张三", "作者")]


def test_bylines_from_dateline_caption_and_editor_line():
    body = (
        f"<h1>{TITLE}</h1>"
        f"<p>本报讯(记者 张三 通讯员 李四){LEAD}</p>"
        "<p>会议现场。本报记者 王五 摄</p>"
        f"<p>{MIDDLE}</p><p>{LAST}</p><p>(责任编辑:赵六)</p>"
    )
    bylines = clean_html(html_page(body)).bylines
    assert set(bylines) == {Byline("张三", "记者"), Byline("李四", "通讯员"), Byline("王五", "摄影"), Byline("赵六", "编辑")}


def test_source_name_followed_by_an_author():
    article = clean_text(f"{TITLE}\n来源:中国民族宗教网 陈明海 发布日期:2023-10-13\n{LEAD}\n{MIDDLE}\n{LAST}")
    assert article.source == "中国民族宗教网"
    assert Byline("陈明海", "作者") in article.bylines


def test_a_complete_news_page():
    data = fixture_path("good/news_page.html").read_bytes()
    article = clean_html(data)
    assert article.title == TITLE
    assert article.published == dt.date(2023, 10, 13)
    assert article.source == "楚雄州民宗委"
    assert article.bylines == [Byline("张三", "作者")]
    assert article.body == "\n".join([LEAD, MIDDLE, LAST])
    assert article.truncated is False
