"""docs/schema.md is generated from the schemas and must not fall behind them."""

from __future__ import annotations

from conftest import ROOT

from pipeline.storage.schema_doc import render
from pipeline.storage.schemas import DERIVED_SCHEMAS, SCHEMAS


def test_docs_schema_md_is_up_to_date():
    committed = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    assert committed == render(), "docs/schema.md is out of date: run `minzu schema > docs/schema.md`"


def test_every_column_has_a_meaning_and_an_example():
    for name, schema in {**SCHEMAS, **DERIVED_SCHEMAS}.items():
        for field in schema:
            meta = field.metadata or {}
            assert meta.get(b"description") and meta.get(b"example"), f"{name}.{field.name}"


def test_the_meanings_travel_in_the_parquet_files(bundled_run):
    import pyarrow.parquet as pq

    part = next((bundled_run / "officials").rglob("part-*.parquet"))
    field = pq.read_schema(part).field("jurisdiction")
    assert b"adcode" in field.metadata[b"description"]
