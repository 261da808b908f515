"""A batch run: inputs listed lazily, unchanged ones skipped, the rest processed by an
executor and committed to the dataset in batches.

What is skipped: an input file read to the end before with the same size, mtime and
pipeline version is not opened; inside an opened file, a page whose bytes and
pipeline version are stored is not processed again. A changed page is processed
and its stored rows are replaced in the same commit. `Settings.rebuild` skips
nothing. Files are marked as read only in the commit that holds their last page, so
a killed run is resumed exactly where its last commit ended.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import queue as queue_mod
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.dedup import Clusterer
from pipeline.records import ErrorRow, Processed, RawPage, article_id
from pipeline.settings import Settings
from pipeline.sources.files import list_inputs, read, uri_of
from pipeline.storage.dataset import ROW_TABLES, Batch, Dataset
from pipeline.storage.state import InputState, PageState


@dataclass
class Summary:
    """What a run did."""

    pages: int = 0  # pages read from inputs
    processed: int = 0
    skipped: int = 0  # unchanged pages, not processed again
    skipped_files: int = 0  # unchanged input files, not even opened
    files_read: int = 0  # input files read to their end without a fault (pages in them or not)
    articles: int = 0
    rows: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    clean_s: float = 0.0  # summed over pages, wherever they ran
    extract_s: float = 0.0


@dataclass
class _Item:
    """In input order: a page to process, a read error, or the end of an input file."""

    page: RawPage | None = None
    sha1: str = ""
    stored: PageState | None = None  # what the dataset holds for this page already
    error: ErrorRow | None = None
    input_done: InputState | None = None
    repeat: bool = False  # a later capture of a page read earlier in this run
    # The read errors and ends of files met since the previous page: recorded just before this
    # page, so a file is marked as read in the commit that holds its last page, never earlier.
    before: list[_Item] = field(default_factory=list)


# Read errors of a file that may read fine next time: its input is not marked as read.
_TRANSIENT = {"missing", "unreadable"}
# Error messages are for people: a message quoting a whole page (a 4 GB line of a
# compression bomb, once) is cut to this many characters.
_MAX_MESSAGE = 500


def _items(inputs: list[str], dataset: Dataset, settings: Settings, summary: Summary) -> Iterator[_Item]:
    seen: dict[str, str] = {}  # uri -> sha1 of the page's bytes read last in this run
    for path in list_inputs(inputs):
        uri = uri_of(path)
        try:
            stat = path.stat()
        except OSError:
            stat = None  # read() says why, in an error row
        if stat is not None and not settings.rebuild and dataset.state.input_unchanged(
                uri, stat.st_size, stat.st_mtime_ns, settings.pipeline_version):
            summary.skipped_files += 1
            continue
        transient = stat is None
        failed = False  # the file itself (not one of its records) could not be read to its end
        for got in read(path, settings.max_page_bytes, settings.max_inflation):
            if isinstance(got, ErrorRow):
                failed = failed or got.uri == uri
                # A file that could not be opened (removed, no permission) is tried again next run.
                transient = transient or (got.uri == uri and got.error in _TRANSIENT)
                yield _Item(error=got, stored=dataset.state.page(got.uri))
                continue
            summary.pages += 1
            sha1 = hashlib.sha1(got.data).hexdigest()
            if got.uri in seen:
                # The same page twice in one run: a file named twice is read once, and of two
                # captures of a URL in WARC archives (listed oldest first) the later one wins.
                if seen[got.uri] != sha1:
                    earlier = PageState(got.uri, article_id(got), seen[got.uri], settings.pipeline_version, "article")
                    seen[got.uri] = sha1
                    yield _Item(page=got, sha1=sha1, stored=earlier, repeat=True)
                continue
            seen[got.uri] = sha1
            stored = dataset.state.page(got.uri)
            if (not settings.rebuild and stored is not None and stored.input_sha1 == sha1
                    and stored.pipeline_version == settings.pipeline_version):
                summary.skipped += 1
                continue
            yield _Item(page=got, sha1=sha1, stored=stored)
        summary.files_read += not failed
        if not transient:
            yield _Item(input_done=InputState(uri, stat.st_size, stat.st_mtime_ns, settings.pipeline_version))


def run(inputs: list[str], out: Path, settings: Settings, progress: Callable[[int], None] | None = None) -> Summary:
    """Process `inputs` into the dataset at `out`; returns what was done."""
    started = time.perf_counter()
    summary = Summary()
    dataset = Dataset(out)
    if settings.rebuild:
        dataset.state.forget_inputs()
    after_last_page: list[_Item] = []

    def pages() -> Iterator[tuple[_Item, RawPage]]:
        waiting: list[_Item] = []
        for item in _items(inputs, dataset, settings, summary):
            if item.page is None:
                waiting.append(item)
                continue
            item.before, waiting = waiting, []
            yield item, item.page
        after_last_page.extend(waiting)

    batch = Batch()
    clusters = Clusterer(dataset.state, settings.dup_threshold) if settings.dup_threshold is not None else None
    committer = _Committer(dataset, clusters)
    executor = None
    try:
        # The executor (a pool, a cluster) is started only once there is a page to process.
        source = pages()
        first = next(source, None)
        results: Iterator[tuple[_Item, Processed]] = iter(())
        if first is not None:
            # Imported here: a re-run that finds nothing changed never loads the cleaners.
            from pipeline.executors import make_executor

            executor = make_executor(settings)
            results = executor.map(itertools.chain([first], source))
        for item, result in results:
            for earlier in item.before:
                _record(earlier, None, batch, settings, summary, clusters)
            if item.repeat and any(p.uri == item.page.uri for p in batch.change.pages):
                # The earlier capture must be committed before this one can replace it.
                committer.commit(batch)
                batch = Batch()
            _record(item, result, batch, settings, summary, clusters)
            if progress:
                progress(1)
            if len(batch.change.pages) >= settings.batch_articles:
                committer.commit(batch)
                batch = Batch()
        for item in after_last_page:
            _record(item, None, batch, settings, summary, clusters)
        committer.commit(batch)
        committer.finish()
    finally:
        committer.stop()
        if executor is not None:
            executor.close()
        dataset.close()
    summary.seconds = time.perf_counter() - started
    return summary


def record_errors(out: Path, errors: list[ErrorRow], settings: Settings) -> None:
    """Store error rows of pages that could not be read at all (a failed fetch), replacing
    earlier error rows of the same pages; a stored article is never replaced by one."""
    dataset = Dataset(out)
    try:
        batch = Batch()
        for error in errors:
            stored = dataset.state.page(error.uri)
            if stored is None or stored.status == "error":
                _record(_Item(error=error, stored=stored), None, batch, settings, Summary(), None)
        dataset.commit(batch)
    finally:
        dataset.close()


class _Committer:
    """Commits batches on a thread of its own, one at a time and in order, so workers
    keep being fed while a batch is written. At most one batch waits behind the one
    being written, which bounds memory."""

    def __init__(self, dataset: Dataset, clusters: Clusterer | None):
        self.dataset = dataset
        self.clusters = clusters
        self.queue: queue_mod.Queue[Batch | None] = queue_mod.Queue(maxsize=1)
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._loop, name="minzu-committer", daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        while (batch := self.queue.get()) is not None:
            if self.failure is None:
                try:
                    self.dataset.commit(batch)
                    if self.clusters is not None:
                        self.clusters.committed(batch.change.signatures)
                except BaseException as exc:  # re-raised in the run's thread
                    self.failure = exc

    def commit(self, batch: Batch) -> None:
        self._check()
        self.queue.put(batch)

    def finish(self) -> None:
        """Wait for every batch to be committed; raise what a commit raised."""
        self.queue.put(None)
        self.thread.join()
        self._check()

    def stop(self) -> None:
        if self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()

    def _check(self) -> None:
        if self.failure is not None:
            raise self.failure


def _record(item: _Item, result: Processed | None, batch: Batch, settings: Settings, summary: Summary,
            clusters: Clusterer | None) -> None:
    version = settings.pipeline_version
    if item.input_done is not None:
        batch.change.inputs.append(item.input_done)
        return
    if item.stored is not None:
        batch.replaced.append(item.stored)
        batch.change.dropped_signatures.append(item.stored.article_id)
    error = item.error if result is None else result.error
    uri = item.error.uri if item.error else item.page.uri
    if error is not None:
        error = _short(error)
        batch.add_error(error, version)
        summary.errors[f"{error.stage}/{error.error}"] += 1
        aid = item.stored.article_id if item.stored else article_id(RawPage(uri=uri, data=b"", kind="text"))
        batch.change.pages.append(PageState(uri, aid, item.sha1, version, "error"))
    else:
        if clusters is not None:
            result.article.dup_cluster, signature = clusters.assign(result.article.article_id, result.minhash)
            if signature is not None:
                batch.change.signatures.append(signature)
        batch.add(result.article, result.extraction, version)
        for note in result.notes:
            note = _short(note)
            batch.add_error(note, version)
            summary.errors[f"{note.stage}/{note.error}"] += 1
        summary.articles += 1
        for table in ROW_TABLES:
            summary.rows[table] += len(getattr(result.extraction, table))
        batch.change.pages.append(PageState(uri, result.article.article_id, item.sha1, version, "article"))
    if result is not None:
        summary.processed += 1
        summary.clean_s += result.clean_s
        summary.extract_s += result.extract_s


def _short(error: ErrorRow) -> ErrorRow:
    """The error with its message cut to `_MAX_MESSAGE` characters."""
    if len(error.message) <= _MAX_MESSAGE:
        return error
    return dataclasses.replace(error, message=error.message[:_MAX_MESSAGE - 1] + "…")

