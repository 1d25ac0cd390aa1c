"""The orchestrator: a build is two halves, each the list of its stages, run by `digest build` and the preview alike.

`link_content` loads, cleans, annotates and links the sources into a `Corpus`;
`render_and_write` chooses the theme, renders that corpus and writes the site. `build` runs
both; the preview session (`generator.pipeline.session`) runs the same halves, the second
alone when just the theme changed, and passes `Hooks` for what it does otherwise (`hooks.py`).
Before either, `build` compares a digest of everything the site depends on (`inputs.py`) with
the one of the build that wrote the output folder: when they match and nobody touched the
folder, there is nothing to do.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import time
from collections.abc import Callable, Iterator, Mapping, MutableMapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from .annotating import Progress, annotate_articles
from ..render.assets import AssetCheck
from ..cache import TEMPLATES_NAME, AnnotationCache, StoreWarnings
from ..sources.clean import CleanRules, clean_article
from ..files.spool import Spool, SpooledBytes
from ..config import SiteConfig
from ..errors import BuildFailed, Problem, Report
from ..render.branding import branding_pages
from .build_state import BuildState
from ..render.feeds import each_feed_page, feed_pages, feeds_note
from .hooks import Collected, FirstPages, Hooks, Kept, WrittenAside, open_pages
from .inputs import input_digest
from ..sources.language import site_language
from ..sources.load import Content, load_content
from ..output.manifest import SiteManifest
from ..model import Corpus, GlossaryEntry, Page
from ..output.output_folder import claim_output, marker_page
from .preflight import problems_before_work
from ..render.pages import Theme, load_theme, site_pages
from ..render.search import SearchIndex, index_pages, note_document
from ..render.sitemap import sitemap_pages
from ..output.write import StagedSite

if TYPE_CHECKING:
    from ..annotate.annotator import Annotator
    from ..link.memory import LinkMemory

log = logging.getLogger(__name__)

#: Gives the in-process Annotator for the glossary of this build.
AnnotatorFactory = Callable[[Sequence[GlossaryEntry]], "Annotator"]


@dataclass
class DeferredSearch:
    """The search stage of a run that wrote its pages first (`Hooks.defer_search`), to run afterwards."""

    documents: Mapping[str, bytes]
    """What Pagefind reads of each page to index (`search.note_document`)."""
    config: SiteConfig
    cached: bool = True
    warnings: StoreWarnings | None = None

    def run(self) -> list[Page]:
        """The files of the search index of those pages."""
        return index_pages(self.documents, self.config, cached=self.cached, warnings=self.warnings)


@dataclass
class SeenPages:
    """What the stages after rendering need of the pages, which are written away as they come."""

    assets: AssetCheck
    paths: dict[str, None] = field(default_factory=dict)
    """Every page's path, in order."""
    documents: MutableMapping[str, bytes] = field(default_factory=dict)
    """What the search index reads of the pages to index (in memory, or waiting in a `Spool`)."""
    html: int = 0
    """How many of the pages are HTML pages."""

    def add(self, page: Page, *, indexed: bool = True) -> None:
        """Note `page` (`indexed`: a page that may be marked for search, not a file of the index itself)."""
        self.paths[page.path] = None
        self.html += page.path.endswith(".html")
        self.assets.add(page)
        if indexed:
            note_document(self.documents, page)


@dataclass
class BuildResult:
    """What a build did, for the summary line and for tests."""

    corpus: Corpus | None
    """None when the site was up to date and nothing was built."""
    pages_written: int
    report: Report
    timings: dict[str, float] = field(default_factory=dict)
    annotated: int = 0
    """Articles annotated by this build (the others' annotations came from the cache)."""
    rewritten: int | None = None
    """Files whose bytes changed and were written (None: every file was written)."""
    recorded_counts: dict[str, int] = field(default_factory=dict)
    """The counts of the build that made the site, when this one found it up to date."""
    notes: list[str] = field(default_factory=list)
    """What the build says once besides warnings: how the site's language was decided, why it has no feeds."""
    html_pages: int = 0
    """How many of the files written are HTML pages."""
    rendered: int | None = None
    """Pages rendered by this build; the others were taken from the last build's (None: not counted)."""
    search_later: DeferredSearch | None = None
    """The search stage, when the hooks left it for after the write."""

    @property
    def up_to_date(self) -> bool:
        """Whether the site already was what this build would write (nothing was done)."""
        return self.corpus is None

    @property
    def counts(self) -> dict[str, int]:
        if self.corpus is None:
            return dict(self.recorded_counts)
        articles = self.corpus.articles
        return {
            "articles": len(articles),
            "entities": sum(1 for e in self.corpus.entities.values() if e.has_page),
            "quotes": sum(len(a.annotations.statements) for a in articles if a.annotations),
            "glossary terms": len(self.corpus.glossary),
            "pages": self.html_pages,
            "files": self.pages_written,
        }


