"""Who said what: the general rules of attribution, on sentences written for the tests."""

from __future__ import annotations

import pytest

from generator.annotate import Annotator
from generator.model import Annotations, Quote


def quote(annotations: Annotations, words: str) -> Quote:
    found = [q for q in annotations.quotes if words in q.text]
    assert found, f"no quotation with {words!r} in {[q.text for q in annotations.quotes]}"
    return found[0]


def said(annotator: Annotator, text: str, words: str, lang: str = "en") -> Quote:
    return quote(annotator.annotate_text(text, lang), words)


# ---- the parse is there, and changes nothing else -------------------------------------


def test_the_annotator_parses_without_moving_sentences_or_entities(annotator: Annotator) -> None:
    nlp, _ = annotator.pipeline("es")
    text = "La ministra Ana Gil llegó ayer a Sevilla. Dijo que «todo irá bien»."
    doc = nlp(text)
    sentences, entities = [s.text for s in doc.sents], [(e.text, e.label_) for e in doc.ents]
    annotator.annotate_doc(doc, "es")
    assert doc.has_annotation("DEP")
    assert [s.text for s in doc.sents] == sentences and [(e.text, e.label_) for e in doc.ents] == entities


# ---- a quotation inside a clause is the words of the clause's subject ------------------


@pytest.mark.parametrize(("text", "words", "speaker"), [
    ('Senator Ruth Adler called the governor a "serial fabricator" on Monday.', "serial fabricator",
     "Ruth Adler"),
    ('Mayor Tom Reyes dismissed the report as "a work of fiction" during the meeting.', "a work of fiction",
     "Tom Reyes"),
    ('Karen Obi took to Twitter to accuse the council of being "asleep at the wheel" again.', "asleep at the wheel",
     "Karen Obi"),
    ('The campaign manager, Dan Pike, described the proposal as "dead on arrival" last week.', "dead on arrival",
     "Dan Pike"),
])
def test_a_short_quotation_governed_by_a_verb_of_speech_is_its_subject_s(
        annotator: Annotator, text: str, words: str, speaker: str) -> None:
    found = said(annotator, text, words)
    assert (found.kind, found.speaker) == ("statement", speaker)


def test_coordinated_short_quotations_all_belong_to_the_subject(annotator: Annotator) -> None:
    text = 'Senator Mark Dunn called the governor a "nasty guy," an "anchor baby," "unstable" and "sick."'
    found = annotator.annotate_text(text, "en").quotes
    assert [(q.kind, q.speaker) for q in found] == [("statement", "Mark Dunn")] * 4


@pytest.mark.parametrize(("text", "words", "speaker"), [
    ('This is "roughly the same lead she has held for a month," reported the Daily Courier.', "same lead",
     "Daily Courier"),
    ('Laura Dean spoke out on Tuesday, arguing that the delays should be seen as "intolerable."', "intolerable",
     "Laura Dean"),
    ('The Daily Courier reports that the team left early in order to "keep the plans under wraps."',
     "under wraps", "Daily Courier"),
])
def test_verbs_of_speech_in_every_form(annotator: Annotator, text: str, words: str, speaker: str) -> None:
    found = said(annotator, text, words)  # a newspaper may be named with its article
    assert found.kind == "statement" and found.speaker in (speaker, f"the {speaker}")


def test_a_gerund_of_speech_after_an_object_is_no_cue_of_the_object(annotator: Annotator) -> None:
    text = ("The e-mail went by mistake to journalist Andrew Mills. Mr Carter then e-mailed Mr Mills pointing out "
            'the mistake. He said: "Not very good at this e-mail malarkey, I am afraid, and I am sorry for it."')
    assert said(annotator, text, "malarkey").speaker == "Mr Carter"


def test_a_quotation_under_a_reported_clause_belongs_to_the_reporter(annotator: Annotator) -> None:
    text = ('Governor Alan Brandt (R) said the recent storms demand that all residents take part in "more '
            'planning" this year.')
    assert said(annotator, text, "more planning").speaker == "Alan Brandt"  # not "all residents"


def test_a_spanish_quotation_characterising_something_is_its_subject_s(annotator: Annotator) -> None:
    text = "El alcalde Jorge Vidal tachó de «chapuza» el proyecto del puerto, que sigue parado."
    found = said(annotator, text, "chapuza", "es")
    assert (found.kind, found.speaker) == ("statement", "Jorge Vidal")


def test_a_quoted_modifier_of_a_verb_of_speech_is_not_its_subject_s(annotator: Annotator) -> None:
    text = ('City attorney Maria Lind said in the letter that the advertisement "wrongly and deliberately" '
            "suggests the police support the campaign.")
    assert said(annotator, text, "wrongly and deliberately").speaker == "Maria Lind"


def test_a_term_in_a_clause_about_things_gets_no_speaker(annotator: Annotator) -> None:
    text = 'The new bridge was described in the brochure and is known locally as the "green arch".'
    found = said(annotator, text, "green arch")
    assert found.kind == "scare" and found.speaker is None


# ---- the subject of the reporting verb, from the parse --------------------------------


@pytest.mark.parametrize(("text", "speaker"), [
    ('Earlier, Mayor Jean Hollis said the city was ready. Gov. Pat Dorsey (R-Ohio) said it would be "a '
     'grave mistake to wait any longer".', "Pat Dorsey"),
    ('Jean Hollis spoke first. "It would be a grave mistake to wait any longer," Rep. Pat Dorsey (D-Ind.) '
     "said on Friday.", "Pat Dorsey"),
])
def test_a_bracketed_party_after_the_subject_does_not_hide_it(annotator: Annotator, text: str, speaker: str) -> None:
    assert said(annotator, text, "grave mistake").speaker == speaker


