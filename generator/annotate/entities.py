"""Named entities of one article: model and authored matches, cleaned, typed and merged."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Collection, Mapping, Sequence

from spacy.tokens import Doc

from ..lang import es
from ..model import Entity, EntityType, GlossaryEntry, KnownEntity, Mention
from .capitalised_names import starts_sentence
from .entity_filters import is_junk
from .datelines import dateline_places
from .definitions import term_acronyms
from .entity_spans import (
    Candidate, apply_chains, institution_chains, join_adjacent, split_at_separators, split_merged, through_hyphen, trim,
    without_title_heads, without_weekdays,
)
from .entity_types import LABELS, non_person_cue, resolve_type
from .entity_words import MANY_OF_A_KIND, PARTY_WORDS
from .gender import Gender, mention_gender, own_pronoun_gender
from .name_context import NameContext
from .name_forms import acronym_letters, initials, undotted, without_middle_parts
from .roles import HONORIFIC_GENDERS, HONORIFICS, is_role_word
from .sentences import TextLayout

_AND = frozenset({"y", "e", "o", "u", "and", "or"})


def ruler_patterns(glossary: Sequence[GlossaryEntry], known: Sequence[KnownEntity]) -> list[dict[str, str]]:
    """EntityRuler patterns: known entities with their type, glossary terms as MISC."""
    patterns: list[dict[str, str]] = []
    seen: set[str] = set()
    entries = [(k.name, k.type, [k.name, *k.aliases]) for k in known]
    entries += [(g.term, "MISC", [g.term, *g.aliases]) for g in glossary]
    for ident, label, forms in entries:
        for form in forms:
            if form.strip() and form not in seen:  # a known entity's form wins over a glossary term's
                seen.add(form)
                patterns.append({"label": label, "pattern": form, "id": ident})
    return patterns


def extract_entities(
    doc: Doc,
    layout: TextLayout,
    known_types: Mapping[str, EntityType],
    acronyms: Mapping[str, str] | None = None,
    lexicon: frozenset[str] = frozenset(),
    titles: Sequence[tuple[int, int]] = (),
) -> list[Entity]:
    """The article's entities in order of first mention (`known_types`: authored names → type;
    `lexicon`: the language's common words; `titles`: character spans of quoted titles of works)."""
    context = NameContext.of(doc, lexicon)
    cands: list[Candidate] = []
    for ent in doc.ents:
        label = LABELS.get(ent.label_)
        if label is None:
            continue
        cand: Candidate | None = Candidate(ent.start_char, ent.end_char, label, ent.start, ent.end, ent.ent_id_)
        if not ent.ent_id_:
            cand = trim(doc, cand, context)
            cand = None if cand is None or is_junk(doc, cand, context) else through_hyphen(doc, cand)
        if cand is not None:
            cands.append(cand)
    cands = dateline_places(doc, _with_titles(doc, cands, titles))
    cands = sorted(cands + _party_mentions(doc, cands), key=lambda c: c.start)
    cands = split_merged(doc, apply_chains(doc, join_adjacent(doc, cands, context), institution_chains(doc)), context)
    cands = without_weekdays(doc, without_title_heads(doc, split_at_separators(doc, cands)))
    terms = term_acronyms(layout.text)
    cands = [c for c in cands if c.ruler_id or c.text(layout.text) not in terms]
    groups = _merge_aliases(doc, layout.text, _group(layout.text, cands), acronyms or {})
    groups = _lone_kinds(layout.text, groups)
    typed = [_typed(group, known_types, doc) for group in groups]
    types = _coordinated(doc, groups, typed)
    entities = [_entity(layout, group, etype) for group, etype in zip(groups, types)]
    return sorted(entities, key=lambda e: e.mentions[0].start)


