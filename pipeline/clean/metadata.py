"""Article metadata from the page itself: headline, publication date, source, bylines.

Everything is read from the lines around the body (the header above it and the
trailer below it), the dateline, and for HTML the <title>, headings and <meta>
tags. Dates are taken only from labelled fields (发布时间:…, 发表于…), the lines
under the headline, short metadata lines just above or below the body, <meta> tags
or the URL, never from a related-news list or the site's clock; when none is
printed the date stays null rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from extractors.patterns import guarded, starting
from extractors.records import Byline
from pipeline.clean import boilerplate as bp
from pipeline.clean.boilerplate import Line
from pipeline.clean.html import HtmlPage, han_bigrams
from pipeline.clean.normalize import normalize_line, to_simplified
from pipeline.clean.roles import FURNITURE, META_LABEL, NAME, Role, credits, han_count, han_only, photo_credits
from pipeline.clean.text import Segmented

# 2023-10-13, 2023/10/13 8:09:00, 2023.10.13, 2023年10月13日, 2023 年 10 月 13 日, and a year set
# apart from its month/day by a space: 2024 05/24 15:42:42. (This scan and the next are told
# their first characters: extractors/patterns.py.)
_DATE = starting(
    "12",
    r"(?<!\d)((?:19|20)\d{2})(?:\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)|\s+(\d{1,2})[-/])\s*(\d{1,2})(?!\d)\s*日?",
)
# 12.04.2016 09:30, 28.07.2016, 9/17/2004 5:54:13 AM: day and month before the year, in an order
# the site chooses (DateReader decides it for the page)
_NUMERIC_DATE = starting(r"\d", r"(?<![\d/.])(\d{1,2})([./])(\d{1,2})\2((?:19|20)\d{2})(?![\d/.])")
# Every date holds a digit: a line without one is read no further.
_DIGIT = re.compile(r"\d")
# A month-day an article reports: 4月11日
_MONTH_DAY = starting(r"\d", r"(?<!\d)(\d{1,2})月(\d{1,2})日")
# 05-03-21, 05年3月21日: a two-digit year, believed only right after a date label
_SHORT_DATE = re.compile(r"^(\d{2})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?![\d/.])")
# The label of a publication-date field, with a colon (发布日期:2023-10-13, 发表时间:2025/10/13 8:09:00,
# 时间:2023-08-26, [日期:2005-07-31]) or, when the date follows at once, without one
# (发布时间 2005/05/17 22:11:42, 发表于 2005-9-15 11:46:00, 更新时间 2020-02-14).
_LABELLED = starting(
    "发表更上录出刊添日时Pp",
    r"(?:(?:发布|发表|更新|上传|录入|出版|刊发|发稿|添加)(?:日期|时间)|日期|时间|发表于|发布于|更新于|Posted\s+on|Published)\s*(?P<colon>[:：])?\s*",
    re.I,
)
# A label alone on its line, its value on the next one: 发布日期: / [日期:
_BARE_LABEL = re.compile(r"^[\[【(]?\s*(?:(?:发布|发表|更新|出版|刊发|发稿)(?:日期|时间)|日期|时间)\s*[:：]$")
# A date the line says the page was posted on: 2005-04-28 11:13更新 / 本贴由大卫于2005年8月12日16:12:21在〖…〗发表
_POSTED_AFTER = re.compile(r"^[^。,;!?]{0,24}?(?:发表|发布|更新|发稿|刊发)")
# The site's clock in a top bar, not a publication date: 今天是:2024年5月9日 / 今日是 2024年7月23日
_CLOCK_LINE = re.compile(r"今天是|今日是")
# The clock time after a date, to see what else a dated line holds: 11:55:08, 9:23:57 PM, 14:32PM
_CLOCK = re.compile(r"^\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp][Mm])?")
# /202308/, /2023/08/26/, /20230826/, t20230826_123.html
_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?!\d)")
# A year (and month) in a URL path, to complete a dateline's month-day: /2024/, /202406/
_URL_YEAR = re.compile(r"/((?:19|20)\d{2})(0[1-9]|1[0-2])?(?=[/_-])")
# <meta> names of a publication date, strongest first (keys are lower-cased: PubDate is pubdate).
_META_PUBLISHED_KEYS = (
    "article:published_time", "publishdate", "pubdate", "publish_date", "datepublished", "firstpublishedtime",
    "publishtime", "og:release_date", "datecreated",
)
# Weaker: a date the page carries without saying it is the publication's.
_META_DATE_KEYS = ("dc.date", "dc.date.issued", "date", "time:datetime")
# Last-modified stamps: the page's date when nothing says when it was first published
# (an encyclopedia entry has only these).
_META_MODIFIED_KEYS = ("article:modified_time", "datemodified", "dateupdate", "og:updated_time", "lastmodified")

# 来源:中国民族宗教网 王立新 / 文章来源:… / 稿源:… / 转自:… / 来源丨县融媒体中心. The value is no
# label itself (来源: 浏览次数:1386 names no source).
_SOURCE = re.compile(
    r"(?:文章来源|信息来源|稿件来源|新闻来源|来源|出处|稿源|转自|转载自)\s*[:：丨|]\s*([^\s:：|丨]{2,40})(?![^\s:：|丨]*[:：])"
    r"(?:\s+([\u4e00-\u9fff]{2,4})(?=\s|$))?"
)
# The words of those labels: a line without one names no source.
_SOURCE_WORD = re.compile("来源|出处|稿源|转自|转载自")
# 嘉峪关日报全媒体通讯员刘建军 / 甘孜日报记者 张三: an outlet named in a byline
_BYLINE_OUTLET = re.compile(rf"^([\u4e00-\u9fff]{{2,12}}?(?:日报|晚报|报|网|电视台|广播电视台|融媒体中心|通讯社|杂志))(?:全媒体|融媒体)?(?:记者|通讯员|特约记者|见习记者)\s*({NAME})")


def _byline_outlet(s: str) -> re.Match | None:
    """_BYLINE_OUTLET's match: only a line naming a 记者 or 通讯员 is scanned."""
    return _BYLINE_OUTLET.search(s) if "记者" in s or "通讯员" in s else None


