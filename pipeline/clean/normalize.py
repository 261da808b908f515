"""Text normalisation: pinyin annotations, Unicode width, whitespace, script conversion.

Scraped pages sometimes carry pinyin after characters (`網(wǎng)`, or toneless on
mirror sites: `本(ben)报`), inserted by sites as reading aids or SEO; where the scraper lost a character it leaves `?`
followed by the reading (`日?bào)訊` for 日報訊). Both are removed before anything
else reads the text; a lost character is restored from its reading when exactly
one reading forms a dictionary word with its neighbours.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import numpy as np
import opencc

from extractors import data_cache, words
from extractors.patterns import starting
from pipeline.clean import t2s_scans

# Lower-case pinyin syllables, at least one vowel carrying a tone mark: wǎng, qǐng, bào.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ"
_SYLLABLE = rf"[a-zü{_TONED}]*[{_TONED}][a-zü{_TONED}]*"
# 網(wǎng) -> 網: an annotation in parentheses right after a Han character.
# (Both scans are told their first character, a space or a bracket: extractors/patterns.py.)
_ANNOTATION = starting(r"\s(（", rf"(?<=[\u3400-\u9fff])\s?[(（]{_SYLLABLE}[)）]")
# 本(ben)报, 日(ri)前(qian), 示范(fan)区, 旅(lv)游, 会(hui4)议: a toneless (or tone-numbered) reading in
# parentheses after a Han character. Removed only where it is a reading of that character
# (pypinyin's dictionary), so 组织(UNESCO)、(A类)项目 and 13省(区、市) stay.
_TONELESS = starting(r"\s(（", r"(?<=([\u3400-\u9fff]))\s?[(（]([A-Za-züÜ]{1,6}[1-5]?)[)）]")
# 日?qǐng)?bào)訊: one lost character, left as '?' plus its reading(s) and a closing paren
# (?qǐng)?bào): the readings in a row). Written X(?:X)* rather than (?:X)+, the same matches, so
# that the pattern opens with its first character ([?？]) and the scan skips to it.
_LOST = re.compile(rf"[?？]{_SYLLABLE}[)）](?:[?？]{_SYLLABLE}[)）])*")
_LOST_READING = re.compile(_SYLLABLE)


def _after_either(firsts: str, rest: str) -> tuple[re.Pattern, ...]:
    """`[firsts]rest` as one scan per first character: a pattern opening with one literal
    character is searched for that character alone, several times faster than one opening with
    a set (the scans above are told a set of first characters, which they try at every place)."""
    return tuple(re.compile(re.escape(first) + rest) for first in firsts)


# What every match of each scan above holds (so a text without it is not scanned, and most pages
# have none): (wǎng) for an annotation, (ben) for a toneless reading, ?bào) for a lost character;
# and a bracket opening letters, (w or (b, what both annotations hold, tested first.
_BRACKETED_LETTERS = _after_either("(（", f"[A-Za-züÜ{_TONED}]")
_HOLDS_ANNOTATION = _after_either("(（", rf"{_SYLLABLE}[)）]")
_HOLDS_TONELESS = _after_either("(（", r"[A-Za-züÜ]{1,6}[1-5]?[)）]")
_HOLDS_LOST = _after_either("?？", rf"{_SYLLABLE}[)）]")


def _found(scans: tuple[re.Pattern, ...], text: str) -> bool:
    """Whether any of `scans` matches in `text`."""
    for scan in scans:  # (a loop: any() over a generator costs more than the scans it skips)
        if scan.search(text):
            return True
    return False


_INVISIBLE = re.compile(r"[\u200b-\u200f\u2028\u2029\u2060\ufeff\u00ad]")
# Runs of spaces, each made one ' '. NFKC leaves only ' ' and the tab of these (it makes the
# others ' '), which `_collapse_spaces` relies on.
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# What is not a Han character. (Picking the Han characters out of an array of UTF-16 units with
# numpy takes a third of the time alone, but more than the regex inside the pipeline, where
# numpy's code is cold after the extractors.)
_NOT_HAN = re.compile(r"[^\u3400-\u9fff]+")


@functools.lru_cache(maxsize=None)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Traditional to simplified with OpenCC's t2s (characters and phrases)."""
    scans = t2s_scans.load()
    if scans is not None and not scans.may_change(text):
        return text  # nothing t2s could change: the usual simplified text, given back after one scan
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    """Simplified to traditional (the form a lost character is restored in, in a traditional
    text: see `_lost_characters`)."""
    return _converter("s2t").convert(text)


