"""The three maps, drawn with matplotlib: mentions, cooperation, cooperation by year.

Each function returns a MapFigure: the figure, and the hover text of each region, arc
and party marker keyed by the `gid` its artist carries. matplotlib writes a gid into
its SVG as the id of the artist's group, which is how `pipeline.derived.maps.export` gives
the report's maps their hover titles; the PNG and the notebook ignore them.

Figures come from pyplot (as in `pipeline.derived.figures`), so a notebook's inline backend
shows them; callers that only save them close them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from matplotlib import pyplot as plt
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch, Patch
from matplotlib.path import Path
from matplotlib.patheffects import withStroke

from extractors.gazetteer import NATIONAL, short_forms
from pipeline.derived.maps.boundaries import Boundaries, Unit, project
from pipeline.derived.maps.tally import NATIONAL_NAME, Cooperation, Link, MentionTally

# Colours: shades for story counts (light to dark), and one colour per kind of arc. Red for arcs
# between provinces, the ones the cooperation map is about; grey for those with national organs.
SHADES = ("#fee8c8", "#fdd49e", "#fdbb84", "#fc8d59", "#ef6548", "#d7301f", "#990000")
NONE_FILL = "#f2f2f2"
CROSS, WITHIN, WITH_NATIONAL = "#d62728", "#4c72b0", "#7f7f7f"
EDGE = "#ffffff"
PROVINCE_LINE = "#555555"
# The map's frame: the mainland and Hainan, in longitude and latitude; the South China Sea
# islands go in an inset, as on China's published national maps.
MAIN_BOX = ((73.0, 135.5), (17.5, 54.0))
SEA_BOX = ((106.0, 123.0), (3.0, 24.5))
LABELS = 12  # units or parties named on a map: the most reported ones
HALO = [withStroke(linewidth=2, foreground="white")]  # keeps a label legible over arcs and shades


@dataclass
class MapFigure:
    """A drawn map, the hover text of its artists (gid -> text), and its background artists:
    what nobody hovers (province fills and outlines, sea lines), which the report may write as
    an image inside its SVG, since as vectors they would be most of its bytes."""

    figure: Figure
    titles: dict[str, str] = field(default_factory=dict)
    background: list = field(default_factory=list)


def _box(box) -> tuple[float, float, float, float]:
    """The projected extent (x0, x1, y0, y1) of a longitude-latitude box, its curved edges included."""
    lons, lats = np.meshgrid(np.linspace(*box[0], 30), np.linspace(*box[1], 30))
    x, y = project(lons.ravel(), lats.ravel())
    return float(x.min()), float(x.max()), float(y.min()), float(y.max())


def _path(unit: Unit) -> Path:
    """One path of all a unit's rings. The rings are closed (first point repeated) and holes run
    against their exterior, so filling by the nonzero rule leaves holes open; no CLOSEPOLY codes,
    so where a path is only stroked (the province outlines) matplotlib may simplify it to the
    output's resolution."""
    rings = [ring for polygon in unit.rings for ring in polygon]
    vertices = np.concatenate(rings)
    codes = np.full(len(vertices), Path.LINETO, dtype=np.uint8)
    codes[np.cumsum([0] + [len(r) for r in rings[:-1]])] = Path.MOVETO
    return Path(vertices, codes)


def _frame(ax, box) -> None:
    x0, x1, y0, y1 = _box(box)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])


def _base(ax, boundaries: Boundaries, result: MapFigure, fill: str = NONE_FILL, box=MAIN_BOX) -> None:
    """Provinces as one collection (filled, outlined) and the sea lines: background."""
    x0, x1, y0, y1 = _box(box)
    units = [u for u in boundaries.provinces.values() if _overlaps(u, x0, x1, y0, y1)]
    result.background.append(ax.add_collection(PathCollection(
        [_path(u) for u in units], facecolors=fill, edgecolors=PROVINCE_LINE, linewidths=0.4, zorder=1)))
    _sea_lines(ax, boundaries, result)


