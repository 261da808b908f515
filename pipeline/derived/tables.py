"""Derived tables researchers ask for, computed from a run's tables (`minzu derive DIR`).

    officials_registry        one row per person and jurisdiction
    agreement_edges           one row per pair of parties of an agreement
    program_mentions_monthly  one row per program and publication month

Counts come as articles and as stories: the articles of one near-duplicate cluster
(reposts) are one story, so a story reposted on five sites is not five pieces of
evidence.

Each is rewritten whole, as one file `DIR/<table>/part-derived.parquet`, replaced
atomically; `minzu run` and `minzu crawl` call `derive` after they commit.

People who share a name: a registry row is a (name, jurisdiction) pair, never a
name alone. Two officials named 张伟 in two prefectures stay two rows, and so do a
name seen with a jurisdiction and the same name seen without one; `shared_name`
marks every row whose name also appears in another row, so a researcher can decide.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.parquet as pq

from extractors.gazetteer import NATIONAL
from pipeline.storage.schemas import DERIVED_SCHEMAS, SCHEMAS

if TYPE_CHECKING:
    import pandas as pd  # imported where a table is computed: a run with nothing to derive never pays for it

DERIVED_FILE = "part-derived.parquet"


def read_table(out: Path, table: str, columns: list[str] | None = None) -> pd.DataFrame:
    """Columns (all by default) of one table, every partition, as pandas; empty with the right
    columns when the folder has none."""
    import pyarrow.dataset as ds  # it imports pandas: loaded only when a table is read

    folder = Path(out) / table
    columns = columns or SCHEMAS[table].names
    if not folder.exists():
        return SCHEMAS[table].empty_table().select(columns).to_pandas()
    return ds.dataset(folder, schema=SCHEMAS[table], format="parquet").to_table(columns=columns).to_pandas()


def _write(out: Path, table: str, frame: pd.DataFrame) -> int:
    schema = DERIVED_SCHEMAS[table]
    arrow = pa.Table.from_pandas(frame[[f.name for f in schema]], schema=schema, preserve_index=False)
    folder = out / table
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{DERIVED_FILE}.tmp"
    pq.write_table(arrow, tmp, compression="zstd")
    os.replace(tmp, folder / DERIVED_FILE)
    return arrow.num_rows


def _division_names() -> dict[str, str]:
    from extractors.gazetteer import divisions

    names = {code: d.name for code, d in divisions().items()}
    names[NATIONAL] = "全国"
    return names


def officials_registry(officials: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per (name, jurisdiction): titles seen, first and last article date, articles and stories."""
    import pandas as pd

    columns = [f.name for f in DERIVED_SCHEMAS["officials_registry"]]
    if officials.empty:
        return pd.DataFrame(columns=columns)
    df = officials.merge(articles, on="article_id", how="left")
    df["story"] = story_ids(df)
    df["key"] = df["jurisdiction"].fillna("")
    df = df.sort_values(["published", "article_id", "start"], na_position="last", kind="stable")
    names = _division_names()
    rows = []
    for (name, key), group in df.groupby(["name", "key"], sort=True):
        titles = list(dict.fromkeys(t for ts in group["titles"] if ts is not None for t in ts))
        dated = group["published"].dropna()
        rows.append({
            "person_id": hashlib.sha1(f"{name}|{key}".encode("utf-8")).hexdigest()[:16],
            "name": name,
            "jurisdiction": key or None,
            "jurisdiction_name": names.get(key) if key else None,
            "titles": titles,
            "first_date": dated.min() if len(dated) else None,
            "last_date": dated.max() if len(dated) else None,
            "articles": group["article_id"].nunique(),
            "stories": group["story"].nunique(),
            "article_ids": sorted(group["article_id"].unique()),
        })
    registry = pd.DataFrame(rows)
    registry["shared_name"] = registry.groupby("name")["name"].transform("size") > 1
    return registry[columns]


