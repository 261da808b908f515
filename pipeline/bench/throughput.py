"""Throughput of the text pipeline (clean and extract) on one core.

The bundled corpus (seeds and written articles, text and HTML) is repeated to N
pages and processed in this process, timing the two stages separately. Start-up
(loading the gazetteer, OpenCC, the word table) is measured once and
reported apart: it is paid per process, not per article.
"""

from __future__ import annotations

import resource
import time
from itertools import cycle, islice
from pathlib import Path

from extractors import run_all
from pipeline import dedup
from pipeline.process import clean
from pipeline.records import PageError, RawPage
from pipeline.settings import Settings
from pipeline.sources.files import kind_of, list_inputs


def load_pages(inputs: list[str]) -> list[RawPage]:
    """The text and HTML pages of the given inputs, read into memory."""
    return [RawPage(uri=p.as_posix(), data=p.read_bytes(), kind=kind_of(p))
            for p in list_inputs(inputs) if kind_of(p) in ("text", "html")]


def run_bench(inputs: list[str], n: int, kinds: tuple[str, ...] = ("text", "html"), ner: str | None = None,
              profile: Path | None = None) -> int:
    """Print articles/s, time per stage and peak memory for `n` pages of the given kinds
    (with a NER backend merged in when `ner` is given, as `minzu run --ner`); with `profile`,
    the pages run under cProfile instead, written to that file, and the top functions are printed."""
    settings = Settings()
    recognise = None
    if ner:
        from pipeline.ner import load

        recognise = load(ner)
    pages = [p for p in load_pages(inputs) if p.kind in kinds]
    if not pages:
        print("minzu bench: no pages to process")
        return 1
    started = time.perf_counter()
    run_all(clean(pages[0], settings), recognise=recognise)  # loads gazetteer, lexicons, OpenCC, words, model
    startup = time.perf_counter() - started
    if profile is not None:
        return _profile(pages, n, settings, recognise, profile)
    t_clean = t_extract = t_dedup = 0.0
    done = failed = 0
    for page in islice(cycle(pages), n):
        t0 = time.perf_counter()
        try:
            article = clean(page, settings)
        except PageError:
            failed += 1
            continue
        t1 = time.perf_counter()
        dedup.signature(article.body)
        t2 = time.perf_counter()
        run_all(article, recognise=recognise)
        t3 = time.perf_counter()
        t_clean += t1 - t0
        t_dedup += t2 - t1
        t_extract += t3 - t2
        done += 1
    total = t_clean + t_dedup + t_extract
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'+'.join(kinds)} pages{' with ' + ner if ner else ''}: {done} processed ({len(pages)} distinct, "
          f"repeated), {failed} failed")
    print(f"  throughput   {done / total:8.1f} articles/s on one core")
    print(f"  clean        {1000 * t_clean / done:8.2f} ms/article")
    print(f"  minhash      {1000 * t_dedup / done:8.2f} ms/article")
    print(f"  extract      {1000 * t_extract / done:8.2f} ms/article")
    print(f"  start-up     {startup:8.2f} s (first page; lexicons load once per process)")
    print(f"  peak memory  {peak:8.0f} MB")
    return 0


def _profile(pages: list[RawPage], n: int, settings: Settings, recognise, out: Path, top: int = 30) -> int:
    """The hot path under cProfile: deterministic, in the standard library, and its
    overhead falls on every Python call alike, so the ranking by own time is what to read
    (absolute times run about 1.5 times slower than without it)."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for page in islice(cycle(pages), n):
        try:
            article = clean(page, settings)
        except PageError:
            continue
        dedup.signature(article.body)
        run_all(article, recognise=recognise)
    profiler.disable()
    profiler.dump_stats(out)
    stats = pstats.Stats(profiler)
    print(f"{n} pages profiled; the profile is in {out} (snakeviz, or python -m pstats)")
    print(f"top {top} functions by own time:")
    stats.sort_stats("tottime").print_stats(top)
    return 0


def main(inputs: list[str], n: int, ner: str | None = None, profile: Path | None = None) -> int:
    """Benchmark scraped text alone (the text pipeline) and text with HTML; with `profile`,
    profile text and HTML pages together instead."""
    if profile is not None:
        return run_bench(inputs, n, ("text", "html"), ner, profile)
    rc = run_bench(inputs, n, ("text",), ner)
    return rc or run_bench(inputs, n, ("text", "html"), ner)


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:] or ["corpora/seeds", "corpora/articles"], 3000))


def _tree_rss_mb(pid: int) -> float:
    """Memory of a process and all its descendants, in MB: the sum of their proportional set
    sizes (Linux /proc), so pages that forked workers share with their parent count once."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        stack += children.get(p, [])
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def timed_run(args: list[str]) -> tuple[float, float, str]:
    """Run `minzu run ARGS` in a subprocess: (seconds, peak MB of its process tree, stdout)."""
    import subprocess
    import sys

    cmd = [sys.executable, "-m", "pipeline.cli", "run", *args, "--quiet"]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, _tree_rss_mb(proc.pid))
        time.sleep(0.2)
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {err.strip()[-500:]}")
    return time.perf_counter() - started, peak, out


def scale_bench(inputs: list[str], n: int, configs: list[str], repeat: int = 2) -> int:
    """Synthetic corpus of `n` pages; each executor config on it (best of `repeat` fresh runs,
    since a shared machine's speed varies from minute to minute); then a re-run over it unchanged."""
    import shutil
    import tempfile

    from pipeline.bench.synth import build

    work = Path(tempfile.mkdtemp(prefix="minzu-bench-"))
    try:
        t0 = time.perf_counter()
        corpus = build(inputs, work / "corpus", n)
        print(f"synthetic corpus: {n} pages (text and HTML) in {time.perf_counter() - t0:.1f}s")
        base = None
        print(f"{'executor':<18}{'articles/s':>11}{'speed-up':>10}{'time s':>9}{'peak MB':>9}{'re-run s':>10}"
              f"{'re-run %':>10}   per page: clean / extract ms")
        for config in configs:
            executor, workers = config.split(":")
            out = work / f"out-{executor}-{workers}"
            args = [str(corpus), "--out", str(out), "--executor", executor, "--workers", workers]
            seconds, peak = float("inf"), 0.0
            for _ in range(repeat):
                shutil.rmtree(out, ignore_errors=True)
                took, mb, printed = timed_run(args)
                if took < seconds:
                    stages = next((line.split(":", 1)[1].strip() for line in printed.splitlines()
                                   if line.strip().startswith("stages:")), "")
                seconds, peak = min(seconds, took), max(peak, mb)
            again, _, _ = timed_run(args)
            rate = n / seconds
            base = base or rate
            print(f"{executor + ' ' + workers + ' worker(s)':<18}{rate:>11.1f}{rate / base:>9.2f}x{seconds:>9.1f}"
                  f"{peak:>9.0f}{again:>10.1f}{100 * again / seconds:>9.1f}%   {stages}")
            shutil.rmtree(out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0
