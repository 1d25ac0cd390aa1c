"""Merge each article's entities into corpus-wide entities (Peskov + Dmitry Peskov → one)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import sparse

from ..annotate.entity_words import PARTY_NICKNAMES, PARTY_NOUNS
from ..annotate.name_forms import CONNECTORS, acronym_letters, has_nickname, initials, undotted, without_middle_parts
from ..model import PAGE_TYPES, Article, AttributedQuote, CorpusEntity, Entity, EntityAppearance, GlossaryEntry
from ..slugs import slugify, unique_slug
from .generic_names import is_generic_name
from ..text_fold import fold

_SPACE = re.compile(r"\s+")
# Honorifics are not part of a name: "Mr Blair" is Tony Blair's alias, not a different person.
_HONORIFIC = re.compile(r"^(?:mr|mrs|ms|miss|dr|sir|lord|lady|sr|sra|don|doña)\.?\s+", re.IGNORECASE)
# An alias preceded by one of these in the name is the name's complement, not another name for it.
_COMPLEMENT = re.compile(r"\s(?:de|del|de la|de los|de las|of|of the|en|in)\s+$")
#: A place's name shortened with a dot (`Fla.`, `Mich.`, `Calif.`), as datelines and addresses write it.
_ABBREVIATION = re.compile(r"^[A-Z][a-z]{1,4}\.$")
_GENERATIONS = frozenset({"jr", "junior", "hijo", "sr", "senior", "padre", "ii", "iii", "iv"})
#: An alias standing alone in more than this many times the stories of its name is not that name.
ALIAS_DOMINANCE = 2
ALIAS_MIN_STORIES = 2
#: A one-word form that stands for several names joins one only where it does in this share of stories.
CLAIM_MAJORITY = 0.75


#: An English name's leading article (`The Washington Post` is the Washington Post).
_THE = re.compile(r"^the\s+")


@lru_cache(maxsize=1 << 16)
def normalise(name: str) -> str:
    """The comparison form of a name: case-folded, accents ignored, single-spaced (`Vladímir` = `Vladimir`),
    abbreviations without their dots (`U.S.` = `US`, `EE. UU.` = `EEUU`) and without a leading `the`."""
    return _THE.sub("", fold(undotted(_SPACE.sub(" ", name).strip()))).strip()


class _Forms:
    """Union-find over normalised surface forms that never puts two different people in one group.

    Every join is checked against the full names of people each group holds: `Cherie Blair` and
    `Tony Blair` (one surname, two first names) stay apart whatever chain of short forms (`Mrs Blair`,
    `Blair`) would link them, and so do `Liam Fox` and `Chris Fox`.
    """

    def __init__(self, is_person: Callable[[str], bool] = lambda form: False) -> None:
        self.parent: dict[str, str] = {}
        self._is_person = is_person
        self._people: dict[str, list[str]] = {}
        """Root → the full names of people in its group (only for groups that hold any)."""

    def add(self, form: str) -> None:
        if form not in self.parent:
            self.parent[form] = form
            if len(_HONORIFIC.sub("", form).split()) > 1 and self._is_person(form):
                self._people[form] = [form]

    def find(self, form: str) -> str:
        root = form
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[form] != root:
            self.parent[form], form = root, self.parent[form]
        return root

    def union(self, a: str, b: str) -> bool:
        """Join the groups of `a` and `b`, unless they hold two different people; whether they are one group."""
        self.add(a)
        self.add(b)
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        people_a, people_b = self._people.get(ra, []), self._people.get(rb, [])
        if any(_different_people(x, y) for x in people_a for y in people_b):
            return False
        root, child = min(ra, rb), max(ra, rb)
        self.parent[child] = root
        if people_a or people_b:
            self._people[root] = people_a + people_b
            self._people.pop(child, None)
        return True

    def holds_person(self, form: str) -> bool:
        """Whether the group of `form` holds a person's full name."""
        return self.find(form) in self._people


