"""Long texts: cut into pieces that a pipeline takes at its best, and their annotations joined.

spaCy refuses a text longer than its `max_length` (E088), and its time and memory per character grow
with a Doc's length. Pieces are cut at a blank line where one is in reach, else at a line break, a
sentence's end or a space, and never inside a quotation when a place outside one is in reach.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, deque
from collections.abc import Callable, Sequence
from dataclasses import replace

from ..model import Annotations, Definition, Entity, EntityType, Mention, Quote

#: Most characters of one piece: a text longer than this is annotated in pieces. A Doc of 1,000,000
#: characters (spaCy's default `max_length`) takes 3 GB and 1.7 times the time of ten pieces of it;
#: news articles are far shorter (the longest of the corpora has 26,000 characters).
PIECE_LENGTH = 100_000
#: Where to cut, best first: after a blank line, after a line break, after a sentence's end, after a space.
_CUTS = (re.compile(r"\n[^\S\n]*\n\s*"), re.compile(r"\n\s*"), re.compile(r"[.!?…]['\"’”»)]*\s+"), re.compile(r"\s+"))


def split_text(text: str, limit: int, keep: Sequence[tuple[int, int]] = ()) -> list[tuple[int, str]]:
    """`text` as (offset, piece) pairs of at most `limit` characters each, in order, that join into `text`;
    `keep`: stretches `(start, end)` in order, not overlapping, that a cut should not fall inside."""
    if limit < 1:
        raise ValueError("a piece holds at least one character")
    kept_starts = [start for start, _ in keep]
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        end = _cut(text, start, start + limit, lambda at: _inside(keep, kept_starts, at))
        pieces.append((start, text[start:end]))
        start = end
    pieces.append((start, text[start:]))
    return pieces


def _cut(text: str, start: int, end: int, inside: Callable[[int], bool]) -> int:
    """The best place to end a piece that starts at `start` and may reach `end` (excluded)."""
    for avoid in (inside, lambda at: False):  # outside what is kept together, else anywhere
        for pattern in _CUTS:
            last = deque((m for m in pattern.finditer(text, start + 1, end) if not avoid(m.end())), maxlen=1)
            if last:
                return last[0].end()
    return end  # no space in reach: cut inside a word


def _inside(keep: Sequence[tuple[int, int]], starts: list[int], at: int) -> bool:
    k = bisect_left(starts, at) - 1  # the last stretch that starts before `at`
    return k >= 0 and keep[k][1] > at


def join_annotations(pieces: Sequence[tuple[int, Annotations, list[str]]], model: str) -> Annotations:
    """One Annotations for the whole text from each piece's (offset, annotations, summary sentences):
    offsets shifted, an entity named in several pieces one entity, the summary the text's first sentences."""
    quotes: list[Quote] = []
    definitions: list[Definition] = []
    entities: dict[str, list[Entity]] = {}
    summary: list[str] = []
    words: Counter[str] = Counter()
    for offset, found, sentences in pieces:
        words.update(found.event_words)
        quotes += [replace(q, start=q.start + offset, end=q.end + offset) for q in found.quotes]
        definitions += [replace(d, start=d.start + offset, end=d.end + offset) for d in found.definitions]
        for entity in found.entities:
            mentions = [Mention(m.start + offset, m.end + offset, m.text) for m in entity.mentions]
            entities.setdefault(entity.name, []).append(replace(entity, mentions=mentions))
        summary += sentences[: 2 - len(summary)]
    joined = [_one_entity(name, found) for name, found in entities.items()]
    return Annotations(
        entities=sorted(joined, key=lambda e: e.mentions[0].start),
        quotes=quotes,
        definitions=definitions,
        summary=" ".join(summary),
        model=model,
        event_words=dict(words),
    )


def _one_entity(name: str, found: list[Entity]) -> Entity:
    """The entity `name` as found in several pieces: every alias and mention; the type most of its
    mentions were given (the earliest piece's on a tie) and the sentence of its first mention."""
    votes: dict[EntityType, int] = {}
    for entity in found:
        votes[entity.type] = votes.get(entity.type, 0) + len(entity.mentions)
    etype = max(votes, key=votes.__getitem__)  # on a tie, the type counted first
    aliases = list(dict.fromkeys(alias for entity in found for alias in entity.aliases if alias != name))
    mentions = [m for entity in found for m in entity.mentions]
    return Entity(name, etype, aliases, mentions, found[0].sentence)
