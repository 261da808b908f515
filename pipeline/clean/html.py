"""Main content and page furniture of an HTML page.

Two extractors read the decoded string (never bytes: their own charset guessing
garbles GBK pages), readability-lxml and trafilatura, and they fail differently:
readability now and then picks a data table or one reply of a thread, trafilatura
keeps link blocks beside the article or runs a <br>-separated article into a single
line. So both can run, each output goes through the same line rules as scraped text,
and the body with more prose that is not link text wins; on a near tie
readability's, which keeps the paragraph breaks. trafilatura is asked only when
readability's body leaves it a chance to win: when it holds under two thirds of the
page's prose. Two things the line rules cannot
know are settled here: a credit or contact line followed by more article than came
before it does not end the body, and a prose box between the headline and the
extractor's block (an encyclopedia's summary) belongs to it. The page's visible
text, rendered line by line, is kept for metadata: title, byline and date sit
around the body, not in it.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass

import lxml.etree
import lxml.html

from pipeline.clean.boilerplate import Line
from pipeline.clean.normalize import normalize_line, normalize_lines, to_simplified
from pipeline.clean.roles import ENDS_ARTICLE, FURNITURE, is_content
from pipeline.clean.text import Segmented, segment, to_lines
from pipeline.records import PageError
from pipeline.settings import SiteRule

_BLOCK = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "fieldset", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
    "ol", "p", "pre", "section", "table", "tbody", "td", "th", "tr", "ul", "center", "font_block",
}
_SKIP = {"script", "style", "noscript", "template", "iframe", "select", "option", "textarea", "svg", "head"}
# Below this much Han text a body is not an article (a menu, an error page, a caption).
MIN_BODY_HAN = 30
# Where the document proper begins. Markup before it (a <script> block, comments)
# makes libxml2 put the whole page into <head>, where no extractor looks.
_DOC_START = re.compile(r"<!doctype|<html[\s>]", re.I)
_TAGS_AND_SCRIPTS = re.compile(r"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->|<[^>]*>", re.I | re.S)
_HAN = re.compile(r"[\u4e00-\u9fff]")
_SPACE = re.compile(r"\s+")
# End markers that pages also print inside an article: a credit line under a lead
# ((责任编辑:黄帅)) or a contact field in a profile box (地址:海印缤纷广场733号).
# Never 上一篇, 相关新闻, 版权所有 and the like, after which nothing is the article.
_SOFT_STOP = re.compile(r"^[(（\[【]?\s*(?:责任编辑|编辑|责编|审核|审校|校对|初审|终审|联系电话|电话|地址|传真|邮编|邮箱|电子邮箱)\s*[:：]")
# A photo caption's closing credit (…现场。 冶文涛 摄 / (泽让拉姆 摄)): captions are not body.
_PHOTO_CREDIT = re.compile(r"摄\s*[)）]?$")
# A line that carries sentences, not a label or a menu item: ,。;!? after NFKC.
_SENTENCE_PUNCT = re.compile(r"[,。;!?]")
# A labelled summary box above the body restates the article and is not part of it:
# 导读:湘西州把… / 【摘要】… / 内容提要:… / 核心提示:…
_SUMMARY_LABEL = re.compile(r"^[\[【(]?\s*(?:导读|导语|摘要|内容摘要|提要|内容提要|核心提示|编者按|阅读提示)\s*[\]】):]")
# How far above the body the headline may sit for the lines between to count as a lede
# (an encyclopedia entry puts a contents list and an infobox between its summary and body).
_LEDE_REACH = 150
# How many times the first extractor's score the second's must be to win on score alone.
_OUTSCORE = 1.5


@dataclass
class HtmlPage:
    """What the HTML stage hands on: the segmented body and the page's own metadata hints."""

    segmented: Segmented
    page_lines: list[Line]  # the whole page's visible text, for metadata around the body
    title_tag: str | None
    headings: list[str]  # h1/h2 texts, candidates for the headline
    meta: dict[str, str]  # <meta name|property> -> content, lower-cased keys
    extractor: str
    # Where the body's first and last lines sit in page_lines, when they are found.
    body_span: tuple[int, int] | None = None
    # Index in page_lines of the headline above the body, when it is found.
    headline_at: int | None = None
    # Texts of the elements a site rule points at for the title and the date.
    site_title: str | None = None
    site_date: str | None = None
    # The page's own address (<link rel="canonical">, og:url), whose path may carry its date.
    canonical: str | None = None


