"""What the link stage keeps from one build of a site for the next: `LinkMemory`.

The caller owns it: the preview session keeps one for its lifetime (it links again after
every edit, which mostly changes a story's words), `digest build` makes one per build, tests
make their own. Two sessions in one process each have theirs. A fresh one holds nothing: the
next link merges, searches and indexes from scratch (the merge may still come from the cache folder).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Annotations
    from .entity_merge import EntityLinks
    from .related import RelatedIndex

#: A glossary's terms as `find_term_usage` compares them: slug, term and aliases of each.
TermNames = tuple[tuple[str, str, tuple[str, ...]], ...]


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
    related: tuple[tuple[object, ...], RelatedIndex] | None = None
    """The last related index, with what its stories' features were made of (`related.related_index`)."""
    term_uses: tuple[TermNames, dict[str, list[str]]] = field(default_factory=lambda: ((), {}))
    """The terms each story's title and text uses, by that text, with the terms they were found among
    (`glossary.find_term_usage`)."""
