"""The crawl's WARC archive: every article response of a crawl in one gzip WARC file.

A page fetched with content is a `response` record; a page that came back 304, or
with the bytes already archived, is a `revisit` record (WARC 1.1 profiles
server-not-modified and identical-payload-digest) that points at the earlier
capture, so the archive shows every fetch and `minzu run DIR/warc/` replays only
content. Scrapy hands on bodies already decompressed, so the stored HTTP headers
drop Content-Encoding and carry the true Content-Length.

A file is written as `NAME.warc.gz.open` and renamed when the crawl closes it; a
leftover `.open` file (a killed crawl) is cut after its last indexed record and
renamed by `recover`, so its complete records are kept and replayed.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import os
import uuid
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline import __version__
from pipeline.sources.crawl.state import CrawlState

OPEN = ".open"
# Hop-by-hop and encoding headers that no longer describe the stored body.
_DROPPED_HEADERS = {"content-encoding", "content-length", "transfer-encoding", "connection", "keep-alive"}


def _http_headers(status: int, reason: str, headers: list[tuple[str, str]], length: int | None) -> StatusAndHeaders:
    kept = [(k, v) for k, v in headers if k.lower() not in _DROPPED_HEADERS]
    if length is not None:
        kept.append(("Content-Length", str(length)))
    return StatusAndHeaders(f"{status} {reason}".strip(), kept, protocol="HTTP/1.1")


def sha1_digest(sha1_hex: str) -> str:
    """A WARC payload digest (sha1, base32, as warcio writes it) from a hex sha1."""
    return "sha1:" + base64.b32encode(bytes.fromhex(sha1_hex)).decode("ascii")


class Archive:
    """One crawl's WARC file, opened on its first record."""

    def __init__(self, folder: Path, site: str):
        self.folder = Path(folder)
        # UTC time to the microsecond: file names sort in crawl order, which replays rely on.
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%f")
        self.name = f"{site}-{stamp}-{uuid.uuid4().hex[:6]}.warc.gz"
        self.stream: io.BufferedWriter | None = None
        self.writer: WARCWriter | None = None

    @property
    def path(self) -> Path:
        """Where the file will be once closed."""
        return self.folder / self.name

    def _open(self) -> WARCWriter:
        if self.writer is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.stream = open(self.folder / (self.name + OPEN), "wb")
            self.writer = WARCWriter(self.stream, gzip=True, warc_version="1.1")
            info = self.writer.create_warcinfo_record(self.name, {"software": f"minzu/{__version__} (Scrapy)",
                                                                  "format": "WARC File Format 1.1"})
            self.writer.write_record(info)
        return self.writer

    def _write(self, record) -> tuple[str, int, int]:
        writer = self._open()
        offset = self.stream.tell()
        writer.write_record(record)
        # The index may point only at records that are on disk, even after a power cut.
        self.stream.flush()
        os.fsync(self.stream.fileno())
        return self.name, offset, self.stream.tell() - offset

    def response(self, url: str, status: int, reason: str, headers: list[tuple[str, str]], body: bytes,
                 fetched_at: dt.datetime) -> tuple[str, int, int]:
        """Archive a response with content; returns (file name, offset, length)."""
        writer = self._open()
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), length=len(body),
            http_headers=_http_headers(status, reason, headers, len(body)),
            warc_headers_dict={"WARC-Date": _warc_date(fetched_at)})
        return self._write(record)

    def revisit(self, url: str, status: int, reason: str, headers: list[tuple[str, str]], digest: str,
                refers_to: str, refers_date: dt.datetime | None, fetched_at: dt.datetime,
                not_modified: bool) -> tuple[str, int, int]:
        """Archive a fetch that brought nothing new: a 304, or bytes already archived."""
        writer = self._open()
        profile = ("http://netpreserve.org/warc/1.1/revisit/server-not-modified" if not_modified
                   else "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest")
        record = writer.create_revisit_record(
            url, digest, refers_to, _warc_date(refers_date) if refers_date else None,
            http_headers=_http_headers(status, reason, headers, None),
            warc_headers_dict={"WARC-Date": _warc_date(fetched_at)})
        record.rec_headers.replace_header("WARC-Profile", profile)  # warcio sets its own; one profile only
        return self._write(record)

    def close(self) -> Path | None:
        """Finish the file under its final name; None when the crawl archived nothing."""
        if self.stream is None:
            return None
        self.stream.close()
        os.replace(self.folder / (self.name + OPEN), self.path)
        return self.path


def recover(folder: Path, state: CrawlState, site: str) -> list[Path]:
    """Finish the WARC files a killed crawl of `site` left open: keep their indexed records,
    drop a torn tail."""
    done = []
    for leftover in sorted(Path(folder).glob(f"{site}-*.warc.gz{OPEN}")):
        name = leftover.name[: -len(OPEN)]
        end = state.archived_end(name)
        if end == 0:
            leftover.unlink()  # nothing in it was indexed: no page depends on it
            continue
        size = leftover.stat().st_size
        if size < end:
            raise OSError(f"{leftover} ends at byte {size:,} but its index runs to {end:,}: the archive was "
                          "damaged (a disk fault?); move the file aside to go on")
        with open(leftover, "r+b") as f:
            f.truncate(end)
        final = leftover.with_name(name)
        os.replace(leftover, final)
        done.append(final)
    return done


def _warc_date(at: dt.datetime) -> str:
    return at.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