def detect_script(text: str) -> str:
    """'traditional' when t2s changes a noticeable share of the Han characters, else 'simplified'."""
    scans = t2s_scans.load()
    if scans is not None:
        if not scans.changing.search(text):
            return "simplified"  # no character t2s could change (to_simplified's scan), without picking the Han
        # Characters t2s changes wherever they stand, each a change: with enough of them among
        # the text's characters (as many as its Han characters or more), enough among the Han.
        sure = len(scans.always.findall(text))
        if sure >= 3 and sure / len(text) >= 0.01:
            return "traditional"
    han = _NOT_HAN.sub("", text)  # the Han characters, in one pass
    converted = to_simplified(han)
    if converted == han:  # the usual case, simplified text, is told without comparing characters
        return "simplified"
    # Characters that differ at the same place (over the shorter of the two), compared as arrays
    # of code points rather than one by one in Python.
    n = min(len(han), len(converted))
    changed = int(np.count_nonzero(_code_points(han[:n]) != _code_points(converted[:n])))
    return "traditional" if changed >= 3 and changed / len(han) >= 0.01 else "simplified"


def _code_points(text: str) -> np.ndarray:
    """The code points of `text` (lone surrogates included), as an array."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def strip_pinyin(text: str) -> str:
    """Remove pinyin annotations and restore characters the scraper lost to '?'."""
    if _found(_BRACKETED_LETTERS, text):
        if _found(_HOLDS_ANNOTATION, text):
            text = _ANNOTATION.sub("", text)
        if _found(_HOLDS_TONELESS, text):
            text = _TONELESS.sub(_drop_reading, text)
    if ("?" in text or "？" in text) and _found(_HOLDS_LOST, text):
        script = functools.cache(lambda: detect_script(text))  # the text's, told once for all its losses
        text = _LOST.sub(lambda m: _restore_lost(m, script), text)
    return text


def _drop_reading(m: re.Match) -> str:
    """'' when the bracketed letters are a reading of the character before them, else the match."""
    letters = m.group(2).lower().rstrip("12345").replace("ü", "v")
    return "" if letters in readings(m.group(1)) else m.group(0)


@functools.lru_cache(maxsize=4096)
def readings(char: str) -> frozenset[str]:
    """Toneless pinyin readings of one character, ü written v (绿 -> {'lv', 'lu'}), from pypinyin."""
    listed = _readings_table().get(char)
    return frozenset(listed.split(",")) if listed else frozenset()


@functools.lru_cache(maxsize=1)
def _readings_table() -> dict[str, str]:
    """Every character pypinyin reads -> its toneless readings, joined by commas. Importing
    pypinyin and loading its dictionaries takes a fifth of a second, in every process whose
    pages carry pinyin, so the table is made once per user, by asking pypinyin about each
    character, and kept in the data cache (extractors/data_cache.py); a process then loads it
    in milliseconds (strings load fastest: sets are made only for the characters asked about)."""
    folder = os.path.dirname(importlib.util.find_spec("pypinyin").origin)
    sources = [Path(folder, name) for name in ("__init__.py", "pinyin_dict.json", "phrases_dict.json")]
    return data_cache.load("pinyin-readings", sources + [Path(__file__)], _ask_pypinyin)


def _ask_pypinyin() -> dict[str, str]:
    """pypinyin's readings of every character its dictionaries list (what `readings` looks up)."""
    from pypinyin import Style, pinyin
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

    chars = {chr(code) for code in PINYIN_DICT} | {phrase for phrase in PHRASES_DICT if len(phrase) == 1}
    table = {}
    for char in sorted(chars):
        found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
        listed = sorted({r.replace("ü", "v") for group in found for r in group})
        if listed:
            table[char] = ",".join(listed)
    return table


def _restore_lost(m: re.Match, script: Callable[[], str]) -> str:
    s = m.string
    before = s[m.start() - 1] if m.start() > 0 else ""
    after = s[m.end()] if m.end() < len(s) else ""
    readings = _LOST_READING.findall(m.group(0))
    char = _best_char(before, after, tuple(readings))
    if not char:
        return ""
    # The text's script decides the form restored; where the text is too short to tell
    # (a headline, one line), a neighbour written in traditional (訊 in 日?bào)訊) does.
    traditional = script() == "traditional" or any(c != to_simplified(c) for c in before + after)
    return _lost_characters().traditional.get(char, char) if traditional else char


