"""The Scrapy side of a crawl: one spider for every site config, and two downloader middlewares.

The spider reads list pages (the start URLs and the pages their `follow` patterns
match) for article links, and asks for each article it does not know; known
articles come back only when due for a revisit, as conditional requests, once the
lists and the new articles are done, after the pending ones (pages an earlier crawl
was refused: challenged, rate-limited, failing). What each article fetch means is
decided by the `Recorder`, which archives and remembers it; how fast requests go and
when a refusing site is left alone, by the politeness module.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.linkextractors import LinkExtractor
from scrapy.utils.defer import maybe_deferred_to_future
from w3lib.url import canonicalize_url

from pipeline.sources.crawl.challenge import META_KEY as BLOCKED
from pipeline.sources.crawl.politeness import Pace
from pipeline.sources.crawl.recorder import Recorder
from pipeline.sources.crawl.site import SiteConfig, is_ip

# Statuses an article callback sees itself (rather than Scrapy dropping them): a 304,
# and errors once retries are spent, so they reach the index and the errors table.
# 3xx redirects other than 304 are left to Scrapy's RedirectMiddleware.
_HANDLED = [304, *range(400, 600)]


class ArticleSpider(scrapy.Spider):
    """Crawls one site config: list pages for links, article pages into the recorder."""

    name = "minzu"

    def __init__(self, site: SiteConfig, recorder: Recorder, max_pages: int | None = None, backoff_s: float = 1.0,
                 stop_at_known: bool = True, pace: Pace | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.site = site
        self.recorder = recorder
        self.pace = pace or Pace(site.delay)  # read by the politeness middleware and throttle
        self.max_pages = max_pages
        self.backoff_s = backoff_s
        # Only when the last crawl went through to its end does a list page of known
        # articles mean that everything further down was seen.
        self.stop_at_known = site.stop_at_known and stop_at_known
        self.allowed_domains = list(site.allowed_domains)  # Scrapy's offsite filter reads this
        self.requested: set[str] = set()  # article URLs asked for in this crawl
        self.capped = False  # --max-pages left something out
        self.revisits_scheduled = False
        self.links = LinkExtractor(deny_extensions=[])  # the site's patterns decide, not file extensions

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> "ArticleSpider":
        """The spider, listening for requests Scrapy schedules (to index offsite redirects)."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.request_scheduled, signal=scrapy.signals.request_scheduled)
        crawler.signals.connect(spider.idle, signal=scrapy.signals.spider_idle)
        return spider

    def request_scheduled(self, request: scrapy.Request, spider: scrapy.Spider | None = None) -> None:
        """Index an article request that Scrapy's offsite filter is about to drop (a redirect off the site)."""
        if request.callback == self.parse_article and not self.site.allows(request.url):
            self.recorder.failed(request, IgnoreRequest(f"offsite: {request.url} is not on an allowed domain"))

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """The start URLs: list pages. Revisits come when the lists and new articles are done."""
        for url in self.site.start_urls:
            yield scrapy.Request(url, callback=self.parse_list, errback=self.list_failed, priority=10)

    def idle(self) -> None:
        """Once the lists and the new articles are done, ask again for the pages an earlier crawl
        was refused, then for the known articles due (so new articles come first under --max-pages)."""
        if self.revisits_scheduled or self.pace.stopped:
            return
        self.revisits_scheduled = True
        scheduled = False
        pending = [(url, known) for url, known in self.recorder.pending()
                   if self.site.allows(url) and self.site.is_article(url)]  # the config may have changed
        due = [(known.url, known) for known in self.recorder.due()]
        for url, known in pending + due:
            if url in self.requested:
                continue
            request = self._article(url, known.etag if known else None, known.last_modified if known else None)
            if request is None:
                break
            self.crawler.engine.crawl(request)
            scheduled = True
        if scheduled:
            raise DontCloseSpider()

    def _article(self, url: str, etag: str | None = None, last_modified: str | None = None) -> scrapy.Request | None:
        """A request for an article page, conditional when validators are known; None when it was
        asked for already in this crawl, or past --max-pages."""
        if url in self.requested:
            return None
        if self.max_pages is not None and len(self.requested) >= self.max_pages:
            self.capped = True
            return None
        self.requested.add(url)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return scrapy.Request(url, headers=headers, callback=self.parse_article, errback=self.article_failed,
                              meta={"handle_httpstatus_list": _HANDLED})

    def parse_list(self, response: scrapy.http.Response):
        """Schedule the unknown articles a list page links to, and follow its list links."""
        blocked = bool(response.meta.get(BLOCKED))
        self.recorder.list_page(response.url, response.status, blocked=blocked)
        if blocked or response.status != 200 or not isinstance(response, scrapy.http.TextResponse):
            return
        articles, lists = [], []
        for link in self.links.extract_links(response):
            url = canonicalize_url(link.url)
            if not self.site.allows(url):
                continue
            if self.site.is_article(url):
                articles.append(url)
            elif self.site.is_list(url):
                lists.append(url)
        unknown = [url for url in articles if not self.recorder.knows(url)]
        for url in unknown:
            request = self._article(url)
            if request is not None:
                yield request
        # Everything further down the pagination was seen before: stop paging. A link that
        # robots.txt refused is still asked for (robots.txt may change) but is not news.
        if self.stop_at_known and articles and all(u not in unknown or self.recorder.refused(u) for u in articles):
            return
        for url in lists:
            yield scrapy.Request(url, callback=self.parse_list, errback=self.list_failed, priority=5)

    def parse_article(self, response: scrapy.http.Response) -> None:
        """Hand an article response (200, 304 or an error status) to the recorder."""
        self.recorder.article(response)

    def article_failed(self, failure) -> None:
        """Hand an article request that got no response to the recorder."""
        self.recorder.failed(failure.request, failure.value)

    def list_failed(self, failure) -> None:
        """Count a list page that could not be fetched."""
        self.recorder.list_failed(failure.request.url, failure.value)


