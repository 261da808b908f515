"""The role of one line of a news page, decided once, here, for every other cleaning step.

A scraped page is a column of lines: site chrome, the headline, metadata, a dateline,
the article's paragraphs, captions, credits, disclaimers and the footer. `classify`
gives each line one `Role` from its own text; the body segmenter (`text.py`), the
metadata reader (`metadata.py`) and the HTML stage read these roles instead of
keeping rules of their own, so a new site pattern is one rule here, testable line by
line. Where a line sits (above or below the body) is the readers' business.

Every rule reads the simplified, NFKC-normalised form of a line (ASCII `:,()`), so
one pattern covers traditional and simplified pages alike. The rules know page
furniture, never particular sites.
"""

from __future__ import annotations

import enum
import functools
import re

from extractors.patterns import guarded, starting
from extractors.records import Byline


class Role(enum.Enum):
    """What a line is on the page."""

    PROSE = "prose"  # article text: sentences
    TEXT = "text"  # a short line without a sentence: headline, subheading, list item, menu entry
    META = "meta"  # a metadata line: 来源:…, 发布时间:…, 浏览(10)次
    CREDIT = "credit"  # names with their roles: 记者 周明 通讯员 韩雪, 文/图 刘洋, (供稿:王芳), 口王丽
    CAPTION = "caption"  # a photo's caption or credit: 图为…, …供图, 活动现场, ![](…)
    CHROME = "chrome"  # navigation: 当前位置:…, 网站首页 > 新闻 > 原创, 某某新闻正文
    END = "end"  # a line after which nothing is article: 上一篇, 相关新闻, 编辑:…, 版权所有
    DISCLAIMER = "disclaimer"  # a reprint or copyright notice: 凡本网注明…, 转载目的在于…
    FOOTER = "footer"  # ICP and police registrations, contact fields
    NOISE = "noise"  # no letter or character at all

    # Members hash by identity, as they compare: Enum's own __hash__ (of the name) is Python code,
    # called for every line tested against a set of roles.
    __hash__ = object.__hash__


# Roles of lines that are never article text.
FURNITURE = frozenset({Role.META, Role.CREDIT, Role.CAPTION, Role.CHROME, Role.END, Role.DISCLAIMER,
                       Role.FOOTER, Role.NOISE})
# Roles after which nothing on the page is article text.
ENDS_ARTICLE = frozenset({Role.END, Role.DISCLAIMER, Role.FOOTER})

# A personal name as bylines print it: 2-4 Han characters, or a minority name with ·
# (阿不都·买买提), optionally separated from the next by spaces or 、.
NAME = r"[\u4e00-\u9fff]{1,5}(?:[·•][\u4e00-\u9fff]{1,8})?"
_NAME_LIST = rf"{NAME}(?:[ 、,]+{NAME})*"

