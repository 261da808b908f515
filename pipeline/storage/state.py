"""What a dataset already holds: the incremental state, in SQLite beside the tables.

Four facts are kept: which pages were processed from which bytes by which pipeline
version (so unchanged pages are skipped and changed ones replaced), which input
files were read to the end unchanged (so a re-run does not even open them), and
which part files hold rows of which page (so replacing a page rewrites only those),
and each article's MinHash signature with its LSH band keys and duplicate cluster
(so a repost is linked to a story stored by an earlier run).
The state changes only through `apply`, called with the record of a committed
batch; applying the same record twice changes nothing.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.dedup import Signature

STATE_FILE = "_state.sqlite"  # '_' prefix: pyarrow, pandas and globbing readers ignore it

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    uri TEXT PRIMARY KEY, article_id TEXT NOT NULL, input_sha1 TEXT NOT NULL,
    pipeline_version TEXT NOT NULL, status TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS inputs (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, pipeline_version TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS part_keys (path TEXT NOT NULL, key TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS part_keys_key ON part_keys(key);
CREATE INDEX IF NOT EXISTS part_keys_path ON part_keys(path);
CREATE TABLE IF NOT EXISTS signatures (article_id TEXT PRIMARY KEY, cluster TEXT NOT NULL, sig BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS signature_bands (key INTEGER NOT NULL, article_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS signature_bands_key ON signature_bands(key);
CREATE INDEX IF NOT EXISTS signature_bands_article ON signature_bands(article_id);
"""


@dataclass(frozen=True)
class PageState:
    uri: str
    article_id: str
    input_sha1: str
    pipeline_version: str
    status: str  # 'article' or 'error'


@dataclass(frozen=True)
class InputState:
    path: str
    size: int
    mtime_ns: int
    pipeline_version: str


@dataclass
class StateChange:
    """The state updates of one committed batch; serialisable into its journal."""

    pages: list[PageState] = field(default_factory=list)
    inputs: list[InputState] = field(default_factory=list)
    part_keys: list[tuple[str, str]] = field(default_factory=list)  # (part path, page key) added
    dropped_parts: list[str] = field(default_factory=list)  # part paths no longer in the dataset
    moved_keys: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (old part, new part, keys kept)
    signatures: list[Signature] = field(default_factory=list)  # of the batch's articles
    dropped_signatures: list[str] = field(default_factory=list)  # article ids no longer articles

    def to_json(self) -> dict:
        return {
            "pages": [p.__dict__ for p in self.pages],
            "inputs": [i.__dict__ for i in self.inputs],
            "part_keys": self.part_keys,
            "dropped_parts": self.dropped_parts,
            "moved_keys": self.moved_keys,
            "signatures": [[s.article_id, s.cluster, s.sig.hex(), list(s.bands)] for s in self.signatures],
            "dropped_signatures": self.dropped_signatures,
        }

    @classmethod
    def from_json(cls, data: dict) -> "StateChange":
        return cls(
            pages=[PageState(**p) for p in data["pages"]],
            inputs=[InputState(**i) for i in data["inputs"]],
            part_keys=[tuple(x) for x in data["part_keys"]],
            dropped_parts=list(data["dropped_parts"]),
            moved_keys=[(a, b, list(k)) for a, b, k in data["moved_keys"]],
            signatures=[Signature(a, c, bytes.fromhex(h), tuple(b)) for a, c, h, b in data.get("signatures", [])],
            dropped_signatures=list(data.get("dropped_signatures", [])),
        )


