"""Where `process` runs: in this process, in a pool of worker processes, or on Dask.

Every executor maps the same `process_page` over a lazy stream of (key, page) pairs and
yields (key, result) pairs, so a caller never pairs results with pages by position. They
come back in input order all the same (the run commits a file as read only after its last
page), and a bounded number of pages is in flight, so memory does not grow with the
corpus. Faults are contained per page:

  * a page that raises becomes an error row (inside `process`);
  * a page that runs past the time limit is interrupted (SIGALRM) and becomes an
    error row; where it cannot be interrupted (C code), the pool kills its worker;
  * a worker that dies is replaced and its pages are retried one by one; a page on
    which a worker dies twice is quarantined as an error row with the reason.
"""

from __future__ import annotations

import collections
import gc
import datetime as dt
import multiprocessing as mp
import signal
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from multiprocessing.connection import wait
from typing import TypeVar

from pipeline.process import process
from pipeline.records import ErrorRow, Processed, RawPage
from pipeline.settings import Settings


K = TypeVar("K")  # what the caller pairs with each page; it never leaves this process


class PageTimeout(BaseException):
    """Raised in a page's processing when it runs past the time limit.

    A BaseException, so that `process`'s catch-all for page errors does not swallow it.
    """


def process_page(page: RawPage, settings: Settings) -> Processed:
    """`process` under the per-page time limit (enforced where signals can be used)."""
    limit = settings.page_timeout_s
    if not limit or threading.current_thread() is not threading.main_thread():
        return process(page, settings)

    def expire(signum, frame):
        raise PageTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        return process(page, settings)
    except PageTimeout:
        return _error(page, "timeout", f"processing ran past the limit of {limit:g} s")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def process_pages(pages: list[RawPage], settings: Settings) -> list[Processed]:
    """`process_page` over a chunk of pages: the unit of work sent to a worker."""
    return [process_page(p, settings) for p in pages]


def _error(page: RawPage, error: str, message: str) -> Processed:
    return Processed(page.uri, error=ErrorRow(page.uri, "process", error, message, dt.datetime.now(dt.timezone.utc)))


def warm_up() -> None:
    """Load the gazetteer, lexicons, dictionaries and HTML extractors that the first page would load."""
    import readability  # noqa: F401  (imported lazily by the HTML cleaner)
    import trafilatura  # noqa: F401
    from extractors import run_all, words
    from pipeline.clean.normalize import to_simplified
    from extractors.records import Article

    to_simplified("體")
    words.load()
    body = "在云南楚雄召开,楚雄州委书记张三出席会议。"
    run_all(Article("warm-up", "warm-up", None, None, None, [], "simplified", False, body, body, "", "", "utf-8", "text"))


class InlineExecutor:
    """One worker: this process."""

    def __init__(self, settings: Settings):
        self.settings = settings

    def map(self, pages: Iterable[tuple[K, RawPage]]) -> Iterator[tuple[K, Processed]]:
        """(key, result) for each (key, page), in input order."""
        for i, (key, page) in enumerate(pages):
            if i == 0:
                # Loaded before the first page, not inside it: its --page-timeout is its own time
                # (a cold start takes over a second); a run with no page to process never pays.
                warm_up()
            yield key, process_page(page, self.settings)

    def close(self) -> None:
        pass


def _worker_loop(conn, settings: Settings) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    while True:
        task = conn.recv()
        if task is None:
            return
        seqs, pages = task
        conn.send((seqs, process_pages(pages, settings)))


class _Worker:
    def __init__(self, ctx, settings: Settings):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_loop, args=(child, settings), daemon=True)
        self.proc.start()
        child.close()
        self.task: list[tuple[int, RawPage, int]] | None = None  # (seq, page, attempts)
        self.deadline = 0.0

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.proc.kill()
        else:
            try:
                self.conn.send(None)
            except (BrokenPipeError, OSError):
                pass
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


