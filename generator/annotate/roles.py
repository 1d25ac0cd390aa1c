"""Words for people's roles: before a name they say the name is a person's ("el historiador Enrique Krauze")."""

from __future__ import annotations

from typing import Literal

from ..lang import en, es

ROLE_WORDS: frozenset[str] = es.ROLE_WORDS | en.ROLE_WORDS
#: Honorifics: part of how a person is named, not of the name ("Mr Blair" is Blair).
HONORIFICS: frozenset[str] = es.HONORIFICS | en.HONORIFICS
#: The gender an honorific gives the name it opens (`Mrs Hart`, `la Sra. Gil`, `don Luis`).
HONORIFIC_GENDERS: dict[str, Literal["F", "M"]] = {
    **dict.fromkeys(sorted(es.FEMININE_HONORIFICS | en.FEMININE_HONORIFICS), "F"),
    **dict.fromkeys(sorted(es.MASCULINE_HONORIFICS | en.MASCULINE_HONORIFICS), "M"),
}
_ROLE_SUFFIXES = es.ROLE_SUFFIXES + en.ROLE_SUFFIXES
#: Words with a role's ending that name no person.
_NOT_ROLES = es.NOT_ROLES | en.NOT_ROLES


def is_role_word(word: str) -> bool:
    """True for a lowercase word naming a person's role or relation (`portavoz`, `historiador`, `spokesman`)."""
    lower = word.lower()
    if lower in ROLE_WORDS:
        return True
    return word.islower() and lower.endswith(_ROLE_SUFFIXES) and lower not in _NOT_ROLES
#: Words that introduce a woman or a man (`Mrs Hart`, `spokeswoman Jane Roe`, `Ana Gil, a congresswoman`);
#: Spanish ones are told by their grammatical gender instead.
FEMININE_WORDS: frozenset[str] = en.FEMININE_WORDS
MASCULINE_WORDS: frozenset[str] = en.MASCULINE_WORDS
#: Words that make a title another role (`Deputy Prime Minister` is not `the prime minister`).
ROLE_QUALIFIERS: frozenset[str] = es.ROLE_QUALIFIERS | en.ROLE_QUALIFIERS
#: Abbreviated titles and the role each stands for (`Sen. Bernie Sanders` is a senator).
ROLE_ABBREVIATIONS: dict[str, str] = {**en.ROLE_ABBREVIATIONS, **es.ROLE_ABBREVIATIONS}


def role_of(word: str) -> str | None:
    """The role a word names, in one form for both genders (`senadora` → senador, `Sen.` → senator), or None."""
    lower = word.lower().rstrip(".")
    if lower in ROLE_ABBREVIATIONS:
        return ROLE_ABBREVIATIONS[lower]
    if lower in HONORIFICS or lower + "." in HONORIFICS or not is_role_word(lower):
        return None
    for feminine, masculine in (("ora", "or"), ("enta", "ente"), ("efa", "efe"), ("a", "o"), ("esa", "e"),
                                ("woman", "man")):
        if lower.endswith(feminine) and lower[: -len(feminine)] + masculine in ROLE_WORDS:
            return lower[: -len(feminine)] + masculine
    return lower
