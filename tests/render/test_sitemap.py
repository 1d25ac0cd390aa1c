"""The site's public addresses: sitemap.xml, robots.txt, and the head meta of pages (canonical, Open Graph, JSON-LD)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from html.parser import HTMLParser

import pytest

from generator.errors import ConfigError
from generator.model import Page
from generator.render import sitemap
from generator.render.pages import render_site
from generator.render.sitemap import absolute_url, public_path, robots_txt, sitemap_pages, site_root_url
from conftest import ROOT
from test_feeds import BASE, make_corpus

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def rendered(base_url: str = BASE) -> dict[str, str]:
    corpus, config = make_corpus(base_url)
    config.theme_dir = ROOT / "templates"
    return {p.path: p.content.decode("utf-8") for p in render_site(corpus, config) if p.path.endswith(".html")}


class Head(HTMLParser):
    """The meta and link elements of a page, and the text of its JSON-LD scripts."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.links: dict[str, list[str]] = {}
        self.json_ld: list[str] = []
        self._in_ld = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.meta.setdefault(a.get("property") or a.get("name") or "", []).append(a.get("content") or "")
        elif tag == "link" and a.get("rel"):
            self.links.setdefault(f"{a['rel']} {a.get('type') or ''}".strip(), []).append(a.get("href") or "")
        self._in_ld = tag == "script" and a.get("type") == "application/ld+json"

    def handle_endtag(self, tag: str) -> None:
        self._in_ld = False

    def handle_data(self, data: str) -> None:
        if self._in_ld:
            self.json_ld.append(data)


def test_public_addresses_of_pages():
    assert public_path("index.html") == ""
    assert public_path("articles/a/index.html") == "articles/a/"
    assert public_path("feed.xml") == "feed.xml"
    assert absolute_url("https://e.org/x/", "entities/josé/index.html") == "https://e.org/x/entities/jos%C3%A9/"


@pytest.mark.parametrize("bad", ["example.org/digest/", "ftp://example.org/", "https:///x", "https://e.org/?a=1"])
def test_a_base_url_that_is_not_an_http_address_is_an_error_naming_the_key(bad):
    with pytest.raises(ConfigError, match="base_url .* not an absolute http"):
        site_root_url(replace(make_corpus()[1], base_url=bad))


def test_sitemap_lists_every_page_but_the_404_with_absolute_addresses_and_dates():
    corpus, config = make_corpus()
    pages = [Page(p, b"") for p in ("index.html", "articles/cumbre/index.html", "articles/sin-fecha/index.html",
                                    "404.html", "static/style.css", "static/demo.html", "feed.xml")]
    out = {p.path: p.content for p in sitemap_pages([p.path for p in pages], corpus, config)}
    urlset = ET.fromstring(out["sitemap.xml"])
    assert urlset.tag == f"{SM}urlset"
    entries = [(u.findtext(f"{SM}loc"), u.findtext(f"{SM}lastmod")) for u in urlset.findall(f"{SM}url")]
    assert entries == [
        (BASE, "2024-03-07"),
        (f"{BASE}articles/cumbre/", "2024-03-05"),
        (f"{BASE}articles/sin-fecha/", None),  # an undated story has no date to give
    ]
    assert out["robots.txt"].decode() == f"User-agent: *\nAllow: /\nSitemap: {BASE}sitemap.xml\n"


def test_an_entity_page_is_as_new_as_its_newest_story():
    corpus, config = make_corpus()
    ana = next(e for e in corpus.entities.values() if e.name == "Ana Pérez")
    path = f"entities/{ana.key}/index.html"
    urlset = ET.fromstring(sitemap_pages([path], corpus, config)[0].content)
    assert urlset.find(f"{SM}url/{SM}lastmod").text == "2024-03-07"


