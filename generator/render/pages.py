"""Stage 5: the linked corpus to HTML pages, through the theme's Jinja templates.

`render_site` lists the pages of the site; each `_*_page` function turns part of
the corpus into the small view objects its template shows. Templates only lay out
what they are given: every link target is an output path (`urls.py`), turned into
a relative link for the page being rendered by the template's `url()`.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tomllib
import traceback
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property, partial
from itertools import chain, groupby
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from .. import urls
from .branding import site_branding
from .compiled_templates import kept_templates
from ..config import SiteConfig
from ..errors import Report, TemplateError
from .markup import Highlight, entity_highlights, plain_text, render_body, render_markdown, term_highlights, truncate
from .forked import stream_forked
from .graph import Node, cooccurrence_svg, side_edges
from ..model import (Article, AttributedQuote, Corpus, CorpusEntity, EntityAppearance, GlossaryTerm, Page, Quote,
                     Thread)
from .page_memo import PageMemo
from .pagination import Pager, page_of, pagers
from .search import search_section
from ..files.regular_files import read_regular
from .theme_files import ThemeLoader, refusal, static_pages, theme_loader
from ..urls import article_path, entity_path, relative_url, term_path, thread_path
from ..text_fold import fold

log = logging.getLogger(__name__)

STRINGS_FILE = "i18n.toml"
FALLBACK_LANGUAGE = "en"
TYPE_ORDER = ("PER", "ORG", "LOC", "MISC")
INDEX_ENTITIES = 5
GRAPH_NEIGHBOURS = 8
KEY_QUOTES = 3
TITLE_DEFINITION_CHARS = 300
#: Below this many pages, forking render processes costs more than it saves.
PARALLEL_PAGES = 600
#: The entity index shows one short name an entry, in columns: this many times `page_size` a page.
ENTITY_PAGE_FACTOR = 10
#: The threads index shows a title and its dates an entry: this many times `page_size` a page.
THREAD_PAGE_FACTOR = 5
#: Glossary index entries carry a few lines of definition: this many times `page_size` a page.
TERM_PAGE_FACTOR = 2
#: A story's sidebar shows this many stories of its thread around it (a thread can run to dozens);
#: the thread's own page has them all.
SIDEBAR_THREAD = 5
#: A thread's card on the front page lists this many of its earlier stories; its page has the rest.
CARD_EARLIER = 3
#: Companions listed on an entity page (the most frequent first; the graph draws `GRAPH_NEIGHBOURS`).
COMPANIONS = 20
#: Quotes on a page of an entity's stories: those of the stories it lists, at most this many.
ENTITY_QUOTES = 6


# ---- what templates are given ---------------------------------------------


@dataclass(frozen=True)
class EntityRef:
    """An entity in a list: linked when it has a page (`path`)."""

    name: str
    type: str
    path: str | None
    count: int = 0


@dataclass(frozen=True)
class QuoteView:
    """A quotation with its speaker (linked when a person with a page) and, on entity pages, its story."""

    text: str
    lang: str
    speaker: str | None = None
    speaker_path: str | None = None
    article: Article | None = None
    article_path: str | None = None


@dataclass(frozen=True)
class StoryLink:
    """A story in a list: what links there, with the sentence or the shared names that explain why."""

    article: Article
    path: str
    sentence: str = ""
    shared: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoryCard:
    """A story on the front page."""

    article: Article
    path: str
    summary: str
    quote: QuoteView | None
    entities: list[EntityRef]
    kind: str = "story"


@dataclass(frozen=True)
class ThreadCard:
    """A thread on the front page, where its newest story would be: its stories, newest first."""

    thread: Thread
    path: str
    newest: StoryCard
    earlier: list[StoryLink]
    kind: str = "thread"
    more: int = 0
    """Earlier stories not listed (the thread's page has them)."""


@dataclass(frozen=True)
class ThreadRef:
    """The thread a story is part of, with the stories around it (`current`: the story's place in the thread).

    `stories` are the thread's stories from index `first` on: a few around the current one.
    """

    thread: Thread
    path: str
    stories: list[StoryLink]
    current: int
    first: int = 0


@dataclass(frozen=True)
class DateGroup:
    """The front page's stories (and threads) of one day (`date` None: the undated ones)."""

    date: date | None
    stories: list[StoryCard | ThreadCard]


@dataclass(frozen=True)
class TypeGroup:
    """Entities of one type (`PER`), for the entity index and an article's entity list."""

    type: str
    entities: list[EntityRef]


@dataclass(frozen=True)
class InitialGroup:
    """Entities of one type whose names start with one letter (`#`: not a letter), on the entity index."""

    initial: str
    anchor: str
    entities: list[EntityRef]


@dataclass(frozen=True)
class TypeSection:
    """A type on one page of the entity index: its entities there by initial, and how many it has in all."""

    type: str
    total: int
    initials: list[InitialGroup]


@dataclass(frozen=True)
class Jump:
    """A link from the entity index's overview to where a type or an initial starts (`path#anchor`)."""

    label: str
    target: str
    count: int = 0


@dataclass
class Theme:
    """The theme's templates and UI strings, ready to render pages of one site."""

    root: Path
    """The first theme folder: the site's own, or the built-in theme's when the site has none."""
    env: jinja2.Environment
    config: SiteConfig
    bodies: dict[str, tuple[tuple[str, tuple[Highlight, ...], str, bool], str]] = field(default_factory=dict)
    """Article bodies rendered by the builds of this theme, by page: markdown runs again only for changed text or links."""
    keep_bodies: bool = True
    """Keep each body rendered, for the next build of this theme."""
    memo: PageMemo | None = None
    """The pages of the last build, reused while what they are given is unchanged (the preview server's)."""
    strings_key: bytes = b""
    """A digest of the UI strings (part of what pages that show them in their values are made of)."""
    folders: tuple[Path, ...] = ()
    """Where templates, static files and UI strings are looked up, first match wins (default: `root` alone)."""
    layout: tuple[frozenset[str], ...] = ()
    """The template names in each folder when the environment was made (which folder provides each)."""

    def __post_init__(self) -> None:
        self.folders = self.folders or (self.root,)

    def source(self, template: str) -> Path:
        """The file that provides `template` (in the first folder that holds it)."""
        return next((folder / template for folder in self.folders if (folder / template).exists()), self.root / template)

    def body(self, path: str, text: str, highlights: list[Highlight], fmt: str) -> Markup:
        """An article's text as HTML with its highlights, from the bodies of earlier builds when unchanged."""
        if not self.keep_bodies:
            return Markup(render_body(text, highlights, fmt, raw_html=self.config.markdown.raw_html))
        key = (text, tuple(highlights), fmt, self.config.markdown.raw_html)
        kept = self.bodies.get(path)
        if kept is None or kept[0] != key:
            kept = self.bodies[path] = (key, render_body(text, highlights, fmt, raw_html=key[3]))
        return Markup(kept[1])

    def forget_unused(self, paths: set[str]) -> None:
        """Keep only the bodies of these pages (a long session does not grow)."""
        self.bodies = {path: self.bodies[path] for path in paths & self.bodies.keys()}

    def render(self, template: str, path: str, section: str | None = None, **context: Any) -> Page:
        """Render `template` as the page at `path`; template problems raise TemplateError naming file and line."""
        return self.render_from(context, template, path, section, lambda: context)

    def render_from(self, inputs: Any, template: str, path: str, section: str | None,
                    context: Callable[[], dict[str, Any]]) -> Page:
        """`render` with the values made by `context()` only when needed: when the memo has no page
        rendered from the same `inputs` (everything those values are made of)."""
        if self.memo is None:
            return self._render(template, path, section, context())
        fingerprint = self.memo.fingerprint((template, path, section, inputs))
        kept = self.memo.page(path, fingerprint)
        if kept is not None:
            return kept
        # After a theme change the pages are rendered again, from the values made last time.
        values = self.memo.values(path, fingerprint)
        if values is None:
            values = context()
        page = self._render(template, path, section, values)
        self.memo.keep(path, fingerprint, page, values)
        return page

    def _render(self, template: str, path: str, section: str | None, context: dict[str, Any]) -> Page:
        context = {
            "page_path": path,
            "url": partial(relative_url, path),
            "section": section,
            "base_href": None,
            **context,
        }
        try:
            html = self.env.get_template(template).render(context)
        except jinja2.TemplateSyntaxError as err:
            where = Path(err.filename) if err.filename else self.source(template)
            raise TemplateError(where, err.message or str(err), err.lineno) from None
        except jinja2.UndefinedError as err:
            where, line = _template_frame(err, self.folders)
            message = f"{err.message} (rendering {path})"
            raise TemplateError(where or self.source(template), message, line) from None
        except jinja2.TemplateNotFound as err:
            raise TemplateError(self.source(template), f"template not found: {err.name}") from None
        except (jinja2.TemplateError, ArithmeticError, LookupError, TypeError, ValueError, AttributeError,
                RecursionError) as err:  # what an expression in a template can raise
            where, line = _template_frame(err, self.folders)
            message = f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else 'no message'} (rendering {path})"
            raise TemplateError(where or self.source(template), message, line,
                                hint="fix the expression at that line of the template") from None
        return Page(path, html.encode("utf-8"))