@dataclass
class _Candidate:
    name: str
    seg: Segmented
    score: float  # prose Han characters, less twice the characters that are link text
    link_list: bool  # mostly short lines or link text: a menu, not an article


def _prepare(html: str) -> str:
    """The page as the parsers should see it: no XML declaration, no text-less markup before <html>."""
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)  # lxml refuses str input with an encoding declaration
    m = _DOC_START.search(html)
    if m and m.start() and not _TAGS_AND_SCRIPTS.sub("", html[:m.start()]).strip():
        html = html[m.start():]
    return html


def parse(html: str) -> lxml.html.HtmlElement:
    """Parse possibly malformed HTML; PageError when nothing usable comes out."""
    try:
        root = lxml.html.document_fromstring(_prepare(html))
    except (lxml.etree.ParserError, ValueError) as exc:
        raise PageError("clean", "malformed_html", f"HTML could not be parsed: {exc}") from exc
    return root


def visible_lines(root: lxml.html.HtmlElement) -> list[str]:
    """The visible text of a page (or of one element), one block element per line."""
    out: list[str] = []

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP:
            if el.tail:
                out.append(el.tail)
            return
        block = tag in _BLOCK
        if block:
            out.append("\n")
        if el.text and tag:
            out.append(el.text)
        for child in el:
            walk(child)
        if block:
            out.append("\n")
        if el.tail:
            out.append(el.tail)

    body = root.find("body")
    walk(body if body is not None else root)
    return "".join(out).split("\n")


def _trafilatura(html: str, url: str | None) -> str:
    import trafilatura  # imported on first use: a re-run with nothing to clean never pays for it

    return trafilatura.extract(
        html, url=url, output_format="txt", include_comments=False, include_tables=True,
        include_images=False, deduplicate=False, fast=True,
    ) or ""


def _readability(html: str) -> str:
    from readability import Document

    summary = Document(html).summary(html_partial=True)
    return "\n".join(visible_lines(lxml.html.fragment_fromstring(summary, create_parent="div")))


def _squeeze(text: str) -> str:
    return _SPACE.sub("", text)


def _han(lines: list[Line]) -> int:
    return sum(len(_HAN.findall(line.simp)) for line in lines)


def _prose(lines: list[Line]) -> int:
    """Han characters in lines that carry sentence punctuation."""
    return sum(len(_HAN.findall(line.simp)) for line in lines if _SENTENCE_PUNCT.search(line.simp))


def _link_texts(root: lxml.html.HtmlElement) -> set[str]:
    """Texts of the page's links (4 characters or more, spaces removed)."""
    normalized = normalize_lines([a.text_content() for a in root.iter("a")])
    return {text for text in map(_squeeze, normalized) if len(text) >= 4}


def _linked(line: Line, links: set[str]) -> int:
    """How many characters of the line are the text of some link on the page."""
    text = _squeeze(line.orig)
    return min(len(text), sum(len(link) for link in links if link in text))


def _segment(lines: list[Line]) -> Segmented | None:
    """Line rules on an extractor's output, resumed past an end marker that ends too early.

    The extractor has already cut the page down to its main block, so a credit or
    contact line followed by more prose than came before it (地址: in a profile box,
    责任编辑 under the first paragraph) is a line inside the article, not its end.
    """
    seg = segment(lines)
    while seg is not None and seg.trailer:
        stop = next((i for i, line in enumerate(seg.trailer) if line.role in ENDS_ARTICLE), None)
        if stop is None or not _SOFT_STOP.match(seg.trailer[stop].simp):
            break
        rest = segment(seg.trailer[stop + 1:])
        if rest is None or _prose(rest.body) < max(200, _prose(seg.body)):
            break
        between = [line for line in rest.header if line.role not in FURNITURE]
        seg = Segmented(
            header=seg.header,
            body=seg.body + seg.trailer[:stop] + between + rest.body,
            trailer=rest.trailer,
            truncated=seg.truncated or rest.truncated,
            dateline=seg.dateline,
            caption_bylines=seg.caption_bylines + rest.caption_bylines,
            credits=seg.credits + rest.credits,
        )
    return seg


