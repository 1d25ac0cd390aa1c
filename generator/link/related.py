"""Related coverage: other stories of the same story line, from shared rare names and event words.

A story's related coverage is the same event, negotiation, trial, election or controversy —
a follow-up or its background —, not another story that merely names the same person. An
inverted index maps each feature (a canonical entity, a quoted speaker, a glossary term, a
tag) to the stories that have it. A feature's weight is its kind's weight (a person says more
than a place, a tag less than a term) divided by log2(1 + the number of stories that have it),
so rare things count more than common ones; a feature in more than `max_document_share` of the
stories counts for nothing (Hugo's cardinality threshold). Two stories are candidates only when
they share a feature; their score blends the evidence of their shared names with the
similarity of their event words (`story_lines.py`), and they are shown only when they share
enough of both: a single shared name never suffices, even one both stories are about (one
company's two episodes), nor does a tag or a place many stories name count as a second one, nor
do names without the words of one event, the farther apart their dates, the more event
similarity they need, and both must say some of the same names or event words in their
headlines or leads (`leads.py`): two of them, or two names or specific words that one says there
and the other tells anywhere.

Stable by construction: a score depends only on the two stories and on how many stories have
each of their names and words, never on the size of the corpus, so adding a story that shares
nothing with a story's neighbourhood leaves that story's list exactly as it was. For the same
reason, when only some stories' words changed (an edit in the preview, or in a new process that took
the index from the build state), only the pairs of the stories whose words, leads or vectors changed are
measured again (`RelatedIndex.updated`).
"""

from __future__ import annotations

import copy
import hashlib
import logging
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
from scipy import sparse

from ..config import RelatedConfig
from ..model import Article, CorpusEntity, GlossaryTerm, RelatedLink
from .entity_merge import EntityLinks
from .descriptors import Descriptors
from .generic_names import is_generic_name
from .leads import lead
from .memory import LinkMemory, WordMemo
from .sparse_plain import matrix_of, plain_matrix
from .story_lines import EventVectors, pair_products, strings_digest
from ..text_fold import fold

log = logging.getLogger(__name__)

_WORD_BREAKS = re.compile(r"[^\w.&-]+")

# What kind of thing two stories share, and how much it says about them being related.
KIND_WEIGHTS = {"PER": 1.0, "ORG": 0.9, "MISC": 0.7, "LOC": 0.6, "term": 0.8, "tag": 0.5, "speaker": 1.0}
#: The least shared evidence (sum of squared weights) that may relate two stories: one person
#: in up to ~130 stories, or one place in up to ~20; a place in every other story relates nothing.
MIN_EVIDENCE = 0.02
#: Shared evidence at which the overlap part of a score reaches 63% (1 - 1/e).
EVIDENCE_SCALE = 0.1
SHOWN_REASONS = 4
#: A feature in this many stories still counts, however small the corpus: in a digest of five
#: stories, the person three of them are about is what relates them, not noise.
MIN_CARDINALITY_CUT = 3
#: Mentions from which an entity counts fully in a story.
PROMINENT_MENTIONS = 4
#: Least prominence (2 mentions) of a story's subject: what a story is about, not a name it drops once.
SUBJECT_PROMINENCE = 0.7
#: Kinds that can be a story's subject; a place or a tag is where or what, not who.
SUBJECT_KINDS = frozenset({"PER", "ORG", "MISC", "term"})
#: Least shared names of two stories of one story line: one name, even both stories' subject, is one
#: company's or person's two episodes as often as one story line.
MIN_NAMES = 2
#: A place in more than this share of the stories is not one of the names two stories must share (a country a
#: digest covers every day); it still adds its (small) evidence.
COMMON_PLACE_SHARE = 0.1
#: Event similarity at which the event part of a score reaches 63%.
EVENT_SCALE = 0.1
#: Least event similarity of two stories of the same day: below it they tell different events.
EVENT_MIN = 0.08
#: Days apart at which two stories need twice the event similarity (a story line lives days to months).
EVENT_DAYS = 60
#: Undated stories count as this many days apart: without a date, only the words can tell.
UNDATED_DAYS = 90
#: Least specific event words (rare in the corpus and the language) two stories of one story line share.
MIN_EVENT_WORDS = 2
#: Least counted names and event words two stories of one story line both say in their headlines or leads: the
#: event is told up front, while a body shares its domain's words with other events (a vaccine trial, vaccine hoaxes).
MIN_UP_FRONT = 1
#: Least counted names and event words both stories say up front, or else least counted names and specific event
#: words one says up front and the other tells (anywhere): a story line's stories tell each other's events, while
#: two events of one domain share one name or word up front and the domain's words in their bodies (a vaccine and
#: hoaxes that name the disease, one official on the medals of two different games).
MIN_TOLD = 2
#: Stories whose words changed up to which only their pairs are measured again (more: all pairs).
MAX_UPDATED = 20
#: Pairs measured at once (rows × stories): bounds the memory of linking a large corpus (~8 MiB a measure).
#: Linking 3,108 random stories peaked at 537 MiB with 5 M cells, 117 MiB with 1 M (and was no slower).
BLOCK_CELLS = 1_000_000