def _different_people(a: str, b: str) -> bool:
    """Two full names of one surname and different first names, neither a short form of the other
    (`tony blair`, `cherie blair`; but `joe biden` may be `joseph r. biden jr.`, `lopez obrador` is
    part of `andres manuel lopez obrador`)."""
    if not _other_person(a, b):
        return False
    words_a, words_b = (without_middle_parts(_HONORIFIC.sub("", f)).replace(",", " ").split() for f in (a, b))
    if words_a[-1].strip(".") in _GENERATIONS:
        words_a = words_a[:-1]
    if words_b[-1].strip(".") in _GENERATIONS:
        words_b = words_b[:-1]
    if len(words_a) < 2 or len(words_b) < 2 or words_a[-1] != words_b[-1]:
        return False
    first_a, first_b = words_a[0], words_b[0]
    if first_a == first_b or first_a in words_b or first_b in words_a:
        return False
    return not (_short_first_name(first_a, first_b) or _short_first_name(first_b, first_a))


@dataclass
class EntityLinks:
    """What the link stage knows about entities after merging."""

    entities: dict[str, CorpusEntity]
    article_entities: dict[str, list[CorpusEntity]]
    entity_index: dict[str, dict[str, CorpusEntity]]
    made_of: bytes = b""
    """A digest of all the merge read (see `merge_reuse`): equal digests, equal merges."""


