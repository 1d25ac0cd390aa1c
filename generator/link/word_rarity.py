"""Text similarity of stories: cosine of word vectors weighted by how rare each word is in its language.

The weight of a word comes from the language's general word frequencies (wordfreq), not
from the corpus, so a story's vector depends on that story alone: adding or removing
other stories never changes the similarity of two stories. The commonest words of a
language (function words) carry no weight; a word the frequency list does not know
counts as the rarest.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import json
import logging
import math
import re
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from scipy import sparse

from ..atomic_file import replace_file
from ..cache import cannot_store, damage
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
    A story's words are counted once per process while its title, text and names are unchanged
    (the preview server links the corpus again after every edit).
    """

    def __init__(self, articles: Sequence[Article]) -> None:
        global _rows
        known, _rows = _rows, {}
        found = []
        self.keys: list[bytes] = []
        """Each story's digest of what its row is made of: equal keys, equal rows."""
        for article in articles:
            text, lang, named = f"{article.title}\n{article.text}", article.lang, _name_words(article)
            key = _row_key(text, lang, named)
            self.keys.append(key)
            found.append(_rows.setdefault(key, known.get(key) or _row(text, lang, named)))
        lengths = [len(row.columns) for row in found]
        rows = np.repeat(np.arange(len(found)), lengths)
        cols = np.concatenate([row.columns for row in found]) if found else np.zeros(0, dtype=np.int64)
        values = np.concatenate([row.values for row in found]) if found else np.zeros(0)
        topic = ~np.concatenate([row.names for row in found]) if found else np.zeros(0, dtype=bool)
        shape = (len(found), max(1, len(_vocabulary)))
        self.vectors = _normalised(rows, cols, values, shape)
        self.topic_vectors = _normalised(rows[topic], cols[topic], values[topic], shape)

    def similarities(self, rows: slice | np.ndarray = slice(None), columns: np.ndarray | None = None) -> np.ndarray:
        """The cosine similarities of stories `rows` (all by default) with every story, or with stories `columns`,
        as a dense matrix."""
        return pair_products(self.vectors, rows, columns)

    def topic_similarities(self, rows: slice | np.ndarray = slice(None), columns: np.ndarray | None = None) -> np.ndarray:
        """The same, of the stories' words without their names."""
        return pair_products(self.topic_vectors, rows, columns)

    def shared_words(self, i: int, j: int, limit: int = 8) -> list[tuple[str, float]]:
        """The words that contribute most to the similarity of stories `i` and `j`, with their share of it."""
        words = _words()
        products = self.vectors[i].multiply(self.vectors[j]).tocoo()
        ranked = sorted(zip(products.col, products.data), key=lambda kv: (-kv[1], words[kv[0]]))
        return [(words[col], float(value)) for col, value in ranked[:limit]]


@dataclass(frozen=True)
class _Row:
    """A story's weighted words: vocabulary columns, raw weights, and which words are of its names."""

    columns: np.ndarray
    values: np.ndarray
    names: np.ndarray


#: Word → column of every story's vector in this process (a column no story of a corpus has stays empty).
_vocabulary: dict[str, int] = {}
#: The rows of the stories of the last corpus, by a digest of what they are made of (see `_row_key`).
_rows: dict[bytes, _Row] = {}
#: The keys of the rows in the file they were last loaded from or saved to.
_stored: frozenset[bytes] = frozenset()
#: The files this process read rows from: read once (its own rows are newer than the file).
_read: set[Path] = set()
#: Changes when what a row holds or how it is computed changes: stored rows of another layout are not read.
ROWS_LAYOUT = 1


def _row_key(text: str, lang: str, named: set[str]) -> bytes:
    digest = hashlib.blake2b(digest_size=16)
    for part in (lang, *sorted(named), text):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\x00")
    return digest.digest()


def _row(text: str, lang: str, named: set[str]) -> _Row:
    columns, values, names = [], [], []
    for word, n in Counter(WORD.findall(text.lower())).items():
        weight = word_weight(word, lang)
        if weight > 0:
            columns.append(_vocabulary.setdefault(word, len(_vocabulary)))
            values.append((1 + math.log(n)) * weight)
            names.append(word in named)
    return _Row(np.array(columns, dtype=np.int64), np.array(values, dtype=np.float64), np.array(names, dtype=bool))


def _words() -> dict[int, str]:
    return {column: word for word, column in _vocabulary.items()}


def load_rows(path: Path) -> None:
    """Take the stories' words that an earlier build stored at `path` (a missing, stale or damaged file gives none).

    A file is read once per process: a preview session links again after every edit.
    """
    global _stored
    if path in _read:
        return
    _read.add(path)
    try:
        with np.load(path, allow_pickle=False) as stored:
            if _text(stored["meta"]) != _rows_meta():
                return
            words, keys, lengths, ids = _text(stored["words"]), stored["keys"], stored["lengths"], stored["ids"]
            values, names = stored["values"], stored["names"]
        vocabulary = words.split("\n") if words else []
        _check_rows(len(vocabulary), keys, lengths, ids, values, names)
    except OSError as err:  # none stored, or in the way of storing them (said when storing)
        log.debug("%s: no stored words (%s)", path, err)
        return
    except (ValueError, KeyError, EOFError, NotImplementedError, zipfile.BadZipFile) as err:
        # np.load reads a damaged zip or array header with any of these
        log.warning("%s: stored words damaged (%s); counting them again", path, damage(err))
        return
    columns = np.array([_vocabulary.setdefault(w, len(_vocabulary)) for w in vocabulary], dtype=np.int64)
    ends = np.cumsum(lengths)
    loaded = {bytes(key): _Row(columns[ids[end - n:end]], values[end - n:end], names[end - n:end])
              for key, n, end in zip(keys, lengths.tolist(), ends.tolist())}
    for key, row in loaded.items():
        _rows.setdefault(key, row)
    _stored = frozenset(loaded)


