"""Full-text search: Pagefind indexes of the rendered pages, added to the site as more pages.

Only the parts of pages marked `data-pagefind-body` (stories, entities, glossary terms)
are indexed. The pages are split into bundles (`pagefind/<section>-<n>/`): each section
(the first folder of a page's path) is cut by a hash of the page's path into a power of
two of bundles that grows with the section's size, so a page stays in its bundle from one
build to the next and an edit re-indexes only the bundles whose pages changed (Pagefind
cannot update an index in place). `pagefind/bundles.json` lists them; the search page loads
the first and merges the others into it (Pagefind's `mergeIndex`). Pagefind runs on a
scratch copy of each bundle's pages and its files come back as `Page`s, so the index is
written by the same atomic swap as the rest of the site: a site and its search index always
match. The bundles are fetched by the browser, so search works when the site is served over
HTTP (any static host, or `python -m http.server`), not opened from disk.

Each bundle is kept in the cache folder for the next build, under the digest of what it
indexes, with a listing of its files' digests sealed by a digest of the listing: a stored
bundle is used only when the listing is whole, every file has its digest, no other file is
there, and the bundle has all the site's search needs; otherwise it is made again. A bundle
Pagefind made without those is an error.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

from ..cache import SEARCH_NAME, StoreWarnings
from ..config import SiteConfig
from ..errors import DigestError
from ..files.scratch import memory_parent
from ..files.spool import SpooledBytes
from ..fingerprints import content_digest as digest
from ..model import Page
from ..urls import safe_relative

log = logging.getLogger(__name__)

BUNDLE_DIR = "pagefind"
MARKER = b"data-pagefind-body"
_IGNORE = b"data-pagefind-ignore"
TIMEOUT_SECONDS = 600
#: The list of bundles the search page loads, in `pagefind/`.
LISTING_NAME = "bundles.json"
#: Indexing work is counted as one unit per this many bytes of a page's indexed part, plus a tenth of a
#: unit a page: Pagefind's time follows the text it reads, and a run has a cost of its own, so the
#: small pages of a section (entities) are not cut into bundles that would cost more than they save.
_BYTES_PER_UNIT = 1500
_UNITS_PER_PAGE = 0.1
#: About 0.4 s of Pagefind's work: what an edit of one page costs in search. Smaller bundles would cost
#: an edit less and the reader more: a search fetches an index chunk and metadata from every bundle.
_UNITS_PER_BUNDLE = 1000
_MOST_BUNDLES_PER_SECTION = 8
#: Stored bundles made by another layout of this module are never taken.
_FORMAT = "sections-1"
_LISTING = "files.txt"
_FILES = "files"
#: What a bundle's name (a folder the search page loads) may not hold: it takes only `[a-z0-9_-]`.
_NOT_IN_A_NAME = re.compile(r"[^a-z0-9_-]")
#: Pagefind holds about 35 times the bytes of the documents it indexes (a bundle of 28 MiB took 1 GiB):
#: bundles are indexed side by side only while their documents together stay under this.
_SIDE_BY_SIDE_BYTES = 16 << 20
_TAG_NAME = re.compile(rb"[a-zA-Z][a-zA-Z0-9-]*")
_HTML_LANG = re.compile(rb'<html[^>]*\slang="([^"]*)"')


class SearchIndexError(DigestError):
    """Pagefind is missing or failed."""


def search_pages(pages: list[Page], config: SiteConfig, *, cached: bool = True,
                 warnings: StoreWarnings | None = None) -> list[Page]:
    """The Pagefind bundles (`pagefind/...`) indexing every page marked for search; [] when none is.

    Pagefind indexes only the marked part of each page, so that part is all it is given: a bundle
    whose parts are the same as in an earlier build is taken from the cache folder, and a theme
    change outside them (or a build with nothing changed) indexes nothing again. `cached=False`
    neither reads nor writes the cache folder; `warnings` says when it cannot be written (none: a
    fresh one). Raises SearchIndexError when Pagefind fails.
    """
    documents: dict[str, bytes] = {}
    for page in pages:
        note_document(documents, page)
    return index_pages(documents, config, cached=cached, warnings=warnings)


def note_document(documents: MutableMapping[str, bytes], page: Page) -> None:
    """Add what Pagefind reads of `page` to `documents` (output path → indexed part), when it is a page to index."""
    if page.path.endswith(".html") and (document := search_document(page.content)):
        documents[page.path] = document


def index_pages(documents: Mapping[str, bytes], config: SiteConfig, *, cached: bool = True,
                warnings: StoreWarnings | None = None) -> list[Page]:
    """`search_pages` from the indexed parts of the pages alone (`note_document`), the pages being written already."""
    return SearchIndex(config, cached=cached, warnings=warnings).finish(documents)


class SearchIndex:
    """The search stage of pages that come one by one: the bundles of a section whose pages are all there
    (`section_done`) are indexed at once, on the other cores while the rest of the site renders; `finish`
    indexes the rest and gives the files. The files are those `index_pages` gives for the same documents.
    Documents waiting on disk (`SpooledBytes`) stay there: each bundle's are read when it is indexed."""

    def __init__(self, config: SiteConfig, *, cached: bool = True, warnings: StoreWarnings | None = None) -> None:
        self._config = config
        self._language = config.language.split("-")[0].lower()
        self._store = config.cache_path / SEARCH_NAME if cached else None
        self._warnings = warnings if warnings is not None else StoreWarnings()
        self._started: dict[str, dict[str, tuple[str, Future[dict[str, bytes]] | None]]] = {}
        """Section → its bundles by name: the key of the documents they were started with, and the indexing
        under way (None: taken from the cache folder, in `_stored`)."""
        self._stored: dict[str, dict[str, bytes]] = {}
        self._pool: ThreadPoolExecutor | None = None
        self._room = _Room(_SIDE_BY_SIDE_BYTES)
        self._storing = threading.Lock()
        """One bundle kept in the cache folder at a time (a folder that cannot be written is said once)."""

    def section_done(self, section: str, documents: Mapping[str, bytes]) -> None:
        """Start indexing `section`, whose pages are all among `documents` (output path → indexed part)."""
        paths = [path for path in documents if search_section(path) == section]
        if paths:
            self._start(section, _subset(documents, paths))

    def _start(self, section: str, part: Mapping[str, bytes]) -> None:
        bundles: dict[str, tuple[str, Future[dict[str, bytes]] | None]] = {}
        for name, documents in _section_bundles(section, part).items():
            key = _bundle_key(documents, self._language)
            previous = self._started.get(section, {}).get(name)
            if previous is not None and previous[0] == key:
                bundles[name] = previous  # the same documents: what was started stands
                continue
            stored = _stored_bundle(self._store / key) if self._store is not None else None
            if stored is not None:
                self._stored[name] = stored
                bundles[name] = (key, None)
                continue
            if self._pool is None:
                # Pagefind works on one core: bundles to index are run side by side, one per core, while
                # their documents fit in memory together (`_Room`).
                self._pool = ThreadPoolExecutor(max_workers=_cores())
            bundles[name] = (key, self._pool.submit(self._indexed_and_kept, documents, key))
        self._started[section] = bundles

    def _indexed_and_kept(self, documents: Mapping[str, bytes], key: str) -> dict[str, bytes]:
        """The bundle of `documents`, kept in the cache folder under `key` for the next build."""
        with self._room.taken(sum(map(_lengths(documents), documents))):
            files = _indexed(documents, self._language)
        if self._store is not None:
            with self._storing:
                _store_bundle(files, self._store / key, self._config.cache_path, self._warnings)
        return files

    def finish(self, documents: Mapping[str, bytes]) -> list[Page]:
        """The files of the search index of `documents` (all the site's); a bundle started with other
        documents than these is indexed again. Raises SearchIndexError when Pagefind fails."""
        if not documents:
            self.close()
            return []
        sections: dict[str, list[str]] = {}
        for path in documents:
            sections.setdefault(search_section(path), []).append(path)
        try:
            for section, paths in sections.items():
                self._start(section, _subset(documents, paths))
            bundles = {name: found for section in sorted(sections) for name, found in self._started[section].items()}
            made: dict[str, dict[str, bytes]] = {}
            for name, (_, indexing) in sorted(bundles.items(), key=lambda item: _bundle_order(item[0])):
                made[name] = self._stored[name] if indexing is None else indexing.result()
            if self._pool is not None:
                self._pool.shutdown()  # a section started again left bundles being kept: done before forgetting them
        finally:
            self.close()
        if self._store is not None:
            _forget_others(self._store, {key for key, _ in bundles.values()})
        found = [Page(f"{BUNDLE_DIR}/{name}/{file}", content) for name, files in made.items()
                 for file, content in files.items()]
        listing = {"bundles": [f"{name}/" for name in made]}
        found.append(Page(f"{BUNDLE_DIR}/{LISTING_NAME}", json.dumps(listing).encode() + b"\n"))
        again = sum(indexing is not None for _, indexing in bundles.values())
        log.info("search index: %d pages in %d bundles, %d indexed again", len(documents), len(bundles), again)
        return found

    def close(self) -> None:
        """Stop what is still to be indexed (a build that failed); what runs ends by itself."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


class _Room:
    """Memory shared by the Pagefind runs of a search stage: a run waits while the documents of the runs
    going on and its own exceed `limit` bytes (one run always goes on, however big its bundle)."""

    def __init__(self, limit: int) -> None:
        self._limit, self._used = limit, 0
        self._changed = threading.Condition()

    @contextmanager
    def taken(self, size: int) -> Iterator[None]:
        with self._changed:
            self._changed.wait_for(lambda: self._used == 0 or self._used + size <= self._limit)
            self._used += size
        try:
            yield
        finally:
            with self._changed:
                self._used -= size
                self._changed.notify_all()


def search_section(path: str) -> str:
    """The section of a page's output path (its first folder; `pages` for the root's), as a bundle's name starts."""
    return _NOT_IN_A_NAME.sub("-", path.split("/", 1)[0].lower()) if "/" in path else "pages"


