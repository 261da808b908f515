"""Line-level rules for the boilerplate of Chinese news pages, shared by text and HTML input.

Every rule reads the simplified, NFKC-normalised form of a line (ASCII `:,()`), so
one pattern covers traditional and simplified pages alike. The rules know page
furniture, never particular sites.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.records import Byline

# A personal name as bylines print it: 2-4 Han characters, or a minority name with ·
# (阿不都·买买提), optionally separated from the next by spaces or 、.
NAME = r"[\u4e00-\u9fff]{1,5}(?:[·•][\u4e00-\u9fff]{1,8})?"
_NAME_LIST = rf"{NAME}(?:[ 、,]+{NAME})*"


@dataclass(frozen=True)
class Line:
    """One line of a page in both scripts: `orig` as published, `simp` simplified."""

    orig: str
    simp: str

    def cut(self, start: int, end: int | None = None) -> "Line":
        """The same slice of both forms (t2s keeps lengths; if not, the original is kept whole)."""
        simp = self.simp[start:end]
        orig = self.orig[start:end] if len(self.orig) == len(self.simp) else self.orig
        return Line(orig.strip(), simp.strip())


# --- lines that end the article: everything from here on is page furniture -------------
_STOP = re.compile(
    r"^(?:"
    r"[\[【(]?\s*(?:上一篇|下一篇|上一条|下一条|上篇|下篇)"  # 上一篇 : 前三季度我市…
    r"|[\[【]?(?:相关|最新|热点|热门|推荐|延伸|更多|往期|精彩|今日|图片|视频|专题)(?:新闻|阅读|链接|文章|推荐|资讯|报道|回顾|图片|专题|动态){1,2}\W*$"  # 相关新闻 / 相关文章推荐
    r"|(?:猜你喜欢|点击排行|阅读排行|热门排行|大家都在看|为你推荐)"
    r"|[\[【(]?\s*(?:网站声明|免责声明|版权声明|法律声明|特别声明)"  # [免责声明] 本文来源于网络…
    r"|(?:原文链接|原文地址|阅读原文|本文链接|文章链接)"  # 原文链接:https://…
    r"|[(（\[【]?\s*(?:责任编辑|编辑|责编|审核|审校|校对|终审|初审|值班编辑)\s*[:：]"  # (编辑:赵敏
    r"|(?:分享到|分享至|打印本页|关闭窗口|【打印】|【关闭】|扫一扫|微信扫一扫|扫码关注|关注我们)"
    r"|(?:版权所有|Copyright|copyright|COPYRIGHT|©)"
    r"|(?:主办单位|承办单位|主办|技术支持)\s*[:：]"
    r"|更多\s*[+>»]"
    r")"
)
# Footer lines that may also sit on their own: ICP and police registration numbers, contacts.
_FOOTER = re.compile(
    r"(?:[京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤琼川贵云陕甘青蒙桂藏宁新]ICP[备证]"  # 京ICP备05021234号
    r"|ICP备案|公网安备|网安备\d"
    r"|^(?:联系电话|电话|传真|邮编|邮箱|电子邮箱|E-?mail|地址|联系地址|投稿邮箱|举报电话)\s*[:：]"  # 电话:010-82685629
    r"|感谢您对[我本]网的关注)",
    re.I,
)

# --- furniture that may appear anywhere: header, body edges or footer ----------------------
_BREADCRUMB = re.compile(
    r"^(?:当前位置|您的位置|你的位置|您现在的位置|你现在的位置|所在位置|现在位置|位置)\s*[:：]"  # 当前位置:网站首页> 民族风俗
    r"|(?:首页|主页|网站首页)\s*(?:>|>>|»|›|/|→)"  # 首页 > 新闻中心 > 工作动态
    r"|^欢迎(?:访问|来到|光临|您)"  # 欢迎访问 民族在线网!
)
# Labels of metadata lines: 来源:… 发布日期:2023-10-13 浏览(10)人次 投稿收藏
META_LABEL = re.compile(
    r"(?:来源|文章来源|信息来源|稿件来源|出处|发布日期|发布时间|发表时间|发表日期|更新时间|更新日期|"
    r"时间|日期|作者|字号|浏览|阅读|点击|访问量|阅读量|浏览量|浏览次数|点击数|点击量|"
    r"撰稿|供稿|编辑|责任编辑|摄影|通讯员|记者)\s*[:：]"
    r"|字号\s*[:：]?\s*[\[【(]?\s*大|【\s*大\s*中\s*小\s*】|\[\s*大\s*中\s*小\s*\]"
    r"|投稿收藏|浏览\s*\(?\d+\)?\s*人?次|【打印】|【关闭】|\[打印\]|\[关闭\]|打印本页"
)
# A photo caption's credit, at the end of a caption: 梧州日报记者 周海涛 摄 / (张三 摄) / 图/张三
_CREDIT = re.compile(rf"(?:记者|通讯员|摄影|图)?\s*[:：/]?\s*({_NAME_LIST})\s*摄\)?\s*$|^[(（]?(?:图|摄影|图片)\s*[/:：]\s*({_NAME_LIST})[)）]?$")
# Caption credits run into text: "…并讲话。梧州日报记者 周海涛 摄 韦国强指出…"
_INLINE_CREDIT = re.compile(rf"(?:\S{{0,10}}?(?:记者|通讯员|摄影)\s*)({_NAME_LIST})\s*摄")
# 图为…, (图片来源:…), 资料图片: caption lines without a credit
_CAPTION_LINE = re.compile(r"^(?:[(（\[【]?(?:图为|上图|下图|图片|资料图|资料图片|图片来源|视频|图\s*\d|▲|△))")

# --- paywall and truncation notices ---------------------------------------------------------
# ……(新文秘网http://…省略632字,正式会员可完整阅读)…… / (未完,全文共3368字,当前仅显示1774字…)
# / 全文共3368字,当前仅显示1774字. A notice starts at its bracket or at its first word, never
# earlier in the sentence, and keeps the 。 that ends the text before it. Words that also
# occur in prose count only inside brackets: 未完 (尚未完成 is no notice), 完整阅读, 正式会员.
_NOTICE = (
    r"省略\s*\d+\s*字|全文共\s*\d+\s*字|当前仅显示|剩余\s*\d+\s*字|未完待续|未完(?=\s*$)|正式会员可|会员可[完查]|"
    r"付费阅读|开通会员|登录后(?:查看|阅读)|查看全文请"
)
_BRACKETED_NOTICE = r"正式会员|完整阅读|未完(?![成善全毕结整])|余下全文"
_PAYWALL = re.compile(
    r"(?!(?<!。)。)[.…。·\s]*"
    rf"(?:[(（\[【][^()（）\[\]【】]{{0,60}}?(?:{_NOTICE}|{_BRACKETED_NOTICE})|(?:{_NOTICE}))"
)


def is_stop(simp: str) -> bool:
    """A line after which nothing is article text (上一篇, 相关新闻, 免责声明, 编辑:…)."""
    return bool(_STOP.search(simp)) or bool(_FOOTER.search(simp)) and len(simp) < 120


def is_noise(simp: str) -> bool:
    """A line of page furniture: breadcrumb, metadata, photo caption, footer, bullets only."""
    if _BREADCRUMB.search(simp) or (_FOOTER.search(simp) and len(simp) < 120):
        return True
    if META_LABEL.search(simp) and len(simp) < 100 and not _sentence_like(simp):
        return True
    if len(simp) < 80 and (_CREDIT.search(simp) or _CAPTION_LINE.search(simp)):
        return True
    return not re.search(r"[\w\u4e00-\u9fff]", simp)


def paywall_at(simp: str) -> int | None:
    """Where a paywall or truncation notice starts in the line, or None."""
    m = _PAYWALL.search(simp)
    return m.start() if m else None


def _sentence_like(simp: str) -> bool:
    return bool(re.search(r"[,。;!?][^,。;!?]{4,}[,。;!?]", simp))


def is_content(simp: str) -> bool:
    """A line that reads like article prose rather than a label, menu item or headline."""
    han = len(re.findall(r"[\u4e00-\u9fff]", simp))
    return han >= 15 and bool(re.search(r"[,。;!?:]", simp)) and not is_noise(simp)


def is_salutation(simp: str) -> bool:
    """A speech's opening address: 同志们: / 各位代表、同志们:"""
    return len(simp) <= 16 and simp.endswith((":", "：")) and bool(re.search(r"同志|代表|来宾|朋友|女士|先生|大家", simp))


