"""Quotation marks, speakers and kinds: the general rules, on sentences written for the tests."""

from __future__ import annotations

import pytest

from generator.annotate import Annotator
from generator.annotate.quote_marks import find_quote_spans, inner_quote_spans
from generator.annotate.quotes import quote_score
from generator.model import Annotations, Quote


def quoted(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_quote_spans(text)]


def quote(annotations: Annotations, words: str) -> Quote:
    found = [q for q in annotations.quotes if words in q.text]
    assert found, f"no quotation with {words!r} in {[q.text for q in annotations.quotes]}"
    return found[0]


# ---- pairing marks ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dijo: «Vamos a ganar». Y se fue.", ["Vamos a ganar"]),
        ("Dijo: “Vamos a ganar” y se fue.", ["Vamos a ganar"]),
        ('He said: "We will win" and left.', ["We will win"]),
        ("She called it ‘a disaster’ twice.", ["a disaster"]),
        ("«Uno», dijo. «Dos»", ["Uno", "Dos"]),
    ],
)
def test_pairs_each_kind_of_mark(text: str, expected: list[str]) -> None:
    assert quoted(text) == expected


def test_a_straight_mark_closed_by_a_typographic_one_is_one_quotation() -> None:
    text = ('No obstante, "el agua siempre ha tenido un precio”, recordó Hugo Contreras. "Lo novedoso es que '
            'ahora será visible”, recalcó.\n"Taylor pedía “conseguirlo barato”, según sus palabras. “Te voy a '
            'sorprender” le contestaban".')
    assert quoted(text) == ["el agua siempre ha tenido un precio", "Lo novedoso es que ahora será visible",
                            "Taylor pedía “conseguirlo barato”, según sus palabras. “Te voy a sorprender” le contestaban"]


def test_a_straight_mark_closed_by_a_typographic_one_after_a_comma_is_one_quotation() -> None:
    text = '"The bridge will not be ready this year,” said Ann Rowe, who runs the works. "We need more time.”'
    assert quoted(text) == ["The bridge will not be ready this year,", "We need more time."]


def test_offsets_index_the_quoted_words_without_marks() -> None:
    text = "Horn agregó: «Estamos listos».\n\n«Otra frase»."
    assert [(text[s.start : s.end], text[s.start - 1]) for s in find_quote_spans(text)] == [
        ("Estamos listos", "«"),
        ("Otra frase", "«"),
    ]


def test_apostrophes_are_not_quotation_marks() -> None:
    assert quoted("It’s the party’s view that ‘we don’t know’, he said.") == ["we don’t know"]
    assert quoted("Rock 'n' roll isn't dead, it's 'alive'.") == ["alive"]


def test_stray_opening_mark_used_to_close() -> None:
    assert quoted("Horn agregó: «La administración sigue en Ucrania «.") == ["La administración sigue en Ucrania"]


def test_missing_opening_mark_starts_at_the_clause() -> None:
    assert quoted("El ministro respondió: no habrá más impuestos». Luego se fue.") == ["no habrá más impuestos"]


def test_unclosed_quotation_runs_to_the_end_of_its_paragraph() -> None:
    text = "«Es el primer párrafo de la cita.\n\n«Y este es el segundo», dijo."
    assert quoted(text) == ["Es el primer párrafo de la cita.", "Y este es el segundo"]


def test_reopened_straight_quote_closes_the_previous_one_at_its_sentence_end() -> None:
    text = 'He went on: "The first point is clear. "The second one too," he said.'
    assert quoted(text) == ["The first point is clear.", "The second one too,"]


def test_inner_marks_stay_inside_the_outer_quotation() -> None:
    assert quoted("Dijo: «El libro “Cien años” es clave». Fin.") == ["El libro “Cien años” es clave"]


# ---- Spanish attribution ------------------------------------------------------


def test_split_quotation_gets_the_speaker_of_its_attribution(annotator: Annotator) -> None:
    text = (
        "«No vamos a ceder ante ninguna presión de los inversores», dijo Ana Gómez. "
        "«Tampoco aceptaremos nuevas condiciones en el contrato»."
    )
    result = annotator.annotate_text(text, "es")
    first, second = quote(result, "No vamos"), quote(result, "Tampoco")
    assert (first.speaker, first.cue, first.kind) == ("Ana Gómez", "dijo", "statement")
    assert second.speaker == "Ana Gómez" and second.cue is None and second.kind == "statement"


