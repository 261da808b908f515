"""The one settings object: every knob of a run, with its default, in one place."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline import __version__


@dataclass(frozen=True)
class Settings:
    # Pages larger than this are refused (a 50 MB "page" is a dump or an attack, not an article).
    max_page_bytes: int = 20 * 1024 * 1024
    # Extractors to run, by registered name; None means all registered ones.
    extractors: tuple[str, ...] | None = None
    pipeline_version: str = __version__