def merge_entities(articles: list[Article], glossary: list[GlossaryEntry], min_mentions_for_page: int) -> EntityLinks:
    """Group the articles' entities by shared surface forms, glossary synonyms and surnames."""
    forms = _Forms(lambda form: _majority(type_votes.get(form), "") == "PER")
    type_votes: dict[str, Counter[str]] = defaultdict(Counter)
    form_mentions: Counter[str] = Counter()
    display: dict[str, str] = {}
    main_names: Counter[str] = Counter()
    overrides: dict[tuple[str, str], str] = {}
    # One-word forms and the fuller names they stand for somewhere: joined last, and only when unambiguous.
    claims: dict[str, Counter[str]] = defaultdict(Counter)
    # Acronyms and the names they abbreviate in some story: joined only to one name (`AI` of two names joins neither).
    expansions: dict[str, set[str]] = defaultdict(set)
    for article in articles:
        main_names.update({normalise(entity.name) for entity in entities_of(article)})
        for entity in entities_of(article):
            form, weight = normalise(entity.name), max(1, len(entity.mentions))
            # each story votes once for its type: one story's systematic error (a surname the model takes for
            # an organisation nine times) must not outvote five stories; mentions only break ties
            type_votes[form][entity.type] += 1 + weight / 1000
            form_mentions[form] += weight
    for article in articles:
        for entity in entities_of(article):
            names = [normalise(f) for f in entity.surface_forms]
            forms.add(names[0])
            display.setdefault(names[0], entity.name)
            for name, raw in zip(names[1:], entity.aliases):
                if not _trusted_alias(names[0], name, entity.name, raw, main_names) or \
                        entity.type == "PER" and _other_person(names[0], name):
                    continue
                display.setdefault(name, raw)
                short, full = sorted((name, names[0]), key=lambda f: len(f.split()))
                if _is_acronym(raw, names[0]) or _is_acronym(entity.name, name):
                    acronym, expansion = (name, names[0]) if _is_acronym(raw, names[0]) else (names[0], name)
                    forms.add(acronym)
                    forms.add(expansion)
                    expansions[acronym].add(expansion)
                elif " " in short:
                    forms.union(names[0], name)
                elif _may_stand_for(short, full, entity.type, type_votes):
                    claims[short][full] += 1
        surnames, parts = _short_forms(entities_of(article))
        for short, full in surnames.items():
            if _dominated(short, full, main_names):
                claims[short][full] += 1
        overrides.update({(article.slug, short): full for short, full in (*surnames.items(), *parts.items())})
    for acronym, names in sorted(expansions.items()):
        roots = {forms.find(name) for name in names}
        if len(roots) == 1:
            forms.union(roots.pop(), acronym)
    for form in list(forms.parent):
        bare = _HONORIFIC.sub("", form)
        # `Mr Blair` is Blair, but `Miss Venezuela` is no Venezuela; and a `Mrs Blair` a story already
        # gives a full name (Cherie's) does not take the bare surname with her.
        if bare != form and bare in forms.parent and _majority(type_votes.get(bare), "PER") == "PER" \
                and not forms.holds_person(form):
            forms.union(bare, form)
    for entry in glossary:
        synonyms = [normalise(s) for s in (entry.term, *entry.aliases) if normalise(s) in forms.parent]
        for other in synonyms[1:]:
            forms.union(synonyms[0], other)
    for short, fulls in sorted(claims.items()):
        _join_claimed(forms, short, fulls)
    _join_acronyms(forms, display, main_names, type_votes)
    _join_abbreviations(forms, display, main_names, type_votes)
    _merge_surnames(forms, type_votes, main_names)
    _join_initialled(forms, type_votes)
    _join_parties(forms, type_votes)
    _join_first_name_forms(forms, type_votes)

    clusters: dict[str, list[str]] = defaultdict(list)
    for form in forms.parent:
        clusters[forms.find(form)].append(form)
    by_form: dict[str, CorpusEntity] = {}
    merged: list[CorpusEntity] = []
    taken: set[str] = set()
    for root in sorted(clusters):
        members = clusters[root]
        if not any(member in main_names for member in members):
            continue  # only other names of names left unjoined: nothing mentions it
        votes = type_votes.get(members[0], Counter()) if len(members) == 1 else \
            sum((type_votes.get(member, Counter()) for member in members), Counter())
        # The fullest form names the entity (a middle initial or a nickname adds nothing: `Donald J. Trump` is no
        # fuller than `Donald Trump`; `Kentucky` is fuller than `Ky.`); among equals, one without a nickname,
        # then the one used most.
        best = max(members, key=lambda f: (len(without_middle_parts(f).split()), not _ABBREVIATION.match(display[f]),
                                           not has_nickname(display[f]), form_mentions[f], f))
        name = display[best]
        entity_type = _majority(votes, "MISC")
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
        for entity in entities_of(article):
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
        credit_speakers(article, local)

    entities = {e.key: e for e in merged}
    for entity in entities.values():
        entity.appearances.sort(key=lambda a: (a.article.date is not None, a.article.date, a.article.slug),
                                reverse=True)
        entity.has_page = (entity.type in PAGE_TYPES and entity.mentions >= min_mentions_for_page
                           and not is_generic_name(entity.name))
    _cooccurrence(article_entities)
    return EntityLinks(entities, article_entities, entity_index)


def entities_of(article: Article) -> list[Entity]:
    return article.annotations.entities if article.annotations else []


def _short_forms(entities: list[Entity]) -> tuple[dict[str, str], dict[str, str]]:
    """One-word names an article also uses in full: surnames (`Maduro` of `Nicolás Maduro`) and first
    words of a name that is not a person's (`Fox` of `Fox News`), each → its full form.

    Both stand for the full name in this article; a surname also joins it across the corpus when
    no other full name claims it, while a part never does, since elsewhere `Fox` may well be
    Vicente Fox. A person's surname is never a place's last word (`Francisco`, `San Francisco`).
    """
    full = [(normalise(e.name), e.type) for e in sorted(entities, key=lambda e: -len(e.mentions))
            if len(e.name.split()) > 1]
    by_last: dict[str, list[tuple[str, str]]] = defaultdict(list)
    by_first: dict[str, list[str]] = defaultdict(list)
    for name, kind in full:
        by_last[_HONORIFIC.sub("", name).split()[-1]].append((name, kind))
        if kind != "PER":
            by_first[name.split()[0]].append(name)
    surnames: dict[str, str] = {}
    parts: dict[str, str] = {}
    for entity in entities:
        short = normalise(entity.name)
        if " " in short:
            continue
        ending = {name for name, kind in by_last.get(short, ())
                  if not _COMPLEMENT.search(name[: -len(short)])  # `México` of `Presidencia de México`
                  and "PER" in (kind, entity.type) and _may_join(entity.type, kind)}
        containing = by_first.get(short, [])
        if len(ending) == 1:
            surnames[short] = ending.pop()
        elif not ending and containing:
            parts[short] = containing[0]  # the most mentioned
    return surnames, parts


