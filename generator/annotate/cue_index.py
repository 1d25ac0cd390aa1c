"""The reporting cues of one document, found by position instead of by reading every cue for each quotation."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from spacy.tokens import Doc

from .noun_phrases import Cue

#: Most tokens between a subject that opens right after a quotation and its verb (`«...», Mr Blair
#: said`; `"...," Rep. Ann Roe (R-Ohio) said`): counted from the subject's end, as a title makes a name long.
_SUBJECT_REACH = 7


class CueIndex:
    """Cues by first token, by their subject's first token, by reporting word, and in text order."""

    def __init__(self, doc: Doc, cues: Sequence[Cue]) -> None:
        """`cues` in order of their reporting word, as `PhraseFinder.find_cues` gives them."""
        self._by_first = {c.first: c for c in cues}
        self._by_subject: dict[int, list[Cue]] = {}
        self._by_last: dict[int, list[tuple[int, Cue]]] = {}
        for position, cue in enumerate(cues):
            if cue.subject is not None:
                self._by_subject.setdefault(cue.subject[0], []).append(cue)
            self._by_last.setdefault(cue.last, []).append((position, cue))
        # the cues that may introduce a quotation that follows them: reporting words and their offsets
        self._opening = [c for c in cues if not c.only_after_quotes]
        self._lasts = [c.last for c in self._opening]
        self._offsets = [doc[c.last].idx for c in self._opening]

    def starting_at(self, i: int) -> Cue | None:
        """The cue that starts at token `i`, or whose short subject does (`«...», Mr Blair said`)."""
        if i in self._by_first:
            return self._by_first[i]
        for cue in self._by_subject.get(i, ()):
            if cue.first - cue.subject[1] <= _SUBJECT_REACH:
                return cue
        return None

    def around(self, start: int, end: int, first: int | None, after: int) -> tuple[Cue | None, Cue | None]:
        """Of the cues whose reporting word is in `[start, end)` (characters): the last one before token
        `first` (None: no token), and the first one at or after character `after`."""
        lo = bisect_left(self._offsets, start)
        hi = bisect_left(self._offsets, end)
        before = None
        if first is not None:
            k = bisect_left(self._lasts, first, lo, hi)
            before = self._opening[k - 1] if k > lo else None
        j = bisect_left(self._offsets, after, lo, hi)
        return before, self._opening[j] if j < hi else None

    def ending_in(self, words: Sequence[int]) -> Cue | None:
        """The first cue whose reporting word is one of `words` (token indices) and whose subject follows it."""
        found = [
            (position, cue) for word in words for position, cue in self._by_last.get(word, ())
            if cue.subject is not None and cue.subject[0] > cue.last
        ]
        return min(found, key=lambda item: item[0])[1] if found else None
