"""From a run's tables to a map: the tallies, then the drawing (`minzu map` and the report)."""

from __future__ import annotations

from pathlib import Path

KINDS = ("mentions", "cooperation", "years")


def draw(kind: str, tables, level: str = "prefecture", detail: str = "print"):
    """The MapFigure of one kind from loaded tables (`pipeline.derived.report.Tables`), with boundaries of
    `detail` (print or screen); None when there is nothing to draw (no region mentions, no
    agreement party)."""
    from extractors.gazetteer import divisions

    from pipeline.derived.maps import draw as maps
    from pipeline.derived.maps.boundaries import load
    from pipeline.derived.maps.tally import cooperation, mention_tally

    places, boundaries = divisions(), load(detail)
    if kind == "mentions":
        if tables.regions.empty:
            return None
        tally = mention_tally(tables.regions, tables.articles, places, set(boundaries.level(level)), level)
        return maps.mentions_map(tally, boundaries, places)
    if kind not in KINDS:
        raise ValueError(f"no map kind {kind!r}: one of {', '.join(KINDS)}")
    links = cooperation(tables.edges, tables.articles, places)
    if not links.links and not links.unresolved:
        return None
    if kind == "cooperation":
        return maps.cooperation_map(links, boundaries, places)
    return maps.cooperation_by_year(links, boundaries, places)


def write(out: Path, path: Path, kind: str = "mentions", level: str = "prefecture") -> Path:
    """Draw one map of an output folder and write it to `path` (.png at 300 dpi, or .svg)."""
    import matplotlib

    matplotlib.use("Agg")  # written to a file, never shown: no display needed
    from matplotlib import pyplot as plt

    from pipeline.derived import figures
    from pipeline.derived.maps.export import save
    from pipeline.derived.report import load

    if Path(path).suffix.lower() not in (".png", ".svg"):
        raise ValueError(f"{Path(path).name}: a map is written as .png or .svg")
    tables = load(out)
    figures.setup_cjk_font()
    mapfig = draw(kind, tables, level)
    if mapfig is None:
        raise LookupError(f"{out}: nothing to draw on the {kind} map")
    try:
        return save(mapfig, path)
    finally:
        plt.close(mapfig.figure)