def _with_titles(doc: Doc, cands: list[Candidate], titles: Sequence[tuple[int, int]]) -> list[Candidate]:
    """A quoted title (`'Cien Años de Soledad'`) is one MISC name, whatever the model cut out of it: it
    replaces the names it overlaps, and a later title replaces an earlier one it overlaps."""
    found = []
    for start, end in titles:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            found.append(Candidate(span.start_char, span.end_char, "MISC", span.start, span.end,
                                   " ".join(span.text.split())))
    if not found:
        return sorted(cands, key=lambda c: c.start)
    # characters covered by titles, marked from the last title back: a title stays unless a later one overlaps it
    covered = bytearray(len(doc.text) + 1)
    kept = []
    for title in reversed(found):
        if covered.find(1, title.start, title.end) < 0:
            kept.append(title)
        covered[title.start : title.end] = b"\x01" * (title.end - title.start)
    kept.reverse()
    cands = [c for c in cands if covered.find(1, c.start, c.end) < 0]
    return sorted(cands + kept, key=lambda c: c.start)


def _party_mentions(doc: Doc, cands: Sequence[Candidate]) -> list[Candidate]:
    """Party names the model left out (`Conservative shadow foreign secretary`, `Green MEP`)."""
    taken = {i for c in cands for i in range(c.first, c.last)}
    found = []
    for token in doc:
        if token.i in taken or token.lower_ not in PARTY_WORDS or not token.text[:1].isupper():
            continue
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        modifier = following is not None and (is_role_word(following.text) or following.text[:1].isupper())
        if not starts_sentence(token) or modifier:  # "Green MEP Caroline Lucas" opening a sentence
            found.append(Candidate(token.idx, token.idx + len(token), "ORG", token.i, token.i + 1))
    return found


def retype_terms(entities: Sequence[Entity], terms: Collection[str]) -> None:
    """A name the article defines as a term ("Bucarest Nine es una referencia a...") is no person."""
    for entity in entities:
        if entity.type == "PER" and any(form in terms for form in entity.surface_forms):
            entity.type = "MISC"


def _group(source: str, cands: Sequence[Candidate]) -> list[list[Candidate]]:
    """Mentions by name; a name in capitals (a dateline's `MÉXICO`) or with another accent is the same name."""
    groups: dict[str, list[Candidate]] = {}
    # `Mr. Obama` and `Mrs. Obama` in one article are two people: a surname the article gives honorifics of
    # both genders is grouped by them
    honorifics: dict[str, set[Gender]] = {}
    for cand in cands:
        words = _name_words(cand.text(source))
        if not cand.ruler_id and len(words) == 1 and (gender := _honorific_gender(cand.text(source))):
            honorifics.setdefault(words[0], set()).add(gender)
    # `Donald J. Trump` is `Donald Trump`, unless the article has two middle initials for the name (`George
    # H. W. Bush`, `George W. Bush`: two people)
    middles: dict[str, set[str]] = {}
    for cand in cands:
        name = " ".join(_name_words(undotted(cand.text(source))))
        if (bare := without_middle_parts(name)) != name:
            middles.setdefault(bare, set()).add(name)
    for cand in cands:
        name = " ".join(_name_words(undotted(cand.text(source))))
        bare = without_middle_parts(name)
        key = cand.ruler_id or (bare if len(middles.get(bare, ())) < 2 else name)
        if len(honorifics.get(key, ())) > 1 and not cand.ruler_id:
            key += {"F": " ♀", "M": " ♂"}.get(_honorific_gender(cand.text(source)) or "", "")
        groups.setdefault(key, []).append(cand)
    # one name however it is cased or accented: `MÉXICO` / `México`, `Bambino Gesù` / `Bambino Gesú`; the
    # form in lowercase letters is kept first, so that it names the entity
    folded: dict[str, str] = {}
    order = {key: n for n, key in enumerate(groups)}
    for key in sorted(groups, key=lambda k: (k.isupper(), order[k])):
        if groups[key][0].ruler_id:
            continue
        other = folded.setdefault(_folded(key), key)
        if other != key:
            groups[other].extend(groups.pop(key))
    return list(groups.values())


def _honorific_gender(text: str) -> Gender | None:
    """The gender of the honorific a mention opens with (`Mrs. Obama` → F), if any."""
    words = text.split()
    return HONORIFIC_GENDERS.get(words[0].lower()) if len(words) > 1 else None


