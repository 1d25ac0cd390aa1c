"""What makes two stories one story line: the specific words of their events, weighed by rarity.

Each story's event words (`annotate.event_words`: lemmas of its content words and the phrases
they form) become a vector. A word counts by how rare it is in the corpus (a word in many
stories, `gobierno`, says little) and in its language (`decir`, `say` say nothing), and a phrase
counts more than its words (`muro fronterizo` is one event, `muro` and `fronterizo` could be
two). Words that say who someone is (`presidente`, `ruso`: `descriptors`) count for nothing:
they come with the person, whatever the person did. Two stories' event similarity is the cosine of their vectors; their *specific* shared
words are those rare in both senses, which a story line must have (a shared president does
not make one).
"""

from __future__ import annotations

import hashlib
import math
from array import array
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from scipy import sparse

from ..model import Article
from .descriptors import Descriptors
from .leads import UpFront, lead
from .memory import WordMemo
from .sparse_plain import matrix_of, plain_matrix
from .word_rarity import ZIPF_CEILING, word_weight

#: A word in more than this share of the stories (and more than `MIN_COMMON` of them) counts for nothing.
MAX_SHARE = 0.1
MIN_COMMON = 3
#: How much more a phrase counts than a word of the same rarity.
PHRASE_WEIGHT = 1.5
#: Least rarity in the language (share of the zipf ceiling) of a specific word.
SPECIFIC_RARITY = 0.35
#: A specific word is in at most this many stories, however large the corpus (an event's words are in
#: the stories of that event, not in hundreds).
MAX_SPECIFIC_STORIES = 40


