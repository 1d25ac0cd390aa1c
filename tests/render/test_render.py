"""The render stage: pages, relative links, highlighting, UI language, escaping, template errors."""

from __future__ import annotations

import posixpath
import re
import shutil
import tomllib
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.config import SiteConfig
from generator.errors import TemplateError
from generator.model import (
    Annotations,
    Article,
    AttributedQuote,
    Corpus,
    CorpusEntity,
    Entity,
    EntityAppearance,
    GlossaryTerm,
    Mention,
    Page,
    Quote,
    RelatedLink,
)
from generator.render.pages import render_site

THEME = Path(__file__).resolve().parents[2] / "templates"
EVIL = "<script>alert(1)</script>"

TEXT_A = (
    "# Cumbre en Moscú\n\n"
    "El presidente **Vladimir Putin** criticó a la OTAN en Moscú. "
    "Dmitry Peskov dijo que la OTAN es una amenaza.\n\n"
    "«No aceptaremos más bases», dijo Peskov. «Es un día triste», añadió.\n"
)
TEXT_B = (
    "Kremlin spokesman Dmitry Peskov said the Cold War was over. "
    f"The group {EVIL} replied.\n"
)


def spans(text: str, surface: str) -> list[Mention]:
    return [Mention(m.start(), m.end(), surface) for m in re.finditer(re.escape(surface), text)]


def quote(text: str, body: str, speaker: str, score: float) -> Quote:
    start = body.index(text)
    return Quote(text, "statement", start, start + len(text), speaker=speaker, score=score)


def make_corpus() -> Corpus:
    """Three stories (es, en, undated es without annotations), five entities, two glossary terms."""
    a = Article(Path("a.md"), "cumbre-otan", "Putin critica a la OTAN", "es", TEXT_A, 1, text=TEXT_A,
                date=date(2024, 3, 5), source="El Diario", source_url="https://example.org/cumbre",
                author="Ana Pérez", license="CC BY 4.0")
    b = Article(Path("b.md"), "peskov-speaks", "Peskov speaks", "en", TEXT_B, 1, text=TEXT_B,
                date=date(2024, 3, 4), source="The Paper", source_url="javascript:alert(1)")
    c = Article(Path("c.md"), "sin-fecha", "Una noticia sin fecha", "es", "Texto sin fecha.\n", 1,
                text="Texto sin fecha.\n")
    alias_only = spans(TEXT_A, "Peskov")[1:]  # the first is inside "Dmitry Peskov"
    peskov_a = Entity("Dmitry Peskov", "PER", ["Peskov"], spans(TEXT_A, "Dmitry Peskov") + alias_only,
                      "Dmitry Peskov dijo que la OTAN es una amenaza.")
    a.annotations = Annotations(
        entities=[
            Entity("Vladimir Putin", "PER", [], spans(TEXT_A, "Vladimir Putin"),
                   "El presidente **Vladimir Putin** criticó."),
            peskov_a,
            Entity("OTAN", "ORG", [], spans(TEXT_A, "OTAN"), "criticó a la OTAN"),
            Entity("Moscú", "LOC", [], spans(TEXT_A, "Moscú"), "en Moscú"),
        ],
        quotes=[quote("Es un día triste", TEXT_A, "Dmitry Peskov", 0.4),
                quote("No aceptaremos más bases", TEXT_A, "Dmitry Peskov", 0.9)],
        summary="El presidente **Vladimir Putin** criticó a la OTAN en Moscú. "
                "Dmitry Peskov dijo que la OTAN es una amenaza.",
    )
    b.annotations = Annotations(
        entities=[Entity("Dmitry Peskov", "PER", [], spans(TEXT_B, "Dmitry Peskov"),
                         "Kremlin spokesman Dmitry Peskov said."),
                  Entity(EVIL, "ORG", [], spans(TEXT_B, EVIL), f"The group {EVIL} replied.")],
        summary=f"Kremlin spokesman Dmitry Peskov said the Cold War was over. The group {EVIL} replied.",
    )

    putin = CorpusEntity("vladimir-putin", "Vladimir Putin", "PER", {"Putin"},
                         [EntityAppearance(a, "El presidente Vladimir Putin criticó.", 1)])
    peskov = CorpusEntity("dmitry-peskov", "Dmitry Peskov", "PER", {"Peskov", "Dmitry Peskov"},
                          [EntityAppearance(b, "Kremlin spokesman Dmitry Peskov said.", 1),
                           EntityAppearance(a, "Dmitry Peskov dijo que la OTAN es una amenaza.", 2)],
                          [AttributedQuote(a, a.annotations.quotes[1])])
    otan = CorpusEntity("otan", "OTAN", "ORG", set(), [EntityAppearance(a, "criticó a la OTAN", 2)])
    moscu = CorpusEntity("moscu", "Moscú", "LOC", set(), [EntityAppearance(a, "en Moscú", 2)], has_page=False)
    evil = CorpusEntity("script-alert", EVIL, "ORG", {f"{EVIL} alias"},
                        [EntityAppearance(b, f"The group {EVIL} replied.", 1)])
    peskov.cooccurring = [(putin, 1), (otan, 1), (moscu, 1), (evil, 1)]
    putin.cooccurring = [(peskov, 1)]

    otan_term = GlossaryTerm("otan", "OTAN", "Organización del Tratado del Atlántico Norte", ["Alianza Atlántica"],
                             origin="extracted", source_article=a,
                             source_sentence="La OTAN es la **Organización** del Tratado del Atlántico Norte.",
                             articles=[a])
    cold_war = GlossaryTerm("guerra-fria", "Guerra Fría", "El **periodo** de tensión entre bloques (1947-1991).",
                            ["Cold War"], articles=[b])
    return Corpus(
        articles=[a, b, c],
        entities={e.key: e for e in (putin, peskov, otan, moscu, evil)},
        glossary={t.slug: t for t in (otan_term, cold_war)},
        related={"cumbre-otan": [RelatedLink(b, 0.5, ["Dmitry Peskov", "OTAN"])],
                 "peskov-speaks": [RelatedLink(a, 0.5, ["Dmitry Peskov"])]},
        article_entities={"cumbre-otan": [peskov, otan, moscu, putin], "peskov-speaks": [peskov, evil], "sin-fecha": []},
        article_terms={"cumbre-otan": [otan_term], "peskov-speaks": [cold_war]},
        entity_index={"cumbre-otan": {"Vladimir Putin": putin, "Dmitry Peskov": peskov, "OTAN": otan, "Moscú": moscu},
                      "peskov-speaks": {"Dmitry Peskov": peskov, EVIL: evil}},
        main_subjects={"cumbre-otan": putin, "sin-fecha": putin},
        more_about={"sin-fecha": [RelatedLink(a, 0.0, ["Vladimir Putin"])]},
    )


