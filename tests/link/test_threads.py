"""Story threads: strongly related stories close in time, on one timeline."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.link import link_corpus, story_lines
from generator.config import ThreadsConfig, load_config
from generator.errors import ConfigError
from test_link import article, entity
from test_related import CINEMA, FOOTBALL, SUMMIT, TALKS, UKRAINE, site_config


WINDOW_DAYS = ThreadsConfig().window_days
MAX_SPAN_DAYS = ThreadsConfig().max_span_days


def crisis(slug: str, text: str, day: dt.date | None):
    a = article(slug, text, [entity("Vladimir Putin", "PER", mentions=4), entity("Ucrania", "LOC", mentions=3),
                             entity("Ginebra", "LOC", mentions=2), entity("México", "LOC")])
    a.date = day
    return a


def others():
    return [article("futbol", FOOTBALL, [entity("México", "LOC"), entity("Chicharito", "PER", mentions=3)], day=1),
            article("cine", CINEMA, [entity("México", "LOC"), entity("Chicharito", "PER")], day=2)]


def test_related_stories_within_days_form_one_thread_oldest_first():
    start = dt.date(2021, 12, 1)
    stories = [crisis("cumbre", SUMMIT, start + dt.timedelta(days=4)), crisis("ucrania", UKRAINE, start),
               crisis("kremlin", TALKS, start + dt.timedelta(days=2)), *others()]
    corpus = link_corpus(stories, [], site_config())
    assert list(corpus.threads) == ["ucrania"]  # named after its first story: stable as the thread grows
    thread = corpus.threads["ucrania"]
    assert [a.slug for a in thread.articles] == ["ucrania", "kremlin", "cumbre"]
    assert thread.start == start and thread.end == start + dt.timedelta(days=4)
    assert thread.title.startswith("Vladimir Putin") and "México" not in thread.shared
    assert {slug: t.slug for slug, t in corpus.article_threads.items()} == dict.fromkeys(
        ["ucrania", "kremlin", "cumbre"], "ucrania")


def test_stories_far_apart_or_undated_are_in_no_thread():
    start = dt.date(2021, 12, 1)
    far = start + dt.timedelta(days=WINDOW_DAYS + 1)
    stories = [crisis("ucrania", UKRAINE, start), crisis("cumbre", SUMMIT, far), crisis("kremlin", TALKS, None),
               *others()]
    corpus = link_corpus(stories, [], site_config())
    assert corpus.related["ucrania"]  # related, but not one developing event
    assert corpus.threads == {} and corpus.article_threads == {}


def test_a_thread_never_spans_more_than_its_limit(monkeypatch):
    monkeypatch.setattr(story_lines, "MAX_SHARE", 0.9)  # twelve stories of three texts: their words must count
    start = dt.date(2021, 1, 1)
    step = dt.timedelta(days=WINDOW_DAYS)
    texts = [UKRAINE, SUMMIT, TALKS] * 4
    chain = [crisis(f"parte-{n:02d}", text, start + n * step) for n, text in enumerate(texts)]
    for story in chain:  # two people in every story: places in most of them are no story line's names
        story.annotations.entities.append(entity("Dmitry Peskov", "PER", mentions=2))
    config = site_config()
    config.related.max_document_share = 0.9
    config.related.threshold = config.threads.min_score = 0.5  # the same people in every story: weaker scores
    corpus = link_corpus([*chain, *others()], [], config)
    assert corpus.threads
    for thread in corpus.threads.values():
        assert (thread.end - thread.start).days <= MAX_SPAN_DAYS
        assert len(thread.articles) >= 2
    assert sum(len(t.articles) for t in corpus.threads.values()) == len(corpus.article_threads)


def test_thread_limits_come_from_the_config():
    start = dt.date(2021, 12, 1)
    stories = [crisis("ucrania", UKRAINE, start), crisis("kremlin", TALKS, start + dt.timedelta(days=3)),
               crisis("cumbre", SUMMIT, start + dt.timedelta(days=6)), *others()]
    assert [a.slug for a in link_corpus(stories, [], site_config()).threads["ucrania"].articles] == \
        ["ucrania", "kremlin", "cumbre"]
    narrow = site_config()
    narrow.threads.window_days = 2
    assert link_corpus(stories, [], narrow).threads == {}  # no two stories within 2 days
    short = site_config()
    short.threads.max_span_days = 4
    assert [len(t.articles) for t in link_corpus(stories, [], short).threads.values()] == [2]
    strict = site_config()
    strict.threads.min_score = 1.0
    assert link_corpus(stories, [], strict).threads == {}


def test_threads_config_keys_are_read_and_checked(tmp_path):
    path = tmp_path / "digest.toml"
    path.write_text("[threads]\nmin_score = 0.8\nwindow_days = 7\nmax_span_days = 30\n", encoding="utf-8")
    config = load_config(path)
    assert (config.threads.min_score, config.threads.window_days, config.threads.max_span_days) == (0.8, 7, 30)
    path.write_text("[threads]\nwindow_day = 7\nmin_score = 'high'\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert "unknown key 'threads.window_day'; did you mean 'threads.window_days'?" in str(err.value)
    assert "'threads.min_score' must be a number" in str(err.value)


def test_stories_of_one_day_make_no_thread_beyond_what_their_words_share(monkeypatch):
    # Every story the same day, each related to the next by different words: a chain is not one story line.
    day = dt.date(2016, 9, 27)
    pool = ["tregua", "frontera", "gasoducto", "dopaje", "sanción", "satélite", "órbita", "vacuna", "ensayo"]
    words = [" ".join(pool[n:n + 3]) for n in range(len(pool) - 2)]  # each shares two words with the next
    people = [entity("Vladimir Putin", "PER", mentions=3), entity("Joe Biden", "PER", mentions=3)]
    chain = [article(f"c{n}", f"{text} {text}.", people) for n, text in enumerate(words)]
    for story in chain:
        story.date = day
    config = site_config()
    config.related.threshold = 0.0
    config.related.max_document_share = 0.9
    monkeypatch.setattr(story_lines, "MAX_SHARE", 0.9)
    corpus = link_corpus([*chain, *others()], [], config)
    assert all(corpus.related[s.slug] for s in chain)
    # Two thirds of a thread's stories share its core: a chain drifts at most over three stories.
    assert corpus.threads and all(len(thread.articles) <= 3 for thread in corpus.threads.values())