class Feature(NamedTuple):
    """One key of the inverted index: what two stories can share (a tuple: hashed at C speed, it is hashed often)."""

    kind: str
    """An entity type (`PER`), `term` or `tag`."""
    key: str
    label: str


@dataclass(frozen=True)
class Contribution:
    """One shared feature or word and how much it adds to a related score."""

    label: str
    kind: str
    stories: int
    """How many stories have it (0 for words: their weight does not depend on the corpus)."""
    points: float
    """Its part of the shared evidence (a feature) or of the text similarity (a word)."""


@dataclass(frozen=True)
class Explanation:
    """Why a story is (or is not) related to another: the score and its parts."""

    article: Article
    score: float
    overlap: float
    shown: bool
    features: list[Contribution] = field(default_factory=list)
    words: list[Contribution] = field(default_factory=list)
    evidence: float = 0.0
    headline_subjects: int = 0
    events: float = 0.0
    """The similarity of the two stories' event words."""
    event_words: int = 0
    """How many specific event words they share."""
    days: float = 0.0
    needed: float = 0.0
    """The event similarity they need, so many days apart."""
    up_front: list[str] = field(default_factory=list)
    """The counted names and event words both stories say in their headlines or leads."""
    told: list[str] = field(default_factory=list)
    """The counted names and specific event words one story says up front and the other tells."""


@dataclass(frozen=True)
class PairMeasures:
    """What some stories (rows) share with every story (columns): the parts of a related score."""

    evidence: np.ndarray
    """The dot product of the weighted feature vectors."""
    overlap: np.ndarray
    names: np.ndarray
    """How many counted names two stories share: not a tag, nor a quoted speaker (a name they share already),
    nor a place in more than `COMMON_PLACE_SHARE` of the stories."""
    headline_subjects: np.ndarray
    """How many subjects both stories name in their headlines: the same main person (or thing)."""
    scores: np.ndarray
    """The blended score (0 for a story with itself and for stories that share no counted feature)."""
    events: np.ndarray
    """The similarity of the stories' event words (see `story_lines`)."""
    event_words: np.ndarray
    """How many specific event words the stories share."""
    days: np.ndarray
    """Days between the stories (`UNDATED_DAYS` when either has no date)."""
    up_front: np.ndarray
    """How many counted names and event words both stories say in their headlines or leads (see `leads`)."""
    told: np.ndarray
    """How many counted names and specific event words one story says up front and the other tells."""

    def shown(self, threshold: float) -> np.ndarray:
        """Whether a column may appear among a row's related stories: enough shared, texts alike, score over threshold
        (never the row's own story: its score is 0).

        One shared name never suffices, even when both stories are about it: Trump named once in passing
        relates nothing, and one company's results and its chief's trial are two story lines.
        """
        return ((self.evidence >= MIN_EVIDENCE) & (self.names >= MIN_NAMES)
                & (self.event_words >= MIN_EVENT_WORDS) & (self.events >= self.needed_events())
                & (self.up_front >= MIN_UP_FRONT) & ((self.up_front >= MIN_TOLD) | (self.told >= MIN_TOLD))
                & (self.scores >= threshold) & (self.scores > 0))

    def needed_events(self) -> np.ndarray:
        """The event similarity two stories need: more the more days between them, less the more specific
        names they share (two stories naming the same rare people and places need fewer words in common)."""
        return EVENT_MIN * (1 + self.days / EVENT_DAYS) * (2 * EVIDENCE_SCALE / (EVIDENCE_SCALE + self.evidence))

    def why_hidden(self, row: int, j: int, threshold: float) -> str:
        """Why column `j` is not among row `row`'s related stories ("" when it may be)."""
        if self.evidence[row, j] < MIN_EVIDENCE:
            return f"shared evidence under {MIN_EVIDENCE:g}"
        if self.names[row, j] < MIN_NAMES:
            return (f"fewer than {MIN_NAMES} shared names (tags, quoted speakers and places in more than "
                    f"{COMMON_PLACE_SHARE:.0%} of the stories not counted)")
        if self.event_words[row, j] < MIN_EVENT_WORDS:
            return f"fewer than {MIN_EVENT_WORDS} specific event words shared"
        needed = float(self.needed_events()[row, j])
        if self.events[row, j] < needed:
            return (f"event similarity {self.events[row, j]:.3f} under the {needed:.3f} needed "
                    f"{self.days[row, j]:.0f} days apart with shared name evidence {self.evidence[row, j]:.3f}")
        if self.up_front[row, j] < MIN_UP_FRONT:
            return "no counted name or event word said in both headlines or leads"
        if self.up_front[row, j] < MIN_TOLD and self.told[row, j] < MIN_TOLD:
            return (f"fewer than {MIN_TOLD} names or event words said up front in both, and fewer than {MIN_TOLD} "
                    "names or specific event words said up front in one and told in the other")
        if self.scores[row, j] < threshold:
            return f"score under {threshold:g}"
        return ""