def render(language: str = "es", theme: Path = THEME, **settings: str) -> dict[str, str]:
    config = SiteConfig(title="Resumen <b>", language=language, theme_dir=theme, **settings)
    pages = render_site(make_corpus(), config)
    assert len({p.path for p in pages}) == len(pages), "duplicate page paths"
    return {p.path: p.content.decode("utf-8") for p in pages if p.path.endswith(".html")}


@pytest.fixture(scope="module")
def site() -> dict[str, str]:
    return render()


class Links(HTMLParser):
    """Collects href/src attributes and element ids of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def parse(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


def resolve(page: str, link: str) -> str:
    """The output path an internal relative link from `page` points at."""
    path = unquote(urlsplit(link).path)
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), path))


def section(html: str, heading: str) -> str:
    """The HTML from a heading's text to the end of its section."""
    start = html.index(heading)
    return html[start : html.index("</section>", start)]


# ---- pages and links ------------------------------------------------------


def test_every_page_is_written_at_its_path() -> None:
    pages = render_site(make_corpus(), SiteConfig(theme_dir=THEME))
    paths = {p.path for p in pages}
    assert {
        "index.html", "404.html", "entities/index.html", "glossary/index.html",
        "articles/cumbre-otan/index.html", "articles/peskov-speaks/index.html", "articles/sin-fecha/index.html",
        "entities/vladimir-putin/index.html", "entities/dmitry-peskov/index.html", "entities/otan/index.html",
        "entities/script-alert/index.html", "glossary/otan/index.html", "glossary/guerra-fria/index.html",
        "threads/index.html", "static/style.css", "static/digest.js",
    } <= paths
    assert "entities/moscu/index.html" not in paths  # has_page False
    static = {p.path: p.content for p in pages if p.path.startswith("static/")}
    assert static["static/style.css"] == (THEME / "static" / "style.css").read_bytes()
    assert all(isinstance(p, Page) and isinstance(p.content, bytes) for p in pages)