def _folded(name: str) -> str:
    """A name without case or accents."""
    return "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c))


def _lone_kinds(source: str, groups: list[list[Candidate]]) -> list[list[Candidate]]:
    """`la Universidad`, `el Hospital` alone: the article's one name that starts with the word (`Universidad
    Central de Ecuador`), or, with none or several, no name at all."""
    starting: dict[str, list[int]] = {}
    for i, group in enumerate(groups):
        words = max((c.text(source).split() for c in group), key=len)
        if len(words) > 1:
            starting.setdefault(words[0].casefold(), []).append(i)
    lone: dict[int, int | None] = {}
    for i, group in enumerate(groups):
        texts = {_without_article(c.text(source).casefold()) for c in group}
        if len(texts) == 1 and (word := texts.pop()) in MANY_OF_A_KIND and not group[0].ruler_id:
            fuller = starting.get(word, [])
            lone[i] = fuller[0] if len(fuller) == 1 else None
    kept = [list(g) for g in groups]
    for i, target in lone.items():
        if target is not None:
            kept[target].extend(groups[i])
    return [g for i, g in enumerate(kept) if i not in lone]


def _without_article(text: str) -> str:
    """`la ley` → `ley`: a sentence's first name the model took with its article (English writes `The` in names
    of works, `The Office`, so only Spanish articles are left out)."""
    first, _, rest = text.partition(" ")
    return rest if rest and first in es.DEFINITE_ARTICLES else text


def _name_words(text: str) -> tuple[str, ...]:
    """The words of a name without a leading honorific ("Mr Blair" → ("Blair",))."""
    words = text.split()
    while len(words) > 1 and words[0].lower() in HONORIFICS:
        words = words[1:]
    return tuple(words)


def _merge_aliases(
    doc: Doc, source: str, groups: list[list[Candidate]], acronyms: Mapping[str, str]
) -> list[list[Candidate]]:
    """Merge a surname or a first name into the one full name that has it, an organisation's last word into
    its one full name (`the Post`), a plural into its singular (`Mundiales` → `Mundial`) and an acronym into
    its expansion."""
    words = [max((_name_words(undotted(c.text(source))) for c in g), key=len) for g in groups]
    types = [resolve_type(doc, g)[0] for g in groups]
    names = _NameIndex(words, types)
    english = doc.lang_ == "en"
    # a first line that ends without a full stop is a headline (a one-line text, or a lead paragraph, is none)
    headline_end = max(source.find("\n"), 0)
    headline_end = headline_end if source[:headline_end].rstrip()[-1:] not in (".", "!", "?", "") else 0
    branches = _branches(words, types)
    target: dict[int, int] = {}
    for i, group in enumerate(groups):
        if group[0].ruler_id:
            continue
        short = words[i]
        if short in branches:  # "Ford" of "Ford de México"
            target[i] = branches[short]
            continue
        if not any(non_person_cue(doc, c) for c in group):
            fuller = names.people_ending_with(short)
            if not fuller and len(short) == 1:  # "Fan" of "Fan Yan", "Pablo" of "Pablo Iglesias"
                fuller = names.starting_with(short[0], ("PER", "MISC") if types[i] == "PER" else ("PER",))
            if not fuller and len(short) == 1:  # "López" of "Andrés Manuel López Obrador"
                fuller = names.people_with_middle(short[0])
            if len(fuller) == 1:
                target[i] = next(iter(fuller))
                continue
        if english and len(short) == 1 and types[i] in ("ORG", "MISC") and not short[0].isupper() \
                and all(c.label != "LOC" for c in group):
            # English names an organisation by its last word (`the Post`; Spanish by its first, `la
            # Secretaría`); a word the model also took for a place (`Leicester` of `BBC Radio Leicester`)
            # or an acronym is a name of its own
            fuller = names.organisations_ending_with(short[0])
            if len(fuller) == 1:  # "the Post" of "The Washington Post"
                target[i] = next(iter(fuller))
                continue
        singular = names.singulars(short) if types[i] != "PER" else []
        if singular:
            target[i] = singular[0]
            continue
        expansion = acronyms.get(" ".join(short))
        if expansion is not None:
            longer = names.spelled(expansion)
            if longer:
                target[i] = longer[0]
                continue
        letters = acronym_letters(short[0]) if len(short) == 1 and types[i] != "PER" else None
        if letters is not None:
            spelled = names.with_initials(letters)  # `FBI` of `Federal Bureau of Investigation`
            # written out first, as an acronym is introduced, or the acronym in the headline (`the US' biggest
            # firm`, then `Universal Studio`: another name with those initials)
            if len(spelled) == 1 and spelled[0] != i and (
                    _first(groups[spelled[0]]) < _first(group) or _first(group) < headline_end):
                target[i] = spelled[0]
    _drop_other_gender(doc, source, groups, target)
    merged: dict[int, list[Candidate]] = {}
    for i, group in enumerate(groups):
        j, seen = i, {i}
        while j in target and target[j] not in seen:  # follow the chain of merges; a cycle stops it
            j = target[j]
            seen.add(j)
        merged.setdefault(j, []).extend(group)
    return list(merged.values())


