"""Stage 3 driver: cached annotations first, then the misses, in this process or across cores.

Worker processes each load the pipelines once and return only the extracted
annotations (spaCy Docs never leave a worker), so memory stays bounded whatever the
corpus size.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

from ..annotate import KnownEntity
from ..cache import AnnotationCache, cache_key, ruler_fingerprint
from ..errors import DigestError, Problem, Report
from ..model import Annotations, Article, GlossaryEntry

if TYPE_CHECKING:
    from ..annotate.annotator import Annotator
    from ..config import ClusterConfig

log = logging.getLogger(__name__)

#: Below this many articles to annotate, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 120
CHUNK = 24

Progress = Callable[[int], None]

#: The pipelines of this worker process, set by the pool's initializer: the one module-level state of the
#: package, since a process pool gives a task nothing but its arguments (the Annotator is not sent along).
_worker: Annotator | None = None


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def annotate_articles(
    articles: Sequence[Article],
    *,
    glossary: Sequence[GlossaryEntry] = (),
    known_entities: Sequence[KnownEntity] = (),
    cache: AnnotationCache,
    annotator: Callable[[], Annotator],
    jobs: int = 1,
    progress: Progress | None = None,
    parallel_threshold: int = PARALLEL_THRESHOLD,
    cluster: ClusterConfig | None = None,
    report: Report | None = None,
) -> list[Annotations]:
    """Annotations for every article, same order; only cache misses are computed.

    `annotator` returns the in-process Annotator (created only if needed, so a warm build
    never loads spaCy). With a `cluster` address the misses go to that Dask cluster instead;
    an article that fails there on every try is an error of `report` (raised without one).
    """
    ruler = ruler_fingerprint(glossary, known_entities)
    keys = [cache_key(a.text, a.lang, ruler) for a in articles]
    results: list[Annotations | None] = [cache.get(key) for key in keys]
    missing = [i for i, found in enumerate(results) if found is None]
    if progress and len(missing) < len(articles):
        progress(len(articles) - len(missing))
    if not missing:
        return [r for r in results if r is not None]
    todo = [articles[i] for i in missing]
    if cluster is not None and cluster.address.strip():
        _annotate_on_cluster(todo, [keys[i] for i in missing], glossary, known_entities, cache, cluster, progress,
                             report)
        return [r if r is not None else Annotations() for r in (cache.memory.get(key) for key in keys)]
    if jobs > 1 and len(todo) >= parallel_threshold:
        computed = _annotate_in_workers(todo, glossary, known_entities, jobs, progress)
    else:
        computed = []
        for start in range(0, len(todo), CHUNK):
            computed += annotator().annotate(todo[start : start + CHUNK])
            if progress:
                progress(len(todo[start : start + CHUNK]))
    fresh: dict[str, Annotations] = {}
    for index, found in zip(missing, computed):
        results[index] = found
        fresh[keys[index]] = found
    cache.put_many(fresh)
    return [r if r is not None else Annotations() for r in results]


def _annotate_in_workers(
    articles: Sequence[Article],
    glossary: Sequence[GlossaryEntry],
    known_entities: Sequence[KnownEntity],
    jobs: int,
    progress: Progress | None,
) -> list[Annotations]:
    """Chunks of articles annotated by `jobs` processes; results in input order."""
    # Sorted by language so that each chunk needs one pipeline; the order is restored after.
    order = sorted(range(len(articles)), key=lambda i: articles[i].lang)
    chunks = [[_slim(articles[i]) for i in order[s : s + CHUNK]] for s in range(0, len(order), CHUNK)]
    # Spawned, not forked: the parent may run threads (the preview server's watcher).
    context = multiprocessing.get_context("spawn")
    flat: list[Annotations] = []
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker,
                             initargs=(list(glossary), list(known_entities), _log_level())) as pool:
        for chunk_result in pool.map(_annotate_chunk, chunks):
            flat += chunk_result
            if progress:
                progress(len(chunk_result))
    results: list[Annotations] = [Annotations()] * len(articles)
    for position, index in enumerate(order):
        results[index] = flat[position]
    return results


def _annotate_on_cluster(todo: Sequence[Article], keys: Sequence[str], glossary: Sequence[GlossaryEntry],
                         known_entities: Sequence[KnownEntity], cache: AnnotationCache, cluster: ClusterConfig,
                         progress: Progress | None, report: Report | None) -> None:
    """The misses annotated on the cluster, each batch stored in `cache` as it arrives (an interrupted build keeps it)."""
    from ..cluster.client import annotate_on_cluster  # Dask is imported only by builds given a cluster

    def arrived(batch: list[tuple[int, Annotations]]) -> None:
        cache.put_many({keys[position]: annotations for position, annotations in batch})
        if progress:
            progress(len(batch))

    failed = annotate_on_cluster([_slim(a) for a in todo], glossary, known_entities, cluster, arrived)
    for position, reason in failed:
        problem = Problem(todo[position].path, reason, hint="the other articles' annotations are cached; "
                          "fix or remove this article and build again")
        if report is None:
            raise DigestError(str(problem))
        report.error(problem)


def _slim(article: Article) -> Article:
    """What a worker needs of an article: its text and language."""
    return Article(path=article.path, slug=article.slug, title="", lang=article.lang, body="", body_line=1,
                   text=article.text)


def _log_level() -> int:
    return logging.getLogger("generator").getEffectiveLevel()


def _init_worker(glossary: list[GlossaryEntry], known: list[KnownEntity], level: int) -> None:
    global _worker
    logging.basicConfig(stream=sys.stderr, level=level, format="%(levelname)s: %(message)s")
    from ..annotate.annotator import Annotator

    _worker = Annotator(glossary=glossary, known_entities=known)


def _annotate_chunk(articles: list[Article]) -> list[Annotations]:
    assert _worker is not None
    return _worker.annotate(articles)
