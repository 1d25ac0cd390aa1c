"""Words that say who a story's people are, not what happened: roles and the adjectives of places.

`el presidente ruso`, `la canciller canadiense`, `el jugador portugués`, `el gobierno venezolano`:
two stories about the same person share these words whatever the person did, so as event words
they would make a story line of the same protagonist in unconnected episodes. A word is such a
descriptor when it is a role (`annotate.roles`) or a gentilic of a place the corpus names: the
stem of a one-word place followed by a gentilic ending (`Rusia` → `ruso`, `Canadá` → `canadiense`,
`Venezuela` → `venezolano`). A phrase with a descriptor in it describes a person too
(`mandatario ruso`, `candidato priista`). English gentilics are capitalised, so the entity
recogniser already keeps them out of the event words (`Russian` is a NORP name).
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from ..annotate.roles import ROLE_WORDS
from ..text_fold import fold

#: Endings of gentilic adjectives (accents folded): `ruso`, `canadiense`, `mexicano`, `portugués`, `español`.
GENTILIC_ENDINGS = ("ense", "ano", "ana", "eno", "ena", "ino", "ina", "es", "esa", "ol", "ola", "ita", "ico", "ica",
                    "o", "a", "e", "i", "an", "ian", "ese", "ish")
#: Letters of the place's stem that a gentilic may change before its ending (`Venezuela` → `venezolano`).
STEM_CHANGE = 2
#: Shortest shared beginning of a place and its gentilic (shorter for short names: `Rusia` → `ruso`).
MIN_STEM = 5
#: Shortest place name whose gentilics are recognised (shorter stems would match too many words).
MIN_PLACE = 5


class Descriptors:
    """Which event words describe a person (a role, a place's gentilic) for one corpus's places."""

    def __init__(self, places: Iterable[str]) -> None:
        self.places = frozenset(places)
        """The corpus's place names: the same places, the same descriptors."""
        # Each one-word place under the stem its gentilics must begin with (the words of `San Felipe` or
        # `Ciudad Universitaria` have no gentilics).
        self._places: dict[str, set[str]] = {}
        for place in self.places:
            word = fold(place)
            if len(word) >= MIN_PLACE and word.isalpha():
                self._places.setdefault(word[:_stem_length(word)], set()).add(word)
        self._stems = sorted({len(stem) for stem in self._places})
        self._roles = frozenset(fold(word) for word in ROLE_WORDS)
        self._known: dict[str, bool] = {}

    def describes(self, word: str) -> bool:
        """True for an event word or phrase (`mandatario ruso`) with a role or a gentilic in it."""
        parts = word.split(" ")
        return any(self._describing(part) for part in parts)

    def _describing(self, word: str) -> bool:
        known = self._known.get(word)
        if known is None:
            folded = fold(word)
            known = self._known[word] = folded in self._roles or _former(folded) in self._roles or any(
                _gentilic(folded, place) for length in self._stems for place in self._places.get(folded[:length], ()))
        return known


def _gentilic(word: str, place: str) -> bool:
    """Whether `word` is an adjective of `place` (both folded): the place's stem, a small change, a gentilic ending."""
    if word == place:
        return False
    common = len(os.path.commonprefix([word, place]))
    if common < _stem_length(place):
        return False
    rest = word[common:]
    if not rest:
        return len(word) >= max(MIN_STEM, len(place) - 3)  # `alemán` of `Alemania`, not `monte` of `Monterrey`
    return any(rest.endswith(ending) and len(rest) - len(ending) <= STEM_CHANGE for ending in GENTILIC_ENDINGS)


def _former(word: str) -> str:
    """The role a former holder had (`exvicepresidente`, `ex-ministra` → `vicepresidente`, `ministra`)."""
    return word[2:].lstrip("-") if word.startswith("ex") else word


def _stem_length(place: str) -> int:
    """Letters of a place a gentilic keeps: `MIN_STEM`, fewer for a short name (`Rusia` → `rus`)."""
    return max(3, min(MIN_STEM, len(place) - 2))



