"""The comparison form of text, checked against its definition character by character."""

from __future__ import annotations

import unicodedata

from generator.text_fold import fold, fold_in_place

#: Latin with its accents, combining marks, Greek, Cyrillic, ligatures, full-width letters and some CJK.
SAMPLE = "".join(chr(code) for start, end in ((0x20, 0x250), (0x300, 0x370), (0x370, 0x500), (0x1E00, 0x1F00),
                                              (0xFB00, 0xFB07), (0xFF01, 0xFF5F), (0x4E00, 0x4E40))
                 for code in range(start, end))


def test_fold_drops_every_combining_mark_of_the_decomposed_case_fold():
    decomposed = unicodedata.normalize("NFKD", SAMPLE.casefold())
    assert fold(SAMPLE) == "".join(c for c in decomposed if not unicodedata.combining(c))
    assert fold("México, ÁLVAREZ y Straße") == "mexico, alvarez y strasse"
    assert fold("e\u0301\u034f") == "e\u034f"  # the grapheme joiner is no accent


def test_fold_in_place_keeps_one_character_for_each():
    expected = "".join((unicodedata.normalize("NFKD", c)[:1] or c).lower()[:1] or c for c in SAMPLE)
    assert fold_in_place(SAMPLE) == expected and len(fold_in_place(SAMPLE)) == len(SAMPLE)
    assert fold_in_place("Ñandú İstanbul ﬁn") == "nandu istanbul fn"  # a ligature keeps its first letter