def _trusted_alias(name: str, alias: str, raw_name: str, raw_alias: str, main_names: Counter[str]) -> bool:
    """Whether an article's alias of `name` may join the two across the corpus.

    The annotator's in-article aliases are sometimes a name's complement (`Ford de México` →
    `México`, or the other way round) or a longer name that contains it (`Miss EE.UU.` for
    `EE.UU.`); joining on those would chain a whole country into one company. An acronym is
    trusted; a complement after a preposition never is; otherwise the shorter form may not
    stand alone in many more stories than the longer one, or it is taken to be something else.
    """
    if _is_acronym(raw_alias, name) or _is_acronym(raw_name, alias):
        return True
    short, full = sorted((alias, name), key=lambda f: (len(f.split()), len(f)))
    if _COMPLEMENT.search(full[: -len(short)] if full.endswith(short) else ""):
        return False
    return _dominated(short, full, main_names)


def _join_claimed(forms: _Forms, short: str, fulls: Counter[str]) -> None:
    """Join a one-word form to the name it stands for in most of the stories that use both.

    `López` is López Obrador's in most stories and joins him, never Claudia López too; a form
    shared more evenly (`Salinas` of Carlos and Carmen Salinas) joins no one across the corpus.
    """
    roots: Counter[str] = Counter()
    for full, stories in fulls.items():
        forms.add(full)
        roots[forms.find(full)] += stories
    root, stories = roots.most_common(1)[0]
    if stories >= CLAIM_MAJORITY * roots.total():
        forms.union(root, short)


def _join_acronyms(forms: _Forms, display: dict[str, str], main_names: Counter[str],
                    type_votes: dict[str, Counter[str]]) -> None:
    """An acronym used alone (`AMLO` in a headline) joins the name of the corpus it abbreviates: the one
    name with its initials, or the one of them named in most of their stories (`US`: United States, not
    Uncle Sam in one story).

    Inside a story the annotator joins an acronym to the name it follows; a story that only uses
    the acronym would otherwise keep it apart. An acronym of two names used as often (`PP`) joins neither.
    """
    by_initials: dict[str, set[str]] = defaultdict(set)
    for form in forms.parent:
        words = [w for w in _HONORIFIC.sub("", form).split() if w not in CONNECTORS]
        if len(words) > 1:
            by_initials["".join(w[0] for w in words)].add(form)
    for form in list(forms.parent):
        raw = display.get(form, "")
        initials = acronym_letters(raw)
        if " " in form or initials is None:
            continue
        if not raw.isupper() and _majority(type_votes.get(form), "") == "LOC":
            continue  # `Iowa`, `Ohio`: a place's name, not an acronym written as a word
        stories: Counter[str] = Counter()
        for name in by_initials.get(initials.casefold(), ()):
            stories[forms.find(name)] += max(main_names[name], 1)  # the acronym's own name counts too
        if stories:
            root, count = stories.most_common(1)[0]
            if root != forms.find(form) and count >= CLAIM_MAJORITY * stories.total():
                forms.union(root, form)


