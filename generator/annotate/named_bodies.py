"""Organisations by the nouns that head their names, so that `el Tribunal` or `the court` later means the one
named last (`el Tribunal Constitucional de Austria`, `the Supreme Court`)."""

from __future__ import annotations

from bisect import bisect_left

from ..model import Entity

#: Words that do not head a name (`de` in `Tribunal Constitucional de Austria`).
_LINKS = frozenset({"de", "del", "la", "el", "los", "las", "of", "the", "and", "y", "for", "para"})


class NamedBodies:
    """Organisations' mentions by the first and the last word of their names (a Spanish name starts with its
    head noun, an English one ends with it)."""

    def __init__(self, mention_at: dict[int, tuple[Entity, int, int]]) -> None:
        self._by_head: dict[str, tuple[list[int], list[str]]] = {}
        mentions = sorted({(start, entity.name) for entity, start, _ in mention_at.values() if entity.type == "ORG"})
        for start, name in mentions:
            words = [w for w in name.lower().split() if w not in _LINKS]
            if len(words) < 2:
                continue  # `el partido` does not mean `PP`: only a name of several words has a head noun
            for head in {words[0], words[-1]}:
                starts, names = self._by_head.setdefault(head, ([], []))
                starts.append(start)
                names.append(name)

    def latest(self, head: str, before: int) -> str | None:
        """The organisation whose name `head` heads, mentioned last before token `before`."""
        starts, names = self._by_head.get(head, ([], []))
        k = bisect_left(starts, before)
        return names[k - 1] if k > 0 else None
