"""A run killed with SIGKILL at any moment leaves a readable dataset; the next run completes it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from conftest import ROOT
from test_batch_runs import snapshot

from pipeline.bench.synth import build


def start(corpus: Path, out: Path, workers: int) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "pipeline.cli", "run", str(corpus), "--out", str(out), "--quiet",
           "--workers", str(workers), "--batch", "20"]
    # A session of its own, so the kill reaches the pool's workers too.
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def committed_parts(out: Path) -> int:
    return len(list((out / "articles").rglob("part-*.parquet"))) if (out / "articles").exists() else 0


def kill_when(proc: subprocess.Popen, ready) -> None:
    """SIGKILL the run (and its workers) as soon as `ready()` holds; the run must still be going."""
    deadline = time.monotonic() + 300  # a guard against a hang, not a timing of the run
    while not ready() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before the moment it was to be killed at"
    assert ready(), "the run never reached the moment it was to be killed at"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def assert_readable(out: Path) -> None:
    for table in ("articles", "dates", "regions", "officials", "agreements", "programs", "documents", "errors"):
        if (out / table).exists():
            ds.dataset(out / table, format="parquet").to_table()  # every visible part is whole
    if (out / "articles").exists():
        ids = ds.dataset(out / "articles", format="parquet").to_table(columns=["article_id"]).column(0).to_pylist()
        assert len(ids) == len(set(ids)), "a killed run left duplicate articles"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return build([str(ROOT / "corpora" / "seeds"), str(ROOT / "corpora" / "articles")],
                 tmp_path_factory.mktemp("synthetic"), 300)


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("reference")
    proc = start(corpus, out, workers=1)
    assert proc.wait(timeout=300) == 0, proc.stderr.read()
    return snapshot(out)


@pytest.mark.parametrize("workers", [1, 2])
def test_killed_at_several_points_and_resumed_gives_the_rows_of_one_clean_run(corpus, reference, tmp_path, workers):
    out = tmp_path / "out"
    # During start-up (once the run has opened the folder's state, before any part), then
    # after the 1st, 4th and 9th part it commits.
    proc = start(corpus, out, workers)
    kill_when(proc, lambda: (out / "_state.sqlite").exists())
    assert_readable(out)
    for parts in (1, 4, 9):
        proc = start(corpus, out, workers)
        target = committed_parts(out) + parts
        kill_when(proc, lambda: committed_parts(out) >= target)
        assert_readable(out)
    stored = ds.dataset(out / "articles", format="parquet").count_rows()
    assert 0 < stored < len(reference["articles"])  # the kills did interrupt the work
    proc = start(corpus, out, workers)
    assert proc.wait(timeout=300) == 0, proc.stderr.read()
    assert snapshot(out) == reference
