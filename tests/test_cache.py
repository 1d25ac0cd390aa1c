"""The annotation cache and the parallel annotation driver."""

from __future__ import annotations

import json
import sqlite3
import zlib
from pathlib import Path

import pytest

from generator.annotating import annotate_articles
from generator.cache import DB_NAME, WORDS_NAME, AnnotationCache, cache_key, clear_cache, from_json, ruler_fingerprint, to_json
from generator.model import Article, GlossaryEntry
from conftest import FIXTURES, SEED


def articles() -> list[Article]:
    found = []
    for path in sorted((FIXTURES / "site/content/articles").glob("*.md")):
        text = path.read_text(encoding="utf-8").split("---\n", 2)[2]
        found.append(Article(path=path, slug=path.stem, title=path.stem, lang="es", body=text, body_line=1, text=text))
    seed = SEED.read_text(encoding="utf-8").split("\n", 1)[1]
    found.append(Article(path=SEED, slug="seed", title="seed", lang="es", body=seed, body_line=1, text=seed))
    return found


class Counting:
    """An annotator factory that counts how often the real annotator was asked for."""

    def __init__(self, annotator):
        self.annotator, self.calls = annotator, 0

    def __call__(self):
        self.calls += 1
        return self.annotator


def test_a_warm_run_never_touches_spacy_and_gives_the_same_annotations(tmp_path, annotator):
    cold_cache = AnnotationCache(tmp_path)
    cold = annotate_articles(articles(), cache=cold_cache, annotator=Counting(annotator))
    cold_cache.close()
    factory = Counting(annotator)
    warm_cache = AnnotationCache(tmp_path)  # a new process: only the file remains
    warm = annotate_articles(articles(), cache=warm_cache, annotator=factory)
    assert factory.calls == 0 and warm_cache.misses == 0 and warm_cache.hits == len(warm)
    assert [to_json(a) for a in warm] == [to_json(a) for a in cold]


def test_only_changed_articles_are_annotated_again(tmp_path, annotator):
    cache = AnnotationCache(tmp_path)
    batch = articles()
    annotate_articles(batch, cache=cache, annotator=Counting(annotator))
    batch[0].text += "\n«Nada más», dijo Ana López.\n"
    cache.hits = cache.misses = 0
    result = annotate_articles(batch, cache=cache, annotator=Counting(annotator))
    assert cache.misses == 1 and cache.hits == len(batch) - 1
    assert any(q.text == "Nada más" for q in result[0].quotes)


def test_the_key_depends_on_text_language_and_authored_names():
    ruler = ruler_fingerprint([], [])
    other_ruler = ruler_fingerprint([GlossaryEntry(Path("g.md"), "OTAN", "Alianza.", ["NATO"])], [])
    base = cache_key("Texto.", "es", ruler)
    assert base == cache_key("Texto.", "es", ruler)
    assert len({base, cache_key("Texto!", "es", ruler), cache_key("Texto.", "en", ruler),
                cache_key("Texto.", "es", other_ruler)}) == 4


def test_a_damaged_entry_is_recomputed(tmp_path, annotator, caplog):
    cache = AnnotationCache(tmp_path)
    batch = articles()[:1]
    annotate_articles(batch, cache=cache, annotator=Counting(annotator))
    cache.close()
    db = sqlite3.connect(tmp_path / DB_NAME)
    with db:
        db.execute("UPDATE annotations SET data = ?", (b"not zlib at all",))
    db.close()
    factory = Counting(annotator)
    again = annotate_articles(batch, cache=AnnotationCache(tmp_path), annotator=factory)
    assert factory.calls == 1 and again[0].entities
    assert "damaged cache entry" in caplog.text


def test_a_damaged_database_file_is_replaced(tmp_path, annotator, caplog):
    (tmp_path / DB_NAME).write_bytes(b"this is not a database" * 100)
    cache = AnnotationCache(tmp_path)
    result = annotate_articles(articles()[:1], cache=cache, annotator=Counting(annotator))
    assert result[0].entities and "damaged" in caplog.text
    assert AnnotationCache(tmp_path).get(next(iter(cache.memory))) is not None


def test_clear_removes_the_file(tmp_path, annotator):
    annotate_articles(articles()[:1], cache=AnnotationCache(tmp_path), annotator=Counting(annotator))
    (tmp_path / WORDS_NAME).write_bytes(b"stored words")
    assert clear_cache(tmp_path) and not (tmp_path / DB_NAME).exists() and not (tmp_path / WORDS_NAME).exists()
    assert not clear_cache(tmp_path)


def test_entries_are_compact(tmp_path, annotator):
    cache = AnnotationCache(tmp_path)
    batch = articles()
    annotate_articles(batch, cache=cache, annotator=Counting(annotator))
    cache.close()
    raw = sum(len(a.text.encode()) for a in batch)
    assert (tmp_path / DB_NAME).stat().st_size < 2 * raw + 64 * 1024
    row = sqlite3.connect(tmp_path / DB_NAME).execute("SELECT data FROM annotations").fetchone()
    assert from_json(json.loads(zlib.decompress(row[0]))).model


def test_parallel_workers_give_the_same_annotations_in_the_same_order(annotator):
    annotator.configure([], [])  # as the workers are: other tests give the shared annotator their sites' names
    batch = articles()
    serial = annotate_articles(batch, cache=AnnotationCache(None), annotator=Counting(annotator))
    progress: list[int] = []
    parallel = annotate_articles(batch, cache=AnnotationCache(None), annotator=Counting(annotator), jobs=2,
                                 parallel_threshold=0, progress=progress.append)
    assert [to_json(a) for a in parallel] == [to_json(a) for a in serial]
    assert sum(progress) == len(batch)
