"""Article metadata from the page itself: headline, publication date, source, bylines.

Everything is read from the lines around the body (the header above it and the
trailer below it), the dateline, and for HTML the <title>, headings and <meta>
tags. Dates are taken only from labelled fields, the lines beside the headline,
<meta> tags or the URL, never from a related-news list; when none is printed the
date stays null rather than guessed.
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
# 发布日期:2023-10-13 / 发表时间:2025/10/13 8:09:00 / 时间:2023-08-26 / [日期:2005-07-31]
_LABELLED = re.compile(r"(?:发布|发表|更新|上传|录入|出版|刊发)?(?:日期|时间)\s*[:：]\s*")
# /202308/, /2023/08/26/, /20230826/, t20230826_123.html
_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?!\d)")
_META_DATE_KEYS = (
    "article:published_time", "publishdate", "pubdate", "publish_date", "og:release_date", "dc.date",
    "dc.date.issued", "datepublished", "date", "firstpublishedtime", "publishtime",
)

# 来源:中国民族宗教网 陈明海 / 文章来源:国家民族事务委员会 / 信息来源: 州民宗委
_SOURCE = re.compile(r"(?:文章来源|信息来源|稿件来源|新闻来源|来源|出处)\s*[:：]\s*([^\s:：|]{2,40})(?:\s+([^\s:：|]{2,4})(?=\s|$))?")
# 嘉峪关日报全媒体通讯员牛世平 / 甘孜日报记者 张三: an outlet named in a byline
_BYLINE_OUTLET = re.compile(rf"^([\u4e00-\u9fff]{{2,12}}?(?:日报|晚报|报|网|电视台|广播电视台|融媒体中心|通讯社|杂志))(?:全媒体|融媒体)?(?:记者|通讯员|特约记者|见习记者)\s*({bp.NAME})")
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


def find_date(text: str) -> dt.date | None:
    """The first full calendar date printed in `text`."""
    for m in _DATE.finditer(text):
        date = _valid(*m.groups())
        if date:
            return date
    return None


def url_date(url: str | None) -> dt.date | None:
    """A full date in a URL path (/2023/08/26/, t20230826_1.html); month-only paths give none."""
    if not url:
        return None
    for m in _URL_DATE.finditer(url.split("?")[0]):
        date = _valid(*m.groups())
        if date:
            return date
    return None


def published(header: list[Line], trailer: list[Line], meta: dict[str, str], url: str | None) -> dt.date | None:
    """The publication date: labelled field, meta tag, a date line beside the headline, the URL."""
    for line in header:
        m = _LABELLED.search(line.simp)
        if m:
            date = find_date(line.simp[m.end():m.end() + 40])
            if date:
                return date
    for key in _META_DATE_KEYS:
        if key in meta:
            date = find_date(meta[key])
            if date:
                return date
    # Unlabelled: only short metadata-like lines right above the body (not titles, not lists).
    for line in reversed(header[-6:]):
        if len(line.simp) <= 80:
            date = find_date(line.simp)
            if date:
                return date
    for line in trailer[:3]:
        m = _LABELLED.search(line.simp)
        if m:
            date = find_date(line.simp[m.end():m.end() + 40])
            if date:
                return date
    return url_date(url)


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


def _title_from_header(header: list[Line]) -> str | None:
    for line in header:
        s = line.simp
        if bp.is_noise(s) or bp.is_stop(s) or s.startswith(("——", "—", "-")) or _BYLINE_OUTLET.search(s):
            continue
        if 4 <= len(s) <= 100 and not re.search(r"[。]", s) and not re.match(r"^[(（]?[一二三四五六七八九十\d]+[、.)）]", s):
            return s
    return None


def _source(header: list[Line], seg: Segmented) -> tuple[str | None, list[Byline]]:
    bylines: list[Byline] = []
    for line in header:
        m = _SOURCE.search(line.simp)
        if m:
            if m.group(2) and not bp._META_LABEL.match(m.group(2)):
                bylines.append(Byline(m.group(2), "作者"))
            return m.group(1), bylines
    if seg.dateline and seg.dateline.outlet:
        return seg.dateline.outlet, bylines
    for line in header:
        m = _BYLINE_OUTLET.search(line.simp)
        if m:
            return m.group(1), bylines
    for line in header:
        m = _PUBLICATION.search(line.simp)
        if m and len(line.simp) < 40:
            return m.group(1), bylines
    return None, bylines


def _bylines(header: list[Line], trailer: list[Line], seg: Segmented) -> list[Byline]:
    found: list[Byline] = []
    for line in header:
        m = _BYLINE_OUTLET.search(line.simp)
        if m:
            role = "通讯员" if "通讯员" in line.simp else "记者"
            found.append(Byline(m.group(2), role))
        elif bp._META_LABEL.search(line.simp) or re.match(r"^(?:记者|通讯员|文/|图/)", line.simp):
            found += bp.credits(line.simp)
    if seg.dateline:
        found += seg.dateline.bylines
    found += seg.caption_bylines
    for line in trailer[:4]:
        # Only credit lines (编辑:马永, (责任编辑:X)); a disclaimer's 原作者所有 is no byline.
        if len(line.simp) < 40 and re.match(r"^[(（\[【]?\s*(?:责任编辑|编辑|记者|通讯员|作者|摄影|撰稿)", line.simp):
            found += bp.credits(line.simp)
    return found


def extract(seg: Segmented, page: HtmlPage | None = None, url: str | None = None) -> Metadata:
    """Metadata of a segmented page (and of its HTML, when there is one)."""
    header, trailer = seg.header, seg.trailer
    meta: dict[str, str] = {}
    title = None
    if page is not None:
        header, trailer = around_body(page.page_lines, seg)
        meta = page.meta
        if page.title_tag:
            title = _title_from_tag(page.title_tag, page.headings)
        if not title and page.headings:
            title = normalize_line(page.headings[0])
        if not title and meta.get("og:title"):
            title = normalize_line(meta["og:title"])
        title = to_simplified(title) if title else None
    title = title or _title_from_header(header)
    source, source_bylines = _source(header, seg)
    bylines = source_bylines + _bylines(header, trailer, seg)
    unique = list({b.name: b for b in reversed(bylines)}.values())[::-1]
    return Metadata(title=title, published=published(header, trailer, meta, url), source=source, bylines=unique)


def around_body(page_lines: list[Line], seg: Segmented) -> tuple[list[Line], list[Line]]:
    """The page lines above and below the body, found by matching its first and last lines."""
    first, last = seg.body[0].simp[:20], seg.body[-1].simp[-20:]
    start = next((i for i, line in enumerate(page_lines) if first and first in line.simp), None)
    if start is None:
        return seg.header or page_lines[:40], seg.trailer
    end = next((i for i in range(start, len(page_lines)) if last and last in page_lines[i].simp), start)
    return page_lines[max(0, start - 40):start] + seg.header, page_lines[end + 1:end + 40]
