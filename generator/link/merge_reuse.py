"""The entity merge of an earlier build, taken again when no story's names changed.

A merge depends only on each story's names (their types, mentions, aliases and first
sentences), dates and speakers, and on the glossary's synonyms, never on the stories' words.
The last merge is kept in the caller's `LinkMemory` (the preview server links again after every
edit; `digest build` loads it with the build state) and in the cache folder (for a process without
a build state, `digest related`). Taken again, its
entities are new objects that point at this build's stories and quotes; its keys, names,
pages and companions are the ones a merge would give (tested against merging again).
The stored file names the code it was made by: a changed merge never reads an old one. It is
checked by digest and field by field when read: a damaged one is made again, never a crash.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from typing_extensions import TypedDict  # the one pydantic reads before Python 3.12

from ..files.atomic_file import replace_file
from ..cache import StoreWarnings, damage
from ..fingerprints import source_fingerprint
from ..model import Annotations, Article, CorpusEntity, EntityAppearance, EntityType, GlossaryEntry
from .entity_merge import EntityLinks, credit_speakers, merge_entities
from .memory import LinkMemory

if TYPE_CHECKING:
    from pydantic import TypeAdapter

log = logging.getLogger(__name__)

#: The modules whose code decides a merge.
_CODE = ("link/entity_merge.py", "link/generic_names.py", "annotate/entity_words.py", "annotate/name_forms.py", "lang",
         "model.py", "slugs.py")


def merged_entities(articles: list[Article], glossary: list[GlossaryEntry], min_mentions_for_page: int,
                    stored: Path | None = None, *, keep: bool = True, memory: LinkMemory | None = None,
                    warnings: StoreWarnings | None = None) -> EntityLinks:
    """`merge_entities`, or the last merge (in `memory`, as it was or as another process kept it, or in the
    file `stored`) when made of the same names.

    A new merge is written to `stored` when `keep` (a preview session does not, after every edit),
    and `warnings` says when it cannot be (none: a fresh one); `memory` keeps this merge for the next
    build (none: a fresh one, nothing to reuse).
    """
    memory = memory if memory is not None else LinkMemory()
    signature = _signature(articles, glossary, min_mentions_for_page, memory)
    last = memory.merge
    links = _rebound(last[1], articles) if last is not None and last[0] == signature else None
    kept = memory.stored_merge
    if kept is not None and kept[0] != signature:
        kept = memory.stored_merge = None  # another merge: what is kept for the next build is this one
    if links is None and kept is not None:
        links = _taken(kept[1], articles)
        if links is None:
            memory.stored_merge = None
    if links is None and stored is not None and stored not in memory.read:
        memory.read.add(stored)
        links = _load(stored, signature, articles)
    if links is None:
        links = merge_entities(articles, glossary, min_mentions_for_page)
        if stored is not None and keep:
            _save(stored, signature, links, warnings if warnings is not None else StoreWarnings())
    links.made_of = signature
    memory.merge = (signature, links)
    return links


def _signature(articles: list[Article], glossary: list[GlossaryEntry], min_mentions_for_page: int,
               memory: LinkMemory) -> bytes:
    """A digest of all that a merge reads, and of the code that merges; each story's part is kept in `memory`."""
    known, memory.story_parts = memory.story_parts, {}
    digest = hashlib.blake2b(digest_size=20)
    for article in articles:
        # `repr`, not `pickle`: a pickle also records which equal strings are one object, which varies.
        digest.update(repr((article.slug, article.date)).encode("utf-8", "surrogatepass"))
        if article.annotations is not None:
            digest.update(_names_of(article.annotations, known, memory.story_parts))
    terms = [(g.term, g.aliases) for g in glossary]
    digest.update(repr((terms, min_mentions_for_page)).encode("utf-8", "surrogatepass"))
    digest.update(_code_version().encode())
    return digest.digest()


def _names_of(annotations: Annotations, known: dict[int, tuple[Annotations, str]],
              parts: dict[int, tuple[Annotations, str]]) -> bytes:
    """What a merge reads of one story's annotations (its names and speakers), as bytes; from `known` if there.

    The part is kept in `parts`, for the next signature.
    """
    kept = known.get(id(annotations))
    if kept is None or kept[0] is not annotations:
        part = repr(([(e.name, e.type, len(e.mentions), e.aliases, e.sentence) for e in annotations.entities],
                     [q.speaker for q in annotations.statements]))
        kept = (annotations, part)
    parts[id(annotations)] = kept
    return kept[1].encode("utf-8", "surrogatepass")


