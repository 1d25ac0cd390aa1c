"""Atom and JSON feeds of the latest stories, for the site and for each entity with a page.

A feed is a timeline, so only dated stories are in it; entries link with absolute
addresses made from `base_url`, and without one no feed is written. The XML is
written by feedgen and the JSON by the standard library, never by hand.
"""

from __future__ import annotations

import json
import logging
import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime
from typing import Any, TypeVar

from feedgen.feed import FeedGenerator
from markupsafe import Markup

from .. import __version__, urls
from ..config import SiteConfig
from .markup import plain_text
from ..model import Article, Corpus, CorpusEntity, Page
from .sitemap import absolute_url, site_root_url

log = logging.getLogger(__name__)

ATOM = "feed.xml"
JSON_FEED = "feed.json"
ENTITY_FEED = "feed.xml"
"""An entity's Atom feed, beside its page (`entities/<key>/feed.xml`)."""
MAX_ENTRIES = 20
MAX_CATEGORIES = 10
"""Categories per entry: the story's most mentioned entities that have a page."""
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
NEVER = datetime(1970, 1, 1, tzinfo=UTC)
"""`updated` of a feed with no entries: Atom requires one, and the build time would make builds differ."""


@dataclass(frozen=True)
class FeedInfo:
    """What a feed says about itself."""

    title: str
    description: str
    language: str
    home_url: str
    """The page the feed is about (absolute)."""
    feed_url: str
    publisher: str


@dataclass(frozen=True)
class FeedItem:
    """One story as a feed entry."""

    url: str
    title: str
    published: datetime
    summary: str
    language: str
    categories: tuple[str, ...]
    """Names of the story's entities with a page, most mentioned first."""
    quote: str | None
    speaker: str | None
    author: str | None

    @property
    def content_html(self) -> str:
        """The summary and the key quote with its speaker, as escaped HTML."""
        html = Markup("<p>{}</p>").format(self.summary)
        if self.quote:
            html += Markup("<blockquote><p>{}</p>").format(self.quote)
            if self.speaker:
                html += Markup("<footer>— {}</footer>").format(self.speaker)
            html += Markup("</blockquote>")
        return str(html)


def feed_pages(corpus: Corpus, config: SiteConfig) -> list[Page]:
    """`feed.xml` and `feed.json` of the latest stories, and an Atom feed per entity page with dated stories."""
    return list(each_feed_page(corpus, config))


def each_feed_page(corpus: Corpus, config: SiteConfig) -> Iterator[Page]:
    """`feed_pages` one at a time, each made when asked for (a big site's entity feeds add up to hundreds of MB)."""
    root = site_root_url(config)
    if root is None:
        log.info("no base_url: no feeds (feed entries need absolute addresses)")
        return
    items = [feed_item(corpus, article, root) for article in latest(corpus.articles)]
    site = FeedInfo(config.title, config.description, config.language, root,
                    absolute_url(root, ATOM), config.title)
    yield Page(ATOM, atom_feed(site, items))
    yield Page(JSON_FEED, json_feed(replace(site, feed_url=absolute_url(root, JSON_FEED)), items))
    for entity in corpus.entities.values():
        stories = latest(a.article for a in entity.appearances)
        if entity.has_page and stories:
            yield _entity_feed(corpus, entity, stories, config, root)


def feeds_note(config: SiteConfig) -> str | None:
    """What the build says when the site has no feeds because `base_url` is not set (None when it has feeds)."""
    if site_root_url(config) is not None:
        return None
    return ("no feeds: base_url is not set, and feed entries need absolute addresses "
            "(set base_url in digest.toml or pass --base-url to publish feed.xml and feed.json)")


def latest(articles: Iterable[Article]) -> list[Article]:
    """The newest dated stories, newest first, at most MAX_ENTRIES (ties in slug order, for stable output)."""
    dated = {a.slug: a for a in articles if a.date}.values()
    return sorted(dated, key=lambda a: (-a.date.toordinal() if a.date else 0, a.slug))[:MAX_ENTRIES]


def entity_feed_path(key: str) -> str:
    """The output path of an entity's feed."""
    return posixpath.join(posixpath.dirname(urls.entity_path(key)), ENTITY_FEED)


