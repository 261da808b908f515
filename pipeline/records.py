"""The typed records of the pipeline's own stages: pages as read, errors, results.

A source yields `RawPage`s; cleaning turns one into an `Article`; extractors turn an
`Article` into rows (those types are theirs: extractors/records.py); `process` returns a
`Processed`; the store writes it, and `ErrorRow`s for what failed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from extractors.records import Article, Extraction


@dataclass(frozen=True)
class RawPage:
    """Bytes of one page as a source found it, before any decoding."""

    uri: str
    data: bytes
    kind: str  # 'html' or 'text': how the content should be read
    fetched_at: dt.datetime | None = None
    content_type: str | None = None
    charset: str | None = None  # transport hint (HTTP header); not trusted blindly
    url: str | None = None  # the page's web address when known (WARC, crawl)


def article_id(raw: RawPage) -> str:
    """Stable id of a page: a hash of its URL, else of its path as given."""
    key = raw.url or raw.uri
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class ErrorRow:
    """A page that could not be processed, and why."""

    uri: str
    stage: str  # read, decode, clean, extract, store
    error: str  # a short machine-readable reason, e.g. 'empty', 'binary', 'no_main_text'
    message: str
    at: dt.datetime


@dataclass
class Processed:
    """What `process` returns for one raw page: an article with its rows, or an error."""

    uri: str
    article: Article | None = None
    extraction: Extraction | None = None
    error: ErrorRow | None = None
    minhash: bytes | None = None  # the body's near-duplicate signature (pipeline.dedup)
    # Errors that did not stop the article (a NER backend failing on it): error rows beside it.
    notes: list[ErrorRow] = field(default_factory=list)
    clean_s: float = 0.0  # seconds spent cleaning, for the run's stage timings
    extract_s: float = 0.0


class PageError(Exception):
    """A page that cannot be processed; becomes an `errors` row, never a crash."""

    def __init__(self, stage: str, error: str, message: str):
        super().__init__(message)
        self.stage = stage
        self.error = error
        self.message = message