@cache
def _code_version() -> str:
    return source_fingerprint(*_CODE)


def _rebound(previous: EntityLinks, articles: list[Article]) -> EntityLinks:
    """A merge result again, as new objects pointing at these stories (with the same names) and their quotes.

    New objects, not the previous ones changed: the corpus they were made for may still be in use
    (another preview session of the same sources, in the same process).
    """
    story = {a.slug: a for a in articles}
    entities: dict[str, CorpusEntity] = {}
    for key, old in previous.entities.items():
        entities[key] = CorpusEntity(old.key, old.name, old.type, set(old.aliases),
                                     [EntityAppearance(story[a.article.slug], a.sentence, a.mentions)
                                      for a in old.appearances], [], [], old.has_page)
    for key, old in previous.entities.items():
        entities[key].cooccurring = [(entities[other.key], n) for other, n in old.cooccurring]
    return _finished(entities, {slug: [e.key for e in listed] for slug, listed in previous.article_entities.items()},
                     {slug: [(name, e.key) for name, e in local.items()] for slug, local in previous.entity_index.items()},
                     articles)


def kept_merge(links: EntityLinks) -> dict[str, list[Any]]:
    """A merge result as a few flat lists of plain values, for the build state and the cache folder (`_bound` makes
    it again): many small lists would take longer to make, save and load than the merge takes to bind.

    A list of counts splits each list of items into runs: one run an entity (or a story) in order."""
    entities = list(links.entities.values())
    listed, index = links.article_entities, links.entity_index
    return {
        "keys": [e.key for e in entities], "names": [e.name for e in entities], "types": [e.type for e in entities],
        "pages": [e.has_page for e in entities],
        "alias_counts": [len(e.aliases) for e in entities],
        "aliases": [alias for e in entities for alias in sorted(e.aliases)],
        "appearance_counts": [len(e.appearances) for e in entities],
        "appearance_stories": [a.article.slug for e in entities for a in e.appearances],
        "sentences": [a.sentence for e in entities for a in e.appearances],
        "mentions": [a.mentions for e in entities for a in e.appearances],
        "companion_counts": [len(e.cooccurring) for e in entities],
        "companions": [other.key for e in entities for other, _ in e.cooccurring],
        "together": [n for e in entities for _, n in e.cooccurring],
        "listed_stories": list(listed), "listed_counts": [len(keys) for keys in listed.values()],
        "listed": [e.key for keys in listed.values() for e in keys],
        "local_stories": list(index), "local_counts": [len(local) for local in index.values()],
        "local_names": [name for local in index.values() for name in local],
        "local_keys": [e.key for local in index.values() for e in local.values()],
    }


def _taken(kept: Any, articles: list[Article]) -> EntityLinks | None:
    """The merge `kept_merge` kept, for these stories; None (and a warning) when it does not fit them."""
    try:
        return _bound(kept, articles)
    except (TypeError, ValueError, KeyError, IndexError, AttributeError) as err:
        log.warning("kept entity merge damaged (%s); taking the stored one or merging again", err)
        return None


def _bound(kept: Any, articles: list[Article]) -> EntityLinks:
    """The merge `kept_merge` kept, for these stories; TypeError, ValueError, KeyError, IndexError or AttributeError
    when it does not fit them."""
    keys = kept["keys"]
    entity_runs = [_runs(kept[counts], len(keys)) for counts in ("alias_counts", "appearance_counts",
                                                                  "companion_counts")]
    story = {a.slug: a for a in articles}
    aliases, slugs, sentences, mentions = (kept[name] for name in ("aliases", "appearance_stories", "sentences",
                                                                    "mentions"))
    entities = {key: CorpusEntity(key, name, kind, set(aliases[a:b]), has_page=page,
                                  appearances=[EntityAppearance(story[slugs[k]], sentences[k], mentions[k])
                                               for k in range(c, d)])
                for key, name, kind, page, (a, b), (c, d)
                in zip(keys, kept["names"], kept["types"], kept["pages"], *entity_runs[:2], strict=True)}
    others, together = kept["companions"], kept["together"]
    for key, (a, b) in zip(keys, entity_runs[2]):
        entities[key].cooccurring = [(entities[others[k]], together[k]) for k in range(a, b)]
    listed_stories, local_stories = kept["listed_stories"], kept["local_stories"]
    listed = {slug: kept["listed"][a:b] for slug, (a, b)
              in zip(listed_stories, _runs(kept["listed_counts"], len(listed_stories)), strict=True)}
    names, local_keys = kept["local_names"], kept["local_keys"]
    local = {slug: list(zip(names[a:b], local_keys[a:b])) for slug, (a, b)
             in zip(local_stories, _runs(kept["local_counts"], len(local_stories)), strict=True)}
    return _finished(entities, listed, local, articles)


