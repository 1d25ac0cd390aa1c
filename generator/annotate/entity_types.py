"""Entity types: map the models' labels to ours and correct them with cues from the context."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from ..model import EntityType
from .entity_spans import Candidate
from .roles import is_role_word

#: Model label → our type; labels not listed (dates, numbers, money...) are dropped.
LABELS: dict[str, EntityType] = {
    "PER": "PER", "PERSON": "PER",
    "ORG": "ORG",
    "LOC": "LOC", "GPE": "LOC", "FAC": "LOC",
    "MISC": "MISC", "NORP": "MISC", "EVENT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC",
    "PRODUCT": "MISC", "LANGUAGE": "MISC",
}
_ARTICLES = frozenset({"el", "la", "los", "las", "del", "al", "the"})
_NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten twenty hundred uno dos tres cuatro cinco seis
    siete ocho nueve diez veinte cien""".split()
)
_PREFERENCE: tuple[EntityType, ...] = ("PER", "ORG", "LOC", "MISC")


def person_cue(doc: Doc, cand: Candidate) -> bool:
    """A title right before the name, or English "X administration" after it."""
    before = _previous_word(doc, cand.first)
    if before is not None and is_role_word(before.text):
        return True
    after = doc[cand.last] if cand.last < len(doc) else None
    return after is not None and after.lower_ == "administration"


def non_person_cue(doc: Doc, cand: Candidate) -> bool:
    """An article right before the name ("del Pentágono") or a number in it ("Bucarest Nine")."""
    before = _previous_word(doc, cand.first)
    if before is not None and before.lower_ in _ARTICLES:
        return True
    return any(t.like_num or t.lower_ in _NUMBER_WORDS for t in doc[cand.first : cand.last])


def resolve_type(doc: Doc, cands: Sequence[Candidate]) -> EntityType:
    """The type of one entity from its mentions' labels and their context."""
    votes = Counter(c.label for c in cands)
    best = max(_PREFERENCE, key=lambda t: (votes[t], -_PREFERENCE.index(t)))
    person = any(person_cue(doc, c) for c in cands)
    not_person = any(non_person_cue(doc, c) for c in cands)
    if person and not not_person:
        return "PER"
    if best == "PER" and not_person:
        others = Counter({t: n for t, n in votes.items() if t != "PER"})
        return others.most_common(1)[0][0] if others else "ORG"
    return best


def _previous_word(doc: Doc, i: int) -> Token | None:
    j = i - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    return doc[j] if j >= 0 else None