class AllowedHostsMiddleware:
    """Refuses any request off the site's allowed hosts or not over http(s), redirects included,
    and any whose host name resolves to a non-public address the config does not list.

    Stricter than Scrapy's offsite filter, which lets `dont_filter` requests through
    and treats IP addresses like names: an IP (a loopback host in tests) is fetched
    only when it is listed itself. The name is resolved here, for every request, through
    the reactor's resolver: Scrapy's caching resolver keeps that answer, and the
    connection is made to the address checked, so a name that turns private after the
    crawl started (DNS rebinding) is refused rather than fetched.
    """

    async def process_request(self, request: scrapy.Request, spider: ArticleSpider) -> None:
        """Drop the request (IgnoreRequest) unless the site config allows its URL and its host's address."""
        if not spider.site.allows(request.url):
            raise IgnoreRequest(f"offsite: {request.url} is not on an allowed domain of {spider.site.name}")
        host = urlsplit(request.url).hostname or ""
        if is_ip(host):
            return  # an address, allowed above only because the config lists it
        from twisted.internet import reactor

        try:
            address = await maybe_deferred_to_future(reactor.resolve(host))
        except Exception:  # noqa: BLE001 (the download fails on it the same way, with its reason)
            return
        reason = spider.site.address_refusal(host, [address])
        if reason:
            raise IgnoreRequest(f"private_address: {reason}")


class BackoffMiddleware:
    """Waits before a retried request: the spider's backoff (at least the site's delay), doubled
    at each further try, at most 60 seconds.

    Scrapy's RetryMiddleware re-sends at once; a server that answered 5xx or timed
    out should be given time.
    """

    cap_s = 60.0

    async def process_request(self, request: scrapy.Request, spider: ArticleSpider) -> None:
        """Sleep before a retry; a first try goes at once."""
        tries = request.meta.get("retry_times", 0)
        if tries:
            await asyncio.sleep(min(self.cap_s, max(spider.backoff_s, spider.site.delay) * 2 ** (tries - 1)))