def test_a_verb_sharing_its_subject_takes_the_subject_found_for_the_first(annotator: Annotator) -> None:
    text = ("El ministro Luis Ortega habló el lunes. Estados Unidos planea reforzar la frontera si hay ataques. "
            "Bolivia, dijo el funcionario, y agregó que el país está listo para enviar «más ayuda» a la región.")
    assert said(annotator, text, "más ayuda", "es").speaker in ("el funcionario", "Luis Ortega")


def test_a_reporting_verb_with_a_thing_for_object_narrates(annotator: Annotator) -> None:
    text = ('Top seed Rosa Marin beat Ana Cole in Dubai. Marin made early errors, allowing Cole to claim the '
            'first set. "I had a slow start again," she said.')
    assert said(annotator, text, "slow start").speaker == "Rosa Marin"


# ---- pronouns ------------------------------------------------------------------------------


def test_a_pronoun_means_the_person_its_sentence_named_first(annotator: Annotator) -> None:
    text = ('"The vote will be close," Senate leader Mark Bell said on Tuesday.\n\n'
            'House Speaker Lisa Grant, despite admitting that she had doubts about "lawyers trying to get rich", '
            "backed the bill.")
    assert said(annotator, text, "lawyers trying").speaker == "Lisa Grant"


def test_a_pronoun_means_a_person_its_gender_fits(annotator: Annotator) -> None:
    text = ("El agente Gonzalo Ruiz volvió a interrogar a la detenida Marta Ibáñez y ella aseguró que nadie más "
            "era responsable: «yo lo planeé todo sin ayuda de nadie»."
            )
    assert said(annotator, text, "yo lo planeé", "es").speaker != "Gonzalo Ruiz"


def test_a_pronoun_after_a_paragraph_about_a_person_means_that_person(annotator: Annotator) -> None:
    text = ("Top seed Roger Vance needed three sets to beat Ivo Lind in Dubai. He was not worried despite the "
            'slow start. The world number one was pushed hard by Karl Mott in Rotterdam too. "I always come '
            'through in the end," he said.')
    assert said(annotator, text, "I always come").speaker == "Roger Vance"


def test_a_pronoun_in_a_reported_clause_means_the_reporter(annotator: Annotator) -> None:
    text = ('After a meeting with Anna Moore on Monday, Mary Lynch said she recalled "a very long night at the '
            'office" with the team.')
    assert said(annotator, text, "long night").speaker == "Mary Lynch"


# ---- a speaker is a name or a noun phrase ---------------------------------------------------


def test_an_adverbial_before_the_verb_is_not_its_subject(annotator: Annotator) -> None:
    text = ("La primera en hablar fue la cantante Rosa Gil, quien sin pensarlo dos veces señaló que su rival "
            "debería titular su libro «Guía para firmar contratos sin perder dinero»."
            )
    assert said(annotator, text, "Guía para firmar", "es").speaker == "Rosa Gil"  # not "dos veces"


def test_a_masked_number_is_never_a_speaker(annotator: Annotator) -> None:
    text = ("El exfutbolista Diego Ruiz habló de sus adicciones. «Caí en una trampa y no quiero que nadie más "
            "caiga en ella», dijo en octubre de *NUMBER*.")
    assert said(annotator, text, "Caí en una trampa", "es").speaker == "Diego Ruiz"


def test_a_speaker_phrase_keeps_its_modifiers_and_stops_at_the_verb(annotator: Annotator) -> None:
    text = ('The singer Jon Welch left the band on Monday. The remaining members of the band, who are known for '
            'their loud shows, said they hoped Welch "finds the happiness he is looking for".')
    assert said(annotator, text, "finds the happiness").speaker == "the remaining members of the band"


# ---- signatures, whole sentences, roles ------------------------------------------------------


def test_a_name_after_a_dash_signs_the_quotation(annotator: Annotator) -> None:
    text = ('Readers sent us their views.\n'
            '"The debate changed nothing for me. I will vote as I always have." ― Laura Mendez\n'
            '"I was surprised by how little was said about schools." — Peter Ostrowski.')
    result = annotator.annotate_text(text, "en")
    assert quote(result, "changed nothing").speaker == "Laura Mendez"
    assert quote(result, "about schools").speaker == "Peter Ostrowski"


def test_a_short_quotation_that_is_a_whole_sentence_is_a_statement(annotator: Annotator) -> None:
    text = ('"Does anybody know what the plan of the party is?" Senator Lila Graham asked. "Neither do I."')
    found = said(annotator, text, "Neither do I")
    assert (found.kind, found.speaker) == ("statement", "Lila Graham")


def test_a_role_means_the_person_the_article_gave_it(annotator: Annotator) -> None:
    text = ("Sen. Walter Brandt spoke after Mayor Ellen Ruiz at the rally on Tuesday.\n\n"
            'Ruiz thanked the volunteers. The senator said he would "fight for every last vote".')
    assert said(annotator, text, "fight for every").speaker == "Walter Brandt"


def test_a_qualified_title_is_another_role(annotator: Annotator) -> None:
    text = ("Prime Minister Tony Hale met Deputy Prime Minister John Bright on Monday.\n\n"
            'The prime minister said the plan was "a load of nonsense".')
    assert said(annotator, text, "load of nonsense").speaker == "Tony Hale"


def test_the_subject_of_the_next_clause_is_no_apposition(annotator: Annotator) -> None:
    text = ("El senador Javier Luna dejó el partido el lunes. A invitación del propio Pedro Meana, el senador se "
            "unirá a su equipo. Respecto a Meana, el senador dijo que «no hay nadie con más experiencia que él»."
            )
    assert said(annotator, text, "no hay nadie", "es").speaker == "Javier Luna"


