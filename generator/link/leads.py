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
from collections.abc import Iterable

from ..text_fold import fold

#: The lead: the first paragraph, at most this many characters (a long first paragraph is most of a story).
LEAD_CHARS = 600
#: A first paragraph shorter than this (a dateline, a venue, a kicker: `ABSTRACT.`) is joined to the next ones.
MIN_LEAD_CHARS = 60
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


def up_front_words(headline: str, lead_text: str, words: Iterable[str]) -> set[str]:
    """The story's event `words` (lemmas and `lemma lemma` phrases) its headline or lead says.

    A phrase is said when both its lemmas are (`moción de censura` → `moción censura`)."""
    lemmas: dict[str, str] = {}
    stems: dict[str, str] = {}
    phrases: list[str] = []
    for word in words:
        if " " in word:
            phrases.append(word)
            continue
        folded = fold(word).lower()
        lemmas.setdefault(folded, word)
        if len(folded) >= MIN_STEM_LEMMA:
            stems.setdefault(folded[:-1], word)
    said = {found for token in _LETTERS.findall(fold(f"{headline}\n{lead_text}").lower())
            if (found := _lemma_of(token, lemmas, stems)) is not None}
    return said | {phrase for phrase in phrases if all(part in said for part in phrase.split(" "))}


def _lemma_of(token: str, lemmas: dict[str, str], stems: dict[str, str]) -> str | None:
    """The story's lemma of which `token` is a form (the lemma itself first), or None."""
    if token in lemmas:
        return lemmas[token]
    for length in range(len(token) - 1, max(0, len(token) - MAX_ENDING - 1), -1):
        found = lemmas.get(token[:length])
        if found is not None and len(token[:length]) >= MIN_STEM_LEMMA - 1:
            return found
    for length in range(len(token), max(0, len(token) - MAX_ENDING - 1), -1):
        found = stems.get(token[:length])
        if found is not None:
            return found
    return None