# ---- the stage ------------------------------------------------------------


def render_site(corpus: Corpus, config: SiteConfig, theme: Theme | None = None, jobs: int = 1,
                only: Collection[str] | None = None, report: Report | None = None) -> list[Page]:
    """Render every page of the site and copy the theme's static files, as Pages (path relative to the output root, bytes).

    `theme` defaults to `load_theme(config)`; the preview server passes the one it keeps between builds.
    With `jobs` > 1 the pages are rendered across that many processes (see `forked.py`).
    `only`: render just the pages at these paths (no static files), such as the ones open in browsers.
    Theme files that are not copied (links out of the theme, pipes) are warned about in `report`.
    """
    theme = theme if theme is not None else load_theme(config)
    if only is not None:
        return [render() for path, render in page_tasks(theme, corpus) if path in only]
    return list(site_pages(corpus, theme, jobs, report))


def site_pages(corpus: Corpus, theme: Theme, jobs: int = 1, report: Report | None = None,
               section_done: Callable[[str], None] | None = None) -> Iterator[Page]:
    """`render_site`'s pages in its order, each as soon as it is rendered, so that a build can write it away.

    `section_done` is told each search section (`search.search_section`) once its last HTML page was handed over."""
    tasks = page_tasks(theme, corpus)
    jobs = jobs if len(tasks) >= PARALLEL_PAGES else 1
    if theme.memo is not None and jobs > 1:
        theme.memo.know(chain(corpus.articles, (e for e in corpus.entities.values() if e.has_page),
                              corpus.glossary.values(), corpus.threads.values()), forked=True)
    forked = theme.memo.stream_forked if theme.memo is not None else stream_forked  # the memo keeps the children's pages
    rendered = forked([render for _, render in tasks], jobs)
    last = {search_section(path): number for number, (path, _) in enumerate(tasks, start=1) if path.endswith(".html")}
    ends: dict[int, list[str]] = {}
    for section, number in last.items():
        ends.setdefault(number, []).append(section)
    seen: set[str] = set()
    twice: set[str] = set()
    count = 0
    for count, page in enumerate(chain(rendered, static_pages(theme.folders, report)), start=1):
        (twice if page.path in seen else seen).add(page.path)
        yield page
        if section_done is not None:
            for section in ends.get(count, ()):
                section_done(section)
    if twice:
        log.warning("pages rendered twice (the last one is written): %s", ", ".join(sorted(twice)))
    theme.forget_unused({article_path(a.slug) for a in corpus.articles})
    log.info("rendered %d pages", count)