def test_the_pontiff_is_a_role(annotator: Annotator) -> None:
    text = ("El papa Francisco aprobó el documento el martes. «Estos medios se deben usar con sobriedad y criterio», "
            "indica el pontífice en su escrito.")
    assert said(annotator, text, "sobriedad", "es").speaker == "Francisco"


# ---- organisations and documents ------------------------------------------------------------


def test_an_organisation_named_by_its_head_noun_is_the_one_named_before(annotator: Annotator) -> None:
    text = ("El Tribunal Constitucional de Austria anuló el jueves las restricciones. El Tribunal señala que "
            "«algunas de las provisiones impugnadas ya han expirado» y que el fallo sigue siendo necesario.")
    assert said(annotator, text, "algunas de las provisiones", "es").speaker == "Tribunal Constitucional de Austria"


def test_a_document_speaks_for_its_named_owner(annotator: Annotator) -> None:
    text = ('The IMF cut its forecast on Tuesday. "The ultimate impact remains very unclear," the IMF report '
            "stated.")
    assert said(annotator, text, "ultimate impact").speaker == "IMF"


def test_a_document_on_somebody_s_website_is_not_theirs(annotator: Annotator) -> None:
    text = ('A document on the Lopez campaign\'s website states that couples would only qualify if their marriage '
            'is "recognized under state law", language that could bar many parents.')
    assert said(annotator, text, "recognized under state law").speaker != "Lopez"


def test_an_impersonal_verb_reads_from_the_document_it_names(annotator: Annotator) -> None:
    text = "En el comunicado se indica que «la empresa no tiene ninguna responsabilidad en lo ocurrido en la planta»."
    assert said(annotator, text, "ninguna responsabilidad", "es").speaker == "el comunicado"


def test_an_impersonal_verb_with_an_indefinite_document_names_nobody(annotator: Annotator) -> None:
    text = "En un comunicado se indica que «la empresa no tiene ninguna responsabilidad en lo ocurrido en la planta»."
    assert said(annotator, text, "ninguna responsabilidad", "es").speaker is None


def test_whom_the_words_are_about_is_not_the_speaker(annotator: Annotator) -> None:
    text = ("La gala siguió con Ana Ruiz. Sobre Luis Mora, refirió «Eres guapo y nunca has leído un libro, podrías "
            "ser presidente».")
    assert said(annotator, text, "guapo", "es").speaker != "Luis Mora"


# ---- key quotes have a sure speaker ---------------------------------------------------------


def test_a_quotation_nobody_is_credited_with_is_no_key_quote(annotator: Annotator) -> None:
    text = ('The storm hit the coast on Monday. "We have never seen anything like this in the town," he said.\n\n'
            'Mayor John Hart said: "We will rebuild every house that was lost to the water."')
    keys = annotator.annotate_text(text, "en").key_quotes
    assert [(q.speaker, "rebuild" in q.text) for q in keys] == [("John Hart", True)]


def test_a_pronoun_for_the_person_in_view_gives_a_key_quote(annotator: Annotator) -> None:
    text = ("Mayor John Hart visited the coast on Monday. The town lost 200 homes in the storm.\n\n"
            '"We will rebuild every single house that the water took," he said.')
    keys = annotator.annotate_text(text, "en").key_quotes
    assert [q.speaker for q in keys] == ["John Hart"]


def test_a_pronoun_for_a_person_out_of_view_is_credited_but_no_key_quote(annotator: Annotator) -> None:
    text = ("Mayor John Hart visited the coast on Monday.\n\n"
            "The town lost 200 homes. Roads were closed for days. Schools stayed shut for a week.\n\n"
            '"We will rebuild every single house that the water took," he said.')
    annotations = annotator.annotate_text(text, "en")
    assert quote(annotations, "rebuild").speaker == "John Hart"
    assert annotations.key_quotes == []


# ---- naming verbs with a subject, and turns to speak --------------------------------------


def test_a_term_named_by_a_verb_with_a_subject_is_that_subjects_words(annotator: Annotator) -> None:
    q = said(annotator, 'The senator said the bank had committed what many lawmakers called "fraud" in the sales.',
             "fraud")
    assert (q.kind, q.speaker) == ("statement", "many lawmakers")


@pytest.mark.parametrize("text", [
    'A man called "the Tiger" ran the club for years.',
    'The so-called "reform" failed in the end.',
    'Politicians known as "hawks" voted against it.',
])
def test_a_term_named_by_a_participle_or_a_noun_stays_a_term(annotator: Annotator, text: str) -> None:
    assert annotator.annotate_text(text, "en").quotes[0].kind == "scare"


def test_los_grupos_conocidos_como_name_a_term(annotator: Annotator) -> None:
    assert annotator.annotate_text("Los grupos conocidos como «halcones» votaron en contra.", "es").quotes[0].kind == "scare"


def test_whose_turn_it_is_speaks_and_speaks_on(annotator: Annotator) -> None:
    text = ('Tras una pausa, Marcos Ruiz comentó "Es una idea muy progresista esa, de verdad lo digo".\n\n'
            'Cuando tocó el turno de Tolentino, comentó. "Todos sabemos que Lucía está aquí porque Carla no quiso '
            'venir", pero no conforme con eso, agregó "Si te cancelaron un programa no dejaste que eso te afectara".')
    annotations = annotator.annotate_text(text, "es")
    assert quote(annotations, "idea muy progresista").speaker == "Marcos Ruiz"
    assert quote(annotations, "Todos sabemos").speaker == "Tolentino"
    assert quote(annotations, "Si te cancelaron").speaker == "Tolentino"


