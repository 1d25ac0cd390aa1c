"""The pages of the last preview build, reused while what each page is given is unchanged.

A page is the product of its template and of the values it is given (views, articles,
entities, terms, threads). The memo keeps each page with a fingerprint of those values; the
next build renders a page only when its fingerprint differs. Stories, entities, terms and
threads are fingerprinted whole, once per build (an entity's companions by what an entity
page shows of them: name, type, page); anything the memo cannot fingerprint is rendered.
The pages are only valid for unchanged templates and UI strings: the preview server clears
them on every theme change. The values each page was rendered from are kept through it, so
that a theme change renders every page without making its values again (pages whose values
are made from the UI strings include a digest of them in their fingerprint).

A `compact` memo is for a build whose memo only serves the next process (`digest build`, which
writes each page away as it is rendered): it keeps its pages compressed, in a scratch file of the
cache folder when given one (`files/spool.py`), and not the values they were made from, since a whole
site's pages would otherwise be held at once. Pages are handed to another process compressed either
way (`stored`).
"""

from __future__ import annotations

import copyreg
import dataclasses
import hashlib
import io
import os
import pickle
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from ..files.spool import Spool, SpooledBytes
from .forked import stream_forked
from ..model import Annotations, Article, CorpusEntity, GlossaryTerm, Page, Thread


