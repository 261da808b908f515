"""Page furniture around and inside the article, removed from scraped text and from HTML alike.

Every case is one small page: a headline, the furniture under test placed where sites
put it, and the three paragraphs of the article. It runs through the text route
(`to_lines` + `segment`) and, rendered as HTML, through `pipeline.process.clean`.
"""

from __future__ import annotations

import html as htmllib
from dataclasses import dataclass, field

import pytest

from conftest import LAST, LEAD, MIDDLE, clean_html, html_page
from pipeline.clean.boilerplate import Line, credits, paywall_at, strip_dateline
from pipeline.clean.text import Segmented, segment, to_lines
from extractors.records import Byline

TITLE = "全州民族团结进步创建工作推进会召开"


@dataclass
class Case:
    before: list[str] = field(default_factory=list)  # between headline and article
    after: list[str] = field(default_factory=list)  # after the article
    lead: str = LEAD  # the first paragraph, as printed
    middle: list[str] = field(default_factory=lambda: [MIDDLE])  # paragraphs in between
    last: str = LAST  # the last paragraph, as printed
    gone: list[str] = field(default_factory=list)  # none of these may be left in the body
    starts: str = LEAD
    ends: str = LAST
    truncated: bool = False

    def lines(self) -> list[str]:
        return [TITLE, *self.before, self.lead, *self.middle, self.last, *self.after]

    def text(self) -> str:
        return "\n".join(self.lines())

    def html(self) -> str:
        paras = "".join(f"<p>{htmllib.escape(line)}</p>" for line in self.lines()[1:])
        return html_page(f"<h1>{TITLE}</h1><div class=\"article\">{paras}</div>", title=TITLE)


CASES = {
    "breadcrumbs": Case(
        before=["当前位置:网站首页 > 新闻中心 > 工作动态", "首页 > 民族团结 > 正文", "您的位置:新文秘网>>民族宗教/>>正文"],
        gone=["当前位置", "首页", "您的位置"],
    ),
    "metadata lines": Case(
        before=[
            "来源:楚雄州民宗委 发布日期:2023-10-13",
            "作者:张三 字号:[大 中 小]",
            "浏览次数:123 投稿收藏",
        ],
        gone=["来源", "发布日期", "作者", "字号", "浏览", "投稿收藏"],
    ),
    "metadata line between paragraphs": Case(
        middle=["发布时间:2023-10-13 点击:99 【打印】【关闭】", MIDDLE],
        gone=["发布时间", "点击", "打印"],
    ),
    "related news list": Case(
        after=["相关新闻", "我州召开民族工作会议 2023-09-01", "州民宗委开展民族团结进步创建调研活动 2023-08-02"],
        gone=["相关新闻", "我州召开民族工作会议", "调研活动"],
    ),
    "related articles list with two nouns": Case(
        after=["相关文章推荐", "· 黔东南:以“三项计划”推动各民族交往交流交融", "· 恩施州建立跨区域民族工作协作机制"],
        gone=["相关文章推荐", "黔东南", "恩施州"],
    ),
    "latest news list": Case(
        after=["最新新闻", "云南省民宗委和湖北省民宗委签订铸牢中华民族共同体意识战略合作协议", "更多+"],
        gone=["最新新闻", "战略合作协议", "更多"],
    ),
    "previous and next article, and all after": Case(
        after=[
            "上一篇:前三季度我州民族工作综述",
            "下一篇:州民宗委开展调研活动",
            "这一段在下一篇之后,即使读起来像正文,也不属于本文的内容。",
        ],
        gone=["上一篇", "下一篇", "前三季度", "这一段在下一篇之后"],
    ),
    "SEO link spam": Case(
        after=[
            "抖音最新最火的祝福老公生日的祝福语",
            "2024龙年春节祝福语",
            "2024癫公癫婆版跨年文案 让人爆笑的跨年说说",
            "抖音喝酒的句子(优选48句)",
        ],
        gone=["抖音", "祝福语", "跨年", "48句"],
    ),
    "site statement": Case(
        after=["网站声明", "本网站所收集的资料主要来源于互联网,并不代表本站赞同其观点和对其真实性负责。"],
        gone=["网站声明", "本网站所收集的资料"],
    ),
    "disclaimer": Case(
        after=["[免责声明]本网转载文章目的在于传递更多信息,不代表本网赞同其观点和对其真实性负责。"],
        gone=["免责声明", "转载"],
    ),
    "copyright and ICP numbers": Case(
        after=["版权所有:楚雄州民族宗教事务委员会", "滇ICP备05000123号 滇公网安备53230102000123号"],
        gone=["版权所有", "ICP", "公网安备"],
    ),
    "ICP number on its own": Case(after=["京ICP备05021234号"], gone=["ICP"]),
    "contact lines": Case(
        after=["电话:010-82685629 电子邮箱:zgmzb@sina.com", "地址:北京市西城区", "感谢您对我网的关注!"],
        gone=["电话", "zgmzb@sina.com", "地址", "感谢您对我网的关注"],
    ),
    "original-article link": Case(after=["原文链接:http://www.example.cn/a/1.html"], gone=["原文链接", "example.cn"]),
    "editor line": Case(after=["(编辑:马永", "[字号: ]"], gone=["编辑", "马永", "字号"]),
    "agency end mark run into the last paragraph": Case(last=LAST + "(完)", gone=["(完)"]),
    "end mark on its own line": Case(after=["(完)"], gone=["完)"]),
    "photo caption on its own line": Case(
        middle=["会议现场。梧州日报记者 李鸿荣 摄", MIDDLE],
        gone=["会议现场", "李鸿荣", "摄"],
    ),
    "photo caption run into a paragraph": Case(
        middle=["市委书记蒋连生出席会议并讲话。梧州日报记者 李鸿荣 摄 " + MIDDLE],
        gone=["出席会议并讲话", "李鸿荣", "摄"],
    ),
    "picture line without credit": Case(middle=["图为会议现场。", MIDDLE], gone=["图为"]),
    "paywall: 省略N字, 正式会员可完整阅读": Case(
        middle=[MIDDLE, "……(新文秘网http://www.wm114.cn省略632字,正式会员可完整阅读)……"],
        gone=["省略", "正式会员", "完整阅读", "wm114"],
        truncated=True,
    ),
    "paywall: 未完, 全文共N字 at the end of the text": Case(
        last="会议强调,要坚持以铸牢中华民族共同体意识为主线,推动民族团结进步 ……(未完,全文共3368字,当前仅显示1774字,请阅读下面提示信息。",
        gone=["未完", "全文共", "当前仅显示", "……"],
        ends="会议强调,要坚持以铸牢中华民族共同体意识为主线,推动民族团结进步",
        truncated=True,
    ),
    "paywall notice without brackets": Case(
        last=LAST + "全文共3368字,当前仅显示1774字。",
        gone=["全文共", "当前仅显示"],
        truncated=True,
    ),
    "paywall: (未完待续) on its own line": Case(after=["(未完待续)"], gone=["未完"], truncated=True),
}