def test_a_plural_verb_without_a_subject_means_the_group_not_the_thing_last_named(annotator: Annotator) -> None:
    text = ("En un comunicado, las enfermeras señalan que pararán las clínicas. Recordaron el caso de una colega que "
            "fue agredida en mayo.\n\n\"Por eso hoy alzamos la voz, porque nos rehusamos a temer y a callar\", indican.")
    q = said(annotator, text, "alzamos la voz", "es")
    assert q.speaker == "las enfermeras"


def test_a_singular_noun_after_a_plural_verb_of_speech_is_its_object(annotator: Annotator) -> None:
    text = ("La ministra Ana Gil visitó ayer la obra del puerto.\n\nRecordaron el caso del puente. \"Por eso hoy "
            "vamos a revisar todo lo que se hizo mal en la obra\", indicaron.")
    assert said(annotator, text, "revisar todo", "es").speaker != "el caso del puente"


def test_a_definite_plural_subject_of_a_verb_of_speech_is_a_group_that_speaks(annotator: Annotator) -> None:
    text = ("Las universitarias llamaron a la comunidad a denunciar los abusos y aseguraron que las protestas "
            "continuarán, \"hasta que dejen de acosarnos en las aulas\".")
    assert said(annotator, text, "dejen de acosarnos", "es").speaker == "las universitarias"


def test_a_signature_line_may_end_in_a_no_break_space(annotator: Annotator) -> None:
    text = ("“He is our greatest shame and we all know it.” ― Sonia Herr\n"
            "“During the debate he said we live in hell. He is ignorant of our culture.”― Paula Pad\u00a0\n"
            "“I am so ashamed to be an American today.” ― Jack Ashley\u00a0")
    annotations = annotator.annotate_text(text, "en")
    assert quote(annotations, "During the debate").speaker == "Paula Pad"
    assert quote(annotations, "so ashamed").speaker == "Jack Ashley"


def test_a_person_who_only_modifies_the_subjects_noun_is_not_the_speaker(annotator: Annotator) -> None:
    text = ('Retired Gen. Mark Dunn spoke on Thursday about the war.\n\n"There is a severe disconnect between this '
            'White House and our military," Dunn, a top Harris surrogate, said on Thursday.')
    assert said(annotator, text, "severe disconnect").speaker == "Mark Dunn"


def test_a_verb_of_speech_without_a_subject_speaks_for_its_desde_complement(annotator: Annotator) -> None:
    text = ('El juez cerró ayer la instrucción del caso. "Hay decisión de condenarla, pero se sabrá la verdad", '
            'dijeron desde la defensa de la exministra.')
    assert said(annotator, text, "Hay decisión", "es").speaker == "la defensa de la exministra"


def test_a_gerund_after_a_plural_object_is_no_group_speaking(annotator: Annotator) -> None:
    text = 'Mr Brown also dismissed the figures insisting that the "typical family" has been much better off.'
    assert said(annotator, text, "typical family").speaker == "Mr Brown"


@pytest.mark.parametrize("description, holder", [("the shadow chancellor", "George Osborne"),
                                                 ("the chancellor", "Gordon Brown")])
def test_a_qualified_role_means_the_person_with_that_qualifier_only(annotator: Annotator, description: str,
                                                                    holder: str) -> None:
    text = ("Shadow chancellor George Osborne attacked the plan. Chancellor Gordon Brown defended it. "
            f'"It is a gamble with the economy of this country and its families," {description} said.')
    assert said(annotator, text, "a gamble").speaker == holder


def test_a_singular_verbs_desde_says_where_somebody_speaks_from(annotator: Annotator) -> None:
    text = ('Pero según la fuente del diario, que pidió no ser identificada, el diseño no podía copiarse.\n\n'
            '«Rediseñamos todo el asunto, no pudimos usar el plano directamente», dijo por teléfono desde el sitio '
            'de construcción en Wuhan, y agregó que «el terreno es diferente».')
    assert said(annotator, text, "Rediseñamos", "es").speaker == "la fuente del diario"


@pytest.mark.parametrize("verb", ["retorted", "scoffed", "wondered", "quipped", "demanded"])
def test_more_english_verbs_of_speech_are_cues(annotator: Annotator, verb: str) -> None:
    q = said(annotator, f'"Why is this not clear proof that the bank is far too big to manage?" Ms Vitter {verb}.',
             "clear proof")
    assert q.speaker == "Ms Vitter" and q.cue == verb


def test_a_persons_possession_that_is_no_document_speaks_for_itself(annotator: Annotator) -> None:
    text = ("The court noted published reports about the divorce. However, Ivana Lee's brief said that was not her "
            'view and dismissed those reports as "previous misinterpreted statements and allegations."')
    assert said(annotator, text, "misinterpreted").speaker == "Ivana Lee's brief"
    memo = 'Senator Ann Hart spoke. Hart\'s memo said that "the border is in danger from a drastic rise in crime."'
    assert said(annotator, memo, "border is in danger").speaker == "Ann Hart"  # a document speaks for its owner


def test_demand_reports_only_right_after_a_quotation(annotator: Annotator) -> None:
    text = ('Governor Alan Brandt (R) said the recent storms demanded that all residents take part in "more '
            'planning" this year.')
    assert said(annotator, text, "more planning").speaker == "Alan Brandt"


def test_se_lee_en_a_document_credits_the_document_without_where_it_is(annotator: Annotator) -> None:
    text = ('Algunos usuarios han comentado que ellos realizan algunos de los puntos. "Qué horror que estén creando '
            'una generación de seres inseguros", se lee en uno de los comentarios en la publicación.')
    assert said(annotator, text, "Qué horror", "es").speaker == "uno de los comentarios"


