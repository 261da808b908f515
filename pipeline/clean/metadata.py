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
import re
from dataclasses import dataclass

from pipeline.clean import boilerplate as bp
from pipeline.clean.boilerplate import Line
from pipeline.clean.html import HtmlPage
from pipeline.clean.normalize import normalize_line, to_simplified
from pipeline.clean.text import Segmented
from pipeline.records import Byline

# 2023-10-13, 2023/10/13 8:09:00, 2023.10.13, 2023年10月13日, 2023 年 10 月 13 日
_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?!\d)\s*日?")
# 9/17/2004 5:54:13 AM: month/day/year, as ASP pages on US-locale servers print it
_US_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})(?![\d/])")
# 05-03-21, 05年3月21日: a two-digit year, believed only right after a date label
_SHORT_DATE = re.compile(r"^(\d{2})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?![\d/.])")
# The label of a publication-date field, with a colon (发布日期:2023-10-13, 发表时间:2025/10/13 8:09:00,
# 时间:2023-08-26, [日期:2005-07-31]) or, when the date follows at once, without one
# (发布时间 2005/05/17 22:11:42, 发表于 2005-9-15 11:46:00, 更新时间 2020-02-14).
_LABELLED = re.compile(
    r"(?:(?:发布|发表|更新|上传|录入|出版|刊发|发稿|添加)(?:日期|时间)|日期|时间|发表于|发布于|更新于|Posted\s+on|Published)\s*(?P<colon>[:：])?\s*",
    re.I,
)
# A label alone on its line, its value on the next one: 发布日期: / [日期:
_BARE_LABEL = re.compile(r"^[\[【(]?\s*(?:(?:发布|发表|更新|出版|刊发|发稿)(?:日期|时间)|日期|时间)\s*[:：]$")
# A date the line says the page was posted on: 2005-04-28 11:13更新 / 本贴由大卫于2005年8月12日16:12:21在〖…〗发表
_POSTED_AFTER = re.compile(r"^[^。,;!?]{0,24}?(?:发表|发布|更新|发稿|刊发)")
# The site's clock in a top bar, not a publication date: 今天是:2024年5月9日 / 今日是 2024年7月23日
_CLOCK_LINE = re.compile(r"今天是|今日是")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# The clock time after a date, to see what else a dated line holds: 11:55:08, 9:23:57 PM, 14:32PM
_CLOCK = re.compile(r"^\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp][Mm])?")
# /202308/, /2023/08/26/, /20230826/, t20230826_123.html
_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?!\d)")
_META_DATE_KEYS = (
    "article:published_time", "publishdate", "pubdate", "publish_date", "og:release_date", "dc.date",
    "dc.date.issued", "datepublished", "date", "firstpublishedtime", "publishtime",
)
# Last-modified stamps: the page's date when nothing says when it was first published
# (an encyclopedia entry has only these).
_META_MODIFIED_KEYS = ("article:modified_time", "datemodified", "dateupdate", "og:updated_time", "lastmodified")

# 来源:中国民族宗教网 王立新 / 文章来源:国家民族事务委员会 / 信息来源: 州民宗委
_SOURCE = re.compile(r"(?:文章来源|信息来源|稿件来源|新闻来源|来源|出处)\s*[:：]\s*([^\s:：|]{2,40})(?:\s+([^\s:：|]{2,4})(?=\s|$))?")
# 嘉峪关日报全媒体通讯员刘建军 / 甘孜日报记者 张三: an outlet named in a byline
_BYLINE_OUTLET = re.compile(rf"^([\u4e00-\u9fff]{{2,12}}?(?:日报|晚报|报|网|电视台|广播电视台|融媒体中心|通讯社|杂志))(?:全媒体|融媒体)?(?:记者|通讯员|特约记者|见习记者)\s*({bp.NAME})")
# Where a field begins on a metadata line whose fields run together (the spans of the
# HTML have no separator): 来源:黔东南日报|作者:杨光林 吴晓梅|发布时间:2024-07-23 09:12|编辑:潘玉兰|字号:大 中 小.
# Not inside a longer label (责任|编辑, 发布|时间, 文章|来源).
_FIELD_START = re.compile(
    r"(?<=\S)\s*(?<!责任)(?<!文章)(?<!信息)(?<!稿件)(?<!新闻)(?<!发布)(?<!发表)(?<!更新)"
    r"(?=(?:文章来源|信息来源|稿件来源|新闻来源|来源|作者|责任编辑|编辑|记者|通讯员|摄影|"
    r"发布时间|发布日期|发表时间|更新时间|时间|日期|浏览|阅读|点击)\s*[:：]|字号|字体)"
)
# A photo caption's credit: 签约仪式现场。 降措 摄 / 推进会现场(泽让拉姆 摄) / …了解情况。新华社记者 韩明轩 摄
_CAPTION_CREDIT = re.compile(
    rf"(?:^|[。!?(（\s])\s*(?:[\u4e00-\u9fff]{{0,8}}?(?:记者|通讯员|摄影)\s*)?({bp.NAME}(?:[ 、]+{bp.NAME})*)\s*摄[)）]?$"
)
# A site's own name, alone on a line at the top of the page or as a part of <title>:
# 北京朝阳网 / 黔东南日报 / 峨边彝族自治县融媒体中心
_SITE_NAME = re.compile(r"^[\u4e00-\u9fff]{2,14}(?:网|日报|晚报|报|电视台|融媒体中心)$")
# 《甘孜日报》 2015年05月24日: a publication line
_PUBLICATION = re.compile(r"《([^》]{2,20}(?:报|刊|志))》")
# Site names after the headline in <title>: 标题_央广网, 标题 - 新华网, 标题|国家民委
_TITLE_SEP = re.compile(r"\s*(?:_|\||｜|-{1,2}|—{1,2}|::)\s*")
_SITE_WORDS = re.compile(r"网|報|报|频道|政府|委员会|民委|宗委|门户|新闻|中国|在线|官网|\.com|\.cn|首页|[A-Za-z]{3,}")


