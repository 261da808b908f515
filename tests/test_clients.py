"""Real clients: every table read, and a join across tables, in pandas, DuckDB and Polars."""

from __future__ import annotations

import duckdb
import pandas as pd
import polars as pl
import pytest

from pipeline.storage.schemas import DERIVED_SCHEMAS, SCHEMAS
from pipeline.storage.dataset import PARTITIONED

TABLES = list(SCHEMAS) + list(DERIVED_SCHEMAS)


@pytest.fixture
def db():
    # A connection of the test's own, closed after it: DuckDB's module-level default
    # connection outlives the interpreter's teardown and nanobind reports it as a leak.
    con = duckdb.connect()
    yield con
    con.close()


def _glob(out, table):
    return f"{(out / table).as_posix()}/**/*.parquet"


@pytest.mark.parametrize("table", TABLES)
def test_every_table_reads_the_same_in_pandas_duckdb_and_polars(bundled_run, table, db):
    frame = pd.read_parquet(bundled_run / table)
    schema = {**SCHEMAS, **DERIVED_SCHEMAS}[table]
    # pandas adds the hive partition column of the year-partitioned tables.
    assert list(frame.columns) == schema.names + (["year"] if table in PARTITIONED else [])
    count = db.execute(f"SELECT COUNT(*) FROM read_parquet('{_glob(bundled_run, table)}')").fetchone()[0]
    assert count == len(frame) == pl.read_parquet(_glob(bundled_run, table)).height


def _expected_join(out) -> pd.DataFrame:
    officials = pd.read_parquet(out / "officials", columns=["article_id", "name", "jurisdiction"])
    articles = pd.read_parquet(out / "articles", columns=["article_id", "title"])
    regions = pd.read_parquet(out / "regions", columns=["adcode", "name"]).drop_duplicates("adcode")
    return (officials.merge(articles, on="article_id")
            .merge(regions.rename(columns={"adcode": "jurisdiction", "name": "place"}), on="jurisdiction"))


def test_a_join_of_officials_articles_and_regions_agrees_across_clients(bundled_run, db):
    expected = _expected_join(bundled_run)
    # Its size, counted without a join: every officials row whose jurisdiction is an adcode some
    # regions row holds (each article_id names one article, each adcode one place). The bundled
    # gold has officials of regions the articles name, so it is not zero.
    officials = pd.read_parquet(bundled_run / "officials", columns=["jurisdiction"])
    adcodes = set(pd.read_parquet(bundled_run / "regions", columns=["adcode"])["adcode"])
    assert len(expected) == officials["jurisdiction"].isin(adcodes).sum() > 0
    g = lambda t: _glob(bundled_run, t)  # noqa: E731
    sql = db.execute(f"""
        SELECT o.article_id, o.name, o.jurisdiction, a.title, r.place
        FROM read_parquet('{g("officials")}') o
        JOIN read_parquet('{g("articles")}') a USING (article_id)
        JOIN (SELECT adcode, any_value(name) AS place FROM read_parquet('{g("regions")}') GROUP BY adcode) r
          ON r.adcode = o.jurisdiction""").df()
    lazy = (pl.scan_parquet(g("officials")).select("article_id", "name", "jurisdiction")
            .join(pl.scan_parquet(g("articles")).select("article_id", "title"), on="article_id")
            .join(pl.scan_parquet(g("regions")).group_by("adcode").agg(pl.col("name").first().alias("place")),
                  left_on="jurisdiction", right_on="adcode")
            .collect())
    key = ["article_id", "name", "jurisdiction"]
    assert sorted(map(tuple, expected[key].values.tolist())) == sorted(map(tuple, sql[key].values.tolist()))
    assert sorted(map(tuple, expected[key].values.tolist())) == sorted(lazy.select(key).rows())


def test_the_registry_joins_back_to_the_articles_that_name_each_person(bundled_run, db):
    g = lambda t: _glob(bundled_run, t)  # noqa: E731
    # Not vacuous: the registry lists exactly the articles the officials table names.
    registry = g("officials_registry")
    listed = db.execute(f"SELECT DISTINCT UNNEST(article_ids) FROM read_parquet('{registry}')").fetchall()
    named = set(pd.read_parquet(bundled_run / "officials", columns=["article_id"])["article_id"])
    assert named and {row[0] for row in listed} == named
    unmatched = db.execute(f"""
        SELECT r.person_id, id FROM read_parquet('{g("officials_registry")}') r, UNNEST(r.article_ids) AS t(id)
        ANTI JOIN read_parquet('{g("articles")}') a ON a.article_id = id""").fetchall()
    assert unmatched == []
