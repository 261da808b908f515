"""The package layout keeps its dependencies one way: pipeline uses extractors, never back."""

from __future__ import annotations

import ast

from conftest import ROOT


def _imported(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_extractors_import_nothing_of_the_pipeline():
    # Extractors are pure functions from an analysed article to rows: orchestration, input
    # and output live in pipeline/, which imports them.
    for path in sorted((ROOT / "extractors").rglob("*.py")):
        offending = sorted(name for name in _imported(path) if name == "pipeline" or name.startswith("pipeline."))
        assert not offending, f"{path.relative_to(ROOT)} imports {offending}"