# Where a field begins on a metadata line whose fields run together (the spans of the
# HTML have no separator): 来源:黔东南日报|作者:杨光林 吴晓梅|发布时间:2024-07-23 09:12|编辑:潘玉兰|字号:大 中 小.
# Not inside a longer label (责任|编辑, 发布|时间, 文章|来源).
_FIELD_START = starting(
    r"\s文信稿新来作责编记通摄发更时日浏阅点字",  # a space, or a label's first character
    # (The label is looked for before the look-behinds: all hold at one place, and it fails most.)
    r"(?<=\S)\s*"
    r"(?=(?:文章来源|信息来源|稿件来源|新闻来源|来源|作者|责任编辑|编辑|记者|通讯员|摄影|"
    r"发布时间|发布日期|发表时间|更新时间|时间|日期|浏览|阅读|点击)\s*[:：]|字号|字体)"
    r"(?<!责任)(?<!文章)(?<!信息)(?<!稿件)(?<!新闻)(?<!发布)(?<!发表)(?<!更新)",
)
# A site's own name, alone on a line at the top of the page or as a part of <title>:
# 北京朝阳网 / 黔东南日报 / 峨边彝族自治县融媒体中心
_SITE_NAME = re.compile(r"^[\u4e00-\u9fff]{2,14}(?:网|日报|晚报|报|电视台|融媒体中心)$")
# 《甘孜日报》 2015年05月24日: a publication line
_PUBLICATION = re.compile(r"《([^》]{2,20}(?:报|刊|志))》")
# Site names after the headline in <title>: 标题_央广网, 标题 - 新华网, 标题|国家民委
_TITLE_SEP = re.compile(r"\s*(?:_|\||｜|-{1,2}|—{1,2}|::)\s*")
# A site's name leading a <title>: 某某自治旗人民政府 / 某某新闻网 / 某某日报 / 某某融媒
_SITE_NAME_PART = re.compile(r"(?:人民政府|政府网|门户网站?|网|日报|晚报|报|电视台|融媒体?中心|融媒|频道|在线)$")
_SITE_WORDS = re.compile(r"网|報|报|频道|政府|委员会|民委|宗委|门户|新闻|中国|在线|官网|\.com|\.cn|首页|[A-Za-z]{3,}")


# Groups of roles tested line by line (built once: Role.X is an attribute lookup each time it is written).
_FIELDS = frozenset({Role.META, Role.CREDIT})  # lines of fields and credits: 来源:… 编辑:…, 记者 周明
_FIELDS_OR_END = frozenset({Role.CREDIT, Role.META, Role.END})
_NOTICES = frozenset({Role.DISCLAIMER, Role.FOOTER})
_END_MARK = frozenset({Role.END})  # 编辑:赵敏, 上一篇: a line after which nothing is article


@dataclass
class Metadata:
    title: str | None
    published: dt.date | None
    source: str | None
    bylines: list[Byline]


def _valid(y: str | int, m: str | int, d: str | int) -> dt.date | None:
    try:
        date = dt.date(int(y), int(m), int(d))
    except ValueError:
        return None
    # Bounds of the web's Chinese news, not of today's clock: the same page gives the same row
    # on any day (a date after the page was fetched is dropped by `extract`).
    return date if 1990 <= date.year <= 2099 else None


