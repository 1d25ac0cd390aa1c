"""Named entities of one article: model and authored matches, cleaned, typed and merged."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc

from ..model import Entity, EntityType, GlossaryEntry, Mention
from .entity_spans import Candidate, apply_chains, institution_chains, lowercase_words, split_merged, trim
from .entity_types import LABELS, non_person_cue, resolve_type
from .roles import HONORIFICS
from .sentences import TextLayout


@dataclass
class KnownEntity:
    """An authored entity (from `content/entities.toml`): its name and type win over the model."""

    name: str
    type: EntityType
    aliases: list[str] = field(default_factory=list)


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
    doc: Doc, layout: TextLayout, known_types: Mapping[str, EntityType], acronyms: Mapping[str, str] | None = None
) -> list[Entity]:
    """The article's entities in order of first mention (`known_types`: authored names → type)."""
    lower_words = lowercase_words(doc)
    cands: list[Candidate] = []
    for ent in doc.ents:
        label = LABELS.get(ent.label_)
        if label is None:
            continue
        cand: Candidate | None = Candidate(ent.start_char, ent.end_char, label, ent.start, ent.end, ent.ent_id_)
        if not ent.ent_id_:
            cand = trim(doc, cand, lower_words)
        if cand is not None:
            cands.append(cand)
    cands = split_merged(doc, apply_chains(cands, institution_chains(doc)))
    groups = _merge_aliases(doc, layout.text, _group(layout.text, cands), acronyms or {})
    entities = [_entity(doc, layout, group, known_types) for group in groups]
    return sorted(entities, key=lambda e: e.mentions[0].start)


def retype_terms(entities: Sequence[Entity], terms: Collection[str]) -> None:
    """A name the article defines as a term ("Bucarest Nine es una referencia a...") is no person."""
    for entity in entities:
        if entity.type == "PER" and any(form in terms for form in entity.surface_forms):
            entity.type = "MISC"


def _group(source: str, cands: Sequence[Candidate]) -> list[list[Candidate]]:
    groups: dict[str, list[Candidate]] = {}
    for cand in cands:
        key = cand.ruler_id or " ".join(_name_words(cand.text(source)))
        groups.setdefault(key, []).append(cand)
    return list(groups.values())


def _name_words(text: str) -> tuple[str, ...]:
    """The words of a name without a leading honorific ("Mr Blair" → ("Blair",))."""
    words = text.split()
    while len(words) > 1 and words[0].lower() in HONORIFICS:
        words = words[1:]
    return tuple(words)


def _merge_aliases(
    doc: Doc, source: str, groups: list[list[Candidate]], acronyms: Mapping[str, str]
) -> list[list[Candidate]]:
    """Merge a surname into the one full name that ends with it, and an acronym into its expansion."""
    words = [max((_name_words(c.text(source)) for c in g), key=len) for g in groups]
    types = [resolve_type(doc, g) for g in groups]
    target: dict[int, int] = {}
    for i, group in enumerate(groups):
        if group[0].ruler_id:
            continue
        short = words[i]
        if not any(non_person_cue(doc, c) for c in group):
            fuller = {j for j, w in enumerate(words) if types[j] == "PER" and _ends_with(w, short)}
            if len(fuller) == 1:
                target[i] = fuller.pop()
                continue
        expansion = acronyms.get(" ".join(short))
        if expansion is not None:
            longer = [j for j, w in enumerate(words) if " ".join(w) == expansion]
            if longer:
                target[i] = longer[0]
    merged: dict[int, list[Candidate]] = {i: list(g) for i, g in enumerate(groups) if i not in target}
    for i, j in target.items():
        while j in target:
            j = target[j]
        merged[j].extend(groups[i])
    return list(merged.values())


def _ends_with(full: tuple[str, ...], short: tuple[str, ...]) -> bool:
    return len(full) > len(short) and full[-len(short) :] == short


def _entity(doc: Doc, layout: TextLayout, group: list[Candidate], known_types: Mapping[str, EntityType]) -> Entity:
    group = sorted(group, key=lambda c: c.start)
    forms: dict[str, int] = {}
    for cand in group:
        form = cand.text(layout.text)
        forms[form] = forms.get(form, 0) + 1
    ruler_id = next((c.ruler_id for c in group if c.ruler_id), "")
    if ruler_id:
        name = ruler_id
        etype: EntityType = known_types.get(ruler_id, "MISC")
    else:
        name = max(forms, key=lambda f: (len(_name_words(f)), _name_words(f) == tuple(f.split()), len(f), forms[f]))
        etype = resolve_type(doc, group)
    mentions = [Mention(c.start, c.end, layout.text[c.start : c.end]) for c in group]
    sentence = layout.sentence_text(layout.sentence_index(group[0].start))
    return Entity(name, etype, [f for f in forms if f != name], mentions, sentence)
