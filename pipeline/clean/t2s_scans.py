"""What OpenCC's t2s would change in a text, told without converting it.

OpenCC cuts a text into the keys of its dictionaries (phrases or characters) and replaces
each key found by its value. Once per user, the dictionaries t2s.json names are written out
as text by `opencc_dict`, the tool shipped in the pinned wheel, and reduced to a few sets of
characters (kept in the data cache, extractors/data_cache.py). A text holding none of the
characters every changing key holds one of comes back from t2s unchanged, however it is cut:
most pages are simplified, and the conversion (and detect_script's) is then skipped. Without
the tool nothing is read, `load` gives None, and every text is converted.
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import tempfile
from pathlib import Path
from typing import NamedTuple

import opencc

from extractors import data_cache


class T2sScans(NamedTuple):
    """Scans telling what OpenCC's t2s does to a text without converting it."""

    # The characters every key that t2s changes holds one of, those beyond U+FFFF and lone
    # surrogates (which OpenCC refuses, as it must go on doing): a text without any comes back as it is.
    changing: re.Pattern
    # Han characters (U+3400 to U+9FFF) that t2s changes wherever they stand: each is a change.
    always: re.Pattern
    # For each character of `changing` that t2s changes only inside phrases (沈 of 深沈 -> 深沉):
    # the phrases, as (characters before it, length, the phrases so placed).
    phrases: dict[str, tuple[tuple[int, int, frozenset[str]], ...]]

    def may_change(self, text: str) -> bool:
        """Whether `text` holds a character t2s changes on its own, a lone surrogate, a character
        beyond U+FFFF, or one of the phrases t2s changes that hold none of these (深沈, not the 沈
        of a name)."""
        phrases = self.phrases
        for m in self.changing.finditer(text):
            places = phrases.get(m.group())
            if places is None:  # a character changed on its own (or a surrogate, or beyond U+FFFF)
                return True
            at = m.start()
            for before, size, listed in places:
                if at >= before and text[at - before:at - before + size] in listed:
                    return True
        return False


@functools.lru_cache(maxsize=1)
def load() -> T2sScans | None:
    """The scans, from t2s's dictionaries (read once per user: `_characters`); None when the
    dictionaries cannot be read, and every text is converted."""
    try:
        changing, always, phrases = data_cache.load("t2s-characters", _dictionaries(), _characters)
    except (OSError, ValueError, subprocess.SubprocessError):
        return None
    # Characters beyond U+FFFF are all scanned for, as one range: listed one by one, they would be
    # tried in turn at every character the table of the others does not hold (they are rare).
    listed = re.escape("".join(c for c in changing if c <= "\uffff"))
    return T2sScans(re.compile(f"[{listed}\ud800-\udfff\U00010000-\U0010ffff]"),
                    re.compile(f"[{re.escape(always)}]" if always else "(?!)"),
                    {char: tuple((before, size, frozenset(listed)) for before, size, listed in places)
                     for char, places in phrases.items()})


def _dictionaries() -> list[Path]:
    """The dictionary files t2s's configuration names (its normalisation and conversion chain),
    and the tool that writes them out as text."""
    share = Path(os.path.dirname(opencc.__file__), "clib", "share", "opencc")
    config = json.loads((share / "t2s.json").read_text("utf-8"))
    files = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "file" in node:
                files.append(share / node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(config)
    return [share / "t2s.json", *files, _OPENCC_DICT, Path(__file__)]


# OpenCC's dictionary tool, shipped with the package: it writes a .ocd2 dictionary out as text.
_OPENCC_DICT = Path(os.path.dirname(opencc.__file__), "clib", "bin", "opencc_dict")


def _characters() -> tuple[str, str, dict[str, tuple[tuple[int, int, tuple[str, ...]], ...]]]:
    """What `T2sScans` looks for, each in code point order.

    OpenCC cuts a text into the keys of its dictionaries (phrases or characters) and replaces
    each key found by its value (the first listed). `changing`: characters every key whose value
    differs from it holds one of: each character whose own entry changes it, and for a phrase
    holding none of those (深沈 -> 深沉) its characters that differ from the value's at the same
    place (all of them, where the lengths differ), under which `phrases` lists it. A text holding
    no character changed on its own, nor any of these phrases, has no key that changes, however
    it is cut and whatever its phrases span, so t2s gives it back unchanged. (A phrase such as
    么麼 -> 幺麽 adds nothing: 麼 changes on its own, and the common 么 is not counted.)

    `always`: Han characters whose own entry changes them, that every key holding them changes
    at their place, and that no value holds (so no step of the conversion writes one back); none
    when some value's length differs from its key's, which would shift the places compared."""
    entries: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in _dictionaries():
            if path.suffix != ".ocd2":
                continue
            out = Path(tmp, path.stem + ".txt")
            subprocess.run([str(_OPENCC_DICT), "-i", str(path), "-o", str(out), "-f", "ocd2", "-t", "text"],
                           check=True, capture_output=True, timeout=60)
            for line in out.read_text("utf-8").splitlines():
                key, _, values = line.partition("\t")
                entries.append((key, values.split(" ")[0]))
    changed = [(key, value) for key, value in entries if value != key]
    alone = {key for key, _ in changed if len(key) == 1}
    changing = set(alone)
    placed: dict[str, dict[tuple[int, int], set[str]]] = {}  # phrase-only character -> phrases by place
    for key, value in changed:
        if alone.isdisjoint(key):  # a phrase changed only as a whole (深沈 -> 深沉)
            same_length = len(key) == len(value)
            for at, k in enumerate(key):
                if not same_length or k != value[at]:
                    changing.add(k)
                    placed.setdefault(k, {}).setdefault((at, len(key)), set()).add(key)
    phrases = {char: tuple((at, size, tuple(sorted(keys))) for (at, size), keys in sorted(places.items()))
               for char, places in placed.items()}
    kept = set()  # characters some key keeps at their place, or that some value holds
    for key, value in entries:
        if len(key) != len(value):
            return "".join(sorted(changing)), "", phrases
        kept.update(value)
        kept.update(k for k, v in zip(key, value) if k == v)
    always = {c for c in changing if c not in kept and "\u3400" <= c <= "\u9fff"}
    # (Only characters whose own entry changes them: each is then a key, never left uncut.)
    always &= {key for key, _ in changed if len(key) == 1}
    return "".join(sorted(changing)), "".join(sorted(always)), phrases
