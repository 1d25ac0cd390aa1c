"""The search stage: a Pagefind bundle of the marked parts of the rendered pages."""

from __future__ import annotations

import gzip
import json

import pytest

from generator.config import SiteConfig
from generator.model import Page
from generator.search import BUNDLE_DIR, search_pages


def html(body: str, lang: str = "es") -> bytes:
    return f'<!doctype html><html lang="{lang}"><head><title>t</title></head><body>{body}</body></html>'.encode()


def fragments(pages: list[Page]) -> list[dict]:
    found = []
    for page in pages:
        if page.path.startswith(f"{BUNDLE_DIR}/fragment/"):
            data = gzip.decompress(page.content)
            found.append(json.loads(data[data.index(b"{"):]))
    return found


@pytest.fixture(scope="module")
def bundle() -> list[Page]:
    pages = [
        Page("index.html", html("<h1>Portada</h1><p>Bucarest en portada</p>")),
        Page("articles/seed/index.html", html(
            '<nav>Menú</nav><article data-pagefind-body data-pagefind-meta="kind:Noticia"><h1>Biden y Putin</h1>'
            "<p>Bucarest Nine es una referencia a los nueve países.</p>"
            "<p data-pagefind-ignore>Relacionadas: Fútbol</p></article>")),
        Page("glossary/bucarest-nine/index.html", html(
            '<div data-pagefind-body data-pagefind-meta="kind:Glosario"><h1>Bucarest Nine</h1><p>Grupo de nueve países.</p></div>')),
        Page("static/style.css", b"body{}"),
    ]
    return search_pages(pages, SiteConfig(language="es"))


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


def test_no_marked_page_no_bundle():
    assert search_pages([Page("index.html", html("<p>nada</p>"))], SiteConfig()) == []
