"""Long lists paginate: `page/N/` addresses, prev/next links, every list of the site, short sidebars."""

from __future__ import annotations

import posixpath
import re
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.config import SiteConfig, load_config
from generator.errors import ConfigError
from generator.model import Article, Corpus, CorpusEntity, EntityAppearance, GlossaryTerm, Thread
from generator.render.pagination import Pager, page_count, pagers
from generator.render.pages import (CARD_EARLIER, COMPANIONS, ENTITY_PAGE_FACTOR, SIDEBAR_THREAD, TERM_PAGE_FACTOR,
                              THREAD_PAGE_FACTOR, render_site)
from generator.urls import paged_path

THEME = Path(__file__).resolve().parents[2] / "templates"
STORIES = 23
SIZE = 4


# ---- addresses and pagers -------------------------------------------------


@pytest.mark.parametrize(("first", "number", "expected"), [
    ("index.html", 1, "index.html"),
    ("index.html", 2, "page/2/index.html"),
    ("entities/index.html", 3, "entities/page/3/index.html"),
    ("entities/ana-perez/index.html", 2, "entities/ana-perez/page/2/index.html"),
    ("threads/t/index.html", 12, "threads/t/page/12/index.html"),
])
def test_page_one_keeps_the_lists_address_and_page_n_lives_at_page_n(first: str, number: int, expected: str) -> None:
    assert paged_path(first, number) == expected


def test_page_numbers_start_at_one() -> None:
    with pytest.raises(ValueError):
        paged_path("index.html", 0)


@pytest.mark.parametrize(("total", "size", "pages"), [(0, 5, 1), (1, 5, 1), (5, 5, 1), (6, 5, 2), (23, 4, 6)])
def test_page_count(total: int, size: int, pages: int) -> None:
    assert page_count(total, size) == pages
    assert len(pagers("index.html", total, size)) == pages


def test_pagers_cover_the_list_once_in_order() -> None:
    shown = [n for pager in pagers("index.html", 23, 4) for n in range(23)[pager.start:pager.stop]]
    assert shown == list(range(23))
    last = pagers("index.html", 23, 4)[-1]
    assert (last.number, last.start, last.stop, last.next_path, last.prev_path) == (6, 20, 23, None, "page/5/index.html")


@pytest.mark.parametrize(("number", "expected"), [
    (1, [1, 2, 3, None, 20]),
    (4, [1, 2, 3, 4, 5, 6, None, 20]),  # 2 and 3 shown: a gap of one page is the page itself
    (10, [1, None, 8, 9, 10, 11, 12, None, 20]),
    (20, [1, None, 18, 19, 20]),
])
def test_page_numbers_around_the_current_one_with_the_first_and_last(number: int, expected: list[int | None]) -> None:
    paths = tuple(paged_path("index.html", n) for n in range(1, 21))
    assert Pager(number, paths, 200, 10).numbers() == expected


# ---- the setting ----------------------------------------------------------


def test_page_size_defaults_to_a_setting_and_is_read_from_the_config(tmp_path: Path) -> None:
    assert SiteConfig().page_size == 20
    (tmp_path / "digest.toml").write_text('title = "x"\npage_size = 7\n', encoding="utf-8")
    assert load_config(tmp_path / "digest.toml").page_size == 7


@pytest.mark.parametrize(("value", "message"), [("0", "must be between 1 and 1000, not 0"),
                                                ('"ten"', "must be an integer, not str")])
