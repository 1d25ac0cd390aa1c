"""The link stage on hand-made annotated articles (no NLP involved)."""

import datetime as dt
import re
from pathlib import Path

import pytest

from generator.config import SiteConfig
from generator.link import link_corpus
from generator.link.memory import LinkMemory
from generator.model import Annotations, Article, Definition, Entity, GlossaryEntry, Mention, Quote


def entity(name: str, type_: str, *aliases: str, mentions: int = 1, sentence: str = "") -> Entity:
    return Entity(name, type_, list(aliases), [Mention(0, len(name), name)] * mentions, sentence or f"{name} habló.")


def article(slug: str, text: str, entities: list[Entity], day: int | None = None, quotes=(), definitions=(),
            tags=()) -> Article:
    a = Article(path=Path(f"{slug}.md"), slug=slug, title=slug.title(), lang="es", body=text, body_line=1,
                date=dt.date(2021, 12, day) if day else None, tags=list(tags), text=text)
    a.annotations = Annotations(entities=entities, quotes=list(quotes), definitions=list(definitions),
                                event_words=plain_event_words(text))
    return a


def plain_event_words(text: str) -> dict[str, int]:
    """Event words as the annotator counts them, without NLP: lower-case words of 4 letters or more (their own
    lemmas; capitalised words are names') and each pair of them that follows each other in a sentence."""
    counts: dict[str, int] = {}
    for sentence in re.split(r"[.;:!?]", text):
        words = [w for w in re.findall(r"[^\W\d_]{4,}", sentence) if w.islower()]
        for n, word in enumerate(words):
            counts[word] = counts.get(word, 0) + 1
            if n and words[n - 1] != word:
                pair = f"{words[n - 1]} {word}"
                counts[pair] = counts.get(pair, 0) + 1
    return counts


RUSIA_TEXT = "Putin y Biden hablaron de la OTAN, de Ucrania y de las tropas rusas en la frontera ucraniana."


def corpus(extra=(), memory: LinkMemory | None = None):
    glossary = [GlossaryEntry(Path("otan.md"), "OTAN", "Alianza militar.", ["Organización del Tratado del Atlántico Norte"],
                              "otan")]
    quote = Quote("Los problemas son muy complejos", "statement", 0, 10, speaker="Dmitry Peskov", cue="dijo")
    articles = [
        article("seed", RUSIA_TEXT + " Peskov habló.", [
            entity("Dmitry Peskov", "PER", "Peskov", mentions=2, sentence="Peskov habló."),
            entity("Putin", "PER", mentions=3), entity("OTAN", "ORG"), entity("México", "LOC"),
            entity("Ucrania", "LOC", mentions=2)], day=29, quotes=[quote],
            definitions=[Definition("Bucarest Nine", "una referencia a los nueve países", "Bucarest Nine es ...")]),
        article("cumbre", RUSIA_TEXT + " La cumbre sobre Ucrania será en Ginebra.", [
            entity("Vladimir Putin", "PER", mentions=2), entity("Organización del Tratado del Atlántico Norte", "ORG"),
            entity("Ucrania", "LOC"), entity("México", "LOC"), entity("Ginebra", "LOC")], day=30, tags=["rusia"]),
        article("peskov", "El portavoz Dmitry Peskov habló de Ucrania y de las tropas rusas.", [
            entity("Dmitry Peskov", "PER"), entity("Ucrania", "LOC"), entity("México", "LOC")], day=28),
        article("futbol", "El equipo de México ganó el partido de fútbol en el estadio con un gol.", [
            entity("México", "LOC", mentions=2), entity("Chicharito", "PER")], day=27),
        article("cine", "La película del festival de cine ganó el premio del público en México.", [
            entity("México", "LOC")]),
        *extra,
    ]
    return link_corpus(articles, glossary, SiteConfig(), memory=memory)


def test_articles_come_out_newest_first_with_undated_last():
    assert [a.slug for a in corpus().articles] == ["cumbre", "seed", "peskov", "futbol", "cine"]


