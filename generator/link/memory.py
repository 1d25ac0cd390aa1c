"""What the link stage keeps from one build of a site for the next: `LinkMemory`.

The caller owns it: the preview session keeps one for its lifetime (it links again after
every edit, which mostly changes a story's words), `digest build` makes one per build (from the
build state the last build saved, `pipeline.build_state`), tests make their own. Two sessions in
one process each have theirs. A fresh one holds nothing: the next link merges, searches and
indexes from scratch (the merge may still come from the cache folder).

`plain` gives what a build in another process can take again (`restore`): plain values only,
never an object of a class. The related index is kept in that form until a link needs it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..model import Annotations
    from .entity_merge import EntityLinks
    from .related import RelatedIndex

#: A glossary's terms as `find_term_usage` compares them: slug, term and aliases of each.
TermNames = tuple[tuple[str, str, tuple[str, ...]], ...]


@dataclass
class WordMemo:
    """What making a corpus's event vectors found (`story_lines.EventVectors`), for the next making of them."""

    rarity: dict[tuple[str, str], float] = field(default_factory=dict)
    """(language, word) → its rarity in the language, for every word of the corpus (the language's word frequencies
    are slow to read)."""
    places: frozenset[str] = frozenset()
    """The places that `describes` was judged for (`descriptors.Descriptors`)."""
    describes: dict[str, bool] = field(default_factory=dict)
    """Event word → whether it describes a person, for those places."""
    said: dict[bytes, tuple[int, ...]] = field(default_factory=dict)
    """A digest of a story's headline, lead and counted words → which of those words it says up front."""


@dataclass
class LinkMemory:
    """The last merge, related index and term uses of one site's link stage, reused when made of the same things."""

    merge: tuple[bytes, EntityLinks] | None = None
    """The signature and the result of the last entity merge (`merge_reuse.merged_entities`)."""
    story_parts: dict[int, tuple[Annotations, str]] = field(default_factory=dict)
    """Each story's part of the last merge's signature, by its annotations (the same object while its text
    is unchanged)."""
    read: set[Path] = field(default_factory=set)
    """The stored merges already read: each is read once, not after every edit."""
    stored_merge: tuple[bytes, Any] | None = None
    """The signature and the merge another process kept, as plain values (`merge_reuse.kept_merge`): taken by the
    next link when made of the same names, and kept again while the merge is the same."""
    related: tuple[bytes, RelatedIndex] | None = None
    """The last related index, with a digest of what its stories' features were made of (`related.related_index`)."""
    stored_related: tuple[bytes, Any] | None = None
    """The related index another process kept, as plain values (`RelatedIndex.plain`), until a link needs it."""
    words: WordMemo = field(default_factory=WordMemo)
    subjects: tuple[bytes, dict[str, tuple[str, str | None]]] = (b"", {})
    """The merge the last main subjects were found with, and each story's title and main subject's key, by slug
    (`more_about.main_subjects`)."""
    term_uses: tuple[TermNames, dict[str, list[str]]] = field(default_factory=lambda: ((), {}))
    """The terms each story's title and text uses, by that text, with the terms they were found among
    (`glossary.find_term_usage`)."""

    def plain(self) -> Iterator[tuple[str, Any]]:
        """What a build in another process takes again (`restore`), as plain values: (name, value) pairs, each
        made when asked, so that a caller that writes each away never holds them all."""
        from .merge_reuse import kept_merge

        yield "term_uses", self.term_uses
        merge = self.stored_merge
        if self.merge is not None and (merge is None or merge[0] != self.merge[0]):
            merge = (self.merge[0], kept_merge(self.merge[1]))
        yield "merge", merge
        del merge
        yield "related", (self.related[0], self.related[1].plain()) if self.related is not None else self.stored_related
        yield "subjects", self.subjects
        words = self.words
        yield "words", (words.rarity, sorted(words.places), words.describes, words.said)

    def restore(self, plain: dict[str, Any]) -> None:
        """Take the values of `plain`; TypeError, ValueError or KeyError when they are not of its shape.

        The related index is checked when a link takes it again."""
        names, found = plain["term_uses"]
        merge, related, subjects = plain["merge"], plain["related"], plain["subjects"]
        rarity, places, describes, said = plain["words"]
        if not (isinstance(names, tuple) and isinstance(found, dict) and isinstance(rarity, dict)
                and isinstance(places, list) and isinstance(describes, dict) and isinstance(said, dict)
                and (merge is None or (type(merge[0]) is bytes and isinstance(merge[1], dict)))
                and (related is None or (type(related[0]) is bytes and isinstance(related[1], dict)
                                         and isinstance(related[1]["inputs"], tuple)))
                and type(subjects[0]) is bytes and isinstance(subjects[1], dict)):
            raise TypeError("a field of another type")
        self.term_uses, self.stored_merge, self.stored_related, self.subjects = (names, found), merge, related, subjects
        self.words = WordMemo(rarity, frozenset(places), describes, said)

    def summary(self) -> tuple[object, ...]:
        """What changes when a link makes anything new for the next build (equal summaries: nothing to save)."""
        names, found = self.term_uses
        related: tuple[object, ...] = ()
        if self.related is not None:
            related = (self.related[0], self.related[1].inputs)
        elif self.stored_related is not None:
            related = (self.stored_related[0], self.stored_related[1]["inputs"])
        merge = self.merge[0] if self.merge is not None else self.stored_merge[0] if self.stored_merge else b""
        return (names, frozenset(found), merge, related, frozenset(self.words.rarity), frozenset(self.words.said),
                self.subjects)
