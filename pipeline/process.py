"""RawPage -> Article -> rows: the one function every executor maps.

Pure with respect to its input: the same page and settings always give the same
article and rows (bar `processed_at`, stamped by the store), whether it runs
in-process, in a pool or on a cluster.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time

from extractors import run_all
from extractors.records import Article
from pipeline import dedup
from pipeline.clean import html as html_clean
from pipeline.clean import metadata
from pipeline.clean.decode import decode
from pipeline.clean.normalize import detect_script
from pipeline.clean.text import segment, to_lines
from pipeline.records import ErrorRow, PageError, Processed, RawPage, article_id
from pipeline.settings import Settings

_LOOKS_HTML = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta)", re.I | re.S)


def clean(raw: RawPage, settings: Settings) -> Article:
    """Decode, extract the main text and metadata, normalise: one clean article or PageError."""
    if len(raw.data) > settings.max_page_bytes:
        raise PageError("read", "too_large", f"page is {len(raw.data):,} bytes, above the limit of {settings.max_page_bytes:,}")
    is_html = raw.kind == "html" or bool(_LOOKS_HTML.match(raw.data[:2048]))
    rule = settings.site_rule(raw.url)
    # A site's configured encoding outranks what its server declares.
    decoded = decode(raw.data, (rule and rule.encoding) or raw.charset, is_html=is_html)
    page = None
    if is_html:
        page = html_clean.extract(decoded.text, raw.url, rule)
        seg, extractor = page.segmented, page.extractor
    else:
        seg, extractor = segment(to_lines(decoded.text)), "text"
        if seg is None:
            raise PageError("clean", "no_main_text", "no line of the text reads like article prose")
    fetched = raw.fetched_at.date() if raw.fetched_at else None
    meta = metadata.extract(seg, page, raw.url or raw.uri, fetched=fetched)
    body = "\n".join(line.simp for line in seg.body)
    body_original = "\n".join(line.orig for line in seg.body)
    return Article(
        article_id=article_id(raw),
        uri=raw.uri,
        url=raw.url,
        title=meta.title,
        published=meta.published,
        source=meta.source,
        bylines=meta.bylines,
        script=detect_script(body_original),
        truncated=seg.truncated,
        body=body,
        body_original=body_original,
        content_sha1=hashlib.sha1(body.encode("utf-8")).hexdigest(),
        input_sha1=hashlib.sha1(raw.data).hexdigest(),
        encoding=decoded.encoding,
        extractor=extractor,
    )


def process(raw: RawPage, settings: Settings) -> Processed:
    """Clean one page and run the extractors; any failure becomes an error record."""
    started = time.perf_counter()
    try:
        article = clean(raw, settings)
    except PageError as exc:
        return Processed(raw.uri, error=ErrorRow(raw.uri, exc.stage, exc.error, exc.message, _now()))
    except Exception as exc:  # a bug or a library failure on one page must not stop the batch
        return Processed(raw.uri, error=ErrorRow(raw.uri, "clean", type(exc).__name__, str(exc)[:500], _now()))
    minhash = dedup.signature(article.body) if settings.dup_threshold is not None else None
    cleaned = time.perf_counter()
    try:
        recognise = None
        if settings.ner:
            from pipeline.ner import load

            recognise = load(settings.ner, settings.ner_allow_download)
        extraction = run_all(article, settings.extractors, recognise)
    except Exception as exc:
        return Processed(raw.uri, error=ErrorRow(raw.uri, "extract", type(exc).__name__, str(exc)[:500], _now()))
    notes = [ErrorRow(raw.uri, "ner", "ner_failed", extraction.ner_error, _now())] if extraction.ner_error else []
    return Processed(raw.uri, article=article, extraction=extraction, minhash=minhash, notes=notes,
                     clean_s=cleaned - started, extract_s=time.perf_counter() - cleaned)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)