def test_a_description_that_ends_in_a_web_address_is_that_site(annotator: Annotator) -> None:
    text = ('En el sitio web librosjuveniles.com.mx se detalla que el libro, para el público femenino, es: "Un libro '
            'para adolescentes, chicas, niñas o como quieras llamarles".')
    assert said(annotator, text, "Un libro para", "es").speaker == "librosjuveniles.com.mx"


def test_a_document_someone_spoke_in_speaks_for_them_and_otherwise_for_itself(annotator: Annotator) -> None:
    text = ('El presidente Mario Ruiz firmó un memorándum el miércoles. En el memorándum, Ruiz dijo que "la seguridad '
            'del país está en peligro por la actividad ilegal en la frontera".\n\n"La Guardia Nacional brindó apoyo '
            'a los esfuerzos para asegurar nuestra frontera durante años", dice el memorándum.')
    assert said(annotator, text, "brindó apoyo", "es").speaker == "Mario Ruiz"
    alone = ('La Guardia publicó ayer un memorándum. "La Guardia brindó apoyo a los esfuerzos para asegurar la '
             'frontera durante años", dice el memorándum.')
    assert said(annotator, alone, "brindó apoyo", "es").speaker == "el memorándum"


@pytest.mark.parametrize("source, name", [
    ("Dr Mark Tuffy games systems director at digital content firm THX told the BBC", "Mark Tuffy"),
    ("Harris campaign spokesman Jason Mill said", "Jason Mill"),
])
def test_a_name_that_opens_the_speakers_phrase_heads_it(annotator: Annotator, source: str, name: str) -> None:
    text = f'"In the next generation of consoles HD support is mandatory," {source}.'
    assert said(annotator, text, "HD support").speaker == name


def test_a_role_before_an_organisations_name_is_a_persons_role(annotator: Annotator) -> None:
    q = said(annotator, "«Las etapas de debate ya pasaron para todos nosotros», dijo el presidente Partido Acción "
                        "Nacional.", "etapas de debate", "es")
    assert q.speaker != "Partido Acción Nacional"  # the party's president (the text forgot `del`), not the party
    cadena = said(annotator, "«La situación es grave en toda la región y no mejora», informó la cadena CNN.",
                  "situación es grave", "es")
    assert cadena.speaker == "CNN"


def test_a_typographic_mark_closing_a_straight_one_leaves_the_cue_outside(annotator: Annotator) -> None:
    text = '"The new bridge has a serious flaw in its design,” said Linda Marsh, an engineer at a firm in Leeds.'
    found = said(annotator, text, "serious flaw")
    assert (found.text.endswith("design,"), found.speaker) == (True, "Linda Marsh")


def test_a_bracketed_party_and_state_between_subject_and_verb_keeps_the_cue(annotator: Annotator) -> None:
    text = '"Deadlines are not suggestions," committee Chairman Rep. Paul Hardy (R-Ohio) said after the hearing.'
    found = said(annotator, text, "Deadlines")
    assert (found.kind, found.speaker) == ("statement", "Paul Hardy")


def test_a_role_before_anybody_is_named_past_the_first_line_is_not_the_main_person(annotator: Annotator) -> None:
    text = ('Ten people were hurt in a fire that Mayor Bill de Costa described as "a terrible blow."\n\n'
            'At a press conference, the mayor also said there was "no sign" of arson.\n\n'
            'The fire started at 8 p.m., according to Fire Chief James Moss.\n\n"The cause is not known," said Moss.')
    found = annotator.annotate_text(text, "en")
    assert quote(found, "no sign").speaker != "James Moss"
    assert quote(found, "cause is not known").speaker == "James Moss"


def test_a_role_on_the_first_line_before_anybody_is_named_is_the_main_person(annotator: Annotator) -> None:
    text = ('The senator says the vote was "a fraud."\n\nSenator Ruth Adler spoke to reporters on Monday. '
            'Adler said the count had been stopped twice.')
    assert said(annotator, text, "a fraud").speaker == "Ruth Adler"


@pytest.mark.parametrize("text", [
    'Ann Blake urged Republicans to "vote their hearts" and said she would stand on principle.',
    'Blake exhorted the crowd to "vote their hearts" and said she would stand on principle.',
])
def test_the_verb_of_speech_a_quotation_depends_on_outweighs_a_later_cue(annotator: Annotator, text: str) -> None:
    found = said(annotator, text, "vote their hearts")
    assert (found.kind, found.speaker) == ("statement", "Ann Blake" if text.startswith("Ann") else "Blake")


def test_a_speaker_is_never_the_part_of_a_hyphenated_name_after_the_hyphen(annotator: Annotator) -> None:
    found = said(annotator, 'Prime Minister Kim Soo-jin warned that the talks were "going nowhere."', "going nowhere")
    assert found.speaker is not None and found.speaker.startswith("Kim")
    assert found.speaker_mention is not None and "Kim Soo-jin" in found.speaker_mention


def test_a_quotation_inside_the_verbs_subject_is_no_words_of_it(annotator: Annotator) -> None:
    text = ('En una entrevista, la protagonista de películas como "Lluvia", de Saura, o "Nieve", de Trueba, '
            'insistió en sus críticas.')
    assert [(q.text, q.speaker) for q in annotator.annotate_text(text, "es").quotes] == [("Lluvia", None),
                                                                                       ("Nieve", None)]


@pytest.mark.parametrize(("lang", "text", "words", "speaker"), [
    ("en", '"The union is not a single office," a statement issued on behalf of Tom Ruiz, the Trade Secretary, '
           'said.', "single office", "Tom Ruiz"),
    ("es", "«El plan está muerto», dice una carta firmada por Ana Gil, ministra de Sanidad.", "plan está muerto",
     "Ana Gil"),
])
def test_a_document_issued_or_signed_by_somebody_speaks_for_them(
        annotator: Annotator, lang: str, text: str, words: str, speaker: str) -> None:
    assert said(annotator, text, words, lang).speaker == speaker


