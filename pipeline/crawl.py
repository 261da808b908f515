"""`minzu crawl`: fetch what is new or changed on a site, archive it, process it.

One crawl is: finish the WARC files a killed crawl of the site left open; run Scrapy
over the site config, archiving article fetches into a new WARC file and indexing
them in DIR/_crawl.sqlite; then `run` over the site's WARC files, which processes the
new one (and any a killed crawl did not get to) into the same tables as `minzu run`,
skipping every page already stored. Fetch failures of pages never archived become
error rows. A crawl that did not go through to its end (killed, capped by
--max-pages, out of --budget, stopped by a site that rate-limits or challenges it, a
list page refused) makes the next one page through every list again, and pages it
was refused are asked for again (the crawl state's pending list), so a killed or
stopped crawl, run again, ends with the same tables and no duplicates.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import time
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.run import Summary, record_errors, run
from pipeline.settings import Settings
from pipeline.sources.crawl import archive
from pipeline.sources.crawl.politeness import Pace
from pipeline.sources.crawl.recorder import Recorder
from pipeline.sources.crawl.site import SiteConfig, SiteConfigError, check_addresses
from pipeline.sources.crawl.state import CrawlState

INDEX_FILE = "index.parquet"  # DIR/warc/index.parquet: the archive index, for notebooks

INDEX_SCHEMA = pa.schema([
    pa.field("crawl", pa.string(), nullable=False),
    pa.field("site", pa.string(), nullable=False),
    pa.field("url", pa.string(), nullable=False),
    pa.field("final_url", pa.string(), nullable=False),
    pa.field("warc", pa.string()),
    pa.field("offset", pa.int64()),
    pa.field("length", pa.int64()),
    pa.field("status", pa.int32()),
    pa.field("outcome", pa.string(), nullable=False),
    pa.field("sha1", pa.string()),
    pa.field("etag", pa.string()),
    pa.field("last_modified", pa.string()),
    pa.field("fetched_at", pa.timestamp("us", tz="UTC"), nullable=False),
])


class CrawlRefused(ValueError):
    """A crawl that must not start (no contact for a public site), with the reason."""


# Why a crawl did not go through to its end, by Scrapy finish reason, in the summary's words.
_STOPS = MappingProxyType({"closespider_timeout": "out of its --budget", "rate_limited": "the site rate-limits it",
                           "blocked": "the site answers with challenge or block pages", "shutdown": "interrupted"})


@dataclass
class CrawlSummary:
    """What a crawl did: fetches by outcome, HTTP cost, how politely, whether it went to its end,
    and the processing run after it."""

    site: str
    outcomes: dict[str, int] = field(default_factory=dict)  # article fetches by outcome
    lists: dict[str, int] = field(default_factory=dict)  # list page fetches
    requests: int = 0  # HTTP requests sent, robots.txt and retries included
    response_bytes: int = 0
    crawl_s: float = 0.0
    warc: Path | None = None
    processing: Summary | None = None
    fetch_errors: int = 0
    blocked: int = 0  # challenge or block pages (articles and lists)
    rate_limited: int = 0  # 429 answers, retries included
    delay_s: float = 0.0  # the delay between requests in force at the end
    delay_by: str = ""  # what set it: the site config, robots.txt's Crawl-delay, AutoThrottle, the 429 back-off
    waited_s: float = 0.0  # the longest pause a Retry-After asked for
    complete: bool = False  # went through to its end
    stop: str | None = None  # why not, in words
    pending: int = 0  # pages the next crawl asks for again

    def lines(self) -> list[str]:
        """The summary as `minzu crawl` prints it (the first line ends with the crawl time)."""
        o = self.outcomes
        lines = [f"minzu crawl {self.site}: {sum(o.values())} article fetches, {sum(self.lists.values())} list pages, "
                 f"{self.requests} requests, {self.response_bytes:,} bytes in {self.crawl_s:.1f}s",
                 f"  articles: {o.get('new', 0)} new, {o.get('changed', 0)} changed, "
                 f"{o.get('unchanged', 0) + o.get('not_modified', 0)} unchanged; {self.blocked} blocked, "
                 f"{self.rate_limited} rate-limited (429)",
                 f"  delay: {self.delay_s:.2f}s between requests, set by {self.delay_by}"
                 + (f"; paused {self.waited_s:.0f}s for a Retry-After" if self.waited_s else "")]
        if self.complete:
            lines.append("  went through to its end")
        else:
            lines.append(f"  stopped before its end: {self.stop}; the next crawl pages through every list again")
        if self.pending:
            lines.append(f"  {self.pending} page{'s' * (self.pending != 1)} refused or failing pending: "
                         "the next crawl asks for them again")
        lines += [f"  {outcome:<16} {n:>6}" for outcome, n in sorted(o.items())]
        if self.warc:
            lines.append(f"  archived to {self.warc}")
        return lines


def scrapy_settings(site: SiteConfig, settings: Settings) -> dict:
    """Scrapy settings of a polite crawl of one site."""
    return {
        "ROBOTSTXT_OBEY": True,
        "USER_AGENT": settings.user_agent,
        "CONCURRENT_REQUESTS_PER_DOMAIN": max(1, min(2, settings.concurrency_per_domain)),
        "CONCURRENT_REQUESTS": 8,
        "DOWNLOAD_DELAY": site.delay,
        "DOWNLOAD_DELAY_JITTER": 0.0,  # every delay is a minimum: a Crawl-delay of 2 means 2 s or more
        "AUTOTHROTTLE_ENABLED": True,
        # AutoThrottle never lowers the delay on non-200 answers, so a re-crawl of 304s runs at
        # the start delay: the configured one.
        "AUTOTHROTTLE_START_DELAY": site.delay,
        "AUTOTHROTTLE_MAX_DELAY": 60.0,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
        "RETRY_ENABLED": True,
        "RETRY_TIMES": settings.retries,
        "DOWNLOAD_TIMEOUT": settings.download_timeout_s,
        "DOWNLOAD_MAXSIZE": settings.max_page_bytes,  # compressed bodies too: inflating stops there
        # The allowed-hosts middleware resolves each host through this cache and the connection
        # reuses the answer: what was checked is what is fetched.
        "DNSCACHE_ENABLED": True,
        "DOWNLOAD_WARNSIZE": 0,
        "CLOSESPIDER_TIMEOUT": settings.time_budget_s or 0,
        "COOKIES_ENABLED": False,  # news pages need none, and it keeps tldextract off the network
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,  # Scrapy 2.19+: an HTTP server that runs code sent to it
        "HTTPCACHE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "LOG_INSTALL_ROOT_HANDLER": False,
        "DOWNLOADER_MIDDLEWARES": {
            "pipeline.sources.crawl.spider.AllowedHostsMiddleware": 50,  # before robots.txt is even asked for
            "pipeline.sources.crawl.spider.BackoffMiddleware": 540,  # just before RetryMiddleware
            # Sees responses before RetryMiddleware (550) does: a Retry-After pauses the host
            # before the retry is queued, a challenge page is not retried.
            "pipeline.sources.crawl.politeness.PolitenessMiddleware": 560,
        },
        # AutoThrottle under the per-host floors (robots.txt Crawl-delay, the 429 back-off).
        "EXTENSIONS": {"scrapy.extensions.throttle.AutoThrottle": None,
                       "pipeline.sources.crawl.politeness.PoliteThrottle": 0},
        "MINZU_RATE_LIMIT_STOP": settings.rate_limit_stop,  # 429s in a row that stop the site's crawl
        "MINZU_BLOCKED_STOP": settings.blocked_stop,  # challenge or block pages in a row that stop it
        "MINZU_MAX_RETRY_AFTER": settings.max_retry_after_s,  # a longer Retry-After stops the crawl
        "MINZU_BACKOFF": settings.backoff_s,  # the pause after a 429 that names no Retry-After
    }


def crawl(site: SiteConfig, out: Path, settings: Settings) -> CrawlSummary:
    """Crawl one site into the dataset at `out`; returns what was fetched and processed."""
    from scrapy.crawler import CrawlerProcess

    from pipeline.sources.crawl.spider import ArticleSpider

    if not settings.contact and not site.local_only():
        raise CrawlRefused("give a contact URL (--contact or MINZU_CONTACT) for the User-Agent, "
                           "so the site's operators can reach whoever runs this crawl")
    try:
        check_addresses(site)  # before any request; each request is checked again as it goes out
    except SiteConfigError as exc:
        raise CrawlRefused(str(exc)) from None
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    warc_dir = out / "warc"
    if site.rule not in settings.sites:
        settings = replace(settings, sites=(*settings.sites, site.rule))
    lock = _lock(out)
    state = CrawlState(out)
    summary = CrawlSummary(site.name)
    started = time.perf_counter()
    try:
        archive.recover(warc_dir, state, site.name)
        store = archive.Archive(warc_dir, site.name)
        crawl_id = f"{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
        recorder = Recorder(site, state, store, crawl_id, settings.max_page_bytes)
        # Until this crawl ends as it should, the site counts as not crawled through: a kill
        # leaves it so, and the next crawl pages through everything again.
        went_through = state.complete(site.name)
        state.set_complete(site.name, False)
        process = CrawlerProcess(scrapy_settings(site, settings))
        crawler = process.create_crawler(ArticleSpider)
        pace = Pace(site.delay)
        process.crawl(crawler, site=site, recorder=recorder, max_pages=settings.max_pages,
                      backoff_s=settings.backoff_s, stop_at_known=went_through, pace=pace)
        process.start()
        summary.warc = store.close()
        reason = crawler.stats.get_value("finish_reason")
        # A list page refused (a challenge, a 5xx) may have hidden articles further down.
        summary.complete = reason == "finished" and not crawler.spider.capped and set(recorder.lists) <= {"ok"}
        state.set_complete(site.name, summary.complete)
        summary.stop = None if summary.complete else _why_stopped(reason, pace, crawler.spider.capped, recorder.lists)
        summary.blocked, summary.rate_limited, summary.waited_s = pace.blocked, pace.rate_limited, pace.waited_s
        summary.delay_s, summary.delay_by = pace.in_force()
        summary.pending = len(state.pending(site.name))
        stats = crawler.stats.get_stats()
        summary.requests = stats.get("downloader/request_count", 0)
        summary.response_bytes = stats.get("downloader/response_bytes", 0)
        summary.outcomes = dict(recorder.outcomes)
        summary.lists = dict(recorder.lists)
        summary.crawl_s = time.perf_counter() - started
        _write_index(state, warc_dir)
        errors = recorder.errors
        summary.fetch_errors = len(errors)
        if errors:
            record_errors(out, errors, settings)
        # This site's archive files: the new one, and any a killed crawl did not get to
        # (other sites' files are processed by their own crawls, with their own site rules).
        files = [str(p) for p in sorted(warc_dir.glob(f"{site.name}-*.warc.gz"))]
        summary.processing = run(files, out, settings) if files else Summary()
    finally:
        state.close()
        lock.close()
    return summary


def _why_stopped(reason: str | None, pace: Pace, capped: bool, lists: dict[str, int]) -> str:
    """Why a crawl did not go through to its end, in words."""
    if pace.stopped:
        return f"{_STOPS.get(reason, reason)} ({pace.stopped})"
    if reason != "finished":
        return _STOPS.get(reason, str(reason))
    if capped:
        return "capped by --max-pages"
    refused = ", ".join(f"{n} {outcome}" for outcome, n in sorted(lists.items()) if outcome != "ok")
    return f"list pages refused ({refused})"


def _lock(out: Path):
    """An exclusive lock on the folder for the whole crawl: two crawls into one folder would
    take each other's open WARC files for leftovers."""
    handle = open(out / "_crawl.lock", "w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise CrawlRefused(f"another crawl is writing to {out}; wait for it to end") from None
    return handle


def _write_index(state: CrawlState, warc_dir: Path) -> None:
    """DIR/warc/index.parquet from the index in the crawl state, replaced atomically."""
    fetches = state.fetches()
    if not fetches:
        return
    rows = [{**f.__dict__, "fetched_at": dt.datetime.fromtimestamp(f.fetched_at, dt.timezone.utc)} for f in fetches]
    warc_dir.mkdir(parents=True, exist_ok=True)
    tmp = warc_dir / f".{INDEX_FILE}.tmp"
    pq.write_table(pa.Table.from_pylist(rows, schema=INDEX_SCHEMA), tmp, compression="zstd")
    tmp.replace(warc_dir / INDEX_FILE)