# --- lines that end the article: everything from here on is page furniture -------------
_END = re.compile(
    r"^(?:"
    r"[\[【(]?\s*(?:上一篇|下一篇|上一条|下一条|上篇|下篇)"  # 上一篇 : 前三季度我市…
    r"|[\[【]?(?:相关|最新|热点|热门|推荐|延伸|更多|往期|精彩|今日|图片|视频|专题)(?:新闻|阅读|链接|文章|推荐|资讯|报道|回顾|图片|专题|动态){1,2}\W*$"  # 相关新闻 / 相关文章推荐
    r"|(?:猜你喜欢|点击排行|阅读排行|热门排行|大家都在看|为你推荐)"
    r"|[\[【(]?\s*(?:网站声明|免责声明|版权声明|法律声明|特别声明)"  # [免责声明] 本文来源于网络…
    r"|(?:原文链接|原文地址|阅读原文|本文链接|文章链接)"  # 原文链接:https://…
    # (编辑:赵敏 / 编审:张敏 / 一审:李强 / 监制:王芳: the editor chain under an article
    r"|[(\[【]?\s*(?:责任编辑|编辑|责编|审核|审校|校对|终审|初审|复审|编审|一审|二审|三审|值班编辑|监制|主编|总监制)\s*[:：]"
    r"|(?:分享到|分享至|分享\s*[:：]|打印本页|打印此页|关闭窗口|【打印】|【关闭】|扫一扫|微信扫一扫|扫码关注|关注我们)"
    r"|(?:版权所有|Copyright|copyright|COPYRIGHT|©)"
    r"|(?:主办单位|承办单位|主办|技术支持)\s*[:：]"
    r"|更多\s*[+>»]"
    r")"
)
# Reprint and copyright notices, at the start of a line (凡本网注明“来源:某某”的所有作品…,
# 转载请注明出处, 本文仅代表作者观点) or, for the unmistakable ones, anywhere in it
# (…转载目的在于传递更多信息,并不代表本网赞同其观点…).
# (A rule that holds only at the start of a line is matched there, with .match, and one that
# holds anywhere is scanned for apart: a pattern mixing both is tried in full at every character.)
_DISCLAIMER_START = re.compile(
    r"[\[【(]?\s*(?:凡本网注明|凡本站注明|凡注明|本网注明|本网转载|本站转载|本网站转载|转载目的在于|转载请注明|"
    r"(?:本文|文章)(?:仅代表|观点仅代表|内容仅供)|如(?:涉及|有)(?:作品内容|版权|侵权)|版权归(?:原作者|原作|原)|"
    r"欢迎转载|未经(?:本网|本站)?(?:许可|授权|书面)|声明\s*[:：])"
)
# (Told its first characters, and scanned for only in lines holding its words: extractors/patterns.py.)
_DISCLAIMER_ANYWHERE = guarded(("转载目的", "不代表本", "版权归原"), starting(
    "转并不版", r"转载目的在于传递|(?:并)?不代表本(?:网|站|平台)(?:赞同|观点|立场)|版权归原作者所有"))
# Footer lines that may also sit on their own: ICP and police registration numbers, contacts.
_PROVINCES = "京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤琼川贵云陕甘青蒙桂藏宁新"
# Each form holds 网安备, 感谢您对 or the C of ICP (re.I matches it with C or c only).
_REGISTRATION = guarded(("C", "c", "网安备", "感谢您对"), re.compile(
    rf"[{_PROVINCES}]ICP[备证]"  # 京ICP备05021234号
    r"|ICP备案|公网安备|网安备\d|感谢您对[我本]网的关注",
    re.I,
))
# A contact field opening the line: 电话:010-82685629
_CONTACT = re.compile(r"(?:联系电话|电话|传真|邮编|邮箱|电子邮箱|E-?mail|地址|联系地址|投稿邮箱|举报电话)\s*[:：]", re.I)



# --- navigation ---------------------------------------------------------------------------------
# At the start of a line:
_CHROME_START = re.compile(
    r"(?:当前位置|您的位置|你的位置|您现在的位置|你现在的位置|所在位置|现在位置|位置)\s*[:：]"  # 当前位置:网站首页> 民族风俗
    r"|[^。,;!?]{1,12}\s*(?:>|>>|»|›|→)\s*[^。,;!?]{1,12}\s*(?:>|>>|»|›|→)"  # 新闻 > 原创 > 正文: a channel path
    r"|[^。,;!?\s]{0,12}(?:正文|详情|详细内容|内容页)$"  # 某某新闻正文 / 新闻详情: a page heading over the article
    r"|欢迎(?:访问|来到|光临|您)"  # 欢迎访问 民族在线网!
)
# Anywhere in it: a path from the home page: 首页 > 新闻中心 > 工作动态
_HOME_PATH = guarded(("首页", "主页"), re.compile(r"(?:首页|主页|网站首页)\s*(?:>|>>|»|›|/|→)"))
# Labels of metadata lines: 来源:… 发布日期:2023-10-13 浏览(10)人次 投稿收藏
META_LABEL = starting(
    "来文信稿出发更时日作字浏阅点访撰供编责摄通记转【\\[投打",  # the labels' first characters
    r"(?:来源|文章来源|信息来源|稿件来源|出处|发布日期|发布时间|发表时间|发表日期|更新时间|更新日期|"
    r"时间|日期|作者|字号|浏览|阅读|点击|访问量|阅读量|浏览量|浏览次数|点击数|点击量|"
    r"撰稿|供稿|编辑|责任编辑|摄影|通讯员|记者|稿源|转自)\s*[:：丨]"
    r"|字号\s*[:：]?\s*[\[【(]?\s*大|【\s*大\s*中\s*小\s*】|\[\s*大\s*中\s*小\s*\]"
    r"|投稿收藏|浏览\s*\(?\d+\)?\s*人?次|【打印】|【关闭】|\[打印\]|\[关闭\]|打印本页",
)

