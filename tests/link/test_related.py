"""Related coverage: rarity, prominence, event words, time, stability and the explanation."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import numpy as np
import pytest

from generator.config import SiteConfig
from generator.link import link_corpus
from generator.link.explain import explanation, related_listing
from generator.link.related import MIN_EVENT_WORDS, UNDATED_DAYS, RelatedIndex, feature_weight, prominence
from generator.link import related
from generator.link.memory import LinkMemory
from generator.link.story_lines import EventVectors
from generator.link.word_rarity import word_weight
from generator.model import GlossaryEntry, Quote
from test_link import article, entity

UKRAINE = ("Las tropas rusas se concentran en la frontera de Ucrania mientras la diplomacia de Washington "
           "y Moscú negocia en Ginebra una salida a la crisis de seguridad europea.")
SUMMIT = ("La cumbre de Ginebra entre Washington y Moscú abordará la crisis de Ucrania, las tropas rusas "
          "en la frontera y las garantías de seguridad que reclama el Kremlin.")
TALKS = ("El Kremlin dice que las conversaciones de la cumbre con Washington sobre las tropas rusas en la frontera "
         "de Ucrania y la crisis de seguridad europea serán difíciles, aunque la diplomacia sigue abierta.")
FOOTBALL = ("El equipo ganó el partido de fútbol con un gol de cabeza en el último minuto y el estadio "
            "celebró el campeonato con los aficionados.")
CINEMA = ("La película recibió el aplauso de la crítica en el festival; la directora agradeció a los "
          "actores y a la productora.")
GARDEN = ("Los tomates del huerto necesitan riego por goteo, abono orgánico y poda de los brotes laterales "
          "durante el verano caluroso.")


def stories(extra=()):
    return [
        article("ucrania", UKRAINE, [entity("Vladimir Putin", "PER", mentions=4), entity("Ucrania", "LOC", mentions=3),
                                     entity("México", "LOC")], day=10),
        article("cumbre", SUMMIT, [entity("Vladimir Putin", "PER", mentions=3), entity("Ucrania", "LOC", mentions=2),
                                   entity("Ginebra", "LOC", mentions=2), entity("México", "LOC")], day=12),
        article("kremlin", TALKS, [entity("Dmitry Peskov", "PER", mentions=3), entity("Ucrania", "LOC", mentions=2),
                                   entity("Vladimir Putin", "PER"), entity("México", "LOC")], day=11),
        article("futbol", FOOTBALL, [entity("México", "LOC", mentions=2), entity("Chicharito", "PER", mentions=3)],
                day=9),
        article("cine", CINEMA, [entity("México", "LOC"), entity("Chicharito", "PER")], day=8),
        *extra,
    ]


def site_config() -> SiteConfig:
    """Five stories: features in more than three (México, in all) relate nothing."""
    config = SiteConfig()
    config.related.max_document_share = 0.7
    return config


def linked(extra=(), config: SiteConfig | None = None):
    return link_corpus(stories(extra), [], config or site_config())


def related_index(corpus) -> RelatedIndex:
    return RelatedIndex(corpus.articles, corpus.article_entities, corpus.article_terms, site_config().related)


def lists(corpus) -> dict[str, list[tuple[str, float, list[str]]]]:
    return {slug: [(l.article.slug, l.score, l.shared) for l in links] for slug, links in corpus.related.items()}


# ---- weights ----------------------------------------------------------------------------


def test_rarer_features_weigh_more_and_weights_ignore_the_corpus_size():
    assert feature_weight("PER", 2) > feature_weight("PER", 10) > feature_weight("PER", 100)
    assert feature_weight("PER", 5) > feature_weight("LOC", 5) > feature_weight("tag", 5)


def test_a_protagonist_counts_more_than_a_name_dropped_once():
    assert prominence(1) < prominence(2) < prominence(4) == prominence(40) == 1.0


def test_function_words_weigh_nothing_and_rare_words_most():
    assert word_weight("de", "es") == 0 and word_weight("the", "en") == 0
    assert 0 < word_weight("gobierno", "es") < word_weight("kremlin", "es") < word_weight("xqzvbk", "es")
    assert word_weight("xqzvbk", "zz") == word_weight("other", "zz") > 0  # no frequencies: equal weights


def test_event_similarity_of_two_stories_ignores_stories_that_share_none_of_their_words():
    few = stories()[:3]
    garden = article("huerto", GARDEN, [entity("Murcia", "LOC")], day=13)
    assert EventVectors([*few, garden]).similarities(slice(0, 1))[0, 1] == \
        pytest.approx(EventVectors(few).similarities(slice(0, 1))[0, 1])
    assert EventVectors(few).similarities(slice(0, 1))[0, 1] > 0


def test_a_word_in_one_story_only_relates_nothing_and_rarer_shared_words_weigh_more():
    one, two = article("a", "tregua firmada junto embajada", []), article("b", "tregua firmada hoy", [])
    three = article("c", "tregua rota ayer", [])
    vectors = EventVectors([one, two, three])
    columns = {word: n for n, word in enumerate(vectors.words)}
    row = vectors.vectors[0].toarray().ravel()
    assert row[columns["embajada"]] == 0  # in one story only
    assert row[columns["firmada"]] > row[columns["tregua"]] > 0  # in two stories, in three


def test_a_story_edited_between_two_linkings_gets_its_new_words():
    before = EventVectors(stories())
    edited = stories()
    edited[4] = article("cine", UKRAINE, edited[4].annotations.entities, day=8)
    after = EventVectors(edited)
    assert set(before.differing_rows(after).tolist()) >= {4}
    assert after.similarities(slice(4, 5))[0, 0] == pytest.approx(1.0) and \
        after.similarities(slice(4, 5))[0, 0] > before.similarities(slice(4, 5))[0, 0] - 1


def test_pairs_measured_a_few_rows_at_a_time_give_the_same_lists_and_threads(monkeypatch):
    # A large corpus is measured in blocks of rows (memory); the block size must change nothing.
    config = site_config()
    whole = link_corpus(stories(), [], config)
    monkeypatch.setattr(related, "BLOCK_CELLS", 1)  # one row per block
    blocks = link_corpus(stories(), [], config)
    listed = lambda corpus: {s: [(l.article.slug, l.score, l.shared) for l in ls] for s, ls in corpus.related.items()}
    assert listed(blocks) == listed(whole) and listed(whole)["ucrania"]
    assert [[a.slug for a in t.articles] for t in blocks.threads.values()] == \
        [[a.slug for a in t.articles] for t in whole.threads.values()]


def random_stories(seed: int, n: int = 90, edited: dict[int, int] | None = None):
    """`n` stories drawing words and names from pools (so that many pairs relate); story `i` in `edited`
    gets that many words of other text (its names, title and tags unchanged)."""
    rng = random.Random(seed)
    syllables = [c + v for c in "bcdfgklmnprstvz" for v in "aeiou"]
    words = sorted({"".join(rng.choice(syllables) for _ in range(3)) for _ in range(400)})  # made-up: a few stories each
    people = ["Vladimir Putin", "Joe Biden", "Dmitry Peskov", "Olaf Scholz", "Pedro Sánchez", "Chicharito",
              "Emmanuel Macron", "Xi Jinping"]
    places = ["Ucrania", "Ginebra", "Moscú", "Washington", "Madrid", "Berlín"]
    made = []
    for i in range(n):
        text = " ".join(rng.choice(words) for _ in range(25))
        named = [entity(name, "PER", mentions=rng.randint(1, 4)) for name in rng.sample(people, 3)]
        named += [entity(name, "LOC", mentions=rng.randint(1, 3)) for name in rng.sample(places, 2)]
        other = random.Random(seed * 1000 + i)  # `rng` draws the same for every story, edited or not
        extra = " ".join(other.choice(words) for _ in range((edited or {}).get(i, 0)))
        made.append(article(f"s{i:03d}", f"{text} {extra}", named, day=1 + i % 28))
    return made


def loose_config() -> SiteConfig:
    """Random stories relate weakly: a low threshold gives many pairs to get wrong."""
    config = SiteConfig()
    config.related.threshold = 0.2
    return config


@pytest.mark.parametrize("edited", [{}, {7: 10}, {3: 25, 40: 5, 88: 60}, {i: 5 for i in range(30)}])
def test_a_linking_that_measures_only_the_edited_stories_again_equals_measuring_all(monkeypatch, edited):
    config = loose_config()
    memory = LinkMemory()
    before = link_corpus(random_stories(1), [], config, memory=memory)
    old_index = memory.related[1]
    assert sum(len(links) for links in before.related.values()) > 50  # many pairs to get wrong
    measured: list[int] = []
    real = RelatedIndex.measures
    monkeypatch.setattr(RelatedIndex, "measures", lambda self, rows, columns=None: measured.append(1) or
                        real(self, rows, columns))
    again = link_corpus(random_stories(1, edited=edited), [], config, memory=memory)
    changed = old_index.event_vectors.differing_rows(memory.related[1].event_vectors)
    assert {old_index.articles[i].slug for i in changed} >= {f"s{k:03d}" for k in edited}
    assert len(measured) == (2 * len(changed) if len(changed) <= related.MAX_UPDATED else 1)
    reused = memory.related[1]
    new = LinkMemory()
    fresh = link_corpus(random_stories(1, edited=edited), [], config, memory=new)
    for name in ("indptr", "indices", "data"):
        assert np.array_equal(getattr(reused.shown, name), getattr(new.related[1].shown, name)), name
    listed = lambda corpus: {s: [(l.article.slug, l.score, l.shared) for l in ls] for s, ls in corpus.related.items()}
    assert listed(again) == listed(fresh)
    assert [[a.slug for a in t.articles] for t in again.threads.values()] == \
        [[a.slug for a in t.articles] for t in fresh.threads.values()]
    if edited:
        assert listed(again) != listed(before)


@pytest.mark.parametrize("cells", [1, 5_000, 1_000_000])
def test_only_pairs_sharing_specific_words_are_measured_and_they_give_what_measuring_every_pair_gives(
        monkeypatch, cells):
    memory = LinkMemory()
    link_corpus(random_stories(2, n=150), [], loose_config(), memory=memory)
    index = memory.related[1]
    n = len(index.articles)
    every = index.measures(slice(0, n))  # every pair at once: what the shown pairs must equal
    expected = np.where(every.shown(index.config.threshold), every.scores, 0.0)
    assert np.count_nonzero(expected) > 100
    measured: list[int] = []
    real = RelatedIndex.measures
    monkeypatch.setattr(RelatedIndex, "measures", lambda self, rows, columns=None: measured.append(
        len(np.arange(n)[rows]) * (n if columns is None else len(columns))) or real(self, rows, columns))
    monkeypatch.setattr(related, "BLOCK_CELLS", cells)
    shown = index._shown_pairs()
    assert np.array_equal(shown.toarray(), expected)  # the same scores, to the last bit
    candidates = int((index.event_vectors.shared_specific(slice(0, n)) >= MIN_EVENT_WORDS).sum())
    if cells == 1:  # a row a block: each row against its own candidates alone
        assert sum(measured) == candidates < n * n
    else:
        assert sum(measured) >= candidates and max(measured) <= max(cells, n)


# ---- lists ------------------------------------------------------------------------------


def test_related_lists_share_people_and_places_not_only_a_ubiquitous_one():
    result = lists(linked())
    assert [slug for slug, _, _ in result["ucrania"]] == ["cumbre", "kremlin"]
    assert result["ucrania"][0][2][0] == "Vladimir Putin"
    # México is in every story: it relates nothing, so football and cinema have no related story.
    assert result["futbol"] == [] and result["cine"] == []
    assert all("México" not in shared for links in result.values() for _, _, shared in links)


def test_names_shared_without_shared_words_do_not_relate_stories():
    # Chicharito is in both, but a football match and a film festival have no event in common.
    corpus = linked()
    index = related_index(corpus)
    i, j = index.position["futbol"], index.position["cine"]
    pair = index.measures(slice(i, i + 1))
    assert pair.evidence[0, j] > 0 and pair.event_words[0, j] < MIN_EVENT_WORDS
    assert not index.is_shown(i, j) and index.why_hidden(i, j)
    assert corpus.related["futbol"] == []


def test_adding_an_unrelated_story_changes_no_existing_list():
    before = lists(linked())
    garden = article("huerto", GARDEN, [entity("Murcia", "LOC", mentions=2), entity("México", "LOC")], day=13)
    after = lists(linked([garden]))
    assert after.pop("huerto") == []
    assert after == before  # same stories, same order, same scores, same reasons


def test_adding_a_story_of_a_story_line_joins_it_and_leaves_other_lists_alone():
    before = lists(linked())
    talks = article("talks", TALKS + " Putin habló.", [entity("Vladimir Putin", "PER", mentions=3),
                                                     entity("Dmitry Peskov", "PER", mentions=2)], day=14)
    after = lists(linked([talks]))
    assert "talks" in [slug for slug, _, _ in after["kremlin"]]
    # Its words make the story line's words commoner, which may reorder that line; nothing else changes.
    assert after["futbol"] == before["futbol"] and after["cine"] == before["cine"]


def test_lists_are_capped_and_never_under_the_threshold():
    config = site_config()
    config.related.max = 1
    config.related.threshold = 0.0
    result = linked(config=config)
    assert all(len(links) <= 1 for links in result.related.values())
    strict = site_config()
    strict.related.threshold = 0.99
    assert all(links == [] for links in linked(config=strict).related.values())


def test_a_tag_that_repeats_an_entity_is_one_reason():
    tagged = [article(a.slug, a.text, a.annotations.entities, day=a.date.day if a.date else None,
                      tags=["ucrania", "Rusia"] if n < 3 else []) for n, a in enumerate(stories())]
    corpus = link_corpus(tagged, [], site_config())
    reasons = corpus.related["ucrania"][0].shared
    assert [r.casefold() for r in reasons].count("ucrania") == 1 and "Rusia" in reasons


def test_glossary_terms_relate_stories():
    glossary = [GlossaryEntry(Path("k.md"), "Kremlin", "Sede del gobierno ruso.", [], "kremlin")]
    with_terms, without_terms = LinkMemory(), LinkMemory()
    link_corpus(stories(), glossary, site_config(), memory=with_terms)
    index = with_terms.related[1]
    i, j = index.position["cumbre"], index.position["kremlin"]
    assert "Kremlin" in [f.label for f in index.shared(i, j)]
    link_corpus(stories(), [], site_config(), memory=without_terms)
    assert without_terms.related[1].score(i, j) < index.score(i, j)


# ---- explanation ------------------------------------------------------------------------


def test_explanation_parts_add_up_to_the_evidence_and_the_event_similarity():
    corpus = linked()
    index = related_index(corpus)
    explained = index.explain("ucrania")
    assert [e.article.slug for e in explained if e.shown] == ["cumbre", "kremlin"]
    i = index.position["ucrania"]
    row = index.measures(slice(i, i + 1))
    for e in explained:
        j = index.position[e.article.slug]
        assert sum(c.points for c in e.features) == pytest.approx(row.evidence[0, j]) == pytest.approx(e.evidence)
        assert 0 < sum(w.points for w in e.words) <= e.events + 1e-9
        assert e.score == pytest.approx(index.score(i, j))
        assert e.needed == pytest.approx(row.needed_events()[0, j])


def test_explanation_and_listing_text():
    corpus = linked()
    index = related_index(corpus)
    text = explanation(index, "ucrania", limit=3, subject=corpus.main_subjects.get("ucrania"),
                       more_about=corpus.more_about.get("ucrania", []))
    assert text.splitlines()[0].startswith("ucrania  Ucrania")
    assert "[related coverage]  cumbre" in text and "+ Vladimir Putin (PER, in 3 stories)  evidence" in text
    assert "event words (part of the event similarity): " in text
    assert "days apart;" in text and "specific words shared)" in text
    assert "main subject: none (the headline names no person or organisation with a page)" in text
    titled = stories()
    titled[0].title = "Vladimir Putin y la frontera de Ucrania"
    named = link_corpus(titled, [], site_config())
    text = explanation(related_index(named), "ucrania", limit=3, subject=named.main_subjects.get("ucrania"))
    assert "main subject: Vladimir Putin (PER)" in text
    listing = related_listing(corpus)
    assert "  cumbre  Cumbre" in listing and "also mentions: Vladimir Putin" in listing
    assert "futbol  Futbol\n  (no related story)" in listing


# ---- the command ------------------------------------------------------------------------


def test_related_command_lists_and_explains(tmp_path, monkeypatch, annotator):
    import shutil

    from click.testing import CliRunner

    import generator.annotate
    from conftest import FIXTURES
    from generator.cli import main

    shutil.copytree(FIXTURES / "site", tmp_path / "site")
    monkeypatch.setattr(generator.annotate, "Annotator", lambda **_: annotator)  # no second model load
    config = str(tmp_path / "site" / "digest.toml")
    listing = CliRunner().invoke(main, ["related", "--config", config])
    assert listing.exit_code == 0, listing.output
    slugs = [line.split()[0] for line in listing.stdout.splitlines() if line and not line.startswith(" ")]
    assert len(slugs) >= 4
    explained = CliRunner().invoke(main, ["related", "--config", config, "--explain", slugs[0], "--limit", "3"])
    assert explained.exit_code == 0, explained.output
    assert explained.stdout.startswith(slugs[0]) and "score = names^0.6 × events^0.4" in explained.stdout
    assert "main subject: " in explained.stdout
    missing = CliRunner().invoke(main, ["related", "--config", config, "--explain", "no-such-story"])
    assert missing.exit_code != 0 and "no story with slug 'no-such-story'" in missing.output


def test_generic_names_relate_nothing():
    # "el Gobierno" of one story is not the government of another.
    twins = [article(slug, text, [entity("Gobierno", "ORG", mentions=4), entity("Estado", "LOC", mentions=4)], day=day)
             for slug, text, day in (("ucrania", UKRAINE, 10), ("cumbre", SUMMIT, 12))]
    corpus = link_corpus([*twins, *stories()[2:]], [], site_config())
    assert corpus.related["ucrania"] == [] and corpus.related["cumbre"] == []


def putin_pair(*shared: tuple[str, str], mentions: int = 4, tags=(), fillers: int = 0, place_in_fillers: str = ""):
    """Two stories of one summit that share Putin (in both headlines, `mentions` times), the names `shared` (name,
    type) and `tags`, among football, cinema and `fillers` garden stories, the first four of which name
    `place_in_fillers`: the first story's related list."""
    def named():
        return [entity("Vladimir Putin", "PER", mentions=mentions), *(entity(n, t, mentions=2) for n, t in shared)]
    a = article("ucrania", UKRAINE, named(), day=10, tags=tags)
    b = article("cumbre", SUMMIT, named(), day=12, tags=tags)
    a.title, b.title = "Vladimir Putin y la crisis", "Vladimir Putin irá a la cumbre de Ginebra"
    garden = [article(f"huerto-{n:02d}", GARDEN, [entity(place_in_fillers, "LOC")] if n < 4 and place_in_fillers
                      else [], day=1 + n % 28) for n in range(fillers)]
    corpus = link_corpus([a, b, *stories()[3:], *garden], [], site_config())
    return [link.article.slug for link in corpus.related["ucrania"]]