def _first(group: Sequence[Candidate]) -> int:
    return min(c.start for c in group)


def _drop_other_gender(doc: Doc, source: str, groups: Sequence[list[Candidate]], target: dict[int, int]) -> None:
    """A surname with an honorific joins a full name only when their genders agree (`el Sr. Gil` is not `la
    ministra Ana Gil`). Of a surname the article gives honorifics of both genders (`Mr. Obama`, `Mrs. Obama`),
    only the one of the full name's gender joins it (`the first lady Michelle Obama`); when the article gives
    the full name no gender, neither joins: either could be another person."""
    by_gender: dict[int, dict[Gender, list[int]]] = {}
    for i, j in target.items():
        # the honorifics a surname is given agree (`Mr. Dale`, and `Dale` or `Governor Dale` besides)
        given = {g for c in groups[i] if (g := _honorific_gender(c.text(source))) is not None}
        if len(given) == 1:
            by_gender.setdefault(j, {}).setdefault(given.pop(), []).append(i)
    for j, joining in by_gender.items():
        own = _group_gender(doc, groups[j])
        if len(joining) < 2 and own is None:
            continue
        for gender, shorts in joining.items():
            if gender != own:
                for i in shorts:
                    del target[i]


def _group_gender(doc: Doc, group: Sequence[Candidate]) -> Gender | None:
    """The gender the article gives a name's mentions, when they agree on one."""
    found = {g for c in group if (g := mention_gender(doc, c.first, c.last)) is not None}
    if not found and doc.lang_ == "en":  # English says a gender mostly in its pronouns
        found = {g for c in group if (g := own_pronoun_gender(doc, c.first, c.last)) is not None}
    return found.pop() if len(found) == 1 else None


def _branches(words: Sequence[tuple[str, ...]], types: Sequence[EntityType]) -> dict[tuple[str, ...], int]:
    """An organisation's name before `de` and a place the article names (`Ford` of `Ford de México`, `Bank` of
    `Bank of England`) → the one organisation so named in the article."""
    places = {w for w, t in zip(words, types) if t == "LOC"}
    found: dict[tuple[str, ...], set[int]] = {}
    for j, w in enumerate(words):
        if types[j] == "ORG":
            of = next((k for k in range(1, len(w) - 1) if w[k].lower() in ("de", "del", "of")), None)
            if of is not None and w[of + 1 :] in places:
                found.setdefault(w[:of], set()).add(j)
    return {short: next(iter(js)) for short, js in found.items() if len(js) == 1}