class StageTimer:
    """How long each stage of a build took.

    Stages may run inside each other, and a stage may run many times (each page is written as it is
    rendered): a stage's time is the sum of its runs, less the time of the stages run inside it.
    """

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._inner: list[float] = []
        """For each stage running, the time spent so far in stages inside it."""

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        self.timings.setdefault(name, 0.0)  # listed in the order the stages start
        self._inner.append(0.0)
        try:
            yield
        finally:
            inner = self._inner.pop()
        spent = time.perf_counter() - start
        self.timings[name] += spent - inner
        if self._inner:
            self._inner[-1] += spent
        else:  # not each page's write
            log.debug("%s: %.2fs", name, self.timings[name])


def build(config: SiteConfig, *, annotator: Annotator | None = None, cache: AnnotationCache | None = None,
          jobs: int = 1, progress: Progress | None = None, force: bool = False, clean_out: bool = False,
          state: BuildState | None = None) -> BuildResult:
    """Load, clean, annotate, link, render and write the site; raise BuildFailed on any error.

    `cache` defaults to the on-disk cache of `config.cache_path`; `jobs` > 1 annotates
    many uncached articles across that many processes; `state`, what an earlier build of this site
    kept for this one, which keeps what this one made (none: the state the last build saved in the
    cache folder, saved there again after this build). Unless `force`d, a site that the
    same inputs built and nobody touched since is left as it is (`BuildResult.up_to_date`).
    The output folder must be empty or one digest built, unless `clean_out` (see `output_folder`).
    """
    report = Report()
    timer = StageTimer()
    # One warning a build about a cache folder it cannot write, whichever of its stores meets it first.
    warnings = cache.warnings if cache is not None else StoreWarnings()
    manifest = SiteManifest.for_output(config.cache_path, config.output_path, warnings)
    claim_output(config.output_path, config.cache_path, clean_out=clean_out)
    with timer.stage("check"):
        inputs = "" if force else input_digest(config)
        if inputs and manifest.up_to_date(config.output_path, inputs):
            for warning in manifest.summary.get("warnings", []):
                report.warn(Problem(None, warning))
            return BuildResult(None, len(manifest.files), report, timer.timings, rewritten=0,
                               recorded_counts=manifest.summary.get("counts", {}),
                               notes=list(manifest.summary.get("notes", [])))
        folder = cache.folder if cache is not None else config.cache_path
        compiled = folder / TEMPLATES_NAME if folder is not None else None
        kept = Kept(theme=checked_theme(config, report, compiled=compiled))
    owned_cache = cache is None
    cache = cache if cache is not None else AnnotationCache(config.cache_path, warnings)
    owned_state = state is None
    if state is None:
        with timer.stage("state"):
            state = BuildState.load(cache.folder, compact=True)  # kept only for the next process
    misses = cache.misses
    hooks = Hooks(stage=partial(StagedSite, manifest=manifest, spare=cache.folder is not None),
                  cached_search=cache.folder is not None, scratch=cache.folder)
    try:
        corpus = link_content(config, report, timer, cache=cache, jobs=jobs, progress=progress, hooks=hooks,
                              annotator=lambda glossary: annotator or new_annotator(glossary), memory=state.link)
        annotated = cache.misses - misses
    finally:
        if owned_cache:
            cache.close()
    state.pages.name_annotations(cache.memory)
    if owned_state and cache.folder is not None:  # saved once the site is written, and read by nothing before
        state.set_link_aside(cache.folder)
    if owned_cache:  # no later build reads these annotations: what only linking reads can go
        forget_event_words(corpus)
    release_free_memory()
    language = site_language(config, (article.lang for article in corpus.articles))
    site = language.applied(config)
    # Without a cache folder nothing is kept for the next build: fingerprinting the pages would be wasted.
    keeps = cache.folder is not None or not owned_state
    result = render_and_write(corpus, site, report, timer, kept=kept, state=state if keeps else None,
                              hooks=hooks, jobs=jobs, warnings=warnings)
    if owned_state:
        with timer.stage("keep"):
            state.save(cache.folder, warnings)
    result.annotated, result.rewritten = annotated, manifest.rewritten
    result.notes = [note for note in (language.note, feeds_note(site)) if note]
    manifest.record(inputs, {"counts": result.counts, "warnings": [str(w) for w in report.warnings],
                             "notes": result.notes})
    return result


