"""What a map shows, counted from a run's tables: stories per drawn unit, arcs between divisions.

Pure functions of DataFrames (as `pipeline.derived.tables.read_table` and `compute` return them)
and of the division and point lookups; no drawing here, so the counts are tested alone.

Counting rules, shared with the derived tables: the articles of one near-duplicate
cluster (reposts) are one story, so a story reposted on five sites shades its
prefecture once and adds one agreement to an arc, not five. An agreement party's
division is the one `pipeline.derived.tables.agreement_edges` resolved (adcode_a, adcode_b);
nothing here resolves a name again.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from extractors.gazetteer import NATIONAL
from pipeline.derived.tables import story_ids

NATIONAL_NAME = "国家机关"


@dataclass(frozen=True)
class MentionTally:
    """Stories naming each drawn unit of one level, and what could not be placed on it."""

    level: str  # prefecture or province
    stories: dict[str, int]  # unit adcode -> distinct stories naming it or a division inside it
    total_stories: int  # stories with at least one region mention
    unplaced_stories: int  # stories none of whose mentions lies in a unit of this level (only 云南省 named)


@dataclass(frozen=True)
class Link:
    """An arc: the agreements two divisions signed together."""

    a: str  # adcode (the smaller of the two, so a pair has one key)
    b: str
    agreements: int  # distinct agreements (reposts once)
    years: dict[str, int]  # agreements per year ("2023"; "未知" when neither the signing nor the article is dated)
    cross_province: bool  # the two divisions lie in different provinces
    national: bool  # one side is a national organ (100000)


@dataclass(frozen=True)
class Cooperation:
    """The cooperation map's content."""

    links: list[Link]
    parties: dict[str, int]  # adcode -> distinct agreements the division signed (those with a resolved partner)
    unresolved: list[tuple[str, int]] = field(default_factory=list)  # (party as printed, agreements), most first
    undated: int = 0  # agreements with an arc but no year
    years: dict[str, int] = field(default_factory=dict)  # year -> distinct agreements with an arc
    cross_years: dict[str, int] = field(default_factory=dict)  # year -> those with an arc between provinces


def drawn_unit(code: str, divisions: dict, units: set[str]) -> str | None:
    """The drawn unit a division lies in at one level: the division itself when it is drawn (a
    prefecture; a directly administered county such as 仙桃市; a municipality), else the nearest
    drawn division above it (楚雄市 -> 楚雄彝族自治州). A province on a prefecture map has none."""
    if code in units:
        return code
    division = divisions.get(code)
    if division is None:
        return None
    return next((up for up in division.ancestors() if up in units), None)


def _stories(articles: pd.DataFrame) -> dict[str, str]:
    """article_id -> story id: its near-duplicate cluster, or itself when it has none."""
    return dict(zip(articles["article_id"], story_ids(articles)))


def mention_tally(regions: pd.DataFrame, articles: pd.DataFrame, divisions: dict, units: set[str],
                  level: str) -> MentionTally:
    """Stories naming each unit of `units` (the drawn units of `level`), a county's mention counting
    for the prefecture it lies in and any mention for its province on a province map."""
    story = _stories(articles)
    places: dict[str, set[str]] = {}
    mentioned: set[str] = set()
    placed: set[str] = set()
    unit_of: dict[str, str | None] = {}
    for article_id, code in zip(regions["article_id"], regions["adcode"]):
        sid = story.get(article_id, article_id)
        mentioned.add(sid)
        if code not in unit_of:
            unit_of[code] = drawn_unit(code, divisions, units)
        unit = unit_of[code]
        if unit is not None:
            places.setdefault(unit, set()).add(sid)
            placed.add(sid)
    return MentionTally(level=level, stories={code: len(s) for code, s in places.items()},
                        total_stories=len(mentioned), unplaced_stories=len(mentioned - placed))


def _year(date, published) -> str:
    """The year an agreement is shown under: its signing date's, else its article's publication year."""
    for value in (date, published):
        if isinstance(value, str) and value[:4].isdigit():
            return value[:4]
        if value is not None and not pd.isna(value) and hasattr(value, "year"):
            return str(value.year)
    return "未知"


def _province(code: str, divisions: dict) -> str | None:
    if code == NATIONAL:
        return None
    division = divisions.get(code)
    return division.province if division else None


def cooperation(edges: pd.DataFrame, articles: pd.DataFrame, divisions: dict) -> Cooperation:
    """Arcs between the divisions of agreement parties, weighted by distinct agreements, and the
    parties that resolved to no division. Two parties of one division (two bureaus of one city)
    make no arc; an agreement reposted counts once."""
    story = _stories(articles)
    published = dict(zip(articles["article_id"], articles["published"]))
    pair_agreements: dict[tuple[str, str], dict[tuple, str]] = {}
    party_agreements: dict[str, set[tuple]] = {}
    unresolved: dict[str, set[tuple]] = {}
    for row in edges.itertuples(index=False):
        # One agreement of one story: its reposts share the story id, title, kind and date.
        agreement = (story.get(row.article_id, row.article_id), row.agreement, row.kind, row.date)
        year = _year(row.date, published.get(row.article_id))
        for party, code in ((row.party_a, row.adcode_a), (row.party_b, row.adcode_b)):
            if not isinstance(code, str):
                unresolved.setdefault(party, set()).add(agreement)
        a, b = row.adcode_a, row.adcode_b
        if not isinstance(a, str) or not isinstance(b, str) or a == b:
            continue
        key = (min(a, b), max(a, b))
        pair_agreements.setdefault(key, {})[agreement] = year
        party_agreements.setdefault(a, set()).add(agreement)
        party_agreements.setdefault(b, set()).add(agreement)
    links = []
    drawn: dict[tuple, str] = {}  # agreement -> year, for agreements with at least one arc
    crossing: set[tuple] = set()
    for (a, b), agreements in sorted(pair_agreements.items()):
        pa, pb = _province(a, divisions), _province(b, divisions)
        link = Link(a=a, b=b, agreements=len(agreements), years=dict(Counter(agreements.values())),
                    cross_province=pa is not None and pb is not None and pa != pb, national=NATIONAL in (a, b))
        links.append(link)
        drawn |= agreements
        if link.cross_province:
            crossing |= set(agreements)
    listed = sorted(((party, len(a)) for party, a in unresolved.items()), key=lambda item: (-item[1], item[0]))
    return Cooperation(links=links, parties={code: len(a) for code, a in party_agreements.items()},
                       unresolved=listed, undated=sum(1 for year in drawn.values() if year == "未知"),
                       years=dict(Counter(y for y in drawn.values() if y != "未知")),
                       cross_years=dict(Counter(drawn[a] for a in crossing if drawn[a] != "未知")))
