"""Speakers and the places they speak at: events kept in text order, and the latest before any offset."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: the fullest name, or a description as written."""

    name: str
    mention: str | None
    named: bool
    """True for a named person (an entity of type PER)."""
    guessed: bool = False
    """Found by salience (a pronoun or a role resolved to the person in focus), not by what the words say."""


@dataclass(frozen=True)
class Event:
    """A person speaking, or being a sentence's subject, at one place of the text."""

    offset: int
    line: int
    sentence: int
    speaker: Speaker
    topic: bool = False
    """A person who is a sentence's subject, not a speaker: the topic quotations may inherit."""


def several(name: str) -> bool:
    """`Pablo Iglesias e Irene Montero`: a speaker who is several people."""
    return any(f" {word} " in name for word in ("y", "e", "and"))


class Timeline:
    """Events in the order they were added; the latest named one before an offset is found by bisection,
    not by reading every event (a long text has thousands)."""

    def __init__(self, events: Iterable[Event] = ()) -> None:
        self._events: list[Event] = []
        # named events by whether they are several people: offsets sorted, and (position, event) beside them
        self._named: dict[bool, tuple[list[int], list[tuple[int, Event]]]] = {}
        self._last_named: Event | None = None
        self.reset(events)

    def reset(self, events: Iterable[Event]) -> None:
        """Hold `events` instead, in this order."""
        self._events = []
        self._named = {False: ([], []), True: ([], [])}
        self._last_named = None
        for event in events:
            self.append(event)

    def append(self, event: Event) -> None:
        position = len(self._events)
        self._events.append(event)
        if event.speaker.named:
            self._last_named = event
            offsets, entries = self._named[several(event.speaker.name)]
            at = bisect_right(offsets, event.offset)  # events at one offset stay in the order they came
            offsets.insert(at, event.offset)
            entries.insert(at, (position, event))

    def __len__(self) -> int:
        return len(self._events)

    def __iter__(self) -> Iterator[Event]:
        return iter(self._events)

    def __getitem__(self, index: int) -> Event:
        return self._events[index]

    @property
    def last_named(self) -> Event | None:
        """The named event added last."""
        return self._last_named

    def latest(self, before: int, several_people: bool | None = None) -> tuple[int, Event] | None:
        """(position, event) of the named event with the greatest offset before `before`, the first added
        of those at that offset; only events of several people or only of one when `several_people` says so."""
        best: tuple[int, Event] | None = None
        for flag in (False, True) if several_people is None else (several_people,):
            offsets, entries = self._named[flag]
            k = bisect_left(offsets, before)
            if k == 0:
                continue
            position, event = entries[bisect_left(offsets, offsets[k - 1])]
            if best is None or (event.offset, -position) > (best[1].offset, -best[0]):
                best = (position, event)
        return best
