"""Name spans: never across a line or a bracket, datelines in capitals, generic institution words alone, repeated names."""

from __future__ import annotations

from spacy.language import Language

from generator.annotate import Annotator
from generator.annotate.entity_spans import Candidate, split_at_separators, split_merged
from generator.annotate.name_context import NameContext
from generator.annotate.pipelines import lexicon
from generator.model import Annotations, Entity


def forms(annotations: Annotations) -> set[str]:
    return {form for e in annotations.entities for form in e.surface_forms}


def holding(annotations: Annotations, form: str) -> Entity:
    found = [e for e in annotations.entities if form in e.surface_forms]
    assert found, f"{form!r} not among {[e.surface_forms for e in annotations.entities]}"
    return found[0]


def test_a_name_never_runs_across_a_bracket(annotator: Annotator) -> None:
    text = "The Russian President [Vladimir] Putin met the press in the morning. Later, Putin left for the airport."
    found = annotator.annotate_text(text, "en")
    assert not any("]" in form or "[" in form for form in forms(found))
    assert len(holding(found, "Putin").mentions) == 2


def test_an_english_dateline_is_one_place_named_as_the_text_writes_it(annotator: Annotator) -> None:
    text = "SPRINGFIELD, Ill., Oct. 3 (UPI) — The governor spoke to reporters in Springfield on Monday."
    place = holding(annotator.annotate_text(text, "en"), "SPRINGFIELD")
    assert place.type == "LOC"
    assert place.name == "Springfield" and len(place.mentions) == 2


def test_a_spanish_dateline_at_the_end_of_a_line_is_one_place(annotator: Annotator) -> None:
    text = (
        "La visita duró una hora CIUDAD DE GUATEMALA.\nLos niños del hospital cantaron para los visitantes "
        "que llegaron desde Guatemala el lunes."
    )
    found = annotator.annotate_text(text, "es")
    assert holding(found, "CIUDAD DE GUATEMALA").type == "LOC"
    assert "CIUDAD" not in forms(found)


def test_a_heading_in_capitals_is_no_dateline(annotator: Annotator) -> None:
    text = "ABSTRACT.\nThe committee met on Monday and the senators voted against the bill."
    assert not {"ABSTRACT", "Abstract"} & forms(annotator.annotate_text(text, "en"))


def test_an_institution_word_alone_is_the_one_name_it_starts_or_none(annotator: Annotator) -> None:
    one = (
        "Los alumnos de la Universidad Politécnica de Tarragona protestaron ayer. "
        "La Universidad no respondió a sus preguntas."
    )
    found = annotator.annotate_text(one, "es")
    assert "Universidad" not in {e.name for e in found.entities}
    assert len(holding(found, "Universidad Politécnica de Tarragona").mentions) == 2
    alone = "Después de la reunión, acudió a la Secretaría y luego volvió a su casa en Zaragoza."
    assert "Secretaría" not in forms(annotator.annotate_text(alone, "es"))


def test_a_title_joined_to_an_institution_by_a_preposition_is_not_a_name(annotator: Annotator) -> None:
    text = "La silla fue donada por la esposa del Presidente al Hospital pediátrico de la ciudad."
    assert not any(form.startswith("Presidente") for form in forms(annotator.annotate_text(text, "es")))


def test_a_place_name_written_twice_is_not_split_into_names_found_alone(annotator: Annotator) -> None:
    text = (
        "North Korea tested a missile on Friday. Tension grew in the North, officials said, and "
        "Korea was on alert. North Korea did not comment."
    )
    found = annotator.annotate_text(text, "en")
    assert len(holding(found, "North Korea").mentions) == 2


def test_an_organisation_s_last_word_alone_is_that_organisation(annotator: Annotator) -> None:
    text = "The Springfield Gazette reported the story on Monday. The Gazette said the mayor had resigned."
    found = annotator.annotate_text(text, "en")
    paper = holding(found, "Gazette")
    assert "Springfield Gazette" in paper.name and len(paper.mentions) == 2


def test_names_run_together_across_a_slash_are_two_names(annotator: Annotator) -> None:
    text = "The photos came from Getty/Instagram on Monday, and a Springfield Gazette/KTLA News poll followed."
    found = forms(annotator.annotate_text(text, "en"))
    assert not any("/" in form for form in found)
    assert {"Getty", "Instagram"} <= found
    doc = annotator.pipeline("en")[0]("Sony launched the PCG-X505/P Vaio laptop.")
    model = Candidate(doc[3].idx, doc[8].idx + len(doc[8]), "MISC", 3, 9)  # "PCG-X505/P Vaio"
    assert [c.text(doc.text) for c in split_at_separators(doc, [model])] == ["PCG-X505/P Vaio"]