def story_features(
    article_entities: list[CorpusEntity], terms: list[GlossaryTerm], tags: list[str], slug: str = "",
    mentions: dict[tuple[str, str], int] | None = None,
) -> dict[Feature, float]:
    """The inverted-index keys of one story, each with its prominence there (0-1].

    An entity's prominence grows with its mentions in the story (`slug`), so a name dropped
    once in passing counts for less than the story's protagonist; terms and tags count fully.
    A term or tag that repeats the name of one of the story's entities (or a tag a term's) is dropped.
    `mentions` ((entity key, slug) → mentions, see `mention_counts`) saves reading the appearances.
    """
    counts = mentions if mentions is not None else mention_counts({slug: article_entities})
    features = {Feature(e.type, e.key, e.name): prominence(counts.get((e.key, slug), 1))
                for e in article_entities if (e.type != "MISC" or e.has_page) and not is_generic_name(e.name)}
    named = {_fold(name) for e in article_entities for name in (e.name, *e.aliases)}
    # A term that names one of the story's entities (Morena, the party) is that entity: one reason, not two.
    features |= {Feature("term", t.slug, t.term): 1.0 for t in terms
                 if not named & {_fold(name) for name in (t.term, *t.aliases)}}
    named |= {_fold(f.label) for f in features}
    features |= {Feature("tag", _fold(tag), tag): 1.0 for tag in tags if _fold(tag) not in named}
    return features


def quoted_speakers(article: Article, local: dict[str, CorpusEntity]) -> dict[Feature, float]:
    """The people (and organisations) a story quotes, by their canonical entity: two stories that quote
    the same rare voice are likely one story line."""
    statements = article.annotations.statements if article.annotations else []
    found: dict[Feature, float] = {}
    for quote in statements:
        entity = local.get(quote.speaker or "")
        if entity is not None and entity.type in ("PER", "ORG") and not is_generic_name(entity.name):
            found[Feature("speaker", entity.key, entity.name)] = 1.0
    return found


def headline_names(title: str, entities: list[CorpusEntity], terms: list[GlossaryTerm]) -> set[str]:
    """The keys of the entities and terms a headline names (`Fauci dice que ...` → Anthony Fauci's)."""
    words = f" {_fold(_WORD_BREAKS.sub(' ', title))} "
    named = {e.key for e in entities if any(_named_in(name, words) for name in (e.name, *e.aliases))}
    return named | {t.slug for t in terms if any(_named_in(name, words) for name in (t.term, *t.aliases))}


def headline_position(title: str, entity: CorpusEntity) -> int:
    """Where in the headline the entity is first named (the headline's length when it is not)."""
    words = f" {_fold(_WORD_BREAKS.sub(' ', title))} "
    found = [words.find(f" {_title_form(name)} ") for name in (entity.name, *entity.aliases)
             if len(_title_form(name)) > 2]
    return min((at for at in found if at >= 0), default=len(words))


def _named_in(name: str, words: str) -> bool:
    folded = _title_form(name)
    return len(folded) > 2 and f" {folded} " in words


@lru_cache(maxsize=1 << 16)
def _title_form(name: str) -> str:
    return _fold(_WORD_BREAKS.sub(" ", name))


def prominence(mentions: int) -> float:
    """1 mention → 0.42, 2 → 0.71, 3 → 0.88, 4 or more → 1."""
    return min(1.0, (1 + math.log(max(1, mentions))) / (1 + math.log(PROMINENT_MENTIONS)))


