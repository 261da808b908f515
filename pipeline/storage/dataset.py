"""Parquet tables: a partitioned dataset of the schemas in pipeline/storage/schemas.py, atomic commits.

Layout of an output folder:

    DIR/<table>/year=<year>/part-<batch>.parquet   year of publication, hive-style
    DIR/<table>/year=unknown/part-empty.parquet    always there (see below)
    DIR/errors/part-<batch>.parquet                not partitioned
    DIR/_state.sqlite                              incremental state (pipeline/storage/state.py)
    DIR/_journal/<batch>.json                      commits in progress

Partition folders are named `key=value` because that is the only form Spark (and
Hive, Trino, Athena) discovers; plain `2023/` folders read as 0 rows there. Undated
articles go to `year=unknown`, and every partitioned table always holds an empty part
in `year=unknown`: a reader that infers the `year` column's type from the folder names
then always sees a non-number and types it as a string, whatever years the data has,
so pandas, pyarrow, DuckDB, Polars and Spark agree on the column and on the rows.
(pyarrow's null partition `__HIVE_DEFAULT_PARTITION__` would keep `year` an integer, but
`pandas.read_parquet` fails on it: "Cannot yet unify dictionaries with nulls".)
A folder written by 0.2.0 (`DIR/<table>/2023/`) is migrated when it is opened, by
renames inside a journal like any commit.

A batch is committed in three steps. Its files are written under hidden temporary
names (`.part-….parquet.tmp`, ignored by pyarrow, pandas, DuckDB, Polars and Spark); then a
journal naming every rename and deletion of the batch is written and renamed into
place, the commit point; then the renames and deletions are carried out and the
state updated. A run killed before the commit point leaves only temporary files,
removed when the folder is next opened; one killed after it is finished by
replaying the journal. Rows of a page that is processed again are removed by
rewriting the parts that hold them, inside the same journal.
"""

from __future__ import annotations

import dataclasses
import functools
import datetime as dt
import json
import os
import shutil
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from extractors.records import Article, Extraction
from pipeline.records import ErrorRow
from pipeline.storage.schemas import SCHEMAS
from pipeline.storage.state import PageState, State, StateChange

ROW_TABLES = ("dates", "regions", "officials", "agreements", "programs", "documents", "persons")
# Tables partitioned by the year of publication of their article; `errors` is not.
PARTITIONED = ("articles", *ROW_TABLES)
PARTITION_KEY = "year"
UNKNOWN_YEAR = "unknown"
EMPTY_PART = "part-empty.parquet"


def partition_folder(year: int | None) -> str:
    """The hive-style folder of a year of publication: `year=2023`, or `year=unknown`."""
    return f"{PARTITION_KEY}={year if year is not None else UNKNOWN_YEAR}"


def _legacy_folder(name: str) -> bool:
    """Whether a folder name is a 0.2.0 partition: a plain year (`2023`) or `unknown`."""
    return name.isdigit() or name == UNKNOWN_YEAR


def _batch_id() -> str:
    return f"{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"


@functools.lru_cache(maxsize=None)
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _shallow(obj) -> dict:
    # dataclasses.asdict deep-copies every value; rows hold only str, int, date and tuples of
    # str, which pyarrow takes as they are, at a fraction of the cost.
    return {name: getattr(obj, name) for name in _field_names(type(obj))}


def _article_row(a: Article, version: str, at: dt.datetime) -> dict:
    row = _shallow(a)
    row["bylines"] = [{"name": b.name, "role": b.role} for b in a.bylines]
    row["pipeline_version"] = version
    row["processed_at"] = at
    return row


def _row(obj, version: str) -> dict:
    row = _shallow(obj)
    row["pipeline_version"] = version
    return row


def _key_column(table: str) -> str:
    # Rows of a page are found by article_id; error rows, which may have no article, by uri.
    return "uri" if table == "errors" else "article_id"


# Rows are turned into Arrow as they arrive, this many at a time: Arrow holds them in a
# fraction of the memory of Python dicts, and the final commit has little left to convert.
_CONVERT_EVERY = 2000