def page_tasks(theme: Theme, corpus: Corpus) -> list[tuple[str, Callable[[], Page]]]:
    """The site's pages as (output path, what renders it), without rendering any."""
    stories_of = _stories_of(corpus)
    mentions = mention_counts(corpus)
    size = theme.config.page_size
    entries = _front_entries(corpus)
    tasks: list[tuple[str, Callable[[], Page]]] = [
        (pager.path, partial(_index_page, theme, corpus, entries, pager, mentions))
        for pager in pagers(urls.INDEX, len(entries), size)]
    tasks += [(article_path(a.slug), partial(_article_page, theme, corpus, a, mentions)) for a in corpus.articles]
    listed = _indexed_entities(corpus)
    index_pagers = pagers(urls.ENTITIES_INDEX, len(listed), size * ENTITY_PAGE_FACTOR)
    jumps = _entity_jumps(listed, index_pagers)
    tasks += [(pager.path, partial(_entities_page, theme, listed, jumps, pager)) for pager in index_pagers]
    tasks += [(pager.path, partial(_entity_page, theme, corpus, e, stories_of, pager, shared))
              for e in corpus.entities.values() if e.has_page
              for shared in [_EntityStories(e, stories_of)]
              for pager in pagers(entity_path(e.key), len(e.appearances), size)]
    terms = sorted(corpus.glossary.values(), key=lambda t: _sort_key(t.term))
    tasks += [(pager.path, partial(_glossary_page, theme, terms, pager))
              for pager in pagers(urls.GLOSSARY_INDEX, len(terms), size * TERM_PAGE_FACTOR)]
    tasks += [(pager.path, partial(_threads_page, theme, corpus, pager))
              for pager in pagers(urls.THREADS_INDEX, len(corpus.threads), size * THREAD_PAGE_FACTOR)]
    tasks += [(pager.path, partial(_term_page, theme, term, pager, stories))
              for term in corpus.glossary.values()
              for stories in [sorted(term.articles, key=_newest_first)]
              for pager in pagers(term_path(term.slug), len(term.articles), size)]
    tasks += [(pager.path, partial(_thread_page, theme, corpus, t, pager, mentions)) for t in corpus.threads.values()
              for pager in pagers(thread_path(t.slug), len(t.articles), size)]
    tasks.append((urls.SEARCH, partial(theme.render, "search.html", urls.SEARCH, section="search")))
    tasks.append((urls.NOT_FOUND, partial(_not_found_page, theme)))
    return tasks


