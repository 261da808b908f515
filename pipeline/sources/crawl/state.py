"""What a crawl folder remembers between crawls, in DIR/_crawl.sqlite.

`known`: every article URL fetched with content, keyed on its canonical final URL
(after redirects), with the validators for a conditional request (ETag,
Last-Modified), the content hash, when it was last fetched and when its content was
last archived (what a WARC revisit record refers to).
`sites`: whether a site's last crawl went through to its end (no --max-pages cap,
budget or kill), which is what lets the next one stop paging at known articles.
`aliases`: a URL that redirected, mapped to where it led, so the link is known too.
`pending`: article URLs whose last fetch was refused for now (a challenge page, a 429,
a 5xx or a timeout after every retry): the next crawl asks for them again, even when
its paging stops before the list page that links them.
`fetches`: the archive's index, one row per article fetch: where its WARC record is,
what came back, and what it meant (new, changed, unchanged, not_modified,
robots, offsite, error:… such as error:blocked for a challenge page).
A row of `known` is written only after the page's WARC record is on disk, so a
killed crawl never remembers a page it did not archive.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

CRAWL_STATE = "_crawl.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS known (
    url TEXT PRIMARY KEY, site TEXT NOT NULL, etag TEXT, last_modified TEXT, sha1 TEXT NOT NULL,
    fetched_at REAL NOT NULL, archived_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS sites (site TEXT PRIMARY KEY, complete INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS known_site ON known(site, fetched_at);
CREATE INDEX IF NOT EXISTS known_sha1 ON known(site, sha1);
CREATE TABLE IF NOT EXISTS aliases (url TEXT PRIMARY KEY, final TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS fetches (
    crawl TEXT NOT NULL, site TEXT NOT NULL, url TEXT NOT NULL, final_url TEXT NOT NULL,
    warc TEXT, "offset" INTEGER, length INTEGER, status INTEGER, outcome TEXT NOT NULL,
    sha1 TEXT, etag TEXT, last_modified TEXT, fetched_at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS fetches_warc ON fetches(warc);
CREATE INDEX IF NOT EXISTS fetches_url ON fetches(final_url);
CREATE TABLE IF NOT EXISTS pending (
    url TEXT PRIMARY KEY, site TEXT NOT NULL, reason TEXT NOT NULL, failed_at REAL NOT NULL);
"""


@dataclass(frozen=True)
class Known:
    """A fetched article URL and what a conditional request needs."""

    url: str
    etag: str | None
    last_modified: str | None
    sha1: str
    fetched_at: float
    archived_at: float  # when the content with this sha1 was archived as a response record


@dataclass(frozen=True)
class Fetch:
    """One row of the archive index."""

    crawl: str
    site: str
    url: str  # as requested
    final_url: str  # after redirects: the key of the page
    warc: str | None  # file name under DIR/warc/, None when nothing was archived
    offset: int | None
    length: int | None
    status: int | None  # HTTP status, None when no response came
    outcome: str  # new, changed, unchanged, not_modified, robots, offsite, error:<reason> (blocked, rate_limited, ...)
    sha1: str | None  # of the response body
    etag: str | None
    last_modified: str | None
    fetched_at: float  # seconds since the epoch