class EventVectors:
    """One L2-normalised event-word vector per story, and which of its words are specific."""

    def __init__(self, articles: Sequence[Article], descriptors: Descriptors | None = None,
                 memo: WordMemo | None = None) -> None:
        """`descriptors` says which words describe people for this corpus (its places); none without it.

        `memo`, what an earlier making found of the words' rarity and of the stories' up-front words, is
        taken where it still holds; `self.memo` is what this making found, for the next."""
        memo = memo if memo is not None else WordMemo()
        vocabulary: dict[tuple[str, str], int] = {}
        rows: list[int] = []
        cols: list[int] = []
        counts: list[int] = []
        for i, article in enumerate(articles):
            found = article.annotations.event_words if article.annotations else {}
            lang = article.lang
            cols.extend([vocabulary.setdefault((lang, word), len(vocabulary)) for word in found])
            counts.extend(found.values())
            rows.extend([i] * len(found))
        n = len(articles)
        self.keys = list(vocabulary)  # in insertion order, which is each key's column
        """Each column's (language, word)."""
        self.words = [word for _lang, word in self.keys]
        shape = (n, max(1, len(vocabulary)))
        present = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
        stories = np.asarray(present.sum(axis=0)).ravel()
        limit = max(MIN_COMMON, math.floor(MAX_SHARE * n))
        # Corpus rarity, as for names: 1 / log2(1 + stories with the word), so that a score depends on how many
        # stories have each word, never on how many stories there are; a word of one story relates nothing.
        idf = np.where((stories >= 2) & (stories <= limit), 1 / np.log2(1 + np.maximum(stories, 1)), 0.0)
        # Rarity in the language only for the words that can count (most words are in one story only).
        places = descriptors.places if descriptors is not None else frozenset()
        judged = memo.describes if memo.places == places else {}
        describes = descriptors.describes if descriptors is not None else (lambda word: False)
        # The rarity of every word of the corpus is kept, not only of those that count now: a word of one story
        # counts once another story has it, and the language's frequencies are slow to read for a few words.
        known = memo.rarity
        self.memo = WordMemo(places=places, rarity={key: known[key] for key in self.keys if key in known})
        rarities = self.memo.rarity
        rarity = np.zeros(max(1, len(self.keys)))
        for column in np.flatnonzero(idf > 0).tolist():
            key = self.keys[column]
            lang, word = key
            described = judged.get(word)
            if described is None:
                described = describes(word)
            self.memo.describes[word] = described
            if not described:
                if key not in rarities:
                    rarities.update({(lang_of, other): _rarity(other, lang_of) for lang_of, other in self.keys
                                     if (lang_of, other) not in rarities})
                rarity[column] = rarities[key]
        weight = idf * rarity
        values = (1 + np.log(np.asarray(counts, dtype=np.float64))) * weight[np.asarray(cols, dtype=np.int64)] \
            if counts else np.zeros(0)
        raw = sparse.csr_matrix((values, (rows, cols)), shape=shape)
        raw.eliminate_zeros()
        norms = np.sqrt(np.asarray(raw.multiply(raw).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        self.vectors = sparse.csr_matrix(sparse.diags(1 / norms) @ raw)
        specific = (weight > 0) & (rarity >= SPECIFIC_RARITY) & (stories <= MAX_SPECIFIC_STORIES)
        self.specific = sparse.csr_matrix(present.multiply(specific[None, :] if len(specific) else 0)).astype(np.int32)
        self.specific.eliminate_zeros()
        self.up_front = _up_front(articles, self.vectors, self.words, memo.said, self.memo.said)
        """Which of each story's counted words its headline or lead says (1), see `leads`."""

    def plain(self) -> dict[str, Any]:
        """These vectors as plain values (`restored`)."""
        # Two lists of strings, not one of pairs: they load several times faster.
        return {"langs": [lang for lang, _word in self.keys], "words": self.words,
                "vectors": plain_matrix(self.vectors), "specific": plain_matrix(self.specific),
                "up_front": plain_matrix(self.up_front)}

    @classmethod
    def restored(cls, plain: Any, memo: WordMemo) -> EventVectors:
        """The vectors `plain` gives (`plain()`), made with `memo`; TypeError or ValueError when it is not of that
        shape."""
        langs, words = plain["langs"], plain["words"]
        if not (isinstance(langs, list) and isinstance(words, list) and len(langs) == len(words)
                and all(type(word) is str for word in words)):
            raise TypeError("event words of another shape")
        vectors = cls.__new__(cls)
        vectors.keys, vectors.words, vectors.memo = list(zip(langs, words)), words, memo
        vectors.vectors, vectors.specific, vectors.up_front = (
            matrix_of(plain[name]) for name in ("vectors", "specific", "up_front"))
        if not vectors.vectors.shape == vectors.specific.shape == vectors.up_front.shape \
                or vectors.vectors.shape[1] != max(1, len(words)):
            raise ValueError("event vectors of different shapes")
        return vectors

    def similarities(self, rows: slice | np.ndarray, columns: np.ndarray | None = None) -> np.ndarray:
        """The cosine of the event vectors of stories `rows` with every story (or with stories `columns`)."""
        return pair_products(self.vectors, rows, columns)

    def shared_specific(self, rows: slice | np.ndarray, columns: np.ndarray | None = None) -> np.ndarray:
        """How many specific event words stories `rows` share with every story (or with stories `columns`)."""
        return pair_products(self.specific, rows, columns)

    def differing_rows(self, other: EventVectors) -> np.ndarray:
        """The stories whose vectors differ in `other` (the same stories, some of whose words changed)."""
        mine, theirs = self.vectors, other.vectors
        if mine.shape[0] != theirs.shape[0]:
            return np.arange(theirs.shape[0], dtype=np.int64)
        columns = {key: column for column, key in enumerate(self.keys)}
        extra = len(self.keys)
        remap = np.array([columns.get(key, extra + n) for n, key in enumerate(other.keys)], dtype=np.int64)
        width = extra + len(other.keys) + 1
        moved = theirs.tocoo()
        theirs_here = sparse.csr_matrix((moved.data, (moved.row, remap[moved.col] if len(remap) else moved.col)),
                                        shape=(theirs.shape[0], width))
        mine_here = sparse.csr_matrix((mine.tocoo().data, (mine.tocoo().row, mine.tocoo().col)),
                                      shape=(mine.shape[0], width))
        difference = abs(mine_here - theirs_here)
        return np.flatnonzero(np.asarray(difference.max(axis=1).todense()).ravel() > 0).astype(np.int64)

    def shared_up_front(self, rows: slice | np.ndarray, columns: np.ndarray | None = None) -> np.ndarray:
        """How many counted event words stories `rows` and every story (or stories `columns`) both say up front."""
        return pair_products(self.up_front, rows, columns)

    def up_front_words(self, i: int, j: int) -> list[str]:
        """The counted event words stories `i` and `j` both say in their headlines or leads."""
        both = self.up_front[i].multiply(self.up_front[j]).tocoo()
        return sorted(self.words[col] for col in both.col.tolist())

    def shared_words(self, i: int, j: int, limit: int = 8) -> list[tuple[str, float]]:
        """The event words that make most of the similarity of stories `i` and `j`, with their share of it."""
        products = self.vectors[i].multiply(self.vectors[j]).tocoo()
        ranked = sorted(zip(products.col.tolist(), products.data.tolist()), key=lambda kv: (-kv[1], self.words[kv[0]]))
        return [(self.words[col], float(value)) for col, value in ranked[:limit]]


def _up_front(articles: Sequence[Article], vectors: sparse.csr_matrix, words: list[str],
              known: dict[bytes, tuple[int, ...]], found: dict[bytes, tuple[int, ...]]) -> sparse.csr_matrix:
    """One row per story: 1 for each of its counted event words (a weight over 0) its headline or lead says.

    A story whose headline, lead and counted words are in `known` is not matched again; what each story
    says is put in `found`."""
    counted = np.unique(vectors.indices)
    counted_words = [words[c] for c in counted.tolist()]
    matcher: UpFront | None = None
    # Which lemma a phrase's words stand for (the last column of a word of several languages): part of what
    # a story says, beyond its own words.
    lemma_column = {word: column for column, word in enumerate(counted_words) if " " not in word}
    local = np.searchsorted(counted, vectors.indices)  # each stored word's place among the counted ones
    rows: list[int] = []
    cols: list[int] = []
    for i, article in enumerate(articles):
        mine = sorted(local[vectors.indptr[i]:vectors.indptr[i + 1]].tolist())
        lead_text = lead(article.text)
        mine_words = [counted_words[k] for k in mine]
        key = strings_digest([article.title, lead_text, *mine_words],
                             [lemma_column.get(word) == k for word, k in zip(mine_words, mine)])
        places = known.get(key)
        if places is None:
            matcher = matcher if matcher is not None else UpFront(counted_words)
            at = {k: place for place, k in enumerate(mine)}
            places = tuple(sorted(at[k] for k in matcher.said(article.title, lead_text, mine)))
        found[key] = places
        said = sorted(int(counted[mine[place]]) for place in places)
        cols.extend(said)
        rows.extend([i] * len(said))
    return sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=vectors.shape)


def strings_digest(strings: Sequence[str], numbers: Iterable[int] = ()) -> bytes:
    """A digest of some strings and numbers, in their order (made with C loops: it is made for every story)."""
    digest = hashlib.blake2b(array("q", [len(strings), *map(len, strings)]).tobytes(), digest_size=16)
    digest.update("".join(strings).encode("utf-8", "surrogatepass"))
    digest.update(array("q", numbers).tobytes())
    return digest.digest()


def _rarity(word: str, lang: str) -> float:
    """How rare a word or phrase is in its language, 0 (the commonest) to 1 or more (a phrase of rare words)."""
    parts = word.split(" ")
    rarest = max(word_weight(part, lang) for part in parts) / ZIPF_CEILING
    return rarest * PHRASE_WEIGHT if len(parts) > 1 else rarest


def pair_products(vectors: sparse.csr_matrix, rows: slice | np.ndarray, columns: np.ndarray | None) -> np.ndarray:
    """The dot products of rows `rows` of `vectors` with every row, or with rows `columns`, as a dense matrix."""
    return (vectors[rows] @ (vectors if columns is None else vectors[columns]).T).toarray()