def test_surnames_and_glossary_synonyms_merge_across_the_corpus():
    entities = corpus().entities
    putin = next(e for e in entities.values() if "Putin" in e.name)
    assert putin.name == "Vladimir Putin" and putin.aliases == {"Putin"}
    assert putin.mentions == 5 and {a.article.slug for a in putin.appearances} == {"seed", "cumbre"}
    otan = next(e for e in entities.values() if e.name == "Organización del Tratado del Atlántico Norte")
    assert otan.aliases == {"OTAN"}
    assert len([e for e in entities.values() if "Putin" in e.name or "Putin" in e.aliases]) == 1


def test_appearances_are_newest_first_and_keep_the_sentence():
    peskov = corpus().entities["dmitry-peskov"]
    assert [a.article.slug for a in peskov.appearances] == ["seed", "peskov"]
    assert peskov.appearances[0].sentence == "Peskov habló."


def test_quotes_are_credited_to_the_canonical_speaker():
    peskov = corpus().entities["dmitry-peskov"]
    assert [q.quote.text for q in peskov.quotes] == ["Los problemas son muy complejos"]


def test_entities_mentioned_once_get_no_page_and_misc_never_does():
    entities = corpus().entities
    assert entities["chicharito"].has_page is False
    assert entities["ginebra"].has_page is False
    assert entities["dmitry-peskov"].has_page is True


def test_cooccurrence_counts_shared_stories():
    peskov = corpus().entities["dmitry-peskov"]
    together = {e.name: n for e, n in peskov.cooccurring}
    assert together["Ucrania"] == 2 and together["México"] == 2 and together["Vladimir Putin"] == 1


def test_glossary_has_authored_and_extracted_terms_and_where_they_are_used():
    result = corpus()
    assert result.glossary["otan"].origin == "authored"
    extracted = result.glossary["bucarest-nine"]
    assert extracted.origin == "extracted" and extracted.source_article.slug == "seed"
    assert extracted.source_sentence == "Bucarest Nine es ..."
    assert [a.slug for a in result.glossary["otan"].articles] == ["cumbre", "seed"]
    assert [t.slug for t in result.article_terms["seed"]] == ["otan"]


def test_related_stories_share_rare_entities_and_ignore_ubiquitous_ones():
    result = corpus()
    related = {slug: [link.article.slug for link in links] for slug, links in result.related.items()}
    assert related["seed"][0] == "cumbre"
    assert "peskov" in related["seed"]
    # México is in every story: it never makes two stories related on its own.
    assert related["futbol"] == [] and related["cine"] == []
    reasons = result.related["seed"][0].shared
    assert "Vladimir Putin" in reasons and "México" not in reasons


def test_related_lists_are_capped_and_scored_best_first():
    result = corpus()
    for links in result.related.values():
        assert len(links) <= SiteConfig().related.max
        assert [l.score for l in links] == sorted((l.score for l in links), reverse=True)


def test_entity_index_maps_each_local_name_to_its_canonical_entity():
    result = corpus()
    assert result.entity_index["seed"]["Putin"].name == "Vladimir Putin"
    assert result.entity_index["cumbre"]["Organización del Tratado del Atlántico Norte"].key == \
        result.entity_index["seed"]["OTAN"].key
    assert [e.name for e in result.article_entities["seed"]][:2] == ["Vladimir Putin", "Dmitry Peskov"]


def test_an_alias_that_is_a_complement_or_a_far_commoner_name_does_not_chain_entities():
    def story(slug: str, *entities: Entity) -> Article:
        return article(slug, "Texto.", list(entities))

    articles = [
        story("ford", entity("Ford de México", "ORG", "México")),
        story("washington", entity("George Washington", "PER", "Washington")),
        story("pri", entity("Partido Revolucionario Institucional", "ORG", "PRI")),
        *[story(f"mx-{n}", entity("México", "LOC"), entity("Washington", "LOC"), entity("PRI", "ORG"))
          for n in range(4)],
    ]
    result = link_corpus(articles, [], SiteConfig())
    names = {e.name: e for e in result.entities.values()}
    assert names["México"].aliases == set() and names["Ford de México"].aliases == set()
    assert "Washington" in names and names["George Washington"].aliases == set()
    # An acronym of the name is another name for it, however often it stands alone.
    assert names["Partido Revolucionario Institucional"].aliases == {"PRI"}


