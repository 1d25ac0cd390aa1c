"""Build the glossary: authored terms, plus terms defined in articles; find where each is used."""

from __future__ import annotations

import re

from ..model import Article, GlossaryEntry, GlossaryTerm
from ..slugs import slugify, unique_slug
from .entities import normalise


def build_glossary(articles: list[Article], entries: list[GlossaryEntry]) -> dict[str, GlossaryTerm]:
    """Authored entries win; an article's definition adds a term nobody authored."""
    terms: dict[str, GlossaryTerm] = {}
    known: set[str] = set()
    taken: set[str] = set()
    for entry in entries:
        slug = unique_slug(entry.slug or slugify(entry.term, fallback="term"), taken)
        terms[slug] = GlossaryTerm(slug=slug, term=entry.term, definition=entry.definition,
                                   aliases=list(entry.aliases), origin="authored")
        known.update(normalise(s) for s in (entry.term, *entry.aliases))
    oldest_first = sorted(articles, key=lambda a: (a.date is None, a.date, a.slug))
    for article in oldest_first:
        if article.annotations is None:
            continue
        for definition in article.annotations.definitions:
            if normalise(definition.term) in known:
                continue
            slug = unique_slug(slugify(definition.term, fallback="term"), taken)
            terms[slug] = GlossaryTerm(slug=slug, term=definition.term, definition=definition.definition,
                                       origin="extracted", source_article=article,
                                       source_sentence=definition.sentence)
            known.add(normalise(definition.term))
    return terms


def term_pattern(term: GlossaryTerm) -> re.Pattern[str]:
    """Whole-word occurrences of a term or its aliases, longest first."""
    names = sorted({term.term, *term.aliases}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")


def find_term_usage(articles: list[Article], terms: dict[str, GlossaryTerm]) -> dict[str, list[GlossaryTerm]]:
    """Article slug → the terms its text uses; fills each term's `articles` (newest first)."""
    usage: dict[str, list[GlossaryTerm]] = {a.slug: [] for a in articles}
    patterns = {slug: term_pattern(term) for slug, term in terms.items()}
    names = {slug: [term.term, *term.aliases] for slug, term in terms.items()}
    for article in articles:
        haystack = f"{article.title}\n{article.text}"
        for slug, term in terms.items():
            # A plain substring test first: most terms are absent, and it is far faster than the regex.
            if any(name in haystack for name in names[slug]) and patterns[slug].search(haystack):
                usage[article.slug].append(term)
                term.articles.append(article)
    return usage