@dataclass
class Metadata:
    title: str | None
    published: dt.date | None
    source: str | None
    bylines: list[Byline]


def _valid(y: str, m: str, d: str) -> dt.date | None:
    try:
        date = dt.date(int(y), int(m), int(d))
    except ValueError:
        return None
    return date if 1990 <= date.year <= dt.date.today().year + 1 else None


def _dates(text: str) -> list[tuple[dt.date, int, int]]:
    """Full calendar dates printed in `text` with their spans, year-first forms before US ones."""
    found = [(date, m.start(), m.end()) for m in _DATE.finditer(text) if (date := _valid(*m.groups()))]
    if not found:
        found = [(date, m.start(), m.end()) for m in _US_DATE.finditer(text) if (date := _valid(m[3], m[1], m[2]))]
    return found


def find_date(text: str) -> dt.date | None:
    """The first full calendar date printed in `text` (2023-10-13, 2023年10月13日, 9/17/2004)."""
    found = _dates(text)
    return found[0][0] if found else None


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
    out: list[Line] = []
    for line in lines:
        if out and _BARE_LABEL.match(out[-1].simp):
            prev = out.pop()
            line = Line(prev.orig + " " + line.orig, prev.simp + " " + line.simp)
        out.append(line)
    return out


def _labelled_date(text: str) -> dt.date | None:
    """A date the line labels as the publication date (发布时间:…) or says it was posted on (…发表)."""
    for m in _LABELLED.finditer(text):
        after = text[m.end():m.end() + 40]
        found = _dates(after)
        # The date follows the label: at once when there is no colon (发表于 2005-9-15),
        # else after at most a bracket or a few spaces (时间:[2005-07-31], 发布日期:   2024-01-08).
        if found and found[0][1] <= (12 if m.group("colon") else 0):
            return found[0][0]
        short = _SHORT_DATE.match(after)
        if short:
            year = int(short[1])
            date = _valid(str(2000 + year if 2000 + year <= dt.date.today().year else 1900 + year), short[2], short[3])
            if date:
                return date
    for date, _, end in _dates(text):
        if _POSTED_AFTER.match(text[end:]):
            return date
    return None


def _dated_entry(s: str) -> bool:
    """A headline followed by its date: 标题(2006-12-16)[355], 标题 (2005-04-27 18:03PM), 标题2023-11-20."""
    found = _dates(s)
    if not found:
        return False
    _, start, end = found[-1]
    han_before = len(_HAN.findall(s[:start]))
    if start > 0 and s[start - 1] in "([【" and han_before >= 4:
        return True
    return han_before >= 6 and not _CLOCK.sub("", s[end:], count=1).strip(" )]】")


def _is_list_item(lines: list[Line], i: int) -> bool:
    """An entry of a news list: a dated headline with its date in brackets or beside another one."""
    s = lines[i].simp
    if not _dated_entry(s):
        return False
    if re.search(r"[(\[【]\s*(?:19|20)\d{2}", s):  # 标题(2006-12-16): bracketed, a list's format
        return True
    return any(0 <= j < len(lines) and _dated_entry(lines[j].simp) for j in (i - 1, i + 1))


def _unlabelled_date(lines: list[Line], i: int) -> dt.date | None:
    """The date of a short metadata-like line (2004-12-10 阅读10544次), unless it is a list entry
    or the site's clock (今天是2024年5月9日)."""
    s = lines[i].simp
    if len(s) > 80 or _CLOCK_LINE.search(s) or _is_list_item(lines, i):
        return None
    return find_date(s)


