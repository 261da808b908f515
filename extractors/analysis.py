"""The analysed article shared by all extractors: body, sentences with offsets, context."""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from extractors.records import Article

# Sentence ends: 。!?; and line breaks (paragraphs); closing quotes stay with their sentence.
# 。 / ?!” / \n. (One character class first, so that the engine skips to the next end in one
# scan: the same matches as [。!?！？;；]+[”’"』」]?|\n, three times faster.)
_SENTENCE_END = re.compile(r"[\n。!?！？;；](?:(?<=\n)|[。!?！？;；]*[”’\"』」]?)")


# Not frozen: a body makes a dozen or more, and a frozen dataclass costs three times as much to
# build (each field set through object.__setattr__); nothing changes a sentence once split, and
# unsafe_hash keeps it hashable by its fields as a frozen one is. Slots: reads cost no more.
@dataclass(slots=True, unsafe_hash=True)
class Sentence:
    """One sentence of the body: `text` is body[start:end]."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Analysis:
    """An article split into sentences; every offset indexes `article.body`."""

    article: Article
    sentences: tuple[Sentence, ...]

    @property
    def body(self) -> str:
        return self.article.body

    @functools.cached_property
    def _starts(self) -> list[int]:
        # Computed once per article: extractors ask for sentences thousands of times on long ones.
        return [s.start for s in self.sentences]

    def sentence_index(self, offset: int) -> int:
        """The index in `sentences` of the sentence containing character `offset` of the body."""
        return max(bisect.bisect_right(self._starts, offset) - 1, 0)

    def sentence_at(self, offset: int) -> Sentence:
        """The sentence containing character `offset` of the body."""
        return self.sentences[self.sentence_index(offset)]


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Sentences of `text` with their offsets; whitespace-only pieces are skipped."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        stop, after = m.span()
        end = stop if text[stop] == "\n" else after  # a line break ends a sentence without joining it
        piece = text[start:end]
        if piece and not piece.isspace():
            out.append(Sentence(start, end, piece))
        start = after
    piece = text[start:]
    if piece and not piece.isspace():
        out.append(Sentence(start, len(text), piece))
    return tuple(out)


def analyse(article: Article) -> Analysis:
    """Split the body into sentences once, for every extractor."""
    return Analysis(article=article, sentences=split_sentences(article.body))