def test_past_the_protocol_limit_sitemap_xml_is_the_index_of_sitemaps_that_list_every_page(monkeypatch):
    monkeypatch.setattr(sitemap, "MAX_URLS", 2)
    corpus, config = make_corpus()
    paths = ["index.html", "articles/cumbre/index.html", "articles/sin-fecha/index.html", "threads/index.html",
             "404.html"]
    out = {p.path: p.content for p in sitemap_pages(paths, corpus, config)}
    assert sorted(out) == ["robots.txt", "sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]
    index = ET.fromstring(out["sitemap.xml"])
    assert index.tag == f"{SM}sitemapindex"
    assert [(e.findtext(f"{SM}loc"), e.findtext(f"{SM}lastmod")) for e in index.findall(f"{SM}sitemap")] == [
        (f"{BASE}sitemap-1.xml", "2024-03-07"), (f"{BASE}sitemap-2.xml", None)]
    listed = [[u.findtext(f"{SM}loc") for u in ET.fromstring(out[name]).findall(f"{SM}url")]
              for name in ("sitemap-1.xml", "sitemap-2.xml")]
    assert listed == [[BASE, f"{BASE}articles/cumbre/"], [f"{BASE}articles/sin-fecha/", f"{BASE}threads/"]]
    assert out["robots.txt"].decode().endswith(f"Sitemap: {BASE}sitemap.xml\n")


def test_without_base_url_only_robots_txt_without_a_sitemap():
    corpus, config = make_corpus(base_url="")
    assert sitemap_pages(["index.html"], corpus, config) == [Page("robots.txt", robots_txt(None))]
    assert b"Sitemap" not in robots_txt(None)


def test_article_page_has_canonical_open_graph_twitter_and_news_article_json_ld():
    pages = rendered()
    head = Head(pages["articles/cumbre/index.html"])
    url = f"{BASE}articles/cumbre/"
    assert head.links["canonical"] == [url]
    assert head.links["alternate application/atom+xml"] == ["../../feed.xml"]  # feed links stay relative
    assert head.links["alternate application/feed+json"] == ["../../feed.json"]
    assert head.meta["og:type"] == ["article"] and head.meta["og:url"] == [url]
    assert head.meta["og:title"] == ["Cumbre <en> Lima & más"] == head.meta["twitter:title"]
    assert head.meta["og:description"] == ["Ana Pérez llegó a la cumbre."]
    assert head.meta["article:published_time"] == ["2024-03-05"]
    [ld_text] = head.json_ld
    ld = json.loads(ld_text)
    assert ld["@context"] == "https://schema.org" and ld["@type"] == "NewsArticle"
    assert ld["headline"] == "Cumbre <en> Lima & más"
    assert ld["datePublished"] == "2024-03-05"
    assert ld["author"] == {"@type": "Person", "name": "Redacción"}
    assert ld["publisher"] == {"@type": "Organization", "name": "Noticias & <más>", "url": BASE}
    assert ld["url"] == url == ld["mainEntityOfPage"]
    ana = next(m for m in ld["mentions"] if m["name"] == "Ana Pérez")
    assert ana["@type"] == "Person" and re.fullmatch(rf"{re.escape(BASE)}entities/[a-z-]+/", ana["url"])
    assert {"@type": "Person", "name": "Luis Gil"} in ld["mentions"]  # no page, so no address


def test_json_ld_cannot_be_closed_by_a_story():
    corpus, config = make_corpus()
    pacto = next(a for a in corpus.articles if a.slug == "pacto")
    pacto.title = 'Dijo "</script><script>alert(1)</script>" & <!-- se fue'
    config.theme_dir = ROOT / "templates"
    page = next(p for p in render_site(corpus, config) if p.path == "articles/pacto/index.html").content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert script is not None
    assert "<" not in script.group(1) and ">" not in script.group(1) and "&" not in script.group(1)
    assert json.loads(script.group(1))["headline"] == pacto.title
    assert "<script>alert(1)" not in page


def test_no_absolute_addresses_and_no_json_ld_without_base_url():
    pages = rendered(base_url="")
    head = Head(pages["articles/cumbre/index.html"])
    assert "canonical" not in head.links and "og:url" not in head.meta
    assert not any(key.startswith("alternate") for key in head.links)  # no feeds to point at
    ld = json.loads(head.json_ld[0])
    assert "url" not in ld and "url" not in ld["publisher"]
    assert all("url" not in m for m in ld["mentions"])


def test_other_pages_get_canonical_and_open_graph_but_no_json_ld():
    pages = rendered()
    index, entity = Head(pages["index.html"]), Head(next(v for k, v in pages.items() if k.startswith("entities/")
                                                          and k != "entities/index.html"))
    assert index.links["canonical"] == [BASE] and index.meta["og:type"] == ["website"]
    assert index.json_ld == [] and entity.json_ld == []
    assert entity.meta["og:title"] == ["Ana Pérez"]
    assert entity.links["alternate application/atom+xml"] == ["../../feed.xml", "feed.xml"]  # the site's, its own


def test_the_404_page_has_no_base_and_no_canonical():
    page = rendered()["404.html"]
    head = Head(page)
    assert "<base" not in page and BASE not in page
    assert "canonical" not in head.links and head.meta["robots"] == ["noindex"]
