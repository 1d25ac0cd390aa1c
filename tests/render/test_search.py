"""The search stage: a Pagefind bundle of the marked parts of the rendered pages."""

from __future__ import annotations

import gzip
import json
import logging
import shutil
import threading
import time
from pathlib import Path

import pytest

import generator.render.search as search
from generator.cache import SEARCH_NAME
from generator.config import SiteConfig
from generator.fingerprints import content_digest as digest
from generator.model import Page
from generator.files.spool import Spool, SpooledBytes
from generator.render.search import BUNDLE_DIR, LISTING_NAME, SearchIndexError, search_pages, split_into_bundles


def html(body: str, lang: str = "es") -> bytes:
    return f'<!doctype html><html lang="{lang}"><head><title>t</title></head><body>{body}</body></html>'.encode()


def fragments(pages: list[Page]) -> list[dict]:
    found = []
    for page in pages:
        if page.path.startswith(f"{BUNDLE_DIR}/") and "/fragment/" in page.path:
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


def listed(bundle: list[Page]) -> list[str]:
    """The bundles the search page loads, first the one it merges the others into."""
    return json.loads(next(p.content for p in bundle if p.path == f"{BUNDLE_DIR}/{LISTING_NAME}"))["bundles"]


def test_bundles_are_under_pagefind_each_with_the_script_the_search_page_loads(bundle):
    paths = {p.path for p in bundle}
    assert all(p.startswith(f"{BUNDLE_DIR}/") for p in paths)
    assert listed(bundle) == ["articles-0/", "glossary-0/"]  # one per section of this small site
    for name in listed(bundle):
        assert {f"{BUNDLE_DIR}/{name}pagefind.js", f"{BUNDLE_DIR}/{name}pagefind-entry.json"} <= paths
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
    """One of the bundles stored in the cache folder (this site has two)."""
    folders = sorted((cache / SEARCH_NAME).iterdir())
    assert len(folders) == 2
    return folders[0]


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
    assert search_pages(site_pages(), config) == bundle and runs.count == 2
    assert search_pages(site_pages(), config) == bundle and runs.count == 2  # taken from the cache
    damage(stored_bundle(tmp_path))
    assert search_pages(site_pages(), config) == bundle and runs.count == 3  # the damaged one indexed again...
    assert search_pages(site_pages(), config) == bundle and runs.count == 3  # ...and stored again


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
    assert search_pages(site_pages(), config, cached=False) == bundle and runs.count == 2
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before
    empty = tmp_path / "empty"
    assert search_pages(site_pages(), SiteConfig(language="es", cache_dir=empty), cached=False) == bundle
    assert not empty.exists()


def test_a_search_cache_that_cannot_be_written_costs_a_warning(bundle, tmp_path, caplog):
    (tmp_path / SEARCH_NAME).write_bytes(b"in the way")
    assert search_pages(site_pages(), SiteConfig(language="es", cache_dir=tmp_path)) == bundle
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and warnings[0].startswith(f"{tmp_path}: the cache cannot be written")


def many_stories(count: int, words: str = "palabra") -> dict[str, bytes]:
    return {f"articles/story-{n}/index.html": f"<article>{words} {n} ".encode() * 40 for n in range(count)}


def test_a_section_splits_by_page_and_a_page_stays_in_its_bundle_while_the_section_grows(monkeypatch):
    monkeypatch.setattr(search, "_UNITS_PER_BUNDLE", 500)  # smaller bundles, so that a few thousand pages make several
    small, large = split_into_bundles(many_stories(200)), split_into_bundles(many_stories(3_000))
    assert len(small) < len(large) < search._MOST_BUNDLES_PER_SECTION and all(name.startswith("articles-") for name in large)
    assert sum(map(len, large.values())) == 3_000
    where = {path: name for name, part in large.items() for path in part}
    assert max(map(len, large.values())) < 2 * min(map(len, large.values()))  # a hash spreads them evenly
    # One more story changes the bundle of no other, and an edit of one changes one bundle.
    more = split_into_bundles({**many_stories(3_000), "articles/new/index.html": b"<article>nueva</article>"})
    assert all(where[path] == name for name, part in more.items() for path in part if path in where)
    edited = many_stories(3_000)
    edited["articles/story-7/index.html"] = b"<article>otra cosa</article>"
    changed = [name for name, part in split_into_bundles(edited).items() if part != large[name]]
    assert changed == [where["articles/story-7/index.html"]]
    # When the section doubles, a bundle splits in two: its pages go to two bundles, not everywhere.
    doubled = split_into_bundles(many_stories(6_000))
    now = {path: name for name, part in doubled.items() for path in part}
    assert len(doubled) == 2 * len(large)
    assert all(len({now[p] for p in part}) <= 2 for part in large.values())


def test_an_edit_indexes_only_the_bundle_of_the_page_that_changed(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "_UNITS_PER_BUNDLE", 250)
    config = SiteConfig(language="es", cache_dir=tmp_path)
    pages = [Page(path, b'<html lang="es"><body><article data-pagefind-body><h1>Noticia</h1><p>' + body + b"</p></article></body></html>")
             for path, body in many_stories(2_000).items()]
    runs = Runs(monkeypatch)
    first = search_pages(pages, config)
    bundles = len(listed(first))
    assert bundles > 2 and runs.count == bundles
    pages[5] = Page(pages[5].path, pages[5].content.replace(b"palabra", b"cambiada"))
    second = search_pages(pages, config)
    assert runs.count == bundles + 1 and listed(second) == listed(first)
    assert len(list((tmp_path / SEARCH_NAME).iterdir())) == bundles  # the edited bundle's old index is forgotten
    hits = [f for f in fragments(second) if "cambiada" in f["content"]]
    assert [f["url"] for f in hits] == [f"/{pages[5].path}"]