def test_apposition_names_the_speaker(annotator: Annotator) -> None:
    text = "«Los problemas en la agenda son muy complejos», dijo el portavoz del Kremlin, Dmitry Peskov."
    found = quote(annotator.annotate_text(text, "es"), "Los problemas")
    assert found.speaker == "Dmitry Peskov"
    assert found.speaker_mention == "el portavoz del Kremlin, Dmitry Peskov"


def test_speaker_before_the_quotation_and_surname_resolution(annotator: Annotator) -> None:
    text = (
        "La ministra de Sanidad, Carolina Darias, visitó ayer el hospital de Valencia.\n\n"
        "Darias afirmó que «la vacunación avanza a buen ritmo en todas las comunidades»."
    )
    found = quote(annotator.annotate_text(text, "es"), "la vacunación")
    assert (found.speaker, found.speaker_mention, found.cue) == ("Carolina Darias", "Darias", "afirmó")


@pytest.mark.parametrize(("text", "cue"), [
    ("La alcaldesa Ana Gómez habló con los vecinos del barrio. Y prosigue: «Nadie se quedará sin su casa "
     "este invierno».", "prosigue"),
    ("«La ocupación rondará el noventa por ciento este verano», apostilló Eduard Farriol.", "apostilló"),
    ("Emma Lewis described the plan in detail. \"It will change how the city works for everyone,\" she "
     "suggested.", "suggested"),
])
def test_less_common_reporting_verbs_are_cues(annotator: Annotator, text: str, cue: str) -> None:
    lang = "en" if "described" in text else "es"
    [found] = annotator.annotate_text(text, lang).statements
    assert found.cue == cue and found.speaker in {"Ana Gómez", "Eduard Farriol", "Emma Lewis"}


def test_an_impersonal_se_cue_gives_no_speaker(annotator: Annotator) -> None:
    text = ("La alcaldesa Ana Gómez visitó el barrio el lunes. En la reunión se confirmó que «las obras empezarán "
            "en marzo y durarán dos años».")
    found = quote(annotator.annotate_text(text, "es"), "las obras")
    assert found.speaker is None  # not Ana Gómez, the person last named


@pytest.mark.parametrize(("told", "speaker"), [
    ("dijo a BBC Keith Neal, profesor", "Keith Neal"),
    ("le dice a la BBC Farouk Soussa, economista", "Farouk Soussa"),
    ("recordó a DW Pedro Arrojo-Agudo, Relator", "Pedro Arrojo-Agudo"),
])
def test_a_speaker_after_the_medium_he_spoke_to_is_the_speaker(annotator: Annotator, told: str, speaker: str) -> None:
    text = f"«No hay duda de que el desafío fiscal del reino es enorme», {told} de la universidad."
    result = annotator.annotate_text(text, "es")
    assert quote(result, "No hay duda").speaker == speaker
    assert (speaker, "PER") in {(e.name, e.type) for e in result.entities}  # not run into the medium's name


def test_segun_introduces_the_source(annotator: Annotator) -> None:
    text = "Según el ministro, el Gobierno actuará «porque no hay otra alternativa al diálogo directo»."
    found = quote(annotator.annotate_text(text, "es"), "porque no hay")
    assert (found.speaker, found.cue) == ("el ministro", "Según")


def test_paragraph_without_attribution_inherits_the_previous_speaker(annotator: Annotator) -> None:
    text = (
        "El funcionario señaló que el país aún no ha visto ningún intento de reducir las tensiones.\n\n"
        "«Seguimos viendo tropas importantes en la frontera y seguimos dejando claro nuestro mensaje»."
    )
    found = quote(annotator.annotate_text(text, "es"), "Seguimos viendo")
    assert found.speaker == "el funcionario" and found.kind == "statement"


def test_description_resolves_to_the_person_introduced_with_it(annotator: Annotator) -> None:
    text = (
        "Un portavoz del Kremlin dijo a los reporteros que la llamada se debía a temas «muy complejos».\n\n"
        "«La agenda es difícil», dijo el portavoz del Kremlin, Dmitry Peskov."
    )
    assert quote(annotator.annotate_text(text, "es"), "muy complejos").speaker == "Dmitry Peskov"


