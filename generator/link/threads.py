"""Story threads: chains of one story line over time, grouped and put on a timeline.

Two dated stories are linked when each shows the other as related coverage (the same story
line, see `related`), their score is high (`[threads] min_score`) and they appeared within
`window_days` of each other. Links are taken strongest first and join two groups only while
the joined thread stays within `max_span_days` and keeps a core: the specific event words
that at least two thirds of its stories share, of which every story must have `CORE_WORDS`. So a
thread grows only as far as its evidence reaches (a chain of pairwise links cannot drift
from one event to the next), and stories that merely share a date or a name make none.
Undated stories are in no thread: without a date there is no timeline.
"""

from __future__ import annotations

import logging
import math
from collections import Counter

from ..config import ThreadsConfig
from ..model import Article, Thread
from .related import Feature, RelatedIndex

log = logging.getLogger(__name__)

TITLE_NAMES = 3
#: Core event words every story of a thread of three or more must have.
CORE_WORDS = 3


def find_threads(index: RelatedIndex, config: ThreadsConfig | None = None) -> dict[str, Thread]:
    """Thread slug → thread (newest thread first); every thread has at least two stories."""
    config = config or ThreadsConfig()
    articles = index.articles
    dated = [i for i, a in enumerate(articles) if a.date is not None]
    edges = []
    for i in dated:
        for j, shown_score in zip(*index.shown_with(i)):
            j = int(j)
            if j <= i or articles[j].date is None:
                continue
            days = abs((articles[i].date - articles[j].date).days)  # type: ignore[operator]
            if days <= config.window_days and index.is_shown(j, i):
                score = round(float(shown_score), 4)
                if score >= config.min_score:
                    edges.append((score, i, j))
    edges.sort(key=lambda e: (-e[0], articles[e[1]].slug, articles[e[2]].slug))

    specific = index.event_vectors.specific
    words = {k: frozenset(specific.indices[specific.indptr[k]:specific.indptr[k + 1]].tolist()) for k in dated}
    group = {i: [i] for i in dated}
    for _, i, j in edges:
        a, b = group[i], group[j]
        if a is b or _span(articles, a + b) > config.max_span_days or not _has_core(a + b, words):
            continue
        a.extend(b)
        for k in b:
            group[k] = a
    unique = {id(members): members for members in group.values() if len(members) > 1}.values()
    threads = [_thread(index, sorted(members, key=lambda k: (articles[k].date, articles[k].slug)))
               for members in unique]
    threads.sort(key=lambda t: (t.end, t.slug), reverse=True)
    log.info("%d threads of %d stories", len(threads), sum(len(t.articles) for t in threads))
    return {t.slug: t for t in threads}


def _has_core(members: list[int], words: dict[int, frozenset[int]]) -> bool:
    """Whether every story of a would-be thread has `CORE_WORDS` of the specific event words that at
    least two thirds of its stories share (two stories linked as one story line need nothing more)."""
    if len(members) <= 2:
        return True
    counts = Counter(word for k in members for word in words[k])
    core = {word for word, n in counts.items() if n >= max(2, math.ceil(2 * len(members) / 3))}
    return all(len(words[k] & core) >= CORE_WORDS for k in members)


def _span(articles: list[Article], members: list[int]) -> int:
    days = [articles[k].date for k in members]
    return (max(days) - min(days)).days  # type: ignore[operator, type-var]


def _thread(index: RelatedIndex, members: list[int]) -> Thread:
    """A thread named after what most of its stories share (the first story's title when nothing is)."""
    counts: Counter[Feature] = Counter()
    for k in members:
        counts.update(f for f in index.features[k] if f in index.weight)
    common = [f for f, n in counts.items() if n >= max(2, (len(members) + 1) // 2) and f.kind != "tag"]
    # Names the thread's stories share most; among those, the most specific (rarest) first.
    common.sort(key=lambda f: (-counts[f], -index.weight[f], f.label))
    shared: list[str] = []
    for feature in common:
        if feature.label.casefold() not in {s.casefold() for s in shared}:
            shared.append(feature.label)
    first = index.articles[members[0]]
    return Thread(
        slug=first.slug,
        title=", ".join(shared[:TITLE_NAMES]) or first.title,
        articles=[index.articles[k] for k in members],
        shared=shared,
    )
