"""Calendar expressions in the body, as ISO 8601 (partial where the text is partial).

Month-days take their year from the same sentence, else from the publication date
(a December date in a January article is the year before), else (no date printed)
from the nearest earlier year that dates the article's narrative; with none they stay
`--MM-DD`. A year that names a past reference point (2022年…以来, 自2019年起, 此前) or a
deadline (2025年底前), or sits inside a cited title, is no anchor. A bare day (19日)
after a month context is that month's day, unless that context is a plan's (将于12月, a period
the text goes on to plan). A bare month (并于10月举办, 9月前) and a span of months (今年4月至6月)
take the year word of their sentence (今年), else the publication year, not rolled back to last
year when the sentence announces a plan (将于10月); 每年9月3日 stays partial. Document
numbers (国办发〔2007〕14号), plan names (十四五), counts (2000多年) and vague spans (近年来)
are not dates.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from typing import NamedTuple

from extractors.analysis import Analysis
from extractors.patterns import DIGITS, SPACES, anchored, guarded
from extractors.records import DateRow

VERSION = "3"

_CN_DIGIT = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "〇零○一二三四五六七八九十"
# Years: 2023 or 二〇二三; months and days: 10, 十二, 二十八
# (a year in Chinese numerals is 19xx or 20xx: 一九九八, 二〇二三; never 十 inside it)
_Y = r"(?P<y>(?:19|20)[0-9]{2}|(?:一九|二[〇零○])[〇零○一二三四五六七八九]{2})"
_M = r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_D = r"(?P<d>3[01]|[12][0-9]|0?[1-9]|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
# (Digits are ASCII, [0-9], not \d: NFKC has folded full-width ones, and the scans below rely
# on knowing every character a number can have.)
# Every character of a year, month or day number, for the scans found from their 年, 月 or 日
# (`anchored`): what may stand before the anchor in a match.
_NUMERALS = "0123456789" + _CN
# What a match can begin with, so that the scans try no other position: a year (19xx, 20xx, 一九…,
# 二〇…), a month or day (10, 05, 十二, 三), a day of the bare forms (19日, never 0).
_YEAR_FIRST = "12一二"
_MONTH_FIRST = "0123456789一二三四五六七八九十"
_BARE_FIRST = "123456789"
# The year words, and the year each names relative to publication.
_YEAR_SHIFT = {"今年": 0, "去年": -1, "明年": 1}
# What separates the parts of a numeric date: 2023-10-12, 2023/10/12, 2023.10.12.
_SEPARATORS = ("-", "/", ".")
# What joins the two ends of a span (2016-2020年, 7月15日至21日), the commonest first.
_CONNECTORS = ("至", "到", "—", "-", "–", "~", "～")


_PATTERNS = (
    # (Each scan is found from its 年, 月 or separator and tried only where a match can begin, its
    # `first` characters, before an anchor followed by what can follow it in a match, `after`;
    # the spans are scanned for only in texts holding one of their connectors, and so on: a
    # scan costs more than the tests on the articles without them.)
    # 2016-2020年, 2021—2025年, 2016年至2020年, 2016~2020年: a span of years
    ("span", guarded(_CONNECTORS, anchored(
        "年", "0123456789-—–~～至到" + SPACES,
        r"(?P<y1>(?:19|20)[0-9]{2})\s*年?\s*(?:-|—|–|~|～|至|到)\s*(?P<y2>(?:19|20)[0-9]{2})\s*年(?![\d度]?\s*[-—–~～至到]?\s*\d*月)",
        first="12"))),
    # 7月15日至21日, 7月15日—8月2日, 2024年7月15日至21日: a span of days
    ("dayspan", guarded(_CONNECTORS, anchored(
        "月", _NUMERALS + "年" + SPACES,
        rf"(?:{_Y}\s*年\s*)?{_M}\s*月\s*{_D}\s*[日号]?\s*(?:-|—|–|~|～|至|到)\s*(?:(?P<m2>1[0-2]|0?[1-9])\s*月\s*)?(?P<d2>3[01]|[12]\d|0?[1-9])\s*[日号]",
        first=_MONTH_FIRST, after=_MONTH_FIRST + SPACES))),
    # 今年4月至6月, 2024年1月至6月, 4月—6月: a span of months
    ("monthspan", guarded(_CONNECTORS, anchored(
        "月", _NUMERALS + "年今去明" + SPACES,
        rf"(?:(?P<rel>今年|去年|明年)|{_Y}\s*年)?\s*(?<![\d月])(?<![{_CN}]){_M}\s*月\s*(?:-|—|–|~|～|至|到)\s*(?P<m2>1[0-2]|0?[1-9])\s*月(?!\s*\d|[一二三四五六七八九十日号])(?:[上中下]旬|初|底|末|份)?",
        first="今去明" + _MONTH_FIRST + SPACES, after="".join(_CONNECTORS) + SPACES))),
    # 2023年10月12日, 二〇二三年十月十二日, 2023年10月12号
    ("day", anchored("年", _NUMERALS + SPACES, rf"{_Y}\s*年\s*{_M}\s*月\s*{_D}\s*[日号]",
                     first=_YEAR_FIRST, after=_MONTH_FIRST + SPACES)),
    # 2023-10-12, 2023/10/12, 2023.10.12 (not inside a longer number; found from the first
    # separator, after the digits of the year)
    ("iso", guarded(_SEPARATORS, anchored(
        _SEPARATORS, DIGITS,
        r"(?<![\d.])(?P<y>(?:19|20)\d{2})[-/.](?P<m>1[0-2]|0?[1-9])[-/.](?P<d>3[01]|[12]\d|0?[1-9])(?![\d.])",
        first="12"))),
    # 2023年8月, 2023年8月中旬
    ("month", anchored("年", _NUMERALS + SPACES,
                       rf"{_Y}\s*年\s*{_M}\s*月(?!\s*\d|[一二三四五六七八九十])(?:[上中下]旬|初|底|末|份)?",
                       first=_YEAR_FIRST, after=_MONTH_FIRST + SPACES)),
    # 今年1月, 去年12月20日, 明年3月: a month of a year named relative to publication
    ("relative", anchored("年", "今去明",
                          rf"(?P<rel>今年|去年|明年)\s*{_M}\s*月(?:\s*{_D}\s*[日号]|[上中下]旬|初|底|末|份)?",
                          first="今去明", after=_MONTH_FIRST + SPACES)),
    # 每年9月3日: every year's day, of no one year (kept partial, --09-03)
    ("recurring", guarded(("每年",), re.compile(rf"每年\s*{_M}\s*月\s*{_D}\s*[日号]"))),
    # 10月12日, 十二月二十八日 (year resolved later)
    ("monthday", anchored("月", _NUMERALS + SPACES, rf"(?<![\d年])(?<![{_CN}]年){_M}\s*月\s*{_D}\s*[日号]",
                          first=_MONTH_FIRST, after=_MONTH_FIRST + SPACES)),
    # 8月中旬, 10月上旬, 12月底 (year resolved later)
    ("monthpart", guarded(("旬", "初", "底", "末", "份"), anchored(
        "月", _NUMERALS + SPACES, rf"(?<![\d年]){_M}\s*月(?:[上中下]旬|初|底|末|份)",
        first=_MONTH_FIRST, after="上中下初底末份"))),
    # 并于10月举办, 9月前建成, ,9月举办…: a bare month in Arabic digits (year resolved later; what may
    # stand before it is checked in code, _BARE_MONTH_BEFORE)
    ("baremonth", anchored("月", "0123456789" + SPACES,
                           r"(?P<m>1[0-2]|[1-9])\s*月(?!\s*\d|[一二三四五六七八九十个日号份初底末]|[上中下]旬)",
                           first=_BARE_FIRST)),
    # 2019年 (not 2019年度报告? still a year; not 2000多年, not 〔2007〕)
    ("year", anchored("年", _NUMERALS + SPACES, rf"(?<![\d〔\[(【]){_Y}\s*年(?!\s*\d|\s*[{_CN}]+月|代)",
                      first=_YEAR_FIRST)),
)
# Brackets that mark a document number's year: 国办发〔2007〕14号, [2019]3号
_DOC_NUMBER = guarded(("号",), re.compile(r"[〔\[(【]\s*(?:19|20)\d{2}\s*[〕\])】]\s*\d+\s*号"))


def _num(s: str) -> int:
    if s.isdigit():
        return int(s)
    if len(s) == 4 and all(c in _CN_DIGIT for c in s):  # 二〇二三
        return int("".join(str(_CN_DIGIT[c]) for c in s))
    if "十" in s:  # 十, 十二, 二十八
        tens, _, ones = s.partition("十")
        return (_CN_DIGIT.get(tens, 1) if tens else 1) * 10 + (_CN_DIGIT.get(ones, 0) if ones else 0)
    return _CN_DIGIT.get(s, 0)  # an unknown numeral reads 0, which no month or day accepts


def _resolve_year(month: int, day: int, published: dt.date | None, context: "_YearContext") -> int | None:
    if context.recurring:
        return None  # 每年9月3日: every year's, no one year's
    if context.sentence_year is not None:
        return context.sentence_year
    if published is None:
        # No date printed: the narrative's year, if an earlier sentence gives one.
        return context.article_year
    year = published.year
    if context.relative is not None:
        return year + context.relative  # 今年,联盟将…于10月举办: the sentence says which year
    if context.planned:
        return year  # 将于10月举办 in a July article: later this year, not last year
    try:
        candidate = dt.date(year, month, day)
    except ValueError:
        return None
    # A date more than two months after publication is last year's (12月28日 in a January article).
    return year - 1 if (candidate - published).days > 62 else year


def _valid(y: int | None, m: int, d: int | None) -> bool:
    try:
        dt.date(2000 if y is None else y, m, 1 if d is None else d)  # year 0 is no year: invalid
    except ValueError:
        return False
    return True


def extract(analysis: Analysis) -> list[DateRow]:
    """Every calendar expression in the body with its ISO value and kind."""
    body = analysis.body
    published = analysis.article.published
    anchors: tuple[_Anchor, ...] | None = None  # found when a partial date first needs them
    anchor_offsets: list[int] = []
    taken = [False] * len(body)
    for m in _DOC_NUMBER.finditer(body):
        start, end = m.span()
        taken[start:end] = [True] * (end - start)
    found: list[tuple[int, int, str, str]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(body):
            start, end = m.span()
            if any(taken[start:end]) or kind == "baremonth" and not _bare_month_placed(body, start):
                continue
            context = None
            if kind in _PARTIAL_KINDS:
                if anchors is None:
                    anchors = _anchors(analysis)
                    anchor_offsets = [a.offset for a in anchors]
                context = _YearContext.at(analysis, anchors, anchor_offsets, start)
            value = _value(kind, m, published, context)
            if value is None:
                continue
            taken[start:end] = [True] * (end - start)
            out_kind = _ROW_KIND[kind] if kind != "relative" else "day" if m.group("d") else "month"
            found.append((start, end, value, out_kind))
    found.sort()
    bare = _bare_days(analysis, found, taken)
    if bare:
        found = sorted(found + bare)
    aid = analysis.article.article_id
    return [DateRow(aid, body[s:e].strip(), v, k, s, e) for s, e, v, k in found]


# The kind of row each scan's dates make (a relative one's: a day or a month, as it has a day).
_ROW_KIND = {"span": "span", "dayspan": "span", "monthspan": "span", "day": "day", "iso": "day", "month": "month",
             "recurring": "day", "monthday": "day", "monthpart": "month", "baremonth": "month", "year": "year"}
# The scans whose dates may lack their year and take it from the text around them (_YearContext).
_PARTIAL_KINDS = frozenset({"dayspan", "monthspan", "monthday", "monthpart", "baremonth"})


def _value(kind: str, m: re.Match, published: dt.date | None, context: "_YearContext | None") -> str | None:
    # (`context` is None for the kinds that always print their year: not in _PARTIAL_KINDS.)
    g = m.groupdict()
    if kind == "span":
        y1, y2 = int(g["y1"]), int(g["y2"])
        return f"{y1}/{y2}" if y1 < y2 else None
    if kind == "dayspan":
        mo, d = _num(g["m"]), _num(g["d"])
        mo2, d2 = _num(g["m2"]) if g["m2"] else mo, _num(g["d2"])
        if not (_valid(None, mo, d) and _valid(None, mo2, d2)):
            return None
        y = _num(g["y"]) if g["y"] else _resolve_year(mo, d, published, context)
        y2 = y + 1 if y is not None and (mo2, d2) < (mo, d) else y
        if y is None or not (_valid(y, mo, d) and _valid(y2, mo2, d2)):
            return f"--{mo:02d}-{d:02d}/--{mo2:02d}-{d2:02d}"
        return f"{y:04d}-{mo:02d}-{d:02d}/{y2:04d}-{mo2:02d}-{d2:02d}"
    if kind in ("day", "iso"):
        y, mo, d = _num(g["y"]), _num(g["m"]), _num(g["d"])
        return f"{y:04d}-{mo:02d}-{d:02d}" if _valid(y, mo, d) else None
    if kind == "month":
        y, mo = _num(g["y"]), _num(g["m"])
        return f"{y:04d}-{mo:02d}" if 1 <= mo <= 12 else None
    if kind == "relative":
        # Without a publication date 今年 says nothing about the year: left to the month-day rules.
        if published is None:
            return None
        y = published.year + _YEAR_SHIFT[g["rel"]]
        mo = _num(g["m"])
        if not g["d"]:
            return f"{y:04d}-{mo:02d}" if 1 <= mo <= 12 else None
        d = _num(g["d"])
        return f"{y:04d}-{mo:02d}-{d:02d}" if _valid(y, mo, d) else None
    if kind == "monthspan":
        mo, mo2 = _num(g["m"]), _num(g["m2"])
        if not (1 <= mo <= 12 and 1 <= mo2 <= 12 and mo < mo2):
            return None
        if g["y"]:
            y = _num(g["y"])
        elif g["rel"] and published is not None:
            y = published.year + _YEAR_SHIFT[g["rel"]]
        else:
            y = _resolve_year(mo, 1, published, context)
        return f"{y:04d}-{mo:02d}/{y:04d}-{mo2:02d}" if y else f"--{mo:02d}/--{mo2:02d}"
    if kind == "recurring":
        mo, d = _num(g["m"]), _num(g["d"])
        return f"--{mo:02d}-{d:02d}" if _valid(None, mo, d) else None
    if kind == "year":
        y = _num(g["y"])
        return f"{y:04d}" if 1900 <= y <= 2100 else None
    mo = _num(g["m"])
    d = _num(g["d"]) if kind == "monthday" else None
    if not _valid(None, mo, d):
        return None
    year = _resolve_year(mo, d or 1, published, context)
    if kind in ("monthpart", "baremonth"):
        return f"{year:04d}-{mo:02d}" if year else f"--{mo:02d}"
    # 2月29日 of a year that has none stays partial rather than becoming an impossible date.
    return f"{year:04d}-{mo:02d}-{d:02d}" if year and _valid(year, mo, d) else f"--{mo:02d}-{d:02d}"


# A year, possibly with its month and day: 2022年, 2023年9月, 2023年9月12日 (anchors of the narrative).
_YEAR_EXPR = anchored("年", _NUMERALS + SPACES, rf"{_Y}\s*年(?:\s*{_M}\s*月(?:\s*{_D}\s*[日号])?)?(?!\s*\d|代|度|[{_CN}]+月)", first=_YEAR_FIRST)
# Clause boundaries: a year dates only the clause it opens.
_CLAUSE_MARKS = ",，;；:：。!?！？\n"
_CLAUSE_END = re.compile(f"[{_CLAUSE_MARKS}]")
# Before the year, words that make it a reference point: 自2019年起, 从2020年, 截至2023年, 与2019年相比.
# The end year of a span is no anchor either: 2021—2025年.
_PAST_BEFORE = re.compile(r"(?:自|从|截至|截止|直到|到|至|比|较|与|同|早在|曾于|曾在|[-—–~～])\s*$")
# Right after the year, a reference point or deadline: 2022年以来, 2019年起, 2025年底前, 2020年前, 2023年9月12日起.
_PAST_AFTER = re.compile(r"^\s*(?:[上中下]旬|初|底|末|份)?\s*(?:以来|以前|之前|之后|以后|前|后|起|开始|至今|同期|相比)")
# Anywhere later in the clause, a since-phrase: 2022年甘南州被命名为示范州以来 / 此前 / 至今.
_PAST_IN_CLAUSE = re.compile(r"以来|至今|此前|以前|之前|相比|同期")


class _Anchor(NamedTuple):
    offset: int
    year: int
    same_clause_only: bool  # a bare year inside a clause dates that clause, not the sentences after it


def _anchors(analysis: Analysis) -> tuple[_Anchor, ...]:
    """Years that date the narrative: full dates, year-months, and bare years opening a
    clause (2023年,全县… / 2022年全县民族工作会议于3月18日召开), none of them inside 《》
    nor naming a past reference point or a deadline."""
    body = analysis.body
    out = []
    for m in _YEAR_EXPR.finditer(body):
        start, end = m.span()
        if body.rfind("《", 0, start) > body.rfind("》", 0, start):  # inside a cited title
            continue
        if _PAST_BEFORE.search(body, max(0, start - 4), start):
            continue
        next_end = _CLAUSE_END.search(body, end)
        clause_rest = body[end:next_end.start() if next_end else len(body)]
        if _PAST_AFTER.match(clause_rest) or _PAST_IN_CLAUSE.search(clause_rest):
            continue
        clause_before = body[_clause_start(body, start):start]
        if _PAST_IN_CLAUSE.search(clause_before):
            continue
        bare = m.group("m") is None
        opens_clause = not clause_before.strip()
        out.append(_Anchor(start, _num(m.group("y")), bare and not opens_clause))
    return tuple(out)


def _clause_start(body: str, offset: int) -> int:
    """Where the clause holding `offset` begins: after the last clause mark before it, or at 0."""
    # A year mostly opens its clause or stands a few characters into it: a walk back over them
    # costs less than a search for each mark, kept for a long clause.
    i, stop = offset, max(0, offset - 24)
    while i > stop:
        if body[i - 1] in _CLAUSE_MARKS:
            return i
        i -= 1
    last = -1
    for c in _CLAUSE_MARKS:  # (each search only after the latest mark found so far)
        last = max(last, body.rfind(c, last + 1, i))
    return last + 1


class _YearContext(NamedTuple):
    """Where a month-day can take its year from: its own sentence, or the article before it."""

    sentence_year: int | None
    article_year: int | None
    relative: int | None = None  # 今年 (0), 去年 (-1), 明年 (+1) earlier in the sentence
    planned: bool = False  # the sentence announces a plan before the date: 将于10月, 计划9月
    recurring: bool = False  # 每年9月3日

    @staticmethod
    def at(analysis: Analysis, anchors: tuple[_Anchor, ...], offsets: list[int], offset: int) -> "_YearContext":
        """The years available to a partial date at `offset`, given the article's anchors and
        their offsets."""
        sentence_start = analysis.sentence_at(offset).start
        i = bisect.bisect_left(offsets, offset)  # anchors before the date: [:i]
        in_sentence = anchors[i - 1].year if i and offsets[i - 1] >= sentence_start else None
        narrative = next((a.year for a in reversed(anchors[:i]) if not a.same_clause_only), None)
        before = analysis.body[sentence_start:offset]
        rel = _RELATIVE_YEAR.findall(before)
        return _YearContext(in_sentence, narrative, _YEAR_SHIFT[rel[-1]] if rel else None,
                            _PLANNED.search(before) is not None, before.rstrip().endswith("每年"))


# 今年4月至6月,…,9月举办: the year word of the sentence dates its later months; not a since-phrase
# (去年以来,…3月5日 is this year's).
_RELATIVE_YEAR = re.compile(r"(?:今年|去年|明年)(?!以来|至今|同期|以前|之前|前|底前)")
# A plan announced before the date in its sentence: 将于10月, 计划9月, 拟于, 预计.
_PLANNED = re.compile(r"将|计划|拟|预计")
# What may stand before a bare month: the start of a clause, or 于/在/到/至/从/自 (并于10月举办).
_BARE_MONTH_BEFORE = re.compile(r"(?:^|[,，;；:：。!?！？\n(（]|于|在|到|至|从|自)\s*$")


def _bare_month_placed(body: str, start: int) -> bool:
    """Whether a bare month stands where a date does (并于10月, ,9月举办), not inside a number or
    name (第3月, 每年9月 is every year's)."""
    before = body[max(0, start - 3):start]
    if start and body[start - 1] in _NOT_BEFORE_BARE_DAY or before.endswith("每年"):
        return False
    return _BARE_MONTH_BEFORE.search(before) is not None


# A bare day, or span of days, written after a month was given: 6月17日至21日…19日,双方… / 19日至20日.
# Not a duration, count or relative day: 30日内, 15日以上, 3日游, 5日后.
# (The character before is checked in code, _NOT_BEFORE_BARE_DAY: a leading lookbehind would be
# tried at every position of the body.)
_NOT_BEFORE_BARE_DAY = set("0123456789月年号/.-—–~～至到第")
_BARE_DAY = anchored(
    "日", "0123456789" + SPACES,
    r"(?P<d>3[01]|[12][0-9]|[1-9])\s*日"
    r"(?:\s*(?:-|—|–|~|～|至|到)\s*(?P<d2>3[01]|[12]\d|[1-9])\s*日)?(?!\s*(?:内|以内|之内|以上|以下|左右|游|电|讯|后|之后|以后|\d))",
    first=_BARE_FIRST,
)
# What may stand before a bare day: the start of a clause, or 于/在/当月/同月 (代表团于19日抵达).
_BARE_DAY_BEFORE = re.compile(r"(?:^|[,，;；:：。!?！？\n]|于|在|当月|同月|并于|又于|随后)\s*$")
# The month context of a found date: 2024-06-17, --06-17, 2024-06-17/2024-06-21, 2023-06.
_MONTH_OF = re.compile(r"^(?P<y>\d{4}|-)-(?P<m>\d{2})(?:-(?P<d>\d{2}))?(?:/(?P<y2>\d{4}|-)-(?P<m2>\d{2})-(?P<d2>\d{2}))?$")


def _planned(analysis: Analysis, date: tuple[int, int, str, str]) -> bool:
    """Whether a found date is a plan's, not the narrative's: announced as one (将于12月举办), or a
    period the text goes on to plan (11月20日至12月20日,全县将开展…)."""
    sentence = analysis.sentence_at(date[0])
    if _PLANNED.search(analysis.body, sentence.start, date[0]):
        return True
    return date[3] == "span" and _PLANNED.search(analysis.body, date[1], sentence.end) is not None


def _bare_days(analysis: Analysis, found: list[tuple[int, int, str, str]],
               taken: list[bool]) -> list[tuple[int, int, str, str]]:
    """Bare days (19日) after a dated month: the month of the nearest earlier day, span or
    month, when the day does not fall before it (a later month would be a guess). A date in
    a plan (11月20日至12月20日,全县将…) is not the narrative's, it gives no month."""
    body = analysis.body
    out: list[tuple[int, int, str, str]] = []
    ends: list[int] | None = None  # the found dates' ends, in order, once a bare day needs them
    for m in _BARE_DAY.finditer(body):
        if m.start() and body[m.start() - 1] in _NOT_BEFORE_BARE_DAY:
            continue
        if any(taken[m.start():m.end()]) or not _BARE_DAY_BEFORE.search(body[max(0, m.start() - 4):m.start()]):
            continue
        if ends is None:
            found = sorted(found, key=lambda f: f[1])
            ends = [f[1] for f in found]
        i = bisect.bisect_right(ends, m.start())  # found dates ending before the bare day: [:i]
        context = next((found[j] for j in range(i - 1, -1, -1) if found[j][3] in ("day", "span", "month")
                        and _MONTH_OF.match(found[j][2]) and not _planned(analysis, found[j])), None)
        month = _MONTH_OF.match(context[2]) if context else None
        if month is None:
            continue
        # A context span's end month, when it has one (6月28日至7月3日…2日 is July's, of the end's year).
        ends_elsewhere = month.group("m2") and month.group("m2") != month.group("m")
        y_text = month.group("y2") if month.group("m2") else month.group("y")
        year = None if y_text == "-" else int(y_text)
        mo = int(month.group("m2") if ends_elsewhere else month.group("m"))
        first = 1 if ends_elsewhere else int(month.group("d") or 1)
        d = int(m.group("d"))
        d2 = int(m.group("d2")) if m.group("d2") else None
        days_ok = all(_valid(year or 2000, mo, x) for x in (d, d2) if x is not None)
        if d < first or (d2 is not None and d2 <= d) or not days_ok:
            continue
        y = f"{year:04d}" if year is not None else "-"
        value = f"{y}-{mo:02d}-{d:02d}" + (f"/{y}-{mo:02d}-{d2:02d}" if d2 else "")
        out.append((m.start(), m.end(), value, "span" if d2 else "day"))
        found.insert(i, out[-1])
        ends.insert(i, m.end())
    return out
