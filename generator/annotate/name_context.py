"""What a whole document says about its capitalised words, for telling names from capitals by position."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from .capitalised_names import is_capitalised, starts_sentence
from .entity_words import DEFINITE_ARTICLES



@dataclass(frozen=True)
class NameContext:
    """What the whole document says about its capitalised words."""

    lower_words: frozenset[str]
    """Words the text writes in lowercase somewhere (so capitalised elsewhere only by position)."""
    bare_capitalised: frozenset[str]
    """Words capitalised where capitals mean a name: not at a sentence start, not after a capitalised article."""
    lexicon: frozenset[str]
    """The language's common words (lemmas, lowercase); empty when the pipeline has none."""
    walks: dict[int, int] = field(default_factory=dict, compare=False, repr=False)
    """Token → where a walk back over the list it is part of ends (see `entity_filters`), filled as names
    are checked."""

    @classmethod
    def of(cls, doc: Doc, lexicon: frozenset[str] = frozenset()) -> NameContext:
        lower = frozenset(t.text for t in doc if t.text[:1].islower())
        bare = frozenset(
            t.text for t in doc
            if is_capitalised(t) and not starts_sentence(t)
            and not (t.i > 0 and doc[t.i - 1].lower_ in DEFINITE_ARTICLES and doc[t.i - 1].text[:1].isupper())
        )
        return cls(lower, bare, lexicon)

    def is_common(self, word: str) -> bool:
        """A common word of the language in any number or gender (`culturales`, `hispánica`)."""
        lower = word.lower()
        forms = {lower, lower[:-1], lower[:-2], lower[:-1] + "o", lower[:-2] + "o"}
        return bool(self.lexicon) and any(f in self.lexicon for f in forms if len(f) > 2)