def body_of(text: str) -> tuple[str, Segmented]:
    seg = segment(to_lines(text))
    assert seg is not None, "no body found"
    return "\n".join(line.simp for line in seg.body), seg


def check_body(body: str, case: Case) -> None:
    assert body.startswith(case.starts)
    assert body.endswith(case.ends)
    for gone in case.gone:
        assert gone not in body
    assert MIDDLE in body


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_text_page_loses_its_furniture(case: Case):
    body, seg = body_of(case.text())
    check_body(body, case)
    assert seg.truncated is case.truncated


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_html_page_loses_its_furniture(case: Case):
    article = clean_html(case.html())
    check_body(article.body, case)
    assert article.truncated is case.truncated


def test_headline_is_not_body():
    body, seg = body_of(Case().text())
    assert TITLE not in body
    assert [line.simp for line in seg.header] == [TITLE]


def test_prose_that_mentions_unfinished_work_is_no_paywall():
    # 尚未完成 contains 未完; 完整阅读 may occur in prose.
    text = Case(middle=["会议指出,部分创建任务尚未完成,各地要完整阅读创建标准,查漏补缺、按期完成。", MIDDLE]).text()
    body, seg = body_of(text)
    assert "尚未完成" in body
    assert seg.truncated is False


def test_paywall_keeps_the_full_stop_before_the_notice():
    line = LAST + "……(省略632字,正式会员可完整阅读)……"
    assert line[: paywall_at(line)] == LAST


def test_caption_credits_the_photographer():
    _, seg = body_of(CASES["photo caption run into a paragraph"].text())
    assert seg.caption_bylines == [Byline("李鸿荣", "摄影")]
    article = clean_html(CASES["photo caption on its own line"].html())
    assert Byline("李鸿荣", "摄影") in article.bylines


