"""The Dask executor writes the same tables as the local one."""

from __future__ import annotations

import pytest
from conftest import ROOT
from test_batch_runs import snapshot

from pipeline.run import run
from pipeline.settings import Settings

pytest.importorskip("distributed")


def test_local_and_dask_localcluster_produce_identical_rows(tmp_path):
    inputs = [str(ROOT / "corpora" / "seeds"), str(ROOT / "corpora" / "articles")]
    run(inputs, tmp_path / "local", Settings(workers=1))
    run(inputs, tmp_path / "dask", Settings(executor="dask", workers=2))
    assert snapshot(tmp_path / "local") == snapshot(tmp_path / "dask")
