"""The annotation cache and the parallel annotation driver."""

from __future__ import annotations

import errno
import functools
import json
import logging
import os
import sqlite3
import typing
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.pipeline.annotating import annotate_articles
from generator.cache import (DB_NAME, MERGE_NAME, SEARCH_NAME, TEMPLATES_NAME, WORDS_NAME, AnnotationCache, CacheError,
                             StoreWarnings, cache_key, clear_cache, decode, ruler_fingerprint, to_json)
from generator.model import Article, Definition, GlossaryEntry, Quote
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
    caplog.set_level(logging.DEBUG, logger="generator.cache")
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


def test_a_database_cut_in_half_is_replaced(tmp_path, annotator, caplog):
    batch = articles()
    cache = AnnotationCache(tmp_path)
    annotate_articles(batch, cache=cache, annotator=Counting(annotator))
    cache.close()
    os.truncate(tmp_path / DB_NAME, (tmp_path / DB_NAME).stat().st_size // 2)
    factory = Counting(annotator)
    again = annotate_articles(batch, cache=AnnotationCache(tmp_path), annotator=factory)
    assert factory.calls == 1 and "damaged" in caplog.text
    assert [to_json(a) for a in again] == [to_json(a) for a in cache.memory.values()]
    reopened = AnnotationCache(tmp_path)
    assert all(reopened.get(key) is not None for key in cache.memory)  # the new file holds them all


def entry(annotator) -> dict:
    """The stored JSON of one article's annotations, with at least one entity, quote and definition field."""
    found = annotate_articles(articles()[-1:], cache=AnnotationCache(None), annotator=Counting(annotator))[0]
    data = to_json(found)
    assert data["entities"] and data["quotes"]
    return data


def leaves(value, path=()):
    """Every (path, value) of a JSON document's strings, numbers and nulls."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, (*path, key))
    elif isinstance(value, list):
        for at, item in enumerate(value):
            yield from leaves(item, (*path, at))
    else:
        yield path, value


#: The fields that may hold null.
OPTIONAL = {name for kind in (Quote, Definition) for name, hint in typing.get_type_hints(kind).items()
            if type(None) in typing.get_args(hint)}


def wrong_values(value, field) -> list:
    """JSON values that `field`, holding `value`, may not hold (a float field also takes whole numbers)."""
    if isinstance(value, str):
        return [12345, [value], True] + ([] if field in OPTIONAL else [None])
    if isinstance(value, bool):
        return ["true", None, 1]
    if isinstance(value, int):
        return [str(value), None, True, value + 0.5, [value]]
    if isinstance(value, float):
        return [str(value), None, True, [value]]
    return [12345, True, ["x"], {"x": 1}]  # None: an optional text


def stored(data) -> bytes:
    return zlib.compress(json.dumps(data).encode())


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_an_entry_with_any_field_of_another_type_is_damaged(annotator, data):
    good = entry_of_seed(annotator)
    path, value = data.draw(st.sampled_from(list(leaves(good))))
    bad = json.loads(json.dumps(good))
    target = bad
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = data.draw(st.sampled_from(wrong_values(value, path[-1])))
    with pytest.raises(ValueError):
        decode(stored(bad))
    assert decode(stored(good)) is not None


@functools.cache
def _seed_entry(annotator) -> str:
    return json.dumps(entry(annotator))


def entry_of_seed(annotator) -> dict:
    return json.loads(_seed_entry(annotator))


@pytest.mark.parametrize("damage", [
    lambda e: e["entities"][0].__setitem__("name", 12345),  # an entity named by a number
    lambda e: e["entities"][0].__setitem__("type", "PERSON"),  # not one of the entity types
    lambda e: e["entities"][0].__setitem__("mentions", [[0, 5]]),  # a mention without its text
    lambda e: e["quotes"][0].__setitem__("kind", "rumour"),
    lambda e: e.pop("summary"),
    lambda e: e.__setitem__("entities", {}),
], ids=["name-number", "unknown-type", "short-mention", "unknown-kind", "no-summary", "entities-object"])
def test_an_entry_of_the_wrong_shape_in_the_database_is_recomputed_and_replaced(tmp_path, annotator, caplog, damage):
    caplog.set_level(logging.DEBUG, logger="generator.cache")
    batch = articles()[-1:]
    cache = AnnotationCache(tmp_path)
    expected = annotate_articles(batch, cache=cache, annotator=Counting(annotator))
    cache.close()
    db = sqlite3.connect(tmp_path / DB_NAME)
    key, blob = db.execute("SELECT key, data FROM annotations").fetchone()
    data = json.loads(zlib.decompress(blob))
    damage(data)
    with db:
        db.execute("UPDATE annotations SET data = ?", (stored(data),))
    db.close()
    factory = Counting(annotator)
    again = annotate_articles(batch, cache=AnnotationCache(tmp_path), annotator=factory)
    assert factory.calls == 1 and "damaged cache entry" in caplog.text
    assert [to_json(a) for a in again] == [to_json(a) for a in expected]
    assert to_json(AnnotationCache(tmp_path).get(key)) == to_json(expected[0])  # replaced


def test_a_folder_in_place_of_the_database_costs_one_warning_not_the_build(tmp_path, annotator, caplog):
    (tmp_path / DB_NAME / "inside").mkdir(parents=True)
    cache = AnnotationCache(tmp_path)
    result = annotate_articles(articles()[:2], cache=cache, annotator=Counting(annotator))
    assert result[0].entities and cache.get(next(iter(cache.memory))) is not None  # kept in memory
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and str(tmp_path) in warnings[0].getMessage()
    assert "cache clear" in warnings[0].getMessage() and (tmp_path / DB_NAME).is_dir()


def test_a_file_in_place_of_the_cache_folder_costs_one_warning_not_the_build(tmp_path, annotator, caplog):
    folder = tmp_path / "cache"
    folder.write_bytes(b"notes")
    result = annotate_articles(articles()[:1], cache=AnnotationCache(folder), annotator=Counting(annotator))
    assert result[0].entities and folder.read_bytes() == b"notes"
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING] == [
        f"{folder}: the cache cannot be written ([Errno 17] File exists: '{folder}'); this build goes on without "
        "storing, so the next one is slower (it is a file, not a folder: move it away or set cache_dir in digest.toml)"]


def test_what_shares_one_store_warnings_warns_once_and_each_build_has_its_own(tmp_path, caplog):
    folder = tmp_path / "cache"
    folder.write_bytes(b"notes")
    said = StoreWarnings()
    AnnotationCache(folder, said)
    AnnotationCache(folder, said)  # a build's other stores in the same folder
    AnnotationCache(folder)  # another build
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2 and all(w.startswith(f"{folder}: the cache cannot be written") for w in warnings)
    assert said.folders == {folder}


def test_a_read_only_database_still_gives_its_entries_and_stores_nothing(tmp_path, annotator, caplog, monkeypatch):
    batch = articles()
    cache = AnnotationCache(tmp_path)
    annotate_articles(batch[:2], cache=cache, annotator=Counting(annotator))
    cache.close()
    before = (tmp_path / DB_NAME).read_bytes()
    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda path, **kw: connect(f"file:{path}?mode=ro", uri=True, **kw))
    read_only = AnnotationCache(tmp_path)
    factory = Counting(annotator)
    annotate_articles(batch, cache=read_only, annotator=factory)
    assert read_only.hits == 2 and read_only.misses == len(batch) - 2
    assert (tmp_path / DB_NAME).read_bytes() == before
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "readonly" in warnings[0] and "writable" in warnings[0]


def test_clear_deletes_what_the_cache_holds_and_keeps_the_site_records(tmp_path, annotator):
    annotate_articles(articles()[:1], cache=AnnotationCache(tmp_path), annotator=Counting(annotator))
    (tmp_path / WORDS_NAME).write_bytes(b"stored words")
    (tmp_path / MERGE_NAME / "in the way").mkdir(parents=True)  # a folder where a file belongs
    (tmp_path / SEARCH_NAME / "0123" / "files").mkdir(parents=True)
    (tmp_path / f".{WORDS_NAME}.4242.tmp").write_bytes(b"left by a killed build")
    (tmp_path / "sites").mkdir()
    (tmp_path / "sites" / "0123.json").write_text("{}", encoding="utf-8")
    (tmp_path / "README").write_text("not the cache's", encoding="utf-8")
    (tmp_path / TEMPLATES_NAME / "jinja-3").mkdir(parents=True)
    assert clear_cache(tmp_path) == sorted([f".{WORDS_NAME}.4242.tmp", DB_NAME, MERGE_NAME, SEARCH_NAME, TEMPLATES_NAME,
                                            WORDS_NAME])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README", "sites"]
    assert (tmp_path / "sites" / "0123.json").read_text(encoding="utf-8") == "{}"
    assert clear_cache(tmp_path) == [] and clear_cache(tmp_path / "none") == []


def test_clear_refuses_a_file_and_names_what_it_could_not_delete(tmp_path, monkeypatch):
    (tmp_path / "file").write_bytes(b"notes")
    with pytest.raises(CacheError, match="is not a folder.*nothing deleted.*cache_dir"):
        clear_cache(tmp_path / "file")
    assert (tmp_path / "file").read_bytes() == b"notes"
    folder = tmp_path / "cache"
    (folder / SEARCH_NAME / "key").mkdir(parents=True)
    (folder / WORDS_NAME).write_bytes(b"words")
    (folder / MERGE_NAME).write_bytes(b"merge")
    unlink = os.unlink
    def refuse(path, *args, **kwargs):
        if os.fspath(path).endswith(WORDS_NAME):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return unlink(path, *args, **kwargs)
    monkeypatch.setattr(os, "unlink", refuse)
    with pytest.raises(CacheError) as refused:
        clear_cache(folder)
    assert str(refused.value) == (f"{folder}: could not delete {folder / WORDS_NAME} (Permission denied); make the cache "
                                  "folder writable (or delete those files by hand) and clear it again")
    assert sorted(p.name for p in folder.iterdir()) == [WORDS_NAME]  # the others were deleted


def test_entries_are_compact(tmp_path, annotator):
    cache = AnnotationCache(tmp_path)
    batch = articles()
    annotate_articles(batch, cache=cache, annotator=Counting(annotator))
    cache.close()
    raw = sum(len(a.text.encode()) for a in batch)
    assert (tmp_path / DB_NAME).stat().st_size < 2 * raw + 64 * 1024
    row = sqlite3.connect(tmp_path / DB_NAME).execute("SELECT data FROM annotations").fetchone()
    assert decode(row[0]).model


def test_parallel_workers_give_the_same_annotations_in_the_same_order(annotator):
    annotator.configure([], [])  # as the workers are: other tests give the shared annotator their sites' names
    batch = articles()
    serial = annotate_articles(batch, cache=AnnotationCache(None), annotator=Counting(annotator))
    progress: list[int] = []
    parallel = annotate_articles(batch, cache=AnnotationCache(None), annotator=Counting(annotator), jobs=2,
                                 parallel_threshold=0, progress=progress.append)
    assert [to_json(a) for a in parallel] == [to_json(a) for a in serial]
    assert sum(progress) == len(batch)
