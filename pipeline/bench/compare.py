"""`minzu bench --against REV`: an earlier commit and this tree, side by side in one run.

A machine here varies by ±30% from hour to hour, so a figure measured now cannot be
compared with one written down yesterday; only a ratio measured in one run counts. The
earlier commit is exported (`git archive`) to a temporary folder and both trees are run
in fresh processes with the same interpreter and packages, alternating round by round,
so drift in the machine's speed falls on both alike. Each process finds its own tree
first on PYTHONPATH.

What is measured, for each tree (medians over the rounds):
  * throughput on one core, text pages and text + HTML pages (`pipeline.process.process`,
    the function every executor maps: clean, MinHash, extract);
  * start-up: from launching the process to the first page processed;
  * a no-change re-run of `minzu run` over a synthetic corpus of 1,000 files;
  * peak memory of the throughput process.
Then both trees run `minzu run` over the bundled corpus, and every table they write is
compared row by row, timestamps aside: a speed-up that changes a row is a regression.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# Runs inside each tree's process; it uses only the API every commit since 0.2 has:
# RawPage, Settings, process() and the files source. Output: one JSON line.
_DRIVER = r"""
import json, resource, sys, time
launched = float(sys.argv[1])
from itertools import cycle, islice
from pathlib import Path
from pipeline.process import process
from pipeline.records import RawPage
from pipeline.settings import Settings
from pipeline.sources.files import kind_of, list_inputs

n, inputs = int(sys.argv[2]), sys.argv[3:]
settings = Settings()
pages = [RawPage(uri=p.as_posix(), data=p.read_bytes(), kind=kind_of(p))
         for p in list_inputs(inputs) if kind_of(p) in ("text", "html")]
process(pages[0], settings)
startup = time.time() - launched
out = {"startup_s": startup}
for label, kinds in (("text", ("text",)), ("text+html", ("text", "html"))):
    chosen = [p for p in pages if p.kind in kinds]
    clean = extract = 0.0
    t0 = time.perf_counter()
    for page in islice(cycle(chosen), n):
        r = process(page, settings)
        clean += r.clean_s
        extract += r.extract_s
    took = time.perf_counter() - t0
    out[label] = {"articles_s": n / took, "clean_ms": 1000 * clean / n, "extract_ms": 1000 * extract / n}
out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""

# Columns that record when a row was written, not what it says.
_TIME_COLUMNS = ("processed_at", "at")


@dataclass
class Tree:
    """A source tree to measure: its label and the folder on PYTHONPATH."""

    label: str
    root: Path

    def env(self) -> dict[str, str]:
        """The environment of a process that imports minzu from this tree."""
        return {**os.environ, "PYTHONPATH": str(self.root)}


def export(rev: str, repo: Path, into: Path) -> Tree:
    """The files of commit `rev` of `repo`, written under `into`."""
    sha = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short", rev], check=True,
                         capture_output=True, text=True).stdout.strip()
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(repo), "archive", sha], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return Tree(sha, into)