def test_a_bad_page_size_names_the_file_and_line(tmp_path: Path, value: str, message: str) -> None:
    config = tmp_path / "digest.toml"
    config.write_text(f'title = "x"\n\npage_size = {value}\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(config)
    shown = str(caught.value)
    assert str(config) in shown and ":3" in shown and f"'page_size' {message}" in shown


# ---- a site with long lists ------------------------------------------------


def make_corpus() -> Corpus:
    """23 dated stories; Ana Pérez in all of them; 40 more people and 12 organisations; 9 terms; a thread of 11."""
    first = date(2024, 1, 1)
    articles = [Article(Path(f"s{n}.md"), f"s{n:02d}", f"Historia {n:02d}", "es", f"Texto {n}.\n", 1,
                        text=f"Texto {n}.\n", date=first + timedelta(days=n)) for n in range(STORIES)]
    ana = CorpusEntity("ana-perez", "Ana Pérez", "PER", set(),
                       [EntityAppearance(a, f"Ana Pérez en la historia {a.slug}.", 1) for a in articles])
    names = [f"{letter}{n} Persona" for letter in "ÁBCDEFGHIJ" for n in range(4)]
    people = [CorpusEntity(f"p-{i}", name, "PER", set(), [EntityAppearance(articles[i % STORIES], name, 1)])
              for i, name in enumerate(names)]
    orgs = [CorpusEntity(f"o-{i}", f"{'XYZ'[i % 3]}org {i}", "ORG", set(), [EntityAppearance(articles[i], "x", 1)])
            for i in range(12)]
    companions = [(p, 1) for p in people]
    ana.cooccurring = companions
    entities = {e.key: e for e in (ana, *people, *orgs)}
    terms = [GlossaryTerm(f"t{n}", f"Término {n}", f"Definición {n}.", articles=[articles[n]]) for n in range(9)]
    thread = Thread("hilo", "Un hilo largo", articles[:11], ["Ana Pérez"])
    return Corpus(
        articles=articles,
        entities=entities,
        glossary={t.slug: t for t in terms},
        related={},
        article_entities={a.slug: [ana] for a in articles},
        article_terms={},
        entity_index={a.slug: {"Ana Pérez": ana} for a in articles},
        threads={thread.slug: thread},
        article_threads={a.slug: thread for a in thread.articles},
    )


@pytest.fixture(scope="module")
def site() -> dict[str, str]:
    config = SiteConfig(title="Largo", language="es", theme_dir=THEME, page_size=SIZE, base_url="https://example.org/")
    pages = render_site(make_corpus(), config)
    assert len({p.path for p in pages}) == len(pages), "duplicate page paths"
    return {p.path: p.content.decode("utf-8") for p in pages if p.path.endswith(".html")}


def resolve(page: str, link: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(urlsplit(link).path)))


def rel(html: str, kind: str) -> str | None:
    found = re.search(rf'<link rel="{kind}" href="([^"]*)">', html)
    return found.group(1) if found else None


def walk(site: dict[str, str], first: str) -> list[str]:
    """The pages reached from `first` by following rel=next, checking that rel=prev leads back."""
    reached, page = [first], first
    assert rel(site[first], "prev") is None
    while (link := rel(site[page], "next")) is not None:
        following = resolve(page, link)
        assert following in site, f"{page}: rel=next to {following}, which is not a page"
        assert resolve(following, rel(site[following], "prev")) == page
        reached.append(following)
        page = following
    return reached


@pytest.mark.parametrize(("first", "items", "size"), [
    ("index.html", STORIES - 10, SIZE),  # the thread's 11 stories are one entry
    ("entities/index.html", 1 + 40 + 12, SIZE * ENTITY_PAGE_FACTOR),
    ("entities/ana-perez/index.html", STORIES, SIZE),
    ("glossary/index.html", 9, SIZE * TERM_PAGE_FACTOR),
    ("threads/hilo/index.html", 11, SIZE),
])
def test_each_long_list_is_a_chain_of_pages_at_page_n(site: dict[str, str], first: str, items: int, size: int) -> None:
    chain = walk(site, first)
    assert chain == [paged_path(first, n) for n in range(1, page_count(items, size) + 1)]
    assert len(chain) > 1
    assert paged_path(first, len(chain) + 1) not in site


def test_visible_page_links_are_relative_and_mark_the_current_page(site: dict[str, str]) -> None:
    html = site["entities/ana-perez/page/3/index.html"]
    nav = html[html.index('<nav class="pagination"'):]
    nav = nav[:nav.index("</nav>")]
    assert "Página 3 de 6" in nav
    assert '<a href="../2/index.html" rel="prev">Anterior</a>' in nav
    assert '<a href="../4/index.html" rel="next">Siguiente</a>' in nav
    assert '<a href="../../index.html" aria-label="Página 1">1</a>' in nav
    assert '<a href="index.html" aria-current="page" aria-label="Página 3">3</a>' in nav
    assert "<title>Ana Pérez · Página 3 · Largo</title>" in html
    first = site["entities/ana-perez/index.html"]
    assert '<span class="pagination-none">Anterior</span>' in first and "Página 1 · " not in first
    assert '<a href="page/2/index.html" rel="next">Siguiente</a>' in first


def test_every_internal_link_of_every_page_resolves_to_a_page(site: dict[str, str]) -> None:
    for path, html in site.items():
        for link in re.findall(r'(?:href|src)="([^"]*)"', html):
            if link.startswith(("http:", "https:", "#")):
                continue
            target = resolve(path, link)
            assert not target.startswith(".."), f"{path}: {link} leaves the site"
            if target.endswith(".html"):
                assert target in site, f"{path}: {link} -> {target}"


