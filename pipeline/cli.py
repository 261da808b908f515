"""The `minzu` command: run, eval, bench, bench-html."""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from pipeline import __version__


def _run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from pipeline.process import process
    from pipeline.records import ErrorRow
    from pipeline.settings import Settings
    from pipeline.sources.files import list_inputs, read
    from pipeline.store import RunWriter

    settings = Settings(max_page_bytes=args.max_page_mb * 1024 * 1024)
    started = time.perf_counter()
    writer = RunWriter(Path(args.out), settings.pipeline_version)
    pages = articles = 0
    errors: Counter[str] = Counter()
    try:
        bar = tqdm(desc="pages", unit="page", disable=None if not args.quiet else True, mininterval=1.0, file=sys.stderr)
        for path in list_inputs(args.inputs):
            if not path.exists():
                item_iter = [_missing(path)]
            else:
                item_iter = read(path, settings.max_page_bytes)
            for item in item_iter:
                if isinstance(item, ErrorRow):
                    writer.add_error(item)
                    errors[f"{item.stage}/{item.error}"] += 1
                    continue
                pages += 1
                result = process(item, settings)
                if result.error is not None:
                    writer.add_error(result.error)
                    errors[f"{result.error.stage}/{result.error.error}"] += 1
                else:
                    writer.add(result.article, result.extraction)
                    articles += 1
                bar.update(1)
        bar.close()
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    elapsed = time.perf_counter() - started
    print(f"minzu {__version__}: {pages} pages read, {articles} articles written to {args.out}")
    for table in ("dates", "regions", "officials", "agreements", "programs", "documents"):
        print(f"  {table:<10} {writer.counts[table]:>7} rows")
    print(f"  errors     {sum(errors.values()):>7}" + "".join(f"\n    {k}: {v}" for k, v in sorted(errors.items())))
    print(f"  time {elapsed:.1f}s, {articles / elapsed if elapsed else 0:.1f} articles/s")
    if pages == 0:
        print("minzu: error: no input could be read", file=sys.stderr)
        return 1
    return 0


def _missing(path: Path):
    import datetime as dt

    from pipeline.records import ErrorRow

    return ErrorRow(path.as_posix(), "read", "missing", "no such file or folder", dt.datetime.now(dt.timezone.utc))


def _eval(args: argparse.Namespace) -> int:
    from pipeline.eval import evaluate, format_report

    report = evaluate(Path(args.gold), Path(args.pred))
    print(format_report(report, verbose=args.verbose))
    return 0


def _bench_html(args: argparse.Namespace) -> int:
    from pipeline.bench_html import run_benchmark

    return run_benchmark(Path(args.bench), verbose=args.verbose)


def _bench(args: argparse.Namespace) -> int:
    from pipeline.bench import main as bench_main

    return bench_main(args.inputs, args.n)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="minzu", description="Chinese ethnic-affairs news to Parquet datasets.")
    parser.add_argument("--version", action="version", version=f"minzu {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="process .txt, .html and .warc inputs into Parquet tables")
    run.add_argument("inputs", nargs="+", help="files or folders (searched recursively)")
    run.add_argument("--out", required=True, help="output folder for the tables")
    run.add_argument("--max-page-mb", type=int, default=20, help="refuse pages larger than this (default 20)")
    run.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    run.set_defaults(func=_run)

    ev = sub.add_parser("eval", help="score an output folder against gold annotations")
    ev.add_argument("--gold", required=True, help="folder of gold JSON files")
    ev.add_argument("--pred", required=True, help="output folder of `minzu run`")
    ev.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    ev.set_defaults(func=_eval)

    bh = sub.add_parser("bench-html", help="HTML cleaning benchmark on shared/bench/html-zh")
    bh.add_argument("bench", nargs="?", default="../shared/bench/html-zh", help="benchmark folder")
    bh.add_argument("-v", "--verbose", action="store_true", help="per-page figures")
    bh.set_defaults(func=_bench_html)
    be = sub.add_parser("bench", help="throughput of clean + extract on one core")
    be.add_argument("inputs", nargs="*", default=["corpora/seeds", "corpora/articles"], help="pages to repeat")
    be.add_argument("-n", type=int, default=3000, help="pages to process (default 3000)")
    be.set_defaults(func=_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `minzu` console script."""
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
