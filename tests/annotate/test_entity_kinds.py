"""Kinds of name the small models get wrong: first names listed with a full name, forms of address, acronyms
inside an institution's name."""

from __future__ import annotations

from generator.annotate import Annotator
from generator.model import Annotations


def types(annotations: Annotations) -> dict[str, str]:
    return {e.name: e.type for e in annotations.entities}


def test_first_names_listed_with_a_full_name_are_people(annotator: Annotator) -> None:
    text = "Los niños viajaron a Roma con sus padres. Nos acompañan Evelyn, Sebastián, Jazhiel y Ana Karen, dijo la directora."
    found = types(annotator.annotate_text(text, "es"))
    assert found["Roma"] == "LOC"
    assert {found["Evelyn"], found["Sebastián"], found["Jazhiel"], found["Ana Karen"]} == {"PER"}


def test_places_listed_together_stay_places(annotator: Annotator) -> None:
    found = types(annotator.annotate_text("Visitaron Francia, Alemania y Países Bajos en una semana.", "es"))
    assert found == {"Francia": "LOC", "Alemania": "LOC", "Países Bajos": "LOC"}


def test_forms_of_address_are_no_entities(annotator: Annotator) -> None:
    text = ("Los peregrinos acudieron a la audiencia del Santo Padre en la Plaza de San Pedro. Después saludaron al "
            "Sumo Pontífice, y Su Santidad les bendijo.")
    assert set(types(annotator.annotate_text(text, "es"))) == {"Plaza de San Pedro"}
    english = "Pilgrims met the Holy Father in Rome on Sunday. His Holiness blessed them, and Her Majesty sent a letter."
    assert set(types(annotator.annotate_text(english, "en"))) == {"Rome"}


def test_an_institution_name_goes_on_after_an_acronym_inside_it(annotator: Annotator) -> None:
    text = "La presidenta del Consejo Consultivo del IMSS Nacional visitó Toluca. Estudia en la Escuela Superior de Física del IPN."
    found = types(annotator.annotate_text(text, "es"))
    assert found.get("Consejo Consultivo del IMSS Nacional") == "ORG"
    assert "Escuela Superior de Física" in found  # an acronym that ends it is another name


def test_the_first_word_of_a_quoted_clause_is_no_name(annotator: Annotator) -> None:
    text = ('Sobre Alex Strecci, refirió "Eres guapo, mam.. y nunca has leído un libro, podrías ser presidente". '
            'Dijo que debería titular su libro algo así como "Guía para firmar un contrato y que no te roben". '
            'Otro gritó "Ramírez no sabe nada". A Chumel dijo "Chumel, ¿ya contaste la historia?".')
    found = types(annotator.annotate_text(text, "es"))
    assert "Eres" not in found and "Guía" not in found
    assert found["Ramírez"] == found["Chumel"] == "PER"  # a quoted clause's subject, a name addressed


def test_an_institution_name_stops_before_the_place_it_is_in(annotator: Annotator) -> None:
    text = ("Lo dijo la jefa del Banco de Sangre de la Cruz Roja Mexicana en la Ciudad de México. Lo aprobó la "
            "Organización para la Seguridad y Cooperación en Europa el lunes.")
    found = types(annotator.annotate_text(text, "es"))
    assert found["Banco de Sangre de la Cruz Roja Mexicana"] == "ORG"
    assert found["Ciudad de México"] == "LOC"
    assert found["Organización para la Seguridad y Cooperación en Europa"] == "ORG"


def test_names_opening_a_quoted_clause_or_after_a_closing_mark_stay(annotator: Annotator) -> None:
    text = ('Explicó que hoy "Madrid y Barcelona son los mejores sitios", según el cocinero. '
            'El informe dijo que "las cifras empeoran." Sevilla prepara un plan, añadió el alcalde.')
    found = types(annotator.annotate_text(text, "es"))
    assert {"Madrid", "Barcelona", "Sevilla"} <= set(found)


def test_a_masked_percentage_is_no_name(annotator: Annotator) -> None:
    text = "La patrulla ayudó con el *NUMBER*% del total y el *NUMBER*% de la marihuana incautada en Sonora."
    assert set(types(annotator.annotate_text(text, "es"))) == {"Sonora"}
