"""Line-level boilerplate removal: a page's lines split into header, body and trailer.

Used on scraped text as it is, and on the output of the HTML extractors, which still
carry datelines, captions, 编辑 lines and paywall notices. The body runs from the
first line that reads like prose (or the salutation before it) to the first
end-of-article marker (上一篇, 相关新闻, 免责声明, 编辑:…); inside it only lines of
furniture are dropped, so headings and short paragraphs survive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.clean import boilerplate as bp
from pipeline.clean.boilerplate import Dateline, Line
from pipeline.clean.normalize import normalize_text, to_simplified
from pipeline.records import Byline

_BULLET = re.compile(r"^[•·●◆■□▪▶►>\-*|\s]+")
_TAIL = re.compile(r"[\s|]+$")  # "…在万秀区分会场参会。 |": table-cell debris
_ENDS_SENTENCE = re.compile(r"[。!?;:…”\"』」)]$")
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


def to_lines(text: str) -> list[Line]:
    """Normalised lines of `text`, each with its simplified form."""
    lines = []
    for orig in normalize_text(text):
        orig = _TAIL.sub("", _BULLET.sub("", orig) if len(orig) > 3 else orig)
        if orig:
            lines.append(Line(orig, to_simplified(orig)))
    return lines


def _reads_as_prose(simp: str) -> bool:
    if not bp.is_content(simp):
        return False
    han = len(re.findall(r"[\u4e00-\u9fff]", simp))
    return "。" in simp or bool(_ENDS_SENTENCE.search(simp)) or han >= 60


def body_start(lines: list[Line]) -> int | None:
    """Index of the first body line, or None when nothing reads like an article."""
    for i, line in enumerate(lines):
        if bp.is_stop(line.simp) or bp.paywall_at(line.simp) == 0:
            continue
        if _reads_as_prose(line.simp):
            if i > 0 and bp.is_salutation(lines[i - 1].simp):
                return i - 1
            return i
    return None


def segment(lines: list[Line]) -> Segmented | None:
    """Split lines into header, body and trailer; None when no body is found."""
    start = body_start(lines)
    if start is None:
        return None
    seg = Segmented(header=lines[:start], body=[], trailer=[])
    for i in range(start, len(lines)):
        line = lines[i]
        if i == start:
            line, seg.dateline = bp.strip_dateline(line)
        if seg.body and bp.is_stop(line.simp):
            seg.trailer = lines[i:]
            break
        cut = bp.paywall_at(line.simp)
        if cut is not None:
            seg.truncated = True
            line = line.cut(0, cut)
        line, photo = bp.strip_inline_captions(line)
        seg.caption_bylines += photo
        if not line.simp or bp.is_noise(line.simp):
            if photo or bp.is_noise(line.simp):
                seg.caption_bylines += bp.credits(line.simp) if "摄" in line.simp else []
            continue
        seg.body.append(line)
    # Trailing lines that are not prose (link lists, [字号], (完)) are furniture.
    while seg.body and not _reads_as_prose(seg.body[-1].simp) and not seg.truncated:
        seg.trailer.insert(0, seg.body.pop())
    # An agency's end mark run into the last paragraph: …安心守边、幸福生活。(完)
    if seg.body and (m := _END_MARK.search(seg.body[-1].simp)):
        seg.body[-1] = seg.body[-1].cut(0, m.start())
    return seg if seg.body else None
