"""An article full of script injections renders harmless on every page that shows it."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

from generator.pipeline.build import build
from generator.config import load_config
from conftest import ROOT

PAYLOAD = "<script>alert(1)</script>"
ARTICLE = f"""---
title: "Ataque {PAYLOAD} <img src=x onerror=alert(2)>"
date: 2021-03-01
lang: es
source: "<b onmouseover=alert(3)>Fuente</b>"
source_url: "javascript:alert(4)"
author: "Ana </script><script>alert(5)</script>"
tags: ["<svg onload=alert(6)>"]
---
«Las cosas {PAYLOAD} están mal </script><script>alert(7)</script>», dijo el ministro Juan Pérez en Madrid.

Juan Pérez habló en Madrid de [un enlace](javascript:alert(8)) y de <iframe src="javascript:alert(9)"></iframe>.

«Seguiremos </script> trabajando», añadió Juan Pérez <img src=x onerror=alert(10)>.
"""


class _Dangerous(HTMLParser):
    """Collects executable markup: scripts with code of ours, event handlers, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on") and value and "alert" in value:
                self.found.append(f"<{tag} {name}={value}>")
            if name in ("href", "src", "action") and value and value.strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value}>")
        if tag == "iframe" or (tag == "img" and dict(attrs).get("src") == "x"):
            self.found.append(f"<{tag}> element from the article")
        if tag == "script":
            # A JSON-LD block is data, not code; that it cannot be closed early is checked apart.
            self._script = None if dict(attrs).get("type") == "application/ld+json" else ""

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            if "alert(" in self._script:
                self.found.append(f"<script>{self._script[:60]}")
            self._script = None


def test_hostile_article_is_harmless_everywhere(tmp_path, annotator):
    (tmp_path / "content/articles").mkdir(parents=True)
    (tmp_path / "content/articles/xss.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "digest.toml").write_text(
        f'theme_dir = "{ROOT / "templates"}"\nbase_url = "https://example.org/x/"\n'
        "[entities]\nmin_mentions_for_page = 1\n", encoding="utf-8")
    config = load_config(tmp_path / "digest.toml")
    result = build(config, annotator=annotator)
    site = config.output_path
    article = result.corpus.articles[0]
    assert article.annotations is not None and article.annotations.statements  # the quotes were found

    pages = sorted(site.rglob("*.html"))
    showing = [p for p in pages if "alert(" in p.read_text(encoding="utf-8") or "Juan P" in p.read_text(encoding="utf-8")]
    assert len(showing) >= 3  # the index, the article, the entity pages at least
    for page in pages:
        parser = _Dangerous()
        text = page.read_text(encoding="utf-8")
        parser.feed(text)
        assert parser.found == [], f"{page.relative_to(site)}: {parser.found}"
        # JSON-LD stays one JSON document: a </script> inside a quote cannot close the element.
        for block in text.split('<script type="application/ld+json">')[1:]:
            json.loads(block.split("</script>", 1)[0])

    for feed in ("feed.xml", "sitemap.xml"):
        tree = ET.fromstring((site / feed).read_bytes())  # well-formed XML: the payload is escaped text
        assert tree is not None
    items = json.loads((site / "feed.json").read_text(encoding="utf-8"))["items"]
    assert PAYLOAD in items[0]["title"]  # kept as text, for the reader to escape
    assert not any(str(item.get("url", "")).startswith("javascript:") for item in items)


def test_rendered_text_keeps_the_payload_visible_as_text(tmp_path, annotator):
    (tmp_path / "content/articles").mkdir(parents=True)
    (tmp_path / "content/articles/xss.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "digest.toml").write_text(f'theme_dir = "{ROOT / "templates"}"\n', encoding="utf-8")
    config = load_config(tmp_path / "digest.toml")
    build(config, annotator=annotator)
    page = (config.output_path / "articles/xss/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert Path(config.output_path / "index.html").read_text(encoding="utf-8").count("&lt;script&gt;") >= 1