@dataclass(frozen=True)
class DateReader:
    """Reads full calendar dates the way this page prints them.

    Dates with the year first are unambiguous. Day and month before the year
    (12.04.2016, 9/17/2004) come in the order the site chooses, decided once for the
    page from its own dates: a first number above 12 anywhere means day-first, a
    second above 12 month-first. Without such evidence a dotted date is left unread
    (never guessed) and a slashed one read month-first, as ASP pages on US-locale
    servers print it.
    """

    lines: tuple[str, ...] = ()  # the page's text lines, where the order is read
    lead: str = ""  # the body's first lines, where the events below are read

    @functools.cached_property
    def day_first(self) -> dict[str, bool | None]:
        """Separator -> day-first? (None: unknown). Read only when a date needs it (most pages
        print none with day and month before the year)."""
        seen: dict[str, set[bool]] = {}
        # One scan of all lines together: a date never spans a line break.
        text = "\n".join(self.lines)
        if "." in text or "/" in text:
            for m in _NUMERIC_DATE.finditer(text):
                a, b = int(m[1]), int(m[3])
                if a > 12 >= b:
                    seen.setdefault(m[2], set()).add(True)
                elif b > 12 >= a:
                    seen.setdefault(m[2], set()).add(False)
        orders = {sep: next(iter(v)) if len(v) == 1 else None for sep, v in seen.items()}
        orders.setdefault("/", False)
        return orders

    @functools.cached_property
    def events(self) -> tuple[tuple[int, int], ...]:
        """Month-days the article's first lines report (4月11日): an ambiguous 12.04.2016 over a
        report of a meeting on 4月11日 is April 12th, not December 4th. Read only when a date
        needs them (the scan of a lead costs more than most pages' dates)."""
        return tuple((int(m[1]), int(m[2])) for m in _MONTH_DAY.finditer(self.lead))

    @classmethod
    def for_page(cls, texts: Iterable[str], lead: str = "") -> "DateReader":
        """The reader for a page, from all its text lines and the body's first lines (`lead`)."""
        return cls(tuple(texts), lead)

    def dates(self, text: str) -> list[tuple[dt.date, int, int]]:
        """Full calendar dates printed in `text` with their spans, year-first forms first."""
        if not _DIGIT.search(text):
            return []
        found = [(date, m.start(), m.end()) for m in _DATE.finditer(text)
                 if (date := _valid(m[1], m[2] or m[3], m[4]))]
        if not found:
            for m in _NUMERIC_DATE.finditer(text):
                orders = self.day_first
                day_first = orders[m[2]] if m[2] in orders else self._order_from_events(int(m[1]), int(m[3]))
                if day_first is None:
                    continue
                day, month = (m[1], m[3]) if day_first else (m[3], m[1])
                if date := _valid(m[4], month, day):
                    found.append((date, m.start(), m.end()))
        return found

    def _order_from_events(self, a: int, b: int) -> bool | None:
        """Day-first (True) or month-first (False) for a.b.YYYY when exactly one reading falls on
        or within ten days after an event the article reports; else None (unread)."""
        fits = {day_first for day_first, (month, day) in ((True, (b, a)), (False, (a, b)))
                if any(month == m and 0 <= day - d <= 10 for m, d in self.events)}
        return fits.pop() if len(fits) == 1 else None

    def first(self, text: str) -> dt.date | None:
        """The first full calendar date printed in `text`."""
        found = self.dates(text)
        return found[0][0] if found else None


_DEFAULT_READER = DateReader.for_page(())


def find_date(text: str) -> dt.date | None:
    """The first full calendar date printed in `text` (2023-10-13, 2023年10月13日, 9/17/2004)."""
    return _DEFAULT_READER.first(text)


def url_date(url: str | None) -> dt.date | None:
    """A full date in a URL path (/2023/08/26/, t20230826_1.html); month-only paths give none."""
    if not url:
        return None
    for m in _URL_DATE.finditer(url.split("?")[0]):
        date = _valid(*m.groups())
        if date:
            return date
    return None


def _with_labels_joined(lines: list[Line]) -> list[Line]:
    """Lines with a bare label (发布日期:) joined to the next line, which holds its value."""
    # A bare label ends with its colon: most pages have no line but the last ending so, and their
    # lines are returned as they are (the callers only read them).
    for line in lines[:-1]:
        if line.simp.endswith((":", "：")):
            break
    else:
        return lines
    out: list[Line] = []
    for line in lines:
        # (A bare label ends with its colon: a line ending otherwise is not matched.)
        if out and out[-1].simp.endswith((":", "：")) and _BARE_LABEL.match(out[-1].simp):
            prev = out.pop()
            line = Line(prev.orig + " " + line.orig, prev.simp + " " + line.simp)
        out.append(line)
    return out


def _labelled_date(text: str, reader: DateReader) -> dt.date | None:
    """A date the line labels as the publication date (发布时间:…) or says it was posted on (…发表)."""
    if not _DIGIT.search(text):
        return None
    for m in _LABELLED.finditer(text):
        after = text[m.end():m.end() + 40]
        found = reader.dates(after)
        # The date follows the label: at once when there is no colon (发表于 2005-9-15),
        # else after at most a bracket or a few spaces (时间:[2005-07-31], 发布日期:   2024-01-08).
        if found and found[0][1] <= (12 if m.group("colon") else 0):
            return found[0][0]
        short = _SHORT_DATE.match(after)
        if short:
            year = int(short[1])
            # A two-digit year: 00-69 are this century's, as POSIX reads them.
            date = _valid(2000 + year if year < 70 else 1900 + year, short[2], short[3])
            if date:
                return date
    # Posted on: every verb of _POSTED_AFTER holds 发 or 更; a line without either is read no further.
    if "发" in text or "更" in text:
        for date, _, end in reader.dates(text):
            if _POSTED_AFTER.match(text[end:]):
                return date
    return None