def _join_abbreviations(forms: _Forms, display: dict[str, str], main_names: Counter[str],
                        type_votes: dict[str, Counter[str]]) -> None:
    """A place's abbreviation (`Fla.`, `Ky.`) joins the one place of one word in the corpus that starts with its
    first letter and holds its letters in order (`Florida`, `Kentucky`), or the one of them most of their
    stories name; one that two places claim about as often (`Va.`: Virginia and Vietnam) joins neither."""
    places = [f for f, votes in type_votes.items() if _majority(votes, "") == "LOC"]
    by_initial: dict[str, list[str]] = defaultdict(list)
    for place in places:
        by_initial[place[:1]].append(place)
    for form in places:
        raw = display.get(form, "")
        if not _ABBREVIATION.match(raw):
            continue
        letters = raw[:-1].casefold()
        stories: Counter[str] = Counter()
        for place in by_initial.get(letters[0], ()):
            if " " not in place and len(place) > len(letters) + 1 and _holds_in_order(place, letters):
                stories[forms.find(place)] += max(main_names[place], 1)
        if stories:
            root, count = stories.most_common(1)[0]
            if root != forms.find(form) and count >= CLAIM_MAJORITY * stories.total():
                forms.union(root, form)


def _holds_in_order(name: str, letters: str) -> bool:
    """`florida` holds `fla`: each letter found after the one before."""
    rest = iter(name)
    return all(letter in rest for letter in letters)


def _other_person(name: str, alias: str) -> bool:
    """Two full names of which neither holds the other's words: `Bill Clinton` is not `Hillary Clinton`."""
    words, other = (set(_HONORIFIC.sub("", fold(f)).split()) for f in (name, alias))
    return len(words) > 1 and len(other) > 1 and not (words <= other or other <= words)


def _may_stand_for(short: str, full: str, kind: str, type_votes: dict[str, Counter[str]]) -> bool:
    """Whether a one-word form may stand for a fuller name of type `kind` across the corpus.

    Not its first word, a given name (`Carmen` of Carmen Salinas, `Andrés` of Andrés Manuel López
    Obrador), which names many people; and never a person for a place (`Francisco`, the Pope, for
    `San Francisco`).
    """
    if _HONORIFIC.sub("", full).split()[0] == short:
        return False
    return _may_join(_majority(type_votes.get(short), kind), kind)


def _may_join(short_kind: str, full_kind: str) -> bool:
    """A person's name never stands for a place; a surname the model took for a place (`Biden`) may
    still be the person's."""
    return not (short_kind == "PER" and full_kind == "LOC")


def _majority(votes: Counter[str] | None, default: str) -> str:
    # `max` keeps the first of equals, as `most_common` does, at a fraction of its cost (called per form).
    return max(votes, key=votes.__getitem__) if votes else default


def _is_acronym(alias: str, name: str) -> bool:
    """`PRI` of `Partido Revolucionario Institucional`, `AMLO` of `Andrés Manuel López Obrador`."""
    letters = acronym_letters(alias)
    if letters is None or " " in alias.strip():
        return False
    return letters.casefold() == initials(name).casefold()


def _dominated(short: str, full: str, main_names: Counter[str]) -> bool:
    """A short form may stand for `full` unless it stands alone in far more stories than `full` does."""
    return main_names[short] <= max(ALIAS_MIN_STORIES, ALIAS_DOMINANCE * main_names[full])


def _merge_surnames(forms: _Forms, type_votes: dict[str, Counter[str]], main_names: Counter[str]) -> None:
    """`putin` joins `vladimir putin` when exactly one full name of a person ends with it, and
    `javier duarte` joins `javier duarte de ochoa` when exactly one longer name of a person starts with it."""
    people = [f for f, votes in type_votes.items() if _majority(votes, "") == "PER"]
    full_by_last: dict[str, set[str]] = defaultdict(set)
    longer: dict[str, set[str]] = defaultdict(set)
    for form in people:
        words = _HONORIFIC.sub("", form).split()
        if len(words) > 1:
            full_by_last[words[-1]].add(form)
        for n in range(2, len(words)):
            if words[-1].strip(".") not in _GENERATIONS:  # Donald Trump Jr is not Donald Trump
                longer[" ".join(words[:n])].add(form)
    alone = Counter(forms.find(f) for f in forms.parent)
    for form in people:
        bare = _HONORIFIC.sub("", form)
        fulls = full_by_last.get(bare, set()) if " " not in bare else longer.get(bare, set())
        roots = {forms.find(f) for f in fulls}
        if " " not in bare and alone[forms.find(form)] > 1:
            continue  # already another person's surname (`Clinton` of Bill Clinton)
        if len(roots) == 1 and (" " in bare or any(_dominated(form, f, main_names) for f in fulls)):
            forms.union(next(iter(roots)), form)




