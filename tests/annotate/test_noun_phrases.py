"""Reporting cues and their subjects, found by walking the tokens outside quotations."""

from __future__ import annotations

import pytest

from generator.annotate.noun_phrases import PhraseFinder
from generator.annotate.quote_marks import find_quote_spans


def cues(annotator, lang: str, text: str) -> list[tuple[str, str | None]]:
    """Each cue's word and its subject's text."""
    nlp, _ = annotator.pipeline(lang)
    doc = nlp(text)
    finder = PhraseFinder(doc, find_quote_spans(text), [])
    return [(cue.text, doc[cue.subject[0]:cue.subject[1]].text if cue.subject else None) for cue in finder.find_cues()]


@pytest.mark.parametrize(("lang", "text", "verb", "subject"), [
    ("es", "La portavoz del comité afirmó que las obras terminarán en mayo.", "afirmó", "La portavoz del comité"),
    ("es", "«Vamos a ganar», dijo ayer el entrenador del equipo.", "dijo", "el entrenador del equipo"),
    ("en", "The head of the union said the strike would go on.", "said", "The head of the union"),
])
def test_a_cue_finds_its_subject_before_or_after_the_verb(annotator, lang, text, verb, subject) -> None:
    found = dict(cues(annotator, lang, text))
    assert verb in " ".join(found), found
    assert subject in found.values(), found


def test_words_inside_a_quotation_are_no_cue(annotator) -> None:
    found = cues(annotator, "en", 'She wrote: "Nobody said a word to us."')
    assert all("said" not in word for word, _ in found), found
