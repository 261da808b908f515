"""Regular expressions that tell the engine where their matches can begin.

Python's regex engine tries a pattern at every position of a text. A pattern that
opens with a literal lets it skip ahead; one that opens with optional groups or a
look-behind (2023年10月…, (?:争创)?民族团结…) cannot, and is tried in full at every
character. Opening such a pattern with a one-character look-ahead of what its matches
can begin with makes the engine pass over every other position after one test: the
same matches, three to five times faster on Chinese text. The character sets are the
rule's author's to keep right; tests compare each pattern with its plain form on
generated text.
"""

from __future__ import annotations

import re


def starting(first: str, pattern: str, flags: int = 0) -> re.Pattern:
    """`pattern`, compiled with the look-ahead `[first]`: a character-class body (`12一二`,
    `0-9十`) naming every character a match of `pattern` can begin with."""
    return re.compile(f"(?=[{first}])(?:{pattern})", flags)


def plain(pattern: re.Pattern) -> re.Pattern:
    """The pattern without its look-ahead: what tests compare a `starting` pattern with."""
    text = pattern.pattern
    if not text.startswith("(?=["):
        return pattern
    return re.compile(text[text.index("])(?:") + 5:-1], pattern.flags)
