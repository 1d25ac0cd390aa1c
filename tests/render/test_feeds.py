"""Atom and JSON feeds: parsed back, with absolute links, entities as categories and the key quote."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

from generator.config import SiteConfig
from generator.render.feeds import MAX_ENTRIES, entity_feed_path, feed_pages
from generator.link import link_corpus
from generator.model import Annotations, Article, Corpus, Entity, Mention, Quote

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://example.org/noticias/"


def story(slug: str, day: date | None, text: str, people: list[str], *, title: str | None = None,
          quote: str | None = None, speaker: str | None = None, author: str | None = None) -> Article:
    """An annotated article, its entities found at every occurrence of their names."""
    entities = []
    for name in people:
        starts, at = [], text.find(name)
        while at != -1:
            starts.append(at)
            at = text.find(name, at + 1)
        entities.append(Entity(name, "PER", mentions=[Mention(s, s + len(name), name) for s in starts]))
    quotes = []
    if quote:
        start = text.index(quote)
        quotes.append(Quote(quote, "statement", start, start + len(quote), speaker=speaker, cue="dijo", score=1.0))
    annotations = Annotations(entities=entities, quotes=quotes, summary=text.split(". ")[0] + ".")
    return Article(path=Path(f"{slug}.md"), slug=slug, title=title or slug.replace("-", " "), lang="es", body=text,
                   body_line=1, date=day, author=author, text=text, annotations=annotations)


def make_corpus(base_url: str = BASE, extra: list[Article] | None = None) -> tuple[Corpus, SiteConfig]:
    """Three dated stories and an undated one; Ana Pérez in three of them, Luis Gil in one."""
    config = SiteConfig(title="Noticias & <más>", description="Un resumen", language="es", base_url=base_url)
    articles = [
        story("cumbre", date(2024, 3, 5), "Ana Pérez llegó a la cumbre. Luis Gil no fue. Ana Pérez habló.",
              ["Ana Pérez", "Luis Gil"], title="Cumbre <en> Lima & más",
              quote="habló", speaker="Ana Pérez", author="Redacción"),
        story("pacto", date(2024, 3, 7), "Ana Pérez firmó el **pacto**. Dijo que «no hay </script> vuelta atrás».",
              ["Ana Pérez"], quote="no hay </script> vuelta atrás", speaker="Ana Pérez"),
        story("viaje", date(2024, 2, 1), "Ana Pérez viajó. Fue largo.", ["Ana Pérez"]),
        story("sin-fecha", None, "Ana Pérez opinó. Nadie sabe cuándo.", ["Ana Pérez"]),
        *(extra or []),
    ]
    return link_corpus(articles, [], config), config


def pages_by_path(corpus: Corpus, config: SiteConfig) -> dict[str, bytes]:
    return {page.path: page.content for page in feed_pages(corpus, config)}


def test_atom_feed_parses_with_ids_updated_and_absolute_links():
    corpus, config = make_corpus()
    feed = ET.fromstring(pages_by_path(corpus, config)["feed.xml"])
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == BASE
    assert feed.findtext(f"{ATOM}title") == "Noticias & <más>"
    assert feed.findtext(f"{ATOM}updated") == "2024-03-07T00:00:00+00:00"  # the newest story
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Noticias & <más>"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {"alternate": BASE, "self": f"{BASE}feed.xml"}
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [
        f"{BASE}articles/pacto/", f"{BASE}articles/cumbre/", f"{BASE}articles/viaje/"]  # newest first, undated out
    for entry in entries:
        assert entry.findtext(f"{ATOM}updated") and entry.findtext(f"{ATOM}published")
        assert entry.find(f"{ATOM}link").get("href") == entry.findtext(f"{ATOM}id")


def test_atom_entry_has_summary_entities_as_categories_and_key_quote():
    corpus, config = make_corpus()
    feed = ET.fromstring(pages_by_path(corpus, config)["feed.xml"])
    cumbre = next(e for e in feed.findall(f"{ATOM}entry") if e.findtext(f"{ATOM}id").endswith("/cumbre/"))
    assert cumbre.findtext(f"{ATOM}title") == "Cumbre <en> Lima & más"  # escaped by the XML writer, read back
    assert cumbre.findtext(f"{ATOM}summary") == "Ana Pérez llegó a la cumbre."
    assert cumbre.find(f"{ATOM}author/{ATOM}name").text == "Redacción"
    # Only entities with a page are categories: Luis Gil is mentioned once in the whole digest.
    assert [c.get("term") for c in cumbre.findall(f"{ATOM}category")] == ["Ana Pérez"]
    content = cumbre.find(f"{ATOM}content")
    assert content.get("type") == "html"
    assert "<blockquote><p>habló</p><footer>— Ana Pérez</footer></blockquote>" in content.text


def test_markup_in_stories_is_escaped_in_feeds():
    corpus, config = make_corpus()
    pages = pages_by_path(corpus, config)
    entry = next(e for e in ET.fromstring(pages["feed.xml"]).findall(f"{ATOM}entry")
                 if e.findtext(f"{ATOM}id").endswith("/pacto/"))
    assert entry.findtext(f"{ATOM}summary") == "Ana Pérez firmó el pacto."  # inline Markdown removed
    assert "no hay &lt;/script&gt; vuelta atrás" in entry.find(f"{ATOM}content").text
    item = next(i for i in json.loads(pages["feed.json"])["items"] if i["id"].endswith("/pacto/"))
    assert "no hay &lt;/script&gt; vuelta atrás" in item["content_html"]


def test_json_feed_is_version_1_1_with_the_same_stories():
    corpus, config = make_corpus()
    feed = json.loads(pages_by_path(corpus, config)["feed.json"])
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["home_page_url"] == BASE and feed["feed_url"] == f"{BASE}feed.json"
    assert feed["description"] == "Un resumen" and feed["language"] == "es"
    assert [item["id"] for item in feed["items"]] == [
        f"{BASE}articles/pacto/", f"{BASE}articles/cumbre/", f"{BASE}articles/viaje/"]
    cumbre = feed["items"][1]
    assert cumbre["url"] == cumbre["id"]
    assert cumbre["date_published"] == "2024-03-05T00:00:00+00:00"
    assert cumbre["tags"] == ["Ana Pérez"]
    assert cumbre["authors"] == [{"name": "Redacción"}]
    assert cumbre["_digest"] == {"key_quote": {"text": "habló", "speaker": "Ana Pérez"}}
    assert "_digest" not in feed["items"][2]  # a story without a quote


def test_feeds_hold_the_latest_stories_only():
    many = [story(f"dia-{n:02d}", date(2023, 1, n), "Ana Pérez habló.", ["Ana Pérez"]) for n in range(1, 31)]
    corpus, config = make_corpus(extra=many)
    feed = json.loads(pages_by_path(corpus, config)["feed.json"])
    assert len(feed["items"]) == MAX_ENTRIES
    published = [item["date_published"] for item in feed["items"]]
    assert published == sorted(published, reverse=True)
    assert feed["items"][-1]["id"].endswith("/dia-14/")  # 3 stories of 2024, then 1-30 January 2023 newest first


def test_an_entity_with_a_page_gets_its_own_atom_feed():
    corpus, config = make_corpus()
    pages = pages_by_path(corpus, config)
    ana = next(e for e in corpus.entities.values() if e.name == "Ana Pérez")
    luis = next(e for e in corpus.entities.values() if e.name == "Luis Gil")
    assert ana.has_page and not luis.has_page
    path = entity_feed_path(ana.key)
    assert path == f"entities/{ana.key}/feed.xml"
    assert set(pages) == {"feed.xml", "feed.json", path}
    feed = ET.fromstring(pages[path])
    assert feed.findtext(f"{ATOM}id") == f"{BASE}entities/{ana.key}/"
    assert feed.findtext(f"{ATOM}title") == "Ana Pérez · Noticias & <más>"
    assert len(feed.findall(f"{ATOM}entry")) == 3


def test_no_feeds_without_a_base_url():
    corpus, config = make_corpus(base_url="")
    assert feed_pages(corpus, config) == []


def test_a_base_url_without_trailing_slash_is_a_folder():
    corpus, config = make_corpus(base_url="https://example.org/noticias")
    feed = json.loads(pages_by_path(corpus, config)["feed.json"])
    assert feed["items"][0]["url"] == "https://example.org/noticias/articles/pacto/"


def test_characters_xml_cannot_hold_are_left_out_of_the_atom_feeds():
    control = story("control", date(2024, 3, 9), "Ana Pérez\x0b dijo\x1b algo. Fin.", ["Ana Pérez"],
                    title="\x1bTítulo con \x00control\ufffe", author="Re\x07dacción")
    corpus, config = make_corpus(extra=[control])
    config.title = "Noticias\x01"
    pages = pages_by_path(corpus, config)
    feed = ET.fromstring(pages["feed.xml"])
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert "Título con control" in titles and feed.findtext(f"{ATOM}title") == "Noticias"
    entry = next(e for e in feed.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}title") == "Título con control")
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Redacción"
    assert "\x0b" not in entry.findtext(f"{ATOM}summary")
    for path, content in pages.items():
        if path.endswith(".xml"):
            ET.fromstring(content)  # every entity feed parses too
    assert json.loads(pages["feed.json"])["items"][0]["title"] == "\x1bTítulo con \x00control\ufffe"