def test_a_word_with_a_bracket_inside_is_no_name(annotator: Annotator) -> None:
    text = "The senator wrote: \"[W]e will win in Ohio,\" and left for Dayton on Friday."
    found = forms(annotator.annotate_text(text, "en"))
    assert not any("[" in form or "]" in form for form in found)


def test_a_name_with_another_accent_is_the_same_name(annotator: Annotator) -> None:
    text = "Los niños visitaron el hospital Santa Lucía de Roma. Más tarde, el Santa Lucia recibió a los padres."
    found = annotator.annotate_text(text, "es")
    assert len(holding(found, "Santa Lucía").mentions) == 2


def test_common_words_before_an_institution_s_name_are_not_part_of_it(annotator: Annotator) -> None:
    text = "Los Estudiantes de la Facultad de Ciencias Políticas marcharon ayer por el centro de Sevilla."
    assert "Facultad de Ciencias Políticas" in forms(annotator.annotate_text(text, "es"))
    own = "La Asociación de Amigos del Museo del Prado donó un cuadro ayer en Madrid."
    assert "Asociación de Amigos del Museo del Prado" in forms(annotator.annotate_text(own, "es"))
    for part in ("Unidad de Investigación Clínica de la Universidad de Oxford", "Palacio de Gobierno de Jalisco"):
        assert part in forms(annotator.annotate_text(f"Trabaja en la {part} desde el año pasado.", "es"))


def test_a_word_for_a_country_s_state_alone_is_the_one_name_it_starts_or_none(annotator: Annotator) -> None:
    one = "El Gobierno de Chile anunció un plan de obras. Después, el Gobierno negó haber pagado a la empresa."
    found = annotator.annotate_text(one, "es")
    assert len(holding(found, "Gobierno de Chile").mentions) == 2
    none = "La medida fue impuesta por el Gobierno para frenar la epidemia. El Estado debe proteger a la República."
    assert not {"Gobierno", "Estado", "República"} & forms(annotator.annotate_text(none, "es"))


def test_fields_after_a_noun_of_a_field_are_not_names(annotator: Annotator) -> None:
    text = "Cumplirán los compromisos del Gobierno Nacional en materia de Empleo Público y Transparencia."
    found = forms(annotator.annotate_text(text, "es"))
    assert "Gobierno Nacional" in found and not {"Empleo Público", "Transparencia"} & found
    listed = "Lo anunció la secretaria de Innovación, Ciencia aplicada y Tecnología, Ana Ruiz, en Valencia."
    assert forms(annotator.annotate_text(listed, "es")) == {"Ana Ruiz", "Valencia"}
    unit = "Luis Gil trabaja en el área de Cardiología desde enero."  # a unit of a hospital, named by its field
    assert forms(annotator.annotate_text(unit, "es")) == {"Luis Gil"}
    places = "El gobernador del departamento de Antioquia, Caldas y Valle habló ayer."
    assert {"Antioquia", "Caldas", "Valle"} <= forms(annotator.annotate_text(places, "es"))


def test_a_person_s_name_run_on_from_an_organisation_s_is_a_name_of_its_own(annotator: Annotator) -> None:
    post = (
        "Para el exconsejero del Instituto Federal Electoral Alfredo Figueroa, la ley es vaga. "
        "Consultado por la revista, Figueroa afirma que no."
    )
    found = annotator.annotate_text(post, "es")
    assert holding(found, "Instituto Federal Electoral").type == "ORG"
    person = holding(found, "Alfredo Figueroa")
    assert person.type == "PER" and len(person.mentions) == 2
    named_after = "El director de la Fundación Carlos Slim habló ayer. Slim donó diez millones."
    assert "Fundación Carlos Slim" in forms(annotator.annotate_text(named_after, "es"))
    one = "La cantante Rosa María Figueroa llegó ayer. Figueroa cantó dos horas."
    assert "Rosa María Figueroa" in forms(annotator.annotate_text(one, "es"))
    initial = "El actor Juan S. Garrido llegó con Marissa Garrido. Garrido sonrió."
    assert "Juan S. Garrido" in forms(annotator.annotate_text(initial, "es"))
    named = (
        "El investigador de la Universidad Pompeu Fabra Lorenzo Gabrielli explicó el caso. "
        "\"Es grave\", dijo Gabrielli."
    )
    assert {"Universidad Pompeu Fabra", "Lorenzo Gabrielli"} <= forms(annotator.annotate_text(named, "es"))


