"""Every engine reads every row: pandas, pyarrow.dataset, DuckDB, Polars and Spark read each table
of a run, and of a folder written by 0.2.0 once it is opened, with exactly the rows the run wrote.

The expected counts are the writer's own (the run's summary, `derive`'s return value, the
32 files of the bundled corpus), never a reader's; the expected `year` of a row is the year
of publication of its article, read from the files' contents, not from folder names. A
reader that infers `year` as a number gives `2023` where `"2023"` is expected and fails.

The Spark cases are marked `spark` and run under `make test-spark` (pyspark, Java).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections import Counter
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow.dataset as ds
import pytest
from conftest import ROOT

from pipeline.derived.tables import derive
from pipeline.run import run
from pipeline.storage.schemas import DERIVED_SCHEMAS, SCHEMAS
from pipeline.settings import Settings
from pipeline.storage.dataset import ROW_TABLES, Dataset

CORPUS = [str(ROOT / "corpora" / "seeds"), str(ROOT / "corpora" / "articles")]
# corpora/seeds and corpora/articles: one article per page file
CORPUS_FILES = sum(1 for folder in CORPUS for p in Path(folder).iterdir() if p.suffix in (".txt", ".html"))
MISSING = str(ROOT / "tests" / "fixtures" / "no-such-page.txt")  # an input that is not there: one errors row
# Spelled out rather than imported from pipeline.storage.dataset, so that this file also runs against
# 0.2.0's code, where Spark reads 0 rows of every partitioned table.
PARTITIONED = ("articles", *ROW_TABLES)
TABLES = list(SCHEMAS) + list(DERIVED_SCHEMAS)


# -- readers: each gives a table's rows as tuples of the asked columns --------------------------
def read_pandas(folder: Path, columns: list[str]) -> list[tuple]:
    return list(pd.read_parquet(folder, columns=columns).itertuples(index=False, name=None))


def read_pyarrow(folder: Path, columns: list[str]) -> list[tuple]:
    table = ds.dataset(folder, format="parquet", partitioning="hive").to_table(columns=columns)
    return list(zip(*(table.column(c).to_pylist() for c in columns)))


def read_duckdb(folder: Path, columns: list[str]) -> list[tuple]:
    con = duckdb.connect()  # the test's own: the module's default connection outlives teardown
    try:
        return con.execute(f"SELECT {', '.join(columns)} FROM read_parquet("
                           f"'{folder.as_posix()}/**/*.parquet', hive_partitioning=true)").fetchall()
    finally:
        con.close()


def read_polars(folder: Path, columns: list[str]) -> list[tuple]:
    return pl.read_parquet(f"{folder.as_posix()}/**/*.parquet", hive_partitioning=True).select(columns).rows()


@pytest.fixture(scope="module")
def spark():
    """A local Spark session, or a skip when pyspark or Java is missing."""
    pytest.importorskip("pyspark")
    if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
        pytest.skip("Spark needs Java (make test-spark installs it)")
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[1]").appName("minzu-readers")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1").getOrCreate())
    yield session
    session.stop()


# pyspark warns about pandas 3 on import; these tests collect Rows and never convert to pandas.
SPARK_MARKS = [pytest.mark.spark, pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas")]
READERS = ["pandas", "pyarrow", "duckdb", "polars", pytest.param("spark", marks=SPARK_MARKS)]


@pytest.fixture
def reader(request):
    """The reader a test is parametrised with, as a function (folder, columns) -> rows."""
    if request.param == "spark":
        session = request.getfixturevalue("spark")
        return lambda folder, columns: [tuple(r) for r in session.read.parquet(str(folder)).select(*columns).collect()]
    return {"pandas": read_pandas, "pyarrow": read_pyarrow, "duckdb": read_duckdb, "polars": read_polars}[request.param]


# -- what was written ---------------------------------------------------------------------------
def _expected(out: Path, written: dict[str, int]) -> dict[str, Counter]:
    """Per table, how many rows carry each `year` (None for unpartitioned tables), from the files'
    contents: a row's year is its article's year of publication, as a string, or 'unknown'."""
    def content(table: str, columns: list[str]) -> list[dict]:
        return ds.dataset(out / table, format="parquet").to_table(columns=columns).to_pylist()

    years = {a["article_id"]: str(a["published"].year) if a["published"] else "unknown"
             for a in content("articles", ["article_id", "published"])}
    expected = {}
    for table in TABLES:
        if table in PARTITIONED:
            expected[table] = Counter(years[r["article_id"]] for r in content(table, ["article_id"]))
        else:
            expected[table] = Counter({None: written[table]}) if written[table] else Counter()
        assert sum(expected[table].values()) == written[table], table
    return expected


def _write_run(out: Path) -> dict[str, int]:
    """The bundled corpus and one missing input (an `errors` row); returns the rows written per table."""
    summary = run([*CORPUS, MISSING], out, Settings(workers=1))
    assert summary.articles == CORPUS_FILES
    written = {"articles": summary.articles, "errors": sum(summary.errors.values()),
               **{t: summary.rows[t] for t in ROW_TABLES}, **derive(out)}
    assert written["errors"] == 1
    return written


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> tuple[Path, dict[str, Counter]]:
    out = tmp_path_factory.mktemp("readers") / "data"
    counts = _write_run(out)
    return out, _expected(out, counts)


def as_written_by_0_2_0(out: Path) -> None:
    """Turn an output folder into what minzu 0.2.0 wrote: plain year folders (`2023/`, `unknown/`),
    the empty part at each table's top level, and the state naming the parts by those paths."""
    db = sqlite3.connect(out / "_state.sqlite")
    with db:
        for table in PARTITIONED:
            for folder in sorted((out / table).glob("year=*")):
                for part in folder.glob("part-*.parquet"):
                    if part.name == "part-empty.parquet":
                        target = out / table / part.name
                    else:
                        target = out / table / folder.name.split("=", 1)[1] / part.name
                        db.execute("UPDATE part_keys SET path=? WHERE path=?",
                                   (str(target.relative_to(out)), str(part.relative_to(out))))
                    target.parent.mkdir(exist_ok=True)
                    part.rename(target)
                folder.rmdir()
    db.close()
    assert not list(out.rglob("year=*"))