def _candidate(name: str, text: str, links: set[str]) -> _Candidate | None:
    seg = _segment(to_lines(text)) if text.strip() else None
    if seg is None or _han(seg.body) < MIN_BODY_HAN:
        return None
    linked = sum(_linked(line, links) for line in seg.body)
    short = sum(1 for line in seg.body if len(line.simp) < 25)
    link_list = short > max(3, len(seg.body) * 0.6) or linked > sum(len(line.simp) for line in seg.body) / 2
    return _Candidate(name, seg, _prose(seg.body) - 2 * linked, link_list)


def _choose(candidates: list[_Candidate], links: set[str]) -> _Candidate | None:
    """The most plausible body; readability's (listed first) unless clearly outscored.

    When one body holds the other (the same article, one extractor taking more of the
    page), the longer wins only if what it adds reads as article: prose, little of it
    link text. Related-link blocks and an encyclopedia's link lists are what an
    extractor typically adds, and they are link text or short lines.
    """
    scored = [cand for cand in candidates if cand.score > 0]
    if len(scored) == 2:
        short, long_ = sorted(scored, key=lambda cand: _han(cand.seg.body))
        inside = {line.simp for line in long_.seg.body}
        kept = sum(len(line.simp) for line in short.seg.body if line.simp in inside)
        if kept >= 0.8 * sum(len(line.simp) for line in short.seg.body):
            held = {line.simp for line in short.seg.body}
            added = [line for line in long_.seg.body if line.simp not in held]
            return long_ if _reads_as_article(added, links) else short
    best = None
    for cand in scored:
        if best is None or cand.score > _OUTSCORE * best.score:
            best = cand
    # No prose anywhere (a poem, a table of results): the first body that is not a menu.
    return best or next((cand for cand in candidates if not cand.link_list), None)


def _holds_the_page(first: _Candidate, page_lines: list[Line]) -> bool:
    """Whether the first extractor's body leaves the second nothing to win with.

    The second body must score half again as much as the first to win (`_OUTSCORE`), and
    its score cannot exceed the prose of the whole page, so a first body scoring two thirds
    of the page's prose or more stands; asking trafilatura then costs 3 ms a page for nothing.
    (The other way to win, holding the first body and adding article text to it, then has
    at most a third of the page's prose to add; on the benchmark and corpus pages that never
    happened, and readability's body is kept.)
    """
    return not first.link_list and first.score > 0 and _OUTSCORE * first.score >= _prose(page_lines)


def _reads_as_article(lines: list[Line], links: set[str]) -> bool:
    """Whether lines one extractor adds to the other's body are article text: mostly prose
    (sentences), at most a fifth of it link text."""
    chars = sum(len(line.simp) for line in lines)
    if not chars:
        return False
    linked = sum(_linked(line, links) for line in lines)
    return _prose(lines) >= 0.5 * _han(lines) and linked <= 0.2 * chars


def _locate(flat: list[str], line: Line, start: int = 0, last: bool = False) -> int | None:
    """Index of the page line where a body line begins (or, `last`, ends).

    Compared without spaces, because extractors join table cells and <br> lines with
    spaces or " | ": a page line matches when it holds the body line's first (last)
    20 characters or is itself a beginning (an end) of the body line. Failing that,
    the first (last) cell of a joined line is looked for.
    """
    key = _squeeze(line.simp)
    probe = key[-20:] if last else key[:20]
    for i in range(start, len(flat)):
        s = flat[i]
        if probe and probe in s or len(s) >= 6 and (key.endswith(s) if last else key.startswith(s)):
            return i
    cells = re.split(r"\s+\|\s+", line.simp)
    cells = [c for c in map(_squeeze, cells) if len(c) >= 8] if len(cells) > 1 else []
    if cells:
        probe = cells[-1][-20:] if last else cells[0][:20]
        return next((i for i in range(start, len(flat)) if probe in flat[i]), None)
    return None


def _headline_at(page_lines: list[Line], body_start: int, titles: set[str]) -> int | None:
    """The headline's line above the body: the first within reach that is an h1 or the <title>.

    The first, not the nearest: a short headline (a name) recurs below it, in an
    infobox or a section heading.
    """
    for i in range(max(0, body_start - _LEDE_REACH), body_start):
        if page_lines[i].simp in titles:
            return i
    return None


