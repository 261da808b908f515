"""Common Chinese words and how often they occur: jieba's dictionary, read once for every rule.

Three rules ask whether a string is an everyday word: a two-character place name
straddling a word is no place (天山南北 is not 山南), a common word after a surname is
no given name (书记全面部署), and a character a scraper lost to '?' is restored only
where it forms a word with a neighbour. They all read this one table.

jieba's dictionary (dict.txt, 349,046 lines) is located without importing jieba and
parsed by one regex scan; what the rules ask is kept in the per-user data cache
(data_cache.py), so later processes load it in milliseconds: the frequency of every
word of one or two characters, and the words of two to four characters that occur at
least `MIN_COMMON` times under a tag other than a name's.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path
from types import MappingProxyType

from extractors import data_cache

# A line of jieba's dictionary: "全面 9321 ad" (word, frequency, part of speech).
_DICT_LINE = re.compile(r"^(\S{1,4}) (\d+) (\S+)$", re.M)
# Part-of-speech tags of names: a person's (nr), a place's (ns), another proper noun's (nz).
NAME_TAGS = ("nr", "ns", "nz")
# Words rarer than this are no evidence that a string is an everyday word (every rule asks for more).
MIN_COMMON = 50


def _dict_file() -> Path:
    # Located without importing jieba, whose import sets up its tokenizer and logging.
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise RuntimeError("jieba is not installed: its dictionary is required")
    return Path(spec.origin).parent / "dict.txt"


def _parse() -> tuple[dict[str, int], dict[str, tuple[int, str]]]:
    short: dict[str, int] = {}
    common: dict[str, tuple[int, str]] = {}
    for word, freq, tag in _DICT_LINE.findall(_dict_file().read_text(encoding="utf-8")):
        count = int(freq)
        if len(word) <= 2:
            short[word] = count  # a word listed twice counts as its last line says, as in jieba
        if len(word) >= 2 and count >= MIN_COMMON and not tag.startswith(NAME_TAGS):
            common[word] = (count, tag)
    return short, common


@functools.lru_cache(maxsize=1)
def _tables() -> tuple[MappingProxyType, MappingProxyType]:
    short, common = data_cache.load("jieba-words", [_dict_file(), Path(__file__)], _parse)
    return MappingProxyType(short), MappingProxyType(common)


def frequency(word: str) -> int:
    """How often jieba's corpus has `word` (one or two characters), 0 when it is not listed."""
    return _tables()[0].get(word, 0)


def frequencies() -> MappingProxyType:
    """Word (one or two characters) -> how often jieba's corpus has it: the table `frequency`
    reads, for loops that look up many words (a lookup without two calls)."""
    return _tables()[0]


def as_word(word: str) -> tuple[int, str]:
    """(frequency, part of speech) of `word` (two to four characters) as a common word other
    than a name, (0, '') when jieba lists it less than `MIN_COMMON` times, only as a name, or not."""
    return _tables()[1].get(word, (0, ""))


def load() -> None:
    """Load the table now (before worker processes fork, so that they share it)."""
    _tables()