def _join_initialled(forms: _Forms, type_votes: dict[str, Counter[str]]) -> None:
    """`Paul D. Ryan` joins `Paul Ryan` when both are people and no other initialled name is that name
    (`George W. Bush` and `George H. W. Bush` leave `George Bush` alone)."""
    people = {f for f, votes in type_votes.items() if _majority(votes, "") == "PER"}
    initialled: dict[str, set[str]] = defaultdict(set)
    for form in people:
        bare = without_middle_parts(form)
        if bare != form and bare in people:
            initialled[bare].add(forms.find(form))
    for bare, roots in sorted(initialled.items()):
        if len(roots) == 1:
            forms.union(roots.pop(), bare)


#: Endings of a short first name (`Joe` of Joseph, `Andy` of Andrew).
_PET_ENDINGS = ("e", "y")
#: The most letters of a short first name, the fewest it shares with the full one (`Ron` of Ronald, `Jo-e` of
#: Joseph) and the fewest more the full one has: `Juan` and `Juana`, `Paul` and `Paula` are two people.
_SHORT_LETTERS, _PREFIX_LETTERS, _STEM_LETTERS, _MORE_LETTERS = 4, 3, 2, 2


def _short_first_name(short: str, full: str) -> bool:
    """`ron`/`ronald`, `joe`/`joseph`, `andy`/`andrew`: a clipped first name, maybe with a pet ending."""
    if not (short.isalpha() and full.isalpha()) or len(short) > _SHORT_LETTERS or len(full) < len(short) + _MORE_LETTERS:
        return False
    if len(short) >= _PREFIX_LETTERS and full.startswith(short):
        return True
    ending = next((e for e in _PET_ENDINGS if short.endswith(e)), "")
    stem = short[: len(short) - len(ending)]
    return bool(ending) and len(stem) >= _STEM_LETTERS and full.startswith(stem)


def _formal(form: str) -> bool:
    """A name written in full style, with a middle initial or a generation (`Joseph R. Biden Jr.`)."""
    return without_middle_parts(form) != form or form.split()[-1].strip(".,") in _GENERATIONS


def _first_and_surname(form: str) -> tuple[str, str, bool] | None:
    """A person's first name, surname and whether a generation follows (`joseph r. biden jr.` → joseph, biden)."""
    words = without_middle_parts(_HONORIFIC.sub("", form)).replace(",", " ").split()
    generation = bool(words) and words[-1].strip(".") in _GENERATIONS
    if generation:
        words = words[:-1]
    return (words[0], words[-1], generation) if len(words) == 2 else None


def _join_first_name_forms(forms: _Forms, type_votes: dict[str, Counter[str]]) -> None:
    """`Joe Biden` joins `Joseph R. Biden Jr.`: one surname, a short form of the first name, and the full one
    written in full style (a middle initial or a generation), when only one such name fits (`Jo Smith` of both
    Joseph A. and Josephine B. Smith joins neither); a generation on the short form only is another person
    (`Don Trump Jr.` is not Donald J. Trump)."""
    people = sorted(f for f, votes in type_votes.items() if _majority(votes, "") == "PER")
    unpunctuated: dict[str, str] = {}
    for form in people:  # `Joseph R. Biden, Jr.` is `Joseph R. Biden Jr.`
        forms.union(unpunctuated.setdefault(form.replace(",", ""), form), form)
    by_surname: dict[str, list[tuple[str, str, bool]]] = defaultdict(list)
    for form in people:
        parts = _first_and_surname(form)
        if parts is not None:
            by_surname[parts[1]].append((parts[0], form, parts[2]))
    for named in by_surname.values():
        for short, form, generation in named:
            fulls = [(first, f) for first, f, later in named
                     if _formal(f) and _short_first_name(short, first) and not (generation and not later)]
            roots = {forms.find(f) for _, f in fulls}
            if len({first for first, _ in fulls}) == 1 and len(roots) == 1:
                forms.union(roots.pop(), form)