def test_unnamed_source_keeps_its_description(annotator: Annotator) -> None:
    text = (
        "El Departamento de Estado encabezará la delegación, dijo un funcionario de la Casa Blanca el martes, "
        "«incluso si no obtenemos todo lo que queremos»."
    )
    found = quote(annotator.annotate_text(text, "es"), "incluso si")
    assert found.speaker == "un funcionario de la Casa Blanca"


def test_quoted_term_in_a_noun_phrase_is_a_scare_quote(annotator: Annotator) -> None:
    text = "Rusia ha advertido a la OTAN que si se cruzan sus «líneas rojas», se verá obligada a actuar."
    found = quote(annotator.annotate_text(text, "es"), "líneas rojas")
    assert found.kind == "scare" and found.speaker is None


def test_title_of_a_work_is_a_scare_quote(annotator: Annotator) -> None:
    text = "La editorial publicó en China «Cien Años de Soledad» tras años de negociación."
    assert quote(annotator.annotate_text(text, "es"), "Cien Años").kind == "scare"


def test_real_news_excerpt(annotator: Annotator) -> None:
    # Excerpt from the Spanish Fake News Corpus (Posadas-Durán et al., CC BY 4.0),
    # https://github.com/jpposadas/FakeNewsCorpusSpanish, test.jsonl Id 472.
    text = (
        "“Esto habla de un asunto más grande, el de la violencia en nuestro país, y de lo que debemos "
        "hacer para nunca tolerarla y siempre rechazarla”, dijo Harris, la primera vicepresidenta mujer, "
        "afroestadounidense y surasiática en Estados Unidos."
    )
    found = quote(annotator.annotate_text(text, "es"), "Esto habla")
    assert (found.speaker, found.cue, found.kind) == ("Harris", "dijo", "statement")


# ---- English attribution -------------------------------------------------------


def test_english_speaker_after_the_quotation(annotator: Annotator) -> None:
    text = (
        "Tony Blair spoke to party members in Manchester on Tuesday.\n\n"
        '"We will not raise the basic rate of income tax," Mr Blair said.'
    )
    found = quote(annotator.annotate_text(text, "en"), "We will not")
    assert (found.speaker, found.speaker_mention, found.cue) == ("Tony Blair", "Mr Blair", "said")


def test_english_inverted_attribution(annotator: Annotator) -> None:
    text = '"The economy is in good shape and getting stronger," said Chancellor Gordon Brown.'
    found = quote(annotator.annotate_text(text, "en"), "The economy")
    assert (found.speaker, found.cue) == ("Gordon Brown", "said")


def test_english_according_to(annotator: Annotator) -> None:
    text = 'The plan would be "a disaster for the health service and its patients", according to Liam Fox.'
    found = quote(annotator.annotate_text(text, "en"), "a disaster")
    assert (found.speaker, found.cue, found.kind) == ("Liam Fox", "according to", "statement")


def test_english_pronoun_takes_the_last_speaker(annotator: Annotator) -> None:
    text = (
        "Liberal Democrat leader Charles Kennedy, who backs the treaty, said the vote would come next year.\n\n"
        'He told reporters: "The sooner we get on with this, the better."'
    )
    found = quote(annotator.annotate_text(text, "en"), "The sooner")
    assert (found.speaker, found.speaker_mention) == ("Charles Kennedy", "He")


def test_key_quotes_rank_named_full_sentences_first(annotator: Annotator) -> None:
    text = (
        'An official said the talks were "useful".\n\n'
        '"We have made real progress on every issue that matters to the people of this country," '
        "Mr Blair said."
    )
    keys = annotator.annotate_text(text, "en").key_quotes
    assert keys[0].text.startswith("We have made real progress")
    assert all(keys[0].score > q.score for q in keys[1:])


# ---- marks: what real news does to them ------------------------------------------


def test_missing_opening_mark_takes_the_sentences_in_the_first_person() -> None:
    text = (
        "El médico dijo a la radio que sus palabras fueron sacadas de contexto. En mis treinta años de carrera "
        "nunca he apoyado a un candidato. Los comentarios que me atribuyen son falsos», dijo López."
    )
    assert quoted(text) == [
        "En mis treinta años de carrera nunca he apoyado a un candidato. Los comentarios que me atribuyen son falsos"
    ]


