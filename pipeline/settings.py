"""The one settings object: every knob of a run, with its default, in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from pipeline import __version__


@dataclass(frozen=True)
class SiteRule:
    """What one site's CMS needs that generic cleaning cannot know: read from its site config."""

    domains: tuple[str, ...]  # hosts the rule applies to, subdomains included
    encoding: str | None = None  # when the site declares a wrong charset, or none
    body_xpath: str | None = None  # the container of the article body
    title_xpath: str | None = None
    date_xpath: str | None = None  # an element whose text holds the publication date

    def matches(self, url: str | None) -> bool:
        """Whether a page at `url` belongs to this site."""
        host = (urlsplit(url).hostname or "") if url else ""
        return any(host == d or host.endswith("." + d) for d in self.domains)


@dataclass(frozen=True)
class Settings:
    # Pages larger than this are refused (a 50 MB "page" is a dump or an attack, not an article).
    # It bounds every record, page, line and error of a run: nothing read grows past it.
    max_page_bytes: int = 20 * 1024 * 1024
    # A .warc.gz inflating more than this many times its compressed size is a compression
    # bomb (WARCs inflate about 5 times, HTML pages at most some 20): read/too_large.
    max_inflation: float = 100.0
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
    # Estimated Jaccard similarity of 5-gram shingles at which two bodies are reposts of one
    # story (same dup_cluster); None switches near-duplicate clustering off.
    dup_threshold: float | None = 0.5
    rebuild: bool = False  # reprocess every input, stored or not
    pipeline_version: str = __version__
    sites: tuple[SiteRule, ...] = ()  # per-site overrides (minzu crawl, or run --site)
    # An optional NER backend merged with the rule extractors: 'hanlp:PATH' or 'hanlp:MODEL_ID'
    # (pipeline/ner.py); None, the default, runs the rules alone.
    ner: str | None = None
    ner_allow_download: bool = False  # let HanLP fetch a pretrained MODEL_ID from its servers

    # -- crawling (minzu crawl); per-site politeness (delay, revisits) is in the site config --
    # Where site operators can reach whoever runs the crawl; it goes into the User-Agent,
    # and a crawl of a public site refuses to start without it.
    contact: str | None = None
    concurrency_per_domain: int = 2  # at most 2: news sites are small government servers
    retries: int = 3  # after a timeout or a 5xx, with backoff
    backoff_s: float = 2.0  # wait before the first retry, doubled after each
    # Circuit breakers (pipeline/sources/crawl/politeness.py): a site's crawl stops after this
    # many 429 answers in a row (retries included), or challenge or block pages in a row, or
    # when a Retry-After asks for longer than this many seconds.
    rate_limit_stop: int = 5
    blocked_stop: int = 5
    max_retry_after_s: float = 300.0
    download_timeout_s: float = 30.0
    max_pages: int | None = None  # article fetches per crawl, revisits included
    time_budget_s: float | None = None  # the crawl stops scheduling and closes after this

    @property
    def user_agent(self) -> str:
        """The crawler's User-Agent: name, version and the contact URL."""
        return f"minzu/{self.pipeline_version} (research crawler; +{self.contact or 'no contact given'})"

    def site_rule(self, url: str | None) -> SiteRule | None:
        """The site rule for a page's URL, if a configured site covers it."""
        return next((rule for rule in self.sites if rule.matches(url)), None)


def default_workers() -> int:
    """The number of cores this process may use: the default number of workers of a run."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
