""""More about …": other stories whose main subject is this story's main subject.

Related coverage is the same story line; a reader may also want the other, unconnected stories about
the person or organisation a story is about. The main subject of a story is the person or
organisation (with a page) that its headline names — the first of them when it names several. The
naming counts when it is written as a name (`el uber de las bicicletas` names no company), is not
part of someone else's longer name (`Peña` in `Paulina Peña`), is not inside quotation marks (a
quote, a film's title) and is not in a phrase that sets the scene (`tras la victoria de X`, `en la
era X`, `under X`: such a story is about what happened in X's time, not about X). A headline that
names no one, or is written in capitals (names and words look alike there), gives no main subject:
the name most mentioned in such a story's lead is as often a side player (the platform a rumour
spread on, the party that voted) as its subject. Stories with the same main subject are offered
newest first, never one already shown as related coverage; the entity's page has the rest.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice

from ..model import Article, CorpusEntity, RelatedLink
from .generic_names import is_generic_name
from .memory import LinkMemory
from ..text_fold import fold_in_place

#: Stories shown under "more about".
MORE_ABOUT = 3
#: Kinds of entity that are a story's main subject ("who"), not where or what.
SUBJECT_TYPES = frozenset({"PER", "ORG"})

#: A passage in quotation marks; a straight single quote opens only where no letter precedes it (not O'Brien).
_QUOTED = re.compile(r"“[^”]*”|«[^»]*»|\"[^\"]*\"|‘[^’]*’|(?<!\w)'[^']*'(?!\w)")
_LOWER_WORD = r"[a-záéíóúñüàèìòùç]+"
_DETERMINER = r"(?:el|la|los|las|lo|su|sus|un|una|the|a|an|its|their)"
#: What a headline says right before a name that only sets the scene: a preposition of time or
#: circumstance (`tras`, `durante`, `after`, `under`), or `en`/`in` with a noun of time or occasion
#: (`en la era X`, `en el gobierno de X`), then up to two lower-case words and `de`/`of`
#: (`tras la victoria de X`, `during the visit of X`).
_SETS_THE_SCENE = re.compile(
    rf"(?:(?<!\w)(?i:tras|durante|despu[eé]s\s+de|antes\s+de|desde|bajo|after|before|during|since|under|amid|following)\s+"
    rf"|(?<!\w)(?i:en|in)\s+{_DETERMINER}\s+{_LOWER_WORD}\s+)"
    rf"(?:{_DETERMINER}\s+)?(?:{_LOWER_WORD}\s+){{0,2}}(?:(?:de|del|of)\s+(?:(?:la|las|los|the)\s+)?)?$"
)

#: Nouns of a relation to a person or organisation (`X ally`, `la esposa de X`) or of a work (`X film`):
#: a headline about someone's ally, lawyer, son or film is about that other person or thing.
_RELATIONS = (r"ally|allies|aide|aides|adviser|advisers|advisor|spokesman|spokeswoman|spokesperson|lawyer|lawyers"
              r"|attorney|wife|husband|son|daughter|brother|sister|mother|father|widow|friend|rival|rivals|critic"
              r"|critics|supporters|chief|boss|director|manager|coach|leader|leaders|host|creator|founder|owner|owners"
              # works named after their author or subject: `Capra film`, `Bennett play`
              r"|film|films|movie|biopic|play|show|musical|book|novel|album|song|single|series|documentary")
_RELATIONS_ES = (r"aliad[oa]s?|asesor(?:a|es|as)?|portavoz|vocer[oa]s?|abogad[oa]s?|espos[oa]|marido|viuda|viudo"
                 r"|hij[oa]s?|herman[oa]s?|madre|padre|amig[oa]s?|rival(?:es)?|críticos?|partidarios|seguidores"
                 r"|simpatizantes|jef[ea]s?|director(?:a|es|as)?|entrenador(?:a|es|as)?|líder(?:es)?|dirigentes?")
#: After the name: a relational noun (`Brown ally rejects ...`, `Brown's lawyer says ...`).
_MODIFIES_AFTER = re.compile(rf"^(?:['’]s)?\s+['‘\"“]?(?i:{_RELATIONS})\b")
#: A comparison that opens the headline (`Como X, ...`, `Like X, ...`): the story is about someone else.
_COMPARED = re.compile(r"^\W*(?i:como|igual\s+que|al\s+igual\s+que|like|unlike|as\s+with)\s+$")
#: Words joining the parts of a name (`Duarte de Ochoa`).
_CONNECTORS = frozenset({"de", "del", "la", "las", "los", "y", "of", "the"})
#: Before the name: a relational noun and `de` (`La esposa de X`, `Abogado del X`).
_MODIFIES_BEFORE = re.compile(rf"(?<!\w)(?i:{_RELATIONS_ES})\s+(?:de|del)\s+(?:(?:la|el|los|las)\s+)?$")


def main_subjects(articles: list[Article], article_entities: dict[str, list[CorpusEntity]],
                  entity_index: dict[str, dict[str, CorpusEntity]], memory: LinkMemory | None = None,
                  merge: bytes = b"") -> dict[str, CorpusEntity]:
    """Story slug → its main subject, for the stories that have one.

    A story's subject depends only on its headline and on the merge of the corpus's names (`merge`, its
    signature, which covers each story's names and mentions): a story `memory` holds with the same headline,
    after the same merge, is not read again. What this call found is kept there for the next.
    """
    known = memory.subjects[1] if memory is not None and merge and memory.subjects[0] == merge else {}
    found: dict[str, CorpusEntity] = {}
    kept: dict[str, tuple[str, str | None]] = {}
    for article in articles:
        listed = article_entities.get(article.slug, [])
        last = known.get(article.slug)
        subject = None
        if last is not None and last[0] == article.title:
            subject = next((e for e in listed if e.key == last[1]), None)
        if subject is None and (last is None or last[0] != article.title or last[1] is not None):
            subject = _main_subject(article, listed, entity_index.get(article.slug, {}))
        kept[article.slug] = (article.title, subject.key if subject is not None else None)
        if subject is not None:
            found[article.slug] = subject
    if memory is not None:
        memory.subjects = (merge, kept)
    return found


def _main_subject(article: Article, listed: list[CorpusEntity], local: dict[str, CorpusEntity]) -> CorpusEntity | None:
    candidates = {e.key: e for e in listed
                  if e.type in SUBJECT_TYPES and e.has_page and not is_generic_name(e.name) and _names_an_actor(e.name)}
    if not candidates:
        return None
    if article.title.isupper():
        return None
    title = article.title
    folded = _letters(title)
    surnames = _surnames(listed)
    named = {key for key, entity in candidates.items()
             if _occurrences(folded, entity, surnames.get(key))}
    if not named:
        return None
    others = _other_names(folded, article, listed, local)
    # Where the headline first names each candidate as a possible subject.
    in_headline = {key: min(starts) for key in named
                   if (starts := [start for start, end in _occurrences(folded, candidates[key], surnames.get(key))
                                  if _as_subject(title, start, end, key, others)])}
    if not in_headline:
        return None
    mentions = {key: 0 for key in in_headline}
    for entity in article.annotations.entities if article.annotations else []:
        canonical = local.get(entity.name)
        if canonical is not None and canonical.key in mentions:
            mentions[canonical.key] += len(entity.mentions)
    # A headline names its subject first, in either language's order (`Fox attacks Blair's plan`, `Recibe
    # AMLO llamada de Trump`); the name the story mentions most is as often the one it is about as the one
    # who acts on it (`Lennon brands Rangers favourites`), so mentions only break ties.
    best = min(in_headline, key=lambda k: (in_headline[k], -mentions[k], k))
    return candidates[best]


def _names_an_actor(name: str) -> bool:
    """Whether a name can be someone a story is about. A name written with figures names a thing, an
    event or a code (`COVID-19`, `Euro 2024`, `iPhone 12`), and capitals with a plural `s` are the
    plural of a common noun's abbreviation (`MPs`, `ONGs`): the small models often type both as
    organisations."""
    if any(c.isdigit() for c in name):
        return False
    return not re.fullmatch(r"[A-ZÁÉÍÓÚÑ]{2,}s", name)


def _surnames(listed: list[CorpusEntity]) -> dict[str, str]:
    """Entity key → the surname of each person of the story whose surname no other name of the story
    ends with: headlines name people by surname (`Howard rejects ...` of Michael Howard). A last word
    after `de` is no surname of its own (`Duarte de Ochoa`)."""
    ending: dict[str, set[str]] = {}
    for entity in listed:
        words = entity.name.split()
        if entity.type == "PER" and len(words) > 1 and _letters(words[-2]) not in _CONNECTORS:
            ending.setdefault(_letters(words[-1]), set()).add(entity.key)
    for entity in listed:
        last = _letters(entity.name.split()[-1])
        if entity.type != "PER" and last in ending:
            ending[last].add(entity.key)
    return {keys.pop(): surname for surname, keys in ending.items() if len(keys) == 1}


def _occurrences(folded: str, entity: CorpusEntity, surname: str | None = None) -> list[tuple[int, int]]:
    """Where the headline (folded by `_letters`) names the entity, by any of its names, as (start, end)."""
    names = (entity.name, *entity.aliases, *((surname,) if surname else ()))
    # Two letters match too often by chance, and name objects more than subjects (`la UE`, `del PP`).
    spans = {span for name in names if len(name) > 2 for span in _spans(folded, _letters(name))}
    # `Obrador` inside `López Obrador` is the same naming, judged as a whole.
    return sorted(span for span in spans
                  if not any(s <= span[0] and span[1] <= e and (s, e) != span for s, e in spans))


def _other_names(folded: str, article: Article, listed: list[CorpusEntity],
                 local: dict[str, CorpusEntity]) -> list[tuple[int, int, str | None]]:
    """Where the headline names any entity of the story, with the key of the page it belongs to (if any)."""
    found: list[tuple[int, int, str | None]] = []
    for entity in article.annotations.entities if article.annotations else []:
        canonical = local.get(entity.name)
        found += [(start, end, canonical.key if canonical else None) for start, end in _spans(folded, _letters(entity.name))]
    for entity in listed:
        found += [(start, end, entity.key) for start, end in _occurrences(folded, entity)]
    return found


def _spans(folded: str, name: str) -> list[tuple[int, int]]:
    """Where `name` stands as whole words in `folded` (both folded)."""
    spans: list[tuple[int, int]] = []
    start = folded.find(name) if name else -1
    while start >= 0:
        end = start + len(name)
        if (start == 0 or not folded[start - 1].isalnum()) and (end == len(folded) or not folded[end].isalnum()):
            spans.append((start, end))
        start = folded.find(name, start + 1)
    return spans


def _as_subject(title: str, start: int, end: int, key: str, others: list[tuple[int, int, str | None]]) -> bool:
    """Whether this naming in the headline can be the story's subject: written as a name, not part of a
    longer name of someone else (`Peña` in `Paulina Peña`), not inside quotation marks (a quote or a work's
    title: «Ana Ruiz miente», 'La villa de Santa Claus'), not a modifier of the headline's true subject
    (`Brown ally ...`, `la esposa de X`) and not in a phrase that sets the scene."""
    if not title[start].isupper():
        return False
    if any(s <= start and end <= e and e - s > end - start and other != key for s, e, other in others):
        return False
    if any(q.start() < start and end <= q.end() for q in _QUOTED.finditer(title)):
        return False
    if _MODIFIES_AFTER.search(title[end:]) or _MODIFIES_BEFORE.search(title[:start]):
        return False
    if title[start - 1 : start] == "-" or title[end : end + 1] == "-":
        return False  # a name inside a compound modifier: `anti-Bush film`, `WhatsApp-Facebook`
    if _COMPARED.search(title[:start]):
        return False
    return not _SETS_THE_SCENE.search(title[:start])


@lru_cache(maxsize=1 << 16)
def _letters(text: str) -> str:
    """Lower case without accents, one character for each character (so positions match the text's)."""
    return fold_in_place(text)


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
        # The first few that are not shown: a subject of thousands of stories is not read whole for each.
        others = list(islice((a for a in by_subject[subject.key] if a.slug not in shown), MORE_ABOUT))
        if others:
            found[article.slug] = [RelatedLink(a, 0.0, [subject.name]) for a in others]
    return found