def test_text_pagefind_ignores_is_left_out_of_the_document_so_a_changing_count_changes_nothing():
    def page(count: int) -> bytes:
        return html(f'<header data-pagefind-body><h1>Ana Pérez</h1><p>Persona <span data-pagefind-ignore>{count} menciones'
                    '</span></p><aside data-pagefind-ignore><span data-pagefind-meta="kind:x">meta</span></aside></header>')
    document = search.search_document(page(3))
    assert document == search.search_document(page(4))
    assert b"menciones" not in document and b"Ana P" in document
    assert b'data-pagefind-meta="kind:x"' in document  # an ignored element holding something for Pagefind stays


def test_bundle_names_are_plain_folder_names_whatever_the_section_is_called():
    names = split_into_bundles({"Noticias.2024/a/index.html": b"x", "index.html": b"y", "_x/b.html": b"z"})
    assert list(names) == ["_x-0", "noticias-2024-0", "pages-0"]


def documents_of(pages: list[Page]) -> dict[str, bytes]:
    documents: dict[str, bytes] = {}
    for page in pages:
        search.note_document(documents, page)
    return documents


def test_sections_indexed_as_they_are_done_give_the_files_of_one_index_of_all(bundle, tmp_path, monkeypatch):
    started = threading.Event()
    runs = Runs(monkeypatch, then=lambda bundle: started.set())
    index = search.SearchIndex(SiteConfig(language="es", cache_dir=tmp_path), cached=False)
    documents: dict[str, bytes] = {}
    for page in site_pages():
        search.note_document(documents, page)
        if page.path.startswith("articles/"):
            index.section_done("articles", documents)
            started.wait(timeout=60)
            assert runs.count == 1  # under way before the other sections' pages are there
    assert index.finish(documents) == bundle and runs.count == 2


def test_a_section_whose_pages_changed_after_it_was_started_is_indexed_again(bundle, tmp_path, monkeypatch):
    runs = Runs(monkeypatch)
    index = search.SearchIndex(SiteConfig(language="es", cache_dir=tmp_path), cached=False)
    early = documents_of(site_pages())
    early["articles/seed/index.html"] = html("<article data-pagefind-body><h1>Otra</h1></article>")
    index.section_done("articles", early)
    assert index.finish(documents_of(site_pages())) == bundle and runs.count == 3


def test_the_renderer_says_each_section_done_once_its_last_page_was_handed_over(tmp_path):
    from generator.render.pages import load_theme, site_pages as rendered_pages
    from test_render import make_corpus  # three stories, their entities and terms

    corpus = make_corpus()
    theme = load_theme(SiteConfig(cache_dir=tmp_path))
    handed: list[str] = []
    told: list[tuple[str, int]] = []
    for page in rendered_pages(corpus, theme, section_done=lambda section: told.append((section, len(handed)))):
        handed.append(page.path)
    html_pages = [path for path in handed if path.endswith(".html")]
    sections = {search.search_section(path) for path in html_pages}
    assert sorted(section for section, _ in told) == sorted(sections)
    for section, at in told:  # told once every page of the section was handed over, and no later than the next
        last = max(k for k, path in enumerate(handed) if path.endswith(".html") and search.search_section(path) == section)
        assert at == last + 1


def test_documents_waiting_on_disk_split_into_the_same_bundles_and_are_read_per_bundle(monkeypatch, tmp_path):
    monkeypatch.setattr(search, "_UNITS_PER_BUNDLE", 500)
    documents = {**many_stories(3_000), "index.html": b"<main>portada</main>"}
    spooled = SpooledBytes(Spool(tmp_path))
    spooled.update(documents)
    in_memory, on_disk = split_into_bundles(documents), split_into_bundles(spooled)
    assert list(on_disk) == list(in_memory) and len(on_disk) > 2
    assert all(isinstance(part, SpooledBytes) and list(part.items()) == list(in_memory[name].items())
               for name, part in on_disk.items())


def test_pagefind_runs_go_side_by_side_only_while_their_documents_fit_in_the_room():
    room = search._Room(100)
    events: list[str] = []
    both_in = threading.Barrier(2, timeout=5)

    def run(name: str, size: int, together: bool) -> None:
        with room.taken(size):
            events.append(f"{name} in")
            if together:
                both_in.wait()  # fails unless the other run is inside at the same time
            time.sleep(0.05)
            events.append(f"{name} out")

    for sizes, together in (((40, 50), True), ((60, 70), False)):
        events.clear()
        threads = [threading.Thread(target=run, args=(name, size, together)) for name, size in zip("ab", sizes)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        overlapped = events.index("a out") > events.index("b in") and events.index("b out") > events.index("a in")
        assert overlapped == together, events
    with room.taken(500):  # bigger than the room: runs alone rather than never
        pass