@dataclasses.dataclass
class Batch:
    """Everything one commit adds, replaces and records."""

    rows: dict[tuple[str, str], list[dict]] = dataclasses.field(default_factory=lambda: defaultdict(list))
    converted: dict[tuple[str, str], list[pa.Table]] = dataclasses.field(default_factory=lambda: defaultdict(list))
    replaced: list[PageState] = dataclasses.field(default_factory=list)  # stored pages processed again
    change: StateChange = dataclasses.field(default_factory=StateChange)
    keys: dict[tuple[str, str], set[str]] = dataclasses.field(default_factory=lambda: defaultdict(set))
    articles: int = 0

    def add(self, article: Article, extraction: Extraction, version: str) -> None:
        """An article and its rows, all in the partition of its year of publication."""
        year = partition_folder(article.published.year if article.published else None)
        now = dt.datetime.now(dt.timezone.utc)
        self._append(("articles", year), [_article_row(article, version, now)], article.article_id)
        for table in ROW_TABLES:
            rows = getattr(extraction, table)
            if rows:
                self._append((table, year), [_row(r, version) for r in rows], article.article_id)
        self.articles += 1

    def add_error(self, error: ErrorRow, version: str) -> None:
        """An error row (errors are not partitioned)."""
        self._append(("errors", ""), [_row(error, version)], error.uri)

    def _append(self, key: tuple[str, str], rows: list[dict], page_key: str) -> None:
        buffer = self.rows[key]
        buffer += rows
        self.keys[key].add(page_key)
        if len(buffer) >= _CONVERT_EVERY:
            self.converted[key].append(pa.Table.from_pylist(buffer, schema=SCHEMAS[key[0]]))
            self.rows[key] = []

    def tables(self) -> dict[tuple[str, str], pa.Table]:
        """Every (table, year) of the batch as one Arrow table."""
        out = {}
        for key in set(self.rows) | set(self.converted):
            parts = self.converted.get(key, []) + [pa.Table.from_pylist(self.rows.get(key, []), schema=SCHEMAS[key[0]])]
            table = pa.concat_tables(parts)
            if table.num_rows:
                out[key] = table
        return out