def _cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def split_into_bundles(documents: Mapping[str, bytes]) -> dict[str, Mapping[str, bytes]]:
    """The documents (output path → indexed part) by bundle name (`articles-3`), in the order the search page loads them.

    A section is cut into a power of two of bundles, about one per `_UNITS_PER_BUNDLE` of indexing
    work and at most `_MOST_BUNDLES_PER_SECTION`; a page goes to the bundle its path's hash names, so it stays there
    while the section's size does not double or halve, and when it does each bundle splits in two.
    Documents waiting on disk (`SpooledBytes`) stay there: each bundle's are read when it is indexed.
    """
    sections: dict[str, list[str]] = {}
    for path in documents:
        sections.setdefault(search_section(path), []).append(path)
    bundles = {name: part for section, paths in sections.items()
               for name, part in _section_bundles(section, _subset(documents, paths)).items()}
    return {name: bundles[name] for name in sorted(bundles, key=_bundle_order)}


def _section_bundles(section: str, part: Mapping[str, bytes]) -> dict[str, Mapping[str, bytes]]:
    """The bundles of one section's documents (output path → indexed part), by name."""
    length = _lengths(part)
    work = sum(_UNITS_PER_PAGE + length(path) / _BYTES_PER_UNIT for path in part)
    count = min(_MOST_BUNDLES_PER_SECTION, 1 << max(0, round(math.log2(max(work / _UNITS_PER_BUNDLE, 1)))))
    bundles: dict[int, list[str]] = {}
    for path in part:
        number = int.from_bytes(hashlib.blake2b(path.encode(), digest_size=8).digest(), "big") % count
        bundles.setdefault(number, []).append(path)
    return {f"{section}-{number}": _subset(part, paths) for number, paths in bundles.items()}