def test_a_quotation_of_several_paragraphs_reopens_on_each_one() -> None:
    text = (
        '"We are hoping people will join us," she said. "Campaign for Rail is the biggest group in the region.\n\n'
        '"We believe it is time to act."'
    )
    assert quoted(text) == [
        "We are hoping people will join us,", "Campaign for Rail is the biggest group in the region.",
        "We believe it is time to act.",
    ]


def test_a_reopened_straight_quote_runs_to_the_end_of_its_paragraph() -> None:
    assert quoted('He said: "One point is clear. "The needs of victims come first.') == [
        "One point is clear.", "The needs of victims come first.",
    ]


def test_terms_quoted_inside_a_quotation_are_scare_quotes(annotator: Annotator) -> None:
    text = "En opinión del obispo, «el 'genio' femenino está hecho para amar y para acoger a los demás»."
    result = annotator.annotate_text(text, "es")
    assert [(q.text, q.kind) for q in result.quotes] == [
        ("el 'genio' femenino está hecho para amar y para acoger a los demás", "statement"), ("genio", "scare"),
    ]
    assert inner_quote_spans(text, find_quote_spans(text))[0].start == text.index("genio")


# ---- statements or terms -------------------------------------------------------------


def test_a_short_quotation_a_reporting_verb_introduces_is_a_statement(annotator: Annotator) -> None:
    text = (
        "El historiador Enrique Soto calificó como una «irresponsabilidad académica» el plagio. "
        "Rusia ha advertido a la OTAN que si se cruzan sus «líneas rojas», actuará. "
        "Cabe destacar la palabra «sólo»."
    )
    result = annotator.annotate_text(text, "es")
    assert (quote(result, "irresponsabilidad").kind, quote(result, "irresponsabilidad").speaker) == (
        "statement", "Enrique Soto",
    )
    assert quote(result, "líneas rojas").kind == "scare"  # a term of theirs, after a possessive
    assert quote(result, "sólo").kind == "scare"  # a word named as a word


# ---- who said it ---------------------------------------------------------------------


def test_a_role_description_means_the_person_in_focus(annotator: Annotator) -> None:
    text = (
        "El entrenador Luis Pardo, el estratega del club, cambió el once inicial tras la lesión de Mario Gil. "
        "El mexicano salió en el descanso. «Mario nos dio todo lo que podía dar a su edad», señaló el técnico "
        "a la prensa."
    )
    found = quote(annotator.annotate_text(text, "es"), "Mario nos dio")
    assert (found.speaker, found.speaker_mention) == ("Luis Pardo", "el técnico")


@pytest.mark.parametrize(
    "text",
    [
        "Un alto funcionario dijo que el acuerdo estaba cerca. «Estamos listos para firmar», añadió el "
        "funcionario.",
        "La ministra Ana Gil llegó. «Estamos listos para firmar el acuerdo hoy», dijo el narrador del anuncio.",
    ],
    ids=["anonymous source", "role within a thing"],
)
def test_unnamed_sources_stay_descriptions(annotator: Annotator, text: str) -> None:
    found = quote(annotator.annotate_text(text, "es"), "Estamos listos")
    assert found.speaker in ("el funcionario", "el narrador del anuncio")


def test_people_speaking_together_are_joined_with_the_right_conjunction(annotator: Annotator) -> None:
    text = (
        "Pablo Sanz e Irene Vidal pagarán la hipoteca a medias. «Llevamos tiempo buscando una casa en el campo "
        "para nuestra familia», trasladan Sanz y Vidal."
    )
    assert quote(annotator.annotate_text(text, "es"), "Llevamos tiempo").speaker == "Pablo Sanz e Irene Vidal"


def test_a_headline_quotation_repeated_in_the_story_is_its_speaker_s(annotator: Annotator) -> None:
    text = (
        "«Decisión personal»\n"
        "El ministro Juan Ortega habló el jueves. «Voy a ser claro: es una decisión personal y no me corresponde "
        "valorarla», se ha pronunciado Ortega."
    )
    found = quote(annotator.annotate_text(text, "es"), "Decisión personal")
    assert (found.kind, found.speaker) == ("statement", "Juan Ortega")