class PoolExecutor:
    """N worker processes, each fed chunks of pages; dead or hung workers are replaced."""

    def __init__(self, settings: Settings, workers: int, chunk: int = 16):
        self.settings = settings
        self.chunk = chunk
        # fork shares the lexicons already loaded; spawn where fork is not available.
        self.ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
        if self.ctx.get_start_method() == "fork":
            warm_up()  # loaded once here, shared by every forked worker
            # Keep the collector off the shared lexicons, so workers do not copy their pages.
            gc.freeze()
        self.workers = [_Worker(self.ctx, settings) for _ in range(workers)]

    def close(self) -> None:
        for w in self.workers:
            w.stop()
        self.workers = []

    def map(self, pages: Iterable[tuple[K, RawPage]]) -> Iterator[tuple[K, Processed]]:
        """(key, result) for each (key, page), in input order; keys stay in this process."""
        source = iter(pages)
        keys: dict[int, K] = {}  # by sequence number, until its result is yielded
        pending: collections.deque[tuple[int, RawPage, int]] = collections.deque()
        done: dict[int, Processed] = {}
        next_seq = next_out = 0
        exhausted = False
        window = len(self.workers) * self.chunk * 4  # pages read ahead at most
        per_page = self.settings.page_timeout_s or 0
        while True:
            while not exhausted and next_seq - next_out < window:
                pair = next(source, None)
                if pair is None:
                    exhausted = True
                    break
                keys[next_seq] = pair[0]
                pending.append((next_seq, pair[1], 0))
                next_seq += 1
            for w in self.workers:
                if w.task is None and pending:
                    # A page being retried goes alone, so a second death names it.
                    if pending[0][2] > 0:
                        task = [pending.popleft()]
                    else:
                        task = []
                        while pending and len(task) < self.chunk and pending[0][2] == 0:
                            task.append(pending.popleft())
                    w.task = task
                    # Hard limit: a worker stuck in C code past every page's allowance is killed.
                    w.deadline = time.monotonic() + (len(task) * per_page * 2 + 5 if per_page else 1e12)
                    w.conn.send(([s for s, _, _ in task], [p for _, p, _ in task]))
            while next_out in done:
                yield keys.pop(next_out), done.pop(next_out)
                next_out += 1
            busy = [w for w in self.workers if w.task is not None]
            if not busy:
                if exhausted and not pending:
                    return
                continue
            timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], timeout=min(timeout, 5.0))
            for w in busy:
                if w.conn in ready:
                    try:
                        seqs, results = w.conn.recv()
                    except (EOFError, OSError):
                        self._replace(w, pending, done, "the worker process died")
                        continue
                    done.update(zip(seqs, results))
                    w.task = None
                elif w.proc.sentinel in ready:
                    self._replace(w, pending, done, f"the worker process died (exit code {w.proc.exitcode})")
                elif time.monotonic() > w.deadline:
                    self._replace(w, pending, done, "the worker was killed after running past the time limit", kill=True)
            while next_out in done:
                yield keys.pop(next_out), done.pop(next_out)
                next_out += 1

    def _replace(self, w: _Worker, pending, done, reason: str, kill: bool = False) -> None:
        task, w.task = w.task or [], None
        w.stop(kill=True)
        i = self.workers.index(w)
        self.workers[i] = _Worker(self.ctx, self.settings)
        for seq, page, attempts in reversed(task):
            if attempts >= 1:
                done[seq] = _error(page, "worker_died", f"{reason} twice on this page; quarantined")
            else:
                pending.appendleft((seq, page, attempts + 1))


class DaskExecutor:
    """Chunks of pages mapped onto a Dask `distributed` cluster: a given scheduler, or a LocalCluster."""

    def __init__(self, settings: Settings, workers: int, scheduler: str | None = None, chunk: int = 64):
        import dask
        from distributed import Client, LocalCluster

        # The worker's statistical profiler samples every thread a hundred times a second:
        # measurable on a machine with as many workers as cores, and nothing minzu reads.
        dask.config.set({"distributed.worker.profile.enabled": False})
        self.settings = settings
        self.chunk = chunk
        self.cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                        dashboard_address=None, silence_logs=40)
            self.client = Client(self.cluster)
        self.client.run(warm_up)  # every worker loads the lexicons now, all at once
        # A worker runs pages on one thread and talks on another; a longer switch interval
        # lets the page thread keep the GIL through its work instead of yielding it every 5 ms.
        self.client.run(sys.setswitchinterval, 0.05)
        self.in_flight = max(2, 2 * len(self.client.scheduler_info()["workers"]))

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def map(self, pages: Iterable[tuple[K, RawPage]]) -> Iterator[tuple[K, Processed]]:
        """(key, result) for each (key, page), in input order; keys stay in this process."""
        from distributed import KilledWorker

        source = iter(pages)
        futures: collections.deque = collections.deque()

        def submit() -> bool:
            chunk = [pair for _, pair in zip(range(self.chunk), source)]
            if chunk:
                # Pages go straight to a worker rather than through the scheduler with the task.
                [data] = self.client.scatter([[p for _, p in chunk]], direct=True, hash=False)
                futures.append((chunk, self.client.submit(process_pages, data, self.settings, pure=False)))
            return bool(chunk)

        while len(futures) < self.in_flight and submit():
            pass
        while futures:
            chunk, future = futures.popleft()
            try:
                results = future.result()
            except KilledWorker:
                results = [self._alone(p) for _, p in chunk]
            yield from zip((key for key, _ in chunk), results, strict=True)
            submit()

    def _alone(self, page: RawPage) -> Processed:
        from distributed import KilledWorker

        try:
            return self.client.submit(process_pages, [page], self.settings, pure=False, retries=1).result()[0]
        except KilledWorker:
            return _error(page, "worker_died", "Dask workers died on this page repeatedly; quarantined")


def make_executor(settings: Settings):
    """The executor the settings ask for."""
    if settings.executor == "dask":
        return DaskExecutor(settings, settings.workers, settings.scheduler)
    if settings.executor == "local" and settings.workers > 1:
        return PoolExecutor(settings, settings.workers)
    if settings.executor == "local":
        return InlineExecutor(settings)
    raise ValueError(f"unknown executor {settings.executor!r}")
