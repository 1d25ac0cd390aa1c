"""Merge each article's entities into corpus-wide entities (Peskov + Dmitry Peskov → one)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..model import PAGE_TYPES, Article, AttributedQuote, CorpusEntity, Entity, EntityAppearance, GlossaryEntry
from ..slugs import slugify, unique_slug

_SPACE = re.compile(r"\s+")
# Honorifics are not part of a name: "Mr Blair" is Tony Blair's alias, not a different person.
_HONORIFIC = re.compile(r"^(?:mr|mrs|ms|miss|dr|sir|lord|lady|sr|sra|don|doña)\.?\s+", re.IGNORECASE)
# An alias preceded by one of these in the name is the name's complement, not another name for it.
_COMPLEMENT = re.compile(r"\s(?:de|del|de la|de los|de las|of|of the|en|in)\s+$")
_CONNECTORS = {"de", "del", "la", "las", "los", "el", "y", "e", "of", "the", "and", "for"}
#: An alias standing alone in more than this many times the stories of its name is not that name.
ALIAS_DOMINANCE = 2
ALIAS_MIN_STORIES = 2


def normalise(name: str) -> str:
    """The comparison form of a name: case-folded, single-spaced."""
    return _SPACE.sub(" ", name).strip().casefold()


class _Forms:
    """Union-find over normalised surface forms."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def add(self, form: str) -> None:
        self.parent.setdefault(form, form)

    def find(self, form: str) -> str:
        root = form
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[form] != root:
            self.parent[form], form = root, self.parent[form]
        return root

    def union(self, a: str, b: str) -> None:
        self.add(a)
        self.add(b)
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass
class EntityLinks:
    """What the link stage knows about entities after merging."""

    entities: dict[str, CorpusEntity]
    article_entities: dict[str, list[CorpusEntity]]
    entity_index: dict[str, dict[str, CorpusEntity]]


def merge_entities(articles: list[Article], glossary: list[GlossaryEntry], min_mentions_for_page: int) -> EntityLinks:
    """Group the articles' entities by shared surface forms, glossary synonyms and surnames."""
    forms = _Forms()
    type_votes: dict[str, Counter[str]] = defaultdict(Counter)
    form_mentions: Counter[str] = Counter()
    display: dict[str, str] = {}
    main_names: Counter[str] = Counter()
    overrides: dict[tuple[str, str], str] = {}
    for article in articles:
        main_names.update({normalise(entity.name) for entity in _entities(article)})
    for article in articles:
        for entity in _entities(article):
            names = [normalise(f) for f in entity.surface_forms]
            forms.add(names[0])
            display.setdefault(names[0], entity.name)
            for name, raw in zip(names[1:], entity.aliases):
                if _trusted_alias(names[0], name, raw, main_names):
                    forms.union(names[0], name)
                    display.setdefault(name, raw)
            form_mentions[names[0]] += max(1, len(entity.mentions))
            type_votes[names[0]][entity.type] += max(1, len(entity.mentions))
        surnames, parts = _short_forms(_entities(article))
        for short, full in surnames.items():
            if _dominated(short, full, main_names):
                forms.union(full, short)
        overrides.update({(article.slug, short): full for short, full in parts.items()})
    for form in list(forms.parent):
        bare = _HONORIFIC.sub("", form)
        if bare != form and bare in forms.parent:
            forms.union(bare, form)
    for entry in glossary:
        synonyms = [normalise(s) for s in (entry.term, *entry.aliases) if normalise(s) in forms.parent]
        for other in synonyms[1:]:
            forms.union(synonyms[0], other)
    _merge_surnames(forms, type_votes, main_names)

    clusters: dict[str, list[str]] = defaultdict(list)
    for form in forms.parent:
        clusters[forms.find(form)].append(form)
    by_form: dict[str, CorpusEntity] = {}
    merged: list[CorpusEntity] = []
    taken: set[str] = set()
    for root in sorted(clusters):
        members = clusters[root]
        votes: Counter[str] = Counter()
        for member in members:
            votes.update(type_votes.get(member, Counter()))
        # The fullest form names the entity; among equals, the one used most.
        best = max(members, key=lambda f: (len(f.split()), form_mentions[f], f))
        name = display[best]
        entity_type = votes.most_common(1)[0][0] if votes else "MISC"
        entity = CorpusEntity(key="", name=name, type=entity_type,  # type: ignore[arg-type]
                              aliases={display[m] for m in members if m != best})
        merged.append(entity)
        for member in members:
            by_form[member] = entity
    for entity in sorted(merged, key=lambda e: (normalise(e.name), e.type)):
        entity.key = unique_slug(slugify(entity.name, fallback="entity"), taken)

    article_entities: dict[str, list[CorpusEntity]] = {}
    entity_index: dict[str, dict[str, CorpusEntity]] = {}
    for article in articles:
        local: dict[str, CorpusEntity] = {}
        counts: Counter[str] = Counter()
        sentences: dict[str, str] = {}
        for entity in _entities(article):
            form = normalise(entity.name)
            canonical = by_form[overrides.get((article.slug, form), form)]
            local[entity.name] = canonical
            counts[canonical.key] += max(1, len(entity.mentions))
            sentences.setdefault(canonical.key, entity.sentence)
        entity_index[article.slug] = local
        unique = {e.key: e for e in local.values()}.values()
        ordered = sorted(unique, key=lambda e: (-counts[e.key], e.name))
        article_entities[article.slug] = ordered
        for canonical in ordered:
            canonical.appearances.append(EntityAppearance(article, sentences[canonical.key], counts[canonical.key]))
        _attribute_quotes(article, local)

    entities = {e.key: e for e in merged}
    for entity in entities.values():
        entity.appearances.sort(key=lambda a: (a.article.date is not None, a.article.date, a.article.slug),
                                reverse=True)
        entity.has_page = entity.type in PAGE_TYPES and entity.mentions >= min_mentions_for_page
    _cooccurrence(article_entities)
    return EntityLinks(entities, article_entities, entity_index)


