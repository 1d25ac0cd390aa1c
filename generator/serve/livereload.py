"""Live reload: what the browsers should show, pushed to them as Server-Sent Events.

Every served HTML page gets a small script (only when serving: the files on disk are
exactly what `digest build` writes) that remembers the build it was served from and
listens on `EVENTS_PATH`:

- `hello` on connecting: the current build; a page from another build reloads, so a
  push missed while (re)connecting is never lost;
- `reload` after a rebuild that changed the site (or fixed a failed one);
- `css` when only stylesheets changed: they are swapped in place, without a reload;
- `failed` with the error overlay, shown at once without a reload.

A build that succeeded with warnings adds a quieter panel (`notice`) to every page instead.
"""

from __future__ import annotations

import json
import queue
import secrets
import threading
from dataclasses import dataclass
from typing import Any

from ..errors import Problem
from .overlay import OVERLAY_ID

EVENTS_PATH = "/__digest__/events"
SCRIPT_PATH = "/__digest__/livereload.js"
STATUS_PATH = "/__digest__/status"

SCRIPT = """\
(function () {
  "use strict";
  var build = document.currentScript.getAttribute("data-build");
  var overlayId = document.currentScript.getAttribute("data-overlay");
  var events = new EventSource("%(events)s");

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
  events.addEventListener("reload", function () { location.reload(); });
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
        self._clients: set[queue.SimpleQueue[Event | None]] = set()
        self._lock = threading.Lock()

    @property
    def clients(self) -> int:
        """How many browsers are listening."""
        with self._lock:
            return len(self._clients)

    def succeeded(self, changed: list[str], removed: list[str], notice: str | None = None) -> str | None:
        """A rebuild succeeded: push `reload` (or `css`); returns the event pushed, None if nothing to show."""
        # `notice` replaces the warnings panel; None keeps it (a rebuild that did not read the content).
        with self._lock:
            recovered = bool(self.problems)
            self.problems, self.overlay = [], ""
            if notice is not None and notice != self.notice:
                self.notice = notice
                recovered = True  # every page must show the new panel
            if not (changed or removed or recovered):
                return None
            self.build = self._next_build()
            if changed and not (removed or recovered) and all(path.endswith(".css") for path in changed):
                event = Event("css", {"build": self.build, "paths": changed})
            else:
                event = Event("reload", {"build": self.build})
            self._push(event)
            return event.name

    def failed(self, problems: list[Problem], overlay: str) -> None:
        """A rebuild failed: every page shows `overlay` until the next good build."""
        with self._lock:
            self.problems, self.overlay = list(problems), overlay
            self.build = self._next_build()
            self._push(Event("failed", {"build": self.build, "overlay": overlay}))

    def subscribe(self) -> queue.SimpleQueue[Event | None]:
        """A queue of the events for one browser, starting with `hello`."""
        events: queue.SimpleQueue[Event | None] = queue.SimpleQueue()
        with self._lock:
            events.put(Event("hello", {"build": self.build}))
            self._clients.add(events)
        return events

    def unsubscribe(self, events: queue.SimpleQueue[Event | None]) -> None:
        with self._lock:
            self._clients.discard(events)

    def close(self) -> None:
        """End every event stream (the server is stopping)."""
        with self._lock:
            for events in self._clients:
                events.put(None)
            self._clients.clear()

    def inject(self, page: bytes) -> bytes:
        """An HTML page with the live-reload script and, while a rebuild is failing, the overlay."""
        with self._lock:
            snippet = (f'<script src="{SCRIPT_PATH}" data-build="{self.build}" data-overlay="{OVERLAY_ID}">'
                       f"</script>{self.overlay or self.notice}").encode()
        end = page.lower().rfind(b"</body>")
        return page + snippet if end < 0 else page[:end] + snippet + page[end:]

    def _next_build(self) -> str:
        self._number += 1
        return f"{self._session}-{self._number}"

    def _push(self, event: Event) -> None:
        for events in self._clients:
            events.put(event)
