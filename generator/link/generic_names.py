"""Generic names: capitalised common nouns (`Gobierno`, `Estado`, `Congreso`) that name no one thing.

Spanish capitalises institutions used alone (`el Gobierno`, `el Congreso`), and small models tag
a capitalised noun at the start of a line (`Noticia`) as a name. Across a corpus such a word
refers to a different government or congress in each story, so it relates no stories and gets
no entity page; within a story it stays highlighted.
"""

from __future__ import annotations

from functools import lru_cache

from ..annotate.entity_words import CLASSIFIERS, INSTITUTION_HEADS, MISC_HEADS
from ..text_fold import fold

#: Common nouns that stand alone for whatever institution, place or thing the story is about.
_COMMON_NOUNS = frozenset(
    """estado nación república presidencia monarquía corona patria tierra mundo gobierno administración
    noticia noticias ciudad país capital hacienda sanidad salud educación economía interior exterior
    defensa justicia trabajo cultura iglesia dios internet policía fiscalía oposición
    state nation republic presidency monarchy crown earth world news city country capital treasury
    health education economy interior defence defense justice labour culture church god internet
    police opposition""".split()
)
GENERIC_WORDS = INSTITUTION_HEADS | MISC_HEADS | {w for w, kind in CLASSIFIERS.items() if kind == "LOC"} | _COMMON_NOUNS


@lru_cache(maxsize=1 << 16)
def is_generic_name(name: str) -> bool:
    """A one-word name that is a common noun naming no one thing (`Gobierno`, `CIUDAD`, `Noticia`)."""
    words = name.split()
    return len(words) == 1 and fold(words[0].strip(".,;:")) in _FOLDED


_FOLDED = frozenset(fold(w) for w in GENERIC_WORDS)
