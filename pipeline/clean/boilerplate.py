"""Cuts inside lines: datelines, run-in captions, closing credits and paywall notices.

What a whole line is (prose, credit, caption, chrome…) is decided in `roles.py`;
this module cuts the parts of a body line that are not article text: the dateline
that opens the first paragraph (梧州日报讯(记者 吴晓梅)…), a photo caption run into a
paragraph, the credits closing the last one ((陈立新 马晓云), (供稿:王芳)) and a paywall
notice. Each cut is applied to both forms of the line, as published and simplified.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.patterns import starting
from extractors.records import Byline
from pipeline.clean.roles import NAME, Role, classify, credits, is_credit_line


class _RoleOnce:
    """`Line.role`: classified on first use, then kept in the line's __dict__, which outranks a
    descriptor without __set__ (functools.cached_property does the same, but under a lock that
    costs more than the lookup it saves)."""

    def __get__(self, line: "Line | None", owner: type | None = None) -> Role:
        if line is None:
            return self
        role = line.__dict__["role"] = classify(line.simp)
        return role


@dataclass(frozen=True, init=False)
class Line:
    """One line of a page in both scripts: `orig` as published, `simp` simplified."""

    orig: str
    simp: str

    def __init__(self, orig: str, simp: str) -> None:
        # Written into the instance's __dict__, as a frozen dataclass's own __init__ does through
        # object.__setattr__ (twice the time, for every line of every page).
        fields = self.__dict__
        fields["orig"] = orig
        fields["simp"] = simp

    # What the line is on the page (roles.classify), decided once for the line.
    role = _RoleOnce()

    def cut(self, start: int, end: int | None = None) -> "Line":
        """The same slice of both forms (t2s keeps lengths; if not, the original is kept whole)."""
        simp = self.simp[start:end]
        orig = self.orig[start:end] if len(self.orig) == len(self.simp) else self.orig
        return Line(orig.strip(), simp.strip())


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
# What a notice can begin with: leading dots or spaces, a bracket, or the first character of a
# notice's words (a superset is harmless: it only lets the scan skip fewer positions; see
# extractors/patterns.py).
_NOTICE_FIRST = "".join(sorted({alt[0] for alt in _NOTICE.split("|")}))
_PAYWALL = starting(
    rf".…。·\s(（\[【{_NOTICE_FIRST}",
    r"(?!(?<!。)。)[.…。·\s]*"
    rf"(?:[(（\[【][^()（）\[\]【】]{{0,60}}?(?:{_NOTICE}|{_BRACKETED_NOTICE})|(?:{_NOTICE}))"
)


# Words every notice holds (全文 for 全文共, 余下全文 and 查看全文请; 会员 for 正式会员 and 开通会员):
# a line without any of them is passed over at once.
_NOTICE_WORD = re.compile("省略|全文|当前仅显示|剩余|未完|会员|付费阅读|登录后|完整阅读")


def paywall_at(simp: str) -> int | None:
    """Where a paywall or truncation notice starts in the line, or None."""
    m = _PAYWALL.search(simp) if _NOTICE_WORD.search(simp) else None
    return m.start() if m else None


# --- datelines and captions inside body lines ----------------------------------------------
# 梧州零距离网-梧州日报讯(记者 吴晓梅) / 本报讯(记者 X 通讯员 Y) / 新华社西宁3月5日电(记者 X)
# / 某某新闻网·某某客户端讯 (a lead-in naming two channels of one outlet: the first is the outlet)
_DATELINE = re.compile(
    r"^(?:(?P<site>[\u4e00-\u9fffA-Za-z0-9]{2,16}?)\s*[-—_|]\s*)?"
    # An outlet ending in 社/网/报/台 is preferred, so the place does not swallow it:
    # 新华社西宁3月5日电 / 中国新闻网北京3月5日电, not 新华 + 社西宁 / 中国 + 新闻网北京.
    r"(?P<outlet>[\u4e00-\u9fffA-Za-z0-9]{1,19}?(?:社|网|报|台)|[\u4e00-\u9fffA-Za-z0-9]{2,20}?)"
    r"(?:[·•・][\u4e00-\u9fffA-Za-z0-9]{2,16}?)?"
    r"(?:(?P<place>[\u4e00-\u9fff]{2,8}?)(?P<when>\d{1,2}月\d{1,2}日)?电|讯"
    # 某某统战网11月25日(通讯员 张三): an outlet with its date glued on, credits after it
    r"|(?P<glued>\d{1,2}月\d{1,2}日)(?=\s*[(（【\[]))"
    r"\s*(?:[(（【\[](?P<credits>[^()（）【】\[\]]{0,60})[)）】\]])?"
)


# A glued date's end: 11月25日(
_DAY_BRACKET = re.compile(r"日\s*[(（【\[]")


def may_hold_dateline(s: str) -> bool:
    """Every dateline holds 讯, 电 or a glued date's 日 before a bracket: other lines skip the pattern."""
    return "讯" in s or "电" in s or ("日" in s and bool(_DAY_BRACKET.search(s)))


