"""Named entities: authored names win, junk is dropped, bad spans are mended, aliases merge."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.annotate import Annotator, KnownEntity
from generator.annotate.entities import ruler_patterns
from generator.model import Annotations, Entity, GlossaryEntry


@pytest.fixture
def authored(annotator: Annotator) -> Iterator[Annotator]:
    """The session's annotator with authored names (configured, not reloaded), given back without them."""
    glossary = [GlossaryEntry(Path("glossary/b9.md"), "Bucarest Nine", "Nine NATO states.", ["B9"])]
    known = [KnownEntity("Organización del Tratado del Atlántico Norte", "ORG", ["OTAN"])]
    annotator.configure(glossary, known)
    yield annotator
    annotator.configure((), ())


def entity(annotations: Annotations, form: str) -> Entity:
    found = [e for e in annotations.entities if form in e.surface_forms]
    assert found, f"{form!r} not among {[e.name for e in annotations.entities]}"
    return found[0]


def names(annotations: Annotations) -> set[str]:
    return {form for e in annotations.entities for form in e.surface_forms}


def test_ruler_patterns_put_known_entities_before_glossary_terms() -> None:
    glossary = [GlossaryEntry(Path("g.md"), "OTAN", "La alianza.", ["Alianza Atlántica"])]
    known = [KnownEntity("Organización del Tratado del Atlántico Norte", "ORG", ["OTAN"])]
    patterns = ruler_patterns(glossary, known)
    assert {"label": "ORG", "pattern": "OTAN", "id": "Organización del Tratado del Atlántico Norte"} in patterns
    assert {"label": "MISC", "pattern": "Alianza Atlántica", "id": "OTAN"} in patterns
    assert [p["pattern"] for p in patterns].count("OTAN") == 1


def test_entity_ruler_runs_before_the_model(authored: Annotator) -> None:
    names_in_order = authored.pipeline("es")[0].pipe_names
    assert names_in_order.index("entity_ruler") < names_in_order.index("ner")


def test_known_entity_wins_and_gives_the_canonical_name(authored: Annotator) -> None:
    result = authored.annotate_text("Polonia pidió a la OTAN más tropas. La OTAN respondió el lunes.", "es")
    nato = entity(result, "Organización del Tratado del Atlántico Norte")
    assert nato.type == "ORG"
    assert [m.text for m in nato.mentions] == ["OTAN", "OTAN"]


def test_glossary_term_is_misc_never_a_person(authored: Annotator) -> None:
    result = authored.annotate_text("Polonia y Rumania forman parte de Bucarest Nine desde 2015.", "es")
    assert entity(result, "Bucarest Nine").type == "MISC"


def test_sentence_initial_function_words_and_verbs_are_not_names(annotator: Annotator) -> None:
    text = (
        "Según el ministro, Rusia mantiene tropas en la frontera. Más de 100.000 soldados siguen allí.\n\n"
        "«Seguimos viendo tropas rusas», Dijo el ministro. Tales como las de Bielorrusia."
    )
    found = names(annotator.annotate_text(text, "es"))
    assert "Rusia" in found
    assert not found & {"Según", "Más", "Seguimos", "Dijo", "Tales"}


def test_generic_descriptions_are_not_names(annotator: Annotator) -> None:
    text = (
        "El funcionario dijo que Ucrania pidió ayuda. Un alto ejecutivo habló con la prensa. "
        "La invasión puede tener consecuencias. Este mes, Un funcionario de la Casa Blanca viajó a Kiev."
    )
    found = names(annotator.annotate_text(text, "es"))
    assert not found & {"El funcionario", "Un alto ejecutivo", "La invasión", "Este mes"}
    assert "Casa Blanca" in found


def test_two_place_names_joined_by_missing_punctuation_are_split(annotator: Annotator) -> None:
    text = (
        "Estados Unidos y Rusia negocian en Ginebra. "
        "Biden planea conversaciones bilaterales entre Estados Unidos Rusia El funcionario dijo que sí."
    )
    result = annotator.annotate_text(text, "es")
    assert "Estados Unidos Rusia" not in names(result)
    assert len(entity(result, "Estados Unidos").mentions) == 2
    assert len(entity(result, "Rusia").mentions) == 2


