"""A page's lines split into header, body and trailer, by their roles (roles.py).

Used on scraped text as it is, and on the output of the HTML extractors, which still
carry datelines, captions, 编辑 lines and paywall notices. The body runs from the
first line that reads like prose (or the salutation before it) to the first line
that ends the article (上一篇, 相关新闻, a disclaimer, 编辑:…, the footer); inside it
only furniture (metadata, credits, captions, chrome) is dropped, so headings and
short paragraphs survive. Credits closing the last paragraph go to the trailer,
where the metadata reader finds them with the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.records import Byline
from pipeline.clean import boilerplate as bp
from extractors.patterns import SPACES
from pipeline.clean.boilerplate import Dateline, Line
from pipeline.clean.normalize import normalize_text, simplified_lines
from pipeline.clean.roles import ENDS_ARTICLE, FURNITURE, IMAGE_MARKDOWN, Role, is_salutation, photo_credits

# What opens a line as a bullet and ends it as table-cell debris ("…在万秀区分会场参会。 |"),
# spaces included (every character \s matches): stripped with str.lstrip and str.rstrip.
_BULLETS = "•·●◆■□▪▶►>-*|" + SPACES
_TAIL = "|" + SPACES
_FIELDS = frozenset({Role.CREDIT, Role.META})  # credit and metadata lines: the metadata reader's
_PROSE = Role.PROSE  # (Role.PROSE is an attribute lookup each time it is written)
_END_MARK = re.compile(r"(?<=[。!?”\"])\s*[(\[【]\s*完\s*[)\]】]$")  # 幸福生活。(完) / 。【完】


@dataclass
class Segmented:
    """A page's lines split around its article body."""

    header: list[Line]
    body: list[Line]
    trailer: list[Line]
    truncated: bool = False
    dateline: Dateline | None = None
    caption_bylines: list[Byline] = field(default_factory=list)
    # Credit and metadata lines found inside the body's span, and credits closing its last
    # paragraph (记者 周明, 【责任编辑:胡启明】, (供稿:王芳)): the metadata reader's, not the body's.
    credits: list[Line] = field(default_factory=list)


def to_lines(text: str) -> list[Line]:
    """Normalised lines of `text`, each with its simplified form."""
    origs = []
    for orig in normalize_text(text):
        orig = (orig.lstrip(_BULLETS) if len(orig) > 3 else orig).rstrip(_TAIL)
        # A scraper's image markdown (![](…/a.jpg)) is no text; a line of nothing else goes.
        orig = IMAGE_MARKDOWN.sub("", orig).strip() if "![" in orig else orig
        if orig:
            origs.append(orig)
    return list(map(Line, origs, simplified_lines(origs)))


def body_start(lines: list[Line]) -> int | None:
    """Index of the first body line, or None when nothing reads like an article."""
    for i, line in enumerate(lines):
        if line.role is not _PROSE or bp.paywall_at(line.simp) == 0:
            continue
        if i > 0 and is_salutation(lines[i - 1].simp):
            return i - 1
        return i
    return None


def segment(lines: list[Line]) -> Segmented | None:
    """Split lines into header, body and trailer; None when no body is found."""
    start = body_start(lines)
    if start is None:
        return None
    seg = Segmented(header=lines[:start], body=[], trailer=[])
    body = seg.body
    for i in range(start, len(lines)):
        line = lines[i]
        if i == start:
            line, seg.dateline = bp.strip_dateline(line)
            if seg.dateline is None:
                line, credit = bp.strip_lead_credits(line)
                seg.credits += [credit] if credit else []
        if body and line.role in ENDS_ARTICLE:
            seg.trailer = lines[i:]
            break
        cut = bp.paywall_at(line.simp)
        if cut is not None:
            seg.truncated = True
            line = line.cut(0, cut)
        if "摄" in line.simp:  # no photo credit without 摄
            line, photo = bp.strip_inline_captions(line)
            seg.caption_bylines += photo
        if not line.simp or line.role in FURNITURE:
            if line.role is Role.CAPTION:
                seg.caption_bylines += photo_credits(line.simp)
            elif line.role in _FIELDS:
                seg.credits.append(line)
            continue
        body.append(line)
    # Trailing lines that are not prose (link lists, [字号], (完)) are furniture.
    while seg.body and seg.body[-1].role is not Role.PROSE and not seg.truncated:
        seg.trailer.insert(0, seg.body.pop())
    if seg.body:
        # An agency's end mark run into the last paragraph: …安心守边、幸福生活。(完)
        if "完" in seg.body[-1].simp and (m := _END_MARK.search(seg.body[-1].simp)):
            seg.body[-1] = seg.body[-1].cut(0, m.start())
        # Credits closing it: …圆满成功。(陈立新 马晓云)
        seg.body[-1], credit = bp.strip_end_credits(seg.body[-1])
        if credit is not None:
            seg.credits.append(credit)
    return seg if seg.body else None
