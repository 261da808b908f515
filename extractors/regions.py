"""Administrative divisions named in the body, resolved to adcodes in context.

Leftmost-longest matching over the gazetteer's written forms (one automaton), then resolution:
  * a bare short form of a county (永宁, 甘南) is too ambiguous to stand alone and
    is taken only when it is long (德令哈) and unique;
  * a form followed by a word that makes it a community, street or village
    (永宁社区, 中山路) is not a division;
  * several candidates (朝阳区 in Beijing or Changchun; 甘南 the prefecture or the
    county) are decided by a parent named nearby or elsewhere in the article, then
    by the higher level; otherwise the mention is left out rather than guessed.
"""

from __future__ import annotations

import functools
import re
from typing import Mapping, NamedTuple

from ahocorasick_rs import AhoCorasick, MatchKind

from extractors import words
from extractors.analysis import Analysis
from extractors.lexicon_files import entries
from extractors.gazetteer import Division, Surface, divisions, surfaces
from extractors.records import RegionRow

VERSION = "1"

# What follows a place word and makes it something else: 永宁社区, 中山路, 南京路步行街, 大理石.
# Words of one or two characters, told by a set lookup of the one and of the two characters after
# a mention (a regex match of the slice costs three times as much).
_NOT_DIVISION_AFTER = frozenset("社区 村 组 镇 乡 街道 路 街 大道 巷 小区 广场 公园 石 湖 山 江 河 站 机场 号".split())
# A county named with its own suffix is unambiguous enough; a bare county alias needs length.
_MIN_BARE_COUNTY = 3
_HAN = re.compile(r"[\u4e00-\u9fff]")


class Mention(NamedTuple):
    """A division name at [start, end) of a text and the divisions it may denote. (A named tuple:
    a body has a dozen, and one costs half of what a frozen dataclass does to build.)"""

    start: int
    end: int
    form: str
    candidates: tuple[Surface, ...]
    divisions: tuple[Division, ...]  # the candidates' divisions, each once, in order
    alias: bool  # a bare short form (朝阳), which may stand for a division named in full nearby


class _Form(NamedTuple):
    """What a written form may denote, worked out once for every mention of it (a Mention's fields
    after its start and end, in the same order)."""

    form: str
    candidates: tuple[Surface, ...]  # the usable ones
    divisions: tuple[Division, ...]
    alias: bool


@functools.lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    return frozenset(entries("region_stopwords.txt"))


@functools.lru_cache(maxsize=1)
def _automaton() -> tuple[AhoCorasick, tuple[_Form | None, ...]]:
    """Every written form of the gazetteer in one leftmost-longest Aho-Corasick automaton, and by
    pattern index what the form may denote (None when no candidate of it is usable): a body is
    scanned once, in compiled code, for all 6,580."""
    table = surfaces()
    forms = [form for form in table if len(form) >= 2 and _HAN.match(form)]
    described = []
    for form in forms:
        usable = tuple(c for c in table[form] if _usable(c))
        # Each division once, however many of its surfaces are spelled alike.
        divisions = tuple({c.division.adcode: c.division for c in usable}.values())
        described.append(_Form(form, usable, divisions, usable[0].kind == "alias") if usable else None)
    automaton = AhoCorasick(forms, matchkind=MatchKind.LeftmostLongest)
    return automaton, tuple(described)


def _usable(s: Surface) -> bool:
    if s.kind != "alias":
        return True
    if s.form in _stopwords():
        return False
    return s.division.level != "county" or len(s.form) >= _MIN_BARE_COUNTY


# A two-character place word straddling a common word is part of that word:
# 天山南北 is not 山南市, 示范县 is not 范县, 南北 not 南(…). Threshold: jieba frequency.
_WORD_FREQ = 50


# Words that follow a place in an organisation's name: 临夏日报 is 临夏 + 日报, not 夏日 (set lookups
# of the one and two characters after it, as for _NOT_DIVISION_AFTER).
_ORGAN_AFTER = frozenset("日报 晚报 新闻 电视 广播 融媒 民宗 民委 统战 人民 党委 政府 籍".split())


