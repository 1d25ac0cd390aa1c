"""The pages of the last preview build, reused while what each page is given is unchanged.

A page is the product of its template and of the values it is given (views, articles,
entities, terms, threads). The memo keeps each page with a fingerprint of those values; the
next build renders a page only when its fingerprint differs. Stories, entities, terms and
threads are fingerprinted whole, once per build (an entity's companions by what an entity
page shows of them: name, type, page); anything the memo cannot fingerprint is rendered.
The memo is only valid for unchanged templates and UI strings: the preview server clears it
on every theme change.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from datetime import date
from pathlib import PurePath
from typing import Any

from markupsafe import Markup

from .model import Annotations, Article, CorpusEntity, GlossaryTerm, Page, Thread


class Unfingerprintable(Exception):
    """A value the memo cannot fingerprint: its page is rendered every time."""


class PageMemo:
    """Rendered pages by path, each with the fingerprint of what it was rendered from."""

    def __init__(self) -> None:
        self._pages: dict[str, tuple[bytes, Page]] = {}
        self._objects: dict[int, tuple[object, bytes]] = {}
        self._annotations: dict[int, tuple[Annotations, bytes]] = {}
        self._used_annotations: set[int] = set()
        self.rendered = 0
        self.reused = 0

    def clear(self) -> None:
        """Forget every page (the templates or the strings changed)."""
        self._pages.clear()

    def start_build(self) -> None:
        """Forget the objects of the last build (they are rebuilt every time; annotations are kept while used)."""
        self._objects.clear()
        self._annotations = {k: v for k, v in self._annotations.items() if k in self._used_annotations}
        self._used_annotations = set()
        self.rendered = self.reused = 0

    def page(self, path: str, fingerprint: bytes | None) -> Page | None:
        """The page rendered last time from the same values, if any."""
        found = self._pages.get(path)
        if fingerprint is not None and found is not None and found[0] == fingerprint:
            self.reused += 1
            return found[1]
        return None

    def keep(self, path: str, fingerprint: bytes | None, page: Page) -> None:
        self.rendered += 1
        if fingerprint is None:
            self._pages.pop(path, None)
        else:
            self._pages[path] = (fingerprint, page)

    def fingerprint(self, value: Any) -> bytes | None:
        """A digest of `value` (None when it holds something the memo cannot fingerprint)."""
        digest = hashlib.blake2b(digest_size=20)
        try:
            self._feed(digest, value)
        except Unfingerprintable:
            return None
        return digest.digest()

    def _feed(self, digest: Any, value: Any) -> None:
        kind = type(value)
        if value is None or kind in (bool, int, float):
            digest.update(f"{kind.__name__}:{value!r};".encode())
        elif isinstance(value, str):  # str and Markup
            encoded = value.encode("utf-8", "surrogatepass")
            digest.update(b"M" if isinstance(value, Markup) else b"s")
            digest.update(len(encoded).to_bytes(8, "little"))
            digest.update(encoded)
        elif isinstance(value, (date, PurePath)):
            digest.update(f"{kind.__name__}:{value};".encode())
        elif isinstance(value, (list, tuple)):
            digest.update(f"[{len(value)}".encode())
            for item in value:
                self._feed(digest, item)
        elif isinstance(value, (set, frozenset)):
            self._feed(digest, sorted(value, key=repr))
        elif isinstance(value, Mapping):
            digest.update(f"{{{len(value)}".encode())
            for key in sorted(value, key=repr):
                self._feed(digest, key)
                self._feed(digest, value[key])
        elif kind in (Article, CorpusEntity, GlossaryTerm, Thread):
            digest.update(self._object(value))
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            self._dataclass(digest, value)
        else:
            raise Unfingerprintable(kind.__name__)

    def _dataclass(self, digest: Any, value: Any) -> None:
        digest.update(type(value).__name__.encode())
        for field in dataclasses.fields(value):
            self._feed(digest, getattr(value, field.name))

    def _object(self, value: Article | CorpusEntity | GlossaryTerm | Thread) -> bytes:
        """The fingerprint of a story, entity, term or thread, computed once per build."""
        known = self._objects.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        digest = hashlib.blake2b(digest_size=20)
        digest.update(type(value).__name__.encode())
        if isinstance(value, Article):
            for field in dataclasses.fields(value):
                if field.name != "annotations":
                    self._feed(digest, getattr(value, field.name))
            digest.update(self._annotations_of(value.annotations))
        elif isinstance(value, CorpusEntity):
            for name in ("key", "name", "type", "aliases", "appearances", "quotes", "has_page"):
                self._feed(digest, getattr(value, name))
            # Companions as their entity page shows them, not whole (their own companions would recurse).
            self._feed(digest, [(o.key, o.name, o.type, o.has_page, n) for o, n in value.cooccurring])
        else:
            self._dataclass(digest, value)
        found = digest.digest()
        self._objects[id(value)] = (value, found)
        return found

    def _annotations_of(self, annotations: Annotations | None) -> bytes:
        """Annotations come from the session's cache as the same objects while the text is unchanged."""
        if annotations is None:
            return b"-"
        self._used_annotations.add(id(annotations))
        known = self._annotations.get(id(annotations))
        if known is not None and known[0] is annotations:
            return known[1]
        digest = hashlib.blake2b(digest_size=20)
        self._dataclass(digest, annotations)
        self._annotations[id(annotations)] = (annotations, digest.digest())
        return digest.digest()