def load_theme(config: SiteConfig, previous: Theme | None = None, *, reload: bool = False,
               compiled: Path | None = None) -> Theme:
    """The Jinja environment on the theme folders, with the UI strings of the site's language.

    The site's own theme folder (`theme_dir`), when set, overrides the built-in theme file by file.

    A `previous` theme of the same config keeps its environment and its rendered bodies; the
    UI strings are read again. With `reload` (the preview server's), Jinja checks the files of
    the templates it uses on every use and compiles again those that changed; a build does not
    (one file check per template per page would add up). `compiled`: where the compiled templates are kept for
    a build in another process (`compiled_templates`; none: compiled in each process).
    """
    folders = theme_folders(config)
    root = folders[0]
    # "": the site's language is not decided yet (the checks before work compile the theme first).
    strings = load_strings([folder / STRINGS_FILE for folder in folders], config.language or FALLBACK_LANGUAGE)
    strings_key = hashlib.blake2b(pickle.dumps(strings), digest_size=16).digest()
    layout = tuple(frozenset(ThemeLoader(folder).list_templates()) for folder in folders)
    if previous is not None and previous.folders == folders and (
            previous.config is config or replace(previous.config, language=config.language) == config):
        # The same site, perhaps with its language decided since: the compiled templates are kept.
        previous.env.globals.update(site=config, lang=config.language, t=strings,
                                    format_date=partial(format_date, strings))
        previous.config, previous.strings_key = config, strings_key
        if previous.layout != layout and previous.env.cache is not None:
            # A template added to or removed from the site's folder now comes from another folder,
            # which Jinja's reload check (the file it read before is unchanged) would not notice.
            previous.env.cache.clear()
        previous.layout = layout
        return previous
    env = jinja2.Environment(
        loader=theme_loader(folders),
        auto_reload=reload,
        autoescape=jinja2.select_autoescape(("html", "htm", "xml")),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=kept_templates(compiled),
    )
    env.globals.update(
        site=config,
        lang=config.language,
        t=strings,
        article_path=article_path,
        entity_path=entity_path,
        term_path=term_path,
        thread_path=thread_path,
        search_path=urls.SEARCH,
        search_bundle=urls.SEARCH_BUNDLE,
        format_date=partial(format_date, strings),
        count=count,
        branding=site_branding(config),
    )
    return Theme(root, env, config, strings_key=strings_key, folders=folders, layout=layout)


def theme_folders(config: SiteConfig) -> tuple[Path, ...]:
    """The site's theme folders, first match first; a missing one is a TemplateError."""
    folders = config.theme_folders
    for number, folder in enumerate(folders):
        if not folder.is_dir():
            if number == len(folders) - 1:
                raise TemplateError(folder, "built-in theme folder not found",
                                    hint="reinstall digest (pip install .), or set theme_dir to a full theme "
                                         "(digest theme export)")
            raise TemplateError(folder, "theme folder not found",
                                hint="create it, fix theme_dir in digest.toml, or remove theme_dir to use the "
                                     "built-in theme")
    return folders


def load_strings(paths: Path | Sequence[Path], language: str) -> SimpleNamespace:
    """The UI strings of `language` from the theme's `i18n.toml`, missing ones taken from English.

    Given several files (the site's, then the built-in theme's), they are merged key by key, the
    first file winning: a site's `i18n.toml` needs only the strings it changes. The last one must exist."""
    files = [paths] if isinstance(paths, Path) else list(paths)
    tables: dict[str, Any] = {}
    for number, path in enumerate(reversed(files)):
        if number > 0 and not (path.exists() or path.is_symlink()):
            continue  # a site's theme need not change any string
        tables = _merge(tables, _string_tables(path))
    base = language.split("-")[0].lower()
    chosen = tables.get(language) or tables.get(base)
    if chosen is None:
        log.warning("%s has no [%s] table; using [%s]", files[0], language, FALLBACK_LANGUAGE)
        chosen = {}
    return _namespace(_merge(tables.get(FALLBACK_LANGUAGE, {}), chosen))


def _string_tables(path: Path) -> dict[str, Any]:
    """The tables of one `i18n.toml` file; a missing, unsafe or invalid one is a TemplateError."""
    if (path.exists() or path.is_symlink()) and (reason := refusal(path, path.parent)) is not None:
        raise TemplateError(path, f"UI strings file refused: {reason}", hint="keep i18n.toml inside the theme folder")
    try:
        return tomllib.loads(read_regular(path).decode("utf-8-sig"))
    except FileNotFoundError:
        raise TemplateError(path, "UI strings file not found", hint="the theme needs an i18n.toml") from None
    except OSError as err:
        raise TemplateError(path, f"cannot read the UI strings: {err.strerror or err}") from None
    except UnicodeDecodeError as err:
        raise TemplateError(path, f"not valid UTF-8 (byte {err.start})", hint="save the file as UTF-8") from None
    except tomllib.TOMLDecodeError as err:
        raise TemplateError(path, f"invalid TOML: {err}") from None


def format_date(strings: SimpleNamespace, day: date) -> str:
    """A date in words in the site's language (`5 de marzo de 2024`)."""
    return strings.date_format.format(day=day.day, month=strings.months[day.month - 1], year=day.year)


def count(n: int, forms: list[str]) -> str:
    """`n` with the singular or plural form (`["{n} mention", "{n} mentions"]`)."""
    return forms[0 if n == 1 else 1].format(n=n)


# ---- pages ----------------------------------------------------------------


def _front_entries(corpus: Corpus) -> list[tuple[Article, Thread | None]]:
    """The front page's entries, newest first: each story, or for a thread its newest story (once)."""
    entries: list[tuple[Article, Thread | None]] = []
    placed: set[str] = set()
    for article in sorted(corpus.articles, key=_newest_first):
        thread = corpus.article_threads.get(article.slug)
        if thread is None:
            entries.append((article, None))
        elif thread.slug not in placed:
            placed.add(thread.slug)
            entries.append((article, thread))
    return entries