def test_caption_in_a_traditional_paragraph():
    text = (
        "市委書記蔣連生出席會議并講話。梧州日報記者 李鴻榮 攝 蔣連生指出,要深入學習貫徹習近平總書記關於加強和改進民族工作的重要思想。\n"
        "會議要求,各地要進一步提高政治站位,紮實推進鑄牢中華民族共同體意識工作走深走實。"
    )
    body, seg = body_of(text)
    assert body.startswith("蒋连生指出,要深入学习贯彻")
    assert "李鸿荣" not in body
    assert seg.caption_bylines == [Byline("李鸿荣", "摄影")]


# --- datelines: stripped from the body, giving source and bylines ---------------------------

DATELINES = [
    ("梧州日报讯(记者 梁萍)", "梧州日报", [Byline("梁萍", "记者")]),
    ("梧州零距离网-梧州日报讯(记者 梁萍)", "梧州日报", [Byline("梁萍", "记者")]),
    ("本报讯(记者 张三 通讯员 李四 王五)", None, [Byline("张三", "记者"), Byline("李四", "通讯员"), Byline("王五", "通讯员")]),
    ("本网讯 ", None, []),
    ("新华社西宁3月5日电(记者 马宁)", "新华社", [Byline("马宁", "记者")]),
    ("新华网沈阳5月24日电 ", "新华网", []),
    ("中国新闻网北京3月5日电 ", "中国新闻网", []),
]


@pytest.mark.parametrize("dateline, outlet, bylines", DATELINES, ids=[d[0].strip() for d in DATELINES])
def test_dateline_is_stripped_and_read(dateline, outlet, bylines):
    text = f"{TITLE}\n{dateline}{LEAD}\n{MIDDLE}\n{LAST}"
    body, seg = body_of(text)
    assert body.startswith(LEAD)
    assert seg.dateline is not None
    assert seg.dateline.outlet == outlet
    assert list(seg.dateline.bylines) == bylines


@pytest.mark.parametrize("dateline, outlet, bylines", DATELINES, ids=[d[0].strip() for d in DATELINES])
def test_dateline_gives_the_html_article_source_and_bylines(dateline, outlet, bylines):
    article = clean_html(html_page(f"<h1>{TITLE}</h1><p>{dateline}{LEAD}</p><p>{MIDDLE}</p><p>{LAST}</p>"))
    assert article.body.startswith(LEAD)
    assert article.source == outlet
    assert article.bylines == bylines


def test_dateline_with_fullwidth_brackets_in_traditional():
    line = to_lines("梧州日報訊（記者 梁萍）11月17日,市委、市政府召開全市民族工作會議。")[0]
    rest, dateline = strip_dateline(line)
    assert rest.orig == "11月17日,市委、市政府召開全市民族工作會議。"
    assert rest.simp == "11月17日,市委、市政府召开全市民族工作会议。"
    assert dateline.outlet == "梧州日报"


def test_a_sentence_is_not_mistaken_for_a_dateline():
    line = Line(LEAD, LEAD)
    assert strip_dateline(line) == (line, None)


# --- credit strings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("记者 梁萍", [Byline("梁萍", "记者")]),
        ("记者张三 通讯员李四、王五", [Byline("张三", "记者"), Byline("李四", "通讯员"), Byline("王五", "通讯员")]),
        ("(责任编辑:王小明)", [Byline("王小明", "编辑")]),
        ("摄影:赵六 钱七", [Byline("赵六", "摄影"), Byline("钱七", "摄影")]),
        ("作者:佚名", []),
        ("来源:楚雄州民宗委 作者:张三 字号:[大 中 小] 浏览次数:123", [Byline("张三", "作者")]),
        ("责任编辑:田雨桐字号 A+ A-", [Byline("田雨桐", "编辑")]),
    ],
)
def test_credits_name_people_with_their_roles(text, expected):
    assert credits(text) == expected


def test_a_line_holds_its_two_forms_compares_by_them_and_cannot_be_changed():
    import copy
    import dataclasses
    import pickle

    line = Line("記者 周明", "记者 周明")
    assert (line.orig, line.simp) == ("記者 周明", "记者 周明")
    assert line == Line(orig="記者 周明", simp="记者 周明") and hash(line) == hash(Line("記者 周明", "记者 周明"))
    assert line != Line("記者 周明", "记者 周明 ")
    assert pickle.loads(pickle.dumps(line)) == line == copy.copy(line)
    assert dataclasses.replace(line, simp="记者").simp == "记者"
    with pytest.raises(dataclasses.FrozenInstanceError):
        line.simp = "记者"  # type: ignore[misc]