@pytest.fixture(scope="module")
def legacy(written, tmp_path_factory) -> Path:
    """A copy of the run as 0.2.0 left it, not opened yet."""
    out = tmp_path_factory.mktemp("legacy") / "data"
    shutil.copytree(written[0], out)
    as_written_by_0_2_0(out)
    return out


@pytest.fixture(scope="module")
def migrated(legacy, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("migrated") / "data"
    shutil.copytree(legacy, out)
    Dataset(out).close()  # what any `minzu run`, `crawl` or `compact` does first
    return out


def _assert_reads_every_row(out: Path, expected: dict[str, Counter], reader) -> None:
    for table in TABLES:
        # The count first (Spark read 0 rows of plain year folders, without an error), then the
        # year of each row as the reader types it.
        first = {**SCHEMAS, **DERIVED_SCHEMAS}[table].names[0]
        assert len(reader(out / table, [first])) == sum(expected[table].values()), table
        if table in PARTITIONED:
            assert Counter(year for (year,) in reader(out / table, ["year"])) == expected[table], table
    ids = [article_id for (article_id,) in reader(out / "articles", ["article_id"])]
    assert len(ids) == len(set(ids)) == CORPUS_FILES


# -- tests --------------------------------------------------------------------------------------
@pytest.mark.parametrize("reader", READERS, indirect=True)
def test_every_reader_reads_every_row_of_every_table_with_year_as_a_string(written, reader):
    out, expected = written
    _assert_reads_every_row(out, expected, reader)


@pytest.mark.parametrize("reader", READERS, indirect=True)
def test_a_folder_written_by_0_2_0_is_read_whole_once_opened(written, migrated, reader):
    _assert_reads_every_row(migrated, written[1], reader)


def _files(out: Path) -> list[str]:
    return sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and p.name != "_state.sqlite")


def _part_keys(out: Path) -> list[tuple[str, str]]:
    db = sqlite3.connect(out / "_state.sqlite")
    try:
        return sorted(db.execute("SELECT path, key FROM part_keys").fetchall())
    finally:
        db.close()


def test_migration_moves_every_part_and_the_state_names_them_where_they_are(legacy, migrated):
    assert not [p for p in migrated.iterdir() if p.is_dir() and any(
        c.is_dir() and not c.name.startswith("year=") for c in p.iterdir())], "a plain year folder is left"
    keys = _part_keys(migrated)
    assert keys and all((migrated / path).exists() for path, _ in keys)
    assert all("/year=" in path for path, _ in keys if Path(path).parts[0] in PARTITIONED)
    assert sorted(key for _, key in keys) == sorted(key for _, key in _part_keys(legacy))


def test_a_page_processed_again_after_the_migration_replaces_its_rows(written, migrated, tmp_path):
    out = tmp_path / "data"
    shutil.copytree(migrated, out)
    # Every page again: the rows of each are removed from the parts the state names, which
    # must be the moved ones, or every article would be there twice.
    again = run([*CORPUS, MISSING], out, Settings(workers=1, rebuild=True))
    assert again.processed == CORPUS_FILES
    for reader in (read_pandas, read_duckdb):
        _assert_reads_every_row(out, written[1], reader)


class Killed(BaseException):
    """A kill, raised where the test cuts the migration (not an Exception: nothing catches it)."""


@pytest.mark.parametrize("cut", ["before the first rename", "after half the renames", "before the state"])
def test_a_killed_migration_resumed_ends_like_an_uninterrupted_one(legacy, migrated, tmp_path, monkeypatch, cut):
    import pipeline.storage.state
    import pipeline.storage.dataset

    out = tmp_path / "data"
    shutil.copytree(legacy, out)
    moves = sum(1 for p in legacy.rglob("part-*.parquet") if p.parent.name.isdigit() or p.parent.name == "unknown")
    limit = {"before the first rename": 0, "after half the renames": moves // 2, "before the state": moves}[cut]
    real_replace, done = os.replace, []

    def replace(src, dst):
        if str(src).endswith(".parquet") and "/year=" in str(dst):  # a part moved by the migration
            if len(done) == limit:
                raise Killed
            done.append(dst)
        real_replace(src, dst)

    def apply(self, change):
        raise Killed

    monkeypatch.setattr(pipeline.storage.dataset.os, "replace", replace)
    if cut == "before the state":
        monkeypatch.setattr(pipeline.storage.state.State, "apply", apply)
    with pytest.raises(Killed):
        Dataset(out)
    monkeypatch.undo()
    assert list((out / "_journal").glob("*.json")), "the cut should come after the commit point"
    Dataset(out).close()
    assert _files(out) == _files(migrated)
    assert _part_keys(out) == _part_keys(migrated)
    for reader in (read_pandas, read_pyarrow):
        assert sorted(reader(out / "articles", ["article_id", "year"])) == sorted(
            reader(migrated / "articles", ["article_id", "year"]))