class Dataset:
    """An output folder of tables; opening it finishes or discards interrupted commits."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "_journal").mkdir(exist_ok=True)
        self.state = State(self.root)
        self.recover()
        self.migrate()
        for table in SCHEMAS:
            # Every table exists as a readable dataset from the start, rows or not. In a
            # partitioned table the empty part sits in `year=unknown` for good: a file at the
            # table's top level beside `year=` folders is refused by DuckDB ("Hive partition
            # mismatch") and drops the column in Polars, and the folder keeps `year` a string.
            rel = f"{table}/{partition_folder(None)}/{EMPTY_PART}" if table in PARTITIONED else f"{table}/{EMPTY_PART}"
            needed = table in PARTITIONED or not any((self.root / table).rglob("part-*.parquet"))
            if needed and not (self.root / rel).exists():
                if (self.root / table).exists():
                    tmp, final = self._write_tmp(rel, SCHEMAS[table].empty_table())
                    os.replace(self.root / tmp, self.root / final)
                else:
                    self._create_table(table, rel)

    def _create_table(self, table: str, rel: str) -> None:
        """A new table's folder, built aside and renamed into place whole: a run killed while
        creating it leaves no table folder without a part, which no reader can read."""
        staging = self.root / f".{table}.new"  # hidden: readers skip it; a killed run's is redone
        shutil.rmtree(staging, ignore_errors=True)
        part = staging / Path(rel).relative_to(table)
        part.parent.mkdir(parents=True)
        pq.write_table(SCHEMAS[table].empty_table(), part, compression="zstd")
        _fsync(part)
        os.replace(staging, self.root / table)

    def close(self) -> None:
        self.state.close()

    # -- commits ---------------------------------------------------------------------------
    def commit(self, batch: Batch) -> None:
        """Write a batch atomically: its new parts, its replacements and its state."""
        bid = _batch_id()
        renames: list[tuple[str, str]] = []
        deletes: list[str] = []
        change = batch.change
        # 1. Parts holding rows of replaced pages are rewritten without them.
        old_keys = [k for p in batch.replaced for k in (p.article_id, p.uri)]
        for i, (path, keys) in enumerate(sorted(self.state.parts_holding(old_keys).items())):
            table = Path(path).parts[0]
            full = self.root / path
            if not full.exists():
                continue
            kept_table = pq.read_table(full, schema=SCHEMAS[table])
            mask = pc.invert(pc.is_in(kept_table[_key_column(table)], pa.array(sorted(keys))))
            kept_table = kept_table.filter(mask)
            deletes.append(path)
            if kept_table.num_rows:
                new = str(Path(path).parent / f"part-{bid}-r{i}.parquet")
                renames.append(self._write_tmp(new, kept_table))
                kept = [k for k in self.state.keys_in(path) if k not in keys]
                change.moved_keys.append((path, new, kept))
            else:
                change.dropped_parts.append(path)
        # 2. The batch's own rows, one part per table and year, written on parallel threads
        #    (pyarrow compresses and writes without holding the GIL).
        jobs = []
        for (table, year), arrow in sorted(batch.tables().items()):
            rel = Path(table) / year / f"part-{bid}.parquet" if year else Path(table) / f"part-{bid}.parquet"
            jobs.append((str(rel), arrow))
            change.part_keys += [(str(rel), k) for k in batch.keys[(table, year)]]
        with ThreadPoolExecutor(max_workers=4) as pool:
            renames += list(pool.map(lambda job: self._write_tmp(*job), jobs))
        # 3. The commit point: the journal, then carry it out.
        self._journal(bid, renames, deletes, change)

    def _journal(self, bid: str, renames: list[tuple[str, str]], deletes: list[str], change: StateChange) -> None:
        """Write the journal of a change (the commit point), then carry it out."""
        journal = self.root / "_journal" / f"{bid}.json"
        tmp = journal.with_suffix(".json.tmp")
        tmp.write_text(json.dumps({"renames": renames, "deletes": deletes, "state": change.to_json()}), encoding="utf-8")
        _fsync(tmp)
        os.replace(tmp, journal)
        self._carry_out(journal)

    def _write_tmp(self, rel: str, table: pa.Table) -> tuple[str, str]:
        final = self.root / rel
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = final.with_name(f".{final.name}.tmp")
        pq.write_table(table, tmp, compression="zstd")
        _fsync(tmp)
        return str(tmp.relative_to(self.root)), rel

    def _merge_tmp(self, rel: str, parts: list[Path], schema: pa.Schema) -> tuple[str, str]:
        """Stream `parts` into one temporary file, a part at a time (memory stays one part)."""
        final = self.root / rel
        tmp = final.with_name(f".{final.name}.tmp")
        with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
            for part in parts:
                writer.write_table(pq.read_table(part, schema=schema))
        _fsync(tmp)
        return str(tmp.relative_to(self.root)), rel

    def _carry_out(self, journal: Path) -> None:
        record = json.loads(journal.read_text(encoding="utf-8"))
        for tmp, final in record["renames"]:
            if (self.root / tmp).exists():
                # A migration moves parts into partition folders that may not exist yet.
                (self.root / final).parent.mkdir(parents=True, exist_ok=True)
                os.replace(self.root / tmp, self.root / final)
        for path in record["deletes"]:
            (self.root / path).unlink(missing_ok=True)
        self.state.apply(StateChange.from_json(record["state"]))
        journal.unlink()

    def recover(self) -> None:
        """Finish committed batches a killed run left behind; drop uncommitted temporary files."""
        journals = sorted((self.root / "_journal").glob("*.json"))
        for journal in journals:
            self._carry_out(journal)
        for stray in self.root.rglob("*.tmp"):
            stray.unlink()

    def migrate(self) -> int:
        """Move the parts of a folder written by 0.2.0 (`<table>/2023/`, `<table>/unknown/`, an
        empty part at the table's top level) into hive-style folders (`<table>/year=2023/`);
        returns the number of parts moved.

        One journal holds every rename and the state's record of which part holds which
        page under its new path, so a kill at any point is finished by `recover` on the next
        open. Old folders left empty are removed afterwards (again on the next open if a
        kill comes first)."""
        renames: list[tuple[str, str]] = []
        deletes: list[str] = []
        change = StateChange()
        legacy: list[Path] = []
        for table in PARTITIONED:
            folder = self.root / table
            if not folder.is_dir():
                continue
            if (folder / EMPTY_PART).exists():
                # Replaced by the one in year=unknown: a file beside the partition folders
                # is refused by DuckDB and makes Polars drop the year column.
                deletes.append(f"{table}/{EMPTY_PART}")
            for sub in sorted(p for p in folder.iterdir() if p.is_dir() and _legacy_folder(p.name)):
                legacy.append(sub)
                target = partition_folder(int(sub.name) if sub.name.isdigit() else None)
                for part in sorted(sub.glob("part-*.parquet")):
                    old = str(part.relative_to(self.root))
                    new = str(Path(table) / target / part.name)
                    renames.append((old, new))
                    change.moved_keys.append((old, new, self.state.keys_in(old)))
        if renames or deletes:
            self._journal(_batch_id(), renames, deletes, change)
        for sub in legacy:
            if not any(sub.iterdir()):
                sub.rmdir()
        return len(renames)

    # -- maintenance -------------------------------------------------------------------------
    def compact(self, min_parts: int = 2) -> int:
        """Merge the parts of each table and year into one; returns the number of parts merged.
        The empty part of `year=unknown` is left alone: it keeps that folder (and the `year`
        column's string type) when its rows are all replaced."""
        merged = 0
        for table in SCHEMAS:
            folders = {p.parent for p in (self.root / table).rglob("part-*.parquet")}
            for folder in sorted(folders):
                parts = sorted(p for p in folder.glob("part-*.parquet") if p.name != EMPTY_PART)
                if len(parts) < min_parts:
                    continue
                bid = _batch_id()
                new = str((folder / f"part-{bid}-c.parquet").relative_to(self.root))
                renamed = self._merge_tmp(new, parts, SCHEMAS[table])
                olds = [str(p.relative_to(self.root)) for p in parts]
                keys = sorted({k for old in olds for k in self.state.keys_in(old)})
                change = StateChange(dropped_parts=olds, part_keys=[(new, k) for k in keys])
                self._journal(bid, [renamed], olds, change)
                merged += len(parts)
        return merged


def _fsync(path: Path) -> None:
    with open(path, "rb") as f:
        os.fsync(f.fileno())