def test_internal_links_are_relative_and_resolve_to_rendered_pages(site: dict[str, str]) -> None:
    paths = set(site) | {"static/style.css", "static/digest.js", "static/search.js", "static/favicon.svg"}
    checked = 0
    for page, html in site.items():
        parsed = parse(html)
        for link in parsed.links:
            if urlsplit(link).scheme in ("http", "https"):
                continue
            assert not link.startswith("/"), f"{page}: absolute link {link}"
            if link.startswith("#"):
                assert link[1:] in parsed.ids, f"{page}: no element #{link[1:]}"
                continue
            assert resolve(page, link) in paths, f"{page}: {link} points at nothing"
            checked += 1
    assert checked > 50


def test_pages_have_site_language_skip_link_and_landmarks(site: dict[str, str]) -> None:
    for page, html in site.items():
        assert html.startswith("<!doctype html>"), page
        assert '<html lang="es">' in html, page
        assert '<a class="skip-link" href="#main">Saltar al contenido</a>' in html, page
        for tag in ("<header", "<nav", "<main", "<footer"):
            assert tag in html, (page, tag)
    assert 'href="../../static/style.css"' in site["articles/cumbre-otan/index.html"]
    assert 'href="static/style.css"' in site["index.html"]


# ---- front page -----------------------------------------------------------


def test_index_groups_newest_first_with_undated_last(site: dict[str, str]) -> None:
    html = site["index.html"]
    marks = ('datetime="2024-03-05"', 'datetime="2024-03-04"', "Sin fecha", "Una noticia sin fecha")
    order = [html.index(mark) for mark in marks]
    assert order == sorted(order)
    assert "5 de marzo de 2024" in html


def test_index_story_has_summary_key_quote_with_linked_speaker_and_entities(site: dict[str, str]) -> None:
    html = site["index.html"]
    card = html[html.index('<article class="story-card" lang="es">') :]
    card = card[: card.index("</article>")]
    assert '<a href="articles/cumbre-otan/index.html">Putin critica a la OTAN</a>' in card
    assert "El Diario" in card
    assert "El presidente Vladimir Putin criticó a la OTAN en Moscú." in card  # Markdown removed
    assert "No aceptaremos más bases" in card and "Es un día triste" not in card  # best key quote only
    assert '<span class="speaker"><a href="entities/dmitry-peskov/index.html">Dmitry Peskov</a></span>' in card
    assert '<a class="ent-chip ent-ORG" href="entities/otan/index.html">OTAN</a>' in card
    assert '<span class="ent-chip ent-LOC">Moscú</span>' in card  # no page: not linked


# ---- article page ---------------------------------------------------------


def test_article_page_header_and_article_language(site: dict[str, str]) -> None:
    es = site["articles/cumbre-otan/index.html"]
    assert "<h1>Putin critica a la OTAN</h1>" in es
    assert '<a href="https://example.org/cumbre" rel="noopener noreferrer">El Diario</a>' in es
    assert "Por Ana Pérez" in es and "CC BY 4.0" in es
    en = site["articles/peskov-speaks/index.html"]
    assert '<article class="story" lang="en"' in en
    assert "javascript:" not in en  # an unsafe source URL is not linked
    assert "The Paper" in en


def test_entity_mentions_are_highlighted_and_linked_when_the_entity_has_a_page(site: dict[str, str]) -> None:
    html = site["articles/cumbre-otan/index.html"]
    body = html[html.index('<div class="story-body">') : html.index("</article>")]
    assert ('<strong><mark class="ent ent-PER"><a class="ent-link" href="../../entities/vladimir-putin/index.html">'
            "Vladimir Putin</a></mark></strong>") in body
    assert body.count('href="../../entities/dmitry-peskov/index.html"') == 2  # full name and alias
    assert '<mark class="ent ent-LOC">Moscú</mark>' in body
    assert "<h2>Cumbre en <mark" in body  # the body's headings sit below the page title


def test_first_glossary_use_is_linked_once_with_its_definition(site: dict[str, str]) -> None:
    html = site["articles/cumbre-otan/index.html"]
    body = html[html.index('<div class="story-body">') : html.index("</article>")]
    assert body.count('class="term"') == 1
    assert ('<a class="term" href="../../glossary/otan/index.html" '
            'title="Organización del Tratado del Atlántico Norte">OTAN</a>') in body
    assert '<mark class="ent ent-ORG"><a class="ent-link" href="../../entities/otan/index.html">OTAN</a></mark>' in body
    en = site["articles/peskov-speaks/index.html"]
    assert ('<a class="term" href="../../glossary/guerra-fria/index.html" '
            'title="El periodo de tensión entre bloques (1947-1991).">Cold War</a>') in en


