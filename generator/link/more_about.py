""""More about …": other stories whose main subject is this story's main subject.

Related coverage is the same story line; a reader may also want the other, unconnected stories
about the person or organisation a story is about. The main subject of a story is the person or
organisation (with a page) that its headline names — the one the story mentions most when it names
several, the first of them on a tie — written as a name (`el uber de las bicicletas` names no
company). A headline that names no one, or is written in capitals (names and words look alike
there), gives no main subject: the name
most mentioned in such a story's lead is as often a side player (the platform a rumour spread on,
the party that voted) as its subject. Stories with the same main subject are offered newest
first, never one already shown as related coverage; the entity's page has the rest.
"""

from __future__ import annotations

import re
import unicodedata

from ..model import Article, CorpusEntity, RelatedLink
from .generic_names import is_generic_name
from .related import headline_names, headline_position

#: Stories shown under "more about".
MORE_ABOUT = 3
#: Kinds of entity that are a story's main subject ("who"), not where or what.
SUBJECT_TYPES = frozenset({"PER", "ORG"})


def main_subjects(articles: list[Article], article_entities: dict[str, list[CorpusEntity]],
                  entity_index: dict[str, dict[str, CorpusEntity]]) -> dict[str, CorpusEntity]:
    """Story slug → its main subject, for the stories that have one."""
    found: dict[str, CorpusEntity] = {}
    for article in articles:
        subject = _main_subject(article, article_entities.get(article.slug, []), entity_index.get(article.slug, {}))
        if subject is not None:
            found[article.slug] = subject
    return found


def _main_subject(article: Article, listed: list[CorpusEntity], local: dict[str, CorpusEntity]) -> CorpusEntity | None:
    candidates = {e.key: e for e in listed if e.type in SUBJECT_TYPES and e.has_page and not is_generic_name(e.name)}
    if not candidates:
        return None
    if article.title.isupper():
        return None
    in_headline = {key for key in headline_names(article.title, list(candidates.values()), []) & candidates.keys()
                   if _written_as_name(article.title, candidates[key])}
    if not in_headline:
        return None
    mentions = {key: 0 for key in in_headline}
    for entity in article.annotations.entities if article.annotations else []:
        canonical = local.get(entity.name)
        if canonical is not None and canonical.key in mentions:
            mentions[canonical.key] += len(entity.mentions)
    # Of the names a headline gives (`Trump vs. Biden: el exvicepresidente se asegura la candidatura`,
    # `Entrega PGR departamento de Duarte`), the story is about the one it mentions most; ties go to the first.
    best = min(in_headline, key=lambda k: (-mentions[k], headline_position(article.title, candidates[k]), k))
    return candidates[best]


def _written_as_name(title: str, entity: CorpusEntity) -> bool:
    """Whether the headline writes one of the entity's names with a capital, as a name is written."""
    folded = _letters(title)
    for name in (entity.name, *entity.aliases):
        pattern = re.compile(rf"(?<!\w){re.escape(_letters(name))}(?!\w)")
        if any(title[found.start()].isupper() for found in pattern.finditer(folded)):
            return True
    return False


def _letters(text: str) -> str:
    """Lower case without accents, one character for each character (so positions match the text's)."""
    return "".join((unicodedata.normalize("NFKD", c)[:1] or c).lower()[:1] or c for c in text)


def more_about(articles: list[Article], subjects: dict[str, CorpusEntity],
               related: dict[str, list[RelatedLink]]) -> dict[str, list[RelatedLink]]:
    """Story slug → up to `MORE_ABOUT` other stories with the same main subject, newest first (undated last),
    none of them among the story's related coverage."""
    by_subject: dict[str, list[Article]] = {}
    for article in articles:
        if article.slug in subjects:
            by_subject.setdefault(subjects[article.slug].key, []).append(article)
    for stories in by_subject.values():
        stories.sort(key=lambda a: (a.date is None, -(a.date.toordinal() if a.date else 0), a.slug))
    found: dict[str, list[RelatedLink]] = {}
    for article in articles:
        subject = subjects.get(article.slug)
        if subject is None:
            continue
        shown = {link.article.slug for link in related.get(article.slug, [])} | {article.slug}
        others = [a for a in by_subject[subject.key] if a.slug not in shown][:MORE_ABOUT]
        if others:
            found[article.slug] = [RelatedLink(a, 0.0, [subject.name]) for a in others]
    return found
