"""A build session: one site built again and again (for `digest serve`), redoing the least that is correct.

What consecutive builds can share lives as long as the session: the Annotator with its
loaded spaCy pipelines (its entity ruler given each build's glossary), the annotation
cache (in memory, backed by the on-disk one), what the link stage keeps (`LinkMemory`)
and the last linked corpus. By kind of change:

- `static`  — a file under the theme's `static/`: those files are copied again, nothing else;
- `theme`   — a template or the UI strings: the last corpus is rendered again (no NLP);
- `content` — an article or glossary entry: everything is loaded again but only articles
  whose cleaned text changed are annotated, then the corpus is linked and rendered;
- `config`  — `digest.toml`: read again, then as `content`.

Each build runs the stages of `build.py` (`link_content`, then `render_and_write`), with
`Hooks` for what the preview does otherwise: drafts are kept, only files whose bytes changed
are rewritten (`IncrementalWriter`); with `defer_search` the search index is made after the
pages are written (`finish_search`), so that the browsers can reload first. Given the pages
open in browsers (`FirstPages`), a build renders those first and hands over the ones that
changed before it renders the rest (as Hugo's server does): the editor sees the edit while the
other pages are made. A build that fails leaves the site as it was and its kinds of change
pending, so the next build redoes them as well; builds never overlap.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Literal

from .. import urls
from .build import BuildResult, DeferredSearch, StageTimer, checked_theme, collect_less, link_content
from .build import new_annotator, render_and_write
from .build_state import BuildState
from ..cache import AnnotationCache
from ..config import SiteConfig, load_config
from ..errors import Report
from .hooks import FirstPages, Hooks, Kept
from ..output.incremental import IncrementalWriter, WriteDelta
from ..sources.language import site_language
from ..sources.load import ReadArticles
from ..model import Corpus, GlossaryEntry
from ..render.pages import static_pages, theme_folders
from ..render.search import BUNDLE_DIR

if TYPE_CHECKING:
    from ..annotate.annotator import Annotator

log = logging.getLogger(__name__)

ChangeKind = Literal["config", "content", "theme", "static"]


@dataclass
class SessionStats:
    """What the session's builds did, for the server's log and for tests."""

    builds: int = 0
    """Successful builds so far."""
    kind: str = ""
    """What the last build redid: `full`, `theme` (render only) or `static` (copy only)."""
    annotated: int = 0
    """Articles the last build annotated (cache misses)."""
    reused: int = 0
    """Articles whose annotations the last build took from the cache."""
    annotated_total: int = 0
    changed: list[str] = field(default_factory=list)
    """Output files the last build wrote because their bytes changed."""
    removed: list[str] = field(default_factory=list)
    rendered: int = 0
    """Pages the last build rendered (the others were unchanged and reused)."""
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds per stage of the last build."""


