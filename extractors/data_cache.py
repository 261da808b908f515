"""A per-user cache of tables derived from installed packages' data, so start-up stays short.

The gazetteer (jionlp's 700,000-line division list) and the word table (jieba's
349,046-line dictionary) take a quarter of a second each to parse, in every process
that starts. Parsed once, they are kept in `~/.cache/minzu` (or `$XDG_CACHE_HOME/minzu`)
as marshal files, which load in milliseconds and, unlike pickle, cannot run code.

A cache file is named after what it was built from: the size and modification time of
each source file and of the module that builds it, so a new package version or a change
of the building code makes a new file, never a stale read. Files are written atomically
(a parallel worker never reads half of one), and a folder that cannot be written only
means parsing again next time. Nothing is downloaded: every source is an installed file.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cache_dir() -> Path:
    """Where the derived tables are kept."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "minzu"


def _key(sources: list[Path]) -> str:
    stamp = "|".join(f"{p.resolve()}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in sources)
    return hashlib.sha1(stamp.encode("utf-8")).hexdigest()[:16]


def load(name: str, sources: list[Path], build: Callable[[], T]) -> T:
    """`build()`'s value (tuples, dicts, strings and numbers only), from the cache when it holds
    one built from these very `sources`, else built now and stored for the next process."""
    path = cache_dir() / f"{name}-{_key(sources)}.marshal"
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass
    value = build()
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=f".{name}-", delete=False) as tmp:
            tmp.write(marshal.dumps(value))
        os.replace(tmp.name, path)
    except OSError:  # a read-only home or a full disk: parsed again next time
        if tmp is not None:
            Path(tmp.name).unlink(missing_ok=True)
    return value