def _dated_entry(s: str, reader: DateReader, found: list[tuple[dt.date, int, int]] | None = None) -> bool:
    """A headline followed by its date: 标题(2006-12-16)[355], 标题 (2005-04-27 18:03PM), 标题2023-11-20.
    (`found`: the line's dates, when the caller has read them.)"""
    found = reader.dates(s) if found is None else found
    if not found:
        return False
    _, start, end = found[-1]
    han_before = han_count(s[:start])
    if start > 0 and s[start - 1] in "([【" and han_before >= 4:
        return True
    return han_before >= 6 and not _CLOCK.sub("", s[end:], count=1).strip(" )]】")


# A year opening a bracket: (2006-12-16) / 【2024
_BRACKETED_YEAR = re.compile(r"[(\[【]\s*(?:19|20)\d{2}")


def _is_list_item(lines: list[Line], i: int, reader: DateReader,
                  found: list[tuple[dt.date, int, int]] | None = None) -> bool:
    """An entry of a news list: a dated headline with its date in brackets or beside another one."""
    s = lines[i].simp
    if not _dated_entry(s, reader, found):
        return False
    if _BRACKETED_YEAR.search(s):  # 标题(2006-12-16): bracketed, a list's format
        return True
    return any(0 <= j < len(lines) and _dated_entry(lines[j].simp, reader) for j in (i - 1, i + 1))


def _unlabelled_date(lines: list[Line], i: int, reader: DateReader) -> dt.date | None:
    """The date of a short metadata-like line (2004-12-10 阅读10544次), unless it is a list entry
    or the site's clock (今天是2024年5月9日)."""
    s = lines[i].simp
    if len(s) > 80 or _CLOCK_LINE.search(s):
        return None
    found = reader.dates(s)  # read once, for the date and the list test
    if not found or _is_list_item(lines, i, reader, found):
        return None
    return found[0][0]


def _meta_date(meta: dict[str, str], keys: tuple[str, ...], reader: DateReader) -> dt.date | None:
    if not meta:  # scraped text has none
        return None
    for key in keys:
        if key in meta:
            date = reader.first(meta[key])
            if date:
                return date
    return None


def published(
    header: list[Line],
    trailer: list[Line],
    meta: dict[str, str],
    url: str | None,
    near_headline: list[Line] | None = None,
    inside: list[Line] | None = None,
    reader: DateReader = _DEFAULT_READER,
) -> dt.date | None:
    """The publication date, from the strongest evidence the page gives.

    In order: a <meta> tag or JSON-LD field that names the publication date
    (article:published_time, pubdate, datePublished); a labelled field or a dated
    line right under the headline (`near_headline`, HTML only); a labelled field above
    the body; a weaker <meta> date; an unlabelled date on a short line just above the
    body; a labelled field among the page furniture inside the body's span (`inside`:
    a thread's 发布时间 line under its first post) or on the body's first lines; a
    labelled, posted-on or bare date just below the body; the URL; a last-modified
    <meta> tag. Dated entries of news lists never count.
    """
    near_headline = _with_labels_joined(near_headline or [])
    header = _with_labels_joined(header)
    date = _meta_date(meta, _META_PUBLISHED_KEYS, reader)
    if date:
        return date
    for line in near_headline:
        date = _labelled_date(line.simp, reader)
        if date:
            return date
    for i in range(len(near_headline)):
        date = _unlabelled_date(near_headline, i, reader)
        if date:
            return date
    for line in header:
        date = _labelled_date(line.simp, reader)
        if date:
            return date
    date = _meta_date(meta, _META_DATE_KEYS, reader)
    if date:
        return date
    # Unlabelled: only short metadata-like lines right above the body (not titles, not lists).
    for i in range(len(header) - 1, max(-1, len(header) - 7), -1):
        date = _unlabelled_date(header, i, reader)
        if date:
            return date
    for line in _with_labels_joined(inside or []):
        if len(line.simp) <= 100:
            date = _labelled_date(line.simp, reader)
            if date:
                return date
    for line in _with_labels_joined(trailer[:4])[:3]:
        date = _labelled_date(line.simp, reader) if len(line.simp) <= 100 else None
        # A line holding nothing but a date and a time (2005年1月2日, [2005-01-02 10:20]).
        if not date and _is_bare_date(line.simp, reader):
            date = reader.first(line.simp)
        if date:
            return date
    return url_date(url) or _meta_date(meta, _META_MODIFIED_KEYS, reader)


# What may stand around a date and its time on a line of its own: [2005-01-02 10:20] / 【2005年1月2日】
_DATE_DEBRIS = re.compile(r"[\s\[\]()【】:|-]")