def _sea_lines(ax, boundaries: Boundaries, result: MapFigure) -> None:
    for line in boundaries.lines:
        result.background += ax.plot(line[:, 0], line[:, 1], color=PROVINCE_LINE, linewidth=0.5, zorder=2)


def _overlaps(unit: Unit, x0, x1, y0, y1) -> bool:
    points = np.concatenate([polygon[0] for polygon in unit.rings])
    return bool(points[:, 0].max() >= x0 and points[:, 0].min() <= x1 and points[:, 1].max() >= y0
                and points[:, 1].min() <= y1)


def _sea_inset(ax, boundaries: Boundaries, result: MapFigure, fills: dict[str, str] | None = None,
               level: str = "prefecture") -> None:
    """The South China Sea islands in a box at the lower right, as national maps of China show them."""
    inset = ax.inset_axes([0.84, 0.0, 0.16, 0.27])
    x0, x1, y0, y1 = _box(SEA_BOX)
    if fills is not None:  # the map's shading, for the units the inset shows (三沙市 among them)
        units = [u for u in boundaries.level(level).values() if _overlaps(u, x0, x1, y0, y1)]
        result.background.append(inset.add_collection(PathCollection(
            [_path(u) for u in units], facecolors=[fills.get(u.code, NONE_FILL) for u in units], edgecolors=EDGE,
            linewidths=0.2, zorder=1)))
        units = [u for u in boundaries.provinces.values() if _overlaps(u, x0, x1, y0, y1)]
        result.background.append(inset.add_collection(PathCollection(
            [_path(u) for u in units], facecolors="none", edgecolors=PROVINCE_LINE, linewidths=0.3, zorder=2)))
        _sea_lines(inset, boundaries, result)
    else:
        _base(inset, boundaries, result, box=SEA_BOX)
    _frame(inset, SEA_BOX)
    inset.set_title("南海诸岛", fontsize=6, pad=2)
    for spine in inset.spines.values():
        spine.set_linewidth(0.6)


def _note(fig: Figure, boundaries: Boundaries, extra: str = "") -> None:
    fig.text(0.01, 0.01, "；".join(filter(None, [boundaries.note(), extra])), fontsize=7, color="#555555",
             ha="left", va="bottom")


def _bins(most: int) -> list[tuple[int, int]]:
    """Story-count classes a reader reads at a glance: one per count up to 5, then 1-2-5 steps
    (5–9, 10–19, 20–49, …), at most len(SHADES) classes."""
    if most <= len(SHADES):
        return [(n, n) for n in range(1, most + 1)]
    edges = [1, 2, 3, 5]
    step = 10
    while edges[-1] <= most:
        for factor in (1, 2, 5):
            edges.append(step * factor)
        step *= 10
    edges = [e for e in edges if e <= most] + [most + 1]
    bins = [(lo, hi - 1) for lo, hi in zip(edges, edges[1:])]
    while len(bins) > len(SHADES):  # merge the two lowest classes above 1 until they fit
        bins[1:3] = [(bins[1][0], bins[2][1])]
    return bins


def _class_shade(index: int, classes: int) -> str:
    """The shade of class `index` of `classes`: spread over the whole ramp, so two classes are
    never two near-equal shades."""
    return SHADES[round(index * (len(SHADES) - 1) / max(1, classes - 1))]


def _label(code: str, divisions: dict, fallback: str) -> str:
    """A short name to print on a map: 楚雄州 for 楚雄彝族自治州, 恩施州, 兴安盟, 杭州市."""
    if code == NATIONAL:
        return NATIONAL_NAME
    division = divisions.get(code)
    if division is None:
        return fallback
    if len(division.name) <= 4:
        return division.name
    forms = dict((kind, form) for form, kind in short_forms(division))
    return forms.get("derived") or forms.get("alias") or division.name


