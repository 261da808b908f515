"""Main content and page furniture of an HTML page.

trafilatura reads the decoded string (never bytes: its own charset guessing garbles
GBK pages); its output then goes through the same line rules as scraped text. Where
it finds nothing, or something implausible, readability-lxml is asked instead. The
page's visible text, rendered line by line, is kept for metadata: title, byline
and date sit around the body, not in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.etree
import lxml.html
import trafilatura
from readability import Document

from pipeline.clean.boilerplate import Line
from pipeline.clean.text import Segmented, segment, to_lines
from pipeline.records import PageError

_BLOCK = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "fieldset", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
    "ol", "p", "pre", "section", "table", "tbody", "td", "th", "tr", "ul", "center", "font_block",
}
_SKIP = {"script", "style", "noscript", "template", "iframe", "select", "option", "textarea", "svg", "head"}
# Below this much Han text a body is not an article (a menu, an error page, a caption).
MIN_BODY_HAN = 30


@dataclass
class HtmlPage:
    """What the HTML stage hands on: the segmented body and the page's own metadata hints."""

    segmented: Segmented
    page_lines: list[Line]  # the whole page's visible text, for metadata around the body
    title_tag: str | None
    headings: list[str]  # h1/h2 texts, candidates for the headline
    meta: dict[str, str]  # <meta name|property> -> content, lower-cased keys
    extractor: str


def parse(html: str) -> lxml.html.HtmlElement:
    """Parse possibly malformed HTML; PageError when nothing usable comes out."""
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)  # lxml refuses str input with an encoding declaration
    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise PageError("clean", "malformed_html", f"HTML could not be parsed: {exc}") from exc
    return root


def visible_lines(root: lxml.html.HtmlElement) -> list[str]:
    """The page's visible text, one block element per line."""
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
    return trafilatura.extract(
        html, url=url, output_format="txt", include_comments=False, include_tables=True,
        include_images=False, deduplicate=False, fast=False,
    ) or ""


def _readability(html: str) -> str:
    summary = Document(html).summary(html_partial=True)
    return "\n".join(visible_lines(lxml.html.fragment_fromstring(summary, create_parent="div")))


def _han(lines: list[Line]) -> int:
    return sum(len(re.findall(r"[\u4e00-\u9fff]", line.simp)) for line in lines)


def _plausible(seg: Segmented | None) -> bool:
    if seg is None or _han(seg.body) < MIN_BODY_HAN:
        return False
    # A body that is mostly short lines is a link list, not an article.
    short = sum(1 for line in seg.body if len(line.simp) < 25)
    return short <= max(3, len(seg.body) * 0.6)


def extract(html: str, url: str | None = None) -> HtmlPage:
    """Main text and metadata hints of a decoded HTML page."""
    root = parse(html)
    seg, extractor = None, ""
    for name, run in (("trafilatura", lambda: _trafilatura(html, url)), ("readability", lambda: _readability(html))):
        try:
            text = run()
        except Exception:  # a library failing on odd markup is a fallback case, not a crash
            continue
        candidate = segment(to_lines(text)) if text.strip() else None
        if _plausible(candidate):
            seg, extractor = candidate, name
            break
    if seg is None:
        raise PageError("clean", "no_main_text", "no extractor found article text on the page")

    meta = {}
    for el in root.iter("meta"):
        key = (el.get("name") or el.get("property") or el.get("itemprop") or "").strip().lower()
        if key and el.get("content"):
            meta.setdefault(key, el.get("content").strip())
    title_el = root.find(".//title")
    headings = [h.text_content().strip() for h in root.iter("h1", "h2") if h.text_content().strip()]
    return HtmlPage(
        segmented=seg,
        page_lines=to_lines("\n".join(visible_lines(root))),
        title_tag=title_el.text_content().strip() if title_el is not None else None,
        headings=headings[:8],
        meta=meta,
        extractor=extractor,
    )
