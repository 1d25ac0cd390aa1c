"""Sentence and line positions of a text: spaCy's sentences, never split inside a quotation."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from spacy.tokens import Doc

from .quote_marks import QuoteSpan


#: A sentence ends with one of these, then any of the closing marks.
_SENTENCE_STOPS = frozenset(".!?…")
_CLOSING_MARKS = frozenset("»”\"'’)]*_")
_NEWLINE = re.compile("\n")
_TEXT = re.compile(r"\S")
_BRACKET_OR_BREAK = re.compile(r"[()\n]")


class TextLayout:
    """Where the sentences and lines of one document start and end (character offsets)."""

    def __init__(self, doc: Doc, quotes: Sequence[QuoteSpan]) -> None:
        self.text = doc.text
        self.sentences = _sentence_bounds(self.text, doc, quotes)
        self._sentence_starts = [start for start, _ in self.sentences]
        self._sentence_texts: dict[int, str] = {}
        self._line_starts = [0] + [m.end() for m in _NEWLINE.finditer(self.text)]
        self._previous_text_lines: list[int] | None = None
        self._brackets: tuple[list[int], str] | None = None
        self._quotes = [(q.start, q.end) for q in quotes]

    def sentence_index(self, offset: int) -> int:
        """The index of the sentence containing (or preceding) `offset`."""
        return max(bisect_right(self._sentence_starts, offset) - 1, 0)

    def sentence_text(self, index: int) -> str:
        """The sentence's text; one string per sentence however often it is asked for (a long sentence
        is not copied again for every name or definition in it)."""
        found = self._sentence_texts.get(index)
        if found is None:
            start, end = self.sentences[index]
            found = self._sentence_texts[index] = self.text[start:end]
        return found

    def quoted(self, offset: int) -> bool:
        """True if `offset` is inside a quotation (somebody's words, not the article's)."""
        index = bisect_right(self._quotes, (offset, len(self.text) + 1)) - 1
        return index >= 0 and self._quotes[index][0] <= offset < self._quotes[index][1]

    def line(self, offset: int) -> int:
        """0-based line number of `offset`."""
        return bisect_right(self._line_starts, offset) - 1

    def line_bounds(self, line: int) -> tuple[int, int]:
        """Where line `line` starts and ends (before its line break)."""
        start = self._line_starts[line]
        end = self._line_starts[line + 1] - 1 if line + 1 < len(self._line_starts) else len(self.text)
        return start, end

    def previous_text_line(self, line: int) -> int:
        """The nearest line before `line` that holds any text, or -1."""
        if self._previous_text_lines is None:
            # one pass over the text, so that asking for every quotation reads no line twice
            previous, last = [], -1
            for number in range(len(self._line_starts)):
                previous.append(last)
                start, end = self.line_bounds(number)
                if _TEXT.search(self.text, start, end):
                    last = number
            self._previous_text_lines = previous
        return self._previous_text_lines[line] if line >= 0 else -1

    def in_parentheses(self, offset: int) -> bool:
        """True if an opening parenthesis before `offset` on its line is not closed before it."""
        if self._brackets is None:
            marks = list(_BRACKET_OR_BREAK.finditer(self.text))
            self._brackets = [m.start() for m in marks], "".join(m.group() for m in marks)
        positions, marks = self._brackets
        index = bisect_left(positions, offset) - 1  # the last `(`, `)` or line break before `offset`
        return index >= 0 and marks[index] == "("


def _sentence_bounds(text: str, doc: Doc, quotes: Sequence[QuoteSpan]) -> list[tuple[int, int]]:
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
        unfinished = merged and not _ends_sentence(text, merged[-1][0], merged[-1][1])
        if merged and (inside or unfinished and "\n" not in text[merged[-1][1] : start]):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _ends_sentence(text: str, start: int, end: int) -> bool:
    """`text[start:end]` ends like a sentence: a full stop (or ! ? …), then closing marks only.

    Read from the end, so that a long run of pieces merged into one sentence is not searched again
    for every piece added to it."""
    i = end
    while i > start and text[i - 1] in _CLOSING_MARKS:
        i -= 1
    return i > start and text[i - 1] in _SENTENCE_STOPS


def _add_stripped(pieces: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        pieces.append((start, end))
