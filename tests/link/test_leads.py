"""What a story says up front (headline and lead), and that related coverage needs some of it in both stories."""

from __future__ import annotations

import pytest

from generator.link import link_corpus
from generator.link.explain import explanation
from generator.link.memory import LinkMemory
from generator.link.leads import LEAD_CHARS, MIN_LEAD_CHARS, lead, up_front_words
from generator.link.related import MIN_TOLD, MIN_UP_FRONT, RelatedIndex
from test_link import article, entity
from test_related import site_config, stories

# ---- the lead ---------------------------------------------------------------------------


FIRST = ("El Senado aprobó este martes la reforma de las pensiones con 70 votos a favor, tras una sesión "
         "de doce horas en la que la oposición presentó más de cien enmiendas.")


def test_the_lead_is_the_first_paragraph_with_words():
    text = f"\n\n  \n{FIRST}\n\nEl segundo párrafo no cuenta."
    assert len(FIRST) >= MIN_LEAD_CHARS and lead(text) == FIRST
    assert lead("") == ""


def test_a_short_first_paragraph_is_joined_to_the_next_ones():
    # A venue, a dateline or a kicker first is no lead: the story's first sentences are.
    assert lead(f"Murrayfield, Edinburgh\n\nSaturday, 26 February\n\n{FIRST}\n\nMás.") == (
        f"Murrayfield, Edinburgh\n\nSaturday, 26 February\n\n{FIRST}")
    assert lead("ABSTRACT.") == "ABSTRACT."


def test_a_long_first_paragraph_is_cut_at_a_space():
    text = "palabra " * 200
    cut = lead(text)
    assert len(cut) <= LEAD_CHARS and cut.endswith("palabra") and text.startswith(cut)


# ---- the words said up front ------------------------------------------------------------


@pytest.mark.parametrize("headline, lead_text, words, said", [
    # Spanish: the lemma, a plural, a verb form after the infinitive's last letter, a phrase of two said lemmas.
    ("El Congreso rechaza la moción de censura", "La votación fue ajustada.",
     {"rechazar", "moción", "censura", "moción censura", "votación", "presupuesto", "enmienda"},
     {"rechazar", "moción", "censura", "moción censura", "votación"}),
    ("México gana tres medallas", "Los atletas celebraron en el podio.",
     {"medalla", "ganar", "atleta", "podio", "dopaje"}, {"medalla", "ganar", "atleta", "podio"}),
    # English: plural, past tense and -ing forms; a word said only in the body is not up front.
    ("Union resumes talks as strike looms", "Workers resigned themselves to picketing.",
     {"talk", "strike", "resign", "picket", "loom", "wage", "resume"},
     {"talk", "strike", "resign", "picket", "loom", "resume"}),
])
def test_headline_and_lead_words_are_matched_to_the_stories_lemmas(headline, lead_text, words, said):
    assert up_front_words(headline, lead_text, words) == said


def test_short_lemmas_match_only_themselves_and_a_phrase_needs_both_its_words():
    # `caso` (4 letters) is not the stem of `casa`; `ley` alone does not say `ley electoral`.
    assert up_front_words("La casa de la ley", "", {"caso", "ley", "ley electoral", "electoral"}) == {"ley"}
    assert up_front_words("Cases rise", "", {"case", "rise"}) == {"case", "rise"}


# ---- related coverage needs the event up front -------------------------------------------

BODY = ("La campaña de vacunación usa dosis de refuerzo; los anticuerpos y la inmunidad celular "
        "protegen frente a las variantes, según los inmunólogos y virólogos consultados.")
TRIAL = ("El ensayo clínico de la farmacéutica terminó con resultados alentadores en los voluntarios, que "
         "recibieron dos inyecciones en hospitales de cuatro ciudades del país.")
TRIAL_NEXT = ("La agencia aprobó el ensayo clínico tras revisar los resultados de los voluntarios, y la farmacéutica "
              "podrá ampliar el estudio a personas mayores durante los próximos meses.")
HOAX = ("Las cadenas de mensajes difunden bulos sobre antenas y radiación que nadie ha comprobado; los verificadores "
        "desmienten cada semana decenas de audios anónimos reenviados por grupos familiares.")


def vaccine_stories(second_lead: str, second_title: str):
    assert min(len(TRIAL), len(second_lead)) >= MIN_LEAD_CHARS  # each lead is the first paragraph alone
    lab = [entity("Pfizer", "ORG", mentions=3), entity("Albert Bourla", "PER", mentions=2)]
    first = article("ensayo", f"{TRIAL}\n\n{BODY}", lab, day=10)
    second = article("segunda", f"{second_lead}\n\n{BODY} Siguen.", lab, day=12)
    first.title, second.title = "Resultados alentadores", second_title
    return link_corpus([first, second, *stories()[3:]], [], site_config())


def test_stories_that_share_a_domain_but_not_the_event_up_front_are_not_related_coverage():
    corpus = vaccine_stories(HOAX, "Los bulos de las cadenas")
    index = RelatedIndex(corpus.articles, corpus.article_entities, corpus.article_terms, site_config().related)
    i, j = index.position["ensayo"], index.position["segunda"]
    pair = index.measures(slice(i, i + 1))
    # Their bodies alone would relate them: the same names, the same specific words.
    assert pair.evidence[0, j] > 0.02 and pair.event_words[0, j] >= 2 and pair.scores[0, j] >= 0.75
    assert pair.up_front[0, j] < MIN_UP_FRONT
    assert corpus.related["ensayo"] == [] and corpus.related["segunda"] == []
    assert index.why_hidden(i, j) == "no counted name or event word said in both headlines or leads"


