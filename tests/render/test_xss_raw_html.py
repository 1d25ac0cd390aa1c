"""A site that turns raw HTML on (`[markdown] raw_html = true`): hostile HTML is sanitised on every page, formatting kept."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.pipeline.build import build
from generator.config import load_config
from conftest import ROOT
from test_markup_raw_html import PAYLOADS, executable
from test_xss import ARTICLE, _Dangerous

BENIGN = 'Un párrafo con <b>negrita</b>, <em>énfasis</em> y <a href="https://example.org/informe">el informe</a>.'
HOSTILE_ARTICLE = ARTICLE + "\n" + BENIGN + "\n\n" + "\n\n".join(f"Juan Pérez y {p} en Madrid." for p in PAYLOADS) + "\n"
GLOSSARY = ("---\nterm: Carga útil\n---\nUn <em>fragmento</em> hostil: <script>alert(30)</script>"
            '<img src=x onerror=alert(31)> <a href="javascript:alert(32)">clic</a>.\n')


def build_site(root: Path, annotator, *, raw_html: bool) -> Path:
    (root / "content/articles").mkdir(parents=True)
    (root / "content/glossary").mkdir()
    (root / "content/articles/xss.md").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    (root / "content/glossary/carga.md").write_text(GLOSSARY, encoding="utf-8")
    (root / "digest.toml").write_text(
        f'theme_dir = "{ROOT / "templates"}"\nbase_url = "https://example.org/x/"\n'
        f"[entities]\nmin_mentions_for_page = 1\n[markdown]\nraw_html = {str(raw_html).lower()}\n", encoding="utf-8")
    config = load_config(root / "digest.toml")
    build(config, annotator=annotator)
    return config.output_path


def region(page: str, start: str, end: str) -> str:
    assert start in page, start
    return page.split(start, 1)[1].split(end, 1)[0]


@pytest.fixture(scope="module")
def raw_site(tmp_path_factory, annotator) -> Path:
    return build_site(tmp_path_factory.mktemp("raw-on"), annotator, raw_html=True)


def test_every_page_of_a_raw_html_site_is_harmless(raw_site):
    pages = sorted(raw_site.rglob("*.html"))
    assert len([p for p in pages if "Juan P" in p.read_text(encoding="utf-8")]) >= 3
    for page in pages:
        text = page.read_text(encoding="utf-8")
        parser = _Dangerous()
        parser.feed(text)
        # An <img> is formatting raw HTML may keep; its handlers are what must go (and are checked).
        found = [f for f in parser.found if f != "<img> element from the article"]
        assert found == [], f"{page.relative_to(raw_site)}: {found}"
        for block in text.split('<script type="application/ld+json">')[1:]:
            json.loads(block.split("</script>", 1)[0])
    for feed in ("feed.xml", "sitemap.xml"):
        ET.fromstring((raw_site / feed).read_bytes())


def test_the_article_body_keeps_formatting_and_loses_everything_executable(raw_site):
    page = (raw_site / "articles/xss/index.html").read_text(encoding="utf-8")
    body = region(page, '<div class="story-body">', "</article>")
    assert executable(body) == []
    assert "<b>negrita</b>" in body and "<em>énfasis</em>" in body
    assert '<a href="https://example.org/informe">el informe</a>' in body
    assert body.count('<mark class="ent ent-PER">') >= 3  # the highlights survive sanitising
    assert not re.search("[\ue000-\uf8ff]", body)


def test_an_authored_glossary_definition_is_sanitised_too(raw_site):
    page = (raw_site / "glossary/carga-util/index.html").read_text(encoding="utf-8")
    definition = region(page, "<h1", "</main>")
    assert executable(definition) == []
    assert "<em>fragmento</em>" in definition and "alert(30)" not in definition


def test_with_raw_html_off_the_same_html_is_shown_as_text(tmp_path, annotator):
    site = build_site(tmp_path, annotator, raw_html=False)
    body = region((site / "articles/xss/index.html").read_text(encoding="utf-8"), '<div class="story-body">',
                  "</article>")
    assert "&lt;b&gt;negrita&lt;/b&gt;" in body and "<b>negrita</b>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert executable(body) == []
    term = (site / "glossary/carga-util/index.html").read_text(encoding="utf-8")
    assert "&lt;em&gt;fragmento&lt;/em&gt;" in term and "&lt;script&gt;alert(30)&lt;/script&gt;" in term