def _best_char(before: str, after: str, readings: tuple[str, ...]) -> str:
    """The one character, among those read as `readings`, that forms a word with a neighbour."""
    prev, nxt = to_simplified(before), to_simplified(after)
    scored = []
    frequency, chars_by_reading = words.frequency, _lost_characters().by_reading  # (looked up once, not per candidate)
    for reading in readings:
        for char in chars_by_reading.get(reading, ()):
            score = max(frequency(prev + char), frequency(char + nxt))
            if score:
                scored.append((score, char))
    if not scored:
        return ""
    scored.sort(reverse=True)
    # Only a clear winner is restored; otherwise the character stays lost.
    if len(scored) > 1 and scored[1][0] * 5 > scored[0][0]:
        return ""
    return scored[0][1]


class _LostCharacters(NamedTuple):
    """What restoring a lost character reads: the candidates of each reading, and the
    traditional form of each candidate for traditional texts."""

    by_reading: dict[str, tuple[str, ...]]  # pinyin reading -> characters (jionlp's dictionary)
    traditional: dict[str, str]  # a candidate -> its form by OpenCC's s2t, where that differs


@functools.lru_cache(maxsize=1)
def _lost_characters() -> _LostCharacters:
    """The tables, made once per user and kept in the data cache: parsing jionlp's character
    dictionary and loading OpenCC's s2t dictionaries took a tenth of a second in every process
    whose pages had lost characters."""
    # Located without importing jionlp, whose import prints a banner and loads models.
    spec = importlib.util.find_spec("jionlp")
    path = Path(os.path.dirname(spec.origin), "dictionary", "chinese_char_dictionary.zip")
    s2t = Path(os.path.dirname(opencc.__file__))
    sources = [path, s2t / "__init__.py", *sorted(s2t.glob("clib/share/opencc/ST*.ocd2")), Path(__file__)]
    return _LostCharacters(*data_cache.load("lost-characters", sources, lambda: _build_lost_characters(path)))


def _build_lost_characters(path: Path) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    table: dict[str, list[str]] = {}
    with zipfile.ZipFile(path) as z:
        for line in z.read(z.namelist()[0]).decode("utf-8").splitlines():
            char, _, rest = line.partition("\t")
            for reading in re.findall(r"\[([^\]]+)\]", rest):
                table.setdefault(reading, []).append(char)
    chars = {char for listed in table.values() for char in listed}
    traditional = {char: form for char in sorted(chars) if (form := to_traditional(char)) != char}
    return {k: tuple(v) for k, v in table.items()}, traditional


# Runs of CJK unified ideographs and the CJK punctuation between them (。、“”《》「」【】〔〕):
# NFKC leaves each as it is, and none composes with a neighbour. (Not ，：；（）, which NFKC
# folds to ASCII, nor 〈〉, the canonical forms of U+2329 and U+232A.)
_IDEOGRAPHS = re.compile(r"([\u4e00-\u9fff。、“”‘’《》「」『』【】〔〕]+)")


def nfkc(text: str) -> str:
    """`unicodedata.normalize("NFKC", text)`, in a tenth of its time on Chinese text.

    NFKC is the canonical composition of the compatibility decomposition (NFKD), which
    decomposes each character on its own; replacing a character by its decomposition first
    therefore changes no result. Where that decomposition is one character (ＡＢ１，：（ to
    ASCII, the ideographic space to ' ': all a Chinese page usually needs) it is looked up in
    a table, for the whole text at once; if what is left is already NFKC, as it nearly always
    is, that is the result, else the text is normalised (`_nfkc_between_ideographs`)."""
    folded = _folded_if_nfkc(text)
    return _nfkc_between_ideographs(text) if folded is None else folded


def _folded_if_nfkc(text: str) -> str | None:
    """The NFKC of `text` when replacing each character by its one-character decomposition
    (`_single_decompositions`) gives it, else None. A text holding an invisible character or one
    beyond U+FFFF always gives None, so a text given back holds neither."""
    units = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
    folded = _single_decompositions().take(units).tobytes().decode("utf-16-le")
    return folded if unicodedata.is_normalized("NFKC", folded) else None


# What the table gives a UTF-16 unit whose text is to go the general way: a surrogate (half of a
# character beyond the Basic Multilingual Plane, or a lone one), which it does not cover, and an
# invisible character, so that a text it gives back needs no scan for them. ﬁ, which NFKC makes
# "fi": a text holding it is never taken for NFKC.
_NOT_NFKC = 0xFB01