def _index_page(theme: Theme, corpus: Corpus, entries: list[tuple[Article, Thread | None]], pager: Pager,
                mentions: Mentions | None = None) -> Page:
    """One page of the stories, newest first by day; a thread's stories together, where its newest story is."""
    cards: list[tuple[date | None, StoryCard | ThreadCard]] = []
    for article, thread in entries[pager.start:pager.stop]:
        if thread is None:
            cards.append((article.date, _story_card(corpus, article, mentions)))
            continue
        earlier = [a for a in reversed(thread.articles) if a.slug != article.slug]
        card = ThreadCard(thread, thread_path(thread.slug), _story_card(corpus, article, mentions),
                          [StoryLink(a, article_path(a.slug)) for a in earlier[:CARD_EARLIER]],
                          more=max(0, len(earlier) - CARD_EARLIER))
        cards.append((article.date, card))
    groups = [DateGroup(day, [card for _, card in same_day]) for day, same_day in groupby(cards, key=lambda e: e[0])]
    return theme.render("index.html", pager.path, section="digest", groups=groups, pager=pager)


def _thread_page(theme: Theme, corpus: Corpus, thread: Thread, pager: Pager, mentions: Mentions | None = None) -> Page:
    """One page of a thread's timeline, oldest first, and the entities most of its stories share."""
    counts: Counter[str] = Counter()
    by_key: dict[str, CorpusEntity] = {}
    for article in thread.articles:
        for entity in corpus.article_entities.get(article.slug, []):
            counts[entity.key] += 1
            by_key[entity.key] = entity
    shared = [_entity_ref(by_key[key], n) for key, n in counts.items() if n > 1]
    shared.sort(key=lambda ref: (-ref.count, ref.path is None, _sort_key(ref.name)))
    return theme.render(
        "thread.html",
        pager.path,
        section="threads",
        thread=thread,
        stories=[_story_card(corpus, a, mentions) for a in thread.articles[pager.start:pager.stop]],
        shared=shared[:INDEX_ENTITIES * 2],
        pager=pager,
    )


def _threads_page(theme: Theme, corpus: Corpus, pager: Pager) -> Page:
    """One page of the threads, newest first: each one's name, dates and how many stories it holds."""
    threads = [(thread, thread_path(thread.slug)) for thread in list(corpus.threads.values())[pager.start:pager.stop]]
    return theme.render("threads.html", pager.path, section="threads", threads=threads, pager=pager)


