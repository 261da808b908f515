"""docs/schema.md, generated from the schemas in pipeline/storage/schemas.py (`minzu schema`)."""

from __future__ import annotations

import pyarrow as pa

from pipeline.storage.schemas import DERIVED_SCHEMAS, SCHEMAS

_INTRO = """\
# Data dictionary

Generated from `pipeline/storage/schemas.py` by `minzu schema > docs/schema.md`; a test fails
when this file is out of date. The same meanings and examples travel in every
Parquet file's field metadata.

An output folder `DIR` holds one dataset per table, `DIR/<table>/`, partitioned
hive-style by year of publication (`DIR/<table>/year=2023/part-*.parquet`,
`year=unknown` for undated articles; `errors` and the derived tables are not
partitioned). Read a table with `pandas.read_parquet(DIR / "articles")`,
`pyarrow.dataset.dataset(DIR / "articles", partitioning="hive")`, DuckDB
(`read_parquet('DIR/articles/**/*.parquet', hive_partitioning=true)`), Polars
(`pl.read_parquet('DIR/articles/**/*.parquet', hive_partitioning=True)`) or Spark
(`spark.read.parquet("DIR/articles")`); each adds the partition column `year`, a
string (`"2023"`, `"unknown"`), which is not stored in the files. Every extracted
row joins to `articles` on `article_id`; `start` and `end` index `articles.body`.
"""

_TABLES = {
    "articles": "One row per page processed: the cleaned article and its metadata.",
    "dates": "One row per date mentioned in the body.",
    "regions": "One row per mention of an administrative division (province, prefecture, county).",
    "officials": "One row per mention of a named official with their titles.",
    "agreements": "One row per agreement reported signed.",
    "programs": "One row per mention of a named program, plan or campaign.",
    "documents": "One row per document cited in 《》.",
    "persons": "One row per person a NER backend (`--ner hanlp:…`) found with no position beside the name; "
               "empty without one.",
    "errors": "One row per page that could not be processed, and why.",
    "officials_registry": "Derived (`minzu derive`): one row per person and jurisdiction.",
    "agreement_edges": "Derived: one row per pair of parties of an agreement, resolved to adcodes where possible.",
    "program_mentions_monthly": "Derived: mentions of each program per publication month.",
}


def _type(t: pa.DataType) -> str:
    return str(t).replace("<item: ", "<").replace("element: ", "")


def _table(name: str, schema: pa.Schema) -> list[str]:
    lines = [f"## `{name}`", "", _TABLES[name], "", "| column | type | null | meaning | example |",
             "|---|---|---|---|---|"]
    for field in schema:
        meta = {k.decode(): v.decode() for k, v in (field.metadata or {}).items()}
        meaning = meta.get("description", "").replace("|", "\\|")
        example = meta.get("example", "").replace("|", "\\|")
        lines.append(f"| `{field.name}` | {_type(field.type)} | {'yes' if field.nullable else 'no'} | "
                     f"{meaning} | {example} |")
    return lines + [""]


def render() -> str:
    """The data dictionary as Markdown."""
    lines = [_INTRO]
    for name, schema in {**SCHEMAS, **DERIVED_SCHEMAS}.items():
        lines += _table(name, schema)
    return "\n".join(lines)
