"""Files and folders (recursive) of .txt, .html/.htm and WARC, listed lazily."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

from pipeline.records import ErrorRow, RawPage
from pipeline.sources import warc

TEXT = {".txt"}
HTML = {".html", ".htm", ".shtml", ".xhtml"}
WARC = (".warc", ".warc.gz")


def kind_of(path: Path) -> str | None:
    """'text', 'html' or 'warc' by file name; None for files minzu does not read."""
    name = path.name.lower()
    if name.endswith(WARC):
        return "warc"
    if path.suffix.lower() in HTML:
        return "html"
    if path.suffix.lower() in TEXT:
        return "text"
    return None


def list_inputs(inputs: list[str]) -> Iterator[Path]:
    """Input files in a stable order: each argument, folders walked recursively and sorted."""
    for arg in inputs:
        path = Path(arg)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    p = Path(root) / name
                    if kind_of(p):
                        yield p
        else:
            yield path


def read(path: Path, max_bytes: int) -> Iterator[RawPage | ErrorRow]:
    """The pages of one input file, or an error row saying why it cannot be read."""
    uri = path.as_posix()
    kind = kind_of(path)
    now = dt.datetime.now(dt.timezone.utc)
    if kind is None:
        yield ErrorRow(uri, "read", "unsupported", f"not a .txt, .html or .warc file: {path.name}", now)
        return
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield ErrorRow(uri, "read", "unreadable", f"{exc.strerror or exc}", now)
        return
    if kind == "warc":
        yield from warc.read(path)
        return
    if size > max_bytes:
        # Not read into memory at all: the size alone disqualifies it.
        yield ErrorRow(uri, "read", "too_large", f"file is {size:,} bytes, above the limit of {max_bytes:,}", now)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield ErrorRow(uri, "read", "unreadable", f"{exc.strerror or exc}", now)
        return
    fetched = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc)
    yield RawPage(uri=uri, data=data, kind=kind, fetched_at=fetched)
