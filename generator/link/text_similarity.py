"""Text similarity of stories: cosine of word vectors weighted by how rare each word is in its language.

The weight of a word comes from the language's general word frequencies (wordfreq), not
from the corpus, so a story's vector depends on that story alone: adding or removing
other stories never changes the similarity of two stories. The commonest words of a
language (function words) carry no weight; a word the frequency list does not know
counts as the rarest.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import cache

import numpy as np
from scipy import sparse

from ..model import Article

log = logging.getLogger(__name__)

#: Zipf frequency (log10 of uses per billion words) at and above which a word carries no weight:
#: 6.5 is about one use in 3,000 words (`de`, `que`, `the`, `para`, `más`).
ZIPF_CEILING = 6.5
#: Words: three or more letters (no digits or underscores), matched in lower case.
WORD = re.compile(r"\b[^\W\d_]{3,}\b")


@cache
def _frequencies(lang: str) -> dict[str, float]:
    from wordfreq import available_languages, get_frequency_dict

    if lang not in available_languages():
        log.info("no word frequencies for language %r: its words are weighted equally", lang)
        return {}
    return get_frequency_dict(lang)


@cache
def word_weight(word: str, lang: str) -> float:
    """How much sharing `word` (lower case) says about two stories in `lang`: 0 for the commonest words."""
    frequency = _frequencies(lang).get(word, 0.0)
    zipf = math.log10(frequency) + 9 if frequency > 0 else 0.0
    return max(0.0, ZIPF_CEILING - zipf)


class TextVectors:
    """One L2-normalised weighted word vector per story, and the words behind a similarity.

    Each story also has a topic vector: the same words without those of the names it mentions,
    so that two stories about different things that name the same people are not alike by topic.
    """

    def __init__(self, articles: Sequence[Article]) -> None:
        self.vocabulary: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        values: list[float] = []
        names: list[bool] = []
        for row, article in enumerate(articles):
            named = _name_words(article)
            for word, n in Counter(WORD.findall(f"{article.title}\n{article.text}".lower())).items():
                weight = word_weight(word, article.lang)
                if weight > 0:
                    rows.append(row)
                    cols.append(self.vocabulary.setdefault(word, len(self.vocabulary)))
                    values.append((1 + math.log(n)) * weight)
                    names.append(word in named)
        shape = (len(articles), max(1, len(self.vocabulary)))
        self.vectors = _normalised(rows, cols, values, shape)
        topic = [k for k, name in enumerate(names) if not name]
        self.topic_vectors = _normalised([rows[k] for k in topic], [cols[k] for k in topic],
                                         [values[k] for k in topic], shape)
        self._words = {index: word for word, index in self.vocabulary.items()}

    def topic_similarities(self) -> np.ndarray:
        """The dense matrix of cosine similarities of the stories' words, their names left out."""
        return (self.topic_vectors @ self.topic_vectors.T).toarray()

    def similarities(self) -> np.ndarray:
        """The dense matrix of cosine similarities between every two stories."""
        return (self.vectors @ self.vectors.T).toarray()

    def shared_words(self, i: int, j: int, limit: int = 8) -> list[tuple[str, float]]:
        """The words that contribute most to the similarity of stories `i` and `j`, with their share of it."""
        products = self.vectors[i].multiply(self.vectors[j]).tocoo()
        ranked = sorted(zip(products.col, products.data), key=lambda kv: (-kv[1], self._words[kv[0]]))
        return [(self._words[col], float(value)) for col, value in ranked[:limit]]


def _name_words(article: Article) -> set[str]:
    """The words (lower case) of the people, organisations and places a story names: `vladímir`, `putin`.

    Other names (`Copa Mundial`, `COVID-19`) are often what a story is about, so their words stay.
    """
    entities = article.annotations.entities if article.annotations else []
    return {word for entity in entities if entity.type != "MISC"
            for form in entity.surface_forms for word in WORD.findall(form.lower())}


def _normalised(rows: list[int], cols: list[int], values: list[float], shape: tuple[int, int]) -> sparse.csr_matrix:
    """A sparse matrix from its entries, each row scaled to unit length (empty rows stay empty)."""
    raw = sparse.csr_matrix((values, (rows, cols)), shape=shape, dtype=np.float64)
    norms = np.sqrt(np.asarray(raw.multiply(raw).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1 / norms) @ raw)
