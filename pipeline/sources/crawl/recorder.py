"""What an article fetch means, decided once: archive it, index it, remember it.

    200, bytes never seen for this URL   -> response record, outcome new (or changed)
    200, the bytes archived last time    -> revisit record, outcome unchanged
    304 Not Modified                     -> revisit record, outcome not_modified
    a challenge or block page            -> response record (what the site said), outcome
                                            error:blocked, pending; never an article
    429 after retries                    -> index row, outcome error:rate_limited, pending
    4xx/5xx after retries, no response   -> index row, outcome error:<reason>; pending when the
                                            failure may pass (5xx, 408, a timeout)
A failure gets an errors-table row (`fetch/<reason>`, with the URL, and the status in
the message) when the page was never archived before; a page archived before keeps its
rows. A pending URL is asked for again by the next crawl, whatever its paging reaches.
Only `new` and `changed` pages are processed into the tables. The same bytes under
two URLs of a site are two pages, linked by the near-duplicate clusters.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http
import time
from collections import Counter

from w3lib.url import canonicalize_url

from pipeline.records import ErrorRow
from pipeline.sources.crawl.archive import Archive, sha1_digest
from pipeline.sources.crawl.challenge import META_KEY as BLOCKED
from pipeline.sources.crawl.site import SiteConfig
from pipeline.sources.crawl.state import CrawlState, Fetch, Known

_CONTENT_TYPES = ("html", "text/plain", "xhtml")
# Failures that may pass (a challenge, a rate limit, a 5xx, a timeout, a refused connection)
# leave the URL pending: the next crawl asks for it again. Failures that are an answer (a
# policy, a size limit, not a page) settle it, as do 4xx statuses other than 408 (a timeout)
# and 429 (a rate limit, recorded as rate_limited).
_SETTLED = ("robots", "offsite", "private_address", "too_large", "not_html")


class Recorder:
    """Archives, indexes and remembers the article fetches of one crawl of one site."""

    def __init__(self, site: SiteConfig, state: CrawlState, archive: Archive, crawl_id: str, max_bytes: int,
                 now: float | None = None):
        self.site = site
        self.state = state
        self.archive = archive
        self.crawl_id = crawl_id
        self.max_bytes = max_bytes
        self.started = time.time() if now is None else now
        self.outcomes: Counter[str] = Counter()
        self.lists: Counter[str] = Counter()  # list page fetches: ok, error:<reason>
        self.errors: list[ErrorRow] = []  # pages never archived that could not be fetched

    def knows(self, url: str) -> bool:
        """Whether an article URL (or where it redirected) was archived before."""
        return self.state.known(url) is not None

    def refused(self, url: str) -> bool:
        """Whether the last request for a URL was refused by robots.txt or the allowed hosts."""
        return self.state.last_outcome(url) in ("robots", "offsite")

    def due(self) -> list[Known]:
        """Known articles of the site whose revisit is due."""
        return self.state.due(self.site.name, self.started - self.site.revisit_after_s)

    def pending(self) -> list[tuple[str, Known | None]]:
        """Article URLs an earlier crawl could not get (blocked, rate-limited, failing), with what
        is known of them (a known article whose revisit failed)."""
        return [(url, self.state.known(url)) for url in self.state.pending(self.site.name)]

    # -- list pages -------------------------------------------------------------------------
    def list_page(self, url: str, status: int, blocked: bool = False) -> None:
        """Count a list page fetched, by status (blocked: a challenge or block page)."""
        self.lists["blocked" if blocked else "ok" if status == 200 else f"error:http_{status}"] += 1

    def list_failed(self, url: str, error: BaseException) -> None:
        """Count a list page that got no response, by reason (not one dropped by a stopped crawl)."""
        reason = _reason(error)[0]
        if reason != "stopped":
            self.lists[f"error:{reason}"] += 1

    # -- article pages ----------------------------------------------------------------------
    def article(self, response) -> None:
        """Record one article response (after redirects and retries)."""
        request = response.request
        asked = canonicalize_url((request.meta.get("redirect_urls") or [request.url])[0])
        final = canonicalize_url(response.url)
        at = dt.datetime.now(dt.timezone.utc)
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, values in response.headers.items() for v in values]
        etag = _header(response, b"ETag")
        last_modified = _header(response, b"Last-Modified")
        known = self.state.known(final)
        fetch = dict(crawl=self.crawl_id, site=self.site.name, url=asked, final_url=final, status=response.status,
                     etag=etag, last_modified=last_modified, fetched_at=at.timestamp())

        if response.status == 304 and known is not None:
            where = self.archive.revisit(final, 304, "Not Modified", headers, sha1_digest(known.sha1),
                                         known.url, dt.datetime.fromtimestamp(known.archived_at, dt.timezone.utc), at,
                                         not_modified=True)
            self._index(fetch, where, "not_modified", known.sha1, remember=True)
            return
        blocked = response.meta.get(BLOCKED)
        if blocked:
            # Archived as it came, so a researcher can see what the site said; never processed.
            status = response.status
            where = self.archive.response(final, status, _phrase(status), headers, response.body, at)
            self._failure(fetch, known, "blocked", f"HTTP {status}: a challenge or block page, not the article "
                          f"({blocked}); archived in {where[0]}", where)
            return
        if response.status == 429:
            self._failure(fetch, known, "rate_limited", "HTTP 429: the server asked to slow down, and still did "
                          "after every retry")
            return
        if response.status != 200:
            self._failure(fetch, known, f"http_{response.status}", f"the server answered {response.status}")
            return
        ctype = _header(response, b"Content-Type") or ""
        if not ctype:
            # Stored with the type a browser would assume, so that replaying the archive reads it.
            headers.append(("Content-Type", "text/html"))
        elif not any(t in ctype.lower() for t in _CONTENT_TYPES):
            self._failure(fetch, known, "not_html", f"content type {ctype!r} is not a page")
            return
        body = response.body
        if len(body) > self.max_bytes:
            self._failure(fetch, known, "too_large", f"{len(body):,} bytes, above the limit of {self.max_bytes:,}")
            return
        sha1 = hashlib.sha1(body).hexdigest()
        if known is not None and known.sha1 == sha1:
            where = self.archive.revisit(final, 200, "OK", headers, sha1_digest(sha1), known.url,
                                         dt.datetime.fromtimestamp(known.archived_at, dt.timezone.utc), at,
                                         not_modified=False)
            self._index(fetch, where, "unchanged", sha1, remember=True)
            return
        where = self.archive.response(final, 200, "OK", headers, body, at)
        self._index(fetch, where, "new" if known is None else "changed", sha1, remember=True)

    def failed(self, request, error: BaseException) -> None:
        """Record an article request that got no response: refused, timed out, too large."""
        asked = canonicalize_url((request.meta.get("redirect_urls") or [request.url])[0])
        reason, message = _reason(error)
        fetch = dict(crawl=self.crawl_id, site=self.site.name, url=asked, final_url=canonicalize_url(request.url),
                     status=None, etag=None, last_modified=None, fetched_at=time.time())
        if reason == "stopped":
            return  # dropped when the crawl stopped (a circuit breaker): not asked, not failed
        if reason in ("robots", "offsite"):  # policy, not failure: indexed, not an error row
            self._index(fetch, (None, None, None), reason, None, remember=False)
            return
        self._failure(fetch, self.state.known(fetch["final_url"]), reason, message)

    def _failure(self, fetch: dict, known: Known | None, reason: str, message: str,
                 where: tuple = (None, None, None)) -> None:
        self._index(fetch, where, f"error:{reason}", None, remember=False)
        if known is None:
            # A page archived before keeps its rows; one never archived gets an error row,
            # which its first good fetch replaces.
            self.errors.append(ErrorRow(fetch["final_url"], "fetch", reason, message,
                                        dt.datetime.fromtimestamp(fetch["fetched_at"], dt.timezone.utc)))

    def _index(self, fetch: dict, where: tuple, outcome: str, sha1: str | None, remember: bool) -> None:
        warc, offset, length = where
        self.state.record(Fetch(warc=warc, offset=offset, length=length, outcome=outcome, sha1=sha1, **fetch),
                          remember=remember, pending=_passing(outcome))
        self.outcomes[outcome] += 1


def _passing(outcome: str) -> bool:
    """Whether a fetch outcome is a failure that may pass (so the URL stays pending)."""
    if not outcome.startswith("error:"):
        return False
    reason = outcome.removeprefix("error:")
    if reason.startswith("http_"):
        return reason == "http_408" or reason.startswith("http_5")
    return reason not in _SETTLED


def _phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""


def _header(response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _reason(error: BaseException) -> tuple[str, str]:
    """A short reason and a message for a request that failed without a response."""
    message = str(error) or type(error).__name__
    status = getattr(getattr(error, "response", None), "status", None)  # Scrapy's HttpError (list pages)
    if isinstance(status, int):
        return ("rate_limited" if status == 429 else f"http_{status}"), f"the server answered {status}"
    if "robots.txt" in message or type(error).__name__ == "IgnoreRequest" and "robots" in message.lower():
        return "robots", message
    if message.startswith("offsite"):
        return "offsite", message
    if message.startswith("private_address"):
        return "private_address", message
    if message.startswith("stopped"):
        return "stopped", message
    # Scrapy's messages: "... larger than download max size ..." while downloading, and
    # "... exceeded DOWNLOAD_MAXSIZE (... B) during decompression" for a compressed body
    # that inflates past the limit (its decompressor stops there, the body is never whole).
    if "max size" in message or "maxsize" in message.lower():
        return "too_large", message
    name = type(error).__name__
    if "Timeout" in name or "timed out" in message.lower():
        return "timeout", message
    return name.lower()[:40], message[:500]
