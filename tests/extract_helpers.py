"""Build an analysed article from one sentence, for extractor tests."""

from __future__ import annotations

import datetime as dt

from extractors.analysis import Analysis, analyse
from extractors.records import Article, Byline


def analysed(body: str, published: dt.date | None = None, source: str | None = None, title: str | None = None,
             bylines: tuple[Byline, ...] = ()) -> Analysis:
    """An Analysis of an article whose body is `body`."""
    return analyse(Article(
        article_id="t", uri="t.txt", title=title, published=published, source=source, bylines=list(bylines),
        script="simplified", truncated=False, body=body, body_original=body, content_sha1="", input_sha1="",
        encoding="utf-8", extractor="text",
    ))
