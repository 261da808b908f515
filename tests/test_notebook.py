"""notebooks/explore.ipynb runs top to bottom on a fresh run's output, and every figure (maps included) shows something."""

from __future__ import annotations

import base64

import nbformat
from conftest import ROOT, blank
from nbclient import NotebookClient

NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


def test_the_notebook_executes_and_draws_seven_figures_three_of_them_maps(bundled_run, monkeypatch):
    monkeypatch.setenv("MINZU_DATA", str(bundled_run))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    # Raises CellExecutionError on the first cell that fails (an assert on an empty figure included).
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    images = [base64.b64decode(output["data"]["image/png"]) for cell in notebook.cells if cell.cell_type == "code"
              for output in cell.outputs if "image/png" in output.get("data", {})]
    assert len(images) == 7  # four charts, then the mentions, cooperation and by-year maps
    assert not any(blank(png) for png in images)


def test_the_committed_notebook_carries_its_outputs():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(cell.execution_count for cell in code)
    assert sum("image/png" in o.get("data", {}) for cell in code for o in cell.outputs) == 7