def published(
    header: list[Line],
    trailer: list[Line],
    meta: dict[str, str],
    url: str | None,
    near_headline: list[Line] | None = None,
    inside: list[Line] | None = None,
) -> dt.date | None:
    """The publication date, from the strongest evidence the page gives.

    In order: a labelled field or a dated line right under the headline
    (`near_headline`, HTML only); a labelled field above the body; a <meta> tag; an
    unlabelled date on a short line just above the body; a labelled field among the
    page furniture inside the body's span (`inside`: a thread's 发布时间 line under its
    first post) or on the body's first lines; a labelled, posted-on or bare date just
    below the body; the URL; a last-modified <meta> tag. Dated entries of news lists
    never count.
    """
    near_headline = _with_labels_joined(near_headline or [])
    header = _with_labels_joined(header)
    for line in near_headline:
        date = _labelled_date(line.simp)
        if date:
            return date
    for i in range(len(near_headline)):
        date = _unlabelled_date(near_headline, i)
        if date:
            return date
    for line in header:
        date = _labelled_date(line.simp)
        if date:
            return date
    for key in _META_DATE_KEYS:
        if key in meta:
            date = find_date(meta[key])
            if date:
                return date
    # Unlabelled: only short metadata-like lines right above the body (not titles, not lists).
    for i in range(len(header) - 1, max(-1, len(header) - 7), -1):
        date = _unlabelled_date(header, i)
        if date:
            return date
    for line in _with_labels_joined(inside or []):
        if len(line.simp) <= 100:
            date = _labelled_date(line.simp)
            if date:
                return date
    for line in _with_labels_joined(trailer[:4])[:3]:
        date = _labelled_date(line.simp) if len(line.simp) <= 100 else None
        # A line holding nothing but a date and a time (2005年1月2日, [2005-01-02 10:20]).
        if not date and _is_bare_date(line.simp):
            date = find_date(line.simp)
        if date:
            return date
    date = url_date(url)
    for key in _META_MODIFIED_KEYS:
        if not date and key in meta:
            date = find_date(meta[key])
    return date


def _is_bare_date(s: str) -> bool:
    found = _dates(s)
    if len(found) != 1:
        return False
    _, start, end = found[0]
    rest = s[:start] + _CLOCK.sub("", s[end:], count=1)
    return len(re.sub(r"[\s\[\]()【】:|-]", "", rest)) <= 2


def _title_from_tag(title_tag: str, headings: list[str]) -> str | None:
    tag = normalize_line(title_tag)
    for h in headings:
        h = normalize_line(h)
        if len(h) >= 4 and (h in tag or (len(tag) >= 4 and tag in h)):
            return h
    parts = [p for p in _TITLE_SEP.split(tag) if p]
    # Drop trailing parts that are site or section names, keep the headline.
    while len(parts) > 1 and (len(parts[-1]) <= 16 and _SITE_WORDS.search(parts[-1]) or len(parts[-1]) <= 6):
        parts.pop()
    title = "-".join(parts) if len(parts) > 1 and re.search(r"[-—]", tag) else " ".join(parts)
    return title if len(title) >= 4 else None


def _headline_like(s: str) -> bool:
    if bp.is_noise(s) or bp.is_stop(s) or s.startswith(("——", "—", "-")) or _BYLINE_OUTLET.search(s):
        return False
    # Site banners and menus are not headlines: 朝阳新闻网, 甘南县人民政府网 | 无障碍 | 长者模式
    if _SITE_NAME.match(s) or re.search(r"\||(?:\S{1,6} ){2,}|(?:网站|门户网站|政府网)$", s):
        return False
    # 《中国民族报》 2024年03月15日 第02版: a publication line, not the headline
    if _PUBLICATION.search(s) and find_date(s):
        return False
    return 4 <= len(s) <= 100 and "。" not in s and not re.match(r"^[(（]?[一二三四五六七八九十\d]+[、.)）]", s)


def _title_from_header(header: list[Line]) -> str | None:
    """The headline of scraped text: the headline-like line nearest above the first
    metadata line (来源/发布日期), else the first headline-like line of the header."""
    meta_at = next((i for i, line in enumerate(header) if bp.is_noise(line.simp) and bp.META_LABEL.search(line.simp)), None)
    if meta_at is not None:
        for line in reversed(header[:meta_at]):
            if _headline_like(line.simp):
                return line.simp
    return next((line.simp for line in header if _headline_like(line.simp)), None)


def _fields(text: str) -> list[str]:
    """A metadata line cut into its labelled fields (来源:…, 作者:…, 编辑:…)."""
    return _FIELD_START.split(text)


