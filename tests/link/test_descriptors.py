"""Words that say who someone is (roles, adjectives of places) are no event words."""

from __future__ import annotations

import pytest

from generator.link.descriptors import Descriptors
from generator.link.story_lines import EventVectors
from test_link import article

PLACES = ["Rusia", "Canadá", "Venezuela", "Portugal", "Alemania", "España", "San Felipe", "Monterrey", "Colombia"]


@pytest.mark.parametrize("word", ["ruso", "rusa", "canadiense", "venezolano", "portugués", "alemán", "español"])
def test_the_adjective_of_a_place_the_corpus_names_describes_someone(word):
    assert Descriptors(PLACES).describes(word)


@pytest.mark.parametrize("word", ["persona", "colonia", "monte", "felino", "rusia", "frontera", "arancel"])
def test_other_words_and_the_words_of_many_word_places_describe_no_one(word):
    assert not Descriptors(PLACES).describes(word)


def test_a_role_or_a_phrase_with_a_role_or_gentilic_describes_someone():
    descriptors = Descriptors(PLACES)
    assert descriptors.describes("ministra") and descriptors.describes("senator")
    assert descriptors.describes("exvicepresidente") and descriptors.describes("ex-ministra")
    assert not descriptors.describes("examen") and not descriptors.describes("expresión")
    assert descriptors.describes("mandatario ruso") and descriptors.describes("canciller canadiense")
    assert not descriptors.describes("moción censura") and not descriptors.describes("guerra comercial")


def test_a_corpus_without_the_place_keeps_its_adjective():
    assert not Descriptors(["Francia"]).describes("ruso")


def test_two_stories_that_share_only_how_their_protagonist_is_described_tell_different_events():
    # The same minister in two unconnected episodes: a trade complaint and a visit to a school.
    trade = article("queja", "la ministra canadiense presentó una queja por los aranceles al acero", [])
    school = article("escuela", "la ministra canadiense visitó una escuela rural y habló con los alumnos", [])
    tariffs = article("aranceles", "los aranceles al acero provocan una queja formal del gobierno", [])
    plain = EventVectors([trade, school, tariffs])
    described = EventVectors([trade, school, tariffs], Descriptors(["Canadá"]))
    assert plain.similarities(slice(0, 1))[0, 1] > 0
    assert described.similarities(slice(0, 1))[0, 1] == 0
    assert described.similarities(slice(0, 1))[0, 2] > 0  # the event's own words still count