def test_the_front_page_lists_each_story_once_across_its_pages(site: dict[str, str]) -> None:
    chain = walk(site, "index.html")
    shown = [re.findall(r'class="story-card-title"><a href="[^"]*">(Historia \d+)</a>', site[p]) for p in chain]
    assert all(len(titles) <= SIZE for titles in shown)
    flat = [title for titles in shown for title in titles]
    assert flat == [f"Historia {n:02d}" for n in range(STORIES - 1, 9, -1)]  # the thread's newest (10) last
    assert sorted(flat) == sorted(set(flat))


def test_a_thread_card_lists_a_few_earlier_stories_and_links_to_the_rest(site: dict[str, str]) -> None:
    html = next(html for path, html in site.items() if "thread-card" in html and path.endswith("index.html")
                and not path.startswith(("threads", "articles", "entities", "glossary")))
    card = html[html.index('<section class="thread-card"'):]
    card = card[:card.index("</section>")]
    earlier = card[card.index('<ol class="thread-earlier">'):card.index("</ol>")]
    assert earlier.count("<li>") == CARD_EARLIER
    assert "Otras 7 noticias anteriores en el hilo" in card  # 11 stories: the newest, 3 listed, 7 more


def test_an_entitys_later_pages_are_not_indexed_for_search_and_keep_its_feed(site: dict[str, str]) -> None:
    assert 'data-pagefind-body data-pagefind-meta="kind:Entidad"' in site["entities/ana-perez/index.html"]
    later = site["entities/ana-perez/page/2/index.html"]
    assert "data-pagefind-body" not in later
    assert 'href="../../feed.xml"' in later and 'href="../../page/2/feed.xml"' not in later
    stories = re.findall(r'class="story-list-title" href="[^"]*" lang="es">(Historia \d+)', later)
    assert stories == [f"Historia {n:02d}" for n in range(STORIES - 1 - SIZE, STORIES - 1 - 2 * SIZE, -1)]


def test_an_entity_page_lists_its_first_companions_and_counts_the_rest(site: dict[str, str]) -> None:
    html = site["entities/ana-perez/index.html"]
    together = html[html.index('id="cooccurring"'):]
    together = together[:together.index("</section>")]
    assert together.count("<li>") == COMPANIONS
    assert f"y {40 - COMPANIONS} más" in together


def test_the_entity_index_groups_by_type_and_initial_with_counts_and_links_each_to_its_page(
        site: dict[str, str]) -> None:
    chain = walk(site, "entities/index.html")
    first = site[chain[0]]
    overview = first[first.index('<nav class="entity-jumps"'):first.index("</nav>", first.index("entity-jumps"))]
    assert ">Personas</a> <span class=\"meta\">(41)</span>" in overview
    assert ">Organizaciones</a> <span class=\"meta\">(12)</span>" in overview
    # Every initial of the overview points at a page that has that heading.
    for target in re.findall(r'<li><a href="([^"]*#[^"]*)"', overview):
        path, _, anchor = resolve(chain[0], target.split("#")[0]), None, target.split("#")[1]
        assert path in chain and f'id="{anchor}"' in site[path], target
    assert '#PER-A"' in overview and "Á0 Persona" in site[chain[0]]  # Á sorts and files under A
    headings = [re.findall(r'<h3 class="initial" id="([^"]+)"', site[p]) for p in chain]
    flat = [h for page in headings for h in page]
    per = [h for h in flat if h.startswith("PER-")]
    assert per == sorted(per, key=lambda h: h) and flat.index(per[-1]) < flat.index("ORG-X")
    assert '<span class="meta">23 noticias</span>' in first  # Ana Pérez: her stories


def test_a_storys_sidebar_shows_a_few_of_its_thread_around_it_and_links_to_the_whole_thread(
        site: dict[str, str]) -> None:
    html = site["articles/s07/index.html"]  # the 8th of the thread's 11 stories
    box = html[html.index('id="thread-timeline"'):]
    box = box[:box.index("</section>")]
    listed = re.findall(r"Historia (\d+)", box)
    assert len(listed) == SIDEBAR_THREAD and "07" in listed and listed == sorted(listed)
    assert '<li aria-current="true">' in box
    assert '<a href="../../threads/hilo/index.html">El hilo completo: 11 noticias</a>' in box
    # "Part of the thread" leads to the page of the thread that shows this story (the 8th: page 2 at 4 a page).
    assert 'Parte del hilo: <a href="../../threads/hilo/page/2/index.html">Un hilo largo</a> (8/11)' in html
    assert ">Historia 07<" in site["threads/hilo/page/2/index.html"]