def _entities(article: Article):  # type: ignore[no-untyped-def]
    return article.annotations.entities if article.annotations else []


def _short_forms(entities: list[Entity]) -> tuple[dict[str, str], dict[str, str]]:
    """One-word names an article also uses in full: surnames (`Maduro` of `Nicolás Maduro`) and first
    words of a name that is not a person's (`Fox` of `Fox News`), each → its full form.

    A surname joins its full name across the corpus; a part only stands for the full name in
    this article, since elsewhere `Fox` may well be Vicente Fox.
    """
    full = [(normalise(e.name), e.type) for e in sorted(entities, key=lambda e: -len(e.mentions))
            if len(e.name.split()) > 1]
    surnames: dict[str, str] = {}
    parts: dict[str, str] = {}
    for entity in entities:
        short = normalise(entity.name)
        if " " in short:
            continue
        ending = {name for name, _ in full if _HONORIFIC.sub("", name).split()[-1] == short}
        containing = [name for name, kind in full if kind != "PER" and name.split()[0] == short]
        if len(ending) == 1:
            surnames[short] = ending.pop()
        elif not ending and containing:
            parts[short] = containing[0]  # the most mentioned
    return surnames, parts


def _trusted_alias(name: str, alias: str, raw_alias: str, main_names: Counter[str]) -> bool:
    """Whether an article's alias of `name` may join the two across the corpus.

    The annotator's in-article aliases are sometimes a name's complement (`Ford de México` →
    `México`) or its last word (`George Washington` → `Washington`); joining on those would
    chain a whole country into one company. An acronym is trusted; a complement after a
    preposition never is; otherwise an alias that stands alone in many more stories than the
    name itself is taken to be something else.
    """
    if _is_acronym(raw_alias, name):
        return True
    if _COMPLEMENT.search(name[: -len(alias)] if name.endswith(alias) else ""):
        return False
    return _dominated(alias, name, main_names)


def _is_acronym(alias: str, name: str) -> bool:
    """`PRI` of `Partido Revolucionario Institucional`, `AMLO` of `Andrés Manuel López Obrador`."""
    letters = "".join(c for c in alias if c.isalpha())
    if len(letters) < 2 or not alias.isupper() or " " in alias:
        return False
    words = [w for w in name.split() if w not in _CONNECTORS]
    return letters.casefold() == "".join(w[0] for w in words).casefold()


def _dominated(short: str, full: str, main_names: Counter[str]) -> bool:
    """A short form may stand for `full` unless it stands alone in far more stories than `full` does."""
    return main_names[short] <= max(ALIAS_MIN_STORIES, ALIAS_DOMINANCE * main_names[full])


def _merge_surnames(forms: _Forms, type_votes: dict[str, Counter[str]], main_names: Counter[str]) -> None:
    """`putin` joins `vladimir putin` when exactly one full name of a person ends with it."""
    people = [f for f, votes in type_votes.items() if votes and votes.most_common(1)[0][0] == "PER"]
    full_by_last: dict[str, set[str]] = defaultdict(set)
    for form in people:
        bare = _HONORIFIC.sub("", form)
        if len(bare.split()) > 1:
            full_by_last[bare.split()[-1]].add(form)
    for form in people:
        bare = _HONORIFIC.sub("", form)
        if len(bare.split()) == 1:
            fulls = full_by_last.get(bare, set())
            roots = {forms.find(f) for f in fulls}
            if len(roots) == 1 and any(_dominated(form, f, main_names) for f in fulls):
                forms.union(next(iter(roots)), form)


def _attribute_quotes(article: Article, local: dict[str, CorpusEntity]) -> None:
    """Credit each statement to the canonical entity of its speaker, when the speaker is a known person."""
    if article.annotations is None:
        return
    by_name = {normalise(name): entity for name, entity in local.items()}
    for entity in article.annotations.entities:
        for alias in entity.aliases:
            by_name.setdefault(normalise(alias), local[entity.name])
    for quote in article.annotations.statements:
        if quote.speaker and (speaker := by_name.get(normalise(quote.speaker))) is not None:
            if speaker.type == "PER":
                speaker.quotes.append(AttributedQuote(article, quote))


def _cooccurrence(article_entities: dict[str, list[CorpusEntity]], keep: int = 10) -> None:
    together: dict[str, Counter[str]] = defaultdict(Counter)
    by_key: dict[str, CorpusEntity] = {}
    for entities in article_entities.values():
        for entity in entities:
            by_key[entity.key] = entity
            for other in entities:
                if other.key != entity.key:
                    together[entity.key][other.key] += 1
    for key, counts in together.items():
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], by_key[kv[0]].name))[:keep]
        by_key[key].cooccurring = [(by_key[k], n) for k, n in ranked]
