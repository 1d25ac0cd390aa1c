"""Entity types from the model's labels: a full name's label outweighs the labels of the lone word that stands for it."""

from __future__ import annotations

from spacy.tokens import Doc

from generator.annotate import Annotator
from generator.annotate.entity_spans import Candidate
from generator.annotate.entity_types import context_vote, non_person_cue, resolve_type


def mention(doc: Doc, first: int, last: int, label: str) -> Candidate:
    return Candidate(doc[first].idx, doc[last - 1].idx + len(doc[last - 1]), label, first, last)  # type: ignore[arg-type]


def test_a_full_name_labelled_a_person_outweighs_its_surname_labelled_otherwise(annotator: Annotator) -> None:
    doc = annotator.pipeline("en")[0]("Rosa Timms spoke first . Then Timms left , Timms laughed and Timms waved .")
    group = [mention(doc, 0, 2, "PER"), mention(doc, 6, 7, "ORG"), mention(doc, 9, 10, "ORG"), mention(doc, 12, 13, "ORG")]
    assert resolve_type(doc, group)[0] == "PER"


def test_lone_words_alone_are_typed_by_their_majority(annotator: Annotator) -> None:
    doc = annotator.pipeline("en")[0]("Then Timms left , Timms laughed and Timms waved .")
    group = [mention(doc, 1, 2, "LOC"), mention(doc, 4, 5, "LOC"), mention(doc, 7, 8, "PER")]
    assert resolve_type(doc, group)[0] == "LOC"


def test_an_acronym_counts_as_a_full_name(annotator: Annotator) -> None:
    doc = annotator.pipeline("es")[0]("Los Amigos Unidos de Olmos y la AUO firmaron . La AUO y la AUO votaron .")
    group = [mention(doc, 1, 5, "MISC"), mention(doc, 7, 8, "ORG"), mention(doc, 11, 12, "ORG"), mention(doc, 14, 15, "ORG")]
    assert resolve_type(doc, group)[0] == "ORG"


def test_an_age_or_who_after_a_name_says_it_is_a_person(annotator: Annotator) -> None:
    from generator.annotate.entity_types import person_cue

    doc = annotator.pipeline("en")[0]("Police shot Dorian Vale , 43 , on Friday . Redhill , who won , lead .")
    assert person_cue(doc, mention(doc, 2, 4, "ORG"))
    assert not person_cue(doc, mention(doc, 10, 11, "ORG"))  # British English: "England, who won"
    es = annotator.pipeline("es")[0]("Murió Ana Lirio , de 43 años , en su casa . Lirio , 2018 . Vera , quien habló .")
    assert person_cue(es, mention(es, 1, 3, "LOC"))
    assert not person_cue(es, mention(es, 12, 13, "LOC"))  # a year after a comma is no age
    assert person_cue(es, mention(es, 16, 17, "LOC"))


def test_quien_after_a_complement_or_quienes_after_a_place_says_nothing_of_the_name(annotator: Annotator) -> None:
    from generator.annotate.entity_types import person_cue

    es = annotator.pipeline("es")[0]("El jefe de Agua Clara , quien llegó , habló . Votaron Santa Inés , quienes rieron .")
    assert not person_cue(es, mention(es, 3, 5, "ORG"))
    assert not person_cue(es, mention(es, 12, 14, "LOC"))
    assert person_cue(es, mention(es, 12, 14, "MISC"))


def test_a_full_name_after_a_post_at_an_institution_is_its_holder(annotator: Annotator) -> None:
    from generator.annotate.entity_types import person_cue

    es = annotator.pipeline("es")[0](
        "Llegó la directora del Museo Naval , Irma Velarde ; luego , los ministros de Francia , Reino Unido y Chile ."
    )
    assert person_cue(es, mention(es, 7, 9, "LOC"))
    assert not person_cue(es, mention(es, 17, 19, "LOC"))


def test_an_age_after_a_complement_is_still_the_name_s(annotator: Annotator) -> None:
    from generator.annotate.entity_types import person_cue

    doc = annotator.pipeline("en")[0]("The shooting of Dorian Vale , 43 , shocked the city .")
    assert person_cue(doc, mention(doc, 3, 5, "ORG"))
    es = annotator.pipeline("es")[0]("Se reunieron con Almeyda en Agua Clara , quien les habló .")
    assert not person_cue(es, mention(es, 5, 7, "LOC"))


def test_a_legal_form_after_a_name_says_it_is_a_company(annotator: Annotator) -> None:
    from generator.annotate.entity_types import name_type

    es = annotator.pipeline("es")[0]("Ganó Lirio Torres , S.A. de C.V. ayer . Acero Vela S.A. perdió .")
    assert name_type(es, mention(es, 1, 3, "LOC")) == "ORG"
    assert name_type(es, mention(es, 9, 11, "PER")) == "ORG"
    en = annotator.pipeline("en")[0]("Shares in Dorvale Inc. rose while Dorvale Street stayed quiet .")
    assert name_type(en, mention(en, 2, 3, "LOC")) == "ORG"
    assert name_type(en, mention(en, 6, 8, "LOC")) is None


def test_places_listed_with_a_place_named_after_a_person_stay_places(annotator: Annotator) -> None:
    text = "En los municipios Coyoacán, Benito Juárez, Tlalpan y Xochimilco falta el agua desde el lunes."
    types = {e.name: e.type for e in annotator.annotate_text(text, "es").entities}
    assert types["Coyoacán"] == types["Tlalpan"] == types["Xochimilco"] == "LOC"