def mentions_map(tally: MentionTally, boundaries: Boundaries, divisions: dict) -> MapFigure:
    """Prefectures (or provinces) shaded by the number of stories naming them or a place inside them."""
    units = boundaries.level(tally.level)
    bins = _bins(max(tally.stories.values(), default=0))
    shade = {code: _class_shade(next(i for i, (lo, hi) in enumerate(bins) if lo <= count <= hi), len(bins))
             for code, count in tally.stories.items()}
    fig, ax = plt.subplots(figsize=(11, 8.2))
    result = MapFigure(fig)
    noun = "地级单位" if tally.level == "prefecture" else "省级单位"
    for code, unit in sorted(units.items()):
        gid = f"region-{code}"
        ax.add_patch(PathPatch(_path(unit), facecolor=shade.get(code, NONE_FILL), edgecolor=EDGE,
                               linewidth=0.25, gid=gid, zorder=1))
        count = tally.stories.get(code, 0)
        result.titles[gid] = f"{unit.name}（{code}）：{count} 篇报道提及" if count else f"{unit.name}（{code}）：未被提及"
    if tally.level == "prefecture":  # provinces outlined over the prefectures, to read the map by province
        result.background.append(ax.add_collection(PathCollection(
            [_path(u) for u in boundaries.provinces.values()], facecolors="none", edgecolors=PROVINCE_LINE,
            linewidths=0.5, zorder=2)))
    _sea_lines(ax, boundaries, result)
    top = sorted(tally.stories.items(), key=lambda item: (-item[1], item[0]))[:LABELS]
    for code, count in top:
        if code in units:
            x, y = units[code].point
            ax.annotate(f"{_label(code, divisions, units[code].name)} {count}", (x, y), fontsize=7, ha="center",
                        va="center", zorder=3, color="#111111", path_effects=HALO)
    _frame(ax, MAIN_BOX)
    _sea_inset(ax, boundaries, result, shade, tally.level)
    handles = [Patch(facecolor=_class_shade(i, len(bins)), edgecolor="#999999", linewidth=0.4,
                     label=str(lo) if lo == hi else f"{lo}–{hi}") for i, (lo, hi) in enumerate(bins)]
    handles.append(Patch(facecolor=NONE_FILL, edgecolor="#999999", linewidth=0.4, label="0"))
    ax.legend(handles=handles, title="报道数（转载只计一次）", loc="lower left", fontsize=8, title_fontsize=8,
              frameon=False)
    ax.set_title(f"各{noun}被报道次数：{tally.total_stories - tally.unplaced_stories} 篇报道提及 {len(tally.stories)} 个{noun}")
    below = "县级提及计入所属地级单位" if tally.level == "prefecture" else "地、县级提及计入所属省份"
    if tally.unplaced_stories:
        below += f"；另有 {tally.unplaced_stories} 篇报道只提及省名，不计入本图"
    _note(fig, boundaries, below)
    fig.tight_layout()
    return result


def party_point(code: str, boundaries: Boundaries, divisions: dict) -> tuple[float, float] | None:
    """Where a division's marker goes: its own point, else that of the nearest division above it
    with one (a county renamed after the boundaries' vintage sits at its prefecture); national
    organs sit at Beijing."""
    if code == NATIONAL:
        code = "110000"
    if code in boundaries.points:
        return boundaries.points[code]
    division = divisions.get(code)
    for up in division.ancestors() if division else ():
        if up in boundaries.points:
            return boundaries.points[up]
    return None


def _arc(p: tuple[float, float], q: tuple[float, float], bend: float = 0.18) -> Path:
    """A quadratic curve from p to q bowed to one side, so two arcs sharing an end stay apart and
    an arc reads as a link, not a road."""
    (x0, y0), (x1, y1) = p, q
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    control = (mx - (y1 - y0) * bend, my + (x1 - x0) * bend)
    return Path([p, control, q], [Path.MOVETO, Path.CURVE3, Path.CURVE3])


def _width(agreements: int) -> float:
    return min(8.0, 0.8 + 1.2 * agreements)


def _colour(link: Link) -> str:
    return WITH_NATIONAL if link.national else CROSS if link.cross_province else WITHIN


