"""`digest serve`: build once, serve the site, rebuild what changed and tell the browsers.

Three threads beside the caller's: the HTTP server (one more per request), the file
watcher, and the rebuild loop, which takes debounced bursts of changes one at a time,
so builds never overlap and a change made during a build is picked up right after it.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from typing import TYPE_CHECKING, Any

from ..pipeline.build import BuildResult
from ..cache import AnnotationCache
from ..config import SiteConfig
from ..errors import BuildFailed, DigestError
from ..model import Page
from ..pipeline.session import BuildSession, ChangeKind
from .ahead import AheadPages
from .http import REQUEST_TIMEOUT, PreviewServer
from .livereload import LiveReload
from .overlay import overlay_html, problems_of, warnings_html
from .watch import ChangeQueue, Debouncer, Watcher, classify

if TYPE_CHECKING:
    from ..annotate.annotator import Annotator

log = logging.getLogger(__name__)


class _OpenPages:
    """The pages browsers show, given to a build to render first (`session.FirstPages`): shown as soon as made."""

    def __init__(self, live: LiveReload, ahead: AheadPages) -> None:
        self._live = live
        self._ahead = ahead
        self.shown: list[str] = []

    def paths(self) -> set[str]:
        return self._live.open_pages()

    def show(self, pages: list[Page]) -> None:
        self._ahead.hold(pages)
        self.shown += [page.path for page in pages]
        pushed = self._live.succeeded(self.shown, [])
        log.info("pushed %s for %d open page(s) ahead of the rest of the build", pushed, len(pages))


class DevServer:
    """The preview of one site; use as a context manager, or `start()` and `stop()`."""

    def __init__(self, config: SiteConfig, *, host: str = "127.0.0.1", port: int = 8000, poll: bool = False,
                 annotator: Annotator | None = None, cache: AnnotationCache | None = None, jobs: int = 1,
                 debouncer: Debouncer | None = None, request_timeout: float = REQUEST_TIMEOUT) -> None:
        """Binds the port at once (a DigestError if it cannot); nothing is built or served before `start()`.

        `annotator` and `cache` default to the session's own (see `BuildSession`); a client silent for
        `request_timeout` seconds is disconnected.
        """
        self.live = LiveReload()
        self._http = PreviewServer(host, port, config.output_path, self.live, self.status, request_timeout)
        self.session = BuildSession(config, annotator=annotator, cache=cache, jobs=jobs, defer_search=True)
        self._queue = ChangeQueue(debouncer)
        self._watcher = Watcher(self._queue, poll=poll)
        self._threads: list[threading.Thread] = []
        self.rebuilds = 0
        """Rebuilds attempted after the first build, successful or not."""
        self.idle = threading.Event()
        """Set while the rebuild loop waits for changes (nothing being built or indexed)."""
        self.warnings: list[str] = []
        """The warnings of the last build that read the content (`path:line: message (hint)`)."""

    @property
    def url(self) -> str:
        return self._http.url

    def start(self) -> BuildResult | None:
        """Build the site (a failure is shown in the browser, not raised), then serve, watch and rebuild."""
        result = self._attempt(["content"])
        self._watcher.watch(self.session.config)
        self._watcher.start()
        self._spawn(self._http.serve_forever, "digest-http")
        self._spawn(self._rebuild_loop, "digest-rebuild")
        return result

    def stop(self) -> None:
        """Stop watching, end the event streams and the server; a build in progress is not waited for long."""
        self._queue.close()
        self._watcher.stop()
        self.live.close()
        if self._threads:
            self._http.shutdown()
        self._http.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        if not self.busy:
            self.session.close()

    @property
    def busy(self) -> bool:
        """Whether a thread of the server still works after `stop` (loading the NLP pipelines, building)."""
        return any(thread.is_alive() for thread in self._threads)

    def __enter__(self) -> DevServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def status(self) -> dict[str, Any]:
        """What the status page shows: the build browsers should show, the last failure, the session's counters."""
        return {
            "build": self.live.build,
            "failed": bool(self.live.problems),
            "problems": [str(p) for p in self.live.problems],
            "warnings": list(self.warnings),
            "rebuilds": self.rebuilds,
            "stats": dataclasses.asdict(self.session.stats),
        }

    def _spawn(self, target: Any, name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _rebuild_loop(self) -> None:
        try:
            self.session.warm_up()
        except (DigestError, OSError, ValueError, ImportError) as err:  # the next build shows it, if it matters
            log.warning("could not load the NLP pipelines ahead of the first edit: %s", err)
        while True:
            self.idle.set()
            paths = self._queue.get()
            self.idle.clear()
            if paths is None:
                return
            # A source folder that came back (or was replaced) is watched before the build reads it,
            # and counts as changed: what was written there before is read by the build, what comes after is seen.
            paths |= set(self._watcher.watch(self.session.config, paths))
            kinds = classify(paths, self.session.config)
            if not kinds:
                continue
            log.debug("changed: %s", ", ".join(sorted(str(p) for p in paths)))
            self._attempt(sorted(kinds))
            self.rebuilds += 1
            # The config may have moved the sources: folders watched only now are read by a build of their own.
            self._queue.put(self._watcher.watch(self.session.config))

    def _attempt(self, kinds: list[ChangeKind]) -> BuildResult | None:
        """One build (the pages open in browsers shown first), then the browsers told, then the search index;
        a failure becomes the overlay."""
        started = time.perf_counter()
        first = _OpenPages(self.live, self._http.ahead)
        try:
            result = self.session.rebuild(kinds, first)
        except Exception as err:  # noqa: BLE001 — a template can raise anything; the preview must survive it
            self._failed(err)
            return None
        finally:
            self._http.ahead.release()  # the site on disk is whole again (the new one, or the last good one)
        stats = self.session.stats
        notice = None
        if stats.kind == "full":  # only a build that read the content knows its warnings
            self.warnings = [str(p) for p in result.report.warnings]
            notice = warnings_html(result.report.warnings, self.session.config.root)
        pushed = self.live.succeeded(stats.changed, stats.removed, notice, frozenset(first.shown))
        log.info("built (%s) in %.2fs: %d file(s) changed, %d removed, %d article(s) annotated%s",
                 stats.kind, time.perf_counter() - started, len(stats.changed), len(stats.removed),
                 stats.annotated, f"; {pushed} pushed" if pushed else "")
        try:
            self.session.finish_search()
        except DigestError as err:
            self._failed(err)
        return result

    def _failed(self, err: Exception) -> None:
        """Show why a build failed on every page; the site stays as it was."""
        problems = problems_of(err)
        if isinstance(err, BuildFailed):
            pass  # each error was logged where it was found
        elif isinstance(err, DigestError):
            log.error("%s", err)
        else:
            log.error("rebuild failed", exc_info=err)
        self.live.failed(problems, overlay_html(problems, self.session.config.root))
        log.error("rebuild failed with %d error(s); still serving the last good site", len(problems))
