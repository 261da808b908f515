"""Executors contain faults per page and agree with each other."""

from __future__ import annotations

import os
import signal
import time

import pytest
from conftest import LAST, LEAD, MIDDLE

import pipeline.executors as executors
from pipeline.executors import InlineExecutor, PoolExecutor
from pipeline.records import RawPage
from pipeline.settings import Settings


def page(name: str) -> RawPage:
    text = f"全州开会\n来源:测试日报 发布日期:2023-10-13\n{LEAD}\n{MIDDLE}\n{LAST}\n"
    return RawPage(uri=f"{name}.txt", data=text.encode(), kind="text")


@pytest.fixture
def misbehaving(monkeypatch):
    """`process` as workers see it (they are forked after this patch): some pages misbehave."""
    real = executors.process

    def process(raw, settings):
        if raw.uri.startswith("killer"):
            os._exit(3)  # the worker process dies
        if raw.uri.startswith("slow"):
            time.sleep(30)  # interruptible: the soft limit stops it
        if raw.uri.startswith("stuck"):
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # deaf to the soft limit
            time.sleep(60)
        return real(raw, settings)

    monkeypatch.setattr(executors, "process", process)


def pairs(pages):
    """What a run hands an executor: each page with its key (here, its name)."""
    return [(p.uri.removesuffix(".txt"), p) for p in pages]


def outcome(results):
    got = []
    for key, r in results:
        assert r.uri == f"{key}.txt"  # every result comes back with its own page's key
        got.append((r.uri, r.error.error if r.error else "ok"))
    return got


def test_a_page_that_kills_its_worker_twice_is_quarantined_and_the_rest_go_on(misbehaving):
    pool = PoolExecutor(Settings(page_timeout_s=5), workers=2, chunk=3)
    try:
        pages = [page("a"), page("killer"), page("b"), page("c"), page("d")]
        got = outcome(pool.map(pairs(pages)))
    finally:
        pool.close()
    assert got == [("a.txt", "ok"), ("killer.txt", "worker_died"), ("b.txt", "ok"), ("c.txt", "ok"), ("d.txt", "ok")]


@pytest.fixture
def warm():
    """This process with its lexicons, dictionaries and HTML extractors loaded, as a pool's workers
    start: loading them cold takes longer than the tests' time limit, which is about a page
    that hangs, not about the first page's start-up cost."""
    executors.warm_up()
    assert executors.process(page("warm"), Settings()).error is None


def test_a_page_past_the_time_limit_becomes_an_error_in_process(warm, misbehaving):
    # The slow page sleeps 30 s: only the time limit can end it within the test.
    got = outcome(InlineExecutor(Settings(page_timeout_s=0.5)).map(pairs([page("slow"), page("a")])))
    assert got == [("slow.txt", "timeout"), ("a.txt", "ok")]


def test_a_worker_deaf_to_the_time_limit_is_killed_and_its_page_quarantined(misbehaving):
    pool = PoolExecutor(Settings(page_timeout_s=0.5), workers=2, chunk=2)
    try:
        got = outcome(pool.map(pairs([page("stuck"), page("a"), page("b")])))
    finally:
        pool.close()
    assert got == [("stuck.txt", "worker_died"), ("a.txt", "ok"), ("b.txt", "ok")]


def test_results_come_back_in_input_order_from_a_pool():
    pages = [page(f"p{i:03d}") for i in range(40)]
    pool = PoolExecutor(Settings(), workers=2, chunk=3)
    try:
        assert [(k, r.uri) for k, r in pool.map(pairs(pages))] == [(p.uri[:-4], p.uri) for p in pages]
    finally:
        pool.close()
