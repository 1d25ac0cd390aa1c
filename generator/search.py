"""Full-text search: a Pagefind index of the rendered pages, added to the site as more pages.

Only the parts of pages marked `data-pagefind-body` (stories, entities, glossary terms)
are indexed. Pagefind runs on a scratch copy of those pages and its bundle comes back
as `Page`s under `pagefind/`, so the index is written by the same atomic swap as the
rest of the site: a site and its search index always match. The bundle is fetched by
the browser, so search works when the site is served over HTTP (any static host, or
`python -m http.server`), not opened from disk.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import subprocess
import tempfile
from importlib import metadata
from pathlib import Path

from .config import SiteConfig
from .errors import DigestError
from .model import Page
from .write import safe_relative

log = logging.getLogger(__name__)

BUNDLE_DIR = "pagefind"
MARKER = b"data-pagefind-body"
TIMEOUT_SECONDS = 600
SEARCH_CACHE = "search"
_LISTING = "files.txt"
_TAG_NAME = re.compile(rb"[a-zA-Z][a-zA-Z0-9-]*")
_HTML_LANG = re.compile(rb'<html[^>]*\slang="([^"]*)"')


class SearchIndexError(DigestError):
    """Pagefind is missing or failed."""


def search_pages(pages: list[Page], config: SiteConfig) -> list[Page]:
    """The Pagefind bundle (`pagefind/...`) indexing every page marked for search; [] when none is.

    Pagefind indexes only the marked part of each page, so that part is all it is given: the
    bundle of the same parts is taken from the cache folder, and a theme change outside them
    (or a build with nothing changed) does not index the site again.
    """
    language = config.language.split("-")[0].lower()
    documents = {page.path: doc for page in pages if page.path.endswith(".html") and (doc := search_document(page.content))}
    if not documents:
        return []
    key = _bundle_key(documents, language)
    stored = config.cache_path / SEARCH_CACHE / key
    found = _stored_bundle(stored)
    if found is None:
        with tempfile.TemporaryDirectory(prefix="digest-search-") as scratch:
            site, bundle = Path(scratch) / "site", Path(scratch) / BUNDLE_DIR
            for path, document in documents.items():
                target = site.joinpath(*safe_relative(path).parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(document)
            _run_pagefind(site, bundle, language)
            found = [
                Page(f"{BUNDLE_DIR}/{file.relative_to(bundle).as_posix()}", file.read_bytes())
                for file in sorted(bundle.rglob("*"))
                if file.is_file() and not _unused(file.name)
            ]
        _store_bundle(found, stored)
        log.info("search index: %d pages indexed, %d files", len(documents), len(found))
    else:
        log.info("search index: %d pages, unchanged since the last build", len(documents))
    return found


def search_document(html: bytes) -> bytes | None:
    """What Pagefind reads of a page: its language and the elements marked `data-pagefind-body`; None if unmarked."""
    parts, at = [], html.find(MARKER)
    while at >= 0:
        start = html.rfind(b"<", 0, at)
        tag = _TAG_NAME.match(html, start + 1) if start >= 0 else None
        if tag is None:
            break
        end = _element_end(html, start, tag.group(0))
        parts.append(html[start:end])
        at = html.find(MARKER, end)
    if not parts:
        return None
    lang = _HTML_LANG.search(html)
    head = b'<!doctype html><html lang="' + (lang.group(1) if lang else b"") + b'"><head><meta charset="utf-8"></head><body>'
    return head + b"\n".join(parts) + b"</body></html>"


def _element_end(html: bytes, start: int, name: bytes) -> int:
    """Where the element `name` opened at `start` ends (escaped text never holds a `<`, so counting tags is exact)."""
    depth = 0
    for match in re.compile(rb"<(/?)" + re.escape(name) + rb"[\s>/]").finditer(html, start):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return html.index(b">", match.start()) + 1
    return len(html)


def _bundle_key(documents: dict[str, bytes], language: str) -> str:
    """The digest of everything the bundle depends on: Pagefind's version, the language, each page's part."""
    key = hashlib.blake2b(digest_size=16)
    key.update(f"{_pagefind_version()}\0{language}\0".encode())
    for path in sorted(documents):
        key.update(path.encode() + b"\0" + hashlib.blake2b(documents[path], digest_size=16).digest())
    return key.hexdigest()


def _pagefind_version() -> str:
    try:
        return metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:
        return "unknown"


def _stored_bundle(folder: Path) -> list[Page] | None:
    """The bundle stored under `folder`, or None (absent or damaged: it is made again)."""
    listing = folder / _LISTING
    try:
        names = listing.read_text(encoding="utf-8").splitlines()
        return [Page(f"{BUNDLE_DIR}/{name}", (folder / "files" / name).read_bytes()) for name in names]
    except (OSError, UnicodeDecodeError):
        return None


def _store_bundle(found: list[Page], folder: Path) -> None:
    """Keep the bundle for the next build, replacing the one stored before; failing to is only slower."""
    parent = folder.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".new-", dir=parent))
        names = []
        for page in found:
            name = page.path.removeprefix(f"{BUNDLE_DIR}/")
            target = staging / "files" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(page.content)
            names.append(name)
        (staging / _LISTING).write_text("\n".join(names) + "\n", encoding="utf-8")  # written last: marks it whole
        for old in parent.iterdir():
            if old != staging:
                shutil.rmtree(old, ignore_errors=True)
        os.replace(staging, folder)
    except OSError as err:
        log.warning("%s: could not keep the search index for the next build (%s)", parent, err)


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