def test_surname_merges_into_the_full_name(annotator: Annotator) -> None:
    text = "El portavoz del Kremlin, Dmitry Peskov, habló con la prensa en Moscú. Peskov no dio detalles."
    peskov = entity(annotator.annotate_text(text, "es"), "Peskov")
    assert (peskov.name, peskov.aliases, peskov.type) == ("Dmitry Peskov", ["Peskov"], "PER")
    assert [m.text for m in peskov.mentions] == ["Dmitry Peskov", "Peskov"]
    assert peskov.sentence.startswith("El portavoz del Kremlin")


def test_an_article_before_a_name_says_it_is_not_a_person(annotator: Annotator) -> None:
    text = "Las conversaciones incluirán representantes del Pentágono y el NSC en Ginebra."
    assert entity(annotator.annotate_text(text, "es"), "Pentágono").type != "PER"


def test_a_title_before_a_name_says_it_is_a_person(annotator: Annotator) -> None:
    text = "La administración Biden negocia con Moscú. Biden planea hablar con Putin el jueves."
    assert entity(annotator.annotate_text(text, "es"), "Biden").type == "PER"


def test_institution_name_is_not_cut_into_fragments(annotator: Annotator) -> None:
    text = "Participan la UE y la Organización para la Seguridad y Cooperación en Europa en las conversaciones."
    result = annotator.annotate_text(text, "es")
    assert entity(result, "Organización para la Seguridad y Cooperación en Europa").type == "ORG"
    assert not names(result) & {"Organización", "Cooperación", "Seguridad"}


def test_acronym_merges_into_its_expansion(annotator: Annotator) -> None:
    text = "La Organización Mundial de la Salud (OMS) alertó el lunes. La OMS pidió calma a los gobiernos."
    who = entity(annotator.annotate_text(text, "es"), "OMS")
    assert who.name == "Organización Mundial de la Salud" and "OMS" in who.aliases


def test_english_labels_are_mapped_and_numbers_dropped(annotator: Annotator) -> None:
    text = (
        "Tony Blair told Labour members in Britain on Monday that taxes would rise by 5%. "
        "Mr Blair spoke for 20 minutes."
    )
    result = annotator.annotate_text(text, "en")
    blair = entity(result, "Tony Blair")
    assert blair.type == "PER" and "Mr Blair" in blair.aliases
    assert entity(result, "Britain").type == "LOC"
    assert not names(result) & {"Monday", "5%", "20 minutes"}


# ---- junk a small model produces -------------------------------------------------


def test_masked_numbers_possessed_nouns_titles_and_portfolios_are_not_names(annotator: Annotator) -> None:
    text = (
        "El equipo ganó *NUMBER*-*NUMBER* en Sevilla ante el Papa y su Maestro. "
        "Lo dijo la exministra de Economía, Ana Ruiz, licenciada en Derecho. El paro bajó al 23,4% en Sevilla."
    )
    found = names(annotator.annotate_text(text, "es"))
    assert {"Sevilla", "Ana Ruiz"} <= found
    assert not found & {"NUMBER", "Papa", "Maestro", "Economía", "Derecho", "23,4%"}


def test_a_title_is_an_alias_not_part_of_the_canonical_name(annotator: Annotator) -> None:
    fauci = entity(annotator.annotate_text("El Dr. Anthony Fauci habló con la CNN. El Dr. Fauci dijo que sí.", "es"),
                   "Dr. Fauci")
    assert (fauci.name, fauci.type) == ("Anthony Fauci", "PER")
    assert set(fauci.aliases) == {"Dr. Anthony Fauci", "Dr. Fauci"}


