"""The one settings object: every knob of a run, with its default, in one place."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline import __version__


@dataclass(frozen=True)
class Settings:
    # Pages larger than this are refused (a 50 MB "page" is a dump or an attack, not an article).
    max_page_bytes: int = 20 * 1024 * 1024
    # A page still processing after this many seconds becomes an error row (0: no limit).
    page_timeout_s: float = 60.0
    # Extractors to run, by registered name; None means all registered ones.
    extractors: tuple[str, ...] | None = None
    # Where pages are processed: 'local' (this process, or a pool when workers > 1) or 'dask'.
    executor: str = "local"
    workers: int = 1
    scheduler: str | None = None  # address of a running Dask scheduler; None starts a LocalCluster
    # Pages per committed batch: larger means fewer, bigger files and more memory.
    batch_articles: int = 5000
    rebuild: bool = False  # reprocess every input, stored or not
    pipeline_version: str = __version__
