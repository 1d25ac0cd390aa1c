"""The annotation cache: each article's annotations on disk, keyed by everything they depend on.

The key hashes the cleaned text, its language, the spaCy model and its version, the
authored names fed to the entity ruler, and the annotator's own code, so a warm build
never runs spaCy for an unchanged article and a changed annotator never reads stale
entries. Entries live in one SQLite file (atomic writes, safe to delete). Every entry
is checked field by field when read: one that does not decode to well-typed annotations
is recomputed, and a damaged database is replaced, never a crash. A cache that cannot
be written only makes the next build slower (`StoreWarnings`).

This module also names what the cache folder holds and deletes it (`clear_cache`).
"""

from __future__ import annotations

import errno
import hashlib
import importlib.metadata
import json
import logging
import re
import shutil
import sqlite3
import zlib
from collections.abc import Sequence
from dataclasses import asdict
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from typing_extensions import TypedDict  # the one pydantic reads before Python 3.12

from .fingerprints import source_fingerprint
from .annotate.spacy_models import MODELS
from .errors import DigestError
from .model import Annotations, Definition, Entity, EntityType, GlossaryEntry, KnownEntity, Mention, Quote

if TYPE_CHECKING:
    from pydantic import TypeAdapter

log = logging.getLogger(__name__)

SCHEMA = 1
DB_NAME = "annotations.sqlite"
#: Counted words of each story, a file the link stage no longer makes (its event words are in the annotations):
#: `clear_cache` still removes it.
WORDS_NAME = "story-words.npz"
#: The last entity merge of the link stage (see `link.merge_reuse`).
MERGE_NAME = "entity-merge.jsonl"
#: The Pagefind bundles of the search stage (see `search`).
SEARCH_NAME = "search"
#: What a build keeps for the next: rendered pages and the link stage's memory (see `build_state`).
STATE_NAME = "build-state.bin"
#: The theme's templates as Jinja compiled them (see `render.compiled_templates`).
TEMPLATES_NAME = "templates"
#: The spare copies of the sites built here (see `output.staging`).
SPARES_NAME = "site-spares"
#: What `clear_cache` deletes: the above, SQLite's side files, and files a killed build left half-written.
#: The site records (`sites/`, see `manifest`) stay: they say which output folders digest wrote.
_CLEARED = re.compile(
    rf"{re.escape(DB_NAME)}(-wal|-shm|-journal)?|{re.escape(WORDS_NAME)}|{re.escape(MERGE_NAME)}|{SEARCH_NAME}|{SPARES_NAME}"
    rf"|{TEMPLATES_NAME}"
    rf"|{re.escape(STATE_NAME)}|\.({re.escape(WORDS_NAME)}|{re.escape(MERGE_NAME)}|{re.escape(STATE_NAME)})\.\d+\.tmp")


@lru_cache(maxsize=1)
def annotator_version() -> str:
    """A hash of the annotator's source, its word lists and the data model: any change to them invalidates the cache."""
    digest = hashlib.sha256(str(SCHEMA).encode())
    digest.update(source_fingerprint("annotate", "lang", "model.py").encode())
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


class CacheError(DigestError):
    """The cache folder cannot be cleared."""


class StoreWarnings:
    """What a build (or a preview session) has said about cache folders it cannot write: one warning a folder.

    Everything that stores in the cache folder (annotations, the entity merge, the search index, the site
    records) reports through the one object its caller gives it, so that a build warns once, not once a file.
    """

    def __init__(self) -> None:
        self.folders: set[Path] = set()
        """The folders already warned about (every later write to them fails alike)."""

    def cannot_store(self, folder: Path, err: OSError | sqlite3.Error, path: Path | None = None) -> None:
        """Report that the cache `folder` cannot be written: a warning the first time, then debug lines.

        The build goes on without storing; only the next build is slower. `path`: the file the error is about,
        when the error does not name it.
        """
        names_its_file = isinstance(err, OSError) and err.filename is not None
        cause = str(err) if names_its_file or path is None else f"{path}: {err}"
        if folder in self.folders:
            log.debug("cache not written (%s)", cause)
            return
        self.folders.add(folder)
        log.warning("%s: the cache cannot be written (%s); this build goes on without storing, so the next one "
                    "is slower (%s)", folder, cause, _remedy(folder, err, path))