def _is_bare_date(s: str, reader: DateReader) -> bool:
    found = reader.dates(s)
    if len(found) != 1:
        return False
    _, start, end = found[0]
    rest = s[:start] + _CLOCK.sub("", s[end:], count=1)
    return len(_DATE_DEBRIS.sub("", rest)) <= 2


# A year on its own, not the start of a date: 2024 / 2024年 (not 2024年6月, 2024/06)
_YEAR_ALONE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:年|\s|$)(?!\s*\d{1,2}\s*[月/.-])")


def _dateline_date(dateline: bp.Dateline | None, header: list[Line], url: str | None) -> dt.date | None:
    """A dateline's month-day (新华网兰州6月3日电) with the year the page's chrome gives: a year
    alone on a short header line (2024, 2024年) or the URL's year (/2024/, /202406/)."""
    if dateline is None or dateline.month_day is None:
        return None
    month, day = dateline.month_day
    years = []
    for m in _URL_YEAR.finditer((url or "").split("?")[0]):
        if m[2] is None or int(m[2]) == month:
            years.append(m[1])
    for line in header:
        if len(line.simp) <= 40:
            years += _YEAR_ALONE.findall(line.simp)
    return _valid(years[0], month, day) if len(set(years)) == 1 else None


def _title_from_tag(title_tag: str, headings: list[str], lines: set[str] = frozenset()) -> str | None:
    """The headline in the <title>: the h1/h2 it holds, else the part of it printed as a line of
    the page, else what is left when the site and section names around it are dropped."""
    tag = normalize_line(title_tag)
    for h in headings:
        h = normalize_line(h)
        if len(h) >= 4 and (h in tag or (len(tag) >= 4 and tag in h)):
            return h
    parts = [p for p in _TITLE_SEP.split(tag) if p]
    if len(parts) > 1:
        # 莫力达瓦达斡尔族自治旗人民政府--标题, with the headline in a table cell of the page
        printed = [p for p in parts if len(p) >= 6 and to_simplified(p) in lines]
        if printed:
            return max(printed, key=len)
    # Drop site or section names before and after the headline: 标题_央广网, 某某县人民政府--标题.
    while len(parts) > 1 and (len(parts[-1]) <= 16 and _SITE_WORDS.search(parts[-1]) or len(parts[-1]) <= 6):
        parts.pop()
    while len(parts) > 1 and len(parts[0]) <= 16 and _SITE_NAME_PART.search(parts[0]) and len(parts[-1]) >= 8:
        parts.pop(0)
    title = "-".join(parts) if len(parts) > 1 and ("-" in tag or "—" in tag) else " ".join(parts)
    return title if len(title) >= 4 else None


_CN_NUM = "〇零○一二三四五六七八九十"
_DATE_LINE = re.compile(rf"^[(（]?[\d{_CN_NUM}]{{2,4}}年[\d{_CN_NUM}]{{1,2}}月(?:[\d{_CN_NUM}]{{1,3}}日)?[)）]?$")


# Site banners and menus: a bar between entries, short words set apart by spaces, a portal's
# name at the end (甘南县人民政府网 | 无障碍 | 长者模式 / 首页 新闻 公告 / 某某门户网站)
_MENU = re.compile(r"\||(?:\S{1,6} ){2,}|(?:网站|门户网站|政府网)$")
# A numbered item: 一、… / (二)… / 3.…
_NUMBERED = re.compile(r"^[(（]?[一二三四五六七八九十\d]+[、.)）]")


def _menu_like(s: str) -> bool:
    """_MENU's test. Each form holds a bar, two spaces, 网站 or 政府网: other lines skip the scan."""
    return ("|" in s or s.count(" ") >= 2 or "网站" in s or "政府网" in s) and bool(_MENU.search(s))


def _headline_like(line: Line) -> bool:
    s = line.simp
    # (A headline passes every test below: the cheapest come first.)
    if not 4 <= len(s) <= 100 or "。" in s or s.startswith(("——", "—", "-")):
        return False
    if line.role in FURNITURE or _byline_outlet(s):
        return False
    # Site banners and menus are not headlines: 朝阳新闻网, 甘南县人民政府网 | 无障碍 | 长者模式
    if _SITE_NAME.match(s) or _menu_like(s):
        return False
    # 《中国民族报》 2024年03月15日 第02版 / 某某日报 2024年09月03日 第02版:综合新闻: a publication
    # line, not the headline
    if (_PUBLICATION.search(s) or ("版" in s and _EDITION.search(s))) and find_date(s):
        return False
    # 2024 05/24 15:42:42, (二〇二四年三月十五日): a date line
    if han_count(s) < 4 or _DATE_LINE.match(s):
        return False
    return not _NUMBERED.match(s)