def test_a_span_trimmed_to_nothing_is_no_name(annotator: Annotator) -> None:
    for text in ("x", "La", "De la"):
        assert annotator.annotate_text(text, "es").entities == []




def _split(nlp: Language, text: str, spans: list[tuple[int, int, str]]) -> list[str]:
    doc = nlp(text)
    cands = [Candidate(doc[a].idx, doc[b - 1].idx + len(doc[b - 1]), label, a, b) for a, b, label in spans]  # type: ignore[arg-type]
    return [c.text(doc.text) for c in split_merged(doc, cands, NameContext.of(doc, lexicon(nlp)))]


def test_a_first_name_the_model_took_for_an_organisation_is_no_organisation_before_a_surname(
    annotator: Annotator,
) -> None:
    nlp = annotator.pipeline("en")[0]
    text = "Champion Haile Gebrselassie will race . We secured Haile 's presence , said Gebrselassie 's coach ."
    spans = [(1, 3, "PER"), (8, 9, "ORG"), (13, 14, "PER")]
    assert _split(nlp, text, spans) == ["Haile Gebrselassie", "Haile", "Gebrselassie"]
    told = "Se lo dijo a BBC Mundo Peggy ayer . Peggy no quiso hablar más ."
    assert _split(annotator.pipeline("es")[0], told, [(4, 7, "ORG"), (9, 10, "PER")]) == ["BBC Mundo", "Peggy", "Peggy"]


def test_a_person_s_initials_are_no_organisation_s_acronym(annotator: Annotator) -> None:
    nlp = annotator.pipeline("es")[0]
    text = "El autor George R.R. Martin firmó libros . Martin sonrió ."
    assert _split(nlp, text, [(2, 5, "PER"), (8, 9, "PER")]) == ["George R.R. Martin", "Martin"]


def test_two_institutions_joined_by_a_conjunction_are_two_names(annotator: Annotator) -> None:
    text = "Firmaron el convenio la Secretaría de Salud y la Comisión Federal de Electricidad el lunes."
    found = forms(annotator.annotate_text(text, "es"))
    assert {"Secretaría de Salud", "Comisión Federal de Electricidad"} <= found
    english = "The Department of Health and the Office for National Statistics published the figures."
    assert {"Department of Health", "Office for National Statistics"} <= forms(annotator.annotate_text(english, "en"))


def test_an_institution_s_name_goes_on_across_a_conjunction_before_other_words(annotator: Annotator) -> None:
    text = "Estudió en la Facultad de Filosofía y Letras y trabajó en el Ministerio de Economía y Hacienda."
    found = forms(annotator.annotate_text(text, "es"))
    assert {"Facultad de Filosofía y Letras", "Ministerio de Economía y Hacienda"} <= found
    one = "Lo dijo una experta del Instituto Politécnico y Universidad Estatal de Oregón ayer."
    assert "Instituto Politécnico y Universidad Estatal de Oregón" in forms(annotator.annotate_text(one, "es"))


def test_an_institution_s_name_before_the_acronym_of_the_one_it_belongs_to_is_whole(annotator: Annotator) -> None:
    text = "Es alumna de la Escuela Superior de Ingeniería Mecánica e Industrias Textiles del IPN desde 2019."
    found = forms(annotator.annotate_text(text, "es"))
    assert "Escuela Superior de Ingeniería Mecánica e Industrias Textiles" in found and "IPN" in found
    council = "Lo aprobó el Consejo General del INE el lunes."
    assert "Consejo General del INE" in forms(annotator.annotate_text(council, "es"))


def test_a_person_s_name_goes_on_to_the_end_of_a_hyphenated_word(annotator: Annotator) -> None:
    text = "The envoy Ban Ki-moon met President Moon Jae-in in Seoul. Mr. Ban said little."
    found = annotator.annotate_text(text, "en")
    assert {"Ban Ki-moon", "Moon Jae-in"} <= forms(found)
    assert "Mr. Ban" in holding(found, "Ban Ki-moon").surface_forms
    backed = "A Donald Trump-backed candidate won in Ohio."
    assert "Donald Trump" in forms(annotator.annotate_text(backed, "en"))
