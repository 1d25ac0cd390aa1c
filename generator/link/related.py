"""Related stories: shared rare entities, terms and tags, blended with TF-IDF text similarity."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from ..config import RelatedConfig
from ..model import Article, CorpusEntity, GlossaryTerm, RelatedLink

# What kind of thing two stories share, and how much it says about them being related.
KIND_WEIGHTS = {"entity": 1.0, "term": 0.8, "tag": 0.5}


@dataclass(frozen=True)
class Feature:
    kind: str
    key: str
    label: str


def story_features(article_entities: list[CorpusEntity], terms: list[GlossaryTerm], tags: list[str]) -> set[Feature]:
    """The inverted-index keys of one story."""
    features = {Feature("entity", e.key, e.name) for e in article_entities if e.type != "MISC" or e.has_page}
    features |= {Feature("term", t.slug, t.term) for t in terms}
    features |= {Feature("tag", tag.casefold(), tag) for tag in tags}
    return features


def related_stories(
    articles: list[Article],
    article_entities: dict[str, list[CorpusEntity]],
    article_terms: dict[str, list[GlossaryTerm]],
    config: RelatedConfig,
) -> dict[str, list[RelatedLink]]:
    """Article slug → its related stories, best first, at most `config.max`, none under `config.threshold`."""
    n = len(articles)
    if n < 2:
        return {a.slug: [] for a in articles}
    features = [story_features(article_entities.get(a.slug, []), article_terms.get(a.slug, []), a.tags)
                for a in articles]
    index: dict[Feature, list[int]] = defaultdict(list)
    for i, feats in enumerate(features):
        for feature in feats:
            index[feature].append(i)
    # Like Hugo's cardinality threshold: a feature in too many stories relates nothing.
    limit = max(2, math.floor(config.max_document_share * n))
    weight = {f: KIND_WEIGHTS[f.kind] * math.log(1 + n / len(docs))
              for f, docs in index.items() if 1 < len(docs) <= limit}
    norms = [math.sqrt(sum(weight.get(f, 0.0) ** 2 for f in feats)) or 1.0 for feats in features]
    vectors = _text_vectors(articles)

    related: dict[str, list[RelatedLink]] = {}
    for i, article in enumerate(articles):
        candidates: dict[int, list[Feature]] = defaultdict(list)
        for feature in features[i]:
            if feature in weight:
                for j in index[feature]:
                    if j != i:
                        candidates[j].append(feature)
        links: list[RelatedLink] = []
        text = (vectors[i] @ vectors.T).toarray().ravel() if vectors is not None else np.zeros(n)
        for j, shared in candidates.items():
            overlap = sum(weight[f] ** 2 for f in shared) / (norms[i] * norms[j])
            score = config.entity_weight * overlap + (1 - config.entity_weight) * float(text[j])
            if score >= config.threshold:
                shared.sort(key=lambda f: (-weight[f], f.label))
                links.append(RelatedLink(articles[j], round(score, 4), [f.label for f in shared[:4]]))
        links.sort(key=lambda link: (-link.score, link.article.slug))
        related[article.slug] = links[: config.max]
    return related


def _text_vectors(articles: list[Article]) -> sparse.csr_matrix | None:
    """L2-normalised TF-IDF vectors of the cleaned texts (stop words of both languages removed)."""
    from spacy.lang.en.stop_words import STOP_WORDS as EN
    from spacy.lang.es.stop_words import STOP_WORDS as ES

    vectorizer = TfidfVectorizer(sublinear_tf=True, min_df=1, max_df=0.5 if len(articles) > 10 else 1.0,
                                 stop_words=sorted(EN | ES), token_pattern=r"(?u)\b[^\W\d_]{3,}\b")
    try:
        return vectorizer.fit_transform([f"{a.title}\n{a.text}" for a in articles]).tocsr()
    except ValueError:  # every word was a stop word: no text signal at all
        return None