def checked_theme(config: SiteConfig, report: Report, previous: Theme | None = None, *,
                  reload: bool = False, compiled: Path | None = None) -> Theme:
    """The theme, after the checks that need no NLP: a broken theme, icon or content folder fails now (`compiled`:
    where the compiled templates are kept, see `load_theme`)."""
    theme = load_theme(config, previous, reload=reload, compiled=compiled)
    if problems := problems_before_work(config, theme):
        for problem in problems:
            report.error(problem)
        raise BuildFailed(problems)
    return theme


def link_content(config: SiteConfig, report: Report, timer: StageTimer, *, cache: AnnotationCache,
                 annotator: AnnotatorFactory, jobs: int = 1, progress: Progress | None = None,
                 hooks: Hooks = Hooks(), memory: LinkMemory | None = None) -> Corpus:
    """The first half of a build: the sources, cleaned, annotated (cache misses only) and linked.

    `hooks.include_drafts` keeps articles marked `draft: true` (the preview shows them; `digest build` does
    not); `hooks.read`, the articles a preview session read before (unchanged files are not parsed again,
    and what the link stage keeps for the next build is not written after every edit); `memory`, what the
    link stage of the caller's earlier builds kept (none: a fresh one).
    """
    with timer.stage("load"):
        content = load_content(config.content_path, report, include_drafts=hooks.include_drafts,
                               max_bytes=config.max_article_kb * 1000, read=hooks.read)
    if report.errors:  # every bad source is reported now, before any NLP
        raise BuildFailed(report.errors)
    with timer.stage("clean"):
        rules = CleanRules(tuple(config.clean.line_patterns), tuple(config.clean.tail_patterns))
        articles = [clean_article(article, rules) for article in content.articles]
    with timer.stage("annotate"):
        in_process = _lazy(lambda: _configured(annotator(content.glossary), content))
        results = annotate_articles(articles, glossary=content.glossary, known_entities=content.known_entities,
                                    cache=cache, annotator=in_process, jobs=jobs, progress=progress,
                                    cluster=config.cluster, report=report)
        for article, annotations in zip(articles, results):
            article.annotations = annotations
    with timer.stage("link"):
        from ..link import link_corpus  # NumPy, SciPy and wordfreq: imported only by builds that link

        return link_corpus(articles, content.glossary, config, report, store=cache.folder, keep=hooks.read is None,
                           memory=memory, warnings=cache.warnings)


def linked_corpus(config: SiteConfig) -> Corpus:
    """The first half of a build alone (for `digest related` and tools); BuildFailed when it found errors."""
    cache = AnnotationCache(config.cache_path)
    report = Report()
    try:
        corpus = link_content(config, report, StageTimer(), cache=cache, annotator=new_annotator)
    finally:
        cache.close()
    if report.errors:
        raise BuildFailed(report.errors)
    return corpus


def render_and_write(corpus: Corpus, config: SiteConfig, report: Report, timer: StageTimer, *, kept: Kept,
                     state: BuildState | None = None, hooks: Hooks = Hooks(), jobs: int = 1,
                     warnings: StoreWarnings | None = None) -> BuildResult:
    """The second half: the theme, every page rendered, then written unless the build found errors.

    `kept`, what an earlier run for this site left (its theme, feeds), which keeps what this one makes;
    `state`, whose page memo gives the pages whose inputs did not change (none: every page is rendered);
    `hooks`, how this run differs from `digest build`'s; `jobs` processes render; `warnings`, where a
    failure to keep the search index in the cache folder is said.
    """
    theme = kept.theme = _theme(config, kept.theme, state, hooks)
    theme.keep_bodies = hooks.keep_bodies
    if hooks.first is not None and not report.failures(config.strict):
        _show_first(corpus, theme, hooks.first, hooks.changed, timer)
    seen = SeenPages(AssetCheck(config.theme_path),
                     documents=SpooledBytes(Spool(hooks.scratch)) if hooks.scratch is not None else {})
    staged = Collected(hooks.write, config.output_path) if hooks.write is not None else \
        WrittenAside(hooks.stage(config.output_path))

    def give(page: Page, *, indexed: bool = True) -> None:
        seen.add(page, indexed=indexed)
        with timer.stage("write"):
            staged.add(page)

    # Unless the hooks leave it for later, each section's search index is made while the rest renders.
    search = None if hooks.defer_search else SearchIndex(config, cached=hooks.cached_search, warnings=warnings)
    section_done = partial(search.section_done, documents=seen.documents) if search is not None else None
    with staged, _closing(search):  # leaving it before `finish` (an error, Ctrl-C) leaves the output folder as it was
        with timer.stage("render"):
            for page in site_pages(corpus, theme, jobs, report=report, section_done=section_done):
                give(page)
            paths = list(seen.paths)  # the sitemap lists the rendered pages (not feeds or branding files)
            for page in chain(_feeds(corpus, config, kept) if hooks.keep_feeds else each_feed_page(corpus, config),
                              sitemap_pages(paths, corpus, config), branding_pages(config), [marker_page()]):
                give(page)
        later = None
        if search is None:
            later = DeferredSearch(seen.documents, config, hooks.cached_search, warnings)
        else:
            with timer.stage("search"):
                for page in search.finish(seen.documents):
                    give(page, indexed=False)
        for problem in seen.assets.problems(search=later is None):
            report.error(problem)
        if report.failures(config.strict):
            raise BuildFailed(report.failures(config.strict))
        with timer.stage("write"):
            written = staged.finish()
    return BuildResult(corpus, written, report, timer.timings, html_pages=seen.html,
                       rendered=theme.memo.rendered if theme.memo is not None else None, search_later=later)


