"""Output paths of the site's pages, and relative links between them.

Every internal link is relative and names a file (`../../entities/x/index.html`),
so the site works from any sub-path and opened from disk (`file://`).
"""

from __future__ import annotations

import logging
import posixpath
from urllib.parse import quote

log = logging.getLogger(__name__)

INDEX = "index.html"
ENTITIES_INDEX = "entities/index.html"
GLOSSARY_INDEX = "glossary/index.html"
NOT_FOUND = "404.html"
SEARCH = "search/index.html"
STATIC_DIR = "static"
SEARCH_BUNDLE = "pagefind/pagefind.js"


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


def relative_url(from_page: str, to_page: str) -> str:
    """The link from one output file to another (`articles/a/index.html`, `index.html` → `../../index.html`)."""
    target, hash_, fragment = to_page.partition("#")
    if not target:
        return f"#{quote(fragment, safe='')}" if hash_ else posixpath.basename(from_page)
    start = posixpath.dirname(from_page) or "."
    link = posixpath.relpath(target, start)
    if target.endswith("/") and not link.endswith("/"):
        link += "/"
    link = quote(link, safe="/")
    return f"{link}#{quote(fragment, safe='')}" if hash_ else link