def test_a_sentence_initial_word_is_a_name_only_with_evidence(annotator: Annotator) -> None:
    text = (
        "Mascherano anunció que deja la selección. Agüero, en cambio, aseguró que seguirá dispuesto a ser "
        "convocado.\n"
        "La demanda fue presentada ayer. Smartmatic, una compañía de máquinas de votación, negó haber ayudado al "
        "fraude.\n"
        "Bastó con que lo dijera.\n"
        "Encuestas realizadas ayer muestran apoyo al plan. Personalidades hispanistas asistieron al acto.\n"
        "Horn agregó: «Seguiremos trabajando»."
    )
    result = annotator.annotate_text(text, "es")
    found = names(result)
    assert not found & {"Bastó", "Encuestas", "Personalidades"}  # capitalised only as a sentence's first word
    assert {"Horn", "Agüero", "Smartmatic"} <= found  # a subject, one before an aside, one with an apposition
    assert entity(result, "Smartmatic").type == "ORG"


def test_an_article_opening_a_sentence_is_dropped_when_the_name_stands_alone_elsewhere(annotator: Annotator) -> None:
    text = "El Mundial empieza en junio y este Mundial será histórico; los Mundiales anteriores fueron en Europa."
    cup = entity(annotator.annotate_text(text, "es"), "Mundial")
    assert "El Mundial" not in cup.surface_forms
    assert set(cup.surface_forms) == {"Mundial", "Mundiales"}  # a plural merges into its singular


# ---- types from the name and its context ----------------------------------------


def test_head_nouns_classifiers_and_lists_give_the_type(annotator: Annotator) -> None:
    text = (
        "La revista Letras Nuevas publicó el ensayo. Lo confirmó la Universidad de Salamanca. "
        "Los temas Lunas, Fuego y Marea suenan en la radio. El obispo de Zamora pidió calma."
    )
    types = {e.name: e.type for e in annotator.annotate_text(text, "es").entities}
    assert types["Letras Nuevas"] == "ORG" and types["Universidad de Salamanca"] == "ORG"
    assert types["Lunas"] == types["Fuego"] == types["Marea"] == "MISC"  # listed with a song's name
    assert types["Zamora"] == "LOC"


def test_people_work_for_institutions_named_after_buildings(annotator: Annotator) -> None:
    text = "Un portavoz del Kremlin habló el lunes. Un funcionario de la Casa Blanca respondió el martes."
    types = {e.name: e.type for e in annotator.annotate_text(text, "es").entities}
    assert types["Kremlin"] == "ORG" and types["Casa Blanca"] == "ORG"


def test_english_party_names_are_organisations_and_are_not_cut(annotator: Annotator) -> None:
    text = (
        "Liberal Democrat leader Charles Kennedy met Conservative shadow chancellor Oliver Letwin in Leeds. "
        "The Tories and the Liberal Democrats disagree. Mr Letwin said the Scottish Executive had failed. "
        "Earlier, the Green MEP Caroline Lucas said the treaty was flawed."
    )
    result = annotator.annotate_text(text, "en")
    types = {form: e.type for e in result.entities for form in e.surface_forms}
    assert types["Liberal Democrats"] == types["Liberal Democrat"] == "ORG"
    assert types["Conservative"] == types["Tories"] == types["Green"] == "ORG"
    assert types["Scottish Executive"] == "ORG" and types["Charles Kennedy"] == "PER"
    assert not names(result) & {"Democrat", "Green MEP", "Scottish"}


# ---- aliases inside an article -----------------------------------------------------


def test_first_names_and_paternal_surnames_merge_into_the_one_full_name(annotator: Annotator) -> None:
    text = (
        "El traductor Fan Yan presentó el libro en Pekín. Según Fan, la obra tardó años. "
        "Andrés Manuel López Obrador ganó en Tabasco; López habló después."
    )
    result = annotator.annotate_text(text, "es")
    assert set(entity(result, "Fan").surface_forms) == {"Fan Yan", "Fan"}
    assert entity(result, "López").name == "Andrés Manuel López Obrador"


def test_two_people_joined_by_a_conjunction_are_split(annotator: Annotator) -> None:
    text = "Iglesias presentó el programa en Madrid; Montero lo apoyó. Iglesias y Montero viajaron a Toledo."
    found = names(annotator.annotate_text(text, "es"))
    assert {"Iglesias", "Montero"} <= found and "Iglesias y Montero" not in found


