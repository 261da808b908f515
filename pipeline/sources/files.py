"""Files and folders (recursive) of .txt, .html/.htm and WARC, listed lazily.

Reading never raises: a file that is missing, unreadable, not a regular file, too
large, or whose reader fails in a way nobody foresaw is an `errors` row, and the run
goes on with the next file.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from pipeline.records import ErrorRow, RawPage
from pipeline.settings import Settings
from pipeline.sources import warc

TEXT = {".txt"}
HTML = {".html", ".htm", ".shtml", ".xhtml"}
WARC = (".warc", ".warc.gz")

_DEFAULTS = Settings()


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


def uri_of(path: Path) -> str:
    """The path as a valid Unicode string: bytes of a file name that are not UTF-8 are
    written as \\xNN escapes (Parquet and SQLite hold only valid Unicode)."""
    return os.fsencode(path.as_posix()).decode("utf-8", "backslashreplace")


def list_inputs(inputs: list[str]) -> Iterator[Path]:
    """Input files in a stable order: each argument, folders walked recursively and sorted.

    Symbolic links to folders inside a folder are not followed (no loops); a link to a
    file is read as that file."""
    for arg in inputs:
        path = Path(arg)
        if path.is_dir():
            unlisted: list[OSError] = []  # folders os.walk could not list, in the order met
            for root, dirs, files in os.walk(path, onerror=unlisted.append):
                # A folder that cannot be listed is yielded itself: read() makes it an error row.
                while unlisted:
                    yield Path(unlisted.pop(0).filename)
                dirs.sort()
                for name in sorted(files):
                    p = Path(root) / name
                    if kind_of(p):
                        yield p
            yield from (Path(exc.filename) for exc in unlisted)
        else:
            yield path


def read(path: Path, max_bytes: int = _DEFAULTS.max_page_bytes,
         max_inflation: float = _DEFAULTS.max_inflation) -> Iterator[RawPage | ErrorRow]:
    """The pages of one input file, or error rows saying why they cannot be read."""
    uri = uri_of(path)
    try:
        yield from _read(path, uri, max_bytes, max_inflation)
    except Exception as exc:  # a reader failing in a way nobody foresaw must not end the batch
        yield _error(uri, "unreadable", f"{type(exc).__name__}: {str(exc)[:200]}")


def _read(path: Path, uri: str, max_bytes: int, max_inflation: float) -> Iterator[RawPage | ErrorRow]:
    kind = kind_of(path)
    if path.is_dir():
        # Listed only when it could not be listed itself (os.walk's error); say why.
        try:
            os.listdir(path)
        except OSError as exc:
            yield _error(uri, "unreadable", f"the folder cannot be listed: {exc.strerror or exc}")
        else:
            yield _error(uri, "not_a_file", "a folder, not a file")
        return
    if kind is None:
        yield _error(uri, "unsupported", f"not a .txt, .html or .warc file: {uri_of(Path(path.name))}")
        return
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            yield _error(uri, "missing", "a symbolic link to a file that does not exist")
        else:
            yield _error(uri, "missing", "no such file (it may have been removed after it was listed)")
        return
    except OSError as exc:
        yield _error(uri, "unreadable", exc.strerror or str(exc))
        return
    if not stat.S_ISREG(info.st_mode):
        # A pipe or a device would block the run or never end; a folder named .html is walked
        # only when given as an argument.
        yield _error(uri, "not_a_file", "not a regular file (a folder, a pipe or a device)")
        return
    if kind == "warc":
        yield from warc.read(path, max_bytes, max_inflation, uri=uri)
        return
    if info.st_size > max_bytes:
        # Not read into memory at all: the size alone disqualifies it.
        yield _error(uri, "too_large", f"file is {info.st_size:,} bytes, above the limit of {max_bytes:,}")
        return
    try:
        with path.open("rb") as stream:
            # The file may have grown since it was listed: at most one byte past the limit is read.
            data = stream.read(max_bytes + 1)
    except FileNotFoundError:
        yield _error(uri, "missing", "no such file (it may have been removed after it was listed)")
        return
    except OSError as exc:
        yield _error(uri, "unreadable", exc.strerror or str(exc))
        return
    if len(data) > max_bytes:
        yield _error(uri, "too_large", f"file grew past the limit of {max_bytes:,} bytes while it was read")
        return
    # No fetched_at: a file's mtime says when it was copied, not when the page was fetched, and the
    # same bytes must give the same rows wherever they were copied.
    yield RawPage(uri=uri, data=data, kind=kind)


def _error(uri: str, error: str, message: str) -> ErrorRow:
    return ErrorRow(uri, "read", error, message, dt.datetime.now(dt.timezone.utc))