# --- datelines and captions inside body lines ----------------------------------------------
# 梧州零距离网-梧州日报讯(记者 吴晓梅) / 本报讯(记者 X 通讯员 Y) / 新华社西宁3月5日电(记者 X)
_DATELINE = re.compile(
    r"^(?:(?P<site>[\u4e00-\u9fffA-Za-z0-9]{2,16}?)\s*[-—_|]\s*)?"
    # An outlet ending in 社/网/报/台 is preferred, so the place does not swallow it:
    # 新华社西宁3月5日电 / 中国新闻网北京3月5日电, not 新华 + 社西宁 / 中国 + 新闻网北京.
    r"(?P<outlet>[\u4e00-\u9fffA-Za-z0-9]{1,19}?(?:社|网|报|台)|[\u4e00-\u9fffA-Za-z0-9]{2,20}?)"
    r"(?:(?P<place>[\u4e00-\u9fff]{2,8}?)(?P<when>\d{1,2}月\d{1,2}日)?电|讯)"
    r"\s*(?:[(（【\[](?P<credits>[^()（）【】\[\]]{0,60})[)）】\]])?"
)
# 记者 吴晓梅 / 通讯员 李四 王五 / 作者:张三. A role word ends the names before it, so in
# 记者 张三 通讯员 李四 王五 the last two are 通讯员, not more 记者; so does the next label
# (作者:张三 字号:[大 中 小] names 张三 only).
_ROLE_WORD = r"(?:责任编辑|记者|通讯员|作者|编辑|摄影|摄|[\u4e00-\u9fff]+\s*[:：])"
_CREDIT_ROLE = re.compile(rf"(记者|通讯员|作者|编辑|责任编辑|摄影|摄)\s*[:：]?\s*((?!{_ROLE_WORD}){NAME}(?:[ 、,]+(?!{_ROLE_WORD}){NAME})*)")
ROLE = {"记者": "记者", "通讯员": "通讯员", "作者": "作者", "编辑": "编辑", "责任编辑": "编辑", "摄影": "摄影", "摄": "摄影"}