# --- credits ------------------------------------------------------------------------------------
# The roles credits name, as printed, and the byline role each maps to (FORMAT.md's five).
ROLE = {
    "记者": "记者", "特约记者": "记者", "见习记者": "记者", "本报记者": "记者", "本台记者": "记者",
    "实习记者": "记者", "实习生": "记者",
    "通讯员": "通讯员", "特约通讯员": "通讯员",
    "作者": "作者", "供稿": "作者", "撰稿": "作者", "撰文": "作者", "文": "作者", "文/图": "作者",
    "图/文": "作者", "文图": "作者", "整理": "作者",
    "编辑": "编辑", "责任编辑": "编辑", "责编": "编辑", "编审": "编辑", "终审": "编辑", "初审": "编辑",
    "复审": "编辑", "审核": "编辑", "审校": "编辑", "校对": "编辑", "一审": "编辑", "二审": "编辑",
    "三审": "编辑", "值班编辑": "编辑", "监制": "编辑", "主编": "编辑", "本版编辑": "编辑", "本期编辑": "编辑",
    "摄影": "摄影", "摄": "摄影", "图": "摄影", "摄像": "摄影",
}
# Role words that also begin ordinary words (文化, 图书馆, 摄像头): roles only before a separator.
_BARE_ROLES = ("文", "图", "摄")
_LONG_ROLES = "|".join(sorted((re.escape(w) for w in ROLE if w not in _BARE_ROLES), key=len, reverse=True))
# A role word as credits print it, with its separator: 记者 / 编审: / 文/图 / 文 | / 图/. 文:张三 and
# 文/张三 are credits, 图:签约现场 is a caption: 图 needs a slash or a bar.
_ROLE_TOKEN = rf"(?:(?P<role>{_LONG_ROLES})\s*[:：/|丨]?|(?P<bare>文|摄)\s*[:：/|丨]|(?P<pic>图)\s*[/|丨])"
# A role and its names: 记者 吴晓梅 / 通讯员 李四 王五 / 编审:张敏 / 文/图 刘洋. A role word ends
# the names before it (记者 张三 通讯员 李四 王五: the last two are 通讯员), and so does the next
# label (作者:张三 字号:[大 中 小] names 张三 only).
_NEXT_ROLE = rf"(?:{_LONG_ROLES}|[文图摄]\s*[:：/|丨]|[\u4e00-\u9fff]+\s*[:：])"
# (Told its first characters, those of the role words: extractors/patterns.py.)
_CREDIT_ROLE = starting(
    "".join(sorted({w[0] for w in ROLE})),
    rf"{_ROLE_TOKEN}\s*(?P<names>(?!{_NEXT_ROLE}){NAME}(?:[ 、,]+(?!{_NEXT_ROLE}){NAME})*)",
)
# A whole line of credits: fields of (outlet) role names, possibly in brackets and with a 来源 field:
# 记者 周明 通讯员 韩雪 / 文/图 刘洋 / (供稿:王芳) / (来源:县委统战部 编辑:李强 编审:张敏 终审:赵刚)
# / 文 |《民族画报》周刊记者 孙磊 / 新华社记者 石磊 / 嘉峪关日报全媒体通讯员郑立军
_OUTLET_BEFORE_ROLE = r"(?:(?:《[^》]{1,12}》[\u4e00-\u9fff]{0,4}|[\u4e00-\u9fff]{2,10}?(?:日报|晚报|报社|报|网|社|台|中心|周刊|杂志))(?:全媒体|融媒体)?)?"
_ROLE_TOKEN_PLAIN = re.sub(r"\?P<\w+>", "", _ROLE_TOKEN)  # the same, without group names (it repeats)
_CREDIT_FIELD = (
    rf"(?:(?:来源|信息来源|稿件来源)\s*[:：]\s*[^\s:：()]{{2,20}}|{NAME}\s*/\s*(?:文|图|摄影)"
    rf"|{_OUTLET_BEFORE_ROLE}{_ROLE_TOKEN_PLAIN}(?:\s*{_NAME_LIST})?)"
)
_CREDIT_LINE = re.compile(rf"^[(（\[【]?\s*{_CREDIT_FIELD}(?:[\s,;|丨]*{_CREDIT_FIELD})*\s*[)）\]】]?$")
# Names alone in brackets, closing an article: (陈立新 马晓云)
_BRACKETED_NAMES = re.compile(r"^[(（]\s*([\u4e00-\u9fff]{2,4}(?:[ 、]+[\u4e00-\u9fff]{2,4}){0,3})\s*[)）]$")
# A name behind a bullet glyph the scraper turned into 口: 口王丽
_LOST_BULLET_NAME = re.compile(r"^口\s*([\u4e00-\u9fff]{2,4})$")
# A speech's speaker under its headline: 县委书记 阿尔木呷 / 州人民政府州长 李文华
_SPEAKER = re.compile(
    r"^[\u4e00-\u9fff、]{0,16}(?:书记|县长|市长|州长|省长|区长|旗长|盟长|主席|主任|部长|厅长|局长|委员)\s+"
    r"([\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,8}·[\u4e00-\u9fff]{1,10})$"
)
# Bracketed words that are end marks or labels, not names: (全文完), (未完待续)
_NOT_NAMES = re.compile(r"完|待续|图片|视频|图文|来源|记者|编辑|通讯员|本报|本网|评论员")

