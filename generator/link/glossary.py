"""Build the glossary: authored terms, plus terms defined in articles; find where each is used."""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from pathlib import Path

from ..errors import Problem, Report
from ..model import Article, CorpusEntity, GlossaryEntry, GlossaryTerm
from ..slugs import slugify, unique_slug
from .entity_merge import normalise
from .memory import LinkMemory

log = logging.getLogger(__name__)

#: What the entity recogniser calls a glossary term (see `annotate.entities.ruler_patterns`): a concept.
TERM_TYPE = "MISC"
_TYPE_WORDS = {"PER": "a person", "ORG": "an organisation", "LOC": "a place"}
_WORD = re.compile(r"\w+")


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


def find_term_usage(articles: list[Article], terms: dict[str, GlossaryTerm],
                    memory: LinkMemory | None = None) -> dict[str, list[GlossaryTerm]]:
    """Article slug → the terms its text uses; fills each term's `articles` (newest first).

    The texts `memory` saw with the same terms are not searched again (the preview server links after every
    edit); what this call found is kept there for the next.
    """
    memory = memory if memory is not None else LinkMemory()
    names = tuple((slug, term.term, tuple(term.aliases)) for slug, term in terms.items())
    known = memory.term_uses[1] if memory.term_uses[0] == names else {}
    haystacks = [f"{article.title}\n{article.text}" for article in articles]
    missing = [haystack for haystack in haystacks if haystack not in known]
    found = {haystack: known[haystack] for haystack in haystacks if haystack in known}
    found.update(_search(missing, terms))
    usage: dict[str, list[GlossaryTerm]] = {a.slug: [] for a in articles}
    for article, haystack in zip(articles, haystacks):
        for slug in found[haystack]:
            usage[article.slug].append(terms[slug])
            terms[slug].articles.append(article)
    memory.term_uses = (names, found)
    return usage


def _search(haystacks: list[str], terms: dict[str, GlossaryTerm]) -> dict[str, list[str]]:
    """Each text → the slugs of the terms it uses, in the order of `terms`."""
    if not haystacks:
        return {}
    patterns = {slug: term_pattern(term) for slug, term in terms.items()}
    # A whole-word occurrence of a name starts with the name's first word: only the terms one of whose
    # first words the text has are searched for (a name that starts with no word always is).
    by_first_word: dict[str, set[str]] = defaultdict(set)
    always: set[str] = set()
    for slug, term in terms.items():
        for name in (term.term, *term.aliases):
            first = _WORD.match(name)
            (by_first_word[first.group()] if first else always).add(slug)
    order = {slug: n for n, slug in enumerate(terms)}
    found: dict[str, list[str]] = {}
    for haystack in haystacks:
        candidates = set(always)
        for word in by_first_word.keys() & frozenset(_WORD.findall(haystack)):
            candidates |= by_first_word[word]
        found[haystack] = [slug for slug in sorted(candidates, key=order.__getitem__) if patterns[slug].search(haystack)]
    return found


def check_term_types(entries: list[GlossaryEntry], entities: dict[str, CorpusEntity], report: Report) -> None:
    """Warn about each authored term that the stories' entities give another type (a person, organisation, place)."""
    # The recogniser tags glossary terms as concepts; another type under the same name means that
    # content/entities.toml or the merged stories say otherwise, and the name gets an entity page too.
    by_form: dict[str, CorpusEntity] = {}
    for entity in entities.values():
        for form in (entity.name, *entity.aliases):
            by_form.setdefault(normalise(form), entity)
    for entry in entries:
        for form in (entry.term, *entry.aliases):
            entity = by_form.get(normalise(form))
            if entity is None or entity.type == TERM_TYPE:
                continue
            stories = len({appearance.article.slug for appearance in entity.appearances})
            named = "" if normalise(entity.name) == normalise(form) else f" {entity.name!r}"
            report.warn(Problem(
                entry.path,
                f"glossary term {form!r} is also {_TYPE_WORDS.get(entity.type, entity.type)}{named} "
                f"(an entity of type {entity.type} in {stories} stor{'y' if stories == 1 else 'ies'})",
                line=_line_of(entry.path, form, is_term=form == entry.term),
                hint=f"a glossary term is a concept: delete this file if {form!r} names "
                     f"{_TYPE_WORDS.get(entity.type, 'an entity')} (it has an entity page), or, if it is a concept, "
                     f'declare it in content/entities.toml with type = "{TERM_TYPE}"'))
            break  # one warning per entry


def _line_of(path: Path, form: str, *, is_term: bool) -> int | None:
    """The line of the glossary file where `form` is given: its `term:` key, or the line naming the alias."""
    try:
        lines = path.read_text(encoding="utf-8-sig", errors="replace").splitlines()
    except OSError as err:
        log.debug("%s: cannot read it again for a line number: %s", path, err)
        return None
    key = re.compile(r"^\s*term\s*:")
    for number, line in enumerate(lines, 1):
        if (is_term and key.match(line)) or (not is_term and form in line and not key.match(line)):
            return number
    return None
