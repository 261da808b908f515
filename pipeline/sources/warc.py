"""WARC archives (warcio): every HTML response record is one page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from pipeline.records import ErrorRow, RawPage


def read(path: Path) -> Iterator[RawPage | ErrorRow]:
    """HTML responses of a .warc or .warc.gz file, with their HTTP charset and date."""
    uri = path.as_posix()
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                ctype = record.http_headers.get_header("Content-Type") or ""
                if "html" not in ctype.lower() and "text/plain" not in ctype.lower():
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                data = record.content_stream().read()
                yield RawPage(
                    uri=url or uri,
                    url=url,
                    data=data,
                    kind="text" if "text/plain" in ctype.lower() else "html",
                    fetched_at=_warc_date(record.rec_headers.get_header("WARC-Date")),
                    content_type=ctype,
                    charset=ctype,
                )
    except (ArchiveLoadFailed, OSError, ValueError, EOFError) as exc:
        yield ErrorRow(uri, "read", "bad_warc", f"WARC could not be read to the end: {exc}", dt.datetime.now(dt.timezone.utc))


def _warc_date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