def han_bigrams(text: str) -> set[str]:
    """The pairs of adjacent Han characters of a text: a cheap measure of shared vocabulary."""
    han = "".join(_HAN.findall(text))
    return {han[i:i + 2] for i in range(len(han) - 1)}


def _lede(between: list[Line], body: list[Line], links: set[str]) -> list[Line]:
    """Prose paragraphs between headline and body that the extractor left out.

    An encyclopedia's summary or a lesson's aims sit in their own box above the main
    block. Only sentences count (not link text, captions, end markers) that share a
    fair part of their words with the body (not a site notice), and not a labelled
    summary (导读:…), which restates the article.
    """
    lede = []
    vocabulary = None  # the body's, made only once a line gets as far as needing it
    for line in between:
        s = line.simp
        if len(_HAN.findall(s)) < 20 or not is_content(s):
            continue
        if _SUMMARY_LABEL.match(s) or _PHOTO_CREDIT.search(s):
            continue
        if not ("。" in s or s.endswith(("!", "?", ";", "…"))) or _linked(line, links) >= len(s) * 0.3:
            continue
        words = han_bigrams(s)
        vocabulary = vocabulary or han_bigrams("".join(line.simp for line in body))
        if len(words & vocabulary) >= 0.25 * len(words):
            lede.append(line)
    return lede


def _titles(title_tag: str | None, h1s: list[str]) -> set[str]:
    """Simplified forms of the page's headline: its h1 texts, the <title> and the title's longest part.

    h2 are left out (on pages with an h1 they are section headings), and so are the
    shorter parts of the <title>, which name the site or the section (博客名--标题).
    """
    titles = {normalize_line(h) for h in h1s}
    if title_tag:
        parts = re.split(r"\s*(?:_|\||｜|-{1,2}|—{1,2}|::)\s*", normalize_line(title_tag))
        titles |= {normalize_line(title_tag), max(parts, key=len)}
    return {to_simplified(t) for t in titles if len(t) >= 2}


def _select_text(root: lxml.html.HtmlElement, xpath: str | None) -> str | None:
    """Visible text of the elements a site rule's XPath selects (None when it selects nothing)."""
    if not xpath:
        return None
    found = root.xpath(xpath)
    lines = []
    for el in found:
        if isinstance(el, str):  # an XPath ending in text() or @attr
            lines.append(el)
        elif isinstance(el, lxml.html.HtmlElement):
            lines += visible_lines(el)
    text = "\n".join(line for line in lines if line.strip())
    return text or None


def extract(html: str, url: str | None = None, rule: SiteRule | None = None) -> HtmlPage:
    """Main text and metadata hints of a decoded HTML page; a site rule's selectors come first."""
    html = _prepare(html)
    root = parse(html)
    links = _link_texts(root)
    best = None
    if rule is not None:
        # The CMS's own body container, when the site config names it and it holds an article.
        text = _select_text(root, rule.body_xpath)
        best = _candidate("site", text, links) if text else None
    page_lines = to_lines("\n".join(visible_lines(root)))
    candidates = []
    for name, run in (("readability", _readability), ("trafilatura", lambda h: _trafilatura(h, url))):
        if best is not None or candidates and _holds_the_page(candidates[0], page_lines):
            break
        try:
            text = run(html)
        except Exception:  # a library failing on odd markup is a fallback case, not a crash
            continue
        cand = _candidate(name, text, links)
        if cand is not None:
            candidates.append(cand)
    best = best or _choose(candidates, links)
    if best is None:
        # Markup the parsers give up on (libxml2 drops what nests deeper than 256 elements) still
        # holds the text: read it without the tags, with the same line rules.
        best = _candidate("markup-stripped", _TAGS_AND_SCRIPTS.sub("\n", html), links)
    if best is None:
        raise PageError("clean", "no_main_text", "no extractor found article text on the page")
    seg = best.seg

    meta = _meta_tags(root)
    title_el = root.find(".//title")
    title_tag = title_el.text_content().strip() if title_el is not None else None
    headings = [h.text_content().strip() for h in root.iter("h1", "h2") if h.text_content().strip()][:8]
    h1s = [h.text_content().strip() for h in root.iter("h1")][:3]

    captions = _image_captions(root)
    if captions:
        kept = [line for line in seg.body if line.simp not in captions or "。" in line.simp]
        if kept:
            seg = dataclasses.replace(seg, body=kept)
    body_span = headline_at = None
    flat = [_squeeze(line.simp) for line in page_lines]
    start = _locate(flat, seg.body[0])
    if start is not None:
        headline_at = _headline_at(page_lines, start, _titles(title_tag, h1s))
        if headline_at is not None:
            lede = _lede(page_lines[headline_at + 1:start], seg.body, links)
            if lede:
                seg = dataclasses.replace(seg, body=lede + seg.body)
                start = _locate(flat, lede[0], headline_at + 1) or start
        end = _locate(flat, seg.body[-1], start, last=True)
        body_span = (start, end if end is not None else start)
    return HtmlPage(
        segmented=seg,
        page_lines=page_lines,
        title_tag=title_tag,
        headings=headings,
        meta=meta,
        extractor=best.name,
        body_span=body_span,
        headline_at=headline_at,
        site_title=_select_text(root, rule.title_xpath) if rule else None,
        site_date=_select_text(root, rule.date_xpath) if rule else None,
        canonical=_canonical(root, meta),
    )


