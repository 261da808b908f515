"""Calendar expressions in the body, as ISO 8601 (partial where the text is partial).

Month-days take their year from the same sentence, else from the publication date
(a December date in a January article is the year before); with neither they stay
`--MM-DD`. Document numbers (国办发〔2007〕14号), plan names (十四五), counts
(2000多年) and vague spans (近年来) are not dates.
"""

from __future__ import annotations

import datetime as dt
import re

from extractors.analysis import Analysis
from pipeline.records import DateRow

VERSION = "1"

_CN_DIGIT = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "〇零○一二三四五六七八九十"
# Years: 2023 or 二〇二三; months and days: 10, 十二, 二十八
_Y = rf"(?P<y>(?:19|20)\d{{2}}|[{_CN}]{{4}})"
_M = rf"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_D = rf"(?P<d>3[01]|[12]\d|0?[1-9]|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"

_PATTERNS = (
    # 2016-2020年, 2021—2025年, 2016年至2020年, 2016~2020年: a span of years
    ("span", re.compile(r"(?P<y1>(?:19|20)\d{2})\s*年?\s*(?:-|—|–|~|～|至|到)\s*(?P<y2>(?:19|20)\d{2})\s*年(?![\d度]?\s*[-—–~～至到]?\s*\d*月)")),
    # 7月15日至21日, 7月15日—8月2日, 2024年7月15日至21日: a span of days
    ("dayspan", re.compile(rf"(?:{_Y}\s*年\s*)?{_M}\s*月\s*{_D}\s*[日号]?\s*(?:-|—|–|~|～|至|到)\s*(?:(?P<m2>1[0-2]|0?[1-9])\s*月\s*)?(?P<d2>3[01]|[12]\d|0?[1-9])\s*[日号]")),
    # 2023年10月12日, 二〇二三年十月十二日, 2023年10月12号
    ("day", re.compile(rf"{_Y}\s*年\s*{_M}\s*月\s*{_D}\s*[日号]")),
    # 2023-10-12, 2023/10/12, 2023.10.12 (not inside a longer number)
    ("iso", re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d{2})[-/.](?P<m>1[0-2]|0?[1-9])[-/.](?P<d>3[01]|[12]\d|0?[1-9])(?![\d.])")),
    # 2023年8月, 2023年8月中旬
    ("month", re.compile(rf"{_Y}\s*年\s*{_M}\s*月(?!\s*\d|[一二三四五六七八九十])(?:[上中下]旬|初|底|末|份)?")),
    # 10月12日, 十二月二十八日 (year resolved later)
    ("monthday", re.compile(rf"(?<![\d年])(?<![{_CN}]年){_M}\s*月\s*{_D}\s*[日号]")),
    # 8月中旬, 10月上旬, 12月底 (year resolved later)
    ("monthpart", re.compile(rf"(?<![\d年]){_M}\s*月(?:[上中下]旬|初|底|末|份)")),
    # 2019年 (not 2019年度报告? still a year; not 2000多年, not 〔2007〕)
    ("year", re.compile(rf"(?<![\d〔\[(【]){_Y}\s*年(?!\s*\d|\s*[{_CN}]+月|代)")),
)
# Brackets that mark a document number's year: 国办发〔2007〕14号, [2019]3号
_DOC_NUMBER = re.compile(r"[〔\[(【]\s*(?:19|20)\d{2}\s*[〕\])】]\s*\d+\s*号")


def _num(s: str) -> int:
    if s.isdigit():
        return int(s)
    if len(s) == 4 and all(c in _CN_DIGIT for c in s):  # 二〇二三
        return int("".join(str(_CN_DIGIT[c]) for c in s))
    if "十" in s:  # 十, 十二, 二十八
        tens, _, ones = s.partition("十")
        return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)
    return _CN_DIGIT[s]


