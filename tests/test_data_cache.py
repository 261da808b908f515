"""Tables derived from installed packages' data are parsed once per user, never read stale."""

from __future__ import annotations

import os

from extractors import data_cache


def _counting_build(calls: list[int], value):
    def build():
        calls.append(1)
        return value
    return build


def test_a_table_is_built_once_and_read_from_the_cache_after(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    source = tmp_path / "dict.txt"
    source.write_text("全面 9321 ad\n", encoding="utf-8")
    calls: list[int] = []
    first = data_cache.load("words", [source], _counting_build(calls, {"全面": 9321}))
    again = data_cache.load("words", [source], _counting_build(calls, {"全面": 0}))
    assert first == again == {"全面": 9321} and len(calls) == 1


def test_a_changed_source_makes_a_new_table_not_a_stale_read(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    source = tmp_path / "dict.txt"
    source.write_text("全面 9321 ad\n", encoding="utf-8")
    data_cache.load("words", [source], lambda: ("old",))
    source.write_text("全面 9321 ad\n各位 120 r\n", encoding="utf-8")
    os.utime(source, ns=(1, 1))  # a package upgrade changes size or time; here both
    assert data_cache.load("words", [source], lambda: ("new",)) == ("new",)


def test_an_unwritable_cache_folder_only_means_parsing_again(tmp_path, monkeypatch):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    source = tmp_path / "dict.txt"
    source.write_text("x", encoding="utf-8")
    assert data_cache.load("words", [source], lambda: {"a": 1}) == {"a": 1}


def test_a_damaged_cache_file_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    source = tmp_path / "dict.txt"
    source.write_text("x", encoding="utf-8")
    data_cache.load("words", [source], lambda: {"a": 1})
    [cached] = (tmp_path / "cache" / "minzu").glob("words-*.marshal")
    cached.write_bytes(b"\x00garbage")
    assert data_cache.load("words", [source], lambda: {"a": 2}) == {"a": 2}