def _image_captions(root: lxml.html.HtmlElement) -> set[str]:
    """Simplified texts of the page's photo captions: <figcaption>s, and a short block right
    after a block that holds nothing but an image (<p><img></p><p>社区结对共建协议签约</p>)."""
    found = set()
    for el in root.iter("figcaption"):
        found.add(el.text_content())
    for img in root.iter("img"):
        block = img.getparent()
        while block is not None and block.tag not in _BLOCK:
            block = block.getparent()
        if block is None or _HAN.search(block.text_content()):
            continue
        caption = block.getnext()
        if caption is not None and isinstance(caption.tag, str):
            text = caption.text_content()
            if len(text.strip()) <= 40 and "。" not in text[:-1]:
                found.add(text)
    return {to_simplified(normalize_line(text)) for text in found if text.strip()}


def _meta_tags(root: lxml.html.HtmlElement) -> dict[str, str]:
    """<meta name|property|itemprop> -> content with lower-cased keys (PubDate is pubdate), the
    dates of JSON-LD blocks under their schema.org names (datepublished, datemodified), and the
    first <time datetime> outside a list (time:datetime)."""
    meta: dict[str, str] = {}
    for el in root.iter("meta"):
        key = (el.get("name") or el.get("property") or el.get("itemprop") or "").strip().lower()
        if key and el.get("content"):
            meta.setdefault(key, el.get("content").strip())
    # <time datetime="2024-03-15T09:30:00+08:00">03-15 09:30</time> under the headline; the <time>s
    # of a list's entries (inside <li> or <a>) date other articles.
    for el in root.iter("time"):
        value = el.get("datetime") or el.get("pubdate")
        if value and not any(a.tag in ("li", "a") for a in el.iterancestors()):
            meta.setdefault("time:datetime", value.strip())
            break
    for el in root.iter("script"):
        if (el.get("type") or "").strip().lower() != "application/ld+json" or not el.text:
            continue
        try:
            data = json.loads(el.text[:200_000])
        except ValueError:
            continue  # a broken block is the page's problem, not a reason to lose the page
        for key, value in _json_ld_dates(data):
            meta.setdefault(key, value)
    return meta


def _json_ld_dates(data: object, depth: int = 0) -> list[tuple[str, str]]:
    """("datepublished", "2021-03-15T…") pairs anywhere in a JSON-LD document (@graph, lists)."""
    if depth > 6:
        return []
    found: list[tuple[str, str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("datePublished", "dateCreated", "dateModified") and isinstance(value, str):
                found.append((key.lower(), value))
            elif isinstance(value, (dict, list)):
                found += _json_ld_dates(value, depth + 1)
    elif isinstance(data, list):
        for item in data[:50]:
            found += _json_ld_dates(item, depth + 1)
    return found


def _canonical(root: lxml.html.HtmlElement, meta: dict[str, str]) -> str | None:
    for el in root.iter("link"):
        if (el.get("rel") or "").strip().lower() == "canonical" and el.get("href"):
            return el.get("href").strip()
    return meta.get("og:url")