class State:
    """The incremental state of one output folder."""

    def __init__(self, root: Path):
        # Read by the run's main thread, written by its committer thread: one connection,
        # serialised by a lock.
        self.db = sqlite3.connect(root / STATE_FILE, check_same_thread=False)
        self.lock = threading.RLock()
        self.db.executescript(_SCHEMA)

    def close(self) -> None:
        self.db.close()

    def page(self, uri: str) -> PageState | None:
        """What is stored for a page, if anything."""
        with self.lock:
            row = self.db.execute("SELECT uri, article_id, input_sha1, pipeline_version, status FROM pages WHERE uri=?",
                                  (uri,)).fetchone()
        return PageState(*row) if row else None

    def input_unchanged(self, path: str, size: int, mtime_ns: int, version: str) -> bool:
        """Whether an input file was read to the end before, with this size, mtime and version."""
        with self.lock:
            row = self.db.execute("SELECT size, mtime_ns, pipeline_version FROM inputs WHERE path=?", (path,)).fetchone()
        return row == (size, mtime_ns, version)

    def parts_holding(self, keys: list[str]) -> dict[str, set[str]]:
        """Part paths holding rows of these page keys -> the keys each holds."""
        out: dict[str, set[str]] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            marks = ",".join("?" * len(chunk))
            with self.lock:
                found = self.db.execute(f"SELECT path, key FROM part_keys WHERE key IN ({marks})", chunk).fetchall()
            for path, key in found:
                out.setdefault(path, set()).add(key)
        return out

    def keys_in(self, path: str) -> list[str]:
        """Page keys with rows in one part."""
        with self.lock:
            return [k for (k,) in self.db.execute("SELECT key FROM part_keys WHERE path=?", (path,))]

    def signatures_sharing(self, keys: tuple[int, ...], limit: int) -> list[tuple[str, tuple[str, bytes]]]:
        """Stored articles sharing an LSH band key, those sharing most first, at most `limit`:
        (article_id, (cluster, signature))."""
        marks = ",".join("?" * len(keys))
        with self.lock:
            return [(a, (c, s)) for a, c, s in self.db.execute(
                "SELECT s.article_id, s.cluster, s.sig FROM signatures s JOIN "
                f"(SELECT article_id, COUNT(*) AS shared FROM signature_bands WHERE key IN ({marks}) "
                "GROUP BY article_id ORDER BY shared DESC, article_id LIMIT ?) b USING (article_id)",
                (*keys, limit))]

    def apply(self, change: StateChange) -> None:
        """Record a committed batch (idempotent)."""
        with self.lock, self.db:
            for old, new, kept in change.moved_keys:
                self.db.execute("DELETE FROM part_keys WHERE path=?", (old,))
                self.db.execute("DELETE FROM part_keys WHERE path=?", (new,))
                self.db.executemany("INSERT INTO part_keys(path, key) VALUES (?, ?)", [(new, k) for k in kept])
            for path in change.dropped_parts:
                self.db.execute("DELETE FROM part_keys WHERE path=?", (path,))
            added_paths = {p for p, _ in change.part_keys}
            for path in added_paths:
                self.db.execute("DELETE FROM part_keys WHERE path=?", (path,))
            self.db.executemany("INSERT INTO part_keys(path, key) VALUES (?, ?)", change.part_keys)
            self.db.executemany(
                "INSERT OR REPLACE INTO pages(uri, article_id, input_sha1, pipeline_version, status) VALUES (?,?,?,?,?)",
                [(p.uri, p.article_id, p.input_sha1, p.pipeline_version, p.status) for p in change.pages])
            self.db.executemany(
                "INSERT OR REPLACE INTO inputs(path, size, mtime_ns, pipeline_version) VALUES (?,?,?,?)",
                [(i.path, i.size, i.mtime_ns, i.pipeline_version) for i in change.inputs])
            gone = change.dropped_signatures + [s.article_id for s in change.signatures]
            self.db.executemany("DELETE FROM signatures WHERE article_id=?", [(a,) for a in gone])
            self.db.executemany("DELETE FROM signature_bands WHERE article_id=?", [(a,) for a in gone])
            self.db.executemany("INSERT INTO signatures(article_id, cluster, sig) VALUES (?,?,?)",
                                [(s.article_id, s.cluster, s.sig) for s in change.signatures])
            self.db.executemany("INSERT INTO signature_bands(key, article_id) VALUES (?,?)",
                                [(k, s.article_id) for s in change.signatures for k in s.bands])

    def forget_inputs(self) -> None:
        """Make every input file be opened again (for --rebuild)."""
        with self.lock, self.db:
            self.db.execute("DELETE FROM inputs")