@pytest.mark.parametrize(("text", "words"), [
    ('El pasado martes, Pedro Ruiz fue cuestionado sobre Chile en la presentación de su libro, donde consideró que '
     'una victoria del candidato sería "un desastre para el país".', "un desastre"),
    ('Los virus cambian rápido. Crear una vacuna para cada virus, algo que Pedro Ruiz denomina “el método de un '
     'fármaco por bicho”, no es lo más inteligente.', "fármaco por bicho"),
])
def test_a_verb_of_speech_without_a_subject_of_the_sentences_number_is_its_subjects(
        annotator: Annotator, text: str, words: str) -> None:
    assert said(annotator, text, words, "es").speaker == "Pedro Ruiz"


def test_a_plural_verb_of_speech_without_a_subject_is_not_credited_to_a_later_speaker(annotator: Annotator) -> None:
    text = ('Los últimos molinos del pueblo.\n\n"Ahora necesito tres cajas", les dicen en las tiendas cuando van a '
            'vender sus productos, "¿Y de dónde saco tres cajas si hago una?" cuestiona Pedro Ruiz.')
    found = annotator.annotate_text(text, "es")
    assert quote(found, "necesito tres cajas").speaker is None
    assert quote(found, "de dónde saco").speaker == "Pedro Ruiz"


def test_a_role_whose_complement_is_a_list_still_reaches_the_name_in_apposition(annotator: Annotator) -> None:
    text = ('El estatus tendrá que estudiarse. La ministra de Industria, Comercio y Turismo, Ana Gil, ha pedido '
            '"prudencia" en este asunto.')
    assert said(annotator, text, "prudencia", "es").speaker == "Ana Gil"


# ---- an aside between dashes names its speaker after the verb -------------------------


@pytest.mark.parametrize("dash", ["—", "–", "-"])
def test_a_verb_of_speech_in_an_aside_between_dashes_has_its_subject_after_it(annotator: Annotator, dash: str) -> None:
    text = (f"El ministro Luis Prado visitó ayer tres escuelas. En cuanto a los maestros, {dash}dice el informe{dash} "
            "cada región deberá ofrecer “cursos gratuitos durante todo el año escolar”.")
    assert said(annotator, text, "cursos gratuitos", "es").speaker == "el informe"


def test_an_aside_between_hyphens_names_the_person_it_describes(annotator: Annotator) -> None:
    text = ("La alcaldesa de Soria, Marta Vidal, inauguró ayer la biblioteca. El edificio -explicó la alcaldesa- "
            "tendrá “salas abiertas hasta la medianoche para los estudiantes”.")
    assert said(annotator, text, "salas abiertas", "es").speaker == "Marta Vidal"


def test_a_hyphen_typed_as_a_dash_is_its_own_token_and_a_hyphen_inside_a_word_is_not(annotator: Annotator) -> None:
    nlp, _ = annotator.pipeline("es")
    words = [t.text for t in nlp("La ley -dijo el ministro- es anti-inflamatoria a -5 grados.")]
    assert words[:7] == ["La", "ley", "-", "dijo", "el", "ministro", "-"]
    assert "anti-inflamatoria" in words and "-5" in words


@pytest.mark.parametrize(("text", "speaker"), [
    ("La cirujana Rosa Vidal operó ayer a tres pacientes. En entrevista para la radio, Vidal —quien aseguró ser la "
     "única médica certificada que realiza esta operación en el país— detalló que “cuando queremos un cambio grande "
     "hacemos dos cortes”.", "Rosa Vidal"),
    ("En su testimonio, una vecina de 40 años, quien pidió el anonimato —entrevistada en la plaza— reconoció que "
     "“nadie nos avisó de los dos cortes de agua”.", "una vecina de 40 años"),
])
def test_a_subject_before_an_aside_between_dashes_is_the_verb_s(annotator: Annotator, text: str, speaker: str) -> None:
    assert said(annotator, text, "dos cortes", "es").speaker == speaker


@pytest.mark.parametrize(
    ("text", "words", "speaker", "lang"),
    [
        ("Senator Tom Reed spoke for an hour. As the senator went on about “the failed policies of the past,” "
         "Anna Berg said nothing at all.", "failed policies", "Tom Reed", "en"),
        ("Anna Berg watched at home. “Are you winning?” she asked, but as Senator Tom Reed talked about "
         "“a new era for our schools,” the room went quiet.", "new era", "Tom Reed", "en"),
        ("El senador Tomás Reed habló una hora. Mientras el senador hablaba de «las políticas fracasadas del "
         "pasado», Ana Berg dijo que no pensaba votar.", "políticas fracasadas", "Tomás Reed", "es"),
        # the verb of speech nearest before the quotation is not always its governor: a cue after it stays
        ("The four “loopholes” he cited are “the ability to move money offshore and to avoid the tax,” "
         "the newspaper reported.", "ability to move", "the newspaper", "en"),
        ("“We will win this election,” Anna Berg said.", "We will win", "Anna Berg", "en"),
    ],
)
def test_the_verb_of_speech_right_before_a_quotation_beats_a_cue_farther_off(
        annotator: Annotator, text: str, words: str, speaker: str, lang: str) -> None:
    assert said(annotator, text, words, lang).speaker == speaker


