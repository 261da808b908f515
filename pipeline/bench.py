"""Throughput of the text pipeline (clean and extract) on one core.

The bundled corpus (seeds and written articles, text and HTML) is repeated to N
pages and processed in this process, timing the two stages separately. Start-up
(loading the gazetteer, OpenCC, jieba's dictionary) is measured once and
reported apart: it is paid per process, not per article.
"""

from __future__ import annotations

import resource
import time
from itertools import cycle, islice
from pathlib import Path

from extractors import run_all
from pipeline.process import clean
from pipeline.records import PageError, RawPage
from pipeline.settings import Settings
from pipeline.sources.files import kind_of, list_inputs


def load_pages(inputs: list[str]) -> list[RawPage]:
    """The text and HTML pages of the given inputs, read into memory."""
    return [RawPage(uri=p.as_posix(), data=p.read_bytes(), kind=kind_of(p))
            for p in list_inputs(inputs) if kind_of(p) in ("text", "html")]


def run_bench(inputs: list[str], n: int, kinds: tuple[str, ...] = ("text", "html")) -> int:
    """Print articles/s, time per stage and peak memory for `n` pages of the given kinds."""
    settings = Settings()
    pages = [p for p in load_pages(inputs) if p.kind in kinds]
    if not pages:
        print("minzu bench: no pages to process")
        return 1
    started = time.perf_counter()
    run_all(clean(pages[0], settings))  # loads gazetteer, lexicons, OpenCC, jieba
    startup = time.perf_counter() - started
    t_clean = t_extract = 0.0
    done = failed = 0
    for page in islice(cycle(pages), n):
        t0 = time.perf_counter()
        try:
            article = clean(page, settings)
        except PageError:
            failed += 1
            continue
        t1 = time.perf_counter()
        run_all(article)
        t2 = time.perf_counter()
        t_clean += t1 - t0
        t_extract += t2 - t1
        done += 1
    total = t_clean + t_extract
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'+'.join(kinds)} pages: {done} processed ({len(pages)} distinct, repeated), {failed} failed")
    print(f"  throughput   {done / total:8.1f} articles/s on one core")
    print(f"  clean        {1000 * t_clean / done:8.2f} ms/article")
    print(f"  extract      {1000 * t_extract / done:8.2f} ms/article")
    print(f"  start-up     {startup:8.2f} s (first page; lexicons load once per process)")
    print(f"  peak memory  {peak:8.0f} MB")
    return 0


def main(inputs: list[str], n: int) -> int:
    """Benchmark scraped text alone (the text pipeline) and text with HTML."""
    rc = run_bench(inputs, n, ("text",))
    return rc or run_bench(inputs, n, ("text", "html"))


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:] or ["corpora/seeds", "corpora/articles"], 3000))