@dataclass(frozen=True)
class Dateline:
    """What a dateline names: the outlet (None for 本报/本网), the credits, and the month-day
    of filing (新华社西宁3月5日电 -> (3, 5)), whose year the page's chrome may give."""

    outlet: str | None
    bylines: tuple[Byline, ...]
    month_day: tuple[int, int] | None = None


# The month-day a dateline was filed on: 3月5日
_FILED = re.compile(r"(\d{1,2})月(\d{1,2})日")


def strip_dateline(line: Line) -> tuple[Line, Dateline | None]:
    """Remove a leading dateline (梧州日报讯(记者 吴晓梅)…); return the rest and what it named."""
    m = _DATELINE.match(line.simp) if may_hold_dateline(line.simp) else None
    if not m or not (m.group("credits") or "讯" in m.group(0)[-12:] or m.group("when") or m.group("place")):
        return line, None
    outlet = m.group("outlet")
    if m.group("glued") and not outlet.endswith(("网", "报", "社", "台")):
        return line, None  # 会议于3月5日(周二)召开 is a sentence, not a dateline
    if m.group("place") is None and outlet.endswith(("本", "本报", "本网")) is False and len(outlet) < 2:
        return line, None
    # 新华社西宁3月5日电: the outlet is the agency, the place is where it was filed.
    if outlet in ("本报", "本网", "本台", "本刊"):
        outlet = None
    when = _FILED.match(m.group("when") or m.group("glued") or "")
    bylines = tuple(credits(m.group("credits"))) if m.group("credits") else ()
    return line.cut(m.end()), Dateline(outlet, bylines, (int(when[1]), int(when[2])) if when else None)


# Credits run into the end of the last paragraph: …圆满成功。(陈立新 马晓云) / …。(供稿:王芳)
# / …。(来源:县委统战部 编辑:李强 编审:张敏)
_END_CREDIT = re.compile(r"(?<=[。!?”\"』」])\s*([(（][^()（）]{2,80}[)）])$")


def _ends_with_bracket(s: str) -> bool:
    """Closing credits end the line (or its last line break, as $ allows): other lines skip the scan."""
    return s.endswith((")", "）", ")\n", "）\n"))


# A photo caption's credit run into text: "…并讲话。梧州日报记者 周海涛 摄 韦国强指出…"
_INLINE_CREDIT = re.compile(rf"(?:\S{{0,10}}?(?:记者|通讯员|摄影)\s*)({NAME}(?:[ 、,]+{NAME})*)\s*摄")


# The role words an inline credit holds: 梧州日报记者 周海涛 摄 / 摄影 张三 摄
_CREDIT_ROLE_WORD = re.compile("记者|通讯员|摄影")
_NAME_SEP = re.compile(r"[ 、,]+")  # between names: 张三 李四 / 张三、李四


def _may_credit_inline(simp: str) -> bool:
    """No inline credit without 摄 and a role word: the scan, slow on prose, is skipped."""
    return "摄" in simp and ("记者" in simp or "通讯员" in simp or "摄影" in simp)


def _inline_credit(simp: str) -> re.Match | None:
    """_INLINE_CREDIT.search(simp), the same match, tried only where one can begin: at most ten
    characters before a role word (the scan tries its ten-character prefix at every character,
    the slowest of the line rules on long paragraphs)."""
    if not _may_credit_inline(simp):
        return None
    tried = 0  # starts before this one have been tried
    for role in _CREDIT_ROLE_WORD.finditer(simp):
        for start in range(max(tried, role.start() - 10), role.start() + 1):
            if m := _INLINE_CREDIT.match(simp, start):
                return m
        tried = role.start() + 1
    return None


# Credits in brackets opening the first paragraph, without a dateline: (记者 张三 通讯员 李四)10月12日,…
_LEAD_CREDIT = re.compile(r"^([(（【\[][^()（）【】\[\]]{2,60}[)）】\]])\s*(?=\S)")


def strip_lead_credits(line: Line) -> tuple[Line, Line | None]:
    """Cut credits in brackets that open a paragraph; return the rest and the credits as a line."""
    m = _LEAD_CREDIT.match(line.simp)
    if not m or not is_credit_line(m.group(1)) or not credits(m.group(1)):
        return line, None
    return line.cut(m.end()), line.cut(0, m.end())


def strip_end_credits(line: Line) -> tuple[Line, Line | None]:
    """Cut credits closing a paragraph; return the rest and the credits as a line of their own."""
    m = _END_CREDIT.search(line.simp) if _ends_with_bracket(line.simp) else None
    if not m or not is_credit_line(m.group(1)):
        return line, None
    credit = line.cut(m.start(1))
    return line.cut(0, m.start(1)), credit


def strip_inline_captions(line: Line) -> tuple[Line, list[Byline]]:
    """Remove photo captions run into a paragraph (…并讲话。梧州日报记者 周海涛 摄 …)."""
    bylines: list[Byline] = []
    while True:
        m = _inline_credit(line.simp)
        if not m:
            return line, bylines
        bylines += [Byline(n, "摄影") for n in _NAME_SEP.split(m.group(1)) if len(n) >= 2]
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