def _title_from_header(header: list[Line], body: list[Line]) -> str | None:
    """The headline of scraped text: the headline-like line nearest above the first
    metadata or credit line (来源/发布日期/记者 张三) that has one above it, else nearest
    above the body.
    A line the header repeats that shares few words with the body (an unrelated
    headline printed two or three times for search engines) is debris, not the headline."""
    lines = header
    if len({line.simp for line in header}) < len(header):  # a line repeats
        texts = [line.simp for line in header]
        # The body's Han characters run together: a pair of them is one of the body's bigrams
        # (html.han_bigrams) exactly when it occurs in this string.
        body_han = han_only("".join([line.simp for line in body[:20]]))

        def unrelated(text: str) -> bool:
            words = han_bigrams(text)
            return sum(1 for word in words if word in body_han) < 0.3 * len(words)

        debris = {text for text, n in Counter(texts).items() if n > 1 and unrelated(text)}
        lines = [line for line in header if line.simp not in debris]
    # The search above each field line, then above the body, goes up from there; the lines above the
    # previous field line were tested and are no headline, so it stops there: each line is tested once.
    tested = 0
    for at, line in enumerate(lines):
        if line.role in _FIELDS:
            above = _headline_between(lines, tested, at)
            if above:
                return above
            tested = at
    return _headline_between(lines, tested, len(lines))


def _headline_between(lines: list[Line], start: int, end: int) -> str | None:
    """The headline-like line of lines[start:end] nearest its end."""
    for i in range(end - 1, start - 1, -1):
        if _headline_like(lines[i]):
            return lines[i].simp
    return None


def _fields(text: str) -> list[str]:
    """A metadata line cut into its labelled fields (来源:…, 作者:…, 编辑:…)."""
    # Every field after the first opens with a label and its colon, or with 字号/字体: a line with
    # neither is one field (记者 周明 通讯员 韩雪), and the scan is skipped.
    if ":" not in text and "：" not in text and "字号" not in text and "字体" not in text:
        return [text]
    return _FIELD_START.split(text)


def _header_dateline(line: Line) -> bp.Dateline | None:
    """A dateline on a line of its own above the body: 本报讯(记者 杨光林 通讯员 吴晓梅)."""
    if len(line.simp) > 60:
        return None
    rest, dateline = bp.strip_dateline(line)
    return dateline if dateline and not rest.simp else None


# What is glued to an outlet's name and is not part of it: a date (某某统战网11月25日,
# 新华网 2024-05-24), a channel (人民网-时政频道, 某某网新闻中心), a second channel of the
# same outlet (某某新闻网·某某客户端), and brackets (【某某网】).
_OUTLET_TAIL = re.compile(
    r"(?:\d{1,2}月\d{1,2}日.*|(?:19|20)\d{2}[-年/.].*|[·•・].*|[-_|].*|(?<=网)(?:新闻中心|新闻频道|[\u4e00-\u9fff]{1,4}频道))$"
)


# Brackets around an outlet's name: 【某某网】 / 《甘孜日报》
_BRACKETS = re.compile(r"[()（）【】\[\]《》「」<>]")


def outlet_name(value: str) -> str | None:
    """An outlet as a source names it, without brackets, glued dates or channels."""
    value = _BRACKETS.sub("", value).strip()
    value = _OUTLET_TAIL.sub("", value).strip(" ,:;-")
    return value if len(value) >= 2 else None


# Where a page names its own site at the bottom: 某某网 版权所有 / 版权所有:某某网 /
# Copyright © 2024 某某网 All Rights Reserved
_COPYRIGHT_SITE = re.compile(
    r"(?:版权所有|Copyright|©)\s*[:：©]?\s*(?:(?:19|20)\d{2}(?:\s*-\s*(?:19|20)\d{2})?)?\s*©?\s*"
    r"([\u4e00-\u9fff]{2,14}(?:网|日报|晚报|报|电视台|融媒体中心))"
    r"|([\u4e00-\u9fff]{2,14}(?:网|日报|晚报|报|电视台|融媒体中心))\s*版权所有",
    re.I,
)
# What every copyright line holds: a cheap scan that lets most lines skip the one above.
# (Scanned for only in lines holding a character a copyright word begins with: re.I matches the
# c of copyright with C or c only, and substring tests are far cheaper than the case-folding scan.)
_COPYRIGHT_WORD = guarded(("版", "©", "c", "C"), re.compile(r"版权所有|copyright|©", re.I))


def _labelled_source(lines: Iterable[Line], bylines: list[Byline] | None = None) -> str | None:
    """The outlet a 来源 field names (来源:中国民族宗教网 王立新 / 本文来源: 市民族宗教事务局);
    a name after it is the author, added to `bylines` when given."""
    for line in lines:
        s = line.simp
        # Every label holds 源, 处 or 转 (来源, 出处, 稿源, 转自): tests of one character each, cheaper
        # than the scan, pass over most lines.
        if not ("源" in s or "处" in s or "转" in s) or not _SOURCE_WORD.search(s):
            continue
        for part in _fields(line.simp):
            m = _SOURCE.search(part)
            if m and (name := outlet_name(m.group(1))):
                if bylines is not None and m.group(2) and not META_LABEL.match(m.group(2)):
                    bylines.append(Byline(m.group(2), "作者"))
                return name
    return None


