"""The search stage: a Pagefind bundle of the marked parts of the rendered pages."""

from __future__ import annotations

import gzip
import json
import logging
import shutil
from pathlib import Path

import pytest

import generator.render.search as search
from generator.cache import SEARCH_NAME
from generator.config import SiteConfig
from generator.fingerprints import content_digest as digest
from generator.model import Page
from generator.render.search import BUNDLE_DIR, SearchIndexError, search_pages


def html(body: str, lang: str = "es") -> bytes:
    return f'<!doctype html><html lang="{lang}"><head><title>t</title></head><body>{body}</body></html>'.encode()


def fragments(pages: list[Page]) -> list[dict]:
    found = []
    for page in pages:
        if page.path.startswith(f"{BUNDLE_DIR}/fragment/"):
            data = gzip.decompress(page.content)
            found.append(json.loads(data[data.index(b"{"):]))
    return found


def site_pages() -> list[Page]:
    return [
        Page("index.html", html("<h1>Portada</h1><p>Bucarest en portada</p>")),
        Page("articles/seed/index.html", html(
            '<nav>Menú</nav><article data-pagefind-body data-pagefind-meta="kind:Noticia"><h1>Biden y Putin</h1>'
            "<p>Bucarest Nine es una referencia a los nueve países.</p>"
            "<p data-pagefind-ignore>Relacionadas: Fútbol</p></article>")),
        Page("glossary/bucarest-nine/index.html", html(
            '<div data-pagefind-body data-pagefind-meta="kind:Glosario"><h1>Bucarest Nine</h1><p>Grupo de nueve países.</p></div>')),
        Page("static/style.css", b"body{}"),
    ]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> list[Page]:
    return search_pages(site_pages(), SiteConfig(language="es", cache_dir=tmp_path_factory.mktemp("cache")))


def test_bundle_is_under_pagefind_with_the_script_the_search_page_loads(bundle):
    paths = {p.path for p in bundle}
    assert all(p.startswith(f"{BUNDLE_DIR}/") for p in paths)
    assert {f"{BUNDLE_DIR}/pagefind.js", f"{BUNDLE_DIR}/pagefind-entry.json"} <= paths
    assert not any(p.endswith("-ui.js") or p.endswith(".css") for p in paths)  # the site has its own search page


def test_only_marked_parts_of_marked_pages_are_indexed(bundle):
    indexed = {f["url"]: f for f in fragments(bundle)}
    assert set(indexed) == {"/articles/seed/index.html", "/glossary/bucarest-nine/index.html"}
    story = indexed["/articles/seed/index.html"]
    assert "Bucarest Nine es una referencia" in story["content"]
    assert "Menú" not in story["content"] and "Fútbol" not in story["content"]
    assert story["meta"]["title"] == "Biden y Putin" and story["meta"]["kind"] == "Noticia"
    entry = json.loads(next(p.content for p in bundle if p.path.endswith("pagefind-entry.json")))
    assert list(entry["languages"]) == ["es"]


def test_no_marked_page_no_bundle(tmp_path):
    assert search_pages([Page("index.html", html("<p>nada</p>"))], SiteConfig(cache_dir=tmp_path)) == []
    assert list(tmp_path.iterdir()) == []


class Runs:
    """Counts Pagefind's runs; `then` changes what it wrote."""

    def __init__(self, monkeypatch, then=lambda bundle: None) -> None:
        self.count, self.then, self.real = 0, then, search._run_pagefind
        monkeypatch.setattr(search, "_run_pagefind", self)

    def __call__(self, site, bundle, language) -> None:
        self.count += 1
        self.real(site, bundle, language)
        self.then(bundle)


def stored_bundle(cache: Path) -> Path:
    (folder,) = (cache / SEARCH_NAME).iterdir()
    return folder


def _cut_listing(folder: Path) -> None:
    listing = folder / "files.txt"
    listing.write_text("".join(listing.read_text(encoding="utf-8").splitlines(keepends=True)[:3]), encoding="utf-8")


def _changed_file(folder: Path) -> None:
    (folder / "files/pagefind.js").write_bytes(b"garbage")


def _extra_file(folder: Path) -> None:
    (folder / "files/fragment/extra.pf_fragment").write_bytes(b"garbage")


def _missing_file(folder: Path) -> None:
    next((folder / "files/index").iterdir()).unlink()


def _files_a_file(folder: Path) -> None:
    shutil.rmtree(folder / "files")
    (folder / "files").write_bytes(b"garbage")


def _no_listing(folder: Path) -> None:
    (folder / "files.txt").unlink()


def _listing_resealed_without_a_file(folder: Path) -> None:
    """A listing made whole again, naming all but the index: the bundle lacks what search needs."""
    listing = folder / "files.txt"
    lines = [line for line in listing.read_text(encoding="utf-8").splitlines()[:-1] if " index/" not in line]
    body = "".join(f"{line}\n" for line in lines).encode()
    listing.write_bytes(body + digest(body).encode() + b"\n")
    shutil.rmtree(folder / "files/index")


@pytest.mark.parametrize("damage", [_cut_listing, _changed_file, _extra_file, _missing_file, _files_a_file, _no_listing,
                                    _listing_resealed_without_a_file])
def test_a_stored_bundle_is_used_only_whole_and_complete(bundle, tmp_path, monkeypatch, damage):
    config = SiteConfig(language="es", cache_dir=tmp_path)
    runs = Runs(monkeypatch)
    assert search_pages(site_pages(), config) == bundle and runs.count == 1
    assert search_pages(site_pages(), config) == bundle and runs.count == 1  # taken from the cache
    damage(stored_bundle(tmp_path))
    assert search_pages(site_pages(), config) == bundle and runs.count == 2  # indexed again...
    assert search_pages(site_pages(), config) == bundle and runs.count == 2  # ...and stored again


def test_a_bundle_pagefind_made_without_what_search_needs_is_an_error(tmp_path, monkeypatch):
    Runs(monkeypatch, then=lambda bundle: shutil.rmtree(bundle / "index"))
    with pytest.raises(SearchIndexError, match=r"made a search index without an index chunk \(index/\), which the "
                                              r"site's search needs \(reinstall it"):
        search_pages(site_pages(), SiteConfig(language="es", cache_dir=tmp_path))
    Runs(monkeypatch, then=lambda bundle: (bundle / "pagefind.js").unlink())
    with pytest.raises(SearchIndexError, match="without pagefind.js"):
        search_pages(site_pages(), SiteConfig(language="es", cache_dir=tmp_path))
    assert not (tmp_path / SEARCH_NAME).exists()  # nothing kept


def test_an_uncached_search_neither_reads_nor_writes_the_cache(bundle, tmp_path, monkeypatch):
    config = SiteConfig(language="es", cache_dir=tmp_path)
    search_pages(site_pages(), config)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    runs = Runs(monkeypatch)
    assert search_pages(site_pages(), config, cached=False) == bundle and runs.count == 1
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before
    empty = tmp_path / "empty"
    assert search_pages(site_pages(), SiteConfig(language="es", cache_dir=empty), cached=False) == bundle
    assert not empty.exists()


def test_a_search_cache_that_cannot_be_written_costs_a_warning(bundle, tmp_path, caplog):
    (tmp_path / SEARCH_NAME).write_bytes(b"in the way")
    assert search_pages(site_pages(), SiteConfig(language="es", cache_dir=tmp_path)) == bundle
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and warnings[0].startswith(f"{tmp_path}: the cache cannot be written")
