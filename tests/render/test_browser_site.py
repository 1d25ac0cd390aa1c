"""The built example site in a real browser: glossary previews, search, related links, accessibility.

Chromium is the system's (/usr/bin/chromium, installed by scripts/setup-system.sh), driven
by Playwright; nothing is downloaded. The site is served by a stdlib HTTP server on a free
port of 127.0.0.1, because search (Pagefind) fetches its index and does not work from file://.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from generator.pipeline.build import build
from generator.config import load_config
from conftest import ROOT

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is installed by `make setup`")
from axe_playwright_python.sync_playwright import Axe  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SEED = "articles/2021-12-29-biden-putin-conversaciones/index.html"
TERM = "glossary/bucarest-nine/index.html"
DEFINITION = "Formato de cooperación creado en 2015 en Bucarest"
WAIT_MS = 5000


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's signature
        pass


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory, annotator) -> Iterator[str]:
    """The example site, built once, served on 127.0.0.1 at a free port."""
    out = tmp_path_factory.mktemp("browser") / "site"
    config = load_config(ROOT / "digest.toml", output=out)
    build(config, annotator=annotator)
    with served(out) as url:
        yield url


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """A static HTTP server of `folder` on 127.0.0.1 at a free port, as its URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: run scripts/setup-system.sh (make setup) to install Chromium")
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser) -> Iterator[Any]:
    """A desktop page that records console errors and uncaught exceptions; none may happen."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert errors == [], f"console errors: {errors}"


def first_term(tab: Any) -> Any:
    return tab.locator("a.term", has_text="Bucarest Nine").first


def test_glossary_preview_shows_the_definition_on_hover(page, site_url):
    page.goto(site_url + SEED)
    term = first_term(page)
    assert term.get_attribute("title") is None  # the script moved it into the preview
    term.hover()
    tip = page.locator("#term-tip")
    tip.wait_for(state="visible", timeout=WAIT_MS)
    assert DEFINITION in tip.inner_text() and tip.get_attribute("role") == "tooltip"
    assert term.get_attribute("aria-describedby") == "term-tip"
    page.mouse.move(0, 0)
    tip.wait_for(state="hidden", timeout=WAIT_MS)


def test_glossary_preview_shows_on_keyboard_focus_and_escape_closes_it(page, site_url):
    page.goto(site_url + SEED)
    focused_term = "document.activeElement && document.activeElement.matches('a.term')"
    for _ in range(400):  # bounded: the page has fewer focusable elements than this
        page.keyboard.press("Tab")
        if page.evaluate(focused_term):
            break
    assert page.evaluate(focused_term), "no glossary term reached with the Tab key"
    tip = page.locator("#term-tip")
    tip.wait_for(state="visible", timeout=WAIT_MS)
    active_text = page.evaluate("document.activeElement.textContent")
    assert tip.inner_text().startswith(active_text) and len(tip.inner_text()) > len(active_text) + 20
    page.keyboard.press("Escape")
    tip.wait_for(state="hidden", timeout=WAIT_MS)


def test_glossary_preview_on_touch_first_tap_shows_second_tap_follows(browser, site_url):
    context = browser.new_context(viewport={"width": 375, "height": 740}, has_touch=True, is_mobile=True)
    tab = context.new_page()
    tab.goto(site_url + SEED)
    term = first_term(tab)
    term.scroll_into_view_if_needed()
    term.tap()
    tip = tab.locator("#term-tip")
    tip.wait_for(state="visible", timeout=WAIT_MS)
    assert DEFINITION in tip.inner_text() and tab.url == site_url + SEED
    term.tap()
    tab.wait_for_url(site_url + TERM, timeout=WAIT_MS)
    assert tab.locator("h1").inner_text() == "Bucarest Nine"
    context.close()


def test_without_javascript_a_term_is_a_plain_link_with_a_title(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site_url + SEED)
    term = first_term(tab)
    assert DEFINITION in term.get_attribute("title")
    assert term.get_attribute("href") == "../../glossary/bucarest-nine/index.html"
    context.close()


def test_search_finds_the_seed_and_the_glossary_term(page, site_url):
    page.goto(site_url + "index.html")
    page.fill("#site-search-q", "Bucarest")
    page.press("#site-search-q", "Enter")
    page.wait_for_url("**/search/index.html?q=Bucarest", timeout=WAIT_MS)
    results = page.locator(".search-list a.search-title")
    results.first.wait_for(timeout=WAIT_MS)
    links = {results.nth(k).get_attribute("href"): results.nth(k).inner_text() for k in range(results.count())}
    assert links[site_url + SEED].startswith("Biden mantendrá conversaciones con Putin")
    assert links[site_url + TERM] == "Bucarest Nine"
    page.fill("#search-q", "Kremlin")
    page.wait_for_function("document.querySelector('.search-status').textContent.includes('Kremlin')",
                           timeout=WAIT_MS)
    assert page.locator(".search-list a.search-title").count() > 0


#: A story of the example with related coverage (the seed story has no other story of its story line).
COVERED = "articles/2020-12-25-psoe-felipe-vi-renovacion/index.html"


def test_clicking_a_related_link_lands_on_that_story(page, site_url):
    page.goto(site_url + COVERED)
    link = page.locator("section.related a.story-list-title").first
    title = link.inner_text()
    link.click()
    page.wait_for_load_state()
    assert page.url.startswith(site_url + "articles/") and page.url != site_url + COVERED
    assert page.locator("h1").first.inner_text() == title


@pytest.mark.parametrize("path", ["index.html", SEED, "entities/vladimir-putin/index.html", TERM,
                                  "search/index.html?q=Putin"])
def test_no_serious_or_critical_accessibility_violations(page, site_url, path):
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    violations = Axe().run(page).response["violations"]
    serious = [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
               for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == []
