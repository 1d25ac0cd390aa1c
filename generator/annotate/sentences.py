"""Sentence and line positions of a text: spaCy's sentences, never split inside a quotation."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from spacy.tokens import Doc

from .quote_marks import QuoteSpan


_SENTENCE_END = re.compile(r"[.!?…][»”\"'’)\]*_]*$")


class TextLayout:
    """Where the sentences and lines of one document start and end (character offsets)."""

    def __init__(self, doc: Doc, quotes: Sequence[QuoteSpan]) -> None:
        self.text = doc.text
        self.sentences = _sentence_bounds(doc, quotes)
        self._sentence_starts = [start for start, _ in self.sentences]
        self._line_starts = [0] + [i + 1 for i, c in enumerate(self.text) if c == "\n"]
        self._quotes = [(q.start, q.end) for q in quotes]

    def sentence_index(self, offset: int) -> int:
        """The index of the sentence containing (or preceding) `offset`."""
        return max(bisect_right(self._sentence_starts, offset) - 1, 0)

    def sentence_text(self, index: int) -> str:
        start, end = self.sentences[index]
        return self.text[start:end]

    def quoted(self, offset: int) -> bool:
        """True if `offset` is inside a quotation (somebody's words, not the article's)."""
        index = bisect_right(self._quotes, (offset, len(self.text) + 1)) - 1
        return index >= 0 and self._quotes[index][0] <= offset < self._quotes[index][1]

    def line(self, offset: int) -> int:
        """0-based line number of `offset`."""
        return bisect_right(self._line_starts, offset) - 1

    def previous_text_line(self, line: int) -> int:
        """The nearest line before `line` that holds any text, or -1."""
        for number in range(line - 1, -1, -1):
            start = self._line_starts[number]
            end = self._line_starts[number + 1] - 1 if number + 1 < len(self._line_starts) else len(self.text)
            if self.text[start:end].strip():
                return number
        return -1


def _sentence_bounds(doc: Doc, quotes: Sequence[QuoteSpan]) -> list[tuple[int, int]]:
    text = doc.text
    pieces: list[tuple[int, int]] = []
    for sent in doc.sents:
        # a line break always ends a sentence (headlines, list items, broken paragraphs)
        offset = sent.start_char
        for part in text[sent.start_char : sent.end_char].split("\n"):
            _add_stripped(pieces, text, offset, offset + len(part))
            offset += len(part) + 1
    merged: list[tuple[int, int]] = []
    quote_index = 0
    for start, end in pieces:
        while quote_index < len(quotes) and quotes[quote_index].end <= start:
            quote_index += 1
        inside = quote_index < len(quotes) and quotes[quote_index].start < start
        # the statistical splitter also cuts at markdown marks ("**", "_"): a piece that does not
        # end like a sentence continues on the same line
        unfinished = merged and not _SENTENCE_END.search(text, merged[-1][0], merged[-1][1])
        if merged and (inside or unfinished and "\n" not in text[merged[-1][1] : start]):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _add_stripped(pieces: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        pieces.append((start, end))