def test_a_quoted_title_is_one_name(annotator: Annotator) -> None:
    text = "Leyó «Cien Años de Soledad» en Bogotá y luego «La Casa Verde» en Lima."
    types = {e.name: e.type for e in annotator.annotate_text(text, "es").entities}
    assert types["Cien Años de Soledad"] == types["La Casa Verde"] == "MISC"
    assert "Años de Soledad" not in types


def test_a_surname_given_honorifics_of_both_genders_joins_only_the_full_name_of_its_gender(annotator: Annotator) -> None:
    text = (
        "The first lady Jane Carver opened a library in Denver on Tuesday.\n\n"
        'Later, Mr. Carver told reporters: "We are proud of the teachers of this city."\n\n'
        '"Reading is the start of everything," Mrs. Carver said.'
    )
    result = annotator.annotate_text(text, "en")
    jane = entity(result, "Jane Carver")
    assert "Mrs. Carver" in jane.aliases and "Mr. Carver" not in jane.aliases
    speakers = {q.text[:9]: q.speaker for q in result.quotes}
    assert speakers["Reading i"] == "Jane Carver" and speakers["We are pr"] != "Jane Carver"
    # Without a gender for the full name, neither surname is surely hers.
    unknown = annotator.annotate_text(text.replace("The first lady Jane Carver", "Jane Carver"), "en")
    assert not {"Mr. Carver", "Mrs. Carver"} & set(entity(unknown, "Jane Carver").aliases)
    # One honorific only: the surname joins the full name as before.
    alone = annotator.annotate_text(text.replace("Mr. Carver told", "Mrs. Carver told"), "en")
    assert "Mrs. Carver" in entity(alone, "Jane Carver").aliases


def said_by(annotations: Annotations, words: str) -> str | None:
    return next(q.speaker for q in annotations.quotes if words in q.text)


def test_a_surname_with_an_honorific_and_a_title_keeps_apart_from_a_full_name_of_the_other_gender(
        annotator: Annotator) -> None:
    text = (
        "The campaign will send Mr. Lorne and the first lady, Grace Lorne, to Ohio next week.\n\n"
        'President Lorne told donors that the vote was "a test of what we built together."'
    )
    result = annotator.annotate_text(text, "en")
    grace = entity(result, "Grace Lorne")
    assert not {"Mr. Lorne", "Lorne", "President Lorne"} & set(grace.aliases)
    assert said_by(result, "a test of") != "Grace Lorne"
    # Without the apposition that gives her a gender, the surname may be hers.
    plain = annotator.annotate_text(text.replace("the first lady, Grace Lorne", "Grace Lorne"), "en")
    assert said_by(plain, "a test of") == "Grace Lorne"


@pytest.mark.parametrize(("opening", "apart"), [
    ("The painter Grace Lorne arrived in Ohio on Monday with her husband.", True),
    ("The painter Grace Lorne praised herself for the mural in Ohio on Monday.", True),
    ("Grace Lorne told reporters in Ohio that the mayor had lost his job.", False),
    ("Grace Lorne told reporters in Ohio on Monday that she liked the mayor.", False),
])
def test_a_possessive_of_the_subject_s_own_clause_gives_a_full_name_its_gender(
        annotator: Annotator, opening: str, apart: bool) -> None:
    text = f'{opening}\n\nMr. Lorne said the vote was "a test of what we built together."'
    aliases = set(entity(annotator.annotate_text(text, "en"), "Grace Lorne").aliases)
    assert ("Mr. Lorne" not in aliases) is apart


def test_un_apellido_con_tratamiento_se_une_solo_al_nombre_de_su_genero(annotator: Annotator) -> None:
    text = (
        "La ministra Ana Ribas inauguró el museo el martes en Sevilla ante cientos de vecinos.\n\n"
        "«Es un día histórico», afirmó el Sr. Ribas."
    )
    assert "Sr. Ribas" not in entity(annotator.annotate_text(text, "es"), "Ana Ribas").aliases
    same = text.replace("La ministra Ana Ribas", "El ministro Luis Ribas")
    assert "Sr. Ribas" in entity(annotator.annotate_text(same, "es"), "Luis Ribas").aliases