def test_key_quotes_related_and_entities_by_type(site: dict[str, str]) -> None:
    html = site["articles/cumbre-otan/index.html"]
    quotes = section(html, "Citas destacadas")
    assert quotes.index("No aceptaremos más bases") < quotes.index("Es un día triste")
    assert quotes.count('href="../../entities/dmitry-peskov/index.html"') == 2
    related = section(html, "Más sobre esta noticia")
    assert '<a class="story-list-title" href="../peskov-speaks/index.html" lang="en">Peskov speaks</a>' in related
    assert "también menciona: Dmitry Peskov, OTAN" in related
    entities = section(html, "En esta noticia</h2>")
    assert [h for h in re.findall(r"<h3>(.*?)</h3>", entities)] == ["Personas", "Organizaciones", "Lugares"]


def test_more_about_the_main_subject_is_its_own_section_linking_to_the_entity_page(site: dict[str, str]) -> None:
    html = site["articles/sin-fecha/index.html"]
    more = section(html, "Otras noticias sobre Vladimir Putin")
    assert '<a class="story-list-title" href="../cumbre-otan/index.html" lang="es">Putin critica a la OTAN</a>' in more
    assert '<a href="../../entities/vladimir-putin/index.html">Todas las noticias sobre Vladimir Putin</a>' in more
    assert "Otras noticias sobre" not in site["articles/cumbre-otan/index.html"]  # a subject, but no other story


def test_the_threads_index_lists_every_thread_or_says_there_is_none(site: dict[str, str]) -> None:
    html = site["threads/index.html"]
    assert "<h1 class=\"page-title\">Hilos de noticias</h1>" in html and "Todavía no hay hilos" in html
    assert 'href="../threads/index.html"' in site["entities/index.html"]  # in every page's navigation


# ---- entity pages ---------------------------------------------------------


def test_entity_page_lists_stories_quotes_and_companions(site: dict[str, str]) -> None:
    html = site["entities/dmitry-peskov/index.html"]
    assert "<h1>Dmitry Peskov</h1>" in html and "Persona" in html and "3 menciones" in html
    assert '<span class="alias">Peskov</span>' in html and '<span class="alias">Dmitry Peskov</span>' not in html
    stories = section(html, "Noticias en las que aparece")
    assert stories.index("Putin critica a la OTAN") < stories.index("Peskov speaks")  # newest first
    assert "Dmitry Peskov dijo que la OTAN es una amenaza." in stories
    quotes = section(html, ">Citas</h2>")
    assert "No aceptaremos más bases" in quotes
    assert '<a href="../../articles/cumbre-otan/index.html" lang="es">Putin critica a la OTAN</a>' in quotes
    together = section(html, "Aparece junto a")
    assert '<a class="ent-chip ent-PER" href="../vladimir-putin/index.html">Vladimir Putin</a>' in together
    assert '<span class="ent-chip ent-LOC">Moscú</span>' in together
    assert "en 1 noticia" in together


def test_entity_index_by_type_with_counts(site: dict[str, str]) -> None:
    html = site["entities/index.html"]
    assert html.index("Personas") < html.index("Organizaciones")
    peskov = '<a class="ent-chip ent-PER" href="dmitry-peskov/index.html">Dmitry Peskov</a>'
    putin = '<a class="ent-chip ent-PER" href="vladimir-putin/index.html">Vladimir Putin</a>'
    assert f'{peskov} <span class="meta">2 noticias</span>' in html  # its stories, not its mentions
    assert f'{putin} <span class="meta">1 noticia</span>' in html
    assert html.index('<h3 class="initial" id="PER-D">D</h3>') < html.index(peskov)
    assert html.index(peskov) < html.index('<h3 class="initial" id="PER-V">V</h3>') < html.index(putin)
    assert 'Personas <span class="meta">2 entidades</span>' in html
    assert "Moscú" not in html


# ---- glossary -------------------------------------------------------------


def test_glossary_pages(site: dict[str, str]) -> None:
    index = site["glossary/index.html"]
    assert index.index("Guerra Fría") < index.index(">OTAN<")
    authored = site["glossary/guerra-fria/index.html"]
    assert "El <strong>periodo</strong> de tensión" in authored
    assert "Cold War" in authored and "Definición redactada para este sitio." in authored
    assert '<a class="story-list-title" href="../../articles/peskov-speaks/index.html" lang="en">' in authored
    extracted = site["glossary/otan/index.html"]
    assert "<p>Organización del Tratado del Atlántico Norte</p>" in extracted
    assert "Definición extraída de la noticia" in extracted
    assert '<a href="../../articles/cumbre-otan/index.html" lang="es">Putin critica a la OTAN</a>' in extracted
    assert "La OTAN es la Organización del Tratado del Atlántico Norte." in extracted