def _thread_ref(corpus: Corpus, article: Article, size: int) -> ThreadRef | None:
    """The story's thread, with at most `SIDEBAR_THREAD` of its stories around the story, linking to
    the page of the thread that shows the story (`size`: stories on a page)."""
    thread = corpus.article_threads.get(article.slug)
    if thread is None:
        return None
    current = next(n for n, a in enumerate(thread.articles) if a.slug == article.slug)
    first = min(max(0, current - SIDEBAR_THREAD // 2), max(0, len(thread.articles) - SIDEBAR_THREAD))
    stories = [StoryLink(a, article_path(a.slug)) for a in thread.articles[first:first + SIDEBAR_THREAD]]
    shown = pagers(thread_path(thread.slug), len(thread.articles), size)[page_of(current, size) - 1]
    return ThreadRef(thread, shown.path, stories, current, first)


def _story_card(corpus: Corpus, article: Article, mentions: Mentions | None = None) -> StoryCard:
    annotations = article.annotations
    quotes = annotations.key_quotes if annotations else []
    entities = corpus.article_entities.get(article.slug, [])[:INDEX_ENTITIES]
    return StoryCard(
        article=article,
        path=article_path(article.slug),
        summary=_snippet(article, annotations.summary) if annotations else "",
        quote=_quote_view(corpus, article, quotes[0]) if quotes else None,
        entities=[_entity_ref(e, _mentions_in(e, article, mentions)) for e in entities],
    )


def _article_page(theme: Theme, corpus: Corpus, article: Article, mentions: Mentions | None = None) -> Page:
    path = article_path(article.slug)
    listed = corpus.article_entities.get(article.slug, [])
    local = corpus.entity_index.get(article.slug, {})
    terms = corpus.article_terms.get(article.slug, [])
    thread = corpus.article_threads.get(article.slug)
    # What the page is made of: the story, its related stories (in their order, with what they share: the
    # page is not given their scores), how its names were merged (and whether their entities have pages), its
    # terms (what it shows of them: not their other stories), its thread (and the page size, which decides the
    # page of the thread it links to) and its main subject's other stories.
    subject = corpus.main_subjects.get(article.slug)
    more = corpus.more_about.get(article.slug, [])
    inputs = (article, [(link.article, link.shared) for link in corpus.related.get(article.slug, [])],
              [(e.key, e.name, e.type, e.has_page) for e in listed],
              [(name, e.key, e.type, e.has_page) for name, e in local.items()],
              [(t.slug, t.term, t.aliases, t.origin, t.definition) for t in terms], thread,
              theme.config.page_size, (subject.key, subject.name) if subject else None, [link.article for link in more])

    def context() -> dict[str, Any]:
        annotations = article.annotations
        key_quotes = annotations.key_quotes[:KEY_QUOTES] if annotations else []
        related = [
            StoryLink(link.article, article_path(link.article.slug), shared=tuple(link.shared))
            for link in corpus.related.get(article.slug, [])
        ]
        entities = [_entity_ref(e, _mentions_in(e, article, mentions)) for e in listed]
        return dict(
            article=article,
            body=theme.body(path, article.text, _highlights(corpus, article, path), article.format),
            source_href=_safe_href(article.source_url),
            quotes=[_quote_view(corpus, article, q) for q in key_quotes],
            related=related,
            subject=_entity_ref(subject) if subject else None,
            more_about=[StoryLink(link.article, article_path(link.article.slug)) for link in more],
            entity_groups=_by_type(entities),
            terms=terms,
            thread=_thread_ref(corpus, article, theme.config.page_size),
        )

    return theme.render_from(inputs, "article.html", path, "digest", context)


def _highlights(corpus: Corpus, article: Article, path: str) -> list[Highlight]:
    """Every entity mention (linked when its canonical entity has a page) and every glossary term use."""
    found: list[Highlight] = []
    local = corpus.entity_index.get(article.slug, {})
    for entity in article.annotations.entities if article.annotations else []:
        canonical = local.get(entity.name)
        href = relative_url(path, entity_path(canonical.key)) if canonical and canonical.has_page else None
        found += entity_highlights(article.text, entity.mentions, entity.type, href)
    for term in corpus.article_terms.get(article.slug, []):
        href = relative_url(path, term_path(term.slug))
        title = truncate(_definition_text(term), TITLE_DEFINITION_CHARS)
        found += term_highlights(article.text, [term.term, *term.aliases], href, title, term.slug)
    return found


def _indexed_entities(corpus: Corpus) -> list[EntityRef]:
    """The entities with a page, by type (people first), then alphabetically; counts are their stories."""
    listed = [_entity_ref(e, len({a.article.slug for a in e.appearances}))
              for e in corpus.entities.values() if e.has_page and e.type in TYPE_ORDER]
    order = {kind: n for n, kind in enumerate(TYPE_ORDER)}
    listed.sort(key=lambda ref: (order[ref.type], _initial(ref.name), _sort_key(ref.name)))
    return listed


def _initial(name: str) -> str:
    """The letter a name is listed under (`Álvarez` under A); `#` when it starts with no letter."""
    first = _sort_key(name.strip())[:1].upper()
    return first if first.isalpha() else "#"


def _anchor(kind: str, initial: str) -> str:
    return f"{kind}-{initial if initial != '#' else 'other'}"


def _entity_jumps(listed: list[EntityRef], index: list[Pager]) -> list[tuple[Jump, list[Jump]]]:
    """Every type with its count and its initials, each linking to the page of the index where it starts."""
    jumps: list[tuple[Jump, list[Jump]]] = []
    for n, ref in enumerate(listed):
        path = index[page_of(n, index[0].size) - 1].path
        if not jumps or jumps[-1][0].label != ref.type:
            jumps.append((Jump(ref.type, f"{path}#type-{ref.type}"), []))
        kind, initials = jumps[-1]
        jumps[-1] = (Jump(kind.label, kind.target, kind.count + 1), initials)
        initial = _initial(ref.name)
        if not initials or initials[-1].label != initial:
            initials.append(Jump(initial, f"{path}#{_anchor(ref.type, initial)}"))
        initials[-1] = Jump(initial, initials[-1].target, initials[-1].count + 1)
    return jumps


def _entities_page(theme: Theme, listed: list[EntityRef], jumps: list[tuple[Jump, list[Jump]]],
                   pager: Pager) -> Page:
    """One page of the entity index, by type and initial, below an overview linking every type and initial."""
    totals = {kind.label: kind.count for kind, _ in jumps}
    sections: list[TypeSection] = []
    for kind, refs in groupby(listed[pager.start:pager.stop], key=lambda ref: ref.type):
        initials = [InitialGroup(initial, _anchor(kind, initial), list(same))
                    for initial, same in groupby(refs, key=lambda ref: _initial(ref.name))]
        sections.append(TypeSection(kind, totals[kind], initials))
    # `entity_groups` (this page's entities by type, without initials): for a theme's own entities.html
    # that lists them that way.
    return theme.render("entities.html", pager.path, section="entities", sections=sections, jumps=jumps,
                        pager=pager, entity_groups=_by_type(listed[pager.start:pager.stop]))


class _EntityStories:
    """What every page of one entity's stories shares, made once: an entity in thousands of stories has
    hundreds of pages, and each sorting them all again would grow with the square of its stories."""

    def __init__(self, entity: CorpusEntity, stories_of: dict[str, frozenset[str]] | None) -> None:
        self.entity = entity
        self.stories_of = stories_of

    @cached_property
    def newest_first(self) -> list[EntityAppearance]:
        return sorted(self.entity.appearances, key=lambda a: _newest_first(a.article))

    @cached_property
    def quotes_by_story(self) -> dict[str, list[tuple[int, AttributedQuote]]]:
        """Story slug → its quotes, each with its place among the entity's (the order of equals)."""
        found: dict[str, list[tuple[int, AttributedQuote]]] = {}
        for place, quote in enumerate(self.entity.quotes):
            found.setdefault(quote.article.slug, []).append((place, quote))
        return found

    @cached_property
    def together(self) -> dict[tuple[int, int], int]:
        """For each pair of the graph's neighbours, how many stories they share."""
        return _together(self.entity, self.stories_of)


def _entity_page(theme: Theme, corpus: Corpus, entity: CorpusEntity,
                 stories_of: dict[str, frozenset[str]] | None = None, pager: Pager | None = None,
                 shared: _EntityStories | None = None) -> Page:
    """One page of an entity's stories (newest first), with the quotes of those stories and its companions.

    `shared`: what the entity's other pages computed already."""
    stories_of = stories_of if stories_of is not None else _stories_of(corpus)
    pager = pager if pager is not None else pagers(entity_path(entity.key), len(entity.appearances),
                                                   theme.config.page_size)[0]
    shared = shared if shared is not None else _EntityStories(entity, stories_of)
    # The page is made of the entity (with its stories and companions) and of the lines its graph draws
    # between companions: from those alone, the preview knows the page is unchanged. The lines as drawn,
    # not the companions' stories: a story added elsewhere to a companion changes no line of the graph
    # unless it holds two of them, and then only when the line's width or presence changes.
    graph = side_edges(shared.together, max((n for _, n in entity.cooccurring[:GRAPH_NEIGHBOURS]), default=0) or 1)

    def context() -> dict[str, Any]:
        appearances = shared.newest_first[pager.start:pager.stop]
        shown = dict.fromkeys(a.article.slug for a in appearances)
        placed = [found for slug in shown for found in shared.quotes_by_story.get(slug, [])]
        quotes = [q for _, q in sorted(placed, key=lambda found: (_newest_first(found[1].article),
                                                                  -found[1].quote.score, found[0]))][:ENTITY_QUOTES]
        return dict(
            entity=entity,
            aliases=sorted((a for a in entity.aliases if a != entity.name), key=_sort_key),
            appearances=[
                StoryLink(a.article, article_path(a.article.slug), sentence=_snippet(a.article, a.sentence))
                for a in appearances
            ],
            quotes=[
                QuoteView(_snippet(q.article, q.quote.text), q.article.lang, article=q.article,
                          article_path=article_path(q.article.slug))
                for q in quotes
            ],
            cooccurring=[_entity_ref(other, n) for other, n in entity.cooccurring[:COMPANIONS]],
            more_companions=max(0, len(entity.cooccurring) - COMPANIONS),
            story_count=len(entity.appearances),
            graph=_entity_graph(theme, entity, stories_of, pager.path, shared.together),
            pager=pager,
        )

    return theme.render_from((entity, graph, theme.strings_key, pager), "entity.html", pager.path, "entities",
                             context)


def _stories_of(corpus: Corpus) -> dict[str, frozenset[str]]:
    """Entity key → the slugs of its stories."""
    return {key: frozenset(a.article.slug for a in e.appearances) for key, e in corpus.entities.items()}


def _entity_graph(theme: Theme, entity: CorpusEntity, stories_of: dict[str, frozenset[str]] | None = None,
                  path: str | None = None, together: dict[tuple[int, int], int] | None = None) -> Markup:
    """The entity and the ones it appears with most, as inline SVG; links relative to its page at `path`
    (default: the first page of its stories).

    `stories_of` (entity key → slugs of its stories) is computed once per site, not once per page;
    `together`, the stories each pair of neighbours shares (see `_together`), once per entity.
    """
    path = path if path is not None else entity_path(entity.key)
    shown = entity.cooccurring[:GRAPH_NEIGHBOURS]
    if not shown:
        return Markup("")
    together = together if together is not None else _together(entity, stories_of)
    t = theme.env.globals["t"]
    neighbours = [
        Node(other.name, other.type, relative_url(path, entity_path(other.key)) if other.has_page else None, n)
        for other, n in shown
    ]
    listed = ", ".join(f"{node.name} ({count(node.count, t.stories)})" for node in neighbours)
    return cooccurrence_svg(
        Node(entity.name, entity.type), neighbours, together,
        title=t.graph_title.format(name=entity.name),
        description=t.graph_description.format(name=entity.name, list=listed),
        ident="cooccurrence",
    )


def _together(entity: CorpusEntity, stories_of: dict[str, frozenset[str]] | None) -> dict[tuple[int, int], int]:
    """How many stories each pair of the entity's graph neighbours (by their place) shares."""
    shown = entity.cooccurring[:GRAPH_NEIGHBOURS]
    stories = {other.key: (stories_of or {}).get(other.key) or frozenset(a.article.slug for a in other.appearances)
               for other, _ in shown}
    return {
        (a, b): len(stories[shown[a][0].key] & stories[shown[b][0].key])
        for a in range(len(shown)) for b in range(a + 1, len(shown))
    }


def _glossary_page(theme: Theme, terms: list[GlossaryTerm], pager: Pager) -> Page:
    """One page of the glossary index, alphabetical, each term with the start of its definition."""
    terms = terms[pager.start:pager.stop]
    summaries = {t.slug: truncate(_definition_text(t), TITLE_DEFINITION_CHARS) for t in terms}
    return theme.render("glossary.html", pager.path, section="glossary", terms=terms, summaries=summaries,
                        pager=pager)


def _term_page(theme: Theme, term: GlossaryTerm, pager: Pager | None = None,
               newest_first: list[Article] | None = None) -> Page:
    """One page of a term: its definition and a page of the stories that use it, newest first
    (`newest_first`: those stories in that order, sorted once for all the term's pages)."""
    pager = pager if pager is not None else pagers(term_path(term.slug), len(term.articles),
                                                   theme.config.page_size)[0]
    stories = newest_first if newest_first is not None else sorted(term.articles, key=_newest_first)
    if term.origin == "authored":
        definition = Markup(render_markdown(term.definition, shift_headings=2, raw_html=theme.config.markdown.raw_html))
    else:
        definition = Markup("<p>{}</p>").format(term.definition)
    return theme.render(
        "term.html",
        pager.path,
        section="glossary",
        term=term,
        definition=definition,
        source=_term_source(term),
        stories=[StoryLink(a, article_path(a.slug)) for a in stories[pager.start:pager.stop]],
        pager=pager,
    )


def _term_source(term: GlossaryTerm) -> StoryLink | None:
    """The story an extracted definition was taken from, with the sentence that defines it."""
    article = term.source_article
    if article is None:
        return None
    return StoryLink(article, article_path(article.slug), _snippet(article, term.source_sentence or ""))


def _not_found_page(theme: Theme) -> Page:
    # Served for a missing URL at any depth: its relative links only hold at the root,
    # unless a base URL is known, which a <base> element then makes them relative to.
    base = theme.config.base_url.rstrip("/")
    return theme.render("404.html", urls.NOT_FOUND, base_href=f"{base}/" if base else None)


# ---- helpers --------------------------------------------------------------


def _quote_view(corpus: Corpus, article: Article, quote: Quote) -> QuoteView:
    """A quote whose speaker links to their page when the speaker is a person with one."""
    speaker = corpus.entity_index.get(article.slug, {}).get(quote.speaker or "")
    linked = speaker is not None and speaker.type == "PER" and speaker.has_page
    return QuoteView(
        text=_snippet(article, quote.text),
        lang=article.lang,
        speaker=quote.speaker,
        speaker_path=entity_path(speaker.key) if linked and speaker else None,
    )


def _entity_ref(entity: CorpusEntity, n: int = 0) -> EntityRef:
    return EntityRef(entity.name, entity.type, entity_path(entity.key) if entity.has_page else None, n)


#: (entity key, story slug) → how many times the story mentions the entity.
Mentions = dict[tuple[str, str], int]


def mention_counts(corpus: Corpus) -> Mentions:
    """Every entity's mentions in each of its stories, read once for the whole site (finding a story among an
    entity's stories for each of the story's entities would grow with the square of a popular entity's stories)."""
    counts: Mentions = {}
    for entity in corpus.entities.values():
        for appearance in entity.appearances:
            key = (entity.key, appearance.article.slug)
            counts[key] = counts.get(key, 0) + appearance.mentions
    return counts


def _mentions_in(entity: CorpusEntity, article: Article, counts: Mentions | None = None) -> int:
    if counts is not None:
        return counts.get((entity.key, article.slug), 0)
    return sum(a.mentions for a in entity.appearances if a.article.slug == article.slug)


def _by_type(refs: list[EntityRef]) -> list[TypeGroup]:
    """Entities grouped by type in a fixed order (people, organisations, places, other); order kept within."""
    groups = {kind: [r for r in refs if r.type == kind] for kind in TYPE_ORDER}
    return [TypeGroup(kind, members) for kind, members in groups.items() if members]


def _definition_text(term: GlossaryTerm) -> str:
    if term.origin == "authored":
        return plain_text(term.definition)
    return " ".join(term.definition.split())


def _snippet(article: Article, text: str) -> str:
    """A sentence or summary from an article's text, its inline Markdown removed."""
    if article.format != "markdown":
        return " ".join(text.split())
    return plain_text(text, inline=True)


def _safe_href(url: str | None) -> str | None:
    """An external link only when it is http(s): source URLs come from untrusted front matter."""
    try:
        if not url or urlsplit(url.strip()).scheme.lower() not in ("http", "https"):
            return None
    except ValueError:  # such as an unclosed IPv6 bracket
        return None
    return url.strip()


def _newest_first(article: Article) -> tuple[bool, int]:
    return (article.date is None, -article.date.toordinal() if article.date else 0)


def _sort_key(text: str) -> str:
    """Alphabetical order that ignores case and accents (`Álvarez` sorts with `Alvarez`)."""
    return fold(text)


def _template_frame(err: BaseException, folders: Sequence[Path]) -> tuple[Path | None, int | None]:
    """The innermost template file and line of a render-time error (Jinja rewrites the traceback)."""
    themes = tuple(os.path.abspath(folder) + os.sep for folder in folders)
    for frame in reversed(traceback.extract_tb(err.__traceback__)):
        filename = os.path.abspath(frame.filename)
        if filename.startswith(themes):
            return Path(frame.filename), frame.lineno
    return None, None


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _namespace(table: dict[str, Any]) -> SimpleNamespace:
    """Nested tables as attributes (`t.types.PER`), so that no key can clash with a dict method."""
    return SimpleNamespace(**{k: _namespace(v) if isinstance(v, dict) else v for k, v in table.items()})