@pytest.mark.parametrize("opening", [
    "Frank Lorne called Mrs. Hale's speech a gift to her party in Ohio on Monday.",
    "Frank Lorne told the senator about her mistakes in Ohio on Monday.",
])
def test_a_possessive_after_another_person_gives_the_subject_no_gender(annotator: Annotator, opening: str) -> None:
    text = f'{opening}\n\nMr. Lorne said the vote was "a test of what we built together."'
    assert "Mr. Lorne" in entity(annotator.annotate_text(text, "en"), "Frank Lorne").aliases


@pytest.mark.parametrize(("text", "lang", "word"), [
    ("El Congreso aprobó ayer la reforma laboral. La Ley entrará en vigor en enero, según el Gobierno.", "es", "Ley"),
    ("Parliament passed the reform on Monday. Critics said the Act would raise prices for farmers.", "en", "Act"),
])
def test_a_law_named_by_its_kind_alone_is_no_entity(annotator: Annotator, text: str, lang: str, word: str) -> None:
    assert not any(name.endswith(word) for name in names(annotator.annotate_text(text, lang)))


def test_a_law_named_by_its_kind_joins_the_one_full_name_of_the_article(annotator: Annotator) -> None:
    text = ("El Congreso aprobó ayer la Ley de Vivienda Digna con el apoyo de cuatro grupos. "
            "La Ley entrará en vigor en enero, según el Gobierno.")
    assert entity(annotator.annotate_text(text, "es"), "Ley").name == "Ley de Vivienda Digna"


def test_an_english_name_that_opens_with_the_is_kept_whole(annotator: Annotator) -> None:
    text = "Tom Reade, who created The Office, won an award in London on Sunday."
    assert any(name.startswith("The Office") for name in names(annotator.annotate_text(text, "en")))


def test_an_abbreviation_with_or_without_dots_and_an_acronym_of_a_name_are_one_entity(annotator: Annotator) -> None:
    english = annotator.annotate_text(
        "The United Nations met in Geneva. The UN said the talks would go on. The U.S. economy grew, and "
        "officials in the US agreed. The F.B.I. opened a case; the FBI said nothing.", "en")
    assert set(entity(english, "United Nations").aliases) == {"UN"}
    assert {"U.S.", "US"} <= {entity(english, "U.S.").name, *entity(english, "U.S.").aliases}
    assert "FBI" in entity(english, "F.B.I.").aliases
    spanish = annotator.annotate_text(
        "El Partido Popular presentó una queja. El PP dijo que no cambiará. Estados Unidos respondió a "
        "EE. UU. y a EEUU en la reunión.", "es")
    assert entity(spanish, "Partido Popular").aliases == ["PP"]  # the article before an acronym is no part of it
    assert {"EE. UU.", "EEUU"} <= set(entity(spanish, "Estados Unidos").aliases)


def test_a_middle_initial_makes_no_other_person_unless_two_initials_tell_two_apart(annotator: Annotator) -> None:
    one = annotator.annotate_text("Donald J. Trump said he would win. Trump said it again. Donald Trump left.", "en")
    trump = entity(one, "Donald Trump")
    assert trump.name == "Donald Trump" and {"Donald J. Trump", "Trump"} <= set(trump.aliases)
    two = annotator.annotate_text("Former President George H. W. Bush met George W. Bush in Texas.", "en")
    assert {"George H. W. Bush", "George W. Bush"} <= {e.name for e in two.entities}


def test_a_nickname_inside_a_name_makes_no_other_person(annotator: Annotator) -> None:
    found = annotator.annotate_text(
        'El abogado que representa a Joaquín "El Chapo" Guzmán entregó un escrito. Joaquín Guzmán no declaró ante '
        'el juez. Las pruebas no implican a Guzmán, según el abogado.', "es")
    person = entity(found, "Joaquín Guzmán")
    assert {'Joaquín "El Chapo" Guzmán', "Guzmán"} <= set(person.aliases) and len(found.entities) == 1


def test_a_weekday_between_a_name_and_its_verb_is_no_part_of_the_name(annotator: Annotator) -> None:
    found = names(annotator.annotate_text("Congress Friday passed the bill after a long debate.", "en"))
    assert "Congress" in found and "Congress Friday" not in found
    kept = names(annotator.annotate_text("Stores expect Black Friday sales to rise this year.", "en"))
    assert "Black Friday" in kept


