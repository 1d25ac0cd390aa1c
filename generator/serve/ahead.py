"""Pages shown ahead of the build that makes them: served from memory while the rest of the site is written.

During a rebuild the session renders the pages open in browsers first (`session.FirstPages`)
and the browsers reload at once. Until the build has written the whole site, those pages are
answered from memory and any other page waits for the build, so a browser never gets a page
older than the one it just reloaded (nor a file half way through the build). The theme's
static files and the search index are not made by page rendering and are served at once.
If the build fails, the pages held are dropped: the site on disk is still the last good one.
"""

from __future__ import annotations

import threading

from .. import urls
from ..model import Page

#: The longest a request waits for the build in progress before it is answered from disk.
WAIT_SECONDS = 60.0
#: Paths that rendering pages never changes.
_NOT_RENDERED = (f"{urls.STATIC_DIR}/", f"{urls.SEARCH_BUNDLE.partition('/')[0]}/")


class AheadPages:
    """The pages of the build in progress shown ahead of it, by output path."""

    def __init__(self) -> None:
        self._pages: dict[str, bytes] | None = None
        self._done = threading.Condition()

    def hold(self, pages: list[Page]) -> None:
        """Serve these from memory, and hold every other page until `release()`."""
        with self._done:
            self._pages = {**(self._pages or {}), **{page.path: page.content for page in pages}}

    def release(self) -> None:
        """The build ended (written, or failed): serve the site on disk again."""
        with self._done:
            self._pages = None
            self._done.notify_all()

    def page(self, path: str | None, wait: float = WAIT_SECONDS) -> bytes | None:
        """The page at the output path `path` when held; otherwise None, once no build holds pages (or after `wait`)."""
        with self._done:
            if self._pages is None:
                return None
            if path is not None and path in self._pages:
                return self._pages[path]
            if path is not None and path.startswith(_NOT_RENDERED):
                return None
            self._done.wait_for(lambda: self._pages is None, timeout=wait)
            return None
