"""Related stories: rarity, prominence, text similarity, stability and the explanation."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from generator.config import SiteConfig
from generator.link import link_corpus
from generator.link.explain import explanation, related_listing
from generator.link.related import MIN_TEXT, MIN_TOPIC, RelatedIndex, feature_weight, prominence
from generator.link import related, text_similarity
from generator.link.text_similarity import TextVectors, word_weight
from generator.model import GlossaryEntry
from test_link import article, entity

UKRAINE = ("Las tropas rusas se concentran en la frontera de Ucrania mientras la diplomacia de Washington "
           "y Moscú negocia en Ginebra una salida a la crisis de seguridad europea.")
SUMMIT = ("La cumbre de Ginebra entre Washington y Moscú abordará la crisis de Ucrania, las tropas rusas "
          "en la frontera y las garantías de seguridad que reclama el Kremlin.")
TALKS = ("El Kremlin dice que las conversaciones con Washington sobre las tropas en la frontera de Ucrania "
         "serán difíciles, aunque la diplomacia sigue abierta.")
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


def test_text_similarity_of_two_stories_ignores_the_other_stories():
    few = stories()[:2]
    many = stories()
    assert TextVectors(few).similarities()[0, 1] == pytest.approx(TextVectors(many).similarities()[0, 1])


def test_a_story_edited_between_two_linkings_gets_its_new_words(monkeypatch):
    # Words are counted once per story while its text is unchanged: an edit must be seen.
    before = TextVectors(stories()).similarities()
    edited = stories()
    edited[4].text = UKRAINE
    after = TextVectors(edited).similarities()
    monkeypatch.setattr(text_similarity, "_rows", {})  # forget every story's words
    fresh = TextVectors(edited).similarities()
    assert after == pytest.approx(fresh)
    assert after[4, 0] == pytest.approx(1.0, abs=0.2) and before[4, 0] < 0.2


def _forget_words(monkeypatch):
    monkeypatch.setattr(text_similarity, "_rows", {})
    monkeypatch.setattr(text_similarity, "_vocabulary", {})
    monkeypatch.setattr(text_similarity, "_stored", frozenset())
    monkeypatch.setattr(text_similarity, "_read", set())


def test_words_stored_by_one_build_give_the_next_the_same_similarities(tmp_path, monkeypatch):
    stored = tmp_path / "words.npz"
    _forget_words(monkeypatch)
    counted = TextVectors(stories())
    text_similarity.save_rows(stored)
    _forget_words(monkeypatch)  # a new process: nothing in memory, and the words are not counted again
    monkeypatch.setattr(text_similarity, "_row", lambda *args: pytest.fail("words counted again"))
    text_similarity.load_rows(stored)
    loaded = TextVectors(stories())
    assert loaded.similarities() == pytest.approx(counted.similarities())
    assert loaded.topic_similarities() == pytest.approx(counted.topic_similarities())
    assert loaded.shared_words(0, 1) == counted.shared_words(0, 1)


def test_stored_words_are_read_once_per_process(tmp_path, monkeypatch):
    # A preview session links again after every edit: its own rows are newer than the file.
    stored = tmp_path / "words.npz"
    _forget_words(monkeypatch)
    TextVectors(stories())
    text_similarity.save_rows(stored)
    _forget_words(monkeypatch)
    text_similarity.load_rows(stored)
    assert text_similarity._rows
    monkeypatch.setattr(text_similarity.np, "load", lambda *args, **kwargs: pytest.fail("read again"))
    text_similarity.load_rows(stored)


def test_damaged_or_foreign_stored_words_are_counted_again(tmp_path, monkeypatch):
    stored = tmp_path / "words.npz"
    _forget_words(monkeypatch)
    expected = TextVectors(stories()).similarities()
    text_similarity.save_rows(stored)
    for damage in (b"not a zip file", stored.read_bytes()[:200]):
        stored.write_bytes(damage)
        _forget_words(monkeypatch)
        text_similarity.load_rows(stored)
        assert text_similarity._rows == {} and TextVectors(stories()).similarities() == pytest.approx(expected)
    _forget_words(monkeypatch)
    TextVectors(stories())
    meta = text_similarity._rows_meta
    monkeypatch.setattr(text_similarity, "_rows_meta", lambda: "another version of the code")
    text_similarity.save_rows(stored)
    _forget_words(monkeypatch)
    monkeypatch.setattr(text_similarity, "_rows_meta", meta)
    text_similarity.load_rows(stored)  # written by another version: not read
    assert text_similarity._rows == {}


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
    """`n` stories drawing words and names from small pools (so that many pairs relate); story `i` in
    `edited` gets that many words of other text (its names, title and tags unchanged)."""
    rng = random.Random(seed)
    words = " ".join((UKRAINE, SUMMIT, TALKS, FOOTBALL, CINEMA, GARDEN)).replace(",", "").replace(".", "").split()
    people = ["Vladimir Putin", "Joe Biden", "Dmitry Peskov", "Olaf Scholz", "Pedro Sánchez", "Chicharito",
              "Emmanuel Macron", "Xi Jinping"]
    places = ["Ucrania", "Ginebra", "Moscú", "Washington", "Madrid", "Berlín"]
    made = []
    for i in range(n):
        text = " ".join(rng.choice(words) for _ in range(40))
        named = [entity(name, "PER", mentions=rng.randint(1, 4)) for name in rng.sample(people, 3)]
        named += [entity(name, "LOC", mentions=rng.randint(1, 3)) for name in rng.sample(places, 2)]
        other = random.Random(seed * 1000 + i)  # `rng` draws the same for every story, edited or not
        extra = " ".join(other.choice(words) for _ in range((edited or {}).get(i, 0)))
        made.append(article(f"s{i:03d}", f"{text} {extra}", named, day=1 + i % 28))
    return made


@pytest.mark.parametrize("edited", [{}, {7: 10}, {3: 25, 40: 5, 88: 60}, {i: 5 for i in range(30)}])
def test_a_linking_that_measures_only_the_edited_stories_again_equals_measuring_all(monkeypatch, edited):
    config = SiteConfig()
    before = link_corpus(random_stories(1), [], config)
    assert sum(len(links) for links in before.related.values()) > 100  # many pairs to get wrong
    measured: list[int] = []
    real = RelatedIndex.measures
    monkeypatch.setattr(RelatedIndex, "measures", lambda self, rows, columns=None: measured.append(1) or
                        real(self, rows, columns))
    again = link_corpus(random_stories(1, edited=edited), [], config)
    assert len(measured) == (2 * len(edited) if len(edited) <= related.MAX_UPDATED else 1)
    reused = related._last[1]
    monkeypatch.setattr(related, "_last", None)
    fresh = link_corpus(random_stories(1, edited=edited), [], config)
    for name in ("indptr", "indices", "data"):
        assert np.array_equal(getattr(reused.shown, name), getattr(related._last[1].shown, name)), name
    listed = lambda corpus: {s: [(l.article.slug, l.score, l.shared) for l in ls] for s, ls in corpus.related.items()}
    assert listed(again) == listed(fresh)
    assert [[a.slug for a in t.articles] for t in again.threads.values()] == \
        [[a.slug for a in t.articles] for t in fresh.threads.values()]
    if edited:
        assert listed(again) != listed(before)


# ---- lists ------------------------------------------------------------------------------


def test_related_lists_share_people_and_places_not_only_a_ubiquitous_one():
    result = lists(linked())
    assert [slug for slug, _, _ in result["ucrania"]] == ["cumbre", "kremlin"]
    assert result["ucrania"][0][2][0] == "Vladimir Putin"
    # México is in every story: it relates nothing, so football and cinema have no related story.
    assert result["futbol"] == [] and result["cine"] == []
    assert all("México" not in shared for links in result.values() for _, _, shared in links)


def test_names_shared_without_shared_words_do_not_relate_stories():
    # Chicharito is in both, but a football match and a film festival have nothing else in common.
    corpus = linked()
    index = related_index(corpus)
    i, j = index.position["futbol"], index.position["cine"]
    pair = index.measures(slice(i, i + 1))
    assert pair.evidence[0, j] > 0 and pair.text[0, j] < MIN_TEXT
    assert not index.is_shown(i, j) and "text similarity under" in index.why_hidden(i, j)
    assert corpus.related["futbol"] == []


def test_adding_an_unrelated_story_changes_no_existing_list():
    before = lists(linked())
    garden = article("huerto", GARDEN, [entity("Murcia", "LOC", mentions=2), entity("México", "LOC")], day=13)
    after = lists(linked([garden]))
    assert after.pop("huerto") == []
    assert after == before  # same stories, same order, same scores, same reasons


def test_adding_a_related_story_only_inserts_it():
    before = lists(linked())
    talks = article("talks", TALKS + " Putin habló.", [entity("Vladimir Putin", "PER", mentions=3),
                                                     entity("Ucrania", "LOC", mentions=2)], day=14)
    after = lists(linked([talks]))
    for slug, links in before.items():
        kept = [link for link in after[slug] if link[0] != "talks"]
        assert [l[0] for l in kept] == [l[0] for l in links][: len(kept)]


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
    corpus = link_corpus(stories(), glossary, site_config())
    assert "Kremlin" in corpus.related["cumbre"][0].shared or "Kremlin" in corpus.related["kremlin"][0].shared


# ---- explanation ------------------------------------------------------------------------


def test_explanation_parts_add_up_to_the_evidence_and_the_text_similarity():
    corpus = linked()
    index = related_index(corpus)
    explained = index.explain("ucrania")
    assert [e.article.slug for e in explained if e.shown] == ["cumbre", "kremlin"]
    i = index.position["ucrania"]
    row = index.measures(slice(i, i + 1))
    for e in explained:
        j = index.position[e.article.slug]
        assert sum(c.points for c in e.features) == pytest.approx(row.evidence[0, j]) == pytest.approx(e.evidence)
        assert 0 < sum(w.points for w in e.words) <= e.text + 1e-9
        assert e.score == pytest.approx(index.score(i, j))


def test_explanation_and_listing_text():
    corpus = linked()
    index = related_index(corpus)
    text = explanation(index, "ucrania", limit=3)
    assert text.splitlines()[0].startswith("ucrania  Ucrania")
    assert "[shown]  cumbre" in text and "+ Vladimir Putin (PER, in 3 stories)  evidence" in text
    assert "words (part of the text similarity): " in text
    i, j = index.position["ucrania"], index.position["cumbre"]
    assert f"(without names {index.measures(slice(i, i + 1)).topic[0, j]:.3f})  subjects in both headlines 0" in text
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
    assert explained.stdout.startswith(slugs[0]) and "score = overlap^0.6 × text^0.4" in explained.stdout
    missing = CliRunner().invoke(main, ["related", "--config", config, "--explain", "no-such-story"])
    assert missing.exit_code != 0 and "no story with slug 'no-such-story'" in missing.output


def test_generic_names_relate_nothing():
    # "el Gobierno" of one story is not the government of another.
    twins = [article(slug, text, [entity("Gobierno", "ORG", mentions=4), entity("Estado", "LOC", mentions=4)], day=day)
             for slug, text, day in (("ucrania", UKRAINE, 10), ("cumbre", SUMMIT, 12))]
    corpus = link_corpus([*twins, *stories()[2:]], [], site_config())
    assert corpus.related["ucrania"] == [] and corpus.related["cumbre"] == []


def test_one_shared_name_relates_two_stories_only_when_both_are_about_it():
    def pair(mentions: int, title: str):
        a = article("ucrania", UKRAINE, [entity("Vladimir Putin", "PER", mentions=4)], day=10)
        b = article("cumbre", SUMMIT, [entity("Vladimir Putin", "PER", mentions=mentions)], day=12)
        b.title = title
        return link_corpus([a, b, *stories()[3:]], [], site_config()).related["ucrania"]

    assert pair(1, "Cumbre en Ginebra") == []  # Putin named once in passing
    assert [link.article.slug for link in pair(2, "Cumbre en Ginebra")] == ["cumbre"]
    assert [link.article.slug for link in pair(1, "Vladimir Putin irá a la cumbre de Ginebra")] == ["cumbre"]  # the headline's


CAMPAIGN = ("Donald Trump y Joe Biden cerraron la campaña electoral con mítines en Pensilvania; Trump prometió "
            "empleos y Biden pidió el voto por correo a los indecisos.")
MOON = ("Donald Trump y Joe Biden felicitaron a la astronauta que batió el récord de días en órbita; la nave "
        "regresó a la Tierra con muestras de rocas lunares.")


def test_the_topic_leaves_the_stories_names_out():
    people = [entity("Donald Trump", "PER", "Trump", mentions=3), entity("Joe Biden", "PER", "Biden", mentions=3)]
    vectors = TextVectors([article("campaign", CAMPAIGN, people), article("moon", MOON, people)])
    assert vectors.similarities()[0, 1] >= MIN_TEXT  # the names make the texts alike
    assert vectors.topic_similarities()[0, 1] < MIN_TOPIC  # what they are about does not


def test_stories_that_share_names_but_not_what_they_are_about_are_related_only_through_their_headlines():
    def pair(campaign_title: str, moon_title: str):
        people = [entity("Donald Trump", "PER", "Trump", mentions=3), entity("Joe Biden", "PER", "Biden", mentions=3)]
        campaign, moon = article("campaign", CAMPAIGN, people, day=1), article("moon", MOON, people, day=2)
        campaign.title, moon.title = campaign_title, moon_title
        return link_corpus([campaign, moon, *stories()], [], site_config()).related["campaign"]

    # Two well-known people in both, and a campaign is not a space record: not related.
    assert pair("Cierre de campaña en Pensilvania", "Récord de días en órbita") == []
    # Trump is what both headlines are about: the same main person.
    assert [link.article.slug for link in pair("Trump cierra su campaña", "Trump felicita a la astronauta")] == ["moon"]
