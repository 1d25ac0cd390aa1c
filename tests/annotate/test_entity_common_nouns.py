"""Acronyms of common nouns (`proposición no de ley (PNL)`) are terms, not names."""

from __future__ import annotations

import pytest

from generator.annotate import Annotator
from generator.annotate.definitions import term_acronyms
from generator.model import Annotations


def names(annotations: Annotations) -> set[str]:
    return {form for e in annotations.entities for form in e.surface_forms}


@pytest.mark.parametrize(
    ("text", "acronyms"),
    [
        ("El pleno aprobó una proposición no de ley (PNL) sobre el agua.", {"PNL"}),
        ("Ingresó en la unidad de cuidados intensivos (UCI) del hospital.", {"UCI"}),
        ("Growth in gross domestic product (GDP) slowed.", {"GDP"}),
        ("La Organización Mundial de la Salud (OMS) alertó.", set()),  # a name: its words are capitalised
        ("Habló con la prensa (EFE) ayer.", set()),  # the words before do not spell it
        ("Según la agencia (AP), llovió.", set()),
    ],
)
def test_acronyms_of_lowercase_words_are_terms(text: str, acronyms: set[str]) -> None:
    assert term_acronyms(text) == acronyms


def test_an_acronym_of_a_common_noun_is_no_entity(annotator: Annotator) -> None:
    text = ("Los diputados de Valencia votaron una proposición no de ley (PNL) presentada por el PP. "
            "La PNL salió adelante con el apoyo de la Organización Mundial de la Salud (OMS).")
    found = names(annotator.annotate_text(text, "es"))
    assert "PNL" not in found
    assert {"PP", "OMS"} <= found
    english = ("The minister said gross domestic product (GDP) grew, according to the Office for National "
               "Statistics (ONS).")
    found = names(annotator.annotate_text(english, "en"))
    assert "GDP" not in found and "ONS" in found