def test_short_forms_used_in_the_same_story_join_their_full_name():
    fauci = article("fauci", "Texto.", [entity("Dr. Anthony Fauci", "ORG"), entity("Fauci", "PER", mentions=5)])
    fox = article("fox", "Texto.", [entity("Fox News", "ORG", mentions=4), entity("Fox", "PER")])
    pension = article("pension", "Texto.", [entity("Vicente Fox", "PER", "Fox", mentions=2)])
    result = link_corpus([fauci, fox, pension], [], SiteConfig())
    merged = result.entity_index["fauci"]
    assert merged["Fauci"] is merged["Dr. Anthony Fauci"] and merged["Fauci"].type == "PER"
    # In a story about Fox News, "Fox" is the channel; elsewhere it may still be Vicente Fox.
    assert result.entity_index["fox"]["Fox"].name == "Fox News"
    assert result.entity_index["pension"]["Vicente Fox"].name == "Vicente Fox"


def test_a_short_form_never_chains_different_people_or_a_place_to_a_person():
    articles = [
        article("amlo-1", "Texto.", [entity("Andrés Manuel López Obrador", "PER", "López", "Andrés", mentions=3)]),
        article("amlo-2", "Texto.", [entity("Andrés Manuel López Obrador", "PER", "López", mentions=2)]),
        article("amlo-3", "Texto.", [entity("Andrés Manuel López Obrador", "PER", "López", mentions=2)]),
        article("amlo-4", "Texto.", [entity("Andrés Manuel López Obrador", "PER", "López", mentions=2)]),
        article("bogota", "Texto.", [entity("Claudia López", "PER", "López", mentions=2)]),
        article("andres", "Texto.", [entity("Andrés", "PER")]),
        article("salinas-1", "Texto.", [entity("Carlos Salinas", "PER", "Salinas")]),
        article("salinas-2", "Texto.", [entity("Carmen Salinas", "PER", "Salinas")]),
        article("clinton", "Texto.", [entity("Hillary Clinton", "PER", "Bill Clinton")]),
        article("papa", "Texto.", [entity("San Francisco", "LOC"), entity("Francisco", "PER", mentions=3)]),
        article("miss", "Texto.", [entity("EE.UU.", "LOC", "Miss EE.UU.")]),
        *[article(f"eeuu-{n}", "Texto.", [entity("EE.UU.", "LOC")]) for n in range(4)],
    ]
    result = link_corpus(articles, [], SiteConfig())
    names = {e.name: e for e in result.entities.values()}
    # `López` is López Obrador's in most stories; Claudia López stays herself, and a given name joins no one.
    assert names["Andrés Manuel López Obrador"].aliases == {"López"}
    assert names["Claudia López"].aliases == set() and "Andrés" in names
    assert result.entity_index["bogota"]["Claudia López"].name == "Claudia López"
    # Shared evenly, `Salinas` stands for neither across the corpus.
    assert names["Carlos Salinas"].aliases == set() and names["Carmen Salinas"].aliases == set()
    assert names["Hillary Clinton"].aliases == set() and "Bill Clinton" not in names["Hillary Clinton"].aliases
    assert names["San Francisco"].aliases == set() and names["Francisco"].type == "PER"
    assert names["EE.UU."].aliases == set() and "Miss EE.UU." not in names


def test_a_longer_name_of_one_person_joins_but_a_son_does_not():
    articles = [
        article("duarte-1", "Texto.", [entity("Javier Duarte", "PER", mentions=2)]),
        article("duarte-2", "Texto.", [entity("Javier Duarte de Ochoa", "PER", mentions=2)]),
        article("trump-1", "Texto.", [entity("Donald Trump", "PER", mentions=2)]),
        article("trump-2", "Texto.", [entity("Donald Trump Jr", "PER", mentions=2)]),
    ]
    names = {e.name: e for e in link_corpus(articles, [], SiteConfig()).entities.values()}
    assert names["Javier Duarte de Ochoa"].aliases == {"Javier Duarte"}
    assert names["Donald Trump"].aliases == set() and names["Donald Trump Jr"].aliases == set()


