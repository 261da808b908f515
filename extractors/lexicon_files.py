"""The curated data files in extractors/lexicons/, read the one way they are written:
UTF-8, one entry per line, '#' starting a comment (whole-line or trailing)."""

from __future__ import annotations

from importlib import resources


def entries(name: str) -> list[str]:
    """Non-empty lines of a lexicon file, comments removed."""
    text = resources.files("extractors").joinpath("lexicons", name).read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]