class CrawlState:
    """The re-crawl state of one output folder (used from the crawl's one thread)."""

    def __init__(self, root: Path):
        self.db = sqlite3.connect(Path(root) / CRAWL_STATE)
        self.db.executescript(_SCHEMA)

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    def resolve(self, url: str) -> str:
        """The final URL a link led to last time (itself when it never redirected)."""
        row = self.db.execute("SELECT final FROM aliases WHERE url=?", (url,)).fetchone()
        return row[0] if row else url

    def known(self, url: str) -> Known | None:
        """What is remembered of an article URL (or of where it redirected)."""
        row = self.db.execute("SELECT url, etag, last_modified, sha1, fetched_at, archived_at FROM known WHERE url=?",
                              (self.resolve(url),)).fetchone()
        return Known(*row) if row else None

    def last_outcome(self, url: str) -> str | None:
        """The outcome of the latest fetch of a URL (robots, offsite, error:…), if any."""
        row = self.db.execute("SELECT outcome FROM fetches WHERE final_url=? ORDER BY rowid DESC LIMIT 1",
                              (self.resolve(url),)).fetchone()
        return row[0] if row else None

    def due(self, site: str, before: float) -> list[Known]:
        """Known articles of a site last fetched before `before` (epoch seconds), oldest first."""
        rows = self.db.execute("SELECT url, etag, last_modified, sha1, fetched_at, archived_at FROM known "
                               "WHERE site=? AND fetched_at<=? ORDER BY fetched_at, url", (site, before))
        return [Known(*row) for row in rows]

    def complete(self, site: str) -> bool:
        """Whether the site's last crawl went through to its end."""
        row = self.db.execute("SELECT complete FROM sites WHERE site=?", (site,)).fetchone()
        return bool(row and row[0])

    def set_complete(self, site: str, complete: bool) -> None:
        """Record whether the site's current crawl went (or is known to go) through to its end."""
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO sites(site, complete) VALUES (?, ?)", (site, int(complete)))

    def record(self, fetch: Fetch, remember: bool, pending: bool = False) -> None:
        """Add a fetch to the index; `remember` updates what is known of its final URL; `pending`
        keeps its URLs pending (a failure that may pass), else they are settled."""
        with self.db:
            # Pending under the URL asked for (one request next time, even if it redirected);
            # settled under both.
            self._set_pending(fetch.site, [fetch.url, fetch.final_url], None, fetch.fetched_at)
            if pending:
                self._set_pending(fetch.site, [fetch.url], fetch.outcome, fetch.fetched_at)
            self.db.execute("INSERT INTO fetches VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", (
                fetch.crawl, fetch.site, fetch.url, fetch.final_url, fetch.warc, fetch.offset, fetch.length,
                fetch.status, fetch.outcome, fetch.sha1, fetch.etag, fetch.last_modified, fetch.fetched_at))
            if fetch.url != fetch.final_url:
                self.db.execute("INSERT OR REPLACE INTO aliases(url, final) VALUES (?, ?)", (fetch.url, fetch.final_url))
            if remember:
                old = self.known(fetch.final_url)
                archived = fetch.outcome in ("new", "changed") or old is None
                self.db.execute(
                    "INSERT OR REPLACE INTO known(url, site, etag, last_modified, sha1, fetched_at, archived_at) "
                    "VALUES (?,?,?,?,?,?,?)",
                    (fetch.final_url, fetch.site,
                     fetch.etag if fetch.etag is not None else (old.etag if old else None),
                     fetch.last_modified if fetch.last_modified is not None else (old.last_modified if old else None),
                     fetch.sha1 or (old.sha1 if old else ""), fetch.fetched_at,
                     fetch.fetched_at if archived else old.archived_at))

    def _set_pending(self, site: str, urls: list[str], reason: str | None, at: float) -> None:
        """Remember article URLs as pending, for `reason`, or forget them (reason None); in the
        caller's transaction."""
        if reason is None:
            self.db.executemany("DELETE FROM pending WHERE url=?", [(u,) for u in urls])
        else:
            self.db.executemany("INSERT INTO pending(url, site, reason, failed_at) VALUES (?,?,?,?)",
                                [(u, site, reason, at) for u in urls])

    def pending(self, site: str) -> list[str]:
        """The pending article URLs of a site, in the order they last failed."""
        return [row[0] for row in self.db.execute("SELECT url FROM pending WHERE site=? ORDER BY failed_at, url", (site,))]

    def archived_end(self, warc: str) -> int:
        """Where the last indexed record of a WARC file ends (0 when none is indexed)."""
        row = self.db.execute('SELECT MAX("offset" + length) FROM fetches WHERE warc=?', (warc,)).fetchone()
        return row[0] or 0

    def fetches(self) -> list[Fetch]:
        """The whole index, in fetch order."""
        return [Fetch(*row) for row in self.db.execute("SELECT * FROM fetches ORDER BY rowid")]