def _followed_by(text: str, end: int, words_after: frozenset[str]) -> bool:
    """Whether one of `words_after` (of one or two characters) starts at text[end]."""
    return text[end:end + 1] in words_after or text[end:end + 2] in words_after


def _inside_word(text: str, start: int, end: int, after_mention: bool, frequency: Mapping[str, int]) -> bool:
    """Whether the two-character mention text[start:end] straddles a common word (`frequency`:
    words.frequencies(), looked up once per text)."""
    if _followed_by(text, end, _ORGAN_AFTER):
        return False
    if not after_mention and start > 0 and frequency.get(text[start - 1:start + 1], 0) >= _WORD_FREQ:
        return True
    return end < len(text) and frequency.get(text[end - 1:end + 1], 0) >= _WORD_FREQ


def mentions(text: str) -> list[Mention]:
    """Leftmost-longest mentions of division names in `text`, with their candidate divisions."""
    out: list[Mention] = []
    last_end = -1  # where the last mention kept ends
    # Leftmost-longest and non-overlapping: the longest form at a place decides, usable or not,
    # and consumes its characters, so 永宁社区 never falls back to 永宁, nor 瑞丽江 (瑞丽
    # unusable) to 丽江.
    automaton, table = _automaton()
    frequency = words.frequencies()
    for index, start, end in automaton.find_matches_as_indexes(text):
        form = table[index]
        if form is None:
            continue
        if end - start == 2 and _inside_word(text, start, end, last_end == start, frequency):
            continue
        if not _followed_by(text, end, _NOT_DIVISION_AFTER):
            out.append(Mention(start, end, *form))
            last_end = end
    return out


def resolve(found: list[Mention], context: set[str] | None = None) -> list[tuple[Mention, Division]]:
    """Pick one division per mention using the article's other divisions; drop the undecidable."""
    out = []
    known: set[str] | None = None  # the divisions named without doubt, once a mention needs them
    for idx, m in enumerate(found):
        divs = m.divisions
        if len(divs) == 1:
            out.append((m, divs[0]))
            continue
        if known is None:
            known = set(context or ())
            known.update(n.divisions[0].adcode for n in found if len(n.divisions) == 1)
        choice = _decide(list(divs), found, idx, known)
        if choice is not None:
            out.append((m, choice))
    if not any(m.alias for m, _ in out):  # (most bodies have no bare short form)
        return out
    # A bare short form refers to a division the article names in full: 朝阳 after 北京市朝阳区.
    named = {d.alias: d for m, d in out if not m.alias}
    return [(m, named.get(m.form, d) if m.alias else d) for m, d in out]


def _decide(divs: list[Division], found: list[Mention], idx: int, known: set[str]) -> Division | None:
    # 1. The mention right before names a parent: 北京市朝阳区, 甘肃省甘南州.
    if idx > 0 and found[idx - 1].end >= found[idx].start - 1:
        before = {c.division.adcode for c in found[idx - 1].candidates}
        near = [d for d in divs if before & set(d.ancestors())]
        if len(near) == 1:
            return near[0]
    # 2. A parent named anywhere in the article.
    related = [d for d in divs if known & set(d.ancestors()) or d.adcode in known]
    if len(related) == 1:
        return related[0]
    # 3. Only if exactly one candidate is a prefecture or province: the higher level is the
    #    one news names by a bare short form (甘南 -> 甘南藏族自治州).
    pool = related or divs
    higher = [d for d in pool if d.level != "county"]
    return higher[0] if len(higher) == 1 else None


def find(text: str, context: set[str] | None = None) -> list[tuple[Mention, Division]]:
    """Resolved divisions named in any text (a title, a source line)."""
    return resolve(mentions(text), context)


def extract(analysis: Analysis) -> list[RegionRow]:
    """One row per mention of a division in the body."""
    aid = analysis.article.article_id
    return [
        RegionRow(aid, d.adcode, d.name, m.form, d.level, d.parent, m.start, m.end)
        for m, d in find(analysis.body)
    ]


def by_code(adcode: str) -> Division | None:
    """The division with this adcode."""
    return divisions().get(adcode)
