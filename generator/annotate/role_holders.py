"""Who holds which role in an article: `Sen. Bernie Sanders`, `la ministra de Sanidad, Carolina Darias`,
`Jo Hart, a spokeswoman for the firm`, so that `the senator` or `la ministra` later means that person."""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc

from ..model import Entity
from .roles import ROLE_QUALIFIERS, role_of

#: Words looked at before a name for its title (`Senate Majority Leader Mitch McConnell`).
_TITLE_REACH = 5
#: Words looked at in an apposition after a name (`Jo Hart, the new spokeswoman for the firm,`).
_APPOSITION_REACH = 6
_LINKS = frozenset({"de", "del", "of", "for", "the", "a", "an", "el", "la", "un", "una"})


class RoleHolders:
    """People by the roles the article gives them, in text order."""

    def __init__(self, doc: Doc, mention_at: dict[int, tuple[Entity, int, int]]) -> None:
        self._by_role: dict[str, tuple[list[int], list[tuple[str, frozenset[str]]]]] = {}
        found: list[tuple[int, str, str, frozenset[str]]] = []
        starts = sorted({(m[1], m[2], m[0].name) for m in mention_at.values() if m[0].type == "PER"})
        for start, end, name in starts:
            for role, words in self._title(doc, start, mention_at) + self._apposition(doc, end, mention_at):
                found.append((start, role, name, words))
        for start, role, name, words in sorted(found):
            offsets, holders = self._by_role.setdefault(role, ([], []))
            offsets.append(start)
            holders.append((name, words))

    def holder(self, role: str, before: int, words: frozenset[str] = frozenset()) -> str | None:
        """The person last given `role` before token `before` with a title holding all of `words` (the
        description's other words: `the Republican nominee` is not `Democratic nominee Tim Kaine`)."""
        offsets, holders = self._by_role.get(role, ([], []))
        for k in range(bisect_left(offsets, before) - 1, -1, -1):
            name, title = holders[k]
            if words <= title and not (title & ROLE_QUALIFIERS) - words:
                return name
        return None

    @staticmethod
    def _title(doc: Doc, start: int, mention_at: dict[int, tuple[Entity, int, int]]) -> list[tuple[str, frozenset[str]]]:
        roles = []
        words = frozenset(t.lower_ for t in doc[max(start - _TITLE_REACH, 0) : start])
        for k in range(start - 1, max(start - 1 - _TITLE_REACH, -1), -1):
            token = doc[k]
            if token.is_space or token.is_punct and token.text != "." or k in mention_at and mention_at[k][0].type == "PER":
                break
            if token.pos_ in ("VERB", "AUX", "ADP") and token.lower_ not in _LINKS:
                break
            role = role_of(token.text)
            if role is not None:
                roles.append((role, words))
        return roles

    @staticmethod
    def _apposition(doc: Doc, end: int, mention_at: dict[int, tuple[Entity, int, int]]) -> list[tuple[str, frozenset[str]]]:
        if end >= len(doc) or doc[end].text != ",":
            return []
        words = frozenset(t.lower_ for t in doc[end + 1 : min(end + 1 + 2 * _APPOSITION_REACH, len(doc))])
        role = None
        for k in range(end + 1, min(end + 1 + 2 * _APPOSITION_REACH, len(doc))):
            token = doc[k]
            if token.is_punct or token.is_space:
                # an apposition is closed by punctuation before any verb (`Ana Gil, la ministra, dijo`), unlike
                # the subject of the next clause (`del propio Meade, el senador se unirá`)
                return [(role, words)] if role is not None else []
            if token.pos_ in ("VERB", "AUX", "PRON") or k in mention_at and mention_at[k][0].type == "PER":
                return []
            if role is None and k < end + 1 + _APPOSITION_REACH:
                role = role_of(token.text)
        return []