def _runs(counts: Any, n: int) -> list[tuple[int, int]]:
    """The (start, end) of `n` runs of these lengths, one after the other."""
    if not (isinstance(counts, list) and len(counts) == n and all(type(c) is int and c >= 0 for c in counts)):
        raise ValueError("counts of another shape")
    ends = list(itertools.accumulate(counts))
    return list(zip([0, *ends[:-1]], ends))


def _finished(entities: dict[str, CorpusEntity], article_entities: dict[str, list[str]],
              entity_index: dict[str, list[tuple[str, str]]], articles: list[Article]) -> EntityLinks:
    """The merge result of these entities, each story's entities and names by key, with the stories' quotes."""
    listed = {slug: [entities[key] for key in keys] for slug, keys in article_entities.items()}
    index = {slug: {name: entities[key] for name, key in local} for slug, local in entity_index.items()}
    for article in articles:
        credit_speakers(article, index[article.slug])
    return EntityLinks(entities, listed, index)


class _StoredMerge(TypedDict):
    """What `kept_merge` gives, as the cache folder keeps it (JSON)."""

    keys: list[str]
    names: list[str]
    types: list[EntityType]
    pages: list[bool]
    alias_counts: list[int]
    aliases: list[str]
    appearance_counts: list[int]
    appearance_stories: list[str]
    sentences: list[str]
    mentions: list[int]
    companion_counts: list[int]
    companions: list[str]
    together: list[int]
    listed_stories: list[str]
    listed_counts: list[int]
    listed: list[str]
    local_stories: list[str]
    local_counts: list[int]
    local_names: list[str]
    local_keys: list[str]


class _Header(TypedDict):
    signature: str
    """The hex `_signature` of what the merge was made of."""
    digest: str
    """The digest of the merge's line, which finds any byte changed there."""


@cache
def _shapes() -> tuple[TypeAdapter[_Header], TypeAdapter[_StoredMerge]]:
    """The checkers of stored merges (pydantic is imported by the first build that reads one)."""
    from pydantic import TypeAdapter

    return TypeAdapter(_Header), TypeAdapter(_StoredMerge)


def _load(path: Path, signature: bytes, articles: list[Article]) -> EntityLinks | None:
    """The merge stored at `path` when it was made of the same names by the same code; None otherwise.

    The file is two lines of JSON: a header with the signature and the digest of the second line,
    the merge. A file whose digest differs, with a field not of its type, or with a slug or key
    that names no story or entity is merged again (and replaced).
    """
    try:
        file = open(path, "rb")
    except OSError as err:  # none stored, or something in the way of storing one (said when storing)
        log.debug("%s: no stored entity merge (%s)", path, err)
        return None
    header_shape, merge_shape = _shapes()
    try:
        with file:
            header = header_shape.validate_json(file.readline().removesuffix(b"\n"), strict=True)
            if header["signature"] != signature.hex():
                return None  # the merge, most of the file, is not read
            body = file.read()
        if header["digest"] != _digest(body):
            raise ValueError("the merge differs from its digest")
        return _bound(merge_shape.validate_json(body, strict=True), articles)
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError) as err:
        detail = f"it names {err}, which this corpus lacks" if isinstance(err, KeyError) else damage(err)
        log.warning("%s: stored entity merge damaged (%s); merging again", path, detail)
        return None


def _save(path: Path, signature: bytes, links: EntityLinks, warnings: StoreWarnings) -> None:
    """Keep a merge for the next build; failing to is only slower."""
    body = json.dumps(kept_merge(links), ensure_ascii=False).encode("utf-8")
    head = json.dumps({"signature": signature.hex(), "digest": _digest(body)}).encode()
    try:
        replace_file(path, head + b"\n" + body)
    except OSError as err:
        warnings.cannot_store(path.parent, err)


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()
