"""Stage 4: link the annotated stories across the corpus."""

from __future__ import annotations

from ..config import SiteConfig
from ..model import Article, Corpus, GlossaryEntry
from .entities import merge_entities
from .glossary import build_glossary, find_term_usage
from .related import related_stories


def link_corpus(articles: list[Article], glossary: list[GlossaryEntry], config: SiteConfig) -> Corpus:
    """Merge entities, build the glossary and compute related stories; articles come out newest first."""
    ordered = sorted(articles, key=lambda a: (a.date is not None, a.date, a.title), reverse=True)
    entity_links = merge_entities(ordered, glossary, config.entities.min_mentions_for_page)
    terms = build_glossary(ordered, glossary)
    article_terms = find_term_usage(ordered, terms)
    related = related_stories(ordered, entity_links.article_entities, article_terms, config.related)
    return Corpus(
        articles=ordered,
        entities=entity_links.entities,
        glossary=terms,
        related=related,
        article_entities=entity_links.article_entities,
        article_terms=article_terms,
        entity_index=entity_links.entity_index,
    )