class PageMemo:
    """Rendered pages by path, each with the fingerprint of what it was rendered from."""

    def __init__(self, *, compact: bool = False, scratch: Path | None = None) -> None:
        self.compact = compact
        """Keep the pages compressed, and not the values they were rendered from."""
        self.scratch = scratch if compact else None
        """Where a `compact` memo's pages wait in a scratch file (None: in memory)."""
        self._fingerprints: dict[str, bytes] = {}
        """Path → the fingerprint of what the page was rendered from."""
        self._contents: MutableMapping[str, bytes] = self._new_contents()
        """Path → the page's bytes (compressed when `compact`)."""
        self._process = os.getpid()
        self._values: dict[str, tuple[bytes, dict[str, Any]]] = {}
        self._objects: dict[int, tuple[object, bytes]] = {}
        self._annotations: dict[int, tuple[Annotations, bytes]] = {}
        self._used_annotations: set[int] = set()
        self._seen: set[str] = set()
        """The paths of the pages this build asked for."""
        self.rendered = 0
        self.reused = 0
        self.dispatch_table = copyreg.dispatch_table.copy()
        """How values are pickled: stories, entities, terms and threads as their fingerprints."""
        for kind in _WHOLE:
            self.dispatch_table[kind] = lambda value: (_whole, (self.whole(value),))

    @property
    def count(self) -> int:
        """How many pages the memo holds."""
        return len(self._fingerprints)

    def _new_contents(self) -> MutableMapping[str, bytes]:
        return SpooledBytes(Spool(self.scratch)) if self.scratch is not None else {}

    def stored(self) -> list[tuple[str, bytes, bytes]]:
        """The pages as plain values (path, fingerprint, compressed bytes), for a build in another process (`restore`)."""
        return list(self.each_stored())

    def each_stored(self) -> Iterator[tuple[str, bytes, bytes]]:
        """`stored`, one page at a time (a big site's pages are not all in memory at once)."""
        for path, fingerprint in self._fingerprints.items():
            content = self._contents[path]
            yield path, fingerprint, content if self.compact else zlib.compress(content, _LEVEL)

    def restore(self, stored: Iterable[Any]) -> None:
        """Take the pages of `stored` (more pages with each call); TypeError or ValueError when it is not what
        `stored()` gives."""
        for path, fingerprint, content in stored:
            if not (type(path) is str and type(fingerprint) is bytes and type(content) is bytes):
                raise TypeError("a page of another shape")
            try:
                self._contents[path] = content if self.compact else zlib.decompress(content)
            except zlib.error as err:
                raise ValueError(f"the page {path} cannot be decompressed ({err})") from None
            self._fingerprints[path] = fingerprint

    def run_forked(self, tasks: Sequence[Callable[[], Page]], jobs: int) -> list[Page]:
        """`forked.run_forked` of rendering tasks, keeping here the pages rendered in the children too."""
        return list(self.stream_forked(tasks, jobs))

    def stream_forked(self, tasks: Sequence[Callable[[], Page]], jobs: int) -> Iterator[Page]:
        """`forked.stream_forked` of rendering tasks, keeping here the pages rendered in the children too.

        With pages kept from an earlier build, the tasks run here: most pages are taken as they were,
        which costs less than sending every page back from a child.
        """
        if jobs <= 1 or self._fingerprints:
            for task in tasks:
                yield task()
            return
        for page, kept in stream_forked([partial(self._kept_by, task) for task in tasks], jobs):
            self._seen.add(page.path)
            if kept is not None and self._fingerprints.get(page.path) != kept[0]:
                self.rendered += 1
                self._fingerprints[page.path], self._contents[page.path] = kept
            yield page

    def _kept_by(self, task: Callable[[], Page]) -> tuple[Page, tuple[bytes, bytes] | None]:
        """The page `task` renders and what a forked child's memo kept of it, for this process's (None: nothing,
        or kept here already); a child keeps nothing itself."""
        child = os.getpid() != self._process
        if child and not isinstance(self._contents, dict):
            self._contents = {}  # the scratch file is this process's: a child hands its pages over instead
        rendered = self.rendered
        page = task()
        if self.rendered == rendered or not child:
            return page, None
        self._values.pop(page.path, None)
        fingerprint = self._fingerprints.pop(page.path, None)
        content = self._contents.pop(page.path, None)
        return page, (fingerprint, content) if fingerprint is not None and content is not None else None

    def clear(self) -> None:
        """Forget every page (the templates or the strings changed); the values they were rendered from stay."""
        self._fingerprints.clear()
        self._contents = self._new_contents()

    def values(self, path: str, fingerprint: bytes | None) -> dict[str, Any] | None:
        """The values the page at `path` was last rendered from, if they were made from the same inputs."""
        found = self._values.get(path)
        return found[1] if fingerprint is not None and found is not None and found[0] == fingerprint else None

    def start_build(self) -> None:
        """Forget the objects of the last build (they are rebuilt every time; annotations are kept while used)."""
        self._objects.clear()
        self._annotations = {k: v for k, v in self._annotations.items() if k in self._used_annotations}
        self._used_annotations = set()
        self._seen = set()
        self.rendered = self.reused = 0

    def forget_unseen(self) -> int:
        """Forget the pages this build did not ask for (a story deleted or renamed); how many."""
        gone = [path for path in self._fingerprints if path not in self._seen]
        for path in gone:
            del self._fingerprints[path], self._contents[path]
            self._values.pop(path, None)
        return len(gone)

    def page(self, path: str, fingerprint: bytes | None) -> Page | None:
        """The page rendered last time from the same values, if any."""
        self._seen.add(path)
        if fingerprint is not None and self._fingerprints.get(path) == fingerprint:
            self.reused += 1
            content = self._contents[path]
            return Page(path, zlib.decompress(content) if self.compact else content)
        return None

    def keep(self, path: str, fingerprint: bytes | None, page: Page, values: dict[str, Any] | None = None) -> None:
        self.rendered += 1
        self._seen.add(path)
        if fingerprint is None:
            self._fingerprints.pop(path, None)
            self._contents.pop(path, None)
            self._values.pop(path, None)
        else:
            self._fingerprints[path] = fingerprint
            self._contents[path] = zlib.compress(page.content, _LEVEL) if self.compact else page.content
            if values is not None and not self.compact:
                self._values[path] = (fingerprint, values)

    def fingerprint(self, value: Any) -> bytes | None:
        """A digest of `value` (None when it holds something the memo cannot fingerprint).

        The value is pickled with each story, entity, term and thread replaced by its own
        fingerprint, and without pickle's memo, so that equal values give equal fingerprints in any
        process (which equal strings are one object varies). Equal values may, rarely, still pickle
        differently (a set's order): that only renders a page that did not need it.
        """
        buffer = io.BytesIO()
        try:
            _Pickler(buffer, self).dump(value)
        except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError):  # ValueError: a cycle
            return None
        return hashlib.blake2b(buffer.getvalue(), digest_size=20).digest()

    def know(self, values: Iterable[Article | CorpusEntity | GlossaryTerm | Thread], *, forked: bool = False) -> None:
        """Fingerprint these values now, before rendering forks: a child then finds them made instead of
        pickling every story's annotations again, which would also copy the pages of memory they sit in.

        `forked`: a forked process makes them and hands over the fingerprints alone, so that this process's
        memory is left as it was (the pickling's temporaries, freed between the fingerprints kept, would stay
        as gaps). Stories first, so that the process fingerprinting entities finds them made.
        """
        values = list(values)
        for group in ([v for v in values if isinstance(v, Article)], [v for v in values if not isinstance(v, Article)]):
            if not forked or not group:
                for value in group:
                    self.whole(value)
                continue
            halves = [group[0::2], group[1::2]]
            # Tasks alternate between this process and the child (`forked.stream_forked`): its turns are given nothing.
            made = stream_forked([list, partial(self._wholes, halves[0]), list, partial(self._wholes, halves[1])], 2)
            for half, found in zip(halves, list(made)[1::2]):
                for value, fingerprint in zip(half, found):
                    self._objects[id(value)] = (value, fingerprint)

    def _wholes(self, values: list[Any]) -> list[bytes]:
        return [self.whole(value) for value in values]

    def whole(self, value: Article | CorpusEntity | GlossaryTerm | Thread) -> bytes:
        """The fingerprint of a story, entity, term or thread, computed once per build."""
        known = self._objects.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        if isinstance(value, Article):
            fields = [getattr(value, f.name) for f in dataclasses.fields(value) if f.name != "annotations"]
            shown: Any = (fields, self._annotations_of(value.annotations))
        elif isinstance(value, CorpusEntity):
            # Companions as an entity page shows them, not whole (their own companions would recurse).
            # Tuples, not the dataclasses: pickled without a call into Python each.
            shown = (value.key, value.name, value.type, sorted(value.aliases),
                     [(a.article, a.sentence, a.mentions) for a in value.appearances], value.quotes,
                     value.has_page, [(o.key, o.name, o.type, o.has_page, n) for o, n in value.cooccurring])
        else:
            shown = [getattr(value, f.name) for f in dataclasses.fields(value)]
        found = self.fingerprint((type(value).__name__, shown)) or b"?" + id(value).to_bytes(8, "little")
        self._objects[id(value)] = (value, found)
        return found

    def name_annotations(self, named: Mapping[str, Annotations]) -> None:
        """Take the key each story's annotations are cached under (`cache.cache_key`) as their fingerprint: it
        names everything they are made from, so they need not be pickled, which would read every one of them
        (and make a forked process copy the memory they sit in)."""
        for key, found in named.items():
            fingerprint = hashlib.blake2b(b"cache key " + key.encode(), digest_size=20).digest()
            self._annotations[id(found)] = (found, fingerprint)
            self._used_annotations.add(id(found))

    def _annotations_of(self, annotations: Annotations | None) -> bytes:
        """Annotations come from the session's cache as the same objects while the text is unchanged."""
        if annotations is None:
            return b"-"
        self._used_annotations.add(id(annotations))
        known = self._annotations.get(id(annotations))
        if known is not None and known[0] is annotations:
            return known[1]
        buffer = io.BytesIO()
        # Without the event words, which linking alone reads: a build that emptied them once linked
        # (`pipeline.build`) fingerprints a story as the preview, which keeps them, does.
        _plain_pickler(buffer).dump([getattr(annotations, f.name) for f in dataclasses.fields(annotations)
                                     if f.name != "event_words"])
        found = hashlib.blake2b(buffer.getvalue(), digest_size=20).digest()
        self._annotations[id(annotations)] = (annotations, found)
        return found


class _Pickler(pickle.Pickler):
    """Pickles a page's values with stories, entities, terms and threads as their fingerprints."""

    def __init__(self, file: io.BytesIO, memo: PageMemo) -> None:
        super().__init__(file, protocol=5)
        # A dispatch table, not `persistent_id`: that would be called for every string and number.
        self.dispatch_table = memo.dispatch_table
        self.fast = True  # no memo: the bytes depend on the values alone, not on which of them are one object


def _plain_pickler(file: io.BytesIO) -> pickle.Pickler:
    """A pickler whose bytes depend on the values alone (see `_Pickler`)."""
    pickler = pickle.Pickler(file, protocol=5)
    pickler.fast = True
    return pickler


def _whole(fingerprint: bytes) -> bytes:
    """Stands for a story, entity, term or thread in a pickled page's values (never called)."""
    return fingerprint


_WHOLE = frozenset({Article, CorpusEntity, GlossaryTerm, Thread})
#: zlib's fastest level: pages are compressed as fast as they are rendered, to about a third.
_LEVEL = 1
