"""The forms one name takes: abbreviations with or without dots, acronyms of its initials, middle initials and
nicknames.

Read both inside an article (`annotate/entities.py`) and across the site (`link/entity_merge.py`).
"""

from __future__ import annotations

import re

_SPACE = re.compile(r"\s+")
#: Letters written with dots (`U.S.`, `F.B.I.`; a Spanish plural's doubled ones, `EE. UU.`): the dots say nothing.
#: Initials apart (`George H. W. Bush`) stay initials.
_DOTTED = re.compile(r"\b(?:[A-ZÁÉÍÓÚÑ]{1,2}\.){2,}|\b(?:([A-ZÁÉÍÓÚÑ])\1\. ?){2,}")
#: A middle initial (`Donald J. Trump`).
_INITIAL = re.compile(r"(?<=\s)\w\.(?=\s)")
#: A nickname in quotation marks between a given name and a surname (`Marcia "Cia" Price`).
_NICKNAME = re.compile(r"(?<=\S\s)[\"“«][^\"”»]{1,30}[\"”»](?=\s\S)")
#: Small words an acronym leaves out (`Federal Bureau of Investigation` → `FBI`).
CONNECTORS = frozenset({"de", "del", "la", "las", "los", "el", "y", "e", "of", "the", "and", "for"})
#: The fewest letters of an acronym written as a word (`Nafta`): shorter words spell a name's initials by chance.
_WORD_ACRONYM = 4


def undotted(name: str) -> str:
    """`U.S.` → `US`, `F.B.I.` → `FBI`, `EE. UU.` → `EEUU`; every other word as it is."""
    return _DOTTED.sub(lambda m: m.group().replace(".", "").replace(" ", ""), name)


def without_middle_parts(name: str) -> str:
    """`Donald J. Trump` → `Donald Trump`, `Joaquín «El Chapo» Guzmán` → `Joaquín Guzmán`: the name without its
    middle initials and without a nickname quoted inside it."""
    return _SPACE.sub(" ", _NICKNAME.sub("", _INITIAL.sub("", name))).strip()


def has_nickname(name: str) -> bool:
    """`Saúl «Canelo» Álvarez`: a nickname quoted inside the name, which its page's name leaves out."""
    return _NICKNAME.search(name) is not None


def acronym_letters(raw: str) -> str | None:
    """The initials an acronym stands for (`US`, `U.S.`; Spanish doubles a plural's: `EE.UU.` → `EU`), or None."""
    letters = "".join(c for c in raw if c not in ". ")
    if len(letters) >= _WORD_ACRONYM and letters.isalpha() and letters[0].isupper() and letters[1:].islower():
        return letters.upper()  # written as a word: `Nafta`, `Nasdaq`
    if len(letters) < 2 or not (letters.isalpha() and letters.isupper()):
        return None
    pairs = len(letters) % 2 == 0 and len(letters) >= 4 and all(a == b for a, b in zip(letters[::2], letters[1::2]))
    return letters[::2] if pairs else letters


def initials(name: str) -> str:
    """`Federal Bureau of Investigation` → `FBI`: the first letters of a name's words but its small ones and
    its signs (`Securities & Exchange Commission` → `SEC`)."""
    return "".join(w[0] for w in name.split() if w.casefold() not in CONNECTORS and w[0].isalnum()).upper()