# ---- language, escaping, 404 ----------------------------------------------


def test_english_ui_strings() -> None:
    site = render("en")
    html = site["articles/cumbre-otan/index.html"]
    assert '<html lang="en">' in html and '<article class="story" lang="es"' in html
    assert "More on this story" in html and "also mentions: Dmitry Peskov, OTAN" in html
    assert "Key quotes" in html and "5 March 2024" in html
    assert "Undated" in site["index.html"] and "Skip to content" in site["index.html"]


def test_unknown_language_falls_back_to_english_strings() -> None:
    html = render("fr")["index.html"]
    assert '<html lang="fr">' in html and "Skip to content" in html


def test_ui_string_tables_have_the_same_keys() -> None:
    tables = tomllib.loads((THEME / "i18n.toml").read_text(encoding="utf-8"))

    def keys(table: dict, prefix: str = "") -> set[str]:
        found = set()
        for key, value in table.items():
            found |= keys(value, f"{prefix}{key}.") if isinstance(value, dict) else {prefix + key}
        return found

    assert keys(tables["es"]) == keys(tables["en"])


def test_hostile_text_is_escaped_everywhere(site: dict[str, str]) -> None:
    for page, html in site.items():
        assert "<script>alert" not in html, page
        assert "<b>" not in html, page  # the site title
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in site["articles/peskov-speaks/index.html"]
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in site["entities/script-alert/index.html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; alias" in site["entities/script-alert/index.html"]


def test_not_found_page_links_home_and_finds_the_site_root_itself(site: dict[str, str]) -> None:
    html = site["404.html"]
    assert '<a class="button" href="index.html">Volver a la portada</a>' in html
    # No <base>, even with a base URL: templates/404.html's script finds the site root wherever it is served.
    based = render(base_url="https://example.org/digest/")["404.html"]
    assert "<base" not in html and "<base" not in based and "data-site-root" in based


# ---- template errors ------------------------------------------------------


@pytest.fixture
def theme(tmp_path: Path) -> Path:
    copy = tmp_path / "theme"
    shutil.copytree(THEME, copy)
    return copy


def insert_line(path: Path, line: int, text: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(line - 1, text + "\n")
    path.write_text("".join(lines), encoding="utf-8")


def test_template_syntax_error_names_file_and_line(theme: Path) -> None:
    insert_line(theme / "article.html", 4, "{% if %}")
    with pytest.raises(TemplateError) as caught:
        render(theme=theme)
    assert caught.value.problem.path == theme / "article.html"
    assert caught.value.problem.line == 4
    assert str(caught.value).startswith(f"{theme / 'article.html'}:4: ")


def test_undefined_variable_names_file_and_line(theme: Path) -> None:
    insert_line(theme / "index.html", 5, "{{ no_such_variable }}")
    with pytest.raises(TemplateError) as caught:
        render(theme=theme)
    assert caught.value.problem.path == theme / "index.html"
    assert caught.value.problem.line == 5
    assert "no_such_variable" in caught.value.problem.message


def test_undefined_ui_string_in_an_imported_template_names_that_template(theme: Path) -> None:
    insert_line(theme / "macros.html", 3, "{{ t.no_such_string }}")
    with pytest.raises(TemplateError) as caught:
        render(theme=theme)
    assert caught.value.problem.path == theme / "macros.html"
    assert caught.value.problem.line == 3


def test_missing_ui_strings_file_is_a_template_error(theme: Path) -> None:
    (theme / "i18n.toml").unlink()  # a site's theme needs none: the built-in theme's are used
    assert "Más sobre esta noticia" in render(theme=theme)["articles/cumbre-otan/index.html"]
    with pytest.raises(TemplateError, match="i18n.toml"):  # the built-in theme needs one
        render(theme=theme, builtin_theme_dir=theme)


def test_render_reads_no_source_files(tmp_path: Path) -> None:
    corpus = make_corpus()
    for article in corpus.articles:
        article.path = tmp_path / "missing" / article.path  # would fail if anything opened it
    pages = render_site(corpus, SiteConfig(theme_dir=THEME, content_dir=tmp_path / "nowhere"))
    assert pages


def test_an_article_with_no_annotations_renders(site: dict[str, str]) -> None:
    html = site["articles/sin-fecha/index.html"]
    assert "<p>Texto sin fecha.</p>" in html


# ---- threads, graph, search -----------------------------------------------


def threaded_site() -> dict[str, str]:
    from generator.model import Thread

    corpus = make_corpus()
    a, b = corpus.articles[0], corpus.articles[1]
    thread = Thread("peskov-speaks", "Dmitry Peskov, OTAN", [b, a], ["Dmitry Peskov", "OTAN"])
    corpus.threads = {thread.slug: thread}
    corpus.article_threads = {a.slug: thread, b.slug: thread}
    pages = render_site(corpus, SiteConfig(title="Resumen", language="es", theme_dir=THEME))
    return {p.path: p.content.decode("utf-8") for p in pages if p.path.endswith(".html")}


def test_thread_page_is_a_timeline_oldest_first_with_shared_entities() -> None:
    html = threaded_site()["threads/peskov-speaks/index.html"]
    assert "<h1>Dmitry Peskov, OTAN</h1>" in html
    timeline = section(html, ">Cronología</h2>")
    assert timeline.index("Peskov speaks") < timeline.index("Putin critica a la OTAN")
    assert timeline.index('datetime="2024-03-04"') < timeline.index('datetime="2024-03-05"')
    assert '<a class="ent-chip ent-PER" href="../../entities/dmitry-peskov/index.html">Dmitry Peskov</a>' in html


def test_index_shows_a_thread_once_where_its_newest_story_is() -> None:
    html = threaded_site()["index.html"]
    card = html[html.index('<section class="thread-card"') :]
    card = card[: card.index("</ol>")]
    assert '<a href="threads/peskov-speaks/index.html"><span class="thread-label">Hilo</span> Dmitry Peskov, OTAN</a>' in card
    assert '<a href="articles/cumbre-otan/index.html">Putin critica a la OTAN</a>' in card  # newest, as a card
    assert '<a href="articles/peskov-speaks/index.html" lang="en">Peskov speaks</a>' in card  # earlier, listed
    assert html.count('href="articles/peskov-speaks/index.html"') == 1
    assert 'datetime="2024-03-04"' not in html[: html.index("Una noticia sin fecha")].replace(card, "")


def test_story_in_a_thread_says_so_and_shows_its_timeline() -> None:
    html = threaded_site()["articles/cumbre-otan/index.html"]
    assert 'Parte del hilo: <a href="../../threads/peskov-speaks/index.html">Dmitry Peskov, OTAN</a> (2/2)' in html
    box = section(html, 'id="thread-timeline"')
    assert '<a href="../peskov-speaks/index.html" lang="en">Peskov speaks</a>' in box
    assert '<li aria-current="true">' in box
    assert "Parte del hilo" not in threaded_site()["articles/sin-fecha/index.html"]


def test_entity_page_draws_its_companions_with_links_to_their_pages(site: dict[str, str]) -> None:
    html = site["entities/dmitry-peskov/index.html"]
    graph = html[html.index("<svg") : html.index("</svg>")]
    assert '<title id="cooccurrence-title">Entidades que aparecen junto a Dmitry Peskov</title>' in graph
    assert "Dmitry Peskov, en el centro, unido a las entidades" in graph
    assert '<a href="../vladimir-putin/index.html" aria-label="Vladimir Putin">' in graph
    assert 'aria-label="Moscú"' not in graph and ">Moscú</text>" in graph  # no page, no link
    assert EVIL not in graph


def test_search_page_and_a_search_form_on_every_other_page(site: dict[str, str]) -> None:
    search = site["search/index.html"]
    assert '<form class="search-form" role="search" method="get" action="index.html">' in search
    assert 'data-bundle="../pagefind/bundles.json"' in search and 'data-root="../index.html"' in search
    assert '<script src="../static/search.js" defer></script>' in search
    assert "site-search-q" not in search  # one search box per page
    article = site["articles/cumbre-otan/index.html"]
    assert '<form class="site-search" role="search" action="../../search/index.html" method="get">' in article
    assert 'data-pagefind-body data-pagefind-meta="kind:Noticia"' in article
    assert 'data-pagefind-meta="kind:Entidad"' in site["entities/otan/index.html"]
    assert 'data-pagefind-meta="kind:Glosario"' in site["glossary/otan/index.html"]
    assert "data-pagefind-body" not in site["index.html"] + site["entities/index.html"]
