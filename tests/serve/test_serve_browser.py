"""`digest serve` in a real browser: an open page follows the edits by itself."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from generator.cache import AnnotationCache
from generator.config import load_config
from generator.serve import DevServer
from test_build import make_fixture_site
from test_serve import EDITED, EDITED_PAGE, append
from test_serve_units import wait_until

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
WAIT_MS = 30_000


@pytest.fixture(scope="module")
def browser() -> Browser:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def served(tmp_path, annotator):
    site = make_fixture_site(tmp_path / "src")
    config = load_config(site / "digest.toml", output=tmp_path / "preview")
    with DevServer(config, port=0, annotator=annotator, cache=AnnotationCache(None)) as server:
        yield server, site


@pytest.fixture
def tab(browser, served) -> Page:
    server, _ = served
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server.url + EDITED_PAGE)
    wait_until(lambda: server.live.clients == 1)  # the page listens for pushes
    page.evaluate("window.digestMarker = 'not reloaded'")
    yield page
    assert errors == []
    page.close()


def marker(page: Page) -> str | None:
    return page.evaluate("window.digestMarker")


def test_an_open_page_reloads_by_itself_after_an_edit(tab, served):
    _, site = served
    append(site / EDITED, "\nUna frase que el navegador ve sin recargar a mano.\n")
    tab.wait_for_function("() => document.body.innerText.includes('el navegador ve sin recargar a mano')",
                          timeout=WAIT_MS)
    assert marker(tab) is None  # a new document: the page was reloaded


def test_a_stylesheet_change_restyles_the_page_without_reloading_it(tab, served):
    _, site = served
    append(site / "templates/static/style.css", "\n.site-title { color: rgb(1, 2, 3) !important; }\n")
    tab.wait_for_function("() => getComputedStyle(document.querySelector('.site-title')).color === 'rgb(1, 2, 3)'",
                          timeout=WAIT_MS)
    assert marker(tab) == "not reloaded"
    assert tab.locator('link[rel="stylesheet"]').count() == 1


def test_a_broken_article_shows_the_overlay_at_once_and_the_fix_takes_it_away(tab, served):
    _, site = served
    article = site / EDITED
    good = article.read_text(encoding="utf-8")
    article.write_text(good.replace("title:", "title: [", 1), encoding="utf-8")
    overlay = tab.wait_for_selector("#digest-overlay", timeout=WAIT_MS)
    assert "2018-03-11-putin-entrevista-nbc.md:" in overlay.inner_text()
    assert marker(tab) == "not reloaded"
    article.write_text(good, encoding="utf-8")
    tab.wait_for_selector("#digest-overlay", state="detached", timeout=WAIT_MS)
    tab.wait_for_load_state()
    assert tab.locator("#digest-overlay").count() == 0


def test_only_pages_the_edit_changed_reload(tab, browser, served):
    server, site = served
    other = browser.new_page()
    other.goto(server.url + "search/")  # a page no article edit changes
    wait_until(lambda: server.live.clients == 2)
    other.evaluate("window.digestMarker = 'not reloaded'")
    builds = server.rebuilds
    append(site / EDITED, "\nUna frase que solo cambia su propia página.\n")
    tab.wait_for_function("() => document.body.innerText.includes('solo cambia su propia página')", timeout=WAIT_MS)
    wait_until(lambda: server.rebuilds > builds and server.idle.is_set())
    assert marker(tab) is None and marker(other) == "not reloaded"
    other.close()


def test_a_missing_page_open_in_a_browser_appears_when_its_article_is_written(browser, served):
    server, site = served
    missing = browser.new_page()
    missing.goto(server.url + "articles/2018-03-12-putin-nbc-segunda/")
    wait_until(lambda: server.live.clients == 1)
    (site / "content/articles/2018-03-12-putin-nbc-segunda.md").write_text(
        "---\ntitle: Putin vuelve a hablar con la NBC\ndate: 2018-03-12\n---\n"
        "Vladimir Putin habló de nuevo con la cadena NBC sobre Rusia y el Kremlin.\n", encoding="utf-8")
    missing.wait_for_function("() => document.title.includes('Putin vuelve a hablar con la NBC')", timeout=WAIT_MS)
    missing.close()
