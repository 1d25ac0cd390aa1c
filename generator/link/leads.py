"""What a story says up front: the words of its headline and lead, as the lemmas of its event words.

A story's headline and lead tell its event (`El Congreso aprueba la ley de eutanasia`); its body
adds background that other stories of the same domain share (the vaccines of a vaccine trial
and of vaccine hoaxes). So two stories of one story line say some of the same specific thing
up front: a name, or a word of the event.

The link stage has the lemmas of each story's event words (`annotate.event_words`) but not where
they were said, so a headline or lead word is matched to the story's own lemmas by its form: the
lemma itself, the lemma with an inflection after it (`medallas` → `medalla`, `talks` → `talk`)
or after its last letter (`rechaza` → `rechazar`, `promete` → `prometer`). An irregular form
(`aprueba` → `aprobar`) is not matched: a word missed here only makes the evidence smaller.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..text_fold import fold

#: The lead: the first paragraph, at most this many characters (a long first paragraph is most of a story).
LEAD_CHARS = 600
#: A first paragraph shorter than this (a dateline, a venue, a kicker: `ABSTRACT.`) is joined to the next ones.
MIN_LEAD_CHARS = 60
#: Shortest word that can be an event word's form (event words have at least three letters).
MIN_LETTERS = 3
#: Most letters an inflection adds to a lemma (`-s`, `-es`, `-ed`, `-ing`).
MAX_ENDING = 3
#: Shortest lemma matched by its stem (shorter stems match unrelated words).
MIN_STEM_LEMMA = 5

_LETTERS = re.compile(r"[^\W\d_]+")
_PARAGRAPH = re.compile(r"\n\s*\n")


def lead(text: str, chars: int = LEAD_CHARS) -> str:
    """A story's lead: its first paragraph, with the next ones while it is under `MIN_LEAD_CHARS`,
    cut at a space within `chars`."""
    first = ""
    for paragraph in _PARAGRAPH.split(text):
        if paragraph.strip():
            first = f"{first}\n\n{paragraph.strip()}" if first else paragraph.strip()
            if len(first) >= MIN_LEAD_CHARS:
                break
    if len(first) <= chars:
        return first
    cut = first.rfind(" ", 0, chars)
    return first[: cut if cut > 0 else chars]


class UpFront:
    """Which words of a vocabulary (lemmas and `lemma lemma` phrases) a story's headline and lead say.

    Made once for a corpus's vocabulary, so that each story costs only the words of its headline and lead."""

    def __init__(self, words: Sequence[str]) -> None:
        self.words = list(words)
        self._forms: dict[str, list[int]] = {}
        self._stems: dict[str, list[int]] = {}
        self._phrases: dict[int, list[tuple[int, int]]] = {}
        """A lemma's column → (the column of the lemma after it, the phrase's column) for each phrase it begins."""
        self._candidates: dict[str, tuple[int, ...]] = {}
        """Token → the columns it may be a form of (a headline's words are mostly other headlines' too)."""
        for column, word in enumerate(self.words):
            if " " in word:
                continue
            folded = fold(word).lower()
            self._forms.setdefault(folded, []).append(column)
            if len(folded) >= MIN_STEM_LEMMA:
                self._stems.setdefault(folded[:-1], []).append(column)
        lemma_column = {word: column for column, word in enumerate(self.words) if " " not in word}
        for column, word in enumerate(self.words):
            first, _, second = word.partition(" ")
            if second and first in lemma_column and second in lemma_column:
                self._phrases.setdefault(lemma_column[first], []).append((lemma_column[second], column))

    def said(self, headline: str, lead_text: str, columns: Iterable[int]) -> set[int]:
        """Which of a story's words (`columns` of the vocabulary) its headline or lead says.

        A phrase is said when both its lemmas are (`moción de censura` → `moción censura`)."""
        mine = set(columns)
        found = {column for token in set(_LETTERS.findall(f"{headline}\n{lead_text}".lower()))
                 if (column := self._column_of(token, mine)) is not None}
        return found | {phrase for first in found for second, phrase in self._phrases.get(first, ())
                        if second in found and phrase in mine}

    def _column_of(self, token: str, mine: set[int]) -> int | None:
        """The story's lemma of which `token` is a form (the lemma itself first), or None."""
        if len(token) < MIN_LETTERS:
            return None
        candidates = self._candidates.get(token)
        if candidates is None:
            candidates = self._candidates[token] = self._forms_of(fold(token))
        return next((column for column in candidates if column in mine), None)

    def _forms_of(self, token: str) -> tuple[int, ...]:
        """Every lemma of the vocabulary `token` may be a form of, the likeliest first: the same word, the
        lemma with an inflection after it, the lemma with an inflection after its stem."""
        inflected = [token[:length] for length in range(len(token) - 1, max(0, len(token) - MAX_ENDING - 1), -1)
                     if length >= MIN_STEM_LEMMA - 1]
        stemmed = [token[:length] for length in range(len(token), max(0, len(token) - MAX_ENDING - 1), -1)]
        return tuple(column for table, keys in ((self._forms, [token, *inflected]), (self._stems, stemmed))
                     for key in keys for column in table.get(key, ()))


def up_front_words(headline: str, lead_text: str, words: Iterable[str]) -> set[str]:
    """The `words` (a story's lemmas and `lemma lemma` phrases) its headline or lead says."""
    matcher = UpFront(sorted(set(words)))
    said = matcher.said(headline, lead_text, range(len(matcher.words)))
    return {matcher.words[column] for column in said}