def test_the_same_event_said_up_front_in_both_is_related_coverage():
    corpus = vaccine_stories(TRIAL_NEXT, "Aprobado el ensayo")
    assert [link.article.slug for link in corpus.related["ensayo"]] == ["segunda"]
    index = RelatedIndex(corpus.articles, corpus.article_entities, corpus.article_terms, site_config().related)
    i, j = index.position["ensayo"], index.position["segunda"]
    assert set(index.up_front(i, j)) >= {"ensayo", "ensayo clínico", "voluntarios"}  # the test words are not lemmatised
    assert index.measures(slice(i, i + 1)).up_front[0, j] == len(index.up_front(i, j))
    text = explanation(index, "ensayo", limit=2)
    assert "said up front in both (headline or lead): " in text and "ensayo clínico" in text


def test_a_name_in_both_headlines_or_leads_is_said_up_front():
    corpus = vaccine_stories(HOAX, "Los bulos de las cadenas")
    corpus.articles[0].title, corpus.articles[1].title = "Pfizer presenta resultados", "Pfizer y los bulos"
    index = RelatedIndex(corpus.articles, corpus.article_entities, corpus.article_terms, site_config().related)
    assert index.up_front(index.position["ensayo"], index.position["segunda"]) == ["Pfizer"]


def test_a_name_edited_into_the_leads_is_measured_again_in_the_preview(monkeypatch):
    # The preview links again after an edit, measuring only the stories whose words changed; names
    # written into a lead change no event word (names are not), yet they change what is said up front.
    def linked(lead_name: str, memory: LinkMemory):
        corpus = vaccine_stories(HOAX, "Los bulos de las cadenas")
        for story in corpus.articles[:2]:
            story.text = story.body = f"{lead_name}{story.text}"
        return link_corpus(corpus.articles, [], site_config(), memory=memory)

    memory = LinkMemory()
    assert linked("", memory).related["ensayo"] == []
    updates: list[int] = []
    real = RelatedIndex.updated
    monkeypatch.setattr(RelatedIndex, "updated", lambda self, articles, memo=None: updates.append(1) or
                        real(self, articles, memo))
    edited = linked("Pfizer y Albert Bourla: ", memory)
    assert updates == [1]  # the last linking's index, measured again where the edit changed something
    assert [link.article.slug for link in edited.related["ensayo"]] == ["segunda"]
    assert edited.related["ensayo"][0].score == linked("Pfizer y Albert Bourla: ", LinkMemory()).related["ensayo"][0].score


# ---- what one story says up front, the other tells ------------------------------------------

FILMS = ("Los filmes de animación del catálogo triunfaron en las salas: taquilleros en cada estreno, "
         "según los analistas de la industria, que esperan otro año de récords para el estudio.")
TAKEOVER = ("Lumbra Films cerró la adquisición de los estudios rivales, con sus franquicias y sus canales, tras "
            "meses de subasta entre los accionistas.")
CAST = ("Lumbra Films confirmó que la cantante dará voz a la leona en la nueva versión del clásico musical, "
        "que se rodará este verano en Londres.")
CAST_AFTER = ("Lumbra Films estrenará en verano su primera cinta tras cerrar la compra, con un reparto "
              "de estrellas y una campaña en tres continentes.")


def film_stories(second_lead: str, second_body: str = FILMS):
    studio = [entity("Lumbra Films", "ORG", mentions=3), entity("Ada Quiroga", "PER", mentions=2)]
    first = article("compra", f"{TAKEOVER}\n\n{FILMS}", studio, day=10)
    second = article("reparto", f"{second_lead}\n\n{second_body}", studio, day=12)
    first.title, second.title = "Lumbra Films compra a su rival", "Lumbra Films elige a su estrella"
    return link_corpus([first, second, *stories()[3:]], [], site_config())


def test_one_name_said_up_front_and_a_domain_in_the_bodies_is_not_related_coverage():
    # A company's takeover and its next film's cast: the same company in both headlines, the film business
    # in both bodies; neither tells the other's event.
    corpus = film_stories(CAST)
    index = RelatedIndex(corpus.articles, corpus.article_entities, corpus.article_terms, site_config().related)
    i, j = index.position["compra"], index.position["reparto"]
    pair = index.measures(slice(i, i + 1))
    assert pair.evidence[0, j] > 0.02 and pair.event_words[0, j] >= 2 and pair.scores[0, j] >= 0.75
    assert pair.up_front[0, j] >= MIN_UP_FRONT
    assert index.told(i, j) == ["Lumbra Films"] and pair.told[0, j] == 1 < MIN_TOLD
    assert corpus.related["compra"] == [] and corpus.related["reparto"] == []
    assert pair.up_front[0, j] < MIN_TOLD  # one name said up front in both is not enough either
    assert index.why_hidden(i, j).startswith(f"fewer than {MIN_TOLD} names or event words said up front in both")
    assert "said up front in one, told in the other: Lumbra Films" in explanation(index, "compra", limit=1)


def test_what_one_story_says_up_front_and_the_other_tells_in_its_body_is_related_coverage():
    # The follow-up's lead names the studio alone; its body tells the takeover the first story leads with.
    body = f"{FILMS} La adquisición de los estudios rivales y sus franquicias se cerró en la subasta."
    corpus = film_stories(CAST_AFTER, body)
    index = RelatedIndex(corpus.articles, corpus.article_entities, corpus.article_terms, site_config().related)
    i, j = index.position["compra"], index.position["reparto"]
    told = index.told(i, j)
    assert {"Lumbra Films", "adquisición", "franquicias", "subasta"} <= set(told)
    assert index.told(j, i) == told and index.measures(slice(i, i + 1)).told[0, j] == len(told)
    assert [link.article.slug for link in corpus.related["compra"]] == ["reparto"]