def _resolve_year(month: int, day: int, published: dt.date | None, sentence_year: int | None) -> int | None:
    if sentence_year is not None:
        return sentence_year
    if published is None:
        return None
    year = published.year
    try:
        candidate = dt.date(year, month, day)
    except ValueError:
        return None
    # A date more than two months after publication is last year's (12月28日 in a January article).
    return year - 1 if (candidate - published).days > 62 else year


def _valid(y: int | None, m: int, d: int | None) -> bool:
    try:
        dt.date(y or 2000, m, d or 1)
    except ValueError:
        return False
    return True


def extract(analysis: Analysis) -> list[DateRow]:
    """Every calendar expression in the body with its ISO value and kind."""
    body = analysis.body
    published = analysis.article.published
    taken = [False] * len(body)
    for m in _DOC_NUMBER.finditer(body):
        taken[m.start():m.end()] = [True] * (m.end() - m.start())
    found: list[tuple[int, int, str, str]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(body):
            if any(taken[m.start():m.end()]):
                continue
            value = _value(kind, m, body, published, analysis)
            if value is None:
                continue
            taken[m.start():m.end()] = [True] * (m.end() - m.start())
            out_kind = {"iso": "day", "monthday": "day", "monthpart": "month", "dayspan": "span"}.get(kind, kind)
            found.append((m.start(), m.end(), value, out_kind))
    found.sort()
    aid = analysis.article.article_id
    return [DateRow(aid, body[s:e].strip(), v, k, s, e) for s, e, v, k in found]


def _value(kind: str, m: re.Match, body: str, published: dt.date | None, analysis: Analysis) -> str | None:
    g = m.groupdict()
    if kind == "span":
        y1, y2 = int(g["y1"]), int(g["y2"])
        return f"{y1}/{y2}" if y1 < y2 else None
    if kind == "dayspan":
        mo, d = _num(g["m"]), _num(g["d"])
        mo2, d2 = _num(g["m2"]) if g["m2"] else mo, _num(g["d2"])
        if not (_valid(None, mo, d) and _valid(None, mo2, d2)):
            return None
        y = _num(g["y"]) if g["y"] else _resolve_year(mo, d, published, _sentence_year(analysis, m.start()))
        if y is None:
            return f"--{mo:02d}-{d:02d}/--{mo2:02d}-{d2:02d}"
        y2 = y + 1 if (mo2, d2) < (mo, d) else y
        return f"{y:04d}-{mo:02d}-{d:02d}/{y2:04d}-{mo2:02d}-{d2:02d}"
    if kind in ("day", "iso"):
        y, mo, d = _num(g["y"]), _num(g["m"]), _num(g["d"])
        return f"{y:04d}-{mo:02d}-{d:02d}" if _valid(y, mo, d) else None
    if kind == "month":
        y, mo = _num(g["y"]), _num(g["m"])
        return f"{y:04d}-{mo:02d}" if 1 <= mo <= 12 else None
    if kind == "year":
        y = _num(g["y"])
        return f"{y:04d}" if 1900 <= y <= 2100 else None
    mo = _num(g["m"])
    d = _num(g["d"]) if kind == "monthday" else None
    if not _valid(None, mo, d):
        return None
    year = _resolve_year(mo, d or 1, published, _sentence_year(analysis, m.start()))
    if kind == "monthpart":
        return f"{year:04d}-{mo:02d}" if year else f"--{mo:02d}"
    return f"{year:04d}-{mo:02d}-{d:02d}" if year else f"--{mo:02d}-{d:02d}"


# The year of an explicit full or year-month date earlier in the same sentence:
# 2023年12月28日至1月3日 -> the 1月3日 belongs to the sentence's year (or the next).
_SENTENCE_YEAR = re.compile(rf"{_Y}\s*年\s*(?:{_M}\s*月)?")


def _sentence_year(analysis: Analysis, offset: int) -> int | None:
    sentence = analysis.sentence_at(offset)
    before = analysis.body[sentence.start:offset]
    years = [m for m in _SENTENCE_YEAR.finditer(before) if m.group("m")]
    return _num(years[-1].group("y")) if years else None