def _party_adcode(party: str, surfaces: list[tuple[str, str]], ancestors: dict[str, tuple[str, ...]]) -> str | None:
    """The division a party belongs to, from the article's resolved regions written in its name:
    the first one written, or a division inside it written after it (江西省南昌市民宗局 -> 南昌市);
    a national organ (国家民委) is 100000, as the officials extractor decides it for an official."""
    from extractors.officials import national_organ  # imported with the rules, not for a re-run's check

    if national_organ(party):
        return NATIONAL
    found = sorted((party.find(surface), -len(surface), adcode) for surface, adcode in surfaces if surface in party)
    best = None
    for _, _, adcode in found:
        if best is None or best in ancestors.get(adcode, ()):
            best = adcode
    return best


def agreement_edges(agreements: pd.DataFrame, regions: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Every pair of parties of every agreement, with the parties resolved to adcodes where the
    article's regions allow."""
    import pandas as pd

    from extractors.gazetteer import divisions

    columns = [f.name for f in DERIVED_SCHEMAS["agreement_edges"]]
    ancestors = {code: d.ancestors() for code, d in divisions().items()}
    clusters = dict(zip(articles["article_id"], articles["dup_cluster"]))
    by_article: dict[str, list[tuple[str, str]]] = {}
    for row in regions.itertuples(index=False):
        forms = by_article.setdefault(row.article_id, [])
        forms += [(row.surface, row.adcode), (row.name, row.adcode)]
    rows = []
    for a in agreements.itertuples(index=False):
        parties = list(dict.fromkeys(a.parties if a.parties is not None else []))
        surfaces = by_article.get(a.article_id, [])
        for i in range(len(parties)):
            for j in range(i + 1, len(parties)):
                rows.append({
                    "article_id": a.article_id, "dup_cluster": clusters.get(a.article_id), "agreement": a.title, "kind": a.kind, "date": a.date,
                    "party_a": parties[i], "party_b": parties[j],
                    "adcode_a": _party_adcode(parties[i], surfaces, ancestors),
                    "adcode_b": _party_adcode(parties[j], surfaces, ancestors),
                    "parties": len(parties), "start": a.start, "end": a.end,
                })
    return pd.DataFrame(rows, columns=columns)


def program_mentions_monthly(programs: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Articles and distinct stories naming each program, per publication month (undated: month null)."""
    import pandas as pd

    columns = [f.name for f in DERIVED_SCHEMAS["program_mentions_monthly"]]
    if programs.empty:
        return pd.DataFrame(columns=columns)
    df = programs.merge(articles, on="article_id", how="left")
    df["month"] = pd.to_datetime(df["published"]).dt.strftime("%Y-%m")
    df["program"] = df["canonical"].fillna(df["name"])
    df["story"] = story_ids(df)
    grouped = df.groupby(["month", "program", "parent"], dropna=False, sort=True)
    frame = grouped.agg(articles=("article_id", "nunique"), stories=("story", "nunique")).reset_index()
    return frame.astype({"month": object, "parent": object}).where(frame.notna(), None)[columns]


def story_ids(frame: pd.DataFrame) -> pd.Series:
    """Each row's story: its article's near-duplicate cluster, or the article itself when it has
    none. Reposts of one story count once in every derived table, figure and map."""
    return frame["dup_cluster"].fillna(frame["article_id"])


def missing_derived(out: Path) -> bool:
    """Whether any derived table of an output folder has not been written yet."""
    return any(not (Path(out) / table / DERIVED_FILE).exists() for table in DERIVED_SCHEMAS)


def derive(out: Path) -> dict[str, int]:
    """Rewrite the derived tables of an output folder; returns the rows written per table."""
    out = Path(out)
    return {table: _write(out, table, frame) for table, frame in compute(out).items()}


def compute(out: Path) -> dict[str, pd.DataFrame]:
    """The derived tables of an output folder, computed from its tables (nothing written)."""
    out = Path(out)
    articles = read_table(out, "articles", ["article_id", "published", "dup_cluster"])
    officials = read_table(out, "officials", ["article_id", "name", "titles", "jurisdiction", "start"])
    agreements = read_table(out, "agreements", ["article_id", "title", "kind", "parties", "date", "start", "end"])
    regions = read_table(out, "regions", ["article_id", "adcode", "name", "surface"])
    programs = read_table(out, "programs", ["article_id", "name", "canonical", "parent"])
    return {
        "officials_registry": officials_registry(officials, articles),
        "agreement_edges": agreement_edges(agreements, regions, articles),
        "program_mentions_monthly": program_mentions_monthly(programs, articles),
    }