# The blocks holding every character whose decomposition is one character, and the invisible ones
# (tests/test_normalize.py checks it): not the CJK ideographs and Hangul syllables between them,
# two thirds of the plane.
_DECOMPOSING_BLOCKS = ((0x0000, 0x3400), (0xA000, 0xAC00), (0xF900, 0x10000))


@functools.lru_cache(maxsize=1)
def _single_decompositions() -> np.ndarray:
    """Each character of the Basic Multilingual Plane mapped to its compatibility decomposition
    (NFKD) where that is a single character, else to itself, as a table of UTF-16 units;
    surrogates and the invisible characters (none of which is another's decomposition) are
    mapped to `_NOT_NFKC`. (A character left out would cost only speed: its texts would go the
    general way.)"""
    table = np.arange(0x10000, dtype=np.uint16)
    for first, end in _DECOMPOSING_BLOCKS:
        block = "".join(map(chr, range(first, end)))
        for code, char in enumerate(block, first):
            decomposed = unicodedata.normalize("NFKD", char)
            if len(decomposed) == 1 and decomposed <= "\uffff":
                table[code] = ord(decomposed)
        table[[ord(char) for char in _INVISIBLE.findall(block)]] = _NOT_NFKC
    table[0xD800:0xE000] = _NOT_NFKC
    return table


def _nfkc_between_ideographs(text: str) -> str:
    """`unicodedata.normalize("NFKC", text)`, computed only between the runs of CJK ideographs
    and punctuation, which it leaves unchanged: half the time on Chinese text (NFKC looks up every character)."""
    parts = _IDEOGRAPHS.split(text)
    parts[::2] = [unicodedata.normalize("NFKC", part) for part in parts[::2]]
    return "".join(parts)


def normalize_line(line: str) -> str:
    """NFKC (full-width to ASCII punctuation and digits), invisible characters out, spaces collapsed."""
    line = unicodedata.normalize("NFKC", line)
    line = _INVISIBLE.sub("", line)
    return _SPACES.sub(" ", line).strip()


def normalize_lines(texts: list[str]) -> list[str]:
    """`normalize_line` of each text, with NFKC and the invisible characters done in one call
    for all of them (a call costs more than a short text's characters: a page's link texts)."""
    joined = _SEPARATOR.join(texts)
    if joined.count(_SEPARATOR) != max(len(texts) - 1, 0):  # a text holding the separator itself
        return [normalize_line(text) for text in texts]
    return _normalized(joined, _SEPARATOR) if texts else []


# Joins texts normalised together: NUL, which NFKC keeps and no text of a page contains.
_SEPARATOR = "\x00"


def normalize_text(text: str) -> list[str]:
    """Normalised, non-empty lines of `text`, pinyin removed: `normalize_line` of each line."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return list(filter(None, _normalized(strip_pinyin(text), "\n")))  # (filter: the empty ones out)


def _normalized(whole: str, separator: str) -> list[str]:
    """`normalize_line` of each piece of `whole` between separators. NFKC and the invisible
    characters, and the runs of spaces, are done on the whole in one call each (none of them maps
    anything to or from a line break or NUL, nor composes or runs across one)."""
    visible = _folded_if_nfkc(whole)  # (which holds no invisible character)
    if visible is None:
        visible = _INVISIBLE.sub("", _nfkc_between_ideographs(whole))
    return list(map(str.strip, _collapse_spaces(visible).split(separator)))


def _collapse_spaces(text: str) -> str:
    """`_SPACES.sub(" ", text)` for a text whose only spaces are ' ' and tabs, as after NFKC: with
    str.replace, which runs in C, instead of a regex replacing each single ' ' by itself (a
    hundred on a page). Each pass halves every run of spaces; a run of 16 takes four."""
    text = text.replace("\t", " ")
    while "  " in text:
        text = text.replace("  ", " ")
    return text


def simplified_lines(lines: list[str]) -> list[str]:
    """`to_simplified` of each line, in one OpenCC call for all of them (a call costs more than
    a line's characters); OpenCC's phrases never contain a line break, so none spans two lines."""
    if not lines:
        return []
    converted = to_simplified("\n".join(lines)).split("\n")
    return converted if len(converted) == len(lines) else [to_simplified(line) for line in lines]