def _source(header: list[Line], seg: Segmented, zone: list[Line], site_names: Callable[[], list[str]],
            datelines: list[bp.Dateline | None]) -> tuple[str | None, list[Byline]]:
    """The source, from the strongest evidence: a 来源 field above the body, the dateline (本网讯:
    the site's own name, `site_names()`), a 来源 field in the credits under the body, a byline's
    outlet above it (甘孜日报记者 张三), a publication line (《甘孜日报》 2015年05月24日)."""
    bylines: list[Byline] = []
    source = (_labelled_source(header, bylines) or _dateline_source(header, seg, site_names, datelines)
              or _labelled_source(seg.credits + [line for line in zone if line.role in _FIELDS_OR_END]))
    if source:
        return source, bylines
    for line in header:
        m = _byline_outlet(line.simp)
        if m:
            return m.group(1), bylines
    for line in header:
        m = _PUBLICATION.search(line.simp)
        if m and len(line.simp) < 40:
            return m.group(1), bylines
    return None, bylines


def _dateline_source(header: list[Line], seg: Segmented, site_names: Callable[[], list[str]],
                     header_datelines: list[bp.Dateline | None]) -> str | None:
    datelines = [seg.dateline] + header_datelines
    for dateline in datelines:
        if dateline and dateline.outlet and (name := outlet_name(dateline.outlet)):
            return name
    # 本网讯 / 本报讯 with no 来源 value: the outlet is the site itself, by the name it prints.
    own = any(dateline and dateline.outlet is None for dateline in datelines)
    own = own or any(len(line.simp) < 80 and "讯" in line.simp and _OWN_DATELINE.search(line.simp) for line in header[-8:])
    if not own:
        return None
    names = site_names()
    return names[0] if names else None


# 本网讯 among the fields of a metadata line: 本网讯 | 阅读:3087 | 打印本页
_OWN_DATELINE = re.compile(r"(?:^|[\s|丨])本(?:网|报|台|站|刊)讯(?=[\s|丨(（]|$)")


# 2024-05-06 黔南日报 第03版 / 某某日报 2024年09月03日 第02版: the paper and page an article was
# printed on
_EDITION = re.compile(
    r"(?:^|\s)《?([\u4e00-\u9fff]{2,10}(?:日报|晚报|报))》?\s*"
    r"(?:(?:19|20)\d{2}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}\s*日?\s*)?第\s*[\d一二三四五六七八九十]+\s*版"
)


def _site_names(top: list[str], header_lines: list[Line], bottom: list[Line]) -> list[str]:
    """The site's own name as the page prints it: a banner line at the top, a part of <title>,
    or the copyright line at the bottom (某某网 版权所有)."""
    names = [name for name in top if _SITE_NAME.match(name)]
    for line in header_lines:
        m = _EDITION.search(line.simp) if "版" in line.simp else None  # 第03版
        if m:
            names.insert(0, m.group(1))  # the paper's own name: 本报讯 under 黔南日报 第03版
    for line in bottom:
        s = line.simp
        m = _COPYRIGHT_SITE.search(s) if _COPYRIGHT_WORD.search(s) else None
        if m:
            names.append(m.group(1) or m.group(2))
    return names


def _bylines(header: list[Line], zone: list[Line], seg: Segmented, datelines: list[bp.Dateline | None]) -> list[Byline]:
    found: list[Byline] = []
    first_dated = len(header) - len(datelines)  # datelines[j] is header[first_dated + j]'s
    for i, line in enumerate(header):
        m = _byline_outlet(line.simp)
        if m:
            role = "通讯员" if "通讯员" in line.simp else "记者"
            found.append(Byline(m.group(2), role))
        elif line.role in _FIELDS:
            for part in _fields(line.simp):
                found += credits(part)
        elif i >= len(header) - 8:
            # Just above the body: a dateline or a photo caption on a line of its own.
            dateline = datelines[i - first_dated]
            found += dateline.bylines if dateline else photo_credits(line.simp)
    if seg.dateline:
        found += seg.dateline.bylines
    found += seg.caption_bylines
    for line in seg.credits:
        found += credits(line.simp)
    for i, line in enumerate(zone):
        # Credit lines only (编辑:赵敏, (来源:… 编辑:… 终审:…), 口王丽).
        if line.role in _FIELDS or len(line.simp) < 60 and line.role in _END_MARK and _CREDIT_START.match(line.simp):
            for part in _fields(line.simp):
                found += credits(part)
        elif i < 2:
            found += photo_credits(line.simp)  # a caption under the text (…现场。 热依拉·艾山 摄)
    return found


def _credit_zone(trailer: list[Line]) -> list[Line]:
    """The trailer lines where an article's credits stand: up to the first disclaimer or footer
    line (a disclaimer's 原作者所有 is no byline), past a short list of related links (a
    WeChat-style page prints 往期推荐 before 文丨… 编辑丨…), at most 20 lines."""
    for i, line in enumerate(trailer[:20]):
        if line.role in _NOTICES:
            return trailer[:i]
    return trailer[:20]


