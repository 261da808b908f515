"""The `minzu` command: run, crawl, derive, report, map, clusters, schema, compact, eval, the benchmarks and fuzz."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline import __version__


def _run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from pipeline.derived.tables import missing_derived

    from pipeline.run import run
    from pipeline.settings import Settings, default_workers

    from pipeline.sources.crawl.site import SiteConfigError, load

    workers = args.workers or default_workers()
    try:
        sites = tuple(load(Path(p)).rule for p in args.site)
    except SiteConfigError as exc:
        print(f"minzu run: error: {exc}", file=sys.stderr)
        return 2
    settings = Settings(
        max_page_bytes=int(args.max_page_mb * 2**20), page_timeout_s=args.page_timeout, executor=args.executor,
        workers=workers, scheduler=args.scheduler, rebuild=args.rebuild, batch_articles=args.batch, sites=sites,
        ner=args.ner, ner_allow_download=args.allow_download,
    )
    if settings.ner:
        from pipeline.ner import NerUnavailable, load

        try:
            load(settings.ner, settings.ner_allow_download)  # loaded here once; forked workers share it
        except NerUnavailable as exc:
            print(f"minzu run: error: {exc}", file=sys.stderr)
            return 2
    with tqdm(desc="pages", unit="page", disable=True if args.quiet else None, mininterval=1.0, file=sys.stderr) as bar:
        summary = run(args.inputs, Path(args.out), settings, progress=bar.update)
    s = summary
    print(f"minzu {__version__}: {s.pages} pages read, {s.articles} articles written to {args.out} "
          f"({s.processed} processed, {s.skipped} unchanged pages and {s.skipped_files} unchanged files skipped)")
    for table in ("dates", "regions", "officials", "agreements", "programs", "documents"):
        print(f"  {table:<10} {s.rows[table]:>7} rows")
    print(f"  errors     {sum(s.errors.values()):>7}" + "".join(f"\n    {k}: {v}" for k, v in sorted(s.errors.items())))
    if s.processed:
        print(f"  stages: clean {1000 * s.clean_s / s.processed:.2f} ms, extract {1000 * s.extract_s / s.processed:.2f} ms"
              " per page")
    print(f"  time {s.seconds:.1f}s, {s.articles / s.seconds if s.seconds else 0:.1f} articles/s"
          f" ({settings.executor}, {settings.workers} worker{'s' if settings.workers > 1 else ''})")
    if s.pages == 0 and s.skipped_files == 0 and s.files_read == 0:
        print("minzu: error: no input could be read", file=sys.stderr)
        return 1
    if not args.no_derive and (s.processed or s.errors or missing_derived(Path(args.out))):
        _derive(args)  # nothing changed, nothing to re-derive: a no-change re-run stays cheap
    return 0


def _crawl(args: argparse.Namespace) -> int:
    import os

    from pipeline.derived.tables import missing_derived

    from pipeline.crawl import CrawlRefused, crawl
    from pipeline.settings import Settings
    from pipeline.sources.crawl.site import SiteConfigError, load

    try:
        site = load(Path(args.site))
    except SiteConfigError as exc:
        print(f"minzu crawl: error: {exc}", file=sys.stderr)
        return 2
    if not site.checked:
        print(f"minzu crawl: note: {args.site} is marked checked = false: its patterns were not tried "
              "against the live site", file=sys.stderr)
    settings = Settings(
        max_page_bytes=int(args.max_page_mb * 2**20), workers=args.workers or 1,
        contact=args.contact or os.environ.get("MINZU_CONTACT"), max_pages=args.max_pages,
        time_budget_s=args.budget, backoff_s=args.backoff,
    )
    try:
        s = crawl(site, Path(args.out), settings)
    except CrawlRefused as exc:
        print(f"minzu crawl: error: {exc}", file=sys.stderr)
        return 2
    print("\n".join(s.lines()))
    p = s.processing
    print(f"  processed {p.processed} pages into {args.out}: {p.articles} articles, "
          f"{sum(p.errors.values()) + s.fetch_errors} error rows")
    if not args.no_derive and (p.processed or s.fetch_errors or missing_derived(Path(args.out))):
        _derive(args)
    return 0


def _clusters(args: argparse.Namespace) -> int:
    import pyarrow.dataset as ds

    table = ds.dataset(Path(args.out) / "articles", format="parquet").to_table(
        columns=["article_id", "uri", "title", "source", "dup_cluster"])
    rows = table.to_pylist()
    members: dict[str, list[dict]] = {}
    for row in rows:
        if row["dup_cluster"]:
            members.setdefault(row["dup_cluster"], []).append(row)
    shared = {c: m for c, m in members.items() if len(m) > 1}
    print(f"{len(rows)} articles, {len(members)} clusters, {len(shared)} with more than one article "
          f"({sum(len(m) for m in shared.values())} articles)")
    for cluster, group in sorted(shared.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        print(f"\n{cluster}  ({len(group)} articles)")
        for row in sorted(group, key=lambda r: r["article_id"] != cluster):
            print(f"  {'*' if row['article_id'] == cluster else ' '} {row['uri']}\n      {row['title']}  "
                  f"[{row['source'] or 'no source'}]")
    return 0


def _derive(args: argparse.Namespace) -> int:
    from pipeline.derived.tables import derive

    counts = derive(Path(args.out))
    print("minzu derive: " + ", ".join(f"{table} {n} rows" for table, n in counts.items()))
    return 0


def _report(args: argparse.Namespace) -> int:
    from pipeline.derived.report import write

    try:
        path = write(Path(args.out), Path(args.html))
    except (FileNotFoundError, RuntimeError) as exc:
        print(f"minzu report: error: {exc}", file=sys.stderr)
        return 1
    print(f"minzu report: {path} ({path.stat().st_size / 1024:.0f} KB, self-contained)")
    return 0


def _map(args: argparse.Namespace) -> int:
    from pipeline.derived.maps.make import write

    path = Path(args.out_file)
    if path.suffix.lower() not in (".png", ".svg"):
        print(f"minzu map: error: {path.name}: write the map as .png (300 dpi) or .svg", file=sys.stderr)
        return 2
    try:
        write(Path(args.out), path, kind=args.kind, level=args.level)
    except (FileNotFoundError, LookupError, RuntimeError) as exc:
        print(f"minzu map: error: {exc}", file=sys.stderr)
        return 1
    print(f"minzu map: {path} ({path.stat().st_size / 1024:.0f} KB)")
    return 0


def _schema(args: argparse.Namespace) -> int:
    from pipeline.storage.schema_doc import render

    sys.stdout.write(render())
    return 0


def _compact(args: argparse.Namespace) -> int:
    from pipeline.storage.dataset import Dataset

    dataset = Dataset(Path(args.out))
    try:
        merged = dataset.compact()
    finally:
        dataset.close()
    print(f"minzu compact: {merged} parts merged in {args.out}")
    return 0


def _eval(args: argparse.Namespace) -> int:
    from pipeline.eval import below_floor, evaluate, format_report, load_floor

    report = evaluate(Path(args.gold), Path(args.pred))
    print(format_report(report, verbose=args.verbose))
    if args.floor:
        fallen = below_floor(report, load_floor(Path(args.floor), args.set))
        for line in fallen:
            print(f"BELOW THE RECORDED FIGURE: {line}")
        return 1 if fallen else 0
    return 0


def _bench_html(args: argparse.Namespace) -> int:
    from pipeline.bench.html import run_benchmark

    return run_benchmark(Path(args.bench), verbose=args.verbose)


def _bench(args: argparse.Namespace) -> int:
    from pipeline.bench.throughput import main as bench_main
    from pipeline.bench.throughput import scale_bench

    if args.against:
        from pipeline.bench.compare import main as against

        return against(args.against, args.inputs, args.n, args.rounds, args.corpus)
    if args.scale:
        return scale_bench(args.inputs, args.scale, args.configs.split(","), args.repeat)
    return bench_main(args.inputs, args.n, args.ner, Path(args.profile) if args.profile else None)


def _bench_crawl(args: argparse.Namespace) -> int:
    from pipeline.bench.crawl import main as bench_crawl

    return bench_crawl(args.pages, args.delay)


def _fuzz(args: argparse.Namespace) -> int:
    try:
        from pipeline.fuzz import main as fuzz_main
    except ImportError as exc:  # hypothesis is a dev tool: the test extra
        print(f"minzu fuzz needs hypothesis ({exc}): pip install 'minzu[test]'", file=sys.stderr)
        return 2
    return fuzz_main(args.examples, args.target or None, args.seed)


def build_parser() -> argparse.ArgumentParser:
    """The parser of every subcommand; defaults come from `Settings`, their one place."""
    from pipeline.settings import Settings

    defaults = Settings()
    parser = argparse.ArgumentParser(prog="minzu", description="Chinese ethnic-affairs news to Parquet datasets.")
    parser.add_argument("--version", action="version", version=f"minzu {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="process .txt, .html and .warc inputs into Parquet tables")
    run.add_argument("inputs", nargs="+", help="files or folders (searched recursively)")
    run.add_argument("--out", required=True, help="output folder for the tables")
    run.add_argument("--max-page-mb", type=float, default=defaults.max_page_bytes / 2**20,
                     help="refuse pages and WARC records larger than this (default %(default)g)")
    run.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    run.add_argument("--executor", choices=("local", "dask"), default="local",
                     help="local: this process or a process pool (default); dask: a distributed cluster")
    run.add_argument("--workers", type=int, default=None,
                     help="worker processes (default: the number of cores; 1 runs in this process)")
    run.add_argument("--scheduler", default=None, help="address of a running Dask scheduler (default: a LocalCluster)")
    run.add_argument("--rebuild", action="store_true", help="reprocess every input, stored or not")
    run.add_argument("--page-timeout", type=float, default=defaults.page_timeout_s,
                     help="seconds before a page becomes an error (0: none; default %(default)g)")
    run.add_argument("--batch", type=int, default=defaults.batch_articles,
                     help="articles per committed batch (default %(default)d)")
    run.add_argument("--ner", default=None, metavar="hanlp:PATH",
                     help="merge a HanLP NER model's entities with the rules: hanlp:PATH (a model folder) "
                          "or hanlp:MODEL_ID with --allow-download (needs pip install 'minzu[hanlp]')")
    run.add_argument("--allow-download", action="store_true", help="let HanLP download the --ner MODEL_ID")
    run.add_argument("--no-derive", action="store_true", help="do not rewrite the derived tables after the run")
    run.add_argument("--site", action="append", default=[], metavar="SITE.toml",
                     help="apply a site config's encoding and selectors to its pages (repeatable)")
    run.set_defaults(func=_run)

    cr = sub.add_parser("crawl", help="fetch what is new or changed on a site, archive it as WARC and process it")
    cr.add_argument("site", help="site config (TOML), e.g. corpora/sites/neac.toml")
    cr.add_argument("--out", required=True, help="output folder: tables, warc/ and the re-crawl state")
    cr.add_argument("--max-pages", type=int, default=None, help="at most this many article fetches")
    cr.add_argument("--budget", type=float, default=None, metavar="SECONDS", help="stop the crawl after this long")
    cr.add_argument("--contact", default=None, help="contact URL for the User-Agent (or MINZU_CONTACT)")
    cr.add_argument("--backoff", type=float, default=2.0, help="seconds before the first retry (default 2)")
    cr.add_argument("--max-page-mb", type=float, default=defaults.max_page_bytes / 2**20,
                    help="drop responses larger than this (default %(default)g)")
    cr.add_argument("--workers", type=int, default=1, help="worker processes for processing (default 1)")
    cr.add_argument("--no-derive", action="store_true", help="do not rewrite the derived tables after the crawl")
    cr.set_defaults(func=_crawl)

    de = sub.add_parser("derive", help="rewrite the derived tables (officials registry, agreement edges, "
                                      "monthly program mentions) of an output folder")
    de.add_argument("out", help="output folder of `minzu run` or `minzu crawl`")
    de.set_defaults(func=_derive)

    rp = sub.add_parser("report", help="write one self-contained HTML page of a run's figures and tables")
    rp.add_argument("out", help="output folder of `minzu run` or `minzu crawl`")
    rp.add_argument("--html", required=True, help="the page to write, e.g. report.html")
    rp.set_defaults(func=_report)

    mp = sub.add_parser("map", help="draw a map of a run for papers: 300 dpi PNG or SVG")
    mp.add_argument("out", help="output folder of `minzu run` or `minzu crawl`")
    mp.add_argument("--out", dest="out_file", required=True, metavar="FILE.png|FILE.svg", help="the map to write")
    mp.add_argument("--kind", choices=("mentions", "cooperation", "years"), default="mentions",
                    help="mentions: divisions shaded by stories naming them (default); cooperation: agreement "
                         "parties linked by arcs; years: the cooperation map by year")
    mp.add_argument("--level", choices=("prefecture", "province"), default="prefecture",
                    help="the units the mentions map shades (default prefecture)")
    mp.set_defaults(func=_map)

    sc = sub.add_parser("schema", help="print the data dictionary (docs/schema.md) generated from the schemas")
    sc.set_defaults(func=_schema)

    cl = sub.add_parser("clusters", help="list the near-duplicate clusters (reposts) of an output folder")
    cl.add_argument("out", help="output folder of `minzu run` or `minzu crawl`")
    cl.set_defaults(func=_clusters)

    co = sub.add_parser("compact", help="merge the small parts of an output folder")
    co.add_argument("out", help="output folder of `minzu run`")
    co.set_defaults(func=_compact)

    ev = sub.add_parser("eval", help="score an output folder against gold annotations")
    ev.add_argument("--gold", required=True, help="folder of gold JSON files")
    ev.add_argument("--pred", required=True, help="output folder of `minzu run`")
    ev.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    ev.add_argument("--floor", help="a TOML file of recorded figures (corpora/quality_floor.toml): exit 1 when a field falls below")
    ev.add_argument("--set", default="development", help="the table of --floor to compare with (development, heldout)")
    ev.set_defaults(func=_eval)

    bh = sub.add_parser("bench-html", help="HTML cleaning benchmark on shared/bench/html-zh")
    bh.add_argument("bench", nargs="?", default="../shared/bench/html-zh", help="benchmark folder")
    bh.add_argument("-v", "--verbose", action="store_true", help="per-page figures")
    bh.set_defaults(func=_bench_html)
    bc = sub.add_parser("bench-crawl", help="crawl speed and re-crawl cost on the fixture site")
    bc.add_argument("--pages", type=int, default=100, help="articles on the grown fixture site (default 100)")
    bc.add_argument("--delay", type=float, default=1.0, help="the site's download delay in seconds (default 1)")
    bc.set_defaults(func=_bench_crawl)
    be = sub.add_parser("bench", help="throughput of clean + extract on one core")
    be.add_argument("inputs", nargs="*", default=["corpora/seeds", "corpora/articles"], help="pages to repeat")
    be.add_argument("-n", type=int, default=3000, help="pages to process (default 3000)")
    be.add_argument("--scale", type=int, default=0, metavar="N",
                    help="instead: a synthetic corpus of N pages through each executor, and a re-run")
    be.add_argument("--configs", default="local:1,local:2,dask:2", help="executor:workers list for --scale")
    be.add_argument("--ner", default=None, metavar="hanlp:PATH", help="with a NER backend merged in (one-core bench)")
    be.add_argument("--repeat", type=int, default=2, help="fresh runs per config for --scale; the fastest counts")
    be.add_argument("--profile", nargs="?", const="bench.prof", default=None, metavar="FILE",
                    help="instead: profile the pages with cProfile into FILE (default bench.prof), print the top")
    be.add_argument("--against", default=None, metavar="REV",
                    help="instead: this tree and commit REV side by side in one run, with ratios, and their "
                         "tables on the bundled corpus compared row by row")
    be.add_argument("--rounds", type=int, default=3, help="alternating rounds for --against; medians count")
    be.add_argument("--corpus", nargs="+", default=["corpora/seeds", "corpora/articles", "corpora/heldout/pages"],
                    help="the corpus whose tables --against compares (default: all bundled pages)")
    be.set_defaults(func=_bench)
    fz = sub.add_parser("fuzz", help="run the property-based checks on many generated inputs (needs the test extra)")
    fz.add_argument("--examples", type=int, default=100_000, help="inputs per target (default 100,000)")
    fz.add_argument("--target", action="append", default=[], metavar="NAME",
                    help="run only this target (repeatable): decode, clean-text, clean-html, extractors, "
                         "date-values, metadata-dates")
    fz.add_argument("--seed", type=int, default=None, help="a fixed seed, to replay a run")
    fz.set_defaults(func=_fuzz)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `minzu` console script."""
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
