"""How a run of the stages differs between `digest build` and the preview: the options and hooks passed in.

`build.py` lists the stages once; `digest build` runs them with the default `Hooks`, each page
staged on disk as soon as it is rendered (by a thread of its own, `WrittenAside`); the preview session
(`session.py`) with its own: drafts kept, unchanged files not parsed again, templates checked for changes, every page handed at once to
a writer that writes only changed files, the pages open in browsers rendered first and handed over,
the search index left for after the write. `Kept` is what a caller keeps from one
run of the stages for the next one of the same site: the theme with its compiled templates, and
the feeds of an unchanged corpus.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..config import SiteConfig
from ..model import Corpus, Page
from ..output.write import StagedSite
from ..render.pages import Theme, render_site
from ..sources.load import ReadArticles

#: Writes the pages as the content of the output folder; returns the number of files.
Writer = Callable[[list[Page], Path], int]


class PageSink(Protocol):
    """Where a build's pages go as they are rendered: staged for the output folder, which `finish` makes them."""

    def __enter__(self) -> PageSink:
        """Leaving before `finish` (an error, Ctrl-C) drops what was given: the output folder stays as it was."""

    def __exit__(self, *exc: object) -> None: ...

    def add(self, page: Page) -> None:
        """One more page (a later one of the same path replaces it)."""

    def finish(self) -> int:
        """Make the pages given the content of the output folder; returns the number of files."""


#: Opens the sink a build's pages go to, for that output folder.
Stager = Callable[[Path], PageSink]


class Collected:
    """A sink that holds the pages and hands them all at once to a `Writer` (the preview's, which compares them all)."""

    def __init__(self, write: Writer, output: Path) -> None:
        self._write, self._output = write, output
        self._pages: list[Page] = []

    def __enter__(self) -> Collected:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pages = []

    def add(self, page: Page) -> None:
        self._pages.append(page)

    def finish(self) -> int:
        return self._write(self._pages, self._output)


class WrittenAside:
    """A page sink (`digest build`'s `StagedSite`) fed by a thread of its own, so that a page is written while the next renders.

    The sink is given the pages in their order, as it would be directly; at most `_WAITING` wait for it (a fast
    renderer never holds the site). An error of the sink is raised by the next `add`, or by `finish`; leaving
    before `finish` drops the pages still waiting, then leaves the sink.
    """

    def __init__(self, sink: PageSink) -> None:
        self._sink = sink
        self._waiting: queue.Queue[Page | None] = queue.Queue(maxsize=_WAITING)
        self._writer: threading.Thread | None = None
        self._failed: BaseException | None = None
        self._dropping = False

    def __enter__(self) -> WrittenAside:
        self._sink.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._dropping = True
        self._stop()
        self._sink.__exit__(*exc)

    def add(self, page: Page) -> None:
        self._raise()
        if self._writer is None:  # started with the first page: the renderer forks its children before
            self._writer = threading.Thread(target=self._write, name="digest-writer", daemon=True)
            self._writer.start()
        self._waiting.put(page)

    def finish(self) -> int:
        self._stop()
        self._raise()
        return self._sink.finish()

    def _write(self) -> None:
        while (page := self._waiting.get()) is not None:
            if self._failed is None and not self._dropping:
                try:
                    self._sink.add(page)
                except BaseException as err:  # raised where the pages come from
                    self._failed = err

    def _stop(self) -> None:
        """Wait until the pages given were written (or dropped)."""
        if self._writer is not None:
            self._waiting.put(None)
            self._writer.join()
            self._writer = None

    def _raise(self) -> None:
        if self._failed is not None:
            failed, self._failed = self._failed, None
            self._dropping = True
            raise failed


#: Pages rendered and not yet written, at most (about a second of rendering).
_WAITING = 256


class FirstPages(Protocol):
    """The pages browsers show, rendered before the rest of a build (the preview server's)."""

    def paths(self) -> Collection[str]:
        """The output paths of the pages open now (`articles/x/index.html`)."""

    def show(self, pages: list[Page]) -> None:
        """Those that changed, rendered: the build goes on to render and write the whole site."""


@dataclass(frozen=True)
class Hooks:
    """What a run of the stages does otherwise than `digest build` (every default is the build's)."""

    stage: Stager = StagedSite
    """Where the pages go as they are rendered (`digest build`'s: staged beside the output folder, then swapped in)."""
    write: Writer | None = None
    """A write stage given every page at once instead (the preview's writes only the files whose bytes changed)."""
    include_drafts: bool = False
    """Keep the articles marked `draft: true`."""
    read: ReadArticles | None = None
    """The articles read before: unchanged files are not parsed again, and linking keeps nothing on disk."""
    reload_templates: bool = False
    """Jinja checks the template files on every use (see `render.load_theme`)."""
    first: FirstPages | None = None
    """The pages to render before the rest; those that changed are handed over at once."""
    changed: Callable[[list[Page]], list[Page]] = list
    """Which of the first pages differ from the site as written last (only those are handed over)."""
    defer_search: bool = False
    """Leave the search index out of the write; the result's `search_later` makes it afterwards."""
    cached_search: bool = True
    """Read and keep the search index in the cache folder."""
    scratch: Path | None = None
    """Where what the later stages need of the pages (their search parts) waits on disk as they are rendered, for
    a big site (`digest build`'s: the cache folder); None: in memory (the preview's, which searches after the write)."""
    keep_feeds: bool = False
    """Keep the feed pages for the next run of the same corpus and settings (a build in its own process makes
    each feed page as it writes it, and keeps none)."""
    keep_bodies: bool = False
    """Keep the articles' rendered bodies for the next run (the preview renders again after every edit; a build
    in its own process ends)."""


@dataclass
class Kept:
    """What the stages reuse from the last run for the same site (the caller owns it)."""

    theme: Theme | None = None
    """The theme, whose compiled templates and rendered bodies are kept while the settings match."""
    feeds: tuple[Corpus, SiteConfig, list[Page]] | None = None
    """The feed pages and the corpus and settings they were made for (the theme does not shape feeds)."""


def open_pages(corpus: Corpus, theme: Theme, paths: Collection[str]) -> list[Page]:
    """Just the pages at `paths`, rendered (no static files); the theme's memo keeps them for the rest."""
    return render_site(corpus, theme.config, theme, only=paths)
