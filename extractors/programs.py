"""Named programs, plans, campaigns and initiatives.

Two sources: the curated lexicon of national programs (lexicons/programs.tsv, with
canonical names and parents), and discovery of named ones it lacks, from the forms
official news gives them:
  * a quoted name ending in a program word: “各族青少年交流计划”;
  * a quoted name followed by its kind: “双促双增”精准帮扶行动, “民族一家亲”文化下基层活动;
  * a city's or county's 创建 campaign: 创建全国民族团结进步示范市 / 全国民族团结进步示范州创建.
Mentions inside 《》 belong to the document cited, not to the text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from extractors.analysis import Analysis
from extractors.lexicon_files import entries
from pipeline.records import ProgramRow

VERSION = "1"

_KIND = r"(?:计划|工程|行动|活动|创建|宣传月|示范区|专项行动|主题教育|攻坚战|工作法)"
# “X”…KIND with no punctuation between: “双促双增”精准帮扶行动, “六+N”民族团结宣传教育活动
_QUOTED = re.compile(rf"[“\"]([^“”\"\n,。;:!?]{{2,24}}?)[”\"]([\u4e00-\u9fff+]{{0,12}}?{_KIND})?(?![\u4e00-\u9fff]*{_KIND})")
# 创建全国民族团结进步示范市, (争创|创建)…示范州, 全国民族团结进步示范县创建
_DEMO = re.compile(r"(?:争创|创建)?全国民族团结进步示范(?:市|州|县|区|盟|旗|单位|社区)(?:创建)?")
_CITED = re.compile(r"《[^《》]*》")


@dataclass(frozen=True)
class Entry:
    canonical: str
    parent: str | None


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[str, Entry]:
    """Printed form -> lexicon entry, for canonical names and aliases."""
    table: dict[str, Entry] = {}
    for line in entries("programs.tsv"):
        canonical, parent, aliases, *_ = line.split("\t") + ["", ""]
        entry = Entry(canonical, None if parent in ("-", "") else parent)
        table.setdefault(canonical, entry)
        for alias in aliases.split("|"):
            if alias and alias != "-":
                table.setdefault(alias, entry)
    return table


@functools.lru_cache(maxsize=1)
def _not_programs() -> frozenset[str]:
    return frozenset(entries("not_programs.txt"))


@functools.lru_cache(maxsize=1)
def _lexicon_pattern() -> re.Pattern:
    names = sorted(lexicon(), key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names))


def _strip_quotes(s: str) -> str:
    return re.sub(r"[“”\"]", "", s)


def extract(analysis: Analysis) -> list[ProgramRow]:
    """One row per program named in the body (first mention), printed form and canonical name."""
    body = analysis.body
    cited = [(m.start(), m.end()) for m in _CITED.finditer(body)]
    found: list[tuple[int, int, str]] = []

    def add(start: int, end: int, name: str) -> None:
        if any(s <= start < e for s, e in cited) or name in _not_programs():
            return
        found.append((start, end, name))

    # The quotes around a lexicon name are set aside by searching a quote-free copy.
    plain, index = _unquoted(body)
    for m in _lexicon_pattern().finditer(plain):
        add(index[m.start()], index[m.end() - 1] + 1, m.group())
    demo_seen: set[str] = set()
    for m in _DEMO.finditer(body):
        core = re.sub(r"^(?:争创|创建)|创建$", "", m.group())
        # Only as a campaign (争创/创建…), and once per title: the honour itself is no program.
        if core != m.group() and core not in demo_seen:
            demo_seen.add(core)
            add(m.start(), m.end(), m.group())
    for m in _QUOTED.finditer(body):
        inner, kind = m.group(1), m.group(2)
        # “三项计划”活动 is the named program doing activities; “X”和各类交流活动 is a list.
        if kind and inner not in lexicon() and not re.search(r"[和与及等的]|各类|有关", kind):
            add(m.start(), m.end(), inner + kind)
        elif re.search(rf"{_KIND}$", inner):
            add(m.start(1), m.end(1), inner)

    rows: list[ProgramRow] = []
    seen: set[str] = set()
    for start, end, name in sorted(found, key=lambda f: (f[0], -(f[1] - f[0]))):
        name = _strip_quotes(name)
        # A name inside a longer one already taken is that program, not another.
        if name in seen or any(name in s and name != s for s in seen if _overlaps(rows, start, end)):
            continue
        seen.add(name)
        entry = lexicon().get(name)
        rows.append(ProgramRow(analysis.article.article_id, name, entry.canonical if entry else None,
                               entry.parent if entry else None, start, end))
    return rows


def _overlaps(rows: list[ProgramRow], start: int, end: int) -> bool:
    return any(r.start < end and start < r.end for r in rows)


def _unquoted(text: str) -> tuple[str, list[int]]:
    """`text` without quote marks, and for each kept character its offset in `text`."""
    keep = [i for i, c in enumerate(text) if c not in "“”\""]
    return "".join(text[i] for i in keep), keep
