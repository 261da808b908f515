"""Common Chinese words and how often they occur: jieba's dictionary, read once for every rule.

Three rules ask whether a string is an everyday word: a two-character place name
straddling a word is no place (天山南北 is not 山南), a common word after a surname is
no given name (书记全面部署), and a character a scraper lost to '?' is restored only
where it forms a word with a neighbour. They all read this one table.

jieba's dictionary (dict.txt, 349,046 lines) is located without importing jieba and
parsed by one regex scan, about a quarter of a second; the words of two to four
characters are then kept in a per-user cache (as jieba keeps its own prefix table),
so later processes load them in a few milliseconds. The cache is keyed by the
dictionary's size and modification time, written atomically, and skipped when the
cache folder is not writable.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import pickle
import re
import tempfile
from pathlib import Path
from types import MappingProxyType

# A line of jieba's dictionary for a word of two to four characters: "全面 9321 ad".
_DICT_LINE = re.compile(r"^(\S{2,4}) (\d+) (\S+)$", re.M)
# Part-of-speech tags of names: a person's (nr), a place's (ns), another proper noun's (nz).
NAME_TAGS = ("nr", "ns", "nz")
_CACHE_FORMAT = 1


def _dict_file() -> Path:
    # Located without importing jieba, whose import sets up its tokenizer and logging.
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise RuntimeError("jieba is not installed: its dictionary is required")
    return Path(spec.origin).parent / "dict.txt"


def _cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "minzu"


def _parse(path: Path) -> tuple[dict[str, int], dict[str, tuple[int, str]]]:
    counts: dict[str, int] = {}
    not_names: dict[str, tuple[int, str]] = {}
    for word, freq, tag in _DICT_LINE.findall(path.read_text(encoding="utf-8")):
        counts[word] = int(freq)  # a word listed twice counts as its last line says, as in jieba
        if not tag.startswith(NAME_TAGS):
            not_names[word] = (int(freq), tag)
    return counts, not_names


@functools.lru_cache(maxsize=1)
def _tables() -> tuple[MappingProxyType, MappingProxyType]:
    path = _dict_file()
    stat = path.stat()
    cache = _cache_dir() / f"jieba-words-{_CACHE_FORMAT}-{stat.st_size}-{stat.st_mtime_ns}.pickle"
    try:
        with open(cache, "rb") as f:
            counts, not_names = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError):
        counts, not_names = _parse(path)
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("wb", dir=cache.parent, delete=False) as tmp:
                pickle.dump((counts, not_names), tmp, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp.name, cache)  # atomic: a worker loading it never sees half a file
        except OSError:
            pass  # a read-only home: parse again next time
    return MappingProxyType(counts), MappingProxyType(not_names)


def frequency(word: str) -> int:
    """How often jieba's corpus has `word` (two to four characters), 0 when it is not listed."""
    return _tables()[0].get(word, 0)


def as_word(word: str) -> tuple[int, str]:
    """(frequency, part of speech) of `word` as a word other than a name, (0, '') when jieba
    lists it only as a name, or not at all."""
    return _tables()[1].get(word, (0, ""))


def load() -> None:
    """Load the table now (before worker processes fork, so that they share it)."""
    _tables()