# --- captions -----------------------------------------------------------------------------------
# A photo caption's credit, at the end of a caption: 梧州日报记者 周海涛 摄 / (张三 摄) / 图/张三
# (not 图:签约现场, a caption)
_PHOTO_CREDIT = re.compile(rf"(?:记者|通讯员|摄影|图)?\s*[:：/]?\s*({_NAME_LIST})\s*摄\)?\s*$|^[(（]?(?:图\s*/|(?:摄影|图片)\s*[/:：])\s*({_NAME_LIST})[)）]?$")
# 图为…, ▲…, 【图】…, 图:…, 图1 …, (图片来源:…), 资料图片: caption lines without a credit
_CAPTION_START = re.compile(r"^(?:[(（\[【]?(?:图为|上图|下图|图片|资料图|资料图片|图片来源|视频|图\s*\d|图\s*[:：】\]]|▲|△))")
# A caption closed by who supplied the photo: 图为座谈会现场。某某县委宣传部供图 / (王芳 供图)
_SUPPLIED = guarded(("供图", "供照", "提供"), re.compile(r"(?:供图|供照|图片由[^。]{1,20}提供)\s*[)）]?$"))


# A short line naming a photo between paragraphs: 活动现场 / 与会人员合影 / 签约仪式现场。
_PHOTO_LINE = re.compile(r"^[^,;:!?]{2,14}(?:现场|合影|合影留念|留影|剪影|掠影|一角|集锦|瞬间|组图|全景)[。.]?$")
# Image markdown a scraper left: ![](https://…/a.jpg) / ![签约现场](…)
IMAGE_MARKDOWN = re.compile(r"!\[[^\]]*\]\([^)]*\)")

_NOT_HAN = re.compile(r"[^\u4e00-\u9fff]+")  # what is not a Han character: "2024年 " in 2024年 民族
_SENTENCE_PUNCT = re.compile(r"[,。;!?:]")
_ENDS_SENTENCE = re.compile(r"[。!?;:…”\"』」)]$")