def test_generic_names_get_no_page():
    articles = [article(f"s{n}", "Texto.", [entity("Gobierno", "ORG", mentions=3), entity("Noticia", "LOC", mentions=2),
                                            entity("Moderna", "ORG", mentions=2)]) for n in range(3)]
    names = {e.name: e for e in link_corpus(articles, [], SiteConfig()).entities.values()}
    assert not names["Gobierno"].has_page and not names["Noticia"].has_page
    assert names["Moderna"].has_page


def test_an_acronym_alone_joins_the_one_name_it_abbreviates_and_accents_split_no_name():
    articles = [
        article("amlo-1", "Texto.", [entity("Andrés Manuel López Obrador", "PER", mentions=2)]),
        article("amlo-2", "Texto.", [entity("AMLO", "LOC"), entity("Vladímir Putin", "PER", mentions=2)]),
        article("putin", "Texto.", [entity("Vladimir Putin", "PER", mentions=2), entity("PP", "ORG")]),
        article("pp-1", "Texto.", [entity("Partido Popular", "ORG", mentions=2)]),
        article("pp-2", "Texto.", [entity("Pedro Pérez", "PER", mentions=2)]),
    ]
    result = link_corpus(articles, [], SiteConfig())
    names = {e.name: e for e in result.entities.values()}
    assert result.entity_index["amlo-2"]["AMLO"].name == "Andrés Manuel López Obrador"
    assert names["Andrés Manuel López Obrador"].type == "PER"
    assert result.entity_index["amlo-2"]["Vladímir Putin"] is result.entity_index["putin"]["Vladimir Putin"]
    # `PP` abbreviates two names of the corpus: it joins neither.
    assert "PP" in names and names["Partido Popular"].aliases == set() and names["Pedro Pérez"].aliases == set()


def _merge_shape(linked, identity: bool = True):
    """What a merge made; stories and quotes by identity (or only by slug and text)."""
    story = (lambda a: id(a)) if identity else (lambda a: a.slug)
    quote = (lambda q: id(q)) if identity else (lambda q: q.text)
    return [(e.key, e.name, e.type, sorted(e.aliases), e.has_page,
             [(story(ap.article), ap.sentence, ap.mentions) for ap in e.appearances],
             [(story(q.article), quote(q.quote)) for q in e.quotes],
             [(o.key, n) for o, n in e.cooccurring]) for e in linked.entities.values()]


def test_a_merge_taken_again_after_an_edit_that_touched_no_name_points_at_the_new_stories(monkeypatch):
    from generator.link import merge_reuse

    memory = LinkMemory()
    first = corpus(memory=memory)  # the merge to take again
    first_shape = _merge_shape(first)
    monkeypatch.setattr(merge_reuse, "merge_entities", lambda *args: pytest.fail("merged again"))
    again = corpus(memory=memory)  # new stories and quotes with the same names: the merge is taken again
    assert _merge_shape(first) == first_shape  # the first corpus may still be in use: left as it was
    monkeypatch.undo()
    fresh = corpus(memory=LinkMemory())
    assert _merge_shape(again, identity=False) == _merge_shape(fresh, identity=False)
    new = {id(a) for a in again.articles} | {id(q) for a in again.articles for q in a.annotations.quotes}
    shape = _merge_shape(again)
    assert all(story in new for e in shape for story, *_ in e[5])
    assert any(e[6] for e in shape) and all(story in new and q in new for e in shape for story, q in e[6])
    assert all(o is again.entities[o.key] for e in again.entities.values() for o, _ in e.cooccurring)


def test_a_merge_is_done_again_when_a_name_changed(monkeypatch):
    from generator.link import merge_reuse

    memory = LinkMemory()
    before = corpus(memory=memory)
    merged: list[int] = []
    monkeypatch.setattr(merge_reuse, "merge_entities", lambda *args, real=merge_reuse.merge_entities: (
        merged.append(1) or real(*args)))
    added = article("nuevo", "Texto nuevo sobre Peskov.", [entity("Peskov", "PER")], day=26)
    after = corpus([added], memory)
    assert merged == [1]  # not the merge `memory` kept
    fresh = corpus([added], LinkMemory())
    assert _merge_shape(after, identity=False) == _merge_shape(fresh, identity=False)
    assert _merge_shape(after, identity=False) != _merge_shape(before, identity=False)
    assert "nuevo" in {ap.article.slug for e in after.entities.values() for ap in e.appearances}


