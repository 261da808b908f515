"""How fast a crawl goes to each host, and when it stops: the delay in force, Retry-After
pauses and the circuit breakers.

Scrapy keeps one downloader slot per host and waits the slot's `delay` between its
requests (with no random jitter here, and counted from the last answer: every delay is
a minimum, as the server sees it). AutoThrottle moves that delay with the server's
latency, never below the site config's `delay` (Scrapy's DOWNLOAD_DELAY). On top of
Scrapy:

- `PoliteThrottle` (in AutoThrottle's place) keeps each slot's delay at or above the
  host's floor: robots.txt's Crawl-delay (or Request-rate) for our user agent, and the
  back-off that 429 answers raised. The delay in force is so the largest of the config's
  delay, the Crawl-delay, what AutoThrottle asks and the 429 back-off; `Pace` says which.
  A 429, or a 503 with Retry-After (seconds or an HTTP date), pauses the host's whole
  slot for that long (a 429 without one for MINZU_BACKOFF), so no request to the host
  goes out before, the retry included (Scrapy's RetryMiddleware sends it); a 429 also
  doubles the host's floor.
- `PolitenessMiddleware` reads every response. A challenge or block page (decided by
  `challenge.blocked`) is marked for the spider and not retried. After
  MINZU_RATE_LIMIT_STOP 429s in a row, MINZU_BLOCKED_STOP blocked responses in a row,
  or a Retry-After longer than MINZU_MAX_RETRY_AFTER seconds, it stops the site's
  crawl cleanly (a circuit breaker): requests still waiting are dropped, not sent, and
  the crawl's finish reason says why (`rate_limited` or `blocked`).

The MINZU_* values come from `pipeline.settings.Settings`, their one place, through the
crawl's Scrapy settings (pipeline/crawl.py).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
from dataclasses import dataclass, field
from time import monotonic
from typing import Any

from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.extensions.throttle import AutoThrottle
from scrapy.utils.asyncio import call_later
from twisted.python.failure import Failure

from pipeline.sources.crawl import challenge

# What set the delay in force, as the crawl summary names it.
CONFIG, ROBOTS, AUTOTHROTTLE, BACKOFF = "the site config", "robots.txt's Crawl-delay", "AutoThrottle", "the 429 back-off"
MAX_DELAY_S = 60.0  # the highest floor a 429 back-off raises a host to (AutoThrottle's maximum too)


@dataclass
class HostPace:
    """The delays of one host (one downloader slot)."""

    autothrottle: float  # what AutoThrottle asks; it starts at the config's delay
    robots: float = 0.0  # robots.txt's Crawl-delay (or Request-rate) for our user agent
    backoff: float = 0.0  # raised by 429 answers
    paused_until: float = 0.0  # monotonic time a Retry-After pause ends


@dataclass
class Pace:
    """The politeness of one crawl: per-host delays, what the site refused, and why the crawl stopped."""

    config_delay: float
    hosts: dict[str, HostPace] = field(default_factory=dict)
    rate_limited: int = 0  # 429 answers, retries included
    blocked: int = 0  # challenge or block pages, list pages included
    waited_s: float = 0.0  # the longest pause a Retry-After (or a 429) asked for
    stopped: str | None = None  # why a circuit breaker stopped the crawl, in words

    def host(self, key: str) -> HostPace:
        """The delays of a host (a downloader slot key), created at the config's delay."""
        if key not in self.hosts:
            self.hosts[key] = HostPace(autothrottle=self.config_delay)
        return self.hosts[key]

    def floor(self, key: str) -> float:
        """The least delay between requests to a host: config, Crawl-delay, 429 back-off."""
        host = self.host(key)
        return max(self.config_delay, host.robots, host.backoff)

    def in_force(self) -> tuple[float, str]:
        """The delay in force (seconds) on the slowest host, and what set it."""
        best = (self.config_delay, CONFIG)
        for host in self.hosts.values():
            # In this order, so that a tie names the first: the config over what matches it.
            for value, source in ((host.robots, ROBOTS), (host.autothrottle, AUTOTHROTTLE), (host.backoff, BACKOFF)):
                if value > best[0] + 1e-9:
                    best = (value, source)
        return best


