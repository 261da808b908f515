"""Merging a NER model's spans (HanLP's) with the rule extractors' rows.

The rules stay the authority on what an official is; the model adds recall:

    PERSON overlapping an official the rules found   -> that row, source both
    PERSON with a lexicon title right before it, or
      in brackets right after it (州民宗委主任|王某)  -> a new official with that title, source hanlp
    PERSON with no position beside any mention       -> a `persons` row (never an official)
    LOCATION overlapping a region the rules found    -> that row, source both
    LOCATION the gazetteer resolves, whole, alone
      (a county's short form too: 凯里)              -> a new region row, source hanlp
    ORGANIZATION holding an agreement party at its end
      (party 民宗委, ORG 黔东南州民宗委)             -> the party widened to the ORG, source both
    ORGANIZATION equal to a party                    -> the agreement, source both
    ORGANIZATION just before an official without a
      jurisdiction (its title's organ; not a school) -> the jurisdiction of the ORG's leading region, source both

Spans are never trusted to invent what the gazetteer or the lexicons cannot back.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from extractors import officials as officials_mod
from extractors import regions as regions_mod
from extractors.analysis import Analysis
from extractors.gazetteer import by_alias
from extractors.records import Extraction, PersonRow, RegionRow

# Label names across HanLP's models (MSRA: PERSON/LOCATION/ORGANIZATION; OntoNotes: PERSON/GPE/ORG;
# PKU-style: nr/ns/nt) mapped to the three kinds merged here.
KINDS = {
    "PERSON": "PERSON", "PER": "PERSON", "NR": "PERSON",
    "LOCATION": "LOCATION", "LOC": "LOCATION", "GPE": "LOCATION", "NS": "LOCATION",
    "ORGANIZATION": "ORGANIZATION", "ORG": "ORGANIZATION", "NT": "ORGANIZATION",
}
# An organ's name runs into the title it heads when nothing separates them: 州民宗委|主任.
_SEPARATOR = re.compile(r"[,。;:!?、()“”\s]")
_ORGAN_REACH = 12  # characters between an organ's end and the name it precedes


@dataclass(frozen=True)
class Span:
    """An entity a NER model found: its text and kind, and where it is in the body."""

    text: str
    kind: str  # PERSON, LOCATION or ORGANIZATION (see KINDS)
    start: int
    end: int


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _confirmed(rows: list, span: Span) -> bool:
    """Mark the rule row the span overlaps as found by both; whether there was one."""
    hit = next((i for i, row in enumerate(rows) if _overlaps(row.start, row.end, span.start, span.end)), None)
    if hit is not None and rows[hit].source == "rules":
        rows[hit] = dataclasses.replace(rows[hit], source="both")
    return hit is not None


def _persons(analysis: Analysis, out: Extraction, spans: list[Span]) -> None:
    untitled: list[Span] = []
    for span in spans:
        if _confirmed(out.officials, span):
            continue
        if len(span.text) < 2 or span.text in {o.name for o in out.officials}:
            continue
        official = officials_mod.titled_person(analysis, out.regions, span.text, span.start, span.end)
        if official is not None:
            out.officials.append(official)
        else:
            untitled.append(span)
    # A name is a `persons` row only if no mention of it carries a title (学生禤明… 州民宗委主任禤明).
    officials = {o.name for o in out.officials}
    for span in untitled:
        if span.text not in officials and span.text not in {p.name for p in out.persons}:
            sentence = analysis.sentence_at(span.start).text.strip()
            out.persons.append(PersonRow(analysis.article.article_id, span.text, span.start, span.end, sentence))


def _locations(analysis: Analysis, out: Extraction, spans: list[Span]) -> None:
    known = {r.adcode for r in out.regions}
    for span in spans:
        if _confirmed(out.regions, span):
            continue
        div = _division(span.text, known)
        if div is None:
            continue
        out.regions.append(RegionRow(analysis.article.article_id, div.adcode, div.name, span.text, div.level,
                                     div.parent, span.start, span.end, source="hanlp"))
        known.add(div.adcode)


def _division(text: str, known: set[str]):
    """The one division a LOCATION span names, exactly: 楚雄州 or 凯里 yes, 凯里古城 or 川滇 no.

    The rules leave a county's two-character short form alone (too often a word); a
    model calling it a location is the evidence they lack, so the short form is looked
    up, among the divisions of the article's regions when it is ambiguous.
    """
    resolved = regions_mod.find(text, known)
    if resolved:
        mention, div = resolved[0]
        return div if len(resolved) == 1 and (mention.start, mention.end) == (0, len(text)) else None
    candidates = by_alias(text)
    if len(candidates) > 1:
        candidates = tuple(d for d in candidates if known & set(d.ancestors()))
    return candidates[0] if len(candidates) == 1 else None


def _organisations(analysis: Analysis, out: Extraction, spans: list[Span]) -> None:
    body = analysis.body
    for i, agreement in enumerate(out.agreements):
        inside = [s for s in spans if _overlaps(s.start, s.end, agreement.start - 200, agreement.end)]
        parties, confirmed = list(agreement.parties), False
        for j, party in enumerate(parties):
            for span in inside:
                if span.text == party:
                    confirmed = True
                elif span.text.endswith(party) and len(span.text) > len(party):
                    parties[j], confirmed = span.text, True
        if confirmed:
            out.agreements[i] = dataclasses.replace(agreement, parties=tuple(parties), source="both")
    for i, official in enumerate(out.officials):
        # A null jurisdiction the rules chose on purpose (a school post) stays null.
        if official.jurisdiction is not None or any(officials_mod.is_school_post(t) for t in official.titles):
            continue
        before = [s for s in spans if s.end <= official.start and official.start - s.end <= _ORGAN_REACH
                  and not _SEPARATOR.search(body[s.end:official.start])]
        if not before:
            continue
        resolved = regions_mod.find(before[-1].text, {r.adcode for r in out.regions})
        if resolved and resolved[0][0].start == 0:
            out.officials[i] = dataclasses.replace(official, jurisdiction=resolved[0][1].adcode,
                                                   source="both" if official.source == "rules" else official.source)


def merge(analysis: Analysis, extraction: Extraction, spans: list[Span]) -> Extraction:
    """The rule rows with a model's spans merged in, by the rules above (the input is not changed)."""
    out = dataclasses.replace(extraction, officials=list(extraction.officials), regions=list(extraction.regions),
                              agreements=list(extraction.agreements), persons=list(extraction.persons))
    by_kind: dict[str, list[Span]] = {"PERSON": [], "LOCATION": [], "ORGANIZATION": []}
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        kind = KINDS.get(span.kind.upper())
        if kind and analysis.body[span.start:span.end] == span.text:  # a span off its text is dropped
            by_kind[kind].append(span)
    _organisations(analysis, out, by_kind["ORGANIZATION"])
    _locations(analysis, out, by_kind["LOCATION"])
    _persons(analysis, out, by_kind["PERSON"])
    # A place word inside a person's name is no place (胡玉林 is not 玉林市), as for the rules.
    names = [(p.start, p.end) for p in (*out.officials, *out.persons)]
    out.regions = [r for r in out.regions if r.source != "hanlp" or not any(s <= r.start and r.end <= e for s, e in names)]
    return out
