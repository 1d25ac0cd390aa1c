"""Definitions: found only for proper names and acronyms, in Spanish and English."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
import spacy
from spacy.language import Language

from generator.annotate.definitions import (
    acronym_definitions, acronym_expansions, sentence_definitions, strong_terms,
)
from generator.annotate.quote_marks import find_quote_spans
from generator.annotate.sentences import TextLayout
from generator.model import Definition, EntityType


@pytest.fixture(scope="module")
def splitter() -> Language:
    """Sentence boundaries are all the definition rules read from the pipeline."""
    nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp


def define(nlp: Language, text: str, types: Mapping[str, EntityType] | None = None) -> list[Definition]:
    layout = TextLayout(nlp(text), find_quote_spans(text))
    return sentence_definitions(layout, types or {}) + acronym_definitions(layout)


def test_reference_sentence_defines_a_term(splitter: Language) -> None:
    text = (
        "Participan la UE y Bucarest Nine. Bucarest Nine es una referencia a los nueve países europeos "
        "en el extremo oriental de la OTAN: Polonia, Rumania y Eslovaquia. Nada más."
    )
    [found] = define(splitter, text)
    assert found.term == "Bucarest Nine"
    assert found.definition.startswith("Una referencia a los nueve países europeos")
    assert found.sentence == text[found.start : found.end]
    assert found.sentence.startswith("Bucarest Nine es") and found.sentence.endswith("Eslovaquia.")
    assert strong_terms([found]) == {"Bucarest Nine"}


def test_copula_defines_a_proper_name(splitter: Language) -> None:
    [found] = define(splitter, "Mercosur es un bloque comercial de América del Sur.", {"Mercosur": "ORG"})
    assert (found.term, found.definition) == ("Mercosur", "Un bloque comercial de América del Sur.")


@pytest.mark.parametrize(
    "text",
    [
        "La guerra es una tragedia para todos.",  # a common noun
        "Esto es un hecho que nadie discute.",  # a pronoun, capitalised only by position
        "Putin es un político ruso muy conocido.",  # a person is no glossary term
        "Ginebra es una ciudad suiza.",  # nor is a place: both have entity pages
        "Pero Mercosur es un bloque comercial.",  # a sentence-initial conjunction is not part of the name
        "Mercosur es una de las uniones aduaneras del mundo.",  # a fact about it, not what it is
        "El funcionario dijo que la cumbre es una oportunidad.",  # not the sentence's subject
    ],
)
def test_ordinary_sentences_define_nothing(splitter: Language, text: str) -> None:
    types: dict[str, EntityType] = {"Putin": "PER", "Ginebra": "LOC", "Mercosur": "ORG"}
    assert define(splitter, text, types) == []


def test_a_person_who_refers_to_something_defines_nothing(splitter: Language) -> None:
    text = "Gates se refiere a efectos secundarios, no a muertes."
    assert define(splitter, text, {"Gates": "PER"}) == []
    assert [d.definition for d in define(splitter, "NATO stands for North Atlantic Treaty Organisation.")] == [
        "North Atlantic Treaty Organisation."
    ]


def test_a_quoted_sentence_is_somebody_s_words_not_a_definition(splitter: Language) -> None:
    # the opening mark is missing: the quotation starts with the sentence
    assert define(splitter, "Mercosur es un fracaso total», remató el ministro.", {"Mercosur": "ORG"}) == []


def test_a_term_is_defined_where_it_is_introduced(splitter: Language) -> None:
    text = "Mercosur negocia con Europa. El acuerdo tardará. Nadie lo duda. Mercosur es un bloque difícil."
    assert define(splitter, text, {"Mercosur": "ORG"}) == []


def test_relative_clause_definition(splitter: Language) -> None:
    text = "Lo anunció el Fondo Monetario Internacional, que es el prestamista de última instancia, el lunes."
    [found] = define(splitter, text)
    assert (found.term, found.definition) == ("Fondo Monetario Internacional", "El prestamista de última instancia")


def test_acronym_after_its_expansion(splitter: Language) -> None:
    found = define(splitter, "Según la Organización del Tratado del Atlántico Norte (OTAN), no habrá cambios.")
    assert [(d.term, d.definition) for d in found] == [("OTAN", "Organización del Tratado del Atlántico Norte")]
    assert acronym_expansions(found) == {"OTAN": "Organización del Tratado del Atlántico Norte"}


def test_acronym_before_its_expansion(splitter: Language) -> None:
    found = define(splitter, "El informe de la OMS (Organización Mundial de la Salud) llega hoy.")
    assert [(d.term, d.definition) for d in found] == [("OMS", "Organización Mundial de la Salud")]


def test_parentheses_that_do_not_spell_the_acronym_are_ignored(splitter: Language) -> None:
    assert define(splitter, "Lo dijo en la frontera de Ucrania (UE) y en Polonia (OTAN).") == []


def test_english_definitions(splitter: Language) -> None:
    text = (
        "The Telephone Preference Service is a register of people who do not want sales calls. "
        "He quoted Ofcom, which is the regulator for the communications industries, in his letter. "
        "The Labour Party (LP) said nothing."
    )
    found = {d.term: d.definition for d in define(splitter, text, {"Ofcom": "ORG"})}
    assert found == {
        "Telephone Preference Service": "A register of people who do not want sales calls.",
        "Ofcom": "The regulator for the communications industries",
        "LP": "Labour Party",
    }


def test_acronym_of_a_foreign_name_takes_the_capitalised_name_before_it(splitter: Language) -> None:
    found = define(splitter, "La Oficina Federal de Investigaciones (FBI, por sus siglas en inglés) abrió un caso.")
    assert [(d.term, d.definition) for d in found] == [("FBI", "Oficina Federal de Investigaciones")]
    assert acronym_expansions(found) == {"FBI": "Oficina Federal de Investigaciones"}


def test_acronym_with_sigla_de_in_its_parentheses(splitter: Language) -> None:
    found = define(splitter, "Lo confirmó la OTAN (sigla de Organización del Tratado del Atlántico Norte) el lunes.")
    assert [(d.term, d.definition) for d in found] == [("OTAN", "Organización del Tratado del Atlántico Norte")]


def test_a_foreign_acronym_needs_a_name_before_it(splitter: Language) -> None:
    assert define(splitter, "Lo dijo en la frontera de Ucrania (UE, por sus siglas en inglés) ayer.") == []


def test_an_english_apposition_defines_an_organisation_or_a_thing(splitter: Language) -> None:
    text = (
        "The figures were published by the Hartwell Institute, a think tank funded by local farmers, on Monday. "
        "Critics of Glimmerware, an app that shares holiday photos, want it banned. "
        "Analysts said Dorvale, the UK-based maker of garden tools, would hire staff."
    )
    types: dict[str, EntityType] = {"Hartwell Institute": "ORG", "Glimmerware": "MISC", "Dorvale": "ORG"}
    found = {d.term: d.definition for d in define(splitter, text, types)}
    assert found == {
        "Hartwell Institute": "A think tank funded by local farmers.",
        "Glimmerware": "An app that shares holiday photos.",
        "Dorvale": "The UK-based maker of garden tools.",
    }


@pytest.mark.parametrize(
    "text",
    [
        "The striker Tom Bell, a former England captain, scored twice.",  # a person has an entity page
        "They flew to Leeds, a city in the north, on Friday.",  # and so does a place
        "The Hartwell Institute, a day later, changed its mind.",  # a time, not what it is
        "The Hartwell Institute, a, said nothing.",  # no noun phrase at all
        "Shares in Hartwell Holdings, which the trust owns, fell.",  # a name the article did not recognise
        "Profits at the Hartwell Institute, the chairman said, were flat.",  # a clause, not what it is
        "Money went to the Hartwell Institute, the Red Cross and Oxfam.",  # a list of names
        "The Hartwell Institute, the first of its kind, opened.",  # a pointer, not what it is
        "It was decided by the Hartwell Institute, the size of which depends on the vote.",  # a clause
        "Hispanic, the jobless rate is 36 percent.",  # a clause
        "Mr. Hartwell, the developer who built the tower, is rich.",  # a person, whatever the type
        "Hartwell Holdings, a Democrat whose office oversees charities, spoke.",  # a person, mistyped
    ],
)
def test_english_appositions_that_define_nothing(splitter: Language, text: str) -> None:
    types: dict[str, EntityType] = {
        "Tom Bell": "PER", "Leeds": "LOC", "Hartwell Institute": "ORG", "Hispanic": "MISC", "Mr. Hartwell": "ORG",
        "Hartwell Holdings": "ORG",
    }
    assert define(splitter, text, types) == []


def test_a_spanish_a_after_a_name_is_a_preposition_not_an_apposition(splitter: Language) -> None:
    text = "La reunión de Mercosur, a la que asistieron los ministros, terminó el lunes en la capital del país."
    assert define(splitter, text, {"Mercosur": "ORG"}) == []
