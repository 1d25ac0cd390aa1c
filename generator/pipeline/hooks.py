"""How a run of the stages differs between `digest build` and the preview: the options and hooks passed in.

`build.py` lists the stages once; `digest build` runs them with the default `Hooks`, the preview
session (`session.py`) with its own: drafts kept, unchanged files not parsed again, templates
checked for changes, only changed files written, the pages open in browsers rendered first and
handed over, the search index left for after the write. `Kept` is what a caller keeps from one
run of the stages for the next one of the same site: the theme with its compiled templates, and
the feeds of an unchanged corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..config import SiteConfig
from ..model import Corpus, Page
from ..output.write import write_site
from ..render.pages import Theme, render_site
from ..sources.load import ReadArticles

#: Writes the pages as the content of the output folder; returns the number of files.
Writer = Callable[[list[Page], Path], int]


class FirstPages(Protocol):
    """The pages browsers show, rendered before the rest of a build (the preview server's)."""

    def paths(self) -> Collection[str]:
        """The output paths of the pages open now (`articles/x/index.html`)."""

    def show(self, pages: list[Page]) -> None:
        """Those that changed, rendered: the build goes on to render and write the whole site."""


@dataclass(frozen=True)
class Hooks:
    """What a run of the stages does otherwise than `digest build` (every default is the build's)."""

    write: Writer = write_site
    """The write stage (the preview's writes only the files whose bytes changed)."""
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