def test_an_entitys_pages_sort_its_stories_once_not_once_a_page(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.render import pages as render

    config = SiteConfig(title="Largo", language="es", theme_dir=THEME, page_size=SIZE)
    corpus = make_corpus()
    ana_pages = {p.path for p in pagers("entities/ana-perez/index.html", STORIES, SIZE)}
    assert len(ana_pages) == 6
    calls: list[Article] = []
    newest_first = render._newest_first
    monkeypatch.setattr(render, "_newest_first", lambda article: (calls.append(article), newest_first(article))[1])
    render_site(corpus, config, only=set())
    before = len(calls)  # the site's own lists, sorted once whatever pages are rendered
    pages = render_site(corpus, config, only=ana_pages)
    assert {p.path for p in pages} == ana_pages
    assert len(calls) - 2 * before == STORIES  # each story's date looked at once for all six pages


class CountedList(list):
    """A list that counts how often it is read through."""

    reads = 0

    def __iter__(self):
        CountedList.reads += 1
        return super().__iter__()


def test_a_storys_mentions_of_its_entities_are_not_looked_up_among_all_their_stories() -> None:
    from generator.render.pages import mention_counts

    config = SiteConfig(title="Largo", language="es", theme_dir=THEME, page_size=SIZE)
    corpus = make_corpus()
    ana = corpus.entities["ana-perez"]
    assert mention_counts(corpus)[("ana-perez", "s03")] == 1 and len(mention_counts(corpus)) == STORIES + 52
    ana.appearances = CountedList(ana.appearances)
    articles = {f"articles/{a.slug}/index.html" for a in corpus.articles}
    CountedList.reads = 0
    pages = render_site(corpus, config, only=articles)
    assert len(pages) == STORIES and all("Ana Pérez" in p.content.decode() for p in pages)
    assert CountedList.reads < 10  # the site's lists read it a few times; each story reading it: 23 more


def test_a_terms_stories_paginate_and_only_its_first_page_is_indexed_for_search() -> None:
    corpus = make_corpus()
    term = corpus.glossary["t0"]
    term.articles = list(corpus.articles)
    config = SiteConfig(title="Largo", language="es", theme_dir=THEME, page_size=SIZE)
    site = {p.path: p.content.decode("utf-8") for p in render_site(corpus, config) if p.path.endswith(".html")}
    chain = walk(site, "glossary/t0/index.html")
    assert chain == [paged_path("glossary/t0/index.html", n) for n in range(1, page_count(STORIES, SIZE) + 1)]
    listed = [re.findall(r'class="story-list-title" href="[^"]*" lang="es">(Historia \d+)', site[page]) for page in chain]
    assert [title for page in listed for title in page] == [f"Historia {n:02d}" for n in range(STORIES - 1, -1, -1)]
    assert all(len(page) <= SIZE for page in listed)
    assert "data-pagefind-body" in site[chain[0]] and not any("data-pagefind-body" in site[p] for p in chain[1:])
    assert "Definición 0." in site[chain[1]]  # every page says what the term means
    assert "glossary/t1/page/2/index.html" not in site  # a term of one story has one page


def test_the_sitemap_lists_every_page_of_every_list() -> None:
    from generator.render.sitemap import sitemap_pages

    corpus = make_corpus()
    config = SiteConfig(title="Largo", language="es", theme_dir=THEME, page_size=SIZE, base_url="https://example.org/")
    pages = render_site(corpus, config)
    sitemap = next(p for p in sitemap_pages([p.path for p in pages], corpus, config) if p.path == "sitemap.xml").content.decode()
    for path in ("page/2/", "entities/page/2/", "entities/ana-perez/page/6/", "threads/hilo/page/3/",
                 "glossary/page/2/"):
        assert f"<loc>https://example.org/{path}</loc>" in sitemap


def test_the_threads_index_paginates() -> None:
    corpus = make_corpus()
    extra = [Thread(f"h{n:02d}", f"Hilo {n:02d}", [corpus.articles[12 + n % 11]]) for n in range(SIZE * THREAD_PAGE_FACTOR)]
    corpus.threads.update({t.slug: t for t in extra})  # one more than a page holds
    config = SiteConfig(title="Largo", language="es", theme_dir=THEME, page_size=SIZE)
    pages = {p.path: p.content.decode() for p in render_site(corpus, config) if p.path.endswith(".html")}
    assert walk(pages, "threads/index.html") == ["threads/index.html", "threads/page/2/index.html"]
    assert "Hilo 19" in pages["threads/page/2/index.html"] and "Hilo 19" not in pages["threads/index.html"]
    assert "Un hilo largo" in pages["threads/index.html"]


def test_a_themes_own_entity_index_may_list_the_page_by_type_alone(tmp_path: Path) -> None:
    import shutil

    theme = shutil.copytree(THEME, tmp_path / "theme")
    (theme / "entities.html").write_text(
        '{% extends "base.html" %}{% block content %}{% for group in entity_groups %}<h2>{{ group.type }}</h2>'
        '{% for ref in group.entities %}<p>{{ ref.name }}</p>{% endfor %}{% endfor %}{% endblock %}', encoding="utf-8")
    config = SiteConfig(title="Largo", language="es", theme_dir=theme, page_size=SIZE)
    pages = {p.path: p.content.decode() for p in render_site(make_corpus(), config) if p.path.endswith(".html")}
    first, second = pages["entities/index.html"], pages["entities/page/2/index.html"]
    assert "<h2>PER</h2>" in first and "<p>Ana Pérez</p>" in first and "<h2>ORG</h2>" not in first
    assert "<h2>ORG</h2>" in second and "<p>Xorg 0</p>" in second


def test_a_short_list_has_one_page_and_no_page_links() -> None:
    config = SiteConfig(title="Largo", language="es", theme_dir=THEME)  # 20 stories a page
    pages = {p.path: p.content.decode() for p in render_site(make_corpus(), config) if p.path.endswith(".html")}
    index = pages["index.html"]  # 13 entries
    assert "page/2/index.html" not in pages and 'rel="next"' not in index and "pagination" not in index
    assert not any("threads/hilo/page" in path for path in pages)  # 11 stories
    assert "entities/ana-perez/page/2/index.html" in pages  # 23 stories


# ---- builds: a list that shrinks takes its later pages with it -------------


def _page_size(root: Path, size: int) -> None:
    config = root / "digest.toml"
    text = re.sub(r"(?m)^page_size = \d+\n", "", config.read_text(encoding="utf-8"))
    config.write_text(f"page_size = {size}\n{text}", encoding="utf-8")


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_build_after_the_list_shrinks_removes_its_later_pages(tmp_path: Path, annotator) -> None:
    from generator.pipeline.build import build
    from test_build import make_fixture_site

    root = make_fixture_site(tmp_path / "src")
    _page_size(root, 2)
    config = load_config(root / "digest.toml")
    build(config, annotator=annotator)
    out = config.output_path
    assert (out / "page/2/index.html").is_file() and (out / "entities/vladimir-putin/page/2/index.html").is_file()
    _page_size(root, 50)
    build(load_config(root / "digest.toml"), annotator=annotator)
    assert not (out / "page").exists() and not (out / "entities/vladimir-putin/page").exists()
    assert not [p for p in _files(out) if "page/" in p.replace("pagefind/", "")]
    clean = load_config(root / "digest.toml", output=tmp_path / "clean")
    build(clean, annotator=annotator, force=True)
    assert _files(out) == _files(clean.output_path)


def test_the_preview_session_removes_the_pages_a_shrunk_list_no_longer_has(tmp_path: Path, annotator) -> None:
    from generator.cache import AnnotationCache
    from generator.pipeline.session import BuildSession
    from test_build import make_fixture_site

    root = make_fixture_site(tmp_path / "src")
    _page_size(root, 2)
    session = BuildSession(load_config(root / "digest.toml"), annotator=annotator, cache=AnnotationCache(None))
    try:
        session.build()
        out = session.config.output_path
        second = (out / "page/2/index.html").read_text(encoding="utf-8")
        assert 'rel="prev" href="../../index.html"' in second
        _page_size(root, 50)
        session.rebuild(["config"])
        removed = session.stats.removed
        assert "page/2/index.html" in removed and "entities/vladimir-putin/page/2/index.html" in removed
        assert not (out / "page").exists()
        assert 'rel="next"' not in (out / "index.html").read_text(encoding="utf-8")
        _page_size(root, 2)  # and back: the pages come again
        session.rebuild(["config"])
        assert (out / "page/2/index.html").read_text(encoding="utf-8") == second
    finally:
        session.close()
