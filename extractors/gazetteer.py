"""China's administrative divisions from jionlp's bundled data, with the short forms news uses.

Read from the installed package (never copied into this repo): province, prefecture
and county levels with their 6-digit adcodes. Short forms are derived by rule from
the official names: 楚雄彝族自治州 -> 楚雄州, 楚雄; 维西傈僳族自治县 -> 维西县;
广西壮族自治区 -> 广西. Former names come from jionlp's change list (襄樊 -> 襄阳市).
"""

from __future__ import annotations

import functools
import importlib.util
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from extractors import data_cache

LEVELS = ("province", "prefecture", "county")
# Where a division's adcode stands for national organs (国家民委, 中央统战部): an official's
# jurisdiction, an agreement party's division (FORMAT.md: national organs are 100000).
NATIONAL = "100000"



@dataclass(frozen=True)
class Division:
    adcode: str
    name: str  # full official name
    level: str  # province, prefecture, county
    parent: str | None  # adcode
    province: str  # adcode of its province
    alias: str  # jionlp's short form: 楚雄 for 楚雄彝族自治州, 广西 for 广西壮族自治区

    def ancestors(self) -> tuple[str, ...]:
        """Adcodes above this division: its prefecture (if any) and province."""
        out = []
        if self.parent:
            out.append(self.parent)
        if self.province not in out and self.province != self.adcode:
            out.append(self.province)
        return tuple(out)


@dataclass(frozen=True)
class Surface:
    """A written form of a division and how strong a signal it is on its own."""

    division: Division
    form: str
    kind: str  # full, derived (楚雄州, 维西县), alias (楚雄), former


def _data_dir() -> Path:
    # Located without importing jionlp: its import prints a banner and loads models.
    spec = importlib.util.find_spec("jionlp")
    if spec is None or spec.origin is None:
        raise RuntimeError("jionlp is not installed: its administrative-division data is required")
    return Path(spec.origin).parent / "dictionary"


# A province (no tab), prefecture (one) or county (two) row of china_location.txt:
# "\t楚雄彝族自治州\t532300\t楚雄". Deeper rows (towns, villages: 700,000 of them) are never
# matched, so the file is read by one regex scan rather than line by line.
_ROW = re.compile(r"^(\t{0,2})([^\t\n]+)\t(\d+)\t([^\t\n]*?)[ \r]*$", re.M)


def _rows() -> list[tuple[int, str, str, str]]:
    """(depth, name, adcode, alias) of the province, prefecture and county rows, in file order;
    parsed once per user (extractors/data_cache.py: the file inflates to 14 MB)."""

    def parse() -> list[tuple[int, str, str, str]]:
        with zipfile.ZipFile(path) as z:
            text = z.read("china_location.txt").decode("utf-8")
        return [(len(tabs), name, code, alias) for tabs, name, code, alias in _ROW.findall(text)]

    path = _data_dir() / "china_location.zip"
    return data_cache.load("jionlp-divisions", [path, Path(__file__)], parse)


@functools.lru_cache(maxsize=1)
def divisions() -> dict[str, Division]:
    """Every province, prefecture and county division by adcode."""
    out: dict[str, Division] = {}
    province = prefecture = None
    for depth, name, code, alias in _rows():
        if "直辖" in name:  # 市直辖行政区划 / 省直辖行政区划: grouping rows, not divisions
            if depth == 1:
                prefecture = None
            continue
        if depth == 0:
            province = code
            out[code] = Division(code, name, "province", None, code, alias)
        elif depth == 1:
            prefecture = code
            if code != province:  # municipalities repeat themselves as their own city
                out[code] = Division(code, name, "prefecture", province, province, alias)
            else:
                prefecture = None
        else:
            parent = prefecture or province
            out[code] = Division(code, name, "county", parent, province, alias)
    return out


def short_forms(div: Division) -> list[tuple[str, str]]:
    """Written forms of a division besides its full name: (form, kind)."""
    name, alias = div.name, div.alias
    forms: list[tuple[str, str]] = []
    if "自治" in name and len(alias) >= 2:
        # 楚雄彝族自治州 -> 楚雄州, 维西傈僳族自治县 -> 维西县, 鄂温克族自治旗 -> 鄂温克旗;
        # an autonomous region goes by its alias alone (广西, 新疆).
        tail = {"州": "州", "县": "县", "旗": "旗"}.get(name[-1])
        if tail:
            forms.append((alias + tail, "derived"))
    if len(alias) >= 2 and alias != name and not alias.endswith(("市", "县", "区")):
        forms.append((alias, "alias"))
    return forms


@functools.lru_cache(maxsize=1)
def surfaces() -> dict[str, tuple[Surface, ...]]:
    """Every written form -> the divisions it may denote."""
    table: dict[str, list[Surface]] = {}
    for div in divisions().values():
        table.setdefault(div.name, []).append(Surface(div, div.name, "full"))
        for form, kind in short_forms(div):
            table.setdefault(form, []).append(Surface(div, form, kind))
    for old, new in _former_names():
        for s in table.get(new, ()):
            if s.kind == "full" and old not in table:
                table.setdefault(old, []).append(Surface(s.division, old, "former"))
    return {k: tuple(v) for k, v in table.items()}


def _former_names() -> list[tuple[str, str]]:
    """(former full name, current full name) pairs from jionlp's change list."""
    pairs = []
    for line in (_data_dir() / "china_location_change.txt").read_text(encoding="utf-8").splitlines():
        if "=>" not in line:
            continue
        old, new = line.split("=>")
        old_parts, new_parts = old.split("\t"), new.split("\t")
        # Old side: date, approver, then (full, alias) pairs; new side: full names.
        old_full, new_full = old_parts[-2], new_parts[-1].strip()
        if old_full != new_full and len(old_full) >= 3:
            pairs.append((old_full, new_full))
    return pairs


@functools.lru_cache(maxsize=1)
def _aliases() -> dict[str, tuple[Division, ...]]:
    out: dict[str, list[Division]] = {}
    for div in divisions().values():
        out.setdefault(div.alias, []).append(div)
    return {alias: tuple(divs) for alias, divs in out.items()}


def by_alias(alias: str) -> tuple[Division, ...]:
    """Divisions whose jionlp short form is `alias` (凯里 -> 凯里市); several when it is ambiguous."""
    return _aliases().get(alias, ())
