"""Story threads: strongly related stories close in time, on one timeline."""

from __future__ import annotations

import datetime as dt

from generator.link import link_corpus
from generator.link.threads import MAX_SPAN_DAYS, WINDOW_DAYS
from test_link import article, entity
from test_related import CINEMA, FOOTBALL, SUMMIT, TALKS, UKRAINE, site_config


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


def test_a_thread_never_spans_more_than_its_limit():
    start = dt.date(2021, 1, 1)
    step = dt.timedelta(days=WINDOW_DAYS)
    texts = [UKRAINE, SUMMIT, TALKS] * 4
    chain = [crisis(f"parte-{n:02d}", text, start + n * step) for n, text in enumerate(texts)]
    config = site_config()
    config.related.max_document_share = 0.9
    corpus = link_corpus([*chain, *others()], [], config)
    assert corpus.threads
    for thread in corpus.threads.values():
        assert (thread.end - thread.start).days <= MAX_SPAN_DAYS
        assert len(thread.articles) >= 2
    assert sum(len(t.articles) for t in corpus.threads.values()) == len(corpus.article_threads)