def _link_text(link: Link, divisions: dict, year: str | None = None) -> str:
    def name(code):
        if code == NATIONAL:
            return NATIONAL_NAME
        return divisions[code].name if code in divisions else code

    kind = "与国家机关" if link.national else "跨省" if link.cross_province else "省内"
    count = link.years.get(year, 0) if year else link.agreements
    years = "，".join(f"{y} 年 {n} 项" if y.isdigit() else f"年份{y} {n} 项" for y, n in sorted(link.years.items()))
    when = f"{year} 年 " if year else ""
    return f"{name(link.a)} — {name(link.b)}：{when}{count} 项协议（{kind}；{years}）"


def _draw_links(ax, links: list[Link], boundaries: Boundaries, divisions: dict, result: MapFigure,
                prefix: str, year: str | None = None, faded: list[Link] = ()) -> None:
    for link in faded:  # earlier years' arcs, as context under the year's own
        p, q = party_point(link.a, boundaries, divisions), party_point(link.b, boundaries, divisions)
        if p and q:
            result.background.append(ax.add_patch(PathPatch(_arc(p, q), facecolor="none", edgecolor="#c8c8c8",
                                                            linewidth=0.6, zorder=3)))
    # Cross-province arcs last, so they lie on top of the others.
    for link in sorted(links, key=lambda l: (l.cross_province and not l.national, l.agreements)):
        p, q = party_point(link.a, boundaries, divisions), party_point(link.b, boundaries, divisions)
        if p is None or q is None:
            continue
        count = link.years.get(year, 0) if year else link.agreements
        gid = f"{prefix}arc-{link.a}-{link.b}"
        ax.add_patch(PathPatch(_arc(p, q), facecolor="none", edgecolor=_colour(link), linewidth=_width(count),
                               alpha=0.85, linestyle="--" if link.national else "-", capstyle="round",
                               gid=gid, zorder=5 if link.cross_province else 4))
        result.titles[gid] = _link_text(link, divisions, year)


def _draw_parties(ax, parties: dict[str, int], boundaries: Boundaries, divisions: dict, result: MapFigure,
                  prefix: str, labels: int, size: float = 1.0) -> None:
    ranked = sorted(parties.items(), key=lambda item: (-item[1], item[0]))
    for rank, (code, count) in enumerate(ranked):
        point = party_point(code, boundaries, divisions)
        if point is None:
            continue
        gid = f"{prefix}party-{code}"
        ax.plot(*point, marker="*" if code == NATIONAL else "o", markersize=size * (3 + 1.5 * math.sqrt(count)),
                color="#222222", markeredgecolor="white", markeredgewidth=0.5, gid=gid, zorder=6)
        name = NATIONAL_NAME if code == NATIONAL else divisions[code].name if code in divisions else code
        result.titles[gid] = f"{name}（{code}）：{count} 项协议"
        if rank < labels:
            ax.annotate(_label(code, divisions, code), point, xytext=(3, 3), textcoords="offset points",
                        fontsize=7 * size, zorder=7, color="#111111", path_effects=HALO)


def _unresolved_panel(fig: Figure, cooperation: Cooperation, result: MapFigure, rect, rows: int = 28) -> None:
    """The parties no division was found for, beside the map: listed, never dropped silently (all
    of them in the hover title when the list is cut)."""
    side = fig.add_axes(rect)
    side.axis("off")
    listed = cooperation.unresolved
    side.text(0, 1, f"未能定位的签约方（{len(listed)}）", fontsize=9.5, va="top",
              transform=side.transAxes)
    lines = [f"{party}  ×{count}" for party, count in listed[:rows]]
    if len(listed) > rows:
        lines.append(f"……另 {len(listed) - rows} 个")
    if not listed:
        lines = ["（无：每个签约方都已定位）"]
    side.text(0, 0.95, "\n".join(lines), fontsize=7.5, va="top", linespacing=1.5, transform=side.transAxes,
              gid="unresolved-parties")
    result.titles["unresolved-parties"] = "未能定位的签约方：" + (
        "、".join(f"{party}（{count} 项协议）" for party, count in listed) or "无")
    side.text(0, 0.0, "×N：所签协议数。这些签约方名中\n没有文章已识别的行政区划。", fontsize=7, color="#555555",
              va="bottom", transform=side.transAxes)


