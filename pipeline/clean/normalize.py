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

import opencc

from extractors import words
from extractors.patterns import starting

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
# 日?qǐng)?bào)訊: one lost character, left as '?' plus its reading(s) and a closing paren.
# A bracket opening letters, (wǎng or (ben: what both annotations above begin with. One scan for
# it spares most pages the two scans, which cost five times as much.
_BRACKETED_LETTERS = re.compile(rf"[(（][A-Za-züÜ{_TONED}]")
_LOST = re.compile(rf"(?:[?？]{_SYLLABLE}[)）])+")
_LOST_READING = re.compile(_SYLLABLE)

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2028\u2029\u2060\ufeff\u00ad]")
_NOT_HAN = re.compile(r"[^\u3400-\u9fff]+")


@functools.lru_cache(maxsize=None)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Traditional to simplified with OpenCC's t2s (characters and phrases)."""
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    """Simplified to traditional (used only to restore lost characters in originals)."""
    return _converter("s2t").convert(text)


def detect_script(text: str) -> str:
    """'traditional' when t2s changes a noticeable share of the Han characters, else 'simplified'."""
    han = _NOT_HAN.sub("", text)  # the Han characters, in one pass
    converted = to_simplified(han)
    if converted == han:  # the usual case, simplified text, is told without a loop over characters
        return "simplified"
    changed = sum(a != b for a, b in zip(han, converted))
    return "traditional" if changed >= 3 and changed / len(han) >= 0.01 else "simplified"


def strip_pinyin(text: str) -> str:
    """Remove pinyin annotations and restore characters the scraper lost to '?'."""
    if _BRACKETED_LETTERS.search(text):
        text = _ANNOTATION.sub("", text)
        text = _TONELESS.sub(_drop_reading, text)
    if "?" in text or "？" in text:
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
    from pypinyin import Style, pinyin  # its dictionary loads on first use: most pages never need it

    found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    return frozenset(r.replace("ü", "v") for group in found for r in group)


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
    return to_traditional(char) if traditional else char


def _best_char(before: str, after: str, readings: tuple[str, ...]) -> str:
    """The one character, among those read as `readings`, that forms a word with a neighbour."""
    prev, nxt = to_simplified(before), to_simplified(after)
    scored = []
    for reading in readings:
        for char in _chars_by_reading().get(reading, ()):
            score = max(words.frequency(prev + char), words.frequency(char + nxt))
            if score:
                scored.append((score, char))
    if not scored:
        return ""
    scored.sort(reverse=True)
    # Only a clear winner is restored; otherwise the character stays lost.
    if len(scored) > 1 and scored[1][0] * 5 > scored[0][0]:
        return ""
    return scored[0][1]


@functools.lru_cache(maxsize=1)
def _chars_by_reading() -> dict[str, tuple[str, ...]]:
    """Pinyin reading -> characters, from jionlp's bundled character dictionary."""
    # Located without importing jionlp, whose import prints a banner and loads models.
    spec = importlib.util.find_spec("jionlp")
    path = os.path.join(os.path.dirname(spec.origin), "dictionary", "chinese_char_dictionary.zip")
    table: dict[str, list[str]] = {}
    with zipfile.ZipFile(path) as z:
        for line in z.read(z.namelist()[0]).decode("utf-8").splitlines():
            char, _, rest = line.partition("\t")
            for reading in re.findall(r"\[([^\]]+)\]", rest):
                table.setdefault(reading, []).append(char)
    return {k: tuple(v) for k, v in table.items()}


# Runs of CJK unified ideographs and the CJK punctuation between them (。、“”《》「」【】〔〕):
# NFKC leaves each as it is, and none composes with a neighbour. (Not ，：；（）, which NFKC
# folds to ASCII, nor 〈〉, the canonical forms of U+2329 and U+232A.)
_IDEOGRAPHS = re.compile(r"([\u4e00-\u9fff。、“”‘’《》「」『』【】〔〕]+)")


def nfkc(text: str) -> str:
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
    text = strip_pinyin(text.replace("\r\n", "\n").replace("\r", "\n"))
    return [line for line in _normalized(text, "\n") if line]


def _normalized(whole: str, separator: str) -> list[str]:
    """`normalize_line` of each piece of `whole` between separators. NFKC and the invisible
    characters, and the runs of spaces, are done on the whole in one call each (none of them maps
    anything to or from a line break or NUL, nor composes or runs across one)."""
    return [piece.strip() for piece in _SPACES.sub(" ", _INVISIBLE.sub("", nfkc(whole))).split(separator)]


def simplified_lines(lines: list[str]) -> list[str]:
    """`to_simplified` of each line, in one OpenCC call for all of them (a call costs more than
    a line's characters); OpenCC's phrases never contain a line break, so none spans two lines."""
    if not lines:
        return []
    converted = to_simplified("\n".join(lines)).split("\n")
    return converted if len(converted) == len(lines) else [to_simplified(line) for line in lines]