# A letter, digit or Han character: a line without one is noise (----, ···, |).
_WORD_CHAR = re.compile(r"[\w\u4e00-\u9fff]")


@functools.lru_cache(maxsize=65536)
def classify(simp: str) -> Role:
    """The role of a line, from its simplified NFKC text alone."""
    if not _WORD_CHAR.search(simp):
        return Role.NOISE
    if _END.search(simp):
        return Role.END
    if len(simp) < 300 and (_DISCLAIMER_START.match(simp) or _DISCLAIMER_ANYWHERE.search(simp)):
        return Role.DISCLAIMER
    if len(simp) < 120 and (_REGISTRATION.search(simp) or _CONTACT.match(simp)):
        return Role.FOOTER
    if _CHROME_START.match(simp) or _HOME_PATH.search(simp):
        return Role.CHROME
    short = len(simp) < 80
    if short and _photo_credit(simp):
        return Role.CAPTION
    if short and is_credit_line(simp):
        return Role.CREDIT
    if len(simp) < 100 and META_LABEL.search(simp) and not _sentence_like(simp):
        return Role.META
    if short and (_CAPTION_START.search(simp) or _SUPPLIED.search(simp) or _PHOTO_LINE.match(simp)
                  or IMAGE_MARKDOWN.fullmatch(simp)):
        return Role.CAPTION
    if _reads_as_prose(simp):
        return Role.PROSE
    return Role.TEXT


def is_credit_line(simp: str) -> bool:
    """A line of nothing but credits: 记者 周明 通讯员 韩雪, (供稿:王芳), (陈立新 马晓云), 口王丽,
    or a speech's speaker (县委书记 阿尔木呷)."""
    if _CREDIT_LINE.match(simp):
        return True
    return _names_without_role(simp) is not None


# The name before its role: 张三/文 李四/图 / 王五 摄影
_NAME_THEN_ROLE = re.compile(r"(?:^|[\s(（【\[])([\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,8}·[\u4e00-\u9fff]{1,10})\s*/\s*(文|图|摄影|摄)(?=[\s)）】\]]|$)")


def _names_without_role(text: str) -> str | None:
    """The names of a credit that prints no role: (陈立新 马晓云), 口王丽, 县委书记 阿尔木呷."""
    first = text[:1]
    if first == "(" or first == "（":  # (陈立新 马晓云): neither other form opens with a bracket
        m = _BRACKETED_NAMES.match(text)
    else:
        m = _LOST_BULLET_NAME.match(text) if first == "口" else None
        # A speaker's line holds a post word (书记, …长, 主席, 主任, 委员): most texts passed here
        # are other fields (发布时间:…, 来源:…), which skip the pattern.
        if m is None and ("长" in text or "书记" in text or "主" in text or "委员" in text):
            m = _SPEAKER.match(text)
    return m.group(1) if m and not _NOT_NAMES.search(m.group(1)) else None


# Separators between the names of one role: 李四 王五 / 李四、王五 / 李四,王五
_NAME_SEP = re.compile(r"[ 、,]+")
_NAME_SPACE = re.compile(r"[ 、]+")
# A role word or a metadata label glued to the end of a name when spans run together
# (周明记者, 责任编辑:田雨桐字号 A+ gives 田雨桐字号)
_GLUED_WORDS = ("记者", "通讯员", "摄影", "摄", "报道", "整理", "编辑", "字号", "来源", "浏览", "阅读", "点击", "发布", "时间", "日期")
_GLUED_LABEL = re.compile(f"(?:{'|'.join(_GLUED_WORDS)})$")
# Their last characters: a name ending otherwise has none glued to it (one set lookup, not fifteen
# suffix tests).
_GLUED_LAST = frozenset(w[-1] for w in _GLUED_WORDS)
# What a credit never names: no one is called 佚名 (anonymous) or 本报.
_NOT_A_NAME = frozenset({"佚名", "本网", "本报", "记者", "通讯员"})