def _bundle_order(name: str) -> tuple[str, int]:
    """A bundle's place in the listing: by section, then number."""
    section, _, number = name.rpartition("-")
    return section, int(number)


def _lengths(documents: Mapping[str, bytes]) -> Callable[[str], int]:
    """The length of a path's document (without reading it, when it waits on disk)."""
    if isinstance(documents, SpooledBytes):
        return documents.length
    return lambda path: len(documents[path])


def _subset(documents: Mapping[str, bytes], paths: list[str]) -> Mapping[str, bytes]:
    """The documents of `paths`, in that order (read when used, when they wait on disk)."""
    if isinstance(documents, SpooledBytes):
        return documents.subset(paths)
    return {path: documents[path] for path in paths}


def _indexed(documents: Mapping[str, bytes], language: str) -> dict[str, bytes]:
    """Pagefind's bundle of these documents (output path → the part Pagefind reads): file name → bytes."""
    try:
        size = sum(map(_lengths(documents), documents))
        with tempfile.TemporaryDirectory(prefix="digest-search-", dir=memory_parent(size)) as scratch:
            site, bundle = Path(scratch) / "site", Path(scratch) / BUNDLE_DIR
            for path, document in documents.items():
                target = site.joinpath(*safe_relative(path).parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(document)
            _run_pagefind(site, bundle, language)
            files = {file.relative_to(bundle).as_posix(): file.read_bytes()
                     for file in sorted(bundle.rglob("*")) if file.is_file() and not _unused(file.name)}
    except OSError as err:
        raise SearchIndexError(f"the pages could not be indexed for search: {err}") from None
    if missing := _missing(files):
        raise SearchIndexError(f"Pagefind {_pagefind_version()} made a search index without {', '.join(missing)}, "
                               "which the site's search needs (reinstall it: pip install --force-reinstall "
                               "'pagefind[bin]', or run `make setup`)")
    return files


def _missing(files: dict[str, bytes]) -> list[str]:
    """What the site's search needs that the bundle `files` (name → bytes) lacks; [] when it has it all.

    The search page loads `pagefind.js`, which reads `pagefind-entry.json`, then each language's
    metadata and WebAssembly named there, then index chunks and page fragments.
    """
    missing = [name for name in ("pagefind.js", "pagefind-entry.json") if name not in files]
    for folder, kind in (("index", "an index chunk"), ("fragment", "a page fragment")):
        if not any(name.startswith(f"{folder}/") for name in files):
            missing.append(f"{kind} ({folder}/)")
    if "pagefind-entry.json" in files:
        try:
            languages = json.loads(files["pagefind-entry.json"])["languages"]
            needed = [name for lang in languages.values()
                      for name in (f"pagefind.{lang['hash']}.pf_meta", f"wasm.{lang['wasm']}.pagefind")]
        except (ValueError, KeyError, TypeError, AttributeError):
            return [*missing, "a readable pagefind-entry.json"]
        missing += [name for name in needed if name not in files] if needed else ["a language in pagefind-entry.json"]
    return missing


def search_document(html: bytes) -> bytes | None:
    """What Pagefind reads of a page: its language and the elements marked `data-pagefind-body`; None if unmarked.

    Elements marked `data-pagefind-ignore` are left out when nothing in them is meant for Pagefind
    (Pagefind would skip their text anyway): a count that changes with every build then does not
    make the page's bundle be indexed again.
    """
    parts, at = [], html.find(MARKER)
    while at >= 0:
        start = html.rfind(b"<", 0, at)
        tag = _TAG_NAME.match(html, start + 1) if start >= 0 else None
        if tag is None:
            break
        end = _element_end(html, start, tag.group(0))
        parts.append(_without_ignored(html[start:end]))
        at = html.find(MARKER, end)
    if not parts:
        return None
    lang = _HTML_LANG.search(html)
    head = b'<!doctype html><html lang="' + (lang.group(1) if lang else b"") + b'"><head><meta charset="utf-8"></head><body>'
    return head + b"\n".join(parts) + b"</body></html>"


def _without_ignored(part: bytes) -> bytes:
    """`part` without its elements marked `data-pagefind-ignore` that hold no other Pagefind attribute."""
    kept, done, at = [], 0, part.find(_IGNORE)
    while at >= 0:
        start = part.rfind(b"<", 0, at)
        tag = _TAG_NAME.match(part, start + 1) if start >= done else None
        if tag is None:
            at = part.find(_IGNORE, at + 1)
            continue
        end = _element_end(part, start, tag.group(0))
        if part.count(b"data-pagefind-", start, end) == 1:  # only the mark itself
            kept.append(part[done:start])
            done = end
        at = part.find(_IGNORE, end)
    return b"".join(kept) + part[done:]


def _element_end(html: bytes, start: int, name: bytes) -> int:
    """Where the element `name` opened at `start` ends (escaped text never holds a `<`, so counting tags is exact)."""
    depth = 0
    for match in re.compile(rb"<(/?)" + re.escape(name) + rb"[\s>/]").finditer(html, start):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return html.index(b">", match.start()) + 1
    return len(html)


def _bundle_key(documents: Mapping[str, bytes], language: str) -> str:
    """The digest of everything the bundle depends on: Pagefind's version, the language, each page's part."""
    key = hashlib.blake2b(digest_size=16)
    key.update(f"{_FORMAT}\0{_pagefind_version()}\0{language}\0".encode())
    for path in sorted(documents):
        key.update(path.encode() + b"\0" + hashlib.blake2b(documents[path], digest_size=16).digest())
    return key.hexdigest()


def _pagefind_version() -> str:
    try:
        return metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:
        return "unknown"


def _stored_bundle(folder: Path) -> dict[str, bytes] | None:
    """The bundle stored under `folder` (file name → bytes), or None: absent or damaged in any way, it is made again."""
    try:
        listing = (folder / _LISTING).read_bytes()
    except OSError as err:  # none stored (or not a file)
        log.debug("%s: no stored search index (%s)", folder, err)
        return None
    try:
        names = _listed(listing)
        base = os.path.join(folder, _FILES)  # plain strings: a bundle has thousands of files
        files = {name: _read(os.path.join(base, name)) for name in names}
        found = set(_files_under(folder / _FILES))
    except (OSError, ValueError) as err:
        log.warning("%s: stored search index damaged (%s); indexing again", folder, err)
        return None
    changed = [name for name, content in files.items() if digest(content) != names[name]]
    problem = (f"{changed[0]} differs from the listing" if changed
               else f"{sorted(found - files.keys())[0]} is not in the listing" if found != files.keys()
               else f"it lacks {', '.join(missing)}" if (missing := _missing(files)) else None)
    if problem is not None:
        log.warning("%s: stored search index damaged (%s); indexing again", folder, problem)
        return None
    return files


def _listing(files: dict[str, bytes]) -> bytes:
    """The listing of a bundle: a line `digest name` per file, then the digest of those lines (it is whole)."""
    body = "".join(f"{digest(content)} {name}\n" for name, content in files.items()).encode("utf-8")
    return body + digest(body).encode() + b"\n"


def _listed(listing: bytes) -> dict[str, str]:
    """The files a listing names, with their digests; ValueError when it is not whole."""
    body, _, seal = listing.removesuffix(b"\n").rpartition(b"\n")
    body = body + b"\n" if body else b""
    if not listing.endswith(b"\n") or seal.decode("ascii", "replace") != digest(body):
        raise ValueError(f"{_LISTING} is not whole")
    names = {}
    for line in body.decode("utf-8").split("\n")[:-1]:
        file_digest, _, name = line.partition(" ")
        if not name or name in names or name.startswith("/") or ".." in name.split("/"):
            raise ValueError(f"{_LISTING} names a file twice, none, or one outside the bundle")
        names[name] = file_digest
    return names


def _files_under(folder: Path) -> list[str]:
    """Every file under `folder`, as relative paths."""
    if not folder.is_dir():
        raise NotADirectoryError(f"{folder} is not a folder")
    found = []
    for parent, _, files in os.walk(folder):
        relative = os.path.relpath(parent, folder)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        found += [prefix + file for file in files]
    return found


def _read(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def _store_bundle(files: dict[str, bytes], folder: Path, cache: Path, warnings: StoreWarnings) -> None:
    """Keep a bundle (file name → bytes) for the next build; failing to is only slower."""
    parent = folder.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".new-", dir=parent))
        try:
            for name, content in files.items():
                target = staging / _FILES / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
            (staging / _LISTING).write_bytes(_listing(files))
            _remove(folder)  # a damaged one
            os.replace(staging, folder)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    except OSError as err:
        warnings.cannot_store(cache, err)