class _NameIndex:
    """The names of one article's groups by their words, so that each name finds its fuller forms, its
    singular and its expansion without reading every other name."""

    def __init__(self, words: Sequence[tuple[str, ...]], types: Sequence[EntityType]) -> None:
        self._types = types
        self._by_words: dict[tuple[str, ...], list[int]] = {}
        self._by_spelling: dict[str, list[int]] = {}
        self._by_ending: dict[tuple[str, ...], set[int]] = {}
        self._by_first: dict[tuple[str, EntityType], set[int]] = {}
        self._by_middle: dict[str, set[int]] = {}
        self._by_org_ending: dict[str, set[int]] = {}
        self._by_initials: dict[str, list[int]] = {}
        for j, w in enumerate(words):
            self._by_words.setdefault(w, []).append(j)
            if types[j] != "PER" and len(w) > 1:
                self._by_initials.setdefault(initials(" ".join(w)), []).append(j)
            self._by_spelling.setdefault(" ".join(w), []).append(j)
            if len(w) > 1:
                self._by_first.setdefault((w[0], types[j]), set()).add(j)
            if types[j] == "ORG" and len(w) > 1:
                self._by_org_ending.setdefault(w[-1], set()).add(j)
            if types[j] == "PER":
                for n in range(1, len(w)):
                    self._by_ending.setdefault(w[n:], set()).add(j)
                for word in w[1:-1]:
                    self._by_middle.setdefault(word, set()).add(j)

    def people_ending_with(self, short: tuple[str, ...]) -> set[int]:
        """People whose longer name ends with `short` (`Dmitry Peskov` for `Peskov`)."""
        return set(self._by_ending.get(short, ()))

    def organisations_ending_with(self, word: str) -> set[int]:
        """Organisations of several words whose last word is `word` (`The Washington Post` for `Post`)."""
        return set(self._by_org_ending.get(word, ()))

    def starting_with(self, word: str, types: Sequence[EntityType]) -> set[int]:
        """Names of two words or more of one of `types` that start with `word`."""
        return {j for etype in types for j in self._by_first.get((word, etype), ())}

    def people_with_middle(self, word: str) -> set[int]:
        """People whose name has `word` neither first nor last."""
        return set(self._by_middle.get(word, ()))

    def singulars(self, plural: tuple[str, ...]) -> list[int]:
        """Names that are not people's and of which `plural` is the plural (`Mundiales` of `Mundial`,
        `Tories` of `Tory`, `Lib Dems` of `Lib Dem`), in order."""
        if not plural:
            return []
        last = plural[-1]
        forms = {last[:-1]} if last.endswith("s") else set()
        forms |= {last[:-2]} if last.endswith("es") else set()
        forms |= {last[:-3] + "y"} if last.endswith("ies") else set()
        found = [j for form in forms for j in self._by_words.get((*plural[:-1], form), ())]
        return sorted(j for j in found if self._types[j] != "PER")

    def with_initials(self, letters: str) -> list[int]:
        """Names of several words, not people's, whose initials are `letters`."""
        return self._by_initials.get(letters, [])

    def spelled(self, name: str) -> list[int]:
        """Names whose words, joined by spaces, are `name`, in order."""
        return self._by_spelling.get(name, [])


def _typed(group: list[Candidate], known_types: Mapping[str, EntityType], doc: Doc) -> tuple[EntityType, bool]:
    """The group's type and whether it is sure (authored, or given by a cue rather than only by the model)."""
    ruler_id = next((c.ruler_id for c in group if c.ruler_id), "")
    if ruler_id:
        return known_types.get(ruler_id, "MISC"), True
    return resolve_type(doc, group)


def _coordinated(doc: Doc, groups: list[list[Candidate]], typed: list[tuple[EntityType, bool]]) -> list[EntityType]:
    """A name the model alone typed takes the type of a name listed with it (`Willian y Paulinho`,
    `between Edinburgh and Tweedbank`, `temas como Reinas, Duele o Traketeo`)."""
    types = [t for t, _ in typed]
    longer = [any(c.last - c.first > 1 for c in group) for group in groups]  # some mention is several words
    one_word = [all(c.last - c.first == 1 for c in group) for group in groups]
    trusted = [
        sure or etype == "LOC" or (etype == "PER" and longer[i])
        for i, (etype, sure) in enumerate(typed)
    ]
    for members, opening in _enumerations(doc, groups):
        sources = [i for i in members if typed[i][1]] or [i for i in members if trusted[i]]
        if not sources:
            continue
        etype = Counter(types[i] for i in sources).most_common(1)[0][0]
        if etype == "LOC" and _acted(doc, opening) and _first_names_beside_a_person(members, types, typed, longer):
            etype = "PER"
        sure_source = any(typed[j][1] or longer[j] for j in sources)
        for i in members:
            single = one_word[i]
            if typed[i][1] or types[i] == "PER" and not single:
                continue  # a full name the model calls a person stays one, whatever it is listed with
            if etype != "PER" or single and types[i] == "MISC" or single and sure_source:
                types[i] = etype
    return types


