"""A person's title, party or the complement of a title is no part of the person's name, and says it is a person."""

from __future__ import annotations

from generator.annotate import Annotator
from generator.model import Annotations, Entity


def forms(annotations: Annotations) -> set[str]:
    return {form for e in annotations.entities for form in e.surface_forms}


def person(annotations: Annotations, name: str) -> Entity:
    found = [e for e in annotations.entities if e.name == name]
    assert found, f"{name!r} not among {[e.name for e in annotations.entities]}"
    return found[0]


def test_a_party_before_a_name_is_not_its_first_name(annotator: Annotator) -> None:
    text = "Democrat Hillary Clinton said on Monday that the plan would fail. Republican Donald Trump disagreed."
    found = annotator.annotate_text(text, "en")
    assert person(found, "Hillary Clinton").type == "PER"
    assert person(found, "Donald Trump").type == "PER"
    assert not forms(found) & {"Democrat Hillary Clinton", "Republican Donald Trump"}


def test_the_complement_of_a_title_is_not_part_of_the_name(annotator: Annotator) -> None:
    text = "Former Secretary of State Hillary Clinton spoke in Ohio on Friday about the economy."
    found = forms(annotator.annotate_text(text, "en"))
    assert "Hillary Clinton" in found
    assert not found & {"State Hillary Clinton", "State"}


def test_a_title_between_an_institution_and_a_name_is_no_institution(annotator: Annotator) -> None:
    text = "Late on Thursday, Senate Minority Leader Harry Reid said the vote would wait until next week."
    found = annotator.annotate_text(text, "en")
    assert person(found, "Harry Reid").type == "PER"
    assert not any("Leader" in form for form in forms(found))


def test_a_name_started_inside_a_title_loses_the_title_word_named_alone_elsewhere(annotator: Annotator) -> None:
    text = (
        "The candidate attacked former Miss Universe Alicia Machado on Tuesday. "
        "In a statement, Alicia Machado said she would vote early."
    )
    found = annotator.annotate_text(text, "en")
    assert len(person(found, "Alicia Machado").mentions) == 2
    assert "Universe Alicia Machado" not in forms(found)


def test_an_institution_name_that_ends_in_a_name_stays_whole(annotator: Annotator) -> None:
    text = "Los heridos fueron trasladados al Centro Médico Militar Nacional Walter Reed, en las afueras de la capital."
    found = forms(annotator.annotate_text(text, "es"))
    assert "Centro Médico Militar Nacional Walter Reed" in found


def test_an_occupation_opening_a_sentence_before_a_name_is_not_its_first_name(annotator: Annotator) -> None:
    text = ("Sprinter Jane Roe has been banned for two years after a failed test. Roe said she would appeal. "
            "Rapper Tom Vale has topped the charts again. Mogul Peter Lang is backing a new band.")
    found = annotator.annotate_text(text, "en")
    for name in ("Jane Roe", "Tom Vale", "Peter Lang"):
        assert person(found, name).type == "PER"
    assert not forms(found) & {"Sprinter Jane Roe", "Rapper Tom Vale", "Mogul Peter Lang"}
