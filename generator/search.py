"""Full-text search: a Pagefind index of the rendered pages, added to the site as more pages.

Only the parts of pages marked `data-pagefind-body` (stories, entities, glossary terms)
are indexed. Pagefind runs on a scratch copy of those pages and its bundle comes back
as `Page`s under `pagefind/`, so the index is written by the same atomic swap as the
rest of the site: a site and its search index always match. The bundle is fetched by
the browser, so search works when the site is served over HTTP (any static host, or
`python -m http.server`), not opened from disk.
"""

from __future__ import annotations

import logging
import subprocess
import tempfile
from pathlib import Path

from .config import SiteConfig
from .errors import DigestError
from .model import Page
from .write import safe_relative

log = logging.getLogger(__name__)

BUNDLE_DIR = "pagefind"
MARKER = b"data-pagefind-body"
TIMEOUT_SECONDS = 600


class SearchIndexError(DigestError):
    """Pagefind is missing or failed."""


def search_pages(pages: list[Page], config: SiteConfig) -> list[Page]:
    """The Pagefind bundle (`pagefind/...`) indexing every page marked for search; [] when none is."""
    marked = [p for p in pages if p.path.endswith(".html") and MARKER in p.content]
    if not marked:
        return []
    with tempfile.TemporaryDirectory(prefix="digest-search-") as scratch:
        site, bundle = Path(scratch) / "site", Path(scratch) / BUNDLE_DIR
        for page in marked:
            target = site.joinpath(*safe_relative(page.path).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(page.content)
        _run_pagefind(site, bundle, config.language.split("-")[0].lower())
        found = [
            Page(f"{BUNDLE_DIR}/{file.relative_to(bundle).as_posix()}", file.read_bytes())
            for file in sorted(bundle.rglob("*"))
            if file.is_file() and not _unused(file.name)
        ]
    log.info("search index: %d pages indexed, %d files", len(marked), len(found))
    return found


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