def retry_after(value: bytes | str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delay-seconds ("120") or an HTTP date
    ("Wed, 21 Oct 2026 07:28:00 GMT", a time in the past meaning 0); None when absent or
    unreadable."""
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)  # HTTP dates are GMT
    now = now or dt.datetime.now(dt.timezone.utc)
    return max(0.0, (when - now).total_seconds())


class PoliteThrottle(AutoThrottle):
    """AutoThrottle under per-host floors (robots.txt's Crawl-delay, the 429 back-off), and the
    pause a 429 or 503 asks for.

    The pause is set here, on Scrapy's `response_downloaded` signal, because Scrapy sends the
    next queued request of the slot as soon as a response is in, before any downloader
    middleware has seen the response.
    """

    def __init__(self, crawler: Any):
        super().__init__(crawler)
        settings = crawler.settings
        self.user_agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT")
        self.max_wait = settings.getfloat("MINZU_MAX_RETRY_AFTER")
        self.backoff = settings.getfloat("MINZU_BACKOFF")
        crawler.signals.connect(self._robots_parsed, signal=signals.robots_parsed)
        crawler.signals.connect(self._reached_downloader, signal=signals.request_reached_downloader)

    def _pace(self) -> Pace:
        return self.crawler.spider.pace

    def _robots_parsed(self, robotparser: Any, request: Any) -> None:
        """Read the Crawl-delay (and Request-rate) robots.txt sets for our user agent."""
        delay = robotparser.crawl_delay(self.user_agent) or 0.0
        protego = getattr(robotparser, "rp", None)  # Scrapy's default parser wraps Protego
        rate = protego.request_rate(self.user_agent) if hasattr(protego, "request_rate") else None
        if rate and rate.requests:
            delay = max(delay, rate.seconds / rate.requests)  # Request-rate: 1/5 is one request per 5 s
        key = self.crawler.engine.downloader.get_slot_key(request)
        self._pace().host(key).robots = float(delay)
        self._apply_floor(key)

    def _reached_downloader(self, request: Any, spider: Any = None) -> None:
        """Before a request joins its slot's queue, make sure the slot waits at least the floor."""
        self._apply_floor(request.meta.get("download_slot"))

    def _apply_floor(self, key: str | None) -> None:
        slot = self.crawler.engine.downloader.slots.get(key) if key is not None else None
        if slot is not None:
            slot.delay = max(slot.delay, self._pace().floor(key))

    def _response_downloaded(self, response: Any, request: Any, spider: Any) -> None:
        """AutoThrottle adjusts its own delay of the host; the slot then waits the larger of it and
        the floor, from now; a 429 or 503 may pause it longer."""
        key, slot = self._get_slot(request, spider)
        if slot is None:
            return
        host = self._pace().host(key)
        slot.delay = host.autothrottle
        super()._response_downloaded(response, request, spider)
        host.autothrottle = slot.delay
        if response.status == 429:
            host.backoff = min(MAX_DELAY_S, max(host.backoff, 2 * max(slot.delay, self._pace().floor(key))))
        slot.delay = max(slot.delay, self._pace().floor(key))
        # Scrapy counts the delay from when the last request left; counted from when its answer
        # came, the server sees at least the delay between two requests, however slow the
        # connection of the first was.
        slot.lastseen = max(slot.lastseen, monotonic())
        if response.status in (429, 503):
            wait = retry_after(response.headers.get(b"Retry-After"))
            if wait is None and response.status == 429:
                wait = max(self.backoff, slot.delay)
            if wait:
                self._pause(slot, host, wait)

    def _pause(self, slot: Any, host: HostPace, seconds: float) -> None:
        """Hold the host's slot: nothing queued for it goes out before `seconds` have passed."""
        if seconds > self.max_wait:
            seconds = self.max_wait  # more than a crawl waits: held until the middleware stops the crawl
        else:
            self._pace().waited_s = max(self._pace().waited_s, seconds)
        until = monotonic() + seconds
        if until <= host.paused_until:
            return
        host.paused_until = until
        # Scrapy's own pause: a slot with a pending `latercall` sends nothing until it fires, and
        # its delay then counts from `lastseen` (which also keeps the slot from being collected).
        downloader = self.crawler.engine.downloader
        slot.lastseen = max(slot.lastseen, until)
        if slot.latercall:
            slot.latercall.cancel()
        slot.latercall = call_later(seconds, downloader._latercall, slot)


class PolitenessMiddleware:
    """Counts 429s and challenge pages, marks challenge pages for the spider, and stops the
    crawl of a site that keeps refusing (see the module's docstring)."""

    def __init__(self, crawler: Any):
        self.crawler = crawler
        settings = crawler.settings
        self.rate_limit_stop = settings.getint("MINZU_RATE_LIMIT_STOP")
        self.blocked_stop = settings.getint("MINZU_BLOCKED_STOP")
        self.max_wait = settings.getfloat("MINZU_MAX_RETRY_AFTER")
        self.rate_limited_in_a_row = 0
        self.blocked_in_a_row = 0
        self.closing: asyncio.Future | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> "PolitenessMiddleware":
        """The middleware, reading its thresholds from the crawl's settings."""
        return cls(crawler)

    def process_request(self, request: Any, spider: Any = None) -> None:
        """Send nothing more once a circuit breaker has stopped the crawl."""
        stopped = self.crawler.spider.pace.stopped
        if stopped:
            raise IgnoreRequest(f"stopped: {stopped}")

    def process_response(self, request: Any, response: Any, spider: Any = None) -> Any:
        """Read a response for rate limits and challenges (before RetryMiddleware decides on a retry)."""
        pace: Pace = self.crawler.spider.pace
        if response.status == 429:
            pace.rate_limited += 1
            self.rate_limited_in_a_row += 1
            if self.rate_limited_in_a_row >= self.rate_limit_stop:
                self._stop(request, "rate_limited", f"{self.rate_limited_in_a_row} answers 429 Too Many Requests "
                                                    "in a row")
        else:
            self.rate_limited_in_a_row = 0
        if response.status in (429, 503):
            wait = retry_after(response.headers.get(b"Retry-After"))
            if wait is not None and wait > self.max_wait:
                self._stop(request, "rate_limited", f"asked to wait {wait:.0f} s (Retry-After), more than the "
                                                    f"{self.max_wait:.0f} s a crawl waits")
            if response.status == 429:
                return response
        content_type = response.headers.get(b"Content-Type")
        reason = challenge.blocked(response.status, content_type.decode("latin-1") if content_type else None,
                                   response.body)
        if not reason:
            self.blocked_in_a_row = 0
            return response
        pace.blocked += 1
        self.blocked_in_a_row += 1
        request.meta[challenge.META_KEY] = reason
        request.meta["dont_retry"] = True  # asking again at once is what a challenge punishes
        request.meta["handle_httpstatus_all"] = True  # the spider records it, list pages too
        if self.blocked_in_a_row >= self.blocked_stop:
            self._stop(request, "blocked", f"{self.blocked_in_a_row} challenge or block pages in a row")
        return response

    def _stop(self, request: Any, reason: str, message: str) -> None:
        """The circuit breaker: no retry of this request, every request waiting in a slot dropped,
        nothing more sent, the spider closed."""
        request.meta["dont_retry"] = True
        pace: Pace = self.crawler.spider.pace
        if pace.stopped:
            return
        pace.stopped = message
        downloader = self.crawler.engine.downloader
        for slot in downloader.slots.values():
            if slot.latercall:
                slot.latercall.cancel()
                slot.latercall = None
            while slot.queue:
                _, waiting = slot.queue.popleft()
                waiting.errback(Failure(IgnoreRequest(f"stopped: {message}")))
        self.closing = asyncio.ensure_future(self.crawler.engine.close_spider_async(reason=reason))