def test_an_article_in_capitals_before_a_word_in_capitals_stays_in_the_name(annotator: Annotator) -> None:
    found = names(annotator.annotate_text("Según publicó EL PAÍS, el Gobierno estudia la reforma. La ONU calla.", "es"))
    assert "ONU" in found and "La ONU" not in found
    assert "PAÍS" not in found


def test_an_acronym_joins_a_name_with_its_initials_written_out_before_it_or_in_the_headline(annotator: Annotator) -> None:
    before = annotator.annotate_text("The firm is the US' biggest. The success of Universal Studio's film helped.", "en")
    assert "US" not in entity(before, "Universal Studio").aliases
    headline = annotator.annotate_text("EU ministers meet\nThe European Union met in Brussels on Monday.", "en")
    assert "EU" in entity(headline, "European Union").aliases


def test_a_given_name_that_is_also_a_kind_of_law_starts_a_person_s_name(annotator: Annotator) -> None:
    result = annotator.annotate_text("Bill Gates gave money to the school. The Bill of Rights was read aloud.", "en")
    assert entity(result, "Bill Gates").type == "PER"
    assert entity(result, "Bill of Rights").type == "MISC"
    ley = annotator.annotate_text("El Congreso aprobó la Ley Olímpica el martes.", "es")
    assert entity(ley, "Ley Olímpica").type == "MISC"


def test_a_club_s_name_a_role_acronym_and_a_sign_in_a_name(annotator: Annotator) -> None:
    result = annotator.annotate_text(
        "Manchester United said the striker would stay. The Securities & Exchange Commission opened a case; "
        "the SEC said nothing. The MSP said he was cleared.", "en")
    assert entity(result, "Manchester United").type == "ORG"
    assert "SEC" in entity(result, "Securities & Exchange Commission").aliases
    assert "MSP" not in names(result)


def test_an_office_before_a_name_a_firm_of_partners_and_a_result_after_a_team(annotator: Annotator) -> None:
    piñera = annotator.annotate_text(
        "El Presidente Sebastián Piñera usó un brazalete. Luego el Presidente Piñera habló en la plaza.", "es")
    assert entity(piñera, "Sebastián Piñera").type == "PER" and "Piñera" in entity(piñera, "Sebastián Piñera").aliases
    assert not {"Presidente Sebastián Piñera", "Presidente Piñera"} & names(piñera)
    firms = annotator.annotate_text("Moderna, AstraZeneca y Johnson & Johnson preparan sus vacunas.", "es")
    assert entity(firms, "Johnson & Johnson").type == "ORG"
    score = annotator.annotate_text("Slovakia beat Argentina 3-0 in Perth on Friday.", "en")
    assert "Argentina" in names(score) and "Argentina 3-0" not in names(score)


def test_a_common_word_in_capitals_for_emphasis_or_a_laugh_is_no_name(annotator: Annotator) -> None:
    found = names(annotator.annotate_text(
        "No hay tiempo para enterarte de HARTO rumor... Jajajajaja, dijo Andrea Legarreta. La ONCE firmó el "
        "acuerdo, comentaron a EL UNIVERSAL que lo harían.", "es"))
    assert not {"HARTO", "Jajajajaja"} & found
    assert "ONCE" in found and any("UNIVERSAL" in n for n in found)


def test_titles_in_sentence_case_before_their_year_or_after_their_kind_are_works(annotator: Annotator) -> None:
    text = ("Con éxitos como La usurpadora (1998) y Amor real (2003), el actor volvió en el melodrama Pasión y "
            "poder, su último proyecto. La serie Mundial y finalmente la liga acabaron. The UK Film Council said.")
    found = {e.name: e.type for e in annotator.annotate_text(text, "es").entities}
    assert {found.get(t) for t in ("La usurpadora", "Amor real", "Pasión y poder")} == {"MISC"}
    assert "Amor" not in found and "Pasión" not in found
    assert "Mundial y finalmente" not in found and "Council said" not in found