# A credit line under the text that the roles call an end marker: 编辑:赵敏 / (责任编辑:X)
_CREDIT_START = re.compile(r"^[(（\[【]?\s*(?:责任编辑|编辑|责编|编审|终审|初审|复审|审核|审校|校对|一审|二审|三审|记者|通讯员|作者|摄影|撰稿|供稿)")


def extract(seg: Segmented, page: HtmlPage | None = None, url: str | None = None,
            fetched: dt.date | None = None) -> Metadata:
    """Metadata of a segmented page (and of its HTML, when there is one); `fetched` is the day
    the page was fetched, when known: no publication date can be later."""
    header, trailer = seg.header, seg.trailer
    near_headline: list[Line] = []
    inside: list[Line] = []
    meta: dict[str, str] = {}
    title = None
    if page is not None:
        header, trailer = around_body(page.page_lines, seg, page.body_span)
        meta = page.meta
        url = url if url and "://" in url else (page.canonical or url)
        if page.title_tag:
            title = _title_from_tag(page.title_tag, page.headings, {line.simp for line in page.page_lines})
        if not title and page.headings:
            title = normalize_line(page.headings[0])
        if not title and meta.get("og:title"):
            title = normalize_line(meta["og:title"])
        if page.site_title:  # the site config's title element outranks every guess
            title = normalize_line(page.site_title.replace("\n", " "))
        title = to_simplified(title) if title else None
        near_headline, inside = _beside_body(page, seg, title)
    title = title or _title_from_header(header, seg.body)

    def site_names() -> list[str]:
        # Asked only for a dateline naming no outlet (本网讯), after a 来源 field named none: most
        # pages never need the site's name.
        page_lines = page.page_lines if page is not None else header + seg.body + trailer
        top = [line.simp for line in (page.page_lines if page is not None else header)[:3]]
        if page is not None and page.title_tag:
            top += _TITLE_SEP.split(to_simplified(normalize_line(page.title_tag)))[1:]
        return _site_names(top, header, page_lines[-15:])

    zone = _credit_zone(trailer)  # read once, by the source and the bylines
    # Datelines on lines of their own just above the body, read once for the source and the bylines.
    datelines = [_header_dateline(line) for line in header[-8:]]
    source, source_bylines = _source(header, seg, zone, site_names, datelines)
    bylines = source_bylines + _bylines(header, zone, seg, datelines)
    unique = list({b.name: b for b in reversed(bylines)}.values())[::-1]
    lead = "\n".join([line.simp for line in seg.body[:3]])
    reader = DateReader.for_page([line.simp for line in header + trailer + near_headline], lead)
    date = reader.first(page.site_date) if page is not None and page.site_date else None
    date = date or published(header, trailer, meta, url, near_headline=near_headline, inside=inside, reader=reader)
    date = date or _dateline_date(seg.dateline, header, url)
    if date and fetched and date > fetched:
        date = None  # a date after the page was fetched is no publication date (a list's, an event's)
    return Metadata(title=title, published=date, source=source, bylines=unique)


def around_body(
    page_lines: list[Line], seg: Segmented, span: tuple[int, int] | None = None
) -> tuple[list[Line], list[Line]]:
    """The page lines above and below the body, found by matching its first and last lines."""
    if span is None:
        first, last = seg.body[0].simp[:20], seg.body[-1].simp[-20:]
        start = next((i for i, line in enumerate(page_lines) if first and first in line.simp), None)
        if start is None:
            return seg.header or page_lines[:40], seg.trailer
        end = next((i for i in range(start, len(page_lines)) if last and last in page_lines[i].simp), start)
        span = (start, end)
    start, end = span
    return page_lines[max(0, start - 40):start] + seg.header, page_lines[end + 1:end + 40]


def _beside_body(page: HtmlPage, seg: Segmented, title: str | None) -> tuple[list[Line], list[Line]]:
    """The page lines just under the headline, and the furniture lines inside the body's span.

    Under the headline: up to 12 lines between it and the body (byline, date, 来源),
    when the headline is no more than 40 lines above the body.
    Inside: page lines between the body's first and last lines that are not body text
    (a thread's 发布时间 line under its first post), plus the body's first two lines
    when they are short enough to be a metadata line the extractor kept.
    """
    lines, span = page.page_lines, page.body_span
    if span is None:
        return [], []
    start, end = span
    at = page.headline_at
    if at is None and title:
        at = next((i for i in range(start - 1, max(-1, start - 41), -1) if lines[i].simp == title), None)
    near = lines[at + 1:min(start, at + 13)] if at is not None and start - at <= 40 else []
    body_text = {line.simp for line in seg.body}
    inside = [line for line in lines[start:end + 1] if line.simp not in body_text]
    return near, [line for line in seg.body[:2] if len(line.simp) <= 60] + inside
