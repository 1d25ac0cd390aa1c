"""The grammatical gender an article gives its people, for telling whom `he` or `ella` can mean.

Read from the words that introduce a name (`la ministra Ana Gil`, `el agente Luis Pardo`, `Mrs Hart`,
`spokeswoman Jane Roe`) and from an apposition after it (`Ana Gil, la ministra`, `Jo Hart, a congresswoman`):
never from the name itself.
"""

from __future__ import annotations

from collections import Counter
from typing import Literal

from spacy.tokens import Doc

from ..model import Entity
from .roles import FEMININE_WORDS, MASCULINE_WORDS, is_role_word

Gender = Literal["F", "M"]
#: Pronouns with a gender.
PRONOUN_GENDERS: dict[str, Gender] = {"he": "M", "him": "M", "his": "M", "él": "M",
                                      "she": "F", "her": "F", "ella": "F"}
#: English possessives and reflexives, which mean the subject of their own clause (`Ruth Dale thanked her staff`).
_OWN_PRONOUNS: dict[str, Gender] = {"his": "M", "himself": "M", "her": "F", "herself": "F"}
#: Words between a title and the name it introduces (`la entonces candidata`, `the former first lady`).
_TITLE_POS = frozenset({"DET", "NOUN", "ADJ", "ADV", "PROPN"})
_REACH = 4


def genders(doc: Doc, mention_at: dict[int, tuple[Entity, int, int]]) -> dict[str, Gender]:
    """Person's name → the gender the article gives them, when its words agree on one."""
    votes: dict[str, Counter[Gender]] = {}
    starts = {(found[1], found[2], found[0].name) for found in mention_at.values() if found[0].type == "PER"}
    for start, end, name in starts:
        for gender in (_before(doc, start, mention_at), _after(doc, end)):
            if gender is not None:
                votes.setdefault(name, Counter())[gender] += 1
    return {name: counts.most_common(1)[0][0] for name, counts in votes.items()
            if len(counts) == 1 or counts.most_common(2)[0][1] > counts.most_common(2)[1][1]}


def mention_gender(doc: Doc, first: int, last: int) -> Gender | None:
    """The gender one mention of a name is given: by a title it opens with (`Mrs Hart`), one right before it
    (`la ministra Ana Gil`), an apposition right after it (`Jo Hart, a congresswoman`) or the noun it is in
    apposition to (`his wife, Jo Hart`)."""
    opening = _word_gender(doc[first]) if last - first > 1 else None
    return opening or _before(doc, first, {}) or _after(doc, last) or _apposed(doc, first, last)


def own_pronoun_gender(doc: Doc, first: int, last: int) -> Gender | None:
    """The gender of a name that is its clause's subject, from the first possessive or reflexive of that
    clause (`Ruth Dale arrived with her husband` → F; not `Dale said the minister lost his job`, whose
    `his` is in another clause)."""
    if last <= first:
        return None
    head = doc[first:last].root
    if head.dep_ == "appos":  # `the novelist Ruth Dale arrived`: the name stands beside the subject
        head = head.head
    if not head.dep_.startswith("nsubj") or head.head.i == head.i:
        return None
    verb = head.head.i
    for token in doc[last : doc[verb].sent.end]:
        if token.ent_type_ == "PER" or is_role_word(token.text):
            return None  # `Jo Hart called Mr. Obama's remarks a wake-up call to his base`: his may be theirs
        gender = _OWN_PRONOUNS.get(token.lower_)
        if gender is None or token.lower_ == "her" and token.dep_ != "poss":  # `thanked her`: somebody else
            continue
        step = token.head
        while step.i != verb and step.head.i != step.i and step.pos_ not in ("VERB", "AUX"):
            step = step.head
        return gender if step.i == verb else None
    return None


def compatible(pronoun: str, gender: Gender | None) -> bool:
    """Whether a pronoun can mean a person of this gender (an unknown gender fits any)."""
    wanted = PRONOUN_GENDERS.get(pronoun.lower())
    return wanted is None or gender is None or wanted == gender


#: Words after which a description's head noun is behind it (`the mother of the boy`, `la hija del alcalde`).
_DESCRIPTION_ENDS = frozenset("of at from for in de del en con".split())
_FEMININE_ARTICLES = frozenset("la las una unas".split())
_MASCULINE_ARTICLES = frozenset("el los un unos".split())


def described_gender(description: str) -> Gender | None:
    """The gender a description of somebody says (`her pop star son`: M; `la portavoz`: F), or None."""
    words = []
    for word in description.lower().split():
        if word in _DESCRIPTION_ENDS:
            break
        words.append(word)
    for word in reversed(words):
        if word in FEMININE_WORDS:
            return "F"
        if word in MASCULINE_WORDS:
            return "M"
    if words and words[0] in _FEMININE_ARTICLES:
        return "F"
    if words and words[0] in _MASCULINE_ARTICLES:
        return "M"
    return None


def _word_gender(token: object) -> Gender | None:
    lower = token.lower_  # type: ignore[attr-defined]
    if lower in FEMININE_WORDS:
        return "F"
    if lower in MASCULINE_WORDS:
        return "M"
    if token.lang_ == "es" and token.pos_ in ("DET", "NOUN"):  # type: ignore[attr-defined]
        found = token.morph.get("Gender")  # type: ignore[attr-defined]
        if found == ["Fem"]:
            return "F"
        if found == ["Masc"]:
            return "M"
    return None


def _before(doc: Doc, start: int, mention_at: dict[int, tuple[Entity, int, int]]) -> Gender | None:
    """The gender of the title right before a name (`la senadora demócrata`, `Mr`)."""
    for k in range(start - 1, max(start - 1 - _REACH, -1), -1):
        token = doc[k]
        if token.is_punct and token.text != "." or token.is_space or k in mention_at or token.pos_ not in _TITLE_POS:
            return None
        gender = _word_gender(token)
        if gender is not None:
            return gender
    return None


def _apposed(doc: Doc, first: int, last: int) -> Gender | None:
    """The gender of the noun a name is in apposition to, before it (`the first lady, Michelle Obama`)."""
    root = doc[first:last].root
    return _word_gender(root.head) if root.dep_ == "appos" and root.head.i < first else None


def _after(doc: Doc, end: int) -> Gender | None:
    """The gender of an apposition right after a name (`Ana Gil, la ministra`, `Jo Hart, a spokeswoman`)."""
    if end + 2 >= len(doc) or doc[end].text != ",":
        return None
    for k in range(end + 1, min(end + 1 + _REACH, len(doc))):
        token = doc[k]
        if token.is_punct or token.pos_ not in _TITLE_POS:
            return None
        gender = _word_gender(token)
        if gender is not None:
            return gender
    return None
