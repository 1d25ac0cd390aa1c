"""The word lists of each language: lowercase words, and every list a rule reads present in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.lang import en, es

ANNOTATE = Path(__file__).resolve().parents[2] / "generator" / "annotate"


@pytest.mark.parametrize("language", [es, en], ids=["es", "en"])
def test_every_word_is_lowercase_and_trimmed(language) -> None:
    # The rules compare lowercased tokens: a capitalised or padded entry would never match.
    for name, value in vars(language).items():
        if name.isupper() and isinstance(value, frozenset):
            for entry in value:
                words = entry if isinstance(entry, tuple) else (entry,)
                assert all(w == w.strip().lower() and w for w in words), f"{language.__name__}.{name}: {entry!r}"


def test_every_list_a_rule_unites_is_in_both_languages() -> None:
    used = set()
    for source in ANNOTATE.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        used |= {("es", name) for name in re.findall(r"\bes\.([A-Z_]+)\b", text)}
        used |= {("en", name) for name in re.findall(r"\ben\.([A-Z_]+)\b", text)}
    assert used, "the annotator reads no word list of generator/lang"
    missing = [f"{lang}.{name}" for lang, name in sorted(used) if not hasattr({"es": es, "en": en}[lang], name)]
    assert missing == []
    united = {name for lang, name in used if lang == "es"} & {name for lang, name in used if lang == "en"}
    assert "REPORTING_VERBS" in united and "ROLE_WORDS" in united


def test_the_languages_keep_their_own_verbs_of_speech() -> None:
    # A Spanish verb form in the English list (or the reverse) would be a list put in the wrong module.
    assert {"dijo", "señaló", "afirmaron", "añadió"} <= es.REPORTING_VERBS
    assert not {"dijo", "señaló"} & en.REPORTING_VERBS
    assert {"said", "told", "argued", "testified"} <= en.REPORTING_VERBS
    assert not {"said", "told"} & es.REPORTING_VERBS
    assert "arguing" in en.REPORTING_GERUNDS and "arguing" not in en.REPORTING_VERBS