def _throughput(tree: Tree, inputs: list[str], n: int, cwd: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", _DRIVER, repr(time.time()), str(n), *inputs], env=tree.env(),
                          cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"the bench of {tree.label} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _minzu_run(tree: Tree, args: list[str], cwd: Path) -> float:
    """Seconds one `minzu run ARGS --quiet` takes, process start to exit."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "run", *args, "--quiet"], env=tree.env(), cwd=cwd,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"minzu run of {tree.label} failed:\n{proc.stderr[-2000:]}")
    return time.perf_counter() - t0


def _rows(folder: Path) -> list[tuple]:
    """Every row of one table, timestamps aside, in a fixed order."""
    import pyarrow.dataset as ds

    table = ds.dataset(folder, format="parquet", partitioning="hive").to_table()
    keep = [c for c in table.column_names if c not in _TIME_COLUMNS]
    rows = table.select(keep).to_pylist()
    return sorted((tuple((k, repr(r[k])) for k in sorted(r)) for r in rows))


def compare_tables(a: Path, b: Path) -> list[str]:
    """One line per table: its row count and whether the two datasets hold the same rows."""
    lines = []
    names = sorted({p.name for p in (*a.iterdir(), *b.iterdir()) if p.is_dir() and not p.name.startswith("_")})
    for name in names:
        if not (a / name).is_dir() or not (b / name).is_dir():
            lines.append(f"{name:<26} only in {'the first' if (a / name).is_dir() else 'the second'}: DIFFERENT")
            continue
        ra, rb = _rows(a / name), _rows(b / name)
        if ra == rb:
            lines.append(f"{name:<26} {len(ra):>7} rows   identical")
        else:
            sa, sb = set(ra), set(rb)
            lines.append(f"{name:<26} {len(ra):>7} vs {len(rb)} rows   DIFFERENT: {len(sa - sb)} rows only before, "
                         f"{len(sb - sa)} only after")
    return lines


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main(rev: str, inputs: list[str], n: int, rounds: int, corpus: list[str]) -> int:
    """Measure commit `rev` against this tree, print both, the ratios and the table comparison;
    non-zero when a table differs."""
    from pipeline.bench.synth import build

    here = Path(__file__).resolve().parents[2]  # the repository: pipeline/bench/compare.py
    if not (here / ".git").exists():
        print(f"minzu bench --against: {here} is not a git checkout, so there is no earlier commit to export",
              file=sys.stderr)
        return 2
    inputs = [str(Path(p).resolve()) for p in inputs]
    corpus = [str(Path(p).resolve()) for p in corpus]
    with tempfile.TemporaryDirectory(prefix="minzu-against-") as tmp:
        work = Path(tmp)
        trees = [export(rev, here, work / "base"), Tree("this tree", here)]
        synthetic = build(inputs, work / "synthetic", 1000)
        figures: dict[str, dict[str, list[float]]] = {t.label: {} for t in trees}

        def note(tree: Tree, key: str, value: float) -> None:
            figures[tree.label].setdefault(key, []).append(value)

        for tree in trees:  # the first run of each tree writes its dataset; re-runs are timed below
            _minzu_run(tree, [str(synthetic), "--out", str(work / f"rerun-{trees.index(tree)}")], work)
        for r in range(rounds):
            for tree in trees if r % 2 == 0 else trees[::-1]:
                got = _throughput(tree, inputs, n, work)
                for label in ("text", "text+html"):
                    for key, value in got[label].items():
                        note(tree, f"{label} {key}", value)
                note(tree, "startup_s", got["startup_s"])
                note(tree, "peak_mb", got["peak_mb"])
                note(tree, "rerun_s", _minzu_run(tree, [str(synthetic), "--out", str(work / f"rerun-{trees.index(tree)}")], work))
            print(f"  round {r + 1}/{rounds} done", file=sys.stderr)
        base, new = (figures[t.label] for t in trees)
        print(f"minzu bench --against {trees[0].label}: {n} pages per kind, {rounds} rounds, medians, one core")
        print(f"{'':<28}{trees[0].label:>12}{'this tree':>12}{'ratio':>9}")
        rows = [("text pages, articles/s", "text articles_s", True), ("  clean + MinHash ms", "text clean_ms", False),
                ("  extract ms", "text extract_ms", False),
                ("text+html pages, articles/s", "text+html articles_s", True), ("  clean + MinHash ms", "text+html clean_ms", False),
                ("  extract ms", "text+html extract_ms", False), ("start-up to first page, s", "startup_s", False),
                ("no-change re-run, 1000 files, s", "rerun_s", False), ("peak memory, MB", "peak_mb", False)]
        for title, key, higher_better in rows:
            b, a = _median(base[key]), _median(new[key])
            ratio = a / b if higher_better else b / a
            print(f"{title:<32}{b:>8.2f}{a:>12.2f}{ratio:>8.2f}x")
        print("(ratio: how many times faster, or smaller, this tree is)")
        print("\ntables on the bundled corpus (" + ", ".join(Path(c).name for c in corpus) + "):")
        outs = []
        for i, tree in enumerate(trees):
            outs.append(work / f"corpus-{i}")
            _minzu_run(tree, [*corpus, "--out", str(outs[-1])], work)
        lines = compare_tables(*outs)
        print("\n".join("  " + line for line in lines))
    return 1 if any("DIFFERENT" in line for line in lines) else 0