def mention_counts(article_entities: dict[str, list[CorpusEntity]]) -> dict[tuple[str, str], int]:
    """(entity key, story slug) → how many times the story mentions the entity (at least 1)."""
    entities = {e.key: e for listed in article_entities.values() for e in listed}
    counts: dict[tuple[str, str], int] = {}
    for entity in entities.values():
        for appearance in entity.appearances:
            key = (entity.key, appearance.article.slug)
            counts[key] = counts.get(key, 0) + appearance.mentions
    return {key: n or 1 for key, n in counts.items()}


def feature_weight(kind: str, stories: int) -> float:
    """The weight of a feature shared by `stories` stories: rarer is heavier."""
    return KIND_WEIGHTS.get(kind, KIND_WEIGHTS["MISC"]) / math.log2(1 + stories)


class RelatedIndex:
    """The inverted index and text vectors of a corpus, scoring any two of its stories."""

    def __init__(
        self,
        articles: list[Article],
        article_entities: dict[str, list[CorpusEntity]],
        article_terms: dict[str, list[GlossaryTerm]],
        config: RelatedConfig,
        entity_index: dict[str, dict[str, CorpusEntity]] | None = None,
        memo: WordMemo | None = None,
    ) -> None:
        """`entity_index` (story slug → local name → canonical entity) lets the stories' quoted speakers count;
        `memo`, what an earlier linking found of the words (see `EventVectors`)."""
        self.articles = articles
        self.config = config
        self.position = {a.slug: i for i, a in enumerate(articles)}
        mentions = mention_counts(article_entities)
        self.features = [
            story_features(article_entities.get(a.slug, []), article_terms.get(a.slug, []), a.tags, a.slug, mentions)
            | quoted_speakers(a, (entity_index or {}).get(a.slug, {}))
            for a in articles
        ]
        self.headline = [headline_names(a.title, article_entities.get(a.slug, []), article_terms.get(a.slug, []))
                         for a in articles]
        self._article_entities, self._article_terms = article_entities, article_terms
        self.inputs = story_inputs(articles)
        self.lead_names = [self._lead_names_of(a) for a in articles]
        self._index_features()
        self.descriptors = Descriptors(name for listed in article_entities.values() for e in listed
                                       if e.type == "LOC" for name in (e.name, *e.aliases))
        self.event_vectors = EventVectors(articles, self.descriptors, memo)
        self._index_told()
        self.ordinals = _ordinals(articles)
        self.shown = self._shown_pairs()
        """Story i's related candidates (row i: each story it may show, with the pair's score)."""

    def _index_features(self) -> None:
        """The inverted index of the stories' features, their weights, and the stories' vectors of them."""
        n = len(self.articles)
        self.index: dict[Feature, list[int]] = {}
        for i, feats in enumerate(self.features):
            for feature in feats:
                self.index.setdefault(feature, []).append(i)
        # Like Hugo's cardinality threshold: a feature in too many stories relates nothing.
        self.limit = max(MIN_CARDINALITY_CUT, math.floor(self.config.max_document_share * n))
        self.weight = {f: feature_weight(f.kind, len(docs)) for f, docs in self.index.items()
                       if 1 < len(docs) <= self.limit}
        columns = {f: c for c, f in enumerate(sorted(self.weight, key=lambda f: (f.kind, f.key)))}
        self._by_column = {c: f for f, c in columns.items()}
        rows, cols, values = [], [], []
        for i, feats in enumerate(self.features):
            for feature, strength in feats.items():
                if feature in columns:
                    rows.append(i)
                    cols.append(columns[feature])
                    values.append(self.weight[feature] * strength)
        shape = (n, max(1, len(columns)))
        self.vectors = sparse.csr_matrix((values, (rows, cols)), shape=shape)
        self.columns = columns
        # A quoted speaker adds evidence but is not another reason: it is a name the stories already share.
        named = np.array([self._by_column[c].kind != "speaker" for c in range(shape[1])] if columns else [False])
        self._has = sparse.csr_matrix(self.vectors.astype(bool).astype(np.int32).multiply(named[None, :]))
        # What two stories must share two of: names, not what they are filed under nor where they happen.
        places = max(MIN_CARDINALITY_CUT, math.floor(COMMON_PLACE_SHARE * n))
        names = np.array([named[c] and f.kind != "tag" and not (f.kind == "LOC" and len(self.index[f]) > places)
                          for c, f in sorted(self._by_column.items())] if columns else [False])
        self._names = sparse.csr_matrix(self._has.multiply(names[None, :]))
        heads = [k for k, (i, c) in enumerate(zip(rows, cols))
                 if self._by_column[c].key in self.headline[i] and self._subject(i, c)]
        self._headlines = sparse.csr_matrix((np.ones(len(heads), dtype=np.int32),
                                             ([rows[k] for k in heads], [cols[k] for k in heads])), shape=shape)
        self._up_front = self._up_front_names()

    def plain(self) -> dict[str, Any]:
        """This index as plain values, for a build in another process (`restored`)."""
        return {"inputs": self.inputs, "features": [[(*f, v) for f, v in feats.items()] for feats in self.features],
                "headline": [sorted(keys) for keys in self.headline],
                "lead_names": [sorted(keys) for keys in self.lead_names],
                "places": sorted(self.descriptors.places), "events": self.event_vectors.plain(),
                "shown": plain_matrix(self.shown)}

    @classmethod
    def restored(cls, plain: Any, articles: list[Article], article_entities: dict[str, list[CorpusEntity]],
                 article_terms: dict[str, list[GlossaryTerm]], config: RelatedConfig, memo: WordMemo) -> RelatedIndex:
        """The index `plain` gives (`plain()`) for these stories, whose features it was made of; TypeError,
        ValueError or KeyError when `plain` is not of that shape."""
        n = len(articles)
        inputs, features, headline, names = plain["inputs"], plain["features"], plain["headline"], plain["lead_names"]
        if not (len(inputs) == len(features) == len(headline) == len(names) == n
                and all(type(d) is bytes for d in inputs)
                and all(type(v) is float for listed in features for *_, v in listed)):
            raise TypeError("an index of another shape")
        index = cls.__new__(cls)
        index.articles, index.config = articles, config
        index.position = {a.slug: i for i, a in enumerate(articles)}
        index.features = [{Feature(kind, key, label): value for kind, key, label, value in listed}
                          for listed in features]
        index.headline, index.lead_names = [set(keys) for keys in headline], [set(keys) for keys in names]
        index._article_entities, index._article_terms = article_entities, article_terms
        index.inputs = inputs
        index._index_features()
        index.descriptors = Descriptors(plain["places"])
        index.event_vectors = EventVectors.restored(plain["events"], memo)
        index._index_told()
        index.ordinals = _ordinals(articles)
        index.shown = matrix_of(plain["shown"])
        if not index.shown.shape == (n, n) == (index.event_vectors.vectors.shape[0], n):
            raise ValueError("an index of other stories")
        return index

    def measures(self, rows: slice | np.ndarray, columns: np.ndarray | None = None) -> PairMeasures:
        """What stories `rows` share with every story, or with stories `columns` (one row each)."""
        def pairs(matrix: sparse.csr_matrix) -> np.ndarray:
            return pair_products(matrix, rows, columns)

        evidence = pairs(self.vectors)
        scores = np.zeros_like(evidence)
        every = np.arange(len(self.articles))
        scored = (evidence > 0) & (every[rows][:, None] != (every if columns is None else columns)[None, :])
        # Saturating, not a cosine: a story with few features must share as much as any other.
        overlap = 1 - np.exp(-evidence / EVIDENCE_SCALE)
        events = self.event_vectors.similarities(rows, columns)
        # Only where the stories share a name: most pairs of a block share none.
        event_belief = 1 - np.exp(-events[scored] / EVENT_SCALE)
        share = self.config.entity_weight
        # A weighted geometric mean: two stories must share both names and the words of an event to score well.
        scores[scored] = overlap[scored] ** share * event_belief ** (1 - share)
        return PairMeasures(
            evidence=evidence,
            overlap=overlap,
            names=pairs(self._names),
            headline_subjects=pairs(self._headlines),
            scores=scores,
            events=events,
            event_words=self.event_vectors.shared_specific(rows, columns),
            days=self._days(rows, columns),
            up_front=pairs(self._up_front) + self.event_vectors.shared_up_front(rows, columns),
            told=self._told(rows, columns),
        )

    def _index_told(self) -> None:
        """What each story says up front of its counted names and specific event words (one column each), and what
        it tells of them only further down (see `leads`)."""
        specific = self.event_vectors.specific.astype(bool).astype(np.int32)
        said = sparse.csr_matrix(specific.multiply(self.event_vectors.up_front))
        self._tells_up_front = sparse.hstack([self._up_front, said], format="csr", dtype=np.int32)
        self._tells = sparse.hstack([self._has, specific], format="csr", dtype=np.int32)
        self._tells_below = sparse.csr_matrix(self._tells - self._tells_up_front)
        self._tells_below.eliminate_zeros()

    def _told(self, rows: slice | np.ndarray, columns: np.ndarray | None) -> np.ndarray:
        """How many of the names and specific words stories `rows` or every story (or stories `columns`) say up
        front the other tells, each once: what a row says up front and the other tells anywhere, and what a row
        tells further down and the other says up front."""
        up_front, below, tells = self._tells_up_front, self._tells_below, self._tells
        other_up_front = up_front if columns is None else up_front[columns]
        other_tells = tells if columns is None else tells[columns]
        return (up_front[rows] @ other_tells.T + below[rows] @ other_up_front.T).toarray()

    def told(self, i: int, j: int) -> list[str]:
        """The counted names and specific event words one of stories `i` and `j` says up front and the other tells."""
        up_front, below = self._tells_up_front, self._tells_below
        either = up_front[i].multiply(self._tells[j]) + below[i].multiply(up_front[j])
        names = len(self._by_column) if self._by_column else 1
        return sorted(self._by_column[c].label if c < names else self.event_vectors.words[c - names]
                      for c in either.tocoo().col.tolist())

    def _lead_names_of(self, article: Article) -> set[str]:
        """The keys of the entities and terms a story names in its lead."""
        return headline_names(lead(article.text), self._article_entities.get(article.slug, []),
                              self._article_terms.get(article.slug, []))

    def _up_front_names(self) -> sparse.csr_matrix:
        """1 for each counted name a story says in its headline or lead (a quoted speaker is its name already)."""
        rows, cols = [], []
        for i, feats in enumerate(self.features):
            said = self.headline[i] | self.lead_names[i]
            for feature in feats:
                if feature.kind != "speaker" and feature.key in said and feature in self.columns:
                    rows.append(i)
                    cols.append(self.columns[feature])
        return sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=self.vectors.shape)

    def _days(self, rows: slice | np.ndarray, columns: np.ndarray | None) -> np.ndarray:
        """Days between stories `rows` and every story (or stories `columns`); `UNDATED_DAYS` without a date."""
        left = self.ordinals[rows]
        right = self.ordinals if columns is None else self.ordinals[columns]
        days = np.abs(left[:, None] - right[None, :])
        return np.where(np.isnan(days), UNDATED_DAYS, days)

    def updated(self, articles: list[Article], memo: WordMemo | None = None) -> RelatedIndex:
        """This index for the same stories (slugs, titles, names, terms and tags) whose texts may have changed:
        only the pairs of a story whose words or lead changed, or whose event vector did, are measured again (a
        story whose words did not change may have a new vector: a word another story gained or lost is now rarer
        or commoner).

        `memo`: what the last linking found of the words (see `EventVectors`)."""
        index = copy.copy(self)
        index.articles = articles
        inputs = story_inputs(articles)
        if inputs == self.inputs:  # no story's words or lead changed: nothing measured changed either
            return index
        index.inputs = inputs
        index.event_vectors = EventVectors(articles, self.descriptors, memo)
        index.lead_names = [names if old == new else self._lead_names_of(a)
                            for a, names, old, new in zip(articles, self.lead_names, self.inputs, inputs)]
        index._up_front = index._up_front_names()
        index._index_told()
        # A story whose lead changed may say other names or words up front with the same vector.
        edited = [i for i, (old, new) in enumerate(zip(self.inputs, inputs)) if old != new]
        changed = np.union1d(self.event_vectors.differing_rows(index.event_vectors), np.array(edited, dtype=np.int64))
        index.shown = index._shown_again(changed) if len(changed) <= MAX_UPDATED else index._shown_pairs()
        return index

    def _shown_again(self, changed: np.ndarray) -> sparse.csr_matrix:
        """The shown pairs of the last index with the rows and columns of stories `changed` measured again."""
        kept = self.shown.tocoo()
        keep = ~(np.isin(kept.row, changed) | np.isin(kept.col, changed))
        rows, cols, values = [kept.row[keep]], [kept.col[keep]], [kept.data[keep]]
        others = np.setdiff1d(np.arange(len(self.articles)), changed)
        for story in changed.tolist():
            for measured, at_row in ((self.measures(slice(story, story + 1)), True),
                                     (self.measures(others, np.array([story])), False)):
                shown = np.where(measured.shown(self.config.threshold), measured.scores, 0.0).ravel()
                found = np.flatnonzero(shown)
                rows.append(np.full(len(found), story) if at_row else others[found])
                cols.append(found if at_row else np.full(len(found), story))
                values.append(shown[found])
        n = len(self.articles)
        matrix = sparse.csr_matrix((np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n))
        matrix.sort_indices()
        return matrix

    def _shown_pairs(self) -> sparse.csr_matrix:
        """The pairs that may be shown, with their scores.

        Only pairs that share `MIN_EVENT_WORDS` specific event words can be shown, and a specific word is in
        at most `MAX_SPECIFIC_STORIES` stories: those candidates grow with the corpus, not with its square.
        They are measured a block of rows at a time, each row against the candidates of the block's rows
        (at most `BLOCK_CELLS` pairs at once), with the same products as every pair would be."""
        n = len(self.articles)
        specific = self.event_vectors.specific
        shared = sparse.csr_matrix(specific @ specific.T)
        shared.data = (shared.data >= MIN_EVENT_WORDS).astype(np.int8)
        shared.eliminate_zeros()
        rows, cols, values = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)], [np.zeros(0)]
        for block in _blocks(np.diff(shared.indptr), BLOCK_CELLS):
            columns = np.unique(shared[block].indices)
            if not len(columns):
                continue
            measured = self.measures(block, columns)
            shown = np.where(measured.shown(self.config.threshold), measured.scores, 0.0)
            at, found = np.nonzero(shown)
            rows.append(block[at])
            cols.append(columns[found])
            values.append(shown[at, found])
        matrix = sparse.csr_matrix((np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n))
        matrix.sort_indices()
        return matrix

    def score(self, i: int, j: int) -> float:
        """The blended score of stories `i` and `j` (0 when they share no counted feature)."""
        shown = self.shown[i, j]
        return float(shown) if shown else float(self.measures(slice(i, i + 1)).scores[0, j])

    def _subject(self, i: int, column: int) -> bool:
        """Whether a feature is what story `i` is about: named 3 times or more, or in its headline."""
        feature = self._by_column[column]
        if feature.kind not in SUBJECT_KINDS:
            return False
        return self.features[i][feature] >= SUBJECT_PROMINENCE or feature.key in self.headline[i]

    def is_shown(self, i: int, j: int) -> bool:
        """Whether `j` may appear among `i`'s related stories (see `PairMeasures.shown`)."""
        return bool(self.shown[i, j])

    def shown_with(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """The stories `i` may show and their scores."""
        span = slice(self.shown.indptr[i], self.shown.indptr[i + 1])
        return self.shown.indices[span], self.shown.data[span]

    def why_hidden(self, i: int, j: int) -> str:
        """Why `j` is not among `i`'s related stories ("" when it may be)."""
        return self.measures(slice(i, i + 1)).why_hidden(0, j, self.config.threshold)

    def points(self, i: int, j: int, feature: Feature) -> float:
        """What one shared feature adds to the evidence of stories `i` and `j`."""
        return self.weight[feature] ** 2 * self.features[i][feature] * self.features[j][feature]

    def up_front(self, i: int, j: int) -> list[str]:
        """The counted names and event words stories `i` and `j` both say in their headlines or leads."""
        both = self._up_front[i].multiply(self._up_front[j]).tocoo()
        return sorted(self._by_column[c].label for c in both.col.tolist()) + self.event_vectors.up_front_words(i, j)

    def shared(self, i: int, j: int) -> list[Feature]:
        """The counted features stories `i` and `j` share, most telling first, one per name."""
        common = sorted((f for f in self.features[i].keys() & self.features[j].keys() if f in self.weight),
                        key=lambda f: (-self.points(i, j, f), f.label))
        seen: set[str] = set()
        unique = []
        for feature in common:
            if _fold(feature.label) not in seen:
                seen.add(_fold(feature.label))
                unique.append(feature)
        return unique

    def links(self, i: int) -> list[RelatedLink]:
        """Story `i`'s related stories, best first, at most `max`, none under the threshold."""
        candidates, scores = self.shown_with(i)
        scored = sorted(((round(float(s), 4), int(j)) for j, s in zip(candidates, scores) if j != i),
                        key=lambda sj: (-sj[0], self.articles[sj[1]].slug))
        return [RelatedLink(self.articles[j], s, [f.label for f in self.shared(i, j)[:SHOWN_REASONS]])
                for s, j in scored[: self.config.max]]

    def explain(self, slug: str, limit: int = 10) -> list[Explanation]:
        """The best-scoring candidates of a story, shown or not, with what each score is made of."""
        i = self.position[slug]
        row = self.measures(slice(i, i + 1))
        candidates = sorted((int(j) for j in np.flatnonzero(row.evidence[0]) if j != i),
                            key=lambda j: (-row.scores[0, j], self.articles[j].slug))
        explained = []
        for j in candidates[:limit]:
            features = [Contribution(f.label, f.kind, len(self.index[f]), self.points(i, j, f))
                        for f in self.shared(i, j)]
            words = [Contribution(word, "word", 0, points) for word, points in self.event_vectors.shared_words(i, j)]
            explained.append(Explanation(self.articles[j], float(row.scores[0, j]), float(row.overlap[0, j]),
                                         self.is_shown(i, j), features, words,
                                         evidence=float(row.evidence[0, j]),
                                         headline_subjects=int(row.headline_subjects[0, j]),
                                         events=float(row.events[0, j]), event_words=int(row.event_words[0, j]),
                                         days=float(row.days[0, j]), needed=float(row.needed_events()[0, j]),
                                         up_front=self.up_front(i, j), told=self.told(i, j)))
        return explained


def _blocks(candidates: np.ndarray, cells: int) -> Iterator[np.ndarray]:
    """Consecutive rows, in blocks whose rows × their candidates (summed: at least their union) stay within
    `cells` (a row with more candidates than that is a block of its own)."""
    start, total = 0, 0
    for row, count in enumerate(candidates.tolist()):
        if row > start and (row - start + 1) * (total + count) > cells:
            yield np.arange(start, row)
            start, total = row, 0
        total += count
    if start < len(candidates):
        yield np.arange(start, len(candidates))


def related_index(articles: list[Article], entity_links: EntityLinks, terms: dict[str, GlossaryTerm],
                  article_terms: dict[str, list[GlossaryTerm]], config: RelatedConfig,
                  memory: LinkMemory | None = None) -> RelatedIndex:
    """A `RelatedIndex`, or the last one of `memory` `updated` when the stories' features are made of the same
    things: the same merge of the same names, the same terms, and the same stories in the same order, titles and
    tags (the preview server links again after every edit, which mostly changes a story's words).

    `memory` keeps this index for the next build (none: a fresh one, nothing to reuse); the index a build in
    another process kept there is taken as the last one.
    """
    memory = memory if memory is not None else LinkMemory()
    made_of = hashlib.blake2b(repr((
        entity_links.made_of, repr(config), tuple((slug, t.term, tuple(t.aliases)) for slug, t in terms.items()),
        tuple((a.slug, a.title, tuple(a.tags), tuple(t.slug for t in article_terms.get(a.slug, []))) for a in articles),
    )).encode("utf-8", "surrogatepass"), digest_size=20).digest()
    last = memory.related
    if last is None and memory.stored_related is not None:
        last = _kept_index(memory.stored_related, made_of, articles, entity_links, article_terms, config, memory.words)
    memory.stored_related = None
    if entity_links.made_of and last is not None and last[0] == made_of:
        index = last[1].updated(articles, memory.words)
    else:
        index = RelatedIndex(articles, entity_links.article_entities, article_terms, config, entity_links.entity_index,
                             memory.words)
    memory.related = (made_of, index)
    memory.words = index.event_vectors.memo
    return index


def _kept_index(stored: tuple[bytes, Any], made_of: bytes, articles: list[Article], entity_links: EntityLinks,
                article_terms: dict[str, list[GlossaryTerm]], config: RelatedConfig,
                memo: WordMemo) -> tuple[bytes, RelatedIndex] | None:
    """The index another process kept (`RelatedIndex.plain`), when its features were made of the same things."""
    if stored[0] != made_of:
        return None
    try:
        return made_of, RelatedIndex.restored(stored[1], articles, entity_links.article_entities, article_terms,
                                              config, memo)
    except (TypeError, ValueError, KeyError, IndexError, AttributeError) as err:
        log.warning("kept related index damaged (%s); indexing again", err)
        return None


def story_inputs(articles: list[Article]) -> tuple[bytes, ...]:
    """A digest of what each story's event vector and lead names are made of, besides the corpus's names and
    rarities: its language, headline, lead and event words (in their order, which is the vocabulary's)."""
    events = [a.annotations.event_words if a.annotations else {} for a in articles]
    return tuple(strings_digest([a.lang, a.title, lead(a.text), *found], found.values())
                 for a, found in zip(articles, events))


def _ordinals(articles: list[Article]) -> np.ndarray:
    """Each story's date as a day number (NaN without a date)."""
    return np.array([a.date.toordinal() if a.date else np.nan for a in articles], dtype=np.float64)


def related_stories(
    articles: list[Article],
    article_entities: dict[str, list[CorpusEntity]],
    article_terms: dict[str, list[GlossaryTerm]],
    config: RelatedConfig,
) -> dict[str, list[RelatedLink]]:
    """Article slug → its related stories, best first, at most `config.max`, none under `config.threshold`."""
    if len(articles) < 2:
        return {a.slug: [] for a in articles}
    index = RelatedIndex(articles, article_entities, article_terms, config)
    return {a.slug: index.links(i) for i, a in enumerate(articles)}


@lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:
    """Comparison form of a name: case and accents ignored (`México` = `méxico`)."""
    return " ".join(fold(text).split())
