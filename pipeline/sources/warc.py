"""WARC archives (warcio): every HTML or plain-text response record is one page, unless its
HTTP status is not 2xx or it is a challenge or block page (`crawl.challenge`): what a
site said instead of the page is kept in the archive, not read as the page.

A WARC is read as a stream of bounded cost (`bounded.BoundedStream`): a record larger
than a page may be is an `errors` row and reading goes on; a file cut short, corrupt,
or inflating like a compression bomb ends in one `errors` row for the file, after the
pages read before the fault. No exception leaves `read`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed

from pipeline.records import ErrorRow, RawPage
from pipeline.settings import Settings
from pipeline.sources.bounded import BoundedStream, InputCorrupt, InputTooLarge, InputTruncated
from pipeline.sources.crawl import challenge

_DEFAULTS = Settings()
# The longest line read where a WARC or HTTP header line is expected. Real header lines
# are well under a kilobyte (a long URL); a reader looking for the end of a longer one
# would otherwise hold all of it, a gigabyte of zeros included.
MAX_HEADER_LINE = 1024 * 1024


def read(path: Path, max_bytes: int = _DEFAULTS.max_page_bytes, max_inflation: float = _DEFAULTS.max_inflation,
         uri: str | None = None) -> Iterator[RawPage | ErrorRow]:
    """HTML and text responses of a .warc or .warc.gz file, with their HTTP charset and date;
    an error row for each record too large to be a page and for a file that cannot be read
    to its end (the pages before the fault are kept)."""
    uri = uri or path.as_posix()
    try:
        raw = path.open("rb")
    except OSError as exc:
        yield _error(uri, "unreadable", exc.strerror or str(exc))
        return
    with raw:
        yield from _records(raw, uri, max_bytes, max_inflation)


def _records(raw, uri: str, max_bytes: int, max_inflation: float) -> Iterator[RawPage | ErrorRow]:
    records = 0
    where = "its first record"  # what was being read when a fault struck, for the message
    stream: BoundedStream | None = None
    try:
        stream = BoundedStream(raw, max_inflation=max_inflation, allowance=max_bytes)
        iterator = iter(_Archive(stream))
        while (record := _quiet(next, iterator, None)) is not None:
            if records == 0 and record.format != "warc":
                # warcio reads old ARC files too, and takes many a text for one.
                raise ArchiveLoadFailed("it does not begin with a WARC/1.x record header")
            records += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"record {records} ({url or 'no WARC-Target-URI'})"
            page = _quiet(_page, record, url, uri, max_bytes, stream)
            if page is not None:
                yield page
            where = f"the record after record {records}"
        if records == 0:
            yield _error(uri, "empty", "the file holds no WARC record")
    except InputTooLarge as exc:
        yield _error(uri, "too_large", f"{exc} (in {where})")
    except (InputTruncated, _CutRecord) as exc:
        yield _error(uri, "truncated", f"{where} is cut short: {exc}")
    except InputCorrupt as exc:
        yield _error(uri, "bad_warc", f"{where} cannot be read: {exc}")
    except ArchiveLoadFailed as exc:
        if records == 0:
            yield _error(uri, "not_warc", f"not a WARC file: {_first_line(exc)}")
        else:
            yield _error(uri, "bad_warc", f"{where} is not a WARC record (a wrong Content-Length before it?): "
                                          f"{_first_line(exc)}")
    except OSError as exc:
        yield _error(uri, "unreadable", f"{exc.strerror or exc} (in {where})")
    except Exception as exc:  # warcio failing on malformed headers must not end the batch
        failure = f"{type(exc).__name__}: {_first_line(exc)}"
        if _cut_short(stream):
            # Headers cut off mid-record fail in many ways; the cut is the reason to give.
            yield _error(uri, "truncated", f"{where} is cut short and could not be parsed ({failure})")
        else:
            yield _error(uri, "bad_warc", f"{where} is malformed and could not be parsed ({failure})")


class _LineBoundedReader(DecompressingBufferedReader):
    """warcio's reader with every line cut at `MAX_HEADER_LINE`: a longer one is refused."""

    def readline(self, length=None):
        """A line of at most `MAX_HEADER_LINE` bytes; InputTooLarge when there is more of it."""
        limit = MAX_HEADER_LINE + 1 if length is None else min(length, MAX_HEADER_LINE + 1)
        # warcio's readline(length) may stop short of both the length and a line break, so
        # it is called until it gives one or the other.
        parts: list[bytes] = []
        got = 0
        while got < limit:
            piece = super().readline(limit - got)
            if not piece:
                break
            parts.append(piece)
            got += len(piece)
            if piece.endswith(b"\n"):
                break
        line = b"".join(parts)
        if len(line) > MAX_HEADER_LINE:
            raise InputTooLarge(f"holds a line of more than {MAX_HEADER_LINE:,} bytes where a WARC or HTTP "
                                f"header line belongs")
        return line


class _Archive(ArchiveIterator):
    """warcio's iterator over an already inflated stream, reading lines of bounded length."""

    def __init__(self, stream: BoundedStream):
        super().__init__(stream)
        # Replaced before the first read: the stream is inflated already, and lines are bounded.
        self.reader = _LineBoundedReader(self.fh, decomp_type=None)


class _CutRecord(Exception):
    """A record whose content ends before its Content-Length does."""


def _page(record, url: str | None, uri: str, max_bytes: int, stream: BoundedStream) -> RawPage | ErrorRow | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    ctype = record.http_headers.get_header("Content-Type") or ""
    if "html" not in ctype.lower() and "text/plain" not in ctype.lower():
        return None
    # An error page, a redirect or a challenge is what the site said, not the page: skipped, so
    # the latest capture of the page itself is what a replay keeps.
    status = record.http_headers.get_statuscode() or ""
    if status.isdigit() and not 200 <= int(status) < 300:
        return None
    # One byte more than a page may hold says it is too large without holding any more of it.
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        return _error(url or uri, "too_large", f"the record's content is more than {max_bytes:,} bytes, "
                                               f"above the page limit")
    if stream.eof and record.raw_stream.limit > 0:
        raise _CutRecord(f"the file ends {record.raw_stream.limit:,} bytes before its Content-Length")
    if status.isdigit() and challenge.blocked(int(status), ctype, data):
        return None
    return RawPage(
        uri=url or uri,
        url=url,
        data=data,
        kind="text" if "text/plain" in ctype.lower() else "html",
        fetched_at=_warc_date(record.rec_headers.get_header("WARC-Date")),
        content_type=ctype,
        charset=ctype,
    )


def _cut_short(stream: BoundedStream | None) -> bool:
    """Whether the stream's gzip data ends mid-member within a page's worth of bytes from here."""
    if stream is None or not stream.gzip:
        return False
    start = stream.inflated
    try:
        while stream.read() and stream.inflated - start <= stream.allowance:
            pass
    except InputTruncated:
        return True
    except (InputTooLarge, InputCorrupt, OSError):
        return False
    return False


def _error(uri: str, error: str, message: str) -> ErrorRow:
    return ErrorRow(uri, "read", error, message, dt.datetime.now(dt.timezone.utc))


def _first_line(exc: Exception) -> str:
    """warcio's message without the file content it may quote at length."""
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


def _quiet(call, *args):
    """`call(*args)` with stderr silenced: warcio writes its warnings there (a Content-Length
    that looks wrong), quoting the offending line at any length; the fault they announce
    reaches the errors table instead. Never held across a `yield`, so nothing else is muted."""
    with contextlib.redirect_stderr(_Discard()):
        return call(*args)


class _Discard:
    """A stderr that forgets what it is given."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


def _warc_date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
