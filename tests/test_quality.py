"""Extraction and cleaning quality, guarded: every field's figure on the development gold and on
the held-out gold must stay at or above the one recorded in corpora/quality_floor.toml.

A change that lowers a figure fails here; one that raises it should raise the recorded figure
too, on purpose, in the same commit (`make eval` prints the figures).
"""

from __future__ import annotations

import pytest

from conftest import ROOT, run_minzu
from pipeline.eval import FIELDS, below_floor, evaluate, load_floor

FLOOR = ROOT / "corpora" / "quality_floor.toml"
SETS = {
    "development": (("corpora/seeds", "corpora/articles"), "corpora/gold"),
    "heldout": (("corpora/heldout/pages",), "corpora/heldout/gold"),
}


@pytest.mark.parametrize("gold_set", SETS)
def test_no_field_falls_below_its_recorded_figure(gold_set, tmp_path):
    inputs, gold = SETS[gold_set]
    out = tmp_path / "out"
    run = run_minzu("run", *(ROOT / i for i in inputs), "--out", out, "--quiet")
    assert run.returncode == 0, run.stderr
    scores = evaluate(ROOT / gold, out)
    assert below_floor(scores, load_floor(FLOOR, gold_set)) == []


@pytest.mark.parametrize("gold_set", SETS)
def test_every_field_has_a_recorded_figure(gold_set):
    assert set(load_floor(FLOOR, gold_set)) == set(FIELDS)


def test_a_figure_below_the_record_is_reported():
    from pipeline.eval import Score

    scores = {name: Score() for name in FIELDS}
    scores["title"] = Score(right=9, total=10)
    scores["dates"] = Score(tp=8, fp=1, fn=1)
    assert below_floor(scores, {"title": 0.95, "dates": 0.889}) == ["title 0.900 < 0.950"]