def _text(array: np.ndarray) -> str:
    """The UTF-8 text stored as a 1-D byte array; ValueError for anything else."""
    if array.dtype != np.uint8 or array.ndim != 1:
        raise ValueError(f"text stored as {array.dtype} {array.shape}")
    return bytes(array).decode("utf-8")


def _check_rows(words: int, keys: np.ndarray, lengths: np.ndarray, ids: np.ndarray, values: np.ndarray,
                names: np.ndarray) -> None:
    """ValueError unless the stored arrays are rows as `save_rows` writes them, for a vocabulary of `words` words."""
    if keys.dtype != np.uint8 or keys.ndim != 2 or keys.shape[1:] != (16,):
        raise ValueError(f"keys stored as {keys.dtype} {keys.shape}")
    for name, array, kind in (("lengths", lengths, "i"), ("ids", ids, "i"), ("values", values, "f"), ("names", names, "b")):
        if array.dtype.kind != kind or array.ndim != 1:
            raise ValueError(f"{name} stored as {array.dtype} {array.shape}")
    if len(lengths) != len(keys) or (lengths < 0).any() or int(lengths.sum()) != len(ids) or \
            not len(ids) == len(values) == len(names):
        raise ValueError("inconsistent lengths")
    if len(ids) and (int(ids.min()) < 0 or int(ids.max()) >= words):
        raise ValueError("a word id outside the stored words")
    if not np.isfinite(values).all():
        raise ValueError("a weight that is not a number")


def save_rows(path: Path) -> None:
    """Store the words of the stories of the last corpus at `path`, for the next build (when they changed)."""
    global _stored
    if _stored == _rows.keys():
        return
    keys = list(_rows)
    columns = np.concatenate([_rows[k].columns for k in keys]) if keys else np.zeros(0, dtype=np.int64)
    used, ids = np.unique(columns, return_inverse=True)
    words = _words()
    arrays = {
        "meta": np.frombuffer(_rows_meta().encode(), dtype=np.uint8),
        "words": np.frombuffer("\n".join(words[c] for c in used.tolist()).encode(), dtype=np.uint8),
        "keys": np.array([np.frombuffer(k, dtype=np.uint8) for k in keys], dtype=np.uint8).reshape(len(keys), 16),
        "lengths": np.array([len(_rows[k].columns) for k in keys], dtype=np.int64),
        "ids": ids.astype(np.int32),
        "values": np.concatenate([_rows[k].values for k in keys]) if keys else np.zeros(0),
        "names": np.concatenate([_rows[k].names for k in keys]) if keys else np.zeros(0, dtype=bool),
    }
    stored = io.BytesIO()
    np.savez(stored, **arrays)
    try:
        replace_file(path, stored.getvalue())
    except OSError as err:
        cannot_store(path.parent, err)
        return
    _stored = frozenset(keys)


@cache
def _rows_meta() -> str:
    """What stored rows were computed with: their layout, this code, the word frequencies, the weighting and the words."""
    code = hashlib.blake2b(Path(__file__).read_bytes(), digest_size=16).hexdigest()
    return json.dumps([ROWS_LAYOUT, code, importlib.metadata.version("wordfreq"), ZIPF_CEILING, WORD.pattern])


def _name_words(article: Article) -> set[str]:
    """The words (lower case) of the people, organisations and places a story names: `vladímir`, `putin`.

    Other names (`Copa Mundial`, `COVID-19`) are often what a story is about, so their words stay.
    """
    entities = article.annotations.entities if article.annotations else []
    return {word for entity in entities if entity.type != "MISC"
            for form in entity.surface_forms for word in WORD.findall(form.lower())}


def pair_products(vectors: sparse.csr_matrix, rows: slice | np.ndarray, columns: np.ndarray | None) -> np.ndarray:
    """The dot products of rows `rows` of `vectors` with every row, or with rows `columns`, as a dense matrix."""
    return (vectors[rows] @ (vectors if columns is None else vectors[columns]).T).toarray()


def _normalised(rows: np.ndarray, cols: np.ndarray, values: np.ndarray, shape: tuple[int, int]) -> sparse.csr_matrix:
    """A sparse matrix from its entries, each row scaled to unit length (empty rows stay empty)."""
    raw = sparse.csr_matrix((values, (rows, cols)), shape=shape, dtype=np.float64)
    norms = np.sqrt(np.asarray(raw.multiply(raw).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1 / norms) @ raw)
