"""Batch runs users can trust: incremental, idempotent, replacing changed pages, compactable."""

from __future__ import annotations

from pathlib import Path

import pyarrow.dataset as ds
import pytest
from conftest import LAST, LEAD, MIDDLE, ROOT

from pipeline.run import run
from pipeline.settings import Settings
from pipeline.storage.dataset import SCHEMAS, Dataset

TABLES = list(SCHEMAS)


def rows(out: Path, table: str) -> list[dict]:
    """A table's rows without the run-dependent timestamps, sorted."""
    got = ds.dataset(out / table, format="parquet").to_table().to_pylist()
    for r in got:
        r.pop("processed_at", None)
        r.pop("at", None)
    return sorted(got, key=repr)


def snapshot(out: Path) -> dict[str, list[dict]]:
    return {t: rows(out, t) for t in TABLES}


def article(title: str, *paras: str) -> str:
    return f"当前位置:首页>新闻\n{title}\n来源:测试日报 发布日期:2023-10-13\n" + "\n".join(paras) + "\n上一篇:别的新闻\n"


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(article("州里开会", LEAD, MIDDLE), encoding="utf-8")
    (folder / "b.txt").write_text(article("县里开会", "8月16日,崇左市民宗委与南宁市民宗委签订合作协议。", LAST), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    return folder


def test_running_twice_leaves_the_rows_of_one_run(corpus, tmp_path):
    out = tmp_path / "out"
    first = run([str(corpus)], out, Settings())
    before = snapshot(out)
    second = run([str(corpus)], out, Settings())
    assert first.articles == 2 and second.processed == 0 and second.skipped_files == 3
    assert snapshot(out) == before


def test_a_changed_input_replaces_its_old_rows(corpus, tmp_path):
    out = tmp_path / "out"
    run([str(corpus)], out, Settings())
    (corpus / "a.txt").write_text(article("州里开会", "8月20日,临沧市民宗委召开全市民族团结进步创建工作会议,部署下一阶段任务。", MIDDLE), encoding="utf-8")
    again = run([str(corpus)], out, Settings())
    assert again.processed == 1
    articles = rows(out, "articles")
    assert len(articles) == 2
    a = next(r for r in articles if r["uri"].endswith("a.txt"))
    assert a["body"].startswith("8月20日")
    assert {r["value"] for r in rows(out, "dates") if r["article_id"] == a["article_id"]} == {"2023-08-20"}
    assert [r["name"] for r in rows(out, "regions") if r["article_id"] == a["article_id"]] == ["临沧市"]


def test_a_page_that_failed_and_is_fixed_loses_its_error_row(corpus, tmp_path):
    out = tmp_path / "out"
    run([str(corpus)], out, Settings())
    assert [r["error"] for r in rows(out, "errors")] == ["empty"]
    (corpus / "empty.txt").write_text(article("乡里开会", LEAD, LAST), encoding="utf-8")
    run([str(corpus)], out, Settings())
    assert rows(out, "errors") == []
    assert len(rows(out, "articles")) == 3


def test_rebuild_reprocesses_everything_without_duplicates(corpus, tmp_path):
    out = tmp_path / "out"
    run([str(corpus)], out, Settings())
    before = snapshot(out)
    again = run([str(corpus)], out, Settings(rebuild=True))
    assert again.processed == 3
    assert snapshot(out) == before


def test_a_new_pipeline_version_reprocesses_and_replaces(corpus, tmp_path):
    out = tmp_path / "out"
    run([str(corpus)], out, Settings())
    again = run([str(corpus)], out, Settings(pipeline_version="9.9.9"))
    assert again.processed == 3
    assert {r["pipeline_version"] for r in rows(out, "articles")} == {"9.9.9"}
    assert len(rows(out, "articles")) == 2


def test_partitions_by_year_of_publication(corpus, tmp_path):
    out = tmp_path / "out"
    run([str(corpus)], out, Settings())
    # Hive-style folder names (key=value), the only ones Spark discovers; the empty part of
    # year=unknown holds no rows.
    holding_rows = [p.parent.name for p in (out / "articles").rglob("part-*.parquet") if p.name != "part-empty.parquet"]
    assert holding_rows == ["year=2023"]


def test_compact_merges_parts_and_keeps_rows_and_replacement_working(corpus, tmp_path):
    out = tmp_path / "out"
    for name in ("a.txt", "b.txt", "empty.txt"):  # one run per file: several parts per folder
        run([str(corpus / name)], out, Settings())
    before = snapshot(out)
    dataset = Dataset(out)
    assert dataset.compact() > 0
    dataset.close()
    assert snapshot(out) == before
    assert len(list((out / "articles" / "year=2023").glob("part-*.parquet"))) == 1
    (corpus / "b.txt").write_text(article("县里开会", LEAD, LAST), encoding="utf-8")
    run([str(corpus)], out, Settings())
    assert len(rows(out, "articles")) == 2


def test_bundled_corpus_reads_the_same_in_a_pool_and_in_process(tmp_path):
    inputs = [str(ROOT / "corpora" / "seeds"), str(ROOT / "corpora" / "articles")]
    run(inputs, tmp_path / "one", Settings(workers=1))
    run(inputs, tmp_path / "two", Settings(workers=2))
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def test_interrupted_commit_is_finished_when_the_folder_is_opened_again(corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    import pipeline.storage.dataset as store

    def crash(self, journal):
        raise KeyboardInterrupt  # killed right after the commit point
    monkeypatch.setattr(store.Dataset, "_carry_out", crash)
    with pytest.raises(KeyboardInterrupt):
        run([str(corpus)], out, Settings())
    monkeypatch.undo()
    assert list((out / "_journal").glob("*.json"))
    again = run([str(corpus)], out, Settings())
    assert again.processed == 0  # the journal was replayed: nothing lost, nothing redone
    assert len(rows(out, "articles")) == 2 and not list(out.rglob("*.tmp"))


def test_uncommitted_temporary_files_are_dropped(corpus, tmp_path):
    out = tmp_path / "out"
    run([str(corpus)], out, Settings())
    stray = out / "articles" / "year=2023" / ".part-x.parquet.tmp"
    stray.write_bytes(b"half a file")
    Dataset(out).close()
    assert not stray.exists()


def test_a_missing_input_is_one_error_row_however_often_it_is_run(tmp_path):
    out = tmp_path / "out"
    for _ in range(2):
        run([str(tmp_path / "nowhere.txt")], out, Settings())
    assert [r["error"] for r in rows(out, "errors")] == ["missing"]