class BuildSession:
    """Builds of one site that share pipelines, annotations and the last corpus."""

    def __init__(self, config: SiteConfig, *, annotator: Annotator | None = None,
                 cache: AnnotationCache | None = None, jobs: int = 1, defer_search: bool = False,
                 state: BuildState | None = None) -> None:
        """`annotator`, when given, is the one used for every build;
        `cache` defaults to the on-disk cache of `config.cache_path`; with `defer_search`, builds after
        the first leave the search index to `finish_search()`; `state`, what the builds keep for the next
        (none: the one the last `digest build` saved in the cache folder, whose pages the first build takes
        when rendered with the same settings and theme)."""
        collect_less()
        self.config = config
        self.defer_search = defer_search
        self.cache = cache if cache is not None else AnnotationCache(config.cache_path)
        self._owns_cache = cache is None
        self.stats = SessionStats()
        self._annotator: Annotator | None = annotator
        self._jobs = jobs
        self._writer = IncrementalWriter()
        self._read = ReadArticles()
        self._corpus: Corpus | None = None
        self.state = state if state is not None else BuildState.load(self.cache.folder)
        """What the link and render stages keep between this session's builds."""
        self._kept = Kept()
        """The theme and feeds the stages reuse from the last build."""
        self._site: SiteConfig | None = None
        """`config` with the site's language decided (the same value while neither changes)."""
        self._search_later: DeferredSearch | None = None
        self._pending: set[ChangeKind] = set()
        self._lock = threading.Lock()

    def build(self) -> BuildResult:
        """A complete build (annotations still come from the cache when the text is unchanged)."""
        return self.rebuild(["content"])

    def rebuild(self, changes: Iterable[ChangeKind], first: FirstPages | None = None) -> BuildResult:
        """Redo what `changes`, and whatever the last failed builds left undone, require; raise on failure.

        `first`: the pages to render, and hand over when changed, before the rest (not for a config change).
        """
        with self._lock:
            self._pending.update(changes)
            started = time.perf_counter()
            hits, misses = self.cache.hits, self.cache.misses
            kind, result = self._run(self._pending, None if "config" in self._pending else first)
            self._pending.clear()
            delta = self._writer.last
            self.stats = SessionStats(
                builds=self.stats.builds + 1,
                kind=kind,
                annotated=self.cache.misses - misses,
                reused=self.cache.hits - hits,
                annotated_total=self.stats.annotated_total + self.cache.misses - misses,
                changed=delta.changed,
                removed=delta.removed,
                rendered=self.state.pages.rendered if kind != "static" else 0,
                seconds=time.perf_counter() - started,
                timings=result.timings,
            )
            log.info("%s rebuild in %.2fs: %d articles annotated, %d files written, %d removed",
                     kind, self.stats.seconds, self.stats.annotated, len(delta.changed), len(delta.removed))
            return result

    def warm_up(self) -> None:
        """Load the pipelines of the site's languages now, so that the first edit does not wait for them."""
        with self._lock:
            if self._corpus is None:
                return
            annotator = self._annotator_for(())
            for lang in sorted({a.lang for a in self._corpus.articles}):
                annotator.pipeline(lang)

    def close(self) -> None:
        """Close the annotation cache, unless it was given."""
        if self._owns_cache:
            self.cache.close()

    def finish_search(self) -> WriteDelta:
        """Index the pages of the last build for search and write the index (after a `defer_search` build)."""
        with self._lock:
            if self._search_later is None:
                return WriteDelta()
            self._writer.update(self._search_later.run(), self.config.output_path, within=f"{BUNDLE_DIR}/")
            self._search_later = None
            return self._writer.last

    def _run(self, pending: set[ChangeKind], first: FirstPages | None) -> tuple[str, BuildResult]:
        if "config" in pending:
            self.config = load_config(self.config.config_path, output=self.config.output_path)
            self._site = None
        report, timer = Report(), StageTimer()
        if pending & {"config", "theme"}:
            self.state.pages.clear()  # pages rendered by other templates or strings
        if self._corpus is None or pending & {"config", "content"}:
            if self._kept.theme is None or pending & {"config", "theme"}:  # a broken theme fails before any NLP
                # Its compiled templates are kept; Jinja compiles again those whose files changed.
                self._kept.theme = checked_theme(self.config, report, self._kept.theme, reload=True)
            hooks = self._hooks(first)
            corpus = link_content(self.config, report, timer, cache=self.cache, annotator=self._annotator_for,
                                  jobs=self._jobs, hooks=hooks, memory=self.state.link)
            self.state.pages.name_annotations(self.cache.memory)
            note = self._decide_language(corpus)
            result = self._render_and_write(corpus, report, timer, hooks)
            result.notes = [note] if note else []
            self._corpus = corpus
            return "full", result
        if "theme" in pending:
            return "theme", self._render_and_write(self._corpus, report, timer, self._hooks(first))
        folders = theme_folders(self.config)  # a missing one raises: copying nothing would remove the static files
        with timer.stage("write"):
            pages = list(static_pages(folders))
            written = self._writer.update(pages, self.config.output_path, within=f"{urls.STATIC_DIR}/")
        return "static", BuildResult(self._corpus, written, report, timer.timings)

    def _decide_language(self, corpus: Corpus) -> str | None:
        """Decide the site's language from this corpus; what to say about it when it is new or changed."""
        language = site_language(self.config, (article.lang for article in corpus.articles))
        if self._site is not None and self._site.language == language.code:
            return None
        if self._site is not None:
            self.state.pages.clear()  # every page shows the interface's strings
        self._site = language.applied(self.config)
        return language.note

    def _hooks(self, first: FirstPages | None) -> Hooks:
        """How the preview's builds differ from `digest build`'s (the first build writes the whole site)."""
        if not self._writer.started:
            return Hooks(write=self._writer.write, include_drafts=True, read=self._read, reload_templates=True,
                         keep_feeds=True, keep_bodies=True)
        return Hooks(write=partial(self._writer.update, outside=f"{BUNDLE_DIR}/") if self.defer_search
                     else self._writer.write,
                     include_drafts=True, read=self._read, reload_templates=True, first=first,
                     changed=self._writer.differing, defer_search=self.defer_search, keep_feeds=True,
                     keep_bodies=True)

    def _render_and_write(self, corpus: Corpus, report: Report, timer: StageTimer, hooks: Hooks) -> BuildResult:
        result = render_and_write(corpus, self._site or self.config, report, timer, kept=self._kept, state=self.state,
                                  hooks=hooks, warnings=self.cache.warnings)
        if result.search_later is not None:
            self._search_later = result.search_later
        return result

    def _annotator_for(self, glossary: Sequence[GlossaryEntry]) -> Annotator:
        """The session's one Annotator (`link_content` gives it each build's authored names)."""
        if self._annotator is None:
            self._annotator = new_annotator(glossary)
        return self._annotator