#: The fewest letters of a party's members' word before its ending (`democrat-s`, `democrat-ic`).
_PARTY_STEM = 5


def _join_parties(forms: _Forms, type_votes: dict[str, Counter[str]]) -> None:
    """`Republican Party`, `Republicans` and `GOP` are one organisation: a party's name (`X Party`), its members'
    plural whose stem the party's word starts with (`Democrats` of the `Democratic Party`) and the party's
    nickname join when each is an organisation on the site and exactly one party of that stem is named."""
    organisations = {f for f, votes in type_votes.items() if _majority(votes, "") == "ORG"}
    parties: dict[str, set[str]] = defaultdict(set)  # stem → party names
    for form in organisations:
        words = form.split()
        if len(words) == 2 and words[1] in PARTY_NOUNS and words[0].isalpha() and len(words[0]) >= _PARTY_STEM:
            parties[words[0][:_PARTY_STEM]].add(form)
    for form in sorted(organisations, key=lambda f: f in PARTY_NICKNAMES):  # members' plurals first
        if " " in form or not form.isalpha():
            continue
        stem = PARTY_NICKNAMES.get(form, form.removesuffix("s") if form.endswith("s") else "")
        if len(stem) < _PARTY_STEM:
            continue
        names = {p for p in parties.get(stem[:_PARTY_STEM], set()) if p.startswith(stem)}
        if form in PARTY_NICKNAMES and f"{stem}s" in organisations:
            names.add(f"{stem}s")  # `GOP` and `Republicans`, with or without the party's full name
        if len({forms.find(p) for p in names}) == 1:
            forms.union(next(iter(names)), form)


def credit_speakers(article: Article, local: dict[str, CorpusEntity]) -> None:
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
    """Each entity's `keep` most frequent companions: the stories both are in, ties by name.

    Counted as the product of the story × entity incidence matrix with itself, not pair by pair.
    """
    by_key: dict[str, CorpusEntity] = {}
    column: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for row, entities in enumerate(article_entities.values()):
        for entity in entities:
            by_key[entity.key] = entity
            rows.append(row)
            cols.append(column.setdefault(entity.key, len(column)))
    if not cols:
        return
    incidence = sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)),
                                  shape=(len(article_entities), len(column)))
    together = sparse.coo_matrix(incidence.T @ incidence)
    keys = list(column)
    by_name = sorted(range(len(keys)), key=lambda c: (by_key[keys[c]].name, keys[c]))
    name_rank = np.empty(len(keys), dtype=np.int64)
    name_rank[by_name] = np.arange(len(keys))
    # All pairs at once: by entity, then most stories together, then name; the first `keep` of each entity.
    mask = together.row != together.col
    entity, other, n = together.row[mask], together.col[mask], together.data[mask]
    order = np.lexsort((name_rank[other], -n, entity))
    entity, other, n = entity[order], other[order], n[order]
    starts = np.searchsorted(entity, np.arange(len(keys)))
    ends = np.searchsorted(entity, np.arange(len(keys)), side="right")
    others, counts = other.tolist(), n.tolist()
    for c, (start, end) in enumerate(zip(starts.tolist(), ends.tolist())):
        if end > start:
            end = min(end, start + keep)
            by_key[keys[c]].cooccurring = [(by_key[keys[o]], k) for o, k in zip(others[start:end], counts[start:end])]
