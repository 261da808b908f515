"""Regular expressions that tell the engine where their matches can begin.

Python's regex engine tries a pattern at every position of a text. A pattern that
opens with a literal lets it skip ahead; one that opens with optional groups or a
look-behind (2023年10月…, (?:争创)?民族团结…) cannot, and is tried in full at every
character. Opening such a pattern with a one-character look-ahead of what its matches
can begin with makes the engine pass over every other position after one test: the
same matches, three to five times faster on Chinese text. The character sets are the
rule's author's to keep right; tests compare each pattern with its plain form on
generated text.

A pattern whose every match holds a rare character (年 in a year, 月 in a month) or
string is cheaper still to find from it: `anchored` looks for it with `str.find` and
tries the pattern only at the few positions before it from which a match can reach it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass

# Every character `\s` matches in a str pattern (str.isspace); Unicode has none above U+3000.
SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace())


def starting(first: str, pattern: str, flags: int = 0) -> re.Pattern:
    """`pattern`, compiled with the look-ahead `[first]`: a character-class body (`12一二`,
    `0-9十`) naming every character a match of `pattern` can begin with."""
    return re.compile(f"(?=[{first}])(?:{pattern})", flags)


class _Decimal:
    """The characters `\\d` matches in a str pattern (str.isdecimal), as a `lead` for `anchored`:
    there are hundreds of them."""

    def __contains__(self, c: object) -> bool:
        return isinstance(c, str) and c.isdecimal()


DIGITS = _Decimal()


@dataclass(frozen=True)
class Anchored:
    """A pattern found from its anchor, with the same matches as `pattern.finditer`.

    It holds when every match contains an anchor (a character or a string, or one of several)
    and every character of a match before its first anchor is in `lead` (no character of an
    anchor ever is): then a match can begin only in the run of `lead` characters right before
    an anchor, or at the anchor. The positions of each run are tried in order from the end of
    the last match, which is the order in which `finditer` would try them; only those holding
    one of `first`, the characters a match can begin with, are tried at all (a year begins
    with 1 or 2, not with the 0 of 2023 nor with its 年), and only before an anchor followed by
    one of `after`, when every match has one of them right after its first anchor (the month
    of 2023年10月12日, not the comma of 2023年,).
    """

    pattern: re.Pattern
    anchors: tuple[str, ...]
    lead: Container[str]
    first: str
    after: frozenset[str] | None = None

    def finditer(self, text: str) -> Iterator[re.Match]:
        """The pattern's matches in `text`, left to right, none overlapping."""
        # (Locals: this loop runs for every anchor of every text.)
        match, lead, first, anchors, after = self.pattern.match, self.lead, self.first, self.anchors, self.after
        find = text.find if len(anchors) == 1 else _find_any(text, anchors)
        anchor = anchors[0]
        size = len(anchor)
        last = 0
        at = find(anchor, 0)
        while at != -1:
            if after is None or text[at + size:at + size + 1] in after:
                start = at
                while start > last and text[start - 1] in lead:  # (runs are short: a walk beats a slice)
                    start -= 1
                while start <= at:
                    if text[start] in first:
                        m = match(text, start)
                        if m:
                            yield m
                            last = m.end()
                            break
                    start += 1
            at = find(anchor, last if last > at else at + 1)

    def search(self, text: str) -> re.Match | None:
        """The pattern's first match in `text`, or None (what `pattern.search` finds)."""
        return next(self.finditer(text), None)


def _find_any(text: str, anchors: tuple[str, ...]) -> Callable[[str, int], int]:
    """For several anchors, what `text.find` is for one: the first offset from `start` at which
    one of `anchors` stands in `text`, or -1 (the first argument, an anchor, is not read)."""
    offsets = []
    for anchor in anchors:
        at = text.find(anchor)
        while at != -1:
            offsets.append(at)
            at = text.find(anchor, at + 1)
    offsets.sort()

    def find(_: str, start: int) -> int:
        i = bisect.bisect_left(offsets, start)
        return offsets[i] if i < len(offsets) else -1

    return find


def anchored(anchor: str | tuple[str, ...], lead: Container[str], pattern: str, flags: int = 0,
             first: str | None = None, after: str | None = None) -> Anchored:
    """`pattern`, found from `anchor` (a character or string in every match, or a tuple of them,
    one in every match), `lead` holding every character a match can have before its first
    anchor (`Anchored` says why), `first` every character a match can begin with (by default,
    with a `lead` of characters, any of them or the first of an anchor), and `after` (if given,
    for one anchor) every character that can follow the first anchor of a match."""
    anchors = (anchor,) if isinstance(anchor, str) else anchor
    if not anchors or not all(anchors) or any(c in lead for a in anchors for c in a):
        raise ValueError(f"an anchor is characters none of which is in its lead: {anchor!r}")
    if after is not None and len(anchors) != 1:
        raise ValueError("the characters after an anchor are told for one anchor only")
    if first is None:
        if not isinstance(lead, str):
            raise ValueError("a lead not given as characters needs its `first` characters")
        first = lead + "".join(a[0] for a in anchors)
    return Anchored(re.compile(pattern, flags), anchors, lead, first, None if after is None else frozenset(after))


@dataclass(frozen=True)
class Guarded:
    """A pattern searched for only in texts that hold one of `words`, which every match of it
    contains: a substring test costs a fraction of a scan, and most lines hold none of them."""

    pattern: re.Pattern | Anchored
    words: tuple[str, ...]

    def search(self, text: str) -> re.Match | None:
        """The pattern's first match in `text`, or None."""
        for word in self.words:  # (a loop: any() over a generator costs more than the tests)
            if word in text:
                return self.pattern.search(text)
        return None

    def finditer(self, text: str) -> Iterator[re.Match]:
        """The pattern's matches in `text`, left to right, none overlapping."""
        for word in self.words:
            if word in text:
                return self.pattern.finditer(text)
        return iter(())


def guarded(words: tuple[str, ...], pattern: re.Pattern | Anchored) -> Guarded:
    """`pattern`, scanned for only in texts holding one of `words` (every match holds one; under
    re.I, list each case the pattern matches: "c", "C")."""
    return Guarded(pattern, words)


def plain(pattern: re.Pattern | Anchored | Guarded) -> re.Pattern:
    """The pattern without its look-ahead, anchor or guard: what tests compare `starting`,
    `anchored` and `guarded` patterns with."""
    if isinstance(pattern, (Anchored, Guarded)):
        return plain(pattern.pattern)
    text = pattern.pattern
    if not text.startswith("(?=["):
        return pattern
    return re.compile(text[text.index("])(?:") + 5:-1], pattern.flags)