def test_a_merge_stored_in_the_cache_folder_is_taken_by_the_next_process(tmp_path, monkeypatch):
    from generator.link import merge_reuse

    stored = tmp_path / "merge.json"
    one, two = corpus().articles, corpus().articles  # the same annotated stories, as other objects
    first = merge_reuse.merged_entities(one, [], 2, stored, memory=LinkMemory())
    assert stored.is_file()
    monkeypatch.setattr(merge_reuse, "merge_entities", lambda *args: pytest.fail("merged again"))
    again = merge_reuse.merged_entities(two, [], 2, stored, memory=LinkMemory())  # a new process: nothing in memory
    shape = lambda links: [(e.key, e.name, sorted(e.aliases), e.has_page, [(a.article.slug, a.mentions) for a in e.appearances],
                            [(o.key, n) for o, n in e.cooccurring], len(e.quotes)) for e in links.entities.values()]
    assert shape(again) == shape(first) and any(e.quotes for e in again.entities.values())
    assert {id(a.article) for e in again.entities.values() for a in e.appearances} <= {id(a) for a in two}


def test_a_damaged_or_other_stored_merge_is_merged_again(tmp_path, monkeypatch):
    from generator.link import merge_reuse

    stored = tmp_path / "merge.json"
    stories = [corpus().articles for _ in range(6)]
    # Each merge with a new LinkMemory, as a new process: nothing in memory, no stored merge read yet.
    merged = lambda articles: merge_reuse.merged_entities(articles, [], 2, stored, memory=LinkMemory())
    expected = [e.key for e in merged(stories[0]).entities.values()]
    for n, damage in enumerate(("not json", '{"signature": 1}', stored.read_text(encoding="utf-8")[:100]), 1):
        stored.write_text(damage, encoding="utf-8")
        assert [e.key for e in merged(stories[n]).entities.values()] == expected
    monkeypatch.setattr(merge_reuse, "merge_entities", lambda *args: pytest.fail("merged again"))
    merged(stories[4])  # stored again by the last of those merges
    monkeypatch.setattr(merge_reuse, "_code_version", lambda: "another merge")  # the code changed
    with pytest.raises(pytest.fail.Exception):
        merged(stories[5])


def test_a_merge_signature_depends_on_the_names_not_on_which_equal_strings_are_one_object():
    from generator.link import merge_reuse

    one, two = corpus().articles, corpus().articles
    for shared, copied in zip(one, two):
        for a, b in zip(shared.annotations.entities, copied.annotations.entities):
            a.sentence = a.name  # one string object twice
            b.sentence = "".join(list(b.name))  # an equal string, another object
            assert a.sentence == b.sentence and b.sentence is not b.name
    assert merge_reuse._signature(one, [], 2, LinkMemory()) == merge_reuse._signature(two, [], 2, LinkMemory())


def test_term_use_found_again_equals_a_search_of_a_new_process(monkeypatch):
    from generator.link import glossary as glossary_module

    def uses(linked) -> dict[str, list[str]]:
        return {slug: [t.slug for t in terms] for slug, terms in linked.article_terms.items()}

    memory = LinkMemory()
    before = uses(corpus(memory=memory))
    assert before["seed"] == ["otan"] and before["cumbre"] == ["otan"] and before["futbol"] == []
    added = article("partido", "México perdió ante la OTAN en el estadio.", [entity("México", "LOC")], day=26)
    monkeypatch.setattr(glossary_module, "_search", lambda texts, terms, real=glossary_module._search: (
        pytest.fail("searched unchanged texts") if len(texts) > 1 else real(texts, terms)))
    again = uses(corpus([added], memory))  # only the new text is searched
    monkeypatch.undo()
    assert again == uses(corpus([added], LinkMemory())) and again["partido"] == ["otan"]
    # Another glossary (a term's names changed) searches the same texts again.
    cine = article("cine", "La película del festival de cine ganó el premio del público en México.", [])
    renamed = [GlossaryEntry(Path("otan.md"), "OTAN", "Alianza militar.", ["festival"], "otan")]
    assert uses(link_corpus([cine], renamed, SiteConfig(), memory=memory)) == {"cine": ["otan"]}