@contextmanager
def _closing(search: SearchIndex | None) -> Iterator[None]:
    """Stop the search indexing still to do when the build stops before it is finished."""
    try:
        yield
    finally:
        if search is not None:
            search.close()


def _theme(config: SiteConfig, previous: Theme | None, state: BuildState | None, hooks: Hooks) -> Theme:
    """The theme for the site's settings (with its language decided), with the state's page memo."""
    theme = load_theme(config, previous, reload=hooks.reload_templates)
    if theme.memo is not None:  # kept from the last run: its pages were dropped when the theme or settings changed
        theme.memo.start_build()
    elif state is not None:  # pages kept by another process count when rendered with the same settings and theme
        theme.memo = state.memo_for(config, theme.strings_key)
    return theme


def _show_first(corpus: Corpus, theme: Theme, first: FirstPages, changed: Callable[[list[Page]], list[Page]],
                timer: StageTimer) -> None:
    """Render the pages open in browsers and hand over those that `changed` (kept by the memo for the rest)."""
    paths = set(first.paths())
    if not paths:
        return
    with timer.stage("render first"):
        shown = changed(open_pages(corpus, theme, paths))
    if shown:
        first.show(shown)


def _feeds(corpus: Corpus, config: SiteConfig, kept: Kept) -> list[Page]:
    """The feed pages, made again only for another corpus or other settings (the theme does not shape them)."""
    if kept.feeds is None or kept.feeds[0] is not corpus or kept.feeds[1] is not config:
        kept.feeds = (corpus, config, feed_pages(corpus, config))
    return kept.feeds[2]


def collect_less() -> None:
    """Run the cyclic garbage collector less often, for this process.

    A build makes a few million small objects that live until it ends; with Python's default
    thresholds the collector scans them again and again, which took a third of the link
    stage. Objects are still freed as soon as unused; only cycles wait a little longer.
    """
    gc.set_threshold(*GC_THRESHOLDS)


def forget_event_words(corpus: Corpus) -> None:
    """Empty the stories' event words, once linked: linking alone reads them (pages, feeds, the search index and
    the build state do not), and at a few hundred words a story they are a large part of a big corpus."""
    for article in corpus.articles:
        if article.annotations is not None:
            article.annotations.event_words = {}


def release_free_memory() -> None:
    """Give the memory the link stage freed back to the system, where the C library allows it (glibc keeps
    freed memory for reuse; the render stage would not reuse most of it, and a forked renderer shares it)."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc
        return
    trim(0)


#: Allocations before a young collection, and young (then middle) collections before an older one.
GC_THRESHOLDS = (50_000, 20, 20)


def new_annotator(glossary: Sequence[GlossaryEntry]) -> Annotator:
    """An Annotator for this glossary (spaCy is imported here, when a build first needs it)."""
    from ..annotate.annotator import Annotator

    return Annotator(glossary=glossary)


def _configured(annotator: Annotator, content: Content) -> Annotator:
    """The annotator with this build's authored names in its entity ruler."""
    annotator.configure(content.glossary, content.known_entities)
    return annotator


def _lazy(factory: Callable[[], Annotator]) -> Callable[[], Annotator]:
    """`factory` called once, on first use: a fully cached build never loads spaCy."""
    made: list[Annotator] = []

    def get() -> Annotator:
        if not made:
            made.append(factory())
        return made[0]

    return get