def test_a_name_ending_in_de_and_a_place_is_no_person_and_its_first_words_name_it(annotator: Annotator) -> None:
    doc = annotator.pipeline("es")[0]("Dorvale de México señaló en el reporte que vende más. En México hay tres plantas.")
    assert non_person_cue(doc, mention(doc, 0, 3, "PER"))
    person = annotator.pipeline("es")[0]("El ministro Luis de Guindos habló .")
    assert not non_person_cue(person, mention(person, 2, 5, "PER"))
    text = (
        "La empresa Dorvale de México señaló en el reporte que vende más. "
        "En México hay tres plantas y para Dorvale trabajan mil personas."
    )
    found = annotator.annotate_text(text, "es")
    assert [len(e.mentions) for e in found.entities if e.name == "Dorvale de México"] == [2]
    place = "Lo dijo la corresponsal en Sudáfrica del New York Times, que vive en Sudáfrica."
    assert "Sudáfrica" in {e.name for e in annotator.annotate_text(place, "es").entities}


def test_a_dateline_is_a_place_whatever_the_model_calls_it(annotator: Annotator) -> None:
    text = "DORVALE ATOLL - Seventy years ago, a battle off the island changed the war.\nThe navy remembers it."
    found = annotator.annotate_text(text, "en")
    assert any(e.type == "LOC" and "DORVALE ATOLL" in e.surface_forms for e in found.entities)
    line_end = "La OTAN habló el lunes con sus aliados en la reunión de la OTAN.\nMañana habrá otra reunión."
    assert all(e.type != "LOC" for e in annotator.annotate_text(line_end, "es").entities if e.name == "OTAN")


def test_what_only_an_organisation_has_after_its_name_says_it_is_one(annotator: Annotator) -> None:
    doc = annotator.pipeline("en")[0]("A bid went to David Gill , Dorvale 's chief executive , and to Dorvale 's largest shareholders .")
    assert context_vote(doc, mention(doc, 7, 8, "PER")) == "ORG"
    assert context_vote(doc, mention(doc, 14, 15, "PER")) == "ORG"
    person = annotator.pipeline("en")[0]("Ann Lee 's campaign manager and Ann Lee 's chief of staff spoke .")
    assert context_vote(person, mention(person, 0, 2, "PER")) is None
    assert context_vote(person, mention(person, 6, 8, "PER")) is None


def test_a_name_ending_in_a_short_code_of_capitals_is_no_person(annotator: Annotator) -> None:
    doc = annotator.pipeline("es")[0]("Lucía jugó con Pokémon GO y con Pixel XL ante Felipe VI y Paco Ignacio Taibo II .")
    assert resolve_type(doc, [mention(doc, 3, 5, "PER")])[0] == "MISC"
    assert resolve_type(doc, [mention(doc, 7, 9, "PER")])[0] == "MISC"
    assert resolve_type(doc, [mention(doc, 10, 12, "PER")])[0] == "PER"  # a king's number
    assert resolve_type(doc, [mention(doc, 13, 17, "PER")])[0] == "PER"


def test_quien_after_a_name_marked_with_the_personal_a_makes_it_a_person(annotator: Annotator) -> None:
    nlp = annotator.pipeline("es")[0]
    doc = nlp.get_pipe("parser")(nlp("Le recordó también a Yuya , quien le robó todo . Cenaron con Ana en Verde Valle , quien les habló ."))
    assert doc[4].text == "Yuya" and doc[15].text == "Verde"
    assert resolve_type(doc, [mention(doc, 4, 5, "LOC")])[0] == "PER"
    assert resolve_type(doc, [mention(doc, 15, 17, "LOC")])[0] == "LOC"  # after `en`, the clause may be about Ana


def test_a_relative_of_a_name_makes_it_a_person(annotator: Annotator) -> None:
    text = "La viuda de Sierra Leona Pérez habló ayer en Quito."
    found = {e.name: e.type for e in annotator.annotate_text(text, "es").entities}
    assert found["Sierra Leona Pérez"] == "PER" and found["Quito"] == "LOC"
    english = annotator.annotate_text("Keir Ravenscroft's wife runs a bakery in Leeds. Ravenscroft sold it.", "en")
    found = {form: e.type for e in english.entities for form in e.surface_forms}
    assert found["Ravenscroft"] == "PER" and found["Leeds"] == "LOC"


def test_friends_and_colleagues_do_not_make_a_name_a_person(annotator: Annotator) -> None:
    doc = annotator.pipeline("es")[0]("Los colegas de Google y la hija de Ana Gil .")
    assert context_vote(doc, mention(doc, 3, 4, "ORG")) is None
    assert context_vote(doc, mention(doc, 8, 10, "LOC")) == "PER"
    doc = annotator.pipeline("en")[0]("Google 's partners met Ana Gil 's eldest son .")
    assert context_vote(doc, mention(doc, 0, 1, "ORG")) is None
    assert context_vote(doc, mention(doc, 4, 6, "LOC")) == "PER"


def test_a_word_of_family_in_one_language_is_no_cue_in_the_other(annotator: Annotator) -> None:
    text = "Los artistas son originarios de Quito y viven en Lima."
    found = {e.name: e.type for e in annotator.annotate_text(text, "es").entities}
    assert found["Quito"] == "LOC"
