"""The orchestrator: a build is two halves, each the list of its stages.

`link_content` loads, cleans, annotates and links the sources into a `Corpus`;
`render_and_write` renders that corpus and writes the site. `build` runs both;
the preview server (`generator.session`) reruns only the second half when just the
theme changed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .annotate import Annotator
from .annotating import Progress, annotate_articles
from .cache import AnnotationCache
from .clean import CleanRules, clean_article
from .config import SiteConfig
from .errors import BuildFailed, Report
from .feeds import feed_pages
from .link import link_corpus
from .load import Content, load_content
from .model import Corpus, GlossaryEntry, Page
from .render import render_site
from .search import search_pages
from .sitemap import sitemap_pages
from .write import write_site

log = logging.getLogger(__name__)

#: Gives the in-process Annotator for the glossary of this build.
AnnotatorFactory = Callable[[Sequence[GlossaryEntry]], Annotator]
#: Writes the pages as the content of the output folder; returns the number of files.
Writer = Callable[[list[Page], Path], int]


@dataclass
class BuildResult:
    """What a build did, for the summary line and for tests."""

    corpus: Corpus
    pages_written: int
    report: Report
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        articles = self.corpus.articles
        return {
            "articles": len(articles),
            "entities": sum(1 for e in self.corpus.entities.values() if e.has_page),
            "quotes": sum(len(a.annotations.statements) for a in articles if a.annotations),
            "glossary terms": len(self.corpus.glossary),
            "pages": self.pages_written,
        }


class StageTimer:
    """How long each stage of a build took."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.timings[name] = time.perf_counter() - start
        log.debug("%s: %.2fs", name, self.timings[name])


def build(config: SiteConfig, *, annotator: Annotator | None = None, cache: AnnotationCache | None = None,
          jobs: int = 1, progress: Progress | None = None) -> BuildResult:
    """Load, clean, annotate, link, render and write the site; raise BuildFailed on any error.

    `cache` defaults to the on-disk cache of `config.cache_path`; `jobs` > 1 annotates
    many uncached articles across that many processes.
    """
    report = Report()
    timer = StageTimer()
    owned_cache = cache is None
    cache = cache if cache is not None else AnnotationCache(config.cache_path)
    try:
        corpus = link_content(config, report, timer, cache=cache, jobs=jobs, progress=progress,
                              annotator=lambda glossary: annotator or Annotator(glossary=glossary))
    finally:
        if owned_cache:
            cache.close()
    return render_and_write(corpus, config, report, timer)


def link_content(config: SiteConfig, report: Report, timer: StageTimer, *, cache: AnnotationCache,
                 annotator: AnnotatorFactory, jobs: int = 1, progress: Progress | None = None) -> Corpus:
    """The first half of a build: the sources, cleaned, annotated (cache misses only) and linked."""
    with timer.stage("load"):
        content = load_content(config.content_path, report, max_bytes=config.max_article_kb * 1000)
    with timer.stage("clean"):
        rules = CleanRules(tuple(config.clean.line_patterns), tuple(config.clean.tail_patterns))
        articles = [clean_article(article, rules) for article in content.articles]
    with timer.stage("annotate"):
        in_process = _lazy(lambda: _configured(annotator(content.glossary), content))
        results = annotate_articles(articles, glossary=content.glossary, known_entities=content.known_entities,
                                    cache=cache, annotator=in_process, jobs=jobs, progress=progress)
        for article, annotations in zip(articles, results):
            article.annotations = annotations
    with timer.stage("link"):
        return link_corpus(articles, content.glossary, config)


def render_and_write(corpus: Corpus, config: SiteConfig, report: Report, timer: StageTimer, *,
                     write: Writer = write_site, search: bool = True) -> BuildResult:
    """The second half: every page rendered, then written unless the build found errors.

    `search=False` leaves the search index out (the preview server indexes after it reloaded the browsers).
    """
    with timer.stage("render"):
        pages = render_site(corpus, config)
        pages += [*feed_pages(corpus, config), *sitemap_pages(pages, corpus, config)]
    if search:
        with timer.stage("search"):
            pages += search_pages(pages, config)
    if report.errors or (config.strict and report.warnings):
        raise BuildFailed(report.errors + (report.warnings if config.strict else []))
    with timer.stage("write"):
        written = write(pages, config.output_path)
    return BuildResult(corpus, written, report, timer.timings)


def _configured(annotator: Annotator, content: Content) -> Annotator:
    """The annotator with this build's authored names in its entity ruler."""
    annotator.configure(content.glossary, content.known_entities)
    return annotator


def _lazy(factory: Callable[[], Annotator]) -> Callable[[], Annotator]:
    """`factory` called once, on first use: a fully cached build never loads spaCy."""
    made: list[Annotator] = []

    def get() -> Annotator:
        if not made:
            made.append(factory())
        return made[0]

    return get
