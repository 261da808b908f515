"""The crawl's WARC archive and index, without a network: records, revisits, and recovery after a kill."""

from __future__ import annotations

import datetime as dt
import hashlib

from warcio.archiveiterator import ArchiveIterator

from pipeline.sources import warc
from pipeline.sources.crawl import archive
from pipeline.sources.crawl.state import CrawlState, Fetch

PAGE = '<html><head><meta charset="utf-8"><title>标题</title></head><body><p>正文。</p></body></html>'.encode()
HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip"), ("ETag", '"abc"')]
NOW = dt.datetime(2024, 3, 5, 8, 0, tzinfo=dt.timezone.utc)


def _index(state: CrawlState, url: str, where: tuple, outcome: str) -> None:
    name, offset, length = where
    state.record(Fetch("c1", "demo", url, url, name, offset, length, 200, outcome, hashlib.sha1(PAGE).hexdigest(),
                       None, None, NOW.timestamp()), remember=True)


def test_revisits_are_archived_but_only_responses_are_replayed(tmp_path):
    store = archive.Archive(tmp_path, "demo")
    store.response("http://a.cn/1.html", 200, "OK", HEADERS, PAGE, NOW)
    store.revisit("http://a.cn/1.html", 304, "Not Modified", HEADERS, archive.sha1_digest(hashlib.sha1(PAGE).hexdigest()),
                  "http://a.cn/1.html", NOW, NOW, not_modified=True)
    path = store.close()
    with open(path, "rb") as f:
        records = [(r.rec_type, r.rec_headers.get_header("WARC-Profile")) for r in ArchiveIterator(f)]
    assert [t for t, _ in records] == ["warcinfo", "response", "revisit"]
    assert records[2][1].endswith("server-not-modified")
    pages = list(warc.read(path))
    assert len(pages) == 1 and pages[0].data == PAGE and pages[0].url == "http://a.cn/1.html"


def test_stored_headers_describe_the_stored_body(tmp_path):
    store = archive.Archive(tmp_path, "demo")
    store.response("http://a.cn/1.html", 200, "OK", HEADERS, PAGE, NOW)
    with open(store.close(), "rb") as f:
        record = [r for r in ArchiveIterator(f) if r.rec_type == "response"][0]
        assert record.http_headers.get_header("Content-Encoding") is None  # Scrapy hands on decoded bodies
        assert record.http_headers.get_header("Content-Length") == str(len(PAGE))


def test_a_file_left_open_by_a_killed_crawl_keeps_its_indexed_records(tmp_path):
    state = CrawlState(tmp_path)
    store = archive.Archive(tmp_path / "warc", "demo")
    _index(state, "http://a.cn/1.html", store.response("http://a.cn/1.html", 200, "OK", HEADERS, PAGE, NOW), "new")
    _index(state, "http://a.cn/2.html", store.response("http://a.cn/2.html", 200, "OK", HEADERS, PAGE, NOW), "new")
    store.stream.write(b"\x1f\x8b\x08\x00torn record")  # killed in the middle of a third record
    store.stream.flush()
    recovered = archive.recover(tmp_path / "warc", state, "demo")
    assert recovered == [store.path] and store.path.exists()
    assert not list((tmp_path / "warc").glob("*.open"))
    pages = list(warc.read(store.path))
    assert [p.url for p in pages] == ["http://a.cn/1.html", "http://a.cn/2.html"]


def test_a_file_with_nothing_indexed_is_dropped_on_recovery(tmp_path):
    state = CrawlState(tmp_path)
    store = archive.Archive(tmp_path / "warc", "demo")
    store.response("http://a.cn/1.html", 200, "OK", HEADERS, PAGE, NOW)  # killed before the index row
    assert archive.recover(tmp_path / "warc", state, "demo") == []
    assert not list((tmp_path / "warc").iterdir())


def test_a_redirect_makes_the_old_address_known(tmp_path):
    state = CrawlState(tmp_path)
    state.record(Fetch("c1", "demo", "http://a.cn/old.html", "http://a.cn/new.html", "f.warc.gz", 0, 10, 200, "new",
                       "ab", '"e1"', None, NOW.timestamp()), remember=True)
    known = state.known("http://a.cn/old.html")
    assert known.url == "http://a.cn/new.html" and known.etag == '"e1"'
    assert state.known("http://a.cn/other.html") is None


def test_a_refused_page_stays_pending_under_the_address_asked_until_a_fetch_settles_it(tmp_path):
    state = CrawlState(tmp_path)

    def fetch(outcome: str, status: int | None, pending: bool) -> None:
        state.record(Fetch("c1", "demo", "http://a.cn/old.html", "http://a.cn/new.html", None, None, None, status,
                           outcome, None, None, None, NOW.timestamp()), remember=False, pending=pending)

    fetch("error:blocked", 412, pending=True)
    fetch("error:http_503", 503, pending=True)  # failed again: still once
    assert state.pending("demo") == ["http://a.cn/old.html"] and state.pending("other") == []
    fetch("error:http_404", 404, pending=False)  # an answer: settled
    assert state.pending("demo") == []
