"""`minzu bench --against` tells identical datasets from datasets that differ by one row."""

from __future__ import annotations

import shutil

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.bench.compare import compare_tables


def test_two_runs_of_one_corpus_hold_identical_tables_timestamps_aside(bundled_run, tmp_path):
    again = tmp_path / "again"
    shutil.copytree(bundled_run, again)
    # A later run stamps other processed_at times: they are not what a row says.
    for part in (again / "articles").rglob("*.parquet"):
        table = pq.read_table(part)
        if table.num_rows:
            later = pc.add(table["processed_at"], pa.scalar(3_600_000_000, pa.duration("us")))
            pq.write_table(table.set_column(table.schema.get_field_index("processed_at"), "processed_at", later), part)
    lines = compare_tables(bundled_run, again)
    assert lines and all("identical" in line for line in lines), lines


def test_a_changed_row_is_reported_with_its_table(bundled_run, tmp_path):
    changed = tmp_path / "changed"
    shutil.copytree(bundled_run, changed)
    part = next(p for p in (changed / "regions").rglob("*.parquet") if pq.read_metadata(p).num_rows)
    table = pq.read_table(part)
    pq.write_table(table.slice(1), part)  # one region row lost
    lines = {line.split()[0]: line for line in compare_tables(bundled_run, changed)}
    assert "DIFFERENT" in lines["regions"] and "1 rows only before" in lines["regions"]
    assert "identical" in lines["dates"]