def _header_dateline(line: Line) -> bp.Dateline | None:
    """A dateline on a line of its own above the body: 本报讯(记者 杨光林 通讯员 吴晓梅)."""
    if len(line.simp) > 60:
        return None
    rest, dateline = bp.strip_dateline(line)
    return dateline if dateline and not rest.simp else None


def _source(header: list[Line], seg: Segmented, site_names: list[str]) -> tuple[str | None, list[Byline]]:
    bylines: list[Byline] = []
    for line in header:
        for field in _fields(line.simp):
            m = _SOURCE.search(field)
            if m:
                if m.group(2) and not bp.META_LABEL.match(m.group(2)):
                    bylines.append(Byline(m.group(2), "作者"))
                return m.group(1), bylines
    datelines = [seg.dateline] + [_header_dateline(line) for line in header[-8:]]
    for dateline in datelines:
        if dateline and dateline.outlet:
            return dateline.outlet, bylines
    # 本网讯 / 本报讯 with no 来源 value: the outlet is the site itself, by the name it prints.
    if any(dateline and dateline.outlet is None for dateline in datelines) and site_names:
        return site_names[0], bylines
    for line in header:
        m = _BYLINE_OUTLET.search(line.simp)
        if m:
            return m.group(1), bylines
    for line in header:
        m = _PUBLICATION.search(line.simp)
        if m and len(line.simp) < 40:
            return m.group(1), bylines
    return None, bylines


def _caption_credits(line: Line) -> list[Byline]:
    m = _CAPTION_CREDIT.search(line.simp) if len(line.simp) < 80 else None
    return [Byline(name, "摄影") for name in re.split(r"[ 、]+", m.group(1)) if len(name) >= 2] if m else []


def _bylines(header: list[Line], trailer: list[Line], seg: Segmented) -> list[Byline]:
    found: list[Byline] = []
    for i, line in enumerate(header):
        m = _BYLINE_OUTLET.search(line.simp)
        if m:
            role = "通讯员" if "通讯员" in line.simp else "记者"
            found.append(Byline(m.group(2), role))
        elif bp.META_LABEL.search(line.simp) or re.match(r"^(?:记者|通讯员|文/|图/)", line.simp):
            for field in _fields(line.simp):
                found += bp.credits(field)
        elif i >= len(header) - 8:
            # Just above the body: a dateline or a photo caption on a line of its own.
            dateline = _header_dateline(line)
            found += list(dateline.bylines) if dateline else _caption_credits(line)
    if seg.dateline:
        found += seg.dateline.bylines
    found += seg.caption_bylines
    for i, line in enumerate(trailer[:4]):
        # Only credit lines (编辑:赵敏, (责任编辑:X)); a disclaimer's 原作者所有 is no byline.
        if len(line.simp) < 40 and re.match(r"^[(（\[【]?\s*(?:责任编辑|编辑|记者|通讯员|作者|摄影|撰稿)", line.simp):
            found += bp.credits(line.simp)
        elif i < 2:
            found += _caption_credits(line)  # a caption under the text (…现场。 热依拉·艾山 摄)
    return found


def extract(seg: Segmented, page: HtmlPage | None = None, url: str | None = None) -> Metadata:
    """Metadata of a segmented page (and of its HTML, when there is one)."""
    header, trailer = seg.header, seg.trailer
    near_headline: list[Line] = []
    inside: list[Line] = []
    meta: dict[str, str] = {}
    title = None
    if page is not None:
        header, trailer = around_body(page.page_lines, seg, page.body_span)
        meta = page.meta
        if page.title_tag:
            title = _title_from_tag(page.title_tag, page.headings)
        if not title and page.headings:
            title = normalize_line(page.headings[0])
        if not title and meta.get("og:title"):
            title = normalize_line(meta["og:title"])
        if page.site_title:  # the site config's title element outranks every guess
            title = normalize_line(page.site_title.replace("\n", " "))
        title = to_simplified(title) if title else None
        near_headline, inside = _beside_body(page, seg, title)
    title = title or _title_from_header(header)
    top = [line.simp for line in (page.page_lines if page is not None else header)[:3]]
    if page is not None and page.title_tag:
        top += _TITLE_SEP.split(to_simplified(normalize_line(page.title_tag)))[1:]
    source, source_bylines = _source(header, seg, [name for name in top if _SITE_NAME.match(name)])
    bylines = source_bylines + _bylines(header, trailer, seg)
    unique = list({b.name: b for b in reversed(bylines)}.values())[::-1]
    date = find_date(page.site_date) if page is not None and page.site_date else None
    date = date or published(header, trailer, meta, url, near_headline=near_headline, inside=inside)
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
