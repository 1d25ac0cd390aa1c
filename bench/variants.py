"""Varied copies of an annotated story, with annotations derived from the original's: an archive without spaCy.

A copy drops one paragraph (never the first, which holds the summary), renames every person of the story
consistently (each surname becomes another surname of the corpus, chosen by the copy's number) and moves
its date back by whole years. Its annotations are the original's, with every offset moved to where that
text now is and every name renamed; what lay in the dropped paragraph is gone. So a copy is a different
story about different people, and its annotations are what spaCy would find up to the names it renamed.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TypeVar

from generator.model import Annotations, Definition, Entity, Mention

T = TypeVar("T")
PARAGRAPH_BREAK = "\n\n"
_SURNAME = re.compile(r"[A-ZÁÉÍÓÚÑ][a-záéíóúñü]{2,}")


@dataclass(frozen=True)
class Segment:
    """Where a stretch of the original text went: copied as it was, or replaced by a renamed surname."""

    old_start: int
    old_end: int
    new_start: int
    new_end: int
    paragraph: int
    renamed: bool


@dataclass
class Variant:
    """A copy's text and annotations."""

    text: str
    annotations: Annotations
    renames: dict[str, str]


def surnames(annotations: Annotations) -> list[str]:
    """The surnames of a story's people (the last word of each person's name), in order of appearance."""
    found: dict[str, None] = {}
    for entity in annotations.entities:
        if entity.type == "PER":
            last = entity.name.split()[-1] if entity.name.split() else ""
            if _SURNAME.fullmatch(last):
                found[last] = None
    return list(found)


def pick(pool: Sequence[T], seed: str) -> T:
    """A member of `pool` chosen by a stable hash of `seed`."""
    number = int.from_bytes(hashlib.blake2b(seed.encode(), digest_size=8).digest(), "big")
    return pool[number % len(pool)]


def renames_for(story: str, copy: int, annotations: Annotations, pool: Sequence[str]) -> dict[str, str]:
    """Each surname of the story's people → another of `pool` (the same one throughout the copy)."""
    renames: dict[str, str] = {}
    for old in surnames(annotations):
        taken = set(renames.values()) | set(renames)
        choices = [name for name in pool if name != old and name not in taken] or [old]
        renames[old] = pick(choices, f"{story}/{copy}/{old}")
    return {old: new for old, new in renames.items() if old != new}


def shifted(day: date | None, years: int) -> date | None:
    """`day` moved back by whole years (29 February becomes the 28th)."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def make_variant(text: str, annotations: Annotations, *, renames: dict[str, str], drop: int | None) -> Variant:
    """`text` without paragraph `drop` and with `renames` applied, and the annotations moved along."""
    word = _words(renames) if renames else None
    segments: list[Segment] = []
    pieces: list[str] = []
    length = 0
    position = 0
    for number, paragraph in enumerate(text.rstrip("\n").split(PARAGRAPH_BREAK)):
        start, position = position, position + len(paragraph) + len(PARAGRAPH_BREAK)
        if number == drop:
            continue
        if pieces:
            pieces.append(PARAGRAPH_BREAK)
            length += len(PARAGRAPH_BREAK)
        cursor = start
        for found in (word.finditer(text, start, start + len(paragraph)) if word else ()):
            if found.start() > cursor:
                segments.append(Segment(cursor, found.start(), length, length + found.start() - cursor, number, False))
                pieces.append(text[cursor:found.start()])
                length += found.start() - cursor
            new = renames[found.group(1)]
            segments.append(Segment(found.start(), found.end(), length, length + len(new), number, True))
            pieces.append(new)
            length += len(new)
            cursor = found.end()
        end = start + len(paragraph)
        if end > cursor:
            segments.append(Segment(cursor, end, length, length + end - cursor, number, False))
            pieces.append(text[cursor:end])
            length += end - cursor
    new_text = "".join(pieces) + "\n"
    mover = _Mover(segments, drop)
    rename = _renamer(renames)
    return Variant(new_text, _moved(annotations, mover, rename, new_text), renames)


class _Mover:
    """Maps spans of the original text to the copy's (None: the span lay, even in part, in the dropped paragraph)."""

    def __init__(self, segments: list[Segment], drop: int | None) -> None:
        self.segments = segments
        self.starts = [s.old_start for s in segments]
        self.drop = drop

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        if end <= start:
            return None
        first, last = self._at(start), self._at(end - 1)
        if first is None or last is None:
            return None
        if self.drop is not None and first.paragraph < self.drop < last.paragraph:
            return None
        if first.renamed and start != first.old_start:
            return None
        new_start = first.new_start + (0 if first.renamed else start - first.old_start)
        new_end = last.new_end if last.renamed else last.new_start + (end - last.old_start)
        return new_start, new_end

    def _at(self, offset: int) -> Segment | None:
        index = bisect_right(self.starts, offset) - 1
        if index < 0:
            return None
        found = self.segments[index]
        return found if found.old_start <= offset < found.old_end else None


def _renamer(renames: dict[str, str]) -> Callable[[str], str]:
    if not renames:
        return lambda value: value
    word = _words(renames)
    return lambda value: word.sub(lambda found: renames[found.group(1)], value)


def _words(renames: dict[str, str]) -> re.Pattern[str]:
    """Any of the surnames, as a whole word (the longest first)."""
    return re.compile(r"\b(" + "|".join(map(re.escape, sorted(renames, key=len, reverse=True))) + r")\b")


def _maybe(rename: Callable[[str], str], value: str | None) -> str | None:
    return rename(value) if value else value


def _moved(annotations: Annotations, mover: _Mover, rename: Callable[[str], str], text: str) -> Annotations:
    entities = []
    for entity in annotations.entities:
        mentions = []
        for mention in entity.mentions:
            span = mover.span(mention.start, mention.end)
            if span is not None:
                mentions.append(Mention(span[0], span[1], text[span[0]:span[1]]))
        if mentions:
            entities.append(Entity(rename(entity.name), entity.type, [rename(a) for a in entity.aliases], mentions,
                                   rename(entity.sentence)))
    quotes = []
    for quote in annotations.quotes:
        span = mover.span(quote.start, quote.end)
        if span is not None:
            quotes.append(replace(quote, text=rename(quote.text), start=span[0], end=span[1],
                                  speaker=_maybe(rename, quote.speaker),
                                  speaker_mention=_maybe(rename, quote.speaker_mention)))
    definitions = []
    for definition in annotations.definitions:
        span = mover.span(definition.start, definition.end) if definition.end > definition.start else (0, 0)
        if span is not None:
            definitions.append(Definition(rename(definition.term), rename(definition.definition),
                                          rename(definition.sentence), span[0], span[1]))
    return Annotations(entities=entities, quotes=quotes, definitions=definitions, summary=rename(annotations.summary),
                       model=annotations.model, event_words=dict(annotations.event_words))