@pytest.mark.parametrize(
    ("text", "words", "speaker", "lang"),
    [
        ("Maria Tell spoke on the radio on Tuesday. On the show, the former senator and current presidential "
         "nominee said she wanted to speak “directly to the voters” about the shooting.",
         "directly to", "Maria Tell", "en"),
        ("Ana Ruiz visited the plant. The former mayor and current party leader said “the plant will stay open "
         "for ten more years.”", "the plant will", "the former mayor and current party leader", "en"),
        ("Ana Ruiz visitó la planta. La exalcaldesa y actual presidenta del partido dijo que «la planta seguirá "
         "abierta diez años más».", "la planta", "la exalcaldesa y actual presidenta del partido", "es"),
        # each role with its own determiner: two people, the nearer one as before
        ("The mayor and the governor said “the plant will stay open for ten more years.”", "the plant will",
         "the governor", "en"),
    ],
)
def test_two_roles_under_one_determiner_are_one_speaker(
        annotator: Annotator, text: str, words: str, speaker: str, lang: str) -> None:
    assert said(annotator, text, words, lang).speaker == speaker


def test_a_definite_description_means_somebody_met_before_it_not_somebody_introduced_later(annotator: Annotator) -> None:
    text = ("El politólogo Fernando Gil explica que el voto cambió.\n\n"
            "El analista apunta que el candidato \"supo leer muy bien lo que pedía la gente\".\n\n"
            "Mientras que el analista y periodista Carlos Ruiz señala que la deuda son \"los votos prestados\".")
    result = annotator.annotate_text(text, "es")
    assert quote(result, "supo leer").speaker == "Fernando Gil"
    assert quote(result, "votos prestados").speaker == "Carlos Ruiz"
    # an indefinite description introduces somebody the text names further on
    later = ("Un portavoz del ministerio dijo que los temas eran «muy complejos».\n\n"
             "«Los problemas son muy complejos», dijo el portavoz del ministerio, Pedro Sanz.")
    assert quote(annotator.annotate_text(later, "es"), "muy complejos").speaker == "Pedro Sanz"


def test_continue_to_is_no_verb_of_speech(annotator: Annotator) -> None:
    text = ('The drug maker is launching adverts. In the adverts, the company says the article continues to '
            '"needlessly spread fear among patients".')
    assert said(annotator, text, "needlessly").speaker == "the company"
    assert said(annotator, '"We will not stop," the minister continued.', "We will not").speaker == "the minister"


def test_agreeing_that_is_saying_and_agreeing_to_is_not(annotator: Annotator) -> None:
    text = ('Tom Vane, a strategist at a bank, agreed that the latest figures were "slightly stronger than '
            'expected" this month.')
    assert said(annotator, text, "slightly stronger").speaker == "Tom Vane"
    other = 'The company agreed to pay "a fair share of the costs," the judge said.'
    assert said(annotator, other, "a fair share").speaker == "the judge"


@pytest.mark.parametrize(("text", "lang", "speaker"), [
    ('"No volveremos a negociar con ellos" fueron las palabras del ministro al salir.', "es", "el ministro"),
    ('"No volveremos a negociar" fueron las palabras de la ministra de Economía.', "es", "la ministra de Economía"),
    ('"We will never negotiate with them again" were the words of Ana Lee as she left.', "en", "Ana Lee"),
    ("La ministra Ana Ruiz habló con la prensa. «No volveremos a negociar con ellos» fueron sus palabras al salir.",
     "es", "Ana Ruiz"),
    ('Finance Minister Ana Lee met reporters. "We will never negotiate with them again" were her words.', "en",
     "Ana Lee"),
])
def test_words_named_by_a_noun_belong_to_their_owner(annotator: Annotator, text: str, lang: str, speaker: str) -> None:
    # the owner follows a preposition and a plural noun (`palabras`, `words`) need not agree with them
    assert said(annotator, text, "negociar" if lang == "es" else "negotiate", lang).speaker == speaker


def test_quotations_that_are_some_of_many_comments_are_the_commenters(annotator: Annotator) -> None:
    text = ('La actriz publicó una foto con su hija. «¡Qué hermosas las dos!», o «¡Las extrañamos en la '
            'pantalla!», fueron algunos de los cientos de comentarios que recibió la publicación.\n\n'
            'El cantante anunció su gira. «Te esperamos en Monterrey» y «Por fin» fueron algunos de los mensajes '
            'de sus seguidores.')
    result = annotator.annotate_text(text, "es")
    assert quote(result, "Qué hermosas").speaker == quote(result, "Las extrañamos").speaker == \
        "los cientos de comentarios"
    assert quote(result, "Te esperamos").kind == "statement"  # a short quotation, but somebody's words
    assert quote(result, "Te esperamos").speaker == quote(result, "Por fin").speaker == "sus seguidores"


def test_an_impersonal_cue_after_one_that_reads_a_document_reads_it_on(annotator: Annotator) -> None:
    text = ('En el sitio web de la editorial se detalla que la novela es: «Una historia para jóvenes lectores de '
            'todas las edades». Se agrega que los autores «cuentan lo que nadie se atreve a contar sobre la '
            'escuela».\n\nOtra cosa ocurrió después en la feria.\n\nSe dijo entonces que el libro «no se '
            'reeditará nunca más en este país».')
    result = annotator.annotate_text(text, "es")
    assert quote(result, "cuentan lo que").speaker == "el sitio web de la editorial"
    assert quote(result, "no se reeditará").speaker is None  # paragraphs later: nobody in particular


def test_a_description_and_a_title_before_the_speakers_name_after_the_quotation(annotator: Annotator) -> None:
    text = ('"This is a big year for our city!" the senator\'s cousin, state Del. Joanna Baker (D-Richmond), '
            'shouted to the crowd.')
    assert said(annotator, text, "big year").speaker == "Joanna Baker"
    other = 'The cousin of the senator, state Del. Joanna Baker (D-Richmond), said the city "is ready for a change".'
    assert said(annotator, other, "ready for a change").speaker == "Joanna Baker"


