"""The comparison form of text: case and accents ignored, so `Álvarez`, `ALVAREZ` and `alvarez` are one."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """`text` case-folded and without accents (`México` → `mexico`, `Straße` → `strasse`)."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_in_place(text: str) -> str:
    """Lower case without accents, one character for each character, so that positions match the text's."""
    return "".join((unicodedata.normalize("NFKD", c)[:1] or c).lower()[:1] or c for c in text)