def credits(text: str) -> list[Byline]:
    """Bylines from a credit string: '记者 吴晓梅 通讯员 李四' -> [吴晓梅/记者, 李四/通讯员];
    names alone in brackets, behind a lost bullet or after a speaker's post ((陈立新 马晓云),
    口王丽, 县委书记 阿尔木呷) are authors."""
    found = []
    for m in _CREDIT_ROLE.finditer(text):
        long_role, bare, pic, names = m.group("role", "bare", "pic", "names")  # (one call for the four)
        role = ROLE[long_role or bare or pic]
        for name in _NAME_SEP.split(names):
            if name[-1:] in _GLUED_LAST and name.endswith(_GLUED_WORDS):
                name = _GLUED_LABEL.sub("", name)
            if 2 <= len(name) <= 12 and name not in _NOT_A_NAME:
                found.append(Byline(name, role))
    if "/" in text:  # 张三/文: the only form with the role after the name
        for m in _NAME_THEN_ROLE.finditer(text):
            found.append(Byline(m.group(1), ROLE[m.group(2)]))
    if not found and (names := _names_without_role(text)):
        found = [Byline(name, "作者") for name in _NAME_SPACE.split(names)]
    return found


# How a line opens when it credits a photo without 摄: 图/, 图片:, (图/
_PHOTO_CREDIT_OPENINGS = ("图", "(图", "（图")


def _photo_credit(simp: str) -> re.Match | None:
    """_PHOTO_CREDIT's match in the line. Every credit holds 摄 (…摄, 摄影/) or opens the line
    with 图 (图/, 图片:, (图/): the scan, slow on long runs of Han characters, is skipped on other lines."""
    if "摄" in simp or simp.startswith(_PHOTO_CREDIT_OPENINGS):
        return _PHOTO_CREDIT.search(simp)
    return None


def photo_credits(simp: str) -> list[Byline]:
    """Photographers a caption credits: …现场。 降措 摄 / (泽让拉姆 摄) / 图/张三."""
    # (_photo_credit's test, made here first: most lines passed here credit no photo.)
    if len(simp) >= 80 or "摄" not in simp and not simp.startswith(_PHOTO_CREDIT_OPENINGS):
        return []
    m = _PHOTO_CREDIT.search(simp)
    if not m:
        return []
    names = m.group(1) or m.group(2)
    # 新华社记者 石磊 摄: the outlet and role before the name are no names.
    return [Byline(name, "摄影") for name in _NAME_SEP.split(names)
            if len(name) >= 2 and name not in ROLE and not name.endswith(("记者", "通讯员", "摄影"))]


# Two clauses: ,…。 with four characters or more between the marks (a sentence, not a label list)
_CLAUSE = re.compile(r"[,。;!?][^,。;!?]{4,}[,。;!?]")


def _sentence_like(simp: str) -> bool:
    return bool(_CLAUSE.search(simp))


def han_only(text: str) -> str:
    """The Han characters of `text`, in order, without anything between them."""
    return _NOT_HAN.sub("", text)


def han_count(text: str) -> int:
    """How many Han characters `text` holds (one pass that drops the rest: no list of characters)."""
    return len(_NOT_HAN.sub("", text))


def is_content(simp: str) -> bool:
    """A line that reads like article prose rather than a label, menu item or headline."""
    return bool(_SENTENCE_PUNCT.search(simp)) and han_count(simp) >= 15 and classify(simp) not in FURNITURE


def _reads_as_prose(simp: str) -> bool:
    if not _SENTENCE_PUNCT.search(simp):
        return False
    han = han_count(simp)
    return han >= 15 and ("。" in simp or bool(_ENDS_SENTENCE.search(simp)) or han >= 60)


def is_salutation(simp: str) -> bool:
    """A speech's opening address: 同志们: / 各位代表、同志们:"""
    return len(simp) <= 16 and simp.endswith((":", "：")) and bool(_ADDRESSEES.search(simp))


# Whom a speech addresses: 同志们 / 各位代表 / 各位来宾
_ADDRESSEES = re.compile(r"同志|代表|来宾|朋友|女士|先生|大家")