def _legend(ax, most: int, loc: str = "lower left", fontsize: float = 8) -> None:
    handles = [Line2D([], [], color=CROSS, linewidth=2.5, label="跨省"),
               Line2D([], [], color=WITHIN, linewidth=2.5, label="省内"),
               Line2D([], [], color=WITH_NATIONAL, linewidth=2.5, linestyle="--", label="与国家机关")]
    for n in sorted({1, most}):
        handles.append(Line2D([], [], color="#444444", linewidth=_width(n), label=f"{n} 项协议"))
    ax.legend(handles=handles, loc=loc, fontsize=fontsize, frameon=False, title="连线（宽度：协议数）",
              title_fontsize=fontsize)


def cooperation_map(cooperation: Cooperation, boundaries: Boundaries, divisions: dict) -> MapFigure:
    """Agreement parties at their divisions' points, linked by arcs as wide as their agreements;
    arcs between provinces in red; unresolved parties listed beside the map."""
    fig = plt.figure(figsize=(13, 8.2))
    ax = fig.add_axes([0.01, 0.05, 0.76, 0.88])
    result = MapFigure(fig)
    _base(ax, boundaries, result)
    _draw_links(ax, cooperation.links, boundaries, divisions, result, prefix="")
    _draw_parties(ax, cooperation.parties, boundaries, divisions, result, prefix="", labels=LABELS)
    _frame(ax, MAIN_BOX)
    _sea_inset(ax, boundaries, result)
    _legend(ax, max((link.agreements for link in cooperation.links), default=1))
    cross = sum(1 for link in cooperation.links if link.cross_province)
    ax.set_title(f"合作协议：{len(cooperation.parties)} 个行政区划之间 {len(cooperation.links)} 条连线，其中 {cross} 条跨省")
    _unresolved_panel(fig, cooperation, result, [0.79, 0.08, 0.2, 0.84])
    _note(fig, boundaries, "签约方按其所属行政区划落点；国家机关落于北京；转载的同一协议只计一次")
    return result


def cooperation_by_year(cooperation: Cooperation, boundaries: Boundaries, divisions: dict,
                        columns: int = 3) -> MapFigure | None:
    """The cooperation map as small multiples, one per year: the year's arcs in colour over the
    earlier years' in grey, so the spread of agreements over time can be seen. None when no
    agreement has a year."""
    years = sorted({year for link in cooperation.links for year in link.years if year != "未知"})
    if not years:
        return None
    columns = min(columns, len(years))
    rows = math.ceil(len(years) / columns)
    fig, axes = plt.subplots(rows, columns, figsize=(4.4 * columns, 3.5 * rows + 0.8), squeeze=False)
    result = MapFigure(fig)
    most = max(link.agreements for link in cooperation.links)
    for ax, year in zip(axes.ravel(), years):
        links = [link for link in cooperation.links if year in link.years]
        earlier = [link for link in cooperation.links if year not in link.years and min(link.years) < year]
        _base(ax, boundaries, result, fill="#f7f7f7")
        _draw_links(ax, links, boundaries, divisions, result, prefix=f"y{year}-", year=year, faded=earlier)
        parties: dict[str, int] = {}
        for link in links:
            for code in (link.a, link.b):
                parties[code] = parties.get(code, 0) + link.years[year]
        _draw_parties(ax, parties, boundaries, divisions, result, prefix=f"y{year}-", labels=4, size=0.7)
        _frame(ax, MAIN_BOX)
        count, cross = cooperation.years.get(year, 0), cooperation.cross_years.get(year, 0)
        ax.set_title(f"{year} 年：{count} 项协议，{cross} 项跨省", fontsize=9)
    for ax in axes.ravel()[len(years):]:
        ax.axis("off")
    _legend(axes.ravel()[0], most, fontsize=6)
    fig.suptitle("合作协议逐年分布（灰线：此前各年的连线）")
    undated = f"无年份的协议 {cooperation.undated} 项未列入" if cooperation.undated else ""
    _note(fig, boundaries, "；".join(filter(None, ["年份：签约日期，无则文章发布日期；南海诸岛见合作协议总图", undated])))
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return result