def test_things_do_not_speak_their_writer_does(annotator: Annotator) -> None:
    text = (
        "Uno de los mensajes circula en Brasil con reclamos que resaltan que el tratamiento «probó de nuevo que "
        "funcionaba muy bien desde el principio».\n"
        "«Si los demócratas tienen éxito en destituir al presidente, habrá una fractura enorme en esta nación», "
        "fue el comentario del reverendo Robert Jeffress."
    )
    result = annotator.annotate_text(text, "es")
    assert quote(result, "probó de nuevo").speaker.lower() == "uno de los mensajes"
    assert quote(result, "Si los demócratas").speaker == "Robert Jeffress"


def test_a_colon_after_a_sentence_about_a_person_introduces_their_words(annotator: Annotator) -> None:
    text = (
        "La cantante Rosa Gil cuenta con temas como Reinas: «cuando vas a un festival descubres artistas nuevos "
        "que te gustan mucho»."
    )
    found = quote(annotator.annotate_text(text, "es"), "cuando vas")
    assert found.speaker == "Rosa Gil" and found.cue is None  # "cuenta con" (has) reports nothing


def test_english_participle_and_perfect_take_the_clause_subject(annotator: Annotator) -> None:
    text = (
        'Earlier, party chairman Matthew Long wrote to the regulator saying: "The advice we have received on '
        'several occasions is that such calls are illegal."\n\n'
        'Jack Straw, who argues the treaty reflected a "British vision for Europe", has said the referendum could '
        "be held in spring."
    )
    result = annotator.annotate_text(text, "en")
    assert quote(result, "The advice").speaker == "Matthew Long"  # not "the regulator"
    assert quote(result, "British vision").speaker == "Jack Straw"  # not "the referendum"


def test_key_quote_score_prefers_informative_words() -> None:
    plain = Quote("Es lo que es y lo que hay para todos aquí", "statement", 0, 1, "Ana Gil")
    rich = Quote("Los hospitales públicos necesitan médicos especialistas, camas nuevas y vacunas ya", "statement", 0,
                 1, "Ana Gil")
    assert quote_score(rich, named=True) > quote_score(plain, named=True)
    assert quote_score(plain, named=True) > quote_score(rich, named=False)


def test_a_title_keeps_out_the_comma_american_style_closes_it_with(annotator: Annotator) -> None:
    result = annotator.annotate_text(
        "On Sunday's broadcast of “Morning Report,” Governor Amy Hart said the plan was dead. "
        "Her aide spoke next. “Thank You,” Amy Hart told the crowd.", "en")
    show = quote(result, "Morning Report")
    assert show.kind == "scare" and show.speaker is None
    names = {e.name for e in result.entities}
    assert "Morning Report" in names and "Morning Report," not in names
    thanks = quote(result, "Thank You")  # a sentence opening with it: words said, not a title
    assert thanks.kind == "statement" and thanks.speaker == "Amy Hart"


@pytest.mark.parametrize("verb", ["asking", "replying", "tweeting"])
def test_a_participle_of_speech_after_a_name_credits_the_name(annotator: Annotator, verb: str) -> None:
    text = f"The new ad uses footage of Senator Mark Bell {verb}, “Why are we still waiting for the money?”"
    assert quote(annotator.annotate_text(text, "en"), "Why are we").speaker == "Mark Bell"


def test_a_short_sentence_quoted_between_doubled_marks_opens_its_sentence(annotator: Annotator) -> None:
    text = "''We are not a burden on this city or a stain on it,'' the mayor added. ''We're Denver.''"
    short = quote(annotator.annotate_text(text, "en"), "We're Denver")
    assert short.kind == "statement" and short.speaker == "the mayor"


@pytest.mark.parametrize(
    ("text", "lang", "words", "kind", "speaker"),
    [
        ('Pablo Gil y Ana Ruiz pagarán "algo más" de mil euros al mes por la casa.', "es", "algo más", "statement",
         "Pablo Gil y Ana Ruiz"),
        ("Michael Dean has launched an attack on the cost of the city's \"chaotic\" bus system.", "en", "chaotic",
         "statement", "Michael Dean"),
        # a noun may be a term, whoever the subject is
        ("Michael Dean has launched an attack on the city's \"green belt\" rules.", "en", "green belt", "scare", None),
    ],
)
def test_short_words_that_name_nothing_are_the_words_of_the_subject_of_their_verb(
        annotator: Annotator, text: str, lang: str, words: str, kind: str, speaker: str | None) -> None:
    found = quote(annotator.annotate_text(text, lang), words)
    assert (found.kind, found.speaker) == (kind, speaker)
