"""Stage 4: link the annotated stories across the corpus."""

from __future__ import annotations

from pathlib import Path

from ..cache import MERGE_NAME, StoreWarnings
from ..config import SiteConfig
from ..errors import Report
from ..model import Article, Corpus, GlossaryEntry
from .glossary import build_glossary, check_term_types, find_term_usage
from .memory import LinkMemory
from .merge_reuse import merged_entities
from .more_about import main_subjects, more_about
from .related import related_index
from .threads import find_threads


def link_corpus(articles: list[Article], glossary: list[GlossaryEntry], config: SiteConfig,
                report: Report | None = None, store: Path | None = None, keep: bool = True,
                memory: LinkMemory | None = None, warnings: StoreWarnings | None = None) -> Corpus:
    """Merge entities, build the glossary, compute related stories and threads; articles come out newest first.

    `store`: the cache folder, where the entity merge is kept for the next build (none: it is made
    again unless `memory` holds it); `keep`: write what this build made there (a preview
    session does not, after every edit); `memory`: what the last build of this site kept for
    this one, and keeps what this one made (none: a fresh one, everything is made again); `warnings`,
    where a failure to write `store` is said.
    """
    memory = memory if memory is not None else LinkMemory()
    ordered = sorted(articles, key=lambda a: (a.date is not None, a.date, a.title), reverse=True)
    entity_links = merged_entities(ordered, glossary, config.entities.min_mentions_for_page,
                                   store / MERGE_NAME if store is not None else None, keep=keep, memory=memory,
                                   warnings=warnings)
    if report is not None:
        check_term_types(glossary, entity_links.entities, report)
    terms = build_glossary(ordered, glossary)
    article_terms = find_term_usage(ordered, terms, memory)
    index = related_index(ordered, entity_links, terms, article_terms, config.related, memory)
    related = {a.slug: index.links(i) for i, a in enumerate(ordered)}
    subjects = main_subjects(ordered, entity_links.article_entities, entity_links.entity_index, memory,
                             entity_links.made_of)
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
        main_subjects=subjects,
        more_about=more_about(ordered, subjects, related),
    )
