"""Extractors: pure functions from an analysed article to rows, registered by name.

Each component declares what it reads and the table it writes, and carries a
version that is stamped on its rows' pipeline version. Components run in the
order of `COMPONENTS`; later ones may read earlier ones' rows (officials read
regions), passed in explicitly, never through shared state.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable
from dataclasses import dataclass

from extractors.analysis import Analysis, analyse
from extractors.records import Article, Extraction


@dataclass(frozen=True)
class Component:
    name: str  # also the table it writes and the Extraction field it fills
    version: str
    reads: tuple[str, ...]  # other components whose rows it uses
    run: Callable[..., list]


def _components() -> tuple[Component, ...]:
    from extractors import agreements, dates, documents, officials, programs, regions

    return (
        Component("dates", dates.VERSION, (), dates.extract),
        Component("regions", regions.VERSION, (), regions.extract),
        Component("officials", officials.VERSION, ("regions",), officials.extract),
        Component("agreements", agreements.VERSION, ("dates", "regions"), agreements.extract),
        Component("programs", programs.VERSION, (), programs.extract),
        Component("documents", documents.VERSION, (), documents.extract),
    )


def names() -> list[str]:
    """Names of the registered extractors, in run order."""
    return [c.name for c in _components()]


def run_all(article: Article, enabled: tuple[str, ...] | None = None,
            recognise: Callable[[Analysis], list] | None = None) -> Extraction:
    """Run the enabled extractors (all when None) on one article; with `recognise`, a NER
    backend's spans (extractors.ner_merge.Span) are merged into the rows."""
    analysis = analyse(article)
    out = Extraction()
    for component in _components():
        if enabled is not None and component.name not in enabled:
            continue
        inputs = {name: getattr(out, name) for name in component.reads}
        setattr(out, component.name, component.run(analysis, **inputs))
    # A place word inside a recognised person's name is no place: 胡玉林 is not 玉林市.
    if out.officials:
        out.regions = _outside_names(out.regions, out.officials)
    if recognise is not None:
        from extractors.ner_merge import merge

        try:
            spans = recognise(analysis)
        except Exception as exc:  # a model failing on one article must not cost it the rule rows
            out.ner_error = f"{type(exc).__name__}: {str(exc)[:300]}"
        else:
            out = merge(analysis, out, spans)
    return out


def _outside_names(regions: list, officials: list) -> list:
    """The region rows that lie inside no official's name. (A row lies inside one when a name
    starting at or before it reaches its end: the furthest end of the names starting up to each
    place, found by bisection, rather than every name tried for every row.)"""
    spans = sorted((o.start, o.end) for o in officials)
    starts = [start for start, _ in spans]
    reach = list(itertools.accumulate((end for _, end in spans), max))
    kept = []
    for r in regions:
        i = bisect.bisect_right(starts, r.start)
        if not i or reach[i - 1] < r.end:
            kept.append(r)
    return kept
