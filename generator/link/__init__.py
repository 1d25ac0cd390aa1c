"""Stage 4: link the annotated stories across the corpus."""

from __future__ import annotations

from pathlib import Path

from ..config import SiteConfig
from ..errors import Report
from ..model import Article, Corpus, GlossaryEntry
from .entities import merge_entities
from .glossary import build_glossary, check_term_types, find_term_usage
from .related import RelatedIndex
from .text_similarity import load_rows, save_rows
from .threads import find_threads


def link_corpus(articles: list[Article], glossary: list[GlossaryEntry], config: SiteConfig,
                report: Report | None = None, words: Path | None = None) -> Corpus:
    """Merge entities, build the glossary, compute related stories and threads; articles come out newest first.

    `words`: a file where the stories' counted words are kept between builds (none: counted again).
    """
    ordered = sorted(articles, key=lambda a: (a.date is not None, a.date, a.title), reverse=True)
    entity_links = merge_entities(ordered, glossary, config.entities.min_mentions_for_page)
    if report is not None:
        check_term_types(glossary, entity_links.entities, report)
    terms = build_glossary(ordered, glossary)
    article_terms = find_term_usage(ordered, terms)
    if words is not None:
        load_rows(words)
    index = RelatedIndex(ordered, entity_links.article_entities, article_terms, config.related)
    if words is not None:
        save_rows(words)
    related = {a.slug: index.links(i) for i, a in enumerate(ordered)}
    threads = find_threads(index, config.threads)
    return Corpus(
        articles=ordered,
        entities=entity_links.entities,
        glossary=terms,
        related=related,
        article_entities=entity_links.article_entities,
        article_terms=article_terms,
        entity_index=entity_links.entity_index,
        threads=threads,
        article_threads={a.slug: t for t in threads.values() for a in t.articles},
    )