def _first_names_beside_a_person(
    members: Sequence[int], types: Sequence[EntityType], typed: Sequence[tuple[EntityType, bool]], longer: Sequence[bool]
) -> bool:
    """`Evelyn, Sebastián y Ana Karen`: the small Spanish model takes a first name it does not know for a place,
    but a full name it calls a person is a surer label than theirs; the lone words listed with it are named
    the same way (not when some place is named in several words, or sure of its type from a cue)."""
    person = any(types[i] == "PER" and longer[i] for i in members)
    places = [i for i in members if types[i] == "LOC"]
    return person and all(not longer[i] and not typed[i][1] for i in places)


def _enumerations(doc: Doc, groups: list[list[Candidate]]) -> list[tuple[list[int], int]]:
    """Groups listed together (`A, B y C`): names separated by a comma or a conjunction, the last one a
    conjunction; with each list, the index of its first token."""
    mentions = sorted(((c, i) for i, group in enumerate(groups) for c in group), key=lambda m: m[0].start)
    runs: list[tuple[list[int], int]] = []
    run: list[int] = []
    opening = 0
    joined = False
    for n, (cand, index) in enumerate(mentions):
        if n and _separator(doc, mentions[n - 1][0], cand) is not None:
            run.append(index)
            joined = joined or _separator(doc, mentions[n - 1][0], cand) == "and"
            continue
        if len(run) > 1 and joined:
            runs.append((run, opening))
        run, opening, joined = [index], cand.first, False
    if len(run) > 1 and joined:
        runs.append((run, opening))
    return runs


def _acted(doc: Doc, first: int) -> bool:
    """The list right after a verb or opening a sentence (`Nos acompañan A, B y C`, `A, B y C llegaron`), where
    it is the verb's subject or object; not after a noun or a preposition (`los municipios A, B y C`, `en A, B y C`)."""
    before = next((t for t in reversed(doc[max(first - 3, 0) : first]) if not t.is_space), None)
    return before is None or before.pos_ in ("VERB", "AUX") or before.is_punct or starts_sentence(doc[first])


def _separator(doc: Doc, before: Candidate, after: Candidate) -> str | None:
    between = [t for t in doc[before.last : after.first] if not (t.is_space and "\n" not in t.text)]
    if len(between) != 1:
        return None
    word = between[0]
    if word.text == ",":
        return ","
    return "and" if word.lower_ in _AND and word.text.islower() else None


def _entity(layout: TextLayout, group: list[Candidate], etype: EntityType) -> Entity:
    group = sorted(group, key=lambda c: c.start)
    forms: dict[str, int] = {}
    for cand in group:
        form = cand.text(layout.text)
        forms[form] = forms.get(form, 0) + 1
    ruler_id = next((c.ruler_id for c in group if c.ruler_id), "")
    if ruler_id:
        name = ruler_id
    else:
        name = max(forms, key=lambda f: (len(without_middle_parts(" ".join(_name_words(f))).split()),
                                         _name_words(f) == tuple(f.split()), without_middle_parts(f) == f, not f.isupper(),
                                         len(f), forms[f]))
        bare = " ".join(_name_words(name))
        if etype == "PER" and bare != name and len(bare.split()) > 1:
            forms.setdefault(name, 0)
            name = bare  # "Dr. Anthony Fauci" is Anthony Fauci; the title stays an alias
    mentions = [Mention(c.start, c.end, layout.text[c.start : c.end]) for c in group]
    sentence = layout.sentence_text(layout.sentence_index(group[0].start))
    return Entity(name, etype, [f for f in forms if f != name], mentions, sentence)
