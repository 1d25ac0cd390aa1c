"""The comparison form of text: case and accents ignored, so `Álvarez`, `ALVAREZ` and `alvarez` are one."""

from __future__ import annotations

import unicodedata


class _Marks(dict[int, int | None]):
    """Each character of a decomposed text: None for an accent (a combining mark), itself otherwise; found on
    first use (`str.translate` asks for each character, in C)."""

    def __missing__(self, code: int) -> int | None:
        kept = self[code] = None if unicodedata.combining(chr(code)) else code
        return kept


class _Letters(dict[int, str]):
    """Each character lower-cased without its accent, one character for one; found on first use."""

    def __missing__(self, code: int) -> str:
        letter = chr(code)
        folded = self[code] = (unicodedata.normalize("NFKD", letter)[:1] or letter).lower()[:1] or letter
        return folded


# Memos of pure functions of a character, the same for every site.
_MARKS = _Marks()
_LETTERS = _Letters()


def fold(text: str) -> str:
    """`text` case-folded and without accents (`México` → `mexico`, `Straße` → `strasse`)."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKD", text.casefold()).translate(_MARKS)


def fold_in_place(text: str) -> str:
    """Lower case without accents, one character for each character, so that positions match the text's."""
    return text.translate(_LETTERS)
