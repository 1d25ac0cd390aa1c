"""Live reload: what the browsers should show, pushed to them as Server-Sent Events.

Every served HTML page gets a small script (only when serving: the files on disk are
exactly what `digest build` writes) that remembers the build it was served from and
its own output path, and listens on `EVENTS_PATH` (telling the server which page it
shows: those are rendered first by the next build):

- `hello` on connecting: the current build; a page from another build reloads, so a
  push missed while (re)connecting is never lost;
- `reload` after a rebuild that changed the site (or fixed a failed one); when only
  pages changed it lists them, and a page not among them stays as it is;
- `css` when only stylesheets changed: they are swapped in place, without a reload;
- `failed` with the error overlay, shown at once without a reload.

A build that succeeded with warnings adds a quieter panel (`notice`) to every page instead.
"""

from __future__ import annotations

import html
import json
import queue
import secrets
import threading
from dataclasses import dataclass
from typing import Any

from .. import urls
from ..errors import Problem
from .overlay import OVERLAY_ID

EVENTS_PATH = "/__digest__/events"
#: A `reload` lists the pages that changed up to this many (more: every page reloads).
LISTED_PAGES = 500
#: Files the build makes for machines (feeds, sitemap, robots.txt), not shown by any page: their
#: changes reload no page. The theme's static files may be anything a page uses.
_UNSHOWN = (".xml", ".json", ".txt")
SCRIPT_PATH = "/__digest__/livereload.js"
STATUS_PATH = "/__digest__/status"

SCRIPT = """\
(function () {
  "use strict";
  var build = document.currentScript.getAttribute("data-build");
  var page = document.currentScript.getAttribute("data-page");
  var overlayId = document.currentScript.getAttribute("data-overlay");
  var events = new EventSource("%(events)s" + (page ? "?page=" + encodeURIComponent(page) : ""));

  function data(event) { return JSON.parse(event.data); }

  function showOverlay(markup) {
    var old = document.getElementById(overlayId);
    if (old) old.remove();
    var holder = document.createElement("div");
    holder.innerHTML = markup;
    document.body.appendChild(holder.firstElementChild);
  }

  function refreshStyles(paths) {
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href);
      if (url.origin !== location.origin || paths.indexOf(url.pathname.slice(1)) < 0) return;
      url.searchParams.set("digest-reload", Date.now());
      var fresh = link.cloneNode();
      fresh.href = url.href;
      fresh.onload = function () { link.remove(); };
      link.after(fresh);
    });
  }

  events.addEventListener("hello", function (event) {
    if (data(event).build !== build) location.reload();
  });
  events.addEventListener("reload", function (event) {
    var message = data(event);
    if (page && message.pages && message.pages.indexOf(page) < 0) {
      build = message.build;
      return;
    }
    location.reload();
  });
  events.addEventListener("css", function (event) {
    var message = data(event);
    build = message.build;
    refreshStyles(message.paths);
  });
  events.addEventListener("failed", function (event) {
    var message = data(event);
    build = message.build;
    showOverlay(message.overlay);
  });
})();
""" % {"events": EVENTS_PATH}


@dataclass(frozen=True)
class Event:
    """One Server-Sent Event."""

    name: str
    data: dict[str, Any]

    def encode(self) -> bytes:
        return f"event: {self.name}\ndata: {json.dumps(self.data, ensure_ascii=False)}\n\n".encode()


class LiveReload:
    """The build the browsers should show (or the overlay of a failed one) and the queues of connected browsers."""

    def __init__(self) -> None:
        self._session = secrets.token_hex(4)  # a page served by an earlier server run reloads too
        self._number = 0
        self.build = self._next_build()
        self.problems: list[Problem] = []
        self.overlay = ""
        self.notice = ""
        """Markup shown on every page while the site builds with warnings (see `overlay.warnings_html`)."""
        self._clients: dict[queue.SimpleQueue[Event | None], str | None] = {}
        """Each browser's queue of events, with the output path of the page it shows."""
        self._lock = threading.Lock()

    @property
    def clients(self) -> int:
        """How many browsers are listening."""
        with self._lock:
            return len(self._clients)

    def open_pages(self) -> set[str]:
        """The output paths of the pages browsers show now."""
        with self._lock:
            return {page for page in self._clients.values() if page is not None}

    def succeeded(self, changed: list[str], removed: list[str], notice: str | None = None,
                  shown: frozenset[str] = frozenset()) -> str | None:
        """A rebuild succeeded: push `reload` (or `css`); returns the event pushed, None if nothing to show.

        `notice` replaces the warnings panel (None keeps it: a rebuild that did not read the content);
        `shown`, pages the browsers were already given as they are now (rendered ahead of the build).
        """
        with self._lock:
            recovered = bool(self.problems)
            self.problems, self.overlay = [], ""
            if notice is not None and notice != self.notice:
                self.notice = notice
                recovered = True  # every page must show the new panel
            changed = [path for path in changed if path not in shown]
            if not (changed or removed or recovered):
                return None
            self.build = self._next_build()
            if changed and not (removed or recovered) and all(path.endswith(".css") for path in changed):
                event = Event("css", {"build": self.build, "paths": changed})
            else:
                pages = [path for path in changed + removed
                         if path.startswith(f"{urls.STATIC_DIR}/") or not path.endswith(_UNSHOWN)]
                only_pages = not recovered and len(pages) <= LISTED_PAGES and all(p.endswith(".html") for p in pages)
                event = Event("reload", {"build": self.build, **({"pages": pages} if only_pages else {})})
            self._push(event)
            return event.name

    def failed(self, problems: list[Problem], overlay: str) -> None:
        """A rebuild failed: every page shows `overlay` until the next good build."""
        with self._lock:
            self.problems, self.overlay = list(problems), overlay
            self.build = self._next_build()
            self._push(Event("failed", {"build": self.build, "overlay": overlay}))

    def subscribe(self, page: str | None = None) -> queue.SimpleQueue[Event | None]:
        """A queue of the events for one browser showing the page at output path `page`, starting with `hello`."""
        events: queue.SimpleQueue[Event | None] = queue.SimpleQueue()
        with self._lock:
            events.put(Event("hello", {"build": self.build}))
            self._clients[events] = page
        return events

    def unsubscribe(self, events: queue.SimpleQueue[Event | None]) -> None:
        with self._lock:
            self._clients.pop(events, None)

    def close(self) -> None:
        """End every event stream (the server is stopping)."""
        with self._lock:
            for events in self._clients:
                events.put(None)
            self._clients.clear()

    def inject(self, page: bytes, path: str) -> bytes:
        """The HTML page at output path `path` ("": a page answering for a missing one) with the live-reload
        script and, while a rebuild is failing, the overlay."""
        with self._lock:
            snippet = (f'<script src="{SCRIPT_PATH}" data-build="{self.build}" data-page="{html.escape(path)}" '
                       f'data-overlay="{OVERLAY_ID}"></script>{self.overlay or self.notice}').encode()
        end = page.lower().rfind(b"</body>")
        return page + snippet if end < 0 else page[:end] + snippet + page[end:]

    def _next_build(self) -> str:
        self._number += 1
        return f"{self._session}-{self._number}"

    def _push(self, event: Event) -> None:
        for events in self._clients:
            events.put(event)