def _forget_others(store: Path, kept: set[str]) -> None:
    """Delete the stored bundles this build did not use, and anything else in the way."""
    try:
        stored = list(store.iterdir())
    except OSError:
        return  # nothing stored, or a store that cannot be listed (already said when storing failed)
    for old in stored:
        if old.name not in kept:
            _remove(old)


def _remove(path: Path) -> None:
    """Delete a stored bundle, or anything else in the way (a stale one that cannot be deleted stays)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _unused(name: str) -> bool:
    """Pagefind's own ready-made interfaces: the site has its own search page (static/search.js)."""
    return name.startswith("pagefind-") and (name.endswith((".css", "-ui.js")) or name == "pagefind-highlight.js")


def _run_pagefind(site: Path, bundle: Path, language: str) -> None:
    from pagefind.service import get_executable

    executable = get_executable()
    if executable is None:
        raise SearchIndexError("the Pagefind binary is not installed (pip install 'pagefind[bin]', or run `make setup`)")
    command = [str(executable), "--site", str(site), "--output-path", str(bundle), "--force-language", language,
               "--keep-index-url", "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise SearchIndexError(f"Pagefind could not index the site: {err}") from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise SearchIndexError(f"Pagefind failed (exit {done.returncode}): {detail[-1] if detail else 'no output'}")
