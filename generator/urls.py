"""Output paths of the site's pages, and relative links between them.

Every internal link is relative and names a file (`../../entities/x/index.html`),
so the site works from any sub-path and opened from disk (`file://`).
"""

from __future__ import annotations

import logging
import posixpath
from functools import lru_cache
from pathlib import PurePosixPath
from urllib.parse import quote

from .errors import DigestError

log = logging.getLogger(__name__)

INDEX = "index.html"
ENTITIES_INDEX = "entities/index.html"
GLOSSARY_INDEX = "glossary/index.html"
THREADS_INDEX = "threads/index.html"
NOT_FOUND = "404.html"
SEARCH = "search/index.html"
STATIC_DIR = "static"
SEARCH_BUNDLE = "pagefind/bundles.json"


def article_path(slug: str) -> str:
    """The output path of an article's page."""
    return f"articles/{slug}/index.html"


def entity_path(key: str) -> str:
    """The output path of an entity's page."""
    return f"entities/{key}/index.html"


def term_path(slug: str) -> str:
    """The output path of a glossary term's page."""
    return f"glossary/{slug}/index.html"


def thread_path(slug: str) -> str:
    """The output path of a story thread's page."""
    return f"threads/{slug}/index.html"


def paged_path(first: str, number: int) -> str:
    """The output path of page `number` of a list whose first page is `first`.

    Page 1 keeps the list's own address; page N lives at `page/N/` beside it
    (`entities/index.html` → `entities/page/2/index.html`). Slugs hold no `/`, so no
    other page is ever at `page/N/index.html` under a list.
    """
    if number < 1:
        raise ValueError(f"page numbers start at 1, not {number}")
    if number == 1:
        return first
    folder = posixpath.dirname(first)
    return posixpath.join(folder, "page", str(number), INDEX)


def relative_url(from_page: str, to_page: str) -> str:
    """The link from one output file to another (`articles/a/index.html`, `index.html` → `../../index.html`)."""
    top, slash, _ = from_page.partition("/")
    target = to_page.partition("#")[0]
    if (slash and target and target.partition("/")[0] != top and not from_page.endswith("/")
            and not _irregular(from_page) and not _irregular(target)):
        # Out of the page's top folder (most links): the link depends only on how deep the page is.
        return _out_of_top(from_page.count("/"), to_page)
    return _relative_url(from_page, to_page)


@lru_cache(maxsize=65536)
def _out_of_top(depth: int, to_page: str) -> str:
    other = "b" if to_page.partition("#")[0].partition("/")[0] == "a" else "a"  # any folder but the target's
    return _relative_url("/".join([other] * depth + ["index.html"]), to_page)


def _relative_url(from_page: str, to_page: str) -> str:
    target, hash_, fragment = to_page.partition("#")
    if not target:
        return f"#{_quoted(fragment, '')}" if hash_ else posixpath.basename(from_page)
    link = _relative(posixpath.dirname(from_page), target)
    if target.endswith("/") and not link.endswith("/"):
        link += "/"
    link = _quoted(link, "/")
    return f"{link}#{_quoted(fragment, '')}" if hash_ else link


def _relative(start: str, target: str) -> str:
    """`posixpath.relpath(target, start)` for the site's own normalised relative paths, without its system calls."""
    if start.startswith("/") or target.startswith("/") or _irregular(start) or _irregular(target):
        return posixpath.relpath(target, start or ".")
    start_parts = start.split("/") if start else []
    target_parts = target.rstrip("/").split("/") if target.strip("/") else []
    common = 0
    for a, b in zip(start_parts, target_parts):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(start_parts) - common) + target_parts[common:]
    return "/".join(parts) or "."


@lru_cache(maxsize=4096)
def _irregular(path: str) -> bool:
    """Whether a path has empty, `.` or `..` parts (those take the general, slower way)."""
    return any(part in ("", ".", "..") for part in path.rstrip("/").split("/")) if path else False


@lru_cache(maxsize=65536)
def _quoted(text: str, safe: str) -> str:
    return quote(text, safe=safe)


def safe_relative(path: str) -> PurePosixPath:
    """A page path that stays inside the output folder, or an error."""
    relative = PurePosixPath(path)
    if relative.is_absolute() or not relative.parts or any(p in ("", ".", "..") for p in relative.parts):
        raise DigestError(f"refusing to write {path!r}: outside the output folder")
    return relative