@dataclass(frozen=True)
class Dateline:
    outlet: str | None
    bylines: tuple[Byline, ...]


def credits(text: str) -> list[Byline]:
    """Bylines from a credit string: '记者 吴晓梅 通讯员 李四' -> [吴晓梅/记者, 李四/通讯员]."""
    found = []
    for m in _CREDIT_ROLE.finditer(text):
        role = ROLE[m.group(1)]
        for name in re.split(r"[ 、,]+", m.group(2)):
            name = _strip_role_words(name)
            if 2 <= len(name) <= 12 and name not in ("佚名", "本网", "本报", "记者", "通讯员"):
                found.append(Byline(name, role))
    return found


def _strip_role_words(name: str) -> str:
    # Also a metadata label glued to the name when spans run together (责任编辑:田雨桐字号 A+).
    return re.sub(r"(?:记者|通讯员|摄影|摄|报道|整理|编辑|字号|来源|浏览|点击|发布|时间|日期)$", "", name)


def strip_dateline(line: Line) -> tuple[Line, Dateline | None]:
    """Remove a leading dateline (梧州日报讯(记者 吴晓梅)…); return the rest and what it named."""
    m = _DATELINE.match(line.simp)
    if not m or not (m.group("credits") or "讯" in m.group(0)[-12:] or m.group("when") or m.group("place")):
        return line, None
    outlet = m.group("outlet")
    if m.group("place") is None and outlet.endswith(("本", "本报", "本网")) is False and len(outlet) < 2:
        return line, None
    # 新华社西宁3月5日电: the outlet is the agency, the place is where it was filed.
    if outlet in ("本报", "本网", "本台", "本刊"):
        outlet = None
    bylines = tuple(credits(m.group("credits") or ""))
    return line.cut(m.end()), Dateline(outlet, bylines)


def strip_inline_captions(line: Line) -> tuple[Line, list[Byline]]:
    """Remove photo captions run into a paragraph (…并讲话。梧州日报记者 周海涛 摄 …)."""
    bylines: list[Byline] = []
    while True:
        m = _INLINE_CREDIT.search(line.simp)
        if not m:
            return line, bylines
        bylines += [Byline(n, "摄影") for n in re.split(r"[ 、,]+", m.group(1)) if len(n) >= 2]
        # The caption runs from the previous sentence end (or the line start) to the credit.
        head = line.simp[: m.start()].rstrip()
        head_body = head[:-1] if head.endswith(("。", "!", "?")) else head
        cut = max(head_body.rfind(c) for c in "。!?") + 1
        if m.start() - cut > 160:  # too long for a caption: keep the text, drop only the credit
            cut = m.start()
        line = Line(_join(line.orig, cut, m.end(), line), _join(line.simp, cut, m.end(), line, simp=True))


def _join(text: str, start: int, end: int, line: Line, simp: bool = False) -> str:
    if not simp and len(line.orig) != len(line.simp):
        return text
    return (text[:start].rstrip() + (" " if start else "") + text[end:].lstrip()).strip()