def test_one_shared_name_never_relates_two_stories_even_when_both_are_about_it():
    # The subject of both (named four times, in both headlines) and the words of one event: one person's or
    # company's two episodes look like that as often as one story line.
    assert putin_pair() == []
    assert putin_pair(("Ginebra", "LOC")) == ["cumbre"]  # two specific names and the event's words
    assert putin_pair(("Dmitry Peskov", "PER")) == ["cumbre"]


def test_a_tag_or_a_place_many_stories_name_is_not_a_second_name():
    assert putin_pair(mentions=1, tags=("Diplomacia",)) == []  # what both are filed under is no name of theirs
    # Europa is in 6 of 40 stories (more than a tenth): where many stories happen, not a name of this story line.
    assert putin_pair(("Europa", "LOC"), fillers=36, place_in_fillers="Europa") == []
    assert putin_pair(("Ginebra", "LOC"), fillers=36, place_in_fillers="Europa") == ["cumbre"]


CAMPAIGN = ("Donald Trump y Joe Biden cerraron la campaña electoral con mítines en Pensilvania; Trump prometió "
            "empleos y Biden pidió el voto por correo a los indecisos.")
MOON = ("Donald Trump y Joe Biden felicitaron a la astronauta que batió el récord de días en órbita; la nave "
        "regresó a la Tierra con muestras de rocas lunares.")


