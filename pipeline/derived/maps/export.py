"""A MapFigure to bytes: PNG or SVG files for papers, inline SVG with hover titles for the report.

Hover titles: matplotlib writes an artist's gid as the id of the `<g>` that holds it;
an SVG `<title>` as that group's first child is what browsers show on hover, with no
script and nothing fetched. Text is written as glyph outlines (matplotlib's default
`svg.fonttype = path`), so Chinese labels render on a machine without a CJK font.
"""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

from pipeline.derived.maps.draw import MapFigure

PNG_DPI = 300  # print resolution for papers
# The coordinates of path data, rounded for the inline SVG: matplotlib writes six decimals of a
# point (1/72 inch) where one is below a screen pixel; e.g. "M 123.456789 234.5" -> "M 123.5 234.5".
_DECIMALS = re.compile(r"(-?\d+\.\d)\d+")
_PATH_DATA = re.compile(r'( d="[^"]*")')


SCREEN_DPI = 110  # the report's PNG figures use the same


def _svg(mapfig: MapFigure, dpi: float | None = None) -> str:
    buffer = io.StringIO()
    # No date in the metadata: the same tables give the same file.
    mapfig.figure.savefig(buffer, format="svg", metadata={"Date": None}, **({"dpi": dpi} if dpi else {}))
    text = buffer.getvalue()
    for gid, title in mapfig.titles.items():
        text = text.replace(f'<g id="{gid}">', f'<g id="{gid}"><title>{html.escape(title)}</title>', 1)
    return text


def inline_svg(mapfig: MapFigure) -> str:
    """The map as an `<svg>` element to put in an HTML page: hover titles, no XML prologue, path
    data rounded to a tenth of a point, scaled to the page's width, and the background (province
    fills and outlines, sea lines, faded arcs) as an embedded image at screen resolution, since
    nobody hovers it and as vectors it would be most of the page's bytes. The figure is changed."""
    for artist in mapfig.background:
        artist.set_rasterized(True)
    text = _svg(mapfig, dpi=SCREEN_DPI)
    text = text[text.index("<svg"):]
    # The RDF block names matplotlib and Dublin Core by URL: nothing a page needs, and a reader
    # auditing the report for addresses should find none.
    text = re.sub(r"<metadata>.*?</metadata>", "", text, count=1, flags=re.S)
    text = _PATH_DATA.sub(lambda m: _DECIMALS.sub(r"\1", m.group(1)), text)
    # Width and height in points would fix its size; the viewBox keeps its proportions as it scales.
    return re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1 width="100%"', text, count=1)


def save(mapfig: MapFigure, path: Path) -> Path:
    """Write a map to `path`: a 300 dpi PNG or an SVG (with hover titles), chosen by its suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".png":
        mapfig.figure.savefig(path, format="png", dpi=PNG_DPI, metadata={"Software": None})
    elif suffix == ".svg":
        path.write_text(_svg(mapfig), encoding="utf-8")
    else:
        raise ValueError(f"{path.name}: a map is written as .png or .svg")
    return path
