"""Words by position and quotations by word: what comparing quotations and lines needs, without rereading."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence

#: A word, as the quotation rules count them.
WORD = re.compile(r"\w+")


class WordRuns:
    """The runs of word characters of a text, so that the words of any stretch are counted without reading it."""

    def __init__(self, text: str) -> None:
        self.text = text
        runs = [m.span() for m in WORD.finditer(text)]
        self._starts = [start for start, _ in runs]
        self._ends = [end for _, end in runs]

    def count(self, start: int, end: int) -> int:
        """How many words `WORD.findall(text[start:end])` finds."""
        if start >= end:
            return 0
        # the runs that reach into [start, end): those starting before its end, less those ended by its start
        return bisect_left(self._starts, end) - bisect_right(self._ends, start)


class RepeatedWords:
    """The word lists of many quotations, indexed so that a word list is compared only with the quotations
    that could repeat it, or that it could repeat (see `candidates`)."""

    def __init__(self, quotations: Sequence[list[str]]) -> None:
        self.words = quotations
        self._counts = Counter(word for words in quotations for word in set(words))
        self._holding: dict[str, list[int]] = {}
        self._keyed: dict[str, list[int]] = {}
        for position, words in enumerate(quotations):
            for word in set(words):
                self._holding.setdefault(word, []).append(position)
            for word in self._key_words(words):
                self._keyed.setdefault(word, []).append(position)

    def _key_words(self, words: Sequence[str]) -> set[str]:
        """A fifth of the words plus one, the rarest: a text that holds 80% of `words` holds one of them."""
        return set(sorted(words, key=lambda word: (self._counts.get(word, 0), word))[: len(words) // 5 + 1])

    def candidates(self, words: Sequence[str]) -> list[int]:
        """Positions, in order, of every quotation that shares with `words` at least 80% of the shorter of
        the two lists: it holds a key word of `words`, or `words` holds one of its own key words."""
        found: set[int] = set()
        for word in self._key_words(words):
            found.update(self._holding.get(word, ()))
        for word in set(words):
            found.update(self._keyed.get(word, ()))
        return sorted(found)
