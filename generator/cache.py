"""The annotation cache: each article's annotations on disk, keyed by everything they depend on.

The key hashes the cleaned text, its language, the spaCy model and its version, the
authored names fed to the entity ruler, and the annotator's own code, so a warm build
never runs spaCy for an unchanged article and a changed annotator never reads stale
entries. Entries live in one SQLite file (atomic writes, safe to delete); an entry that
cannot be decoded is recomputed, and a damaged database is replaced, never a crash.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
import sqlite3
import zlib
from collections.abc import Sequence
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import Any

from .annotate.models import MODELS
from .model import Annotations, Definition, Entity, GlossaryEntry, KnownEntity, Mention, Quote

log = logging.getLogger(__name__)

SCHEMA = 1
DB_NAME = "annotations.sqlite"
#: The words of each story, counted and weighted by the link stage (see `link.text_similarity`).
WORDS_NAME = "story-words.npz"
#: The last entity merge of the link stage (see `link.merge_reuse`).
MERGE_NAME = "entity-merge.json"


@lru_cache(maxsize=1)
def annotator_version() -> str:
    """A hash of the annotator's source and of the data model: any change to either invalidates the cache."""
    package = Path(__file__).parent
    digest = hashlib.sha256(str(SCHEMA).encode())
    for path in sorted((package / "annotate").glob("*.py")) + [package / "model.py"]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=None)
def model_id(lang: str) -> str:
    """The installed pipeline for `lang` and its version, read without loading it."""
    package = MODELS.get(lang)
    if package is None:
        return "rules"
    try:
        return f"{package} {importlib.metadata.version(package)} spacy {importlib.metadata.version('spacy')}"
    except importlib.metadata.PackageNotFoundError:
        return "rules"


def ruler_fingerprint(glossary: Sequence[GlossaryEntry], known: Sequence[KnownEntity]) -> str:
    """A hash of the authored names the entity ruler is given."""
    names = sorted([("term", e.term, *sorted(e.aliases)) for e in glossary]
                   + [("entity", k.name, k.type, *sorted(k.aliases)) for k in known])
    return hashlib.sha256(json.dumps(names, ensure_ascii=False).encode()).hexdigest()[:16]


def cache_key(text: str, lang: str, ruler: str) -> str:
    """The key of one article's annotations."""
    digest = hashlib.sha256()
    for part in (annotator_version(), model_id(lang), lang, ruler, text):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()


class AnnotationCache:
    """Annotations by key, in memory and (when `folder` is given) in a SQLite file there."""

    def __init__(self, folder: Path | None) -> None:
        self.memory: dict[str, Annotations] = {}
        self.folder = folder
        """Where the cache's files are (None: in memory only)."""
        self.hits = 0
        self.misses = 0
        self._db: sqlite3.Connection | None = None
        if folder is not None:
            self._db = _open(folder / DB_NAME)

    def get(self, key: str) -> Annotations | None:
        found = self.memory.get(key)
        if found is None and self._db is not None:
            found = self._read(key)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
            self.memory[key] = found
        return found

    def put_many(self, entries: dict[str, Annotations]) -> None:
        """Store new entries in one transaction."""
        self.memory.update(entries)
        if self._db is None or not entries:
            return
        rows = [(key, zlib.compress(json.dumps(to_json(a), ensure_ascii=False).encode(), 6))
                for key, a in entries.items()]
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO annotations (key, data) VALUES (?, ?)", rows)
        except sqlite3.DatabaseError as err:
            log.warning("annotation cache not written (%s); the next build recomputes", err)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _read(self, key: str) -> Annotations | None:
        assert self._db is not None
        try:
            row = self._db.execute("SELECT data FROM annotations WHERE key = ?", (key,)).fetchone()
        except sqlite3.DatabaseError as err:
            log.warning("annotation cache unreadable (%s); recomputing", err)
            return None
        if row is None:
            return None
        try:
            return from_json(json.loads(zlib.decompress(row[0])))
        except (zlib.error, ValueError, KeyError, TypeError) as err:
            log.warning("damaged cache entry %s… (%s); recomputing", key[:12], err)
            return None


def _open(path: Path) -> sqlite3.Connection | None:
    """Open (or create) the database; a damaged file is replaced."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for attempt in range(2):
        try:
            db = sqlite3.connect(path, check_same_thread=False)
            db.execute("CREATE TABLE IF NOT EXISTS annotations (key TEXT PRIMARY KEY, data BLOB NOT NULL)")
            db.execute("SELECT COUNT(*) FROM annotations").fetchone()
            return db
        except sqlite3.DatabaseError as err:
            if attempt:
                log.warning("annotation cache disabled: %s: %s", path, err)
                return None
            log.warning("annotation cache %s is damaged (%s); starting a new one", path, err)
            path.unlink(missing_ok=True)
    return None


def clear_cache(folder: Path) -> bool:
    """Delete the cache file; True when there was one."""
    path = folder / DB_NAME
    existed = path.exists()
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    for name in (WORDS_NAME, MERGE_NAME):
        (folder / name).unlink(missing_ok=True)
    return existed


def to_json(annotations: Annotations) -> dict[str, Any]:
    """Compact JSON of annotations: mentions as [start, end, text] triples."""
    data = asdict(annotations)
    for entity in data["entities"]:
        entity["mentions"] = [[m["start"], m["end"], m["text"]] for m in entity["mentions"]]
    return data


def from_json(data: dict[str, Any]) -> Annotations:
    return Annotations(
        entities=[Entity(name=e["name"], type=e["type"], aliases=list(e["aliases"]),
                         mentions=[Mention(s, t, x) for s, t, x in e["mentions"]], sentence=e["sentence"])
                  for e in data["entities"]],
        quotes=[Quote(**q) for q in data["quotes"]],
        definitions=[Definition(**d) for d in data["definitions"]],
        summary=data["summary"],
        model=data["model"],
    )