def feed_item(corpus: Corpus, article: Article, root_url: str) -> FeedItem:
    """A dated story as a feed entry: summary, entities as categories, key quote."""
    assert article.date is not None, "feeds only list dated stories"
    annotations = article.annotations
    quotes = annotations.key_quotes if annotations else []
    return FeedItem(
        url=absolute_url(root_url, urls.article_path(article.slug)),
        title=article.title,
        published=datetime(article.date.year, article.date.month, article.date.day, tzinfo=UTC),
        summary=_plain(article, annotations.summary) if annotations else "",
        language=article.lang,
        categories=tuple(dict.fromkeys(
            e.name for e in corpus.article_entities.get(article.slug, []) if e.has_page))[:MAX_CATEGORIES],
        quote=_plain(article, quotes[0].text) if quotes else None,
        speaker=quotes[0].speaker if quotes else None,
        author=article.author or article.source,
    )


def atom_feed(info: FeedInfo, items: list[FeedItem]) -> bytes:
    """An Atom 1.0 document (RFC 4287)."""
    info, items = _xml_safe(info), [_xml_safe(item) for item in items]
    fg = FeedGenerator()
    fg.id(info.home_url)
    fg.title(info.title)
    if info.description:
        fg.subtitle(info.description)
    fg.link(href=info.home_url, rel="alternate", type="text/html")
    fg.link(href=info.feed_url, rel="self", type="application/atom+xml")
    fg.language(info.language)
    fg.author({"name": info.publisher})
    fg.generator("digest", version=__version__)
    fg.updated(max((item.published for item in items), default=NEVER))
    for item in items:
        entry = fg.add_entry(order="append")
        entry.id(item.url)
        entry.title(item.title)
        entry.link(href=item.url, rel="alternate", type="text/html")
        entry.published(item.published)
        entry.updated(item.published)
        entry.summary(item.summary or item.title)
        entry.content(item.content_html, type="html")
        for name in item.categories:
            entry.category(term=name)
        if item.author:
            entry.author({"name": item.author})
    return fg.atom_str(pretty=True)


def json_feed(info: FeedInfo, items: list[FeedItem]) -> bytes:
    """A JSON Feed 1.1 document; the key quote also as the `_digest` extension."""
    feed: dict[str, object] = {
        "version": JSON_FEED_VERSION,
        "title": info.title,
        "home_page_url": info.home_url,
        "feed_url": info.feed_url,
        "language": info.language,
        "authors": [{"name": info.publisher}],
        "items": [_json_item(item) for item in items],
    }
    if info.description:
        feed["description"] = info.description
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _json_item(item: FeedItem) -> dict[str, object]:
    entry: dict[str, object] = {
        "id": item.url,
        "url": item.url,
        "title": item.title,
        "summary": item.summary,
        "content_html": item.content_html,
        "date_published": item.published.isoformat(),
        "language": item.language,
        "tags": list(item.categories),
    }
    if item.author:
        entry["authors"] = [{"name": item.author}]
    if item.quote:
        entry["_digest"] = {"key_quote": {"text": item.quote, "speaker": item.speaker}}
    return entry


def _entity_feed(corpus: Corpus, entity: CorpusEntity, stories: list[Article], config: SiteConfig,
                 root_url: str) -> Page:
    path = entity_feed_path(entity.key)
    info = FeedInfo(f"{entity.name} · {config.title}", "", config.language,
                    absolute_url(root_url, urls.entity_path(entity.key)), absolute_url(root_url, path), config.title)
    return Page(path, atom_feed(info, [feed_item(corpus, a, root_url) for a in stories]))


#: Characters XML 1.0 does not allow in a document (C0 controls but tab, newline and return; U+FFFE, U+FFFF;
#: lone surrogates): text from articles may hold them, and an XML writer refuses the whole feed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_Fields = TypeVar("_Fields", FeedInfo, FeedItem)


def _xml_safe(value: _Fields) -> _Fields:
    """`value` with every character that XML cannot hold removed from its text fields."""
    changes: dict[str, Any] = {}
    for item in fields(value):
        current = getattr(value, item.name)
        if isinstance(current, str):
            changes[item.name] = _NOT_XML.sub("", current)
        elif isinstance(current, tuple):
            changes[item.name] = tuple(_NOT_XML.sub("", v) if isinstance(v, str) else v for v in current)
    return replace(value, **changes)


def _plain(article: Article, text: str) -> str:
    """Article text without its inline Markdown, whitespace collapsed."""
    return plain_text(text, inline=True) if article.format == "markdown" else " ".join(text.split())