def test_two_prominent_names_without_the_words_of_one_event_do_not_relate_stories():
    people = [entity("Donald Trump", "PER", "Trump", mentions=3), entity("Joe Biden", "PER", "Biden", mentions=3)]
    campaign, moon = article("campaign", CAMPAIGN, people, day=1), article("moon", MOON, people, day=2)
    corpus = link_corpus([campaign, moon, *stories()], [], site_config())
    assert corpus.related["campaign"] == [] and corpus.related["moon"] == []


def test_the_same_main_person_in_both_headlines_is_more_about_not_related_coverage():
    people = [entity("Donald Trump", "PER", "Trump", mentions=3), entity("Joe Biden", "PER", "Biden", mentions=3)]
    campaign, moon = article("campaign", CAMPAIGN, people, day=1), article("moon", MOON, people, day=2)
    campaign.title, moon.title = "Trump cierra su campaña", "Trump felicita a la astronauta"
    corpus = link_corpus([campaign, moon, *stories()], [], site_config())
    assert corpus.related["campaign"] == []
    assert corpus.main_subjects["campaign"].name == corpus.main_subjects["moon"].name == "Donald Trump"
    assert [link.article.slug for link in corpus.more_about["campaign"]] == ["moon"]


def test_stories_farther_apart_need_more_event_similarity_and_undated_ones_most():
    a = article("ucrania", UKRAINE, [entity("Vladimir Putin", "PER", mentions=4), entity("Ginebra", "LOC", mentions=2)])
    b = article("cumbre", SUMMIT, [entity("Vladimir Putin", "PER", mentions=3), entity("Ginebra", "LOC", mentions=2)])
    needed = []
    for days in (1, 60, 365, None):
        a.date = dt.date(2021, 1, 1)
        b.date = None if days is None else a.date + dt.timedelta(days=days)
        index = RelatedIndex([a, b, *stories()[3:]], {x.slug: [] for x in [a, b]}, {}, site_config().related)
        needed.append(float(index.measures(slice(0, 1)).needed_events()[0, 1]))
    assert needed[0] < needed[1] < needed[2]
    assert needed[3] == pytest.approx(needed[0] * (1 + UNDATED_DAYS / related.EVENT_DAYS) / (1 + 1 / related.EVENT_DAYS))


def test_a_quoted_speaker_adds_evidence_but_is_not_a_second_reason():
    quote = Quote("Nunca firmaremos", "statement", 0, 5, speaker="Dmitry Peskov")
    talks = [article(slug, text, [entity("Dmitry Peskov", "PER", mentions=1)], day=day, quotes=[quote])
             for slug, text, day in (("k1", TALKS, 10), ("k2", TALKS + " Siguen.", 11))]
    corpus = link_corpus([*talks, *stories()[3:]], [], site_config())
    with_speakers = RelatedIndex(corpus.articles, corpus.article_entities, corpus.article_terms, site_config().related,
                                 corpus.entity_index)
    without = RelatedIndex(corpus.articles, corpus.article_entities, corpus.article_terms, site_config().related)
    i, j = with_speakers.position["k1"], with_speakers.position["k2"]
    assert with_speakers.measures(slice(i, i + 1)).evidence[0, j] > without.measures(slice(i, i + 1)).evidence[0, j]
    assert with_speakers.measures(slice(i, i + 1)).names[0, j] == without.measures(slice(i, i + 1)).names[0, j] == 1