def _remedy(folder: Path, err: OSError | sqlite3.Error, path: Path | None) -> str:
    """What to do about `err`, met writing the cache `folder` (at `path`, when the error does not name it)."""
    if folder.exists() and not folder.is_dir():
        return "it is a file, not a folder: move it away or set cache_dir in digest.toml"
    code = err.errno if isinstance(err, OSError) else None
    if code == errno.ENOSPC or getattr(err, "sqlite_errorname", "") == "SQLITE_FULL":
        return "free some disk space"
    if code in (errno.EISDIR, errno.ENOTDIR, errno.EEXIST) or (path is not None and path.is_dir()):
        return "`digest cache clear` removes what is in the way"
    return "make the folder writable"


class AnnotationCache:
    """Annotations by key, in memory and (when `folder` is given) in a SQLite file there."""

    def __init__(self, folder: Path | None, warnings: StoreWarnings | None = None) -> None:
        self.memory: dict[str, Annotations] = {}
        self.folder = folder
        """Where the cache's files are (None: in memory only)."""
        self.warnings = warnings if warnings is not None else StoreWarnings()
        """Where failures to write `folder` are said (also by the build's other stores there)."""
        self.hits = 0
        self.misses = 0
        self._db: sqlite3.Connection | None = None
        if folder is not None:
            self._db = _open(folder, self.warnings)

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
        """Store new entries in one transaction (a damaged database is replaced first)."""
        self.memory.update(entries)
        if not entries:
            return
        rows = [(key, zlib.compress(json.dumps(to_json(a), ensure_ascii=False).encode(), 6))
                for key, a in entries.items()]
        for attempt in range(2):
            if self._db is None:
                return
            try:
                with self._db:
                    self._db.executemany("INSERT OR REPLACE INTO annotations (key, data) VALUES (?, ?)", rows)
                return
            except sqlite3.Error as err:
                if attempt or not _damaged(err):
                    assert self.folder is not None
                    self.warnings.cannot_store(self.folder, err, self.folder / DB_NAME)
                    return
                self._replace(err)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _read(self, key: str) -> Annotations | None:
        assert self._db is not None and self.folder is not None
        try:
            row = self._db.execute("SELECT data FROM annotations WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as err:
            if _damaged(err):
                self._replace(err)
            else:
                log.warning("%s: annotation cache unreadable (%s); recomputing", self.folder / DB_NAME, err)
            return None
        if row is None:
            return None
        try:
            return decode(row[0])
        except ValueError as err:
            log.debug("damaged cache entry %s… (%s); recomputing", key[:12], damage(err))
            return None

    def _replace(self, err: sqlite3.Error) -> None:
        """Start a new database in place of a damaged one."""
        assert self.folder is not None
        log.warning("%s is damaged (%s); starting a new one", self.folder / DB_NAME, err)
        self.close()
        if _delete_database(self.folder, self.warnings):
            self._db = _open(self.folder, self.warnings)


def _open(folder: Path, warnings: StoreWarnings) -> sqlite3.Connection | None:
    """Open (or create) the database in `folder`; a damaged file is replaced; None when it cannot be used."""
    path = folder / DB_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        warnings.cannot_store(folder, err)
        return None
    for attempt in range(2):
        db = None
        try:
            db = sqlite3.connect(path, check_same_thread=False)
            db.execute("CREATE TABLE IF NOT EXISTS annotations (key TEXT PRIMARY KEY, data BLOB NOT NULL)")
            db.execute("SELECT COUNT(*) FROM annotations").fetchone()
            return db
        except sqlite3.Error as err:
            if db is not None:
                db.close()
            if attempt or not _damaged(err):
                warnings.cannot_store(folder, err, path)
                return None
            log.warning("%s is damaged (%s); starting a new one", path, err)
            if not _delete_database(folder, warnings):
                return None
    return None


def _damaged(err: sqlite3.Error) -> bool:
    """Whether SQLite says the file is not a (whole) database, rather than that it cannot open or write it."""
    name = getattr(err, "sqlite_errorname", "")
    return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or name == "SQLITE_IOERR_SHORT_READ"


def _delete_database(folder: Path, warnings: StoreWarnings) -> bool:
    """Delete the database file and its side files; False (said) when it cannot be."""
    try:
        for suffix in ("", "-wal", "-shm", "-journal"):
            (folder / f"{DB_NAME}{suffix}").unlink(missing_ok=True)
    except OSError as err:
        warnings.cannot_store(folder, err)
        return False
    return True


def clear_cache(folder: Path) -> list[str]:
    """Delete what the cache folder holds (annotations, stored words and merge, search index, spare site copies); the names deleted.

    The site records (`sites/`) and files that are not the cache's stay. Raises CacheError when `folder`
    is not a folder, or when something cannot be deleted (after deleting all it can).
    """
    if not folder.is_dir():
        if folder.exists() or folder.is_symlink():
            raise CacheError(f"{folder} is not a folder, so it is not digest's cache: nothing deleted "
                             "(move it away, or set cache_dir in digest.toml to another path)")
        return []
    try:
        entries = sorted(entry for entry in folder.iterdir() if _CLEARED.fullmatch(entry.name))
    except OSError as err:
        raise CacheError(f"{folder}: cannot list the cache folder ({err.strerror}); nothing deleted "
                         "(make it readable, or delete it by hand)") from None
    removed, failed = [], []
    for entry in entries:
        try:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        except OSError as err:
            failed.append(err)
        else:
            removed.append(entry.name)
    if failed:
        first = failed[0]
        raise CacheError(f"{folder}: could not delete {first.filename} ({first.strerror})"
                         + (f" and {len(failed) - 1} more" if len(failed) > 1 else "")
                         + "; make the cache folder writable (or delete those files by hand) and clear it again")
    return removed


def to_json(annotations: Annotations) -> dict[str, Any]:
    """Compact JSON of annotations: mentions as [start, end, text] triples."""
    data = asdict(annotations)
    for entity in data["entities"]:
        entity["mentions"] = [[m["start"], m["end"], m["text"]] for m in entity["mentions"]]
    return data


def decode(blob: bytes) -> Annotations:
    """The annotations of one stored entry; ValueError unless it holds every field, each of its type."""
    try:
        data = _entry_shape().validate_json(zlib.decompress(blob), strict=True)
    except zlib.error as err:
        raise ValueError(f"not compressed data: {err}") from None
    return Annotations(
        entities=[Entity(e["name"], e["type"], e["aliases"], [Mention(*m) for m in e["mentions"]], e["sentence"])
                  for e in data["entities"]],
        quotes=data["quotes"], definitions=data["definitions"], summary=data["summary"], model=data["model"],
        event_words=data["event_words"])


class _StoredEntity(TypedDict):
    """An entity as `to_json` stores it."""

    name: str
    type: EntityType
    aliases: list[str]
    mentions: list[tuple[int, int, str]]
    sentence: str


class _StoredAnnotations(TypedDict):
    """An entry as `to_json` stores it."""

    entities: list[_StoredEntity]
    quotes: list[Quote]
    definitions: list[Definition]
    summary: str
    model: str
    event_words: dict[str, int]


@cache
def _entry_shape() -> TypeAdapter[_StoredAnnotations]:
    """The checker of stored entries (pydantic is imported by the first build that reads one)."""
    from pydantic import TypeAdapter

    return TypeAdapter(_StoredAnnotations)


def damage(err: Exception) -> str:
    """What a reader of a stored file found wrong with it, in a few words (a pydantic error: its first field)."""
    errors = getattr(err, "errors", None)
    if callable(errors) and (found := errors()):
        where = ".".join(str(part) for part in found[0]["loc"])
        return f"{where}: {found[0]['msg']}" if where else found[0]["msg"]
    text = str(err).split("\n")[0].split(". ")[0]
    return text or type(err).__name__