def test_a_nickname_in_a_name_is_part_of_the_name(annotator: Annotator) -> None:
    text = ('"This is a big year for our city!" the senator\'s cousin, Joanna "Jo" Baker, shouted to the crowd.\n\n'
            'Music executive Antonio "LA" Reid said the label "will keep all of its artists".')
    result = annotator.annotate_text(text, "en")
    assert quote(result, "Jo").kind == "scare" and quote(result, "LA").kind == "scare"
    assert quote(result, "big year").speaker == 'Joanna "Jo" Baker'
    assert quote(result, "keep all").speaker == 'Antonio "LA" Reid'
    assert {e.name for e in result.entities} == {'Joanna "Jo" Baker', 'Antonio "LA" Reid'}
    spanish = "El técnico Miguel “Piojo” Herrera habló tras el partido. «Estamos contentos», afirmó Herrera."
    result = annotator.annotate_text(spanish, "es")
    assert [(e.name, e.type) for e in result.entities] == [("Miguel “Piojo” Herrera", "PER")]
    assert quote(result, "Estamos contentos").speaker == "Miguel “Piojo” Herrera"


@pytest.mark.parametrize(("text", "lang", "speaker"), [
    ('Dozens of students marched around the campus while chanting, "No more fees, no more debt."', "en",
     "Dozens of students"),
    ("Cientos de vecinos corearon «ni un desalojo más en el barrio» frente al ayuntamiento.", "es",
     "Cientos de vecinos"),
])
def test_people_counted_in_dozens_or_hundreds_speak(annotator: Annotator, text: str, lang: str, speaker: str) -> None:
    assert said(annotator, text, "fees" if lang == "en" else "desalojo", lang).speaker == speaker


@pytest.mark.parametrize("subject", ["His former partner at the firm, Laura B. Stone,", "Laura Stone, his former partner,"])
def test_a_quotation_after_a_sentence_whose_subject_is_described_then_named(annotator: Annotator, subject: str) -> None:
    text = (f"In the 1990s, Mr. Hale built a chain of bakeries. {subject} called him a genius at making deals. "
            '"He found money where nobody else could find it."')
    assert said(annotator, text, "He found money").speaker in ("Laura B. Stone", "Laura Stone")


def test_a_pronoun_never_means_a_description_of_the_other_gender(annotator: Annotator) -> None:
    text = ('Mr Hill, 46, denies the charges. His mother Ann Hill told US network Fox News on Sunday that her pop '
            'star son told her he was innocent. "I believe that for one reason - I know his character," she said.')
    assert said(annotator, text, "I know his character").speaker == "Ann Hill"  # not "her pop star son"


def test_a_chairman_may_be_a_woman(annotator: Annotator) -> None:
    text = ('Party chairman Petra Holt urged the two men to step down in a letter.\n\nShe said: "The party has taken '
            'legal advice and we could take proceedings against you."')
    assert said(annotator, text, "legal advice").speaker == "Petra Holt"


@pytest.mark.parametrize(("text", "lang", "words", "speaker"), [
    ('The fact-checkers looked at Donald Trump\'s claim that there have been "thousands of shootings" this year.',
     "en", "thousands", "Donald Trump"),
    ('Ann Lee\'s promise that taxes would "never go up again" was broken within a year.', "en", "never go up",
     "Ann Lee"),
    ("Los verificadores revisaron la afirmación de Donald Trump de que hubo «miles de tiroteos» en la ciudad.", "es",
     "miles", "Donald Trump"),
    ("La alcaldesa Ana Ruiz habló ayer. Su promesa de que los impuestos «nunca volverán a subir» se rompió.", "es",
     "nunca volverán", "Ana Ruiz"),
])
def test_words_in_the_content_of_somebodys_claim_are_theirs(annotator: Annotator, text: str, lang: str, words: str,
                                                            speaker: str) -> None:
    found = said(annotator, text, words, lang)
    assert found.kind == "statement" and found.speaker == speaker


def test_a_claim_nobody_owns_gives_its_words_to_nobody(annotator: Annotator) -> None:
    text = 'The claim that the city saw "thousands of shootings" was checked by reporters.'
    assert said(annotator, text, "thousands").speaker is None


def test_the_arabic_article_of_a_name_is_part_of_it(annotator: Annotator) -> None:
    result = annotator.annotate_text('«Hay un nivel inaceptable de gasto», opina Al Khatteeb. Al llegar habló con Al '
                                     'Gore y fue al Congreso.', "es")
    assert quote(result, "nivel inaceptable").speaker == "Al Khatteeb"
    assert {"Al Khatteeb", "Al Gore"} <= {e.name for e in result.entities}
    title = annotator.annotate_text("Los Aficionados Llegan Al Estadio Azteca Para La Final.", "es")
    assert not any(e.name.startswith("Al ") for e in title.entities)  # a contraction in a title in capitals


@pytest.mark.parametrize("clause", ["quien afirmó", "quien permanece aislada en su casa de Toledo y afirmó"])
def test_a_person_a_relative_clause_takes_up_after_a_preposition_speaks(annotator: Annotator, clause: str) -> None:
    text = f"El diario contactó a Ana Ruiz, {clause}: «La situación es muy grave para todos»."
    assert said(annotator, text, "La situación", "es").speaker == "Ana Ruiz"
    about = "Sobre Luis Mora, refirió: «Es un buen hombre y un gran amigo»."
    assert said(annotator, about, "buen hombre", "es").speaker != "Luis Mora"  # whom the words are about
