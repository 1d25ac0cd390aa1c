"""The orchestrator: its body is the list of stages of a build."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from .annotate import Annotator
from .clean import CleanRules, clean_article
from .config import SiteConfig
from .errors import BuildFailed, Report
from .link import link_corpus
from .load import load_content
from .model import Corpus
from .render import render_site
from .write import write_site

log = logging.getLogger(__name__)


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


class _Timer:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.timings[name] = time.perf_counter() - start
        log.debug("%s: %.2fs", name, self.timings[name])


def build(config: SiteConfig, *, annotator: Annotator | None = None) -> BuildResult:
    """Load, clean, annotate, link, render and write the site; raise BuildFailed on any error."""
    report = Report()
    timer = _Timer()
    with timer.stage("load"):
        content = load_content(config.content_path, report, max_bytes=config.max_article_kb * 1000)
    with timer.stage("clean"):
        rules = CleanRules(tuple(config.clean.line_patterns), tuple(config.clean.tail_patterns))
        articles = [clean_article(article, rules) for article in content.articles]
    with timer.stage("annotate"):
        annotator = annotator or Annotator(glossary=content.glossary)
        for article, annotations in zip(articles, annotator.annotate(articles)):
            article.annotations = annotations
    with timer.stage("link"):
        corpus = link_corpus(articles, content.glossary, config)
    with timer.stage("render"):
        pages = render_site(corpus, config)
    if report.errors or (config.strict and report.warnings):
        raise BuildFailed(report.errors + (report.warnings if config.strict else []))
    with timer.stage("write"):
        written = write_site(pages, config.output_path)
    return BuildResult(corpus, written, report, timer.timings)
