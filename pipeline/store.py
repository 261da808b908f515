"""Parquet tables: explicit pyarrow schemas and a writer that commits a run atomically.

A run writes every table into a staging folder beside the output and, once all is
written, swaps each table folder into place by rename; a killed run leaves the
previous tables untouched. Each table is a folder of parts readable as one dataset
by pandas, pyarrow.dataset, DuckDB and Polars.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.records import Article, ErrorRow, Extraction

_OFFSETS = [pa.field("start", pa.int32(), False), pa.field("end", pa.int32(), False)]
_STAMP = [pa.field("pipeline_version", pa.string(), False)]

SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema([
        pa.field("article_id", pa.string(), False),
        pa.field("uri", pa.string(), False),
        pa.field("url", pa.string()),
        pa.field("title", pa.string()),
        pa.field("published", pa.date32()),
        pa.field("source", pa.string()),
        pa.field("bylines", pa.list_(pa.struct([pa.field("name", pa.string()), pa.field("role", pa.string())]))),
        pa.field("script", pa.string(), False),
        pa.field("truncated", pa.bool_(), False),
        pa.field("body", pa.string(), False),
        pa.field("body_original", pa.string(), False),
        pa.field("content_sha1", pa.string(), False),
        pa.field("input_sha1", pa.string(), False),
        pa.field("encoding", pa.string(), False),
        pa.field("extractor", pa.string(), False),
        pa.field("dup_cluster", pa.string()),
        *_STAMP,
        pa.field("processed_at", pa.timestamp("us", tz="UTC"), False),
    ]),
    "dates": pa.schema([
        pa.field("article_id", pa.string(), False), pa.field("text", pa.string(), False),
        pa.field("value", pa.string(), False), pa.field("kind", pa.string(), False), *_OFFSETS, *_STAMP,
    ]),
    "regions": pa.schema([
        pa.field("article_id", pa.string(), False), pa.field("adcode", pa.string(), False),
        pa.field("name", pa.string(), False), pa.field("surface", pa.string(), False),
        pa.field("level", pa.string(), False), pa.field("parent", pa.string()), *_OFFSETS, *_STAMP,
    ]),
    "officials": pa.schema([
        pa.field("article_id", pa.string(), False), pa.field("name", pa.string(), False),
        pa.field("titles", pa.list_(pa.string())), pa.field("jurisdiction", pa.string()), *_OFFSETS,
        pa.field("sentence", pa.string()), *_STAMP,
    ]),
    "agreements": pa.schema([
        pa.field("article_id", pa.string(), False), pa.field("title", pa.string(), False),
        pa.field("kind", pa.string(), False), pa.field("parties", pa.list_(pa.string())),
        pa.field("date", pa.string()), *_OFFSETS, pa.field("sentence", pa.string()), *_STAMP,
    ]),
    "programs": pa.schema([
        pa.field("article_id", pa.string(), False), pa.field("name", pa.string(), False),
        pa.field("canonical", pa.string()), pa.field("parent", pa.string()), *_OFFSETS, *_STAMP,
    ]),
    "documents": pa.schema([
        pa.field("article_id", pa.string(), False), pa.field("title", pa.string(), False), *_OFFSETS, *_STAMP,
    ]),
    "errors": pa.schema([
        pa.field("uri", pa.string(), False), pa.field("stage", pa.string(), False),
        pa.field("error", pa.string(), False), pa.field("message", pa.string(), False),
        pa.field("at", pa.timestamp("us", tz="UTC"), False), *_STAMP,
    ]),
}
ROW_TABLES = ("dates", "regions", "officials", "agreements", "programs", "documents")


def _article_row(a: Article, version: str, at: dt.datetime) -> dict:
    row = dataclasses.asdict(a)
    row["bylines"] = [{"name": b.name, "role": b.role} for b in a.bylines]
    row["pipeline_version"] = version
    row["processed_at"] = at
    return row


def _row(obj, version: str) -> dict:
    row = dataclasses.asdict(obj)
    row["pipeline_version"] = version
    return row


class RunWriter:
    """Writes one run's tables into staging and swaps them into `out` on commit."""

    def __init__(self, out: Path, version: str, batch_rows: int = 2000):
        self.out = Path(out)
        self.version = version
        self.batch_rows = batch_rows
        self.out.mkdir(parents=True, exist_ok=True)
        self.staging = self.out / f".staging-{uuid.uuid4().hex[:12]}"
        self.staging.mkdir()
        self._buffers: dict[str, list[dict]] = {name: [] for name in SCHEMAS}
        self._writers: dict[str, pq.ParquetWriter] = {}
        self.counts: dict[str, int] = {name: 0 for name in SCHEMAS}

    def add(self, article: Article, extraction: Extraction) -> None:
        """Queue an article and its rows."""
        now = dt.datetime.now(dt.timezone.utc)
        self._append("articles", _article_row(article, self.version, now))
        for table in ROW_TABLES:
            for row in getattr(extraction, table):
                self._append(table, _row(row, self.version))

    def add_error(self, error: ErrorRow) -> None:
        """Queue an error row."""
        self._append("errors", _row(error, self.version))

    def _append(self, table: str, row: dict) -> None:
        self._buffers[table].append(row)
        self.counts[table] += 1
        if len(self._buffers[table]) >= self.batch_rows:
            self._flush(table)

    def _flush(self, table: str) -> None:
        rows = self._buffers[table]
        if table not in self._writers:
            folder = self.staging / table
            folder.mkdir()
            self._writers[table] = pq.ParquetWriter(folder / "part-00000.parquet", SCHEMAS[table], compression="zstd")
        if rows:
            self._writers[table].write_table(pa.Table.from_pylist(rows, schema=SCHEMAS[table]))
        self._buffers[table] = []

    def commit(self) -> None:
        """Close every table and swap the staged folders into place."""
        for table in SCHEMAS:
            self._flush(table)  # every table exists, empty or not, so readers never miss one
            self._writers[table].close()
        for table in SCHEMAS:
            target = self.out / table
            old = self.out / f".old-{table}-{uuid.uuid4().hex[:8]}"
            if target.exists():
                target.rename(old)
            (self.staging / table).rename(target)
            shutil.rmtree(old, ignore_errors=True)
        shutil.rmtree(self.staging, ignore_errors=True)

    def abort(self) -> None:
        """Drop everything staged; the previous tables stay as they were."""
        for writer in self._writers.values():
            writer.close()
        shutil.rmtree(self.staging, ignore_errors=True)
