"""Page links of long lists in a real browser, from disk (`file://`) and from an HTTP server's root.

Chromium is the system's (/usr/bin/chromium), driven by Playwright, as in test_browser_site.py.
The site is rendered from a small made-up corpus (no NLP) with 4 stories a page.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.config import SiteConfig
from generator.render.pages import render_site
from generator.output.write import write_site
from test_browser_site import ARGS, CHROMIUM, served
from test_pagination import SIZE, THEME, make_corpus

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is installed by `make setup`")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("paged") / "site"
    config = SiteConfig(title="Largo", language="es", theme_dir=THEME, page_size=SIZE)
    write_site(render_site(make_corpus(), config), out)
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: run scripts/setup-system.sh (make setup) to install Chromium")
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(params=["file", "http"])
def root(request: pytest.FixtureRequest, site: Path) -> Iterator[str]:
    if request.param == "file":
        yield site.as_uri() + "/"
    else:
        with served(site) as url:
            yield url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert errors == [], f"page errors: {errors}"


def pagination(tab: Any) -> Any:
    return tab.locator("nav.pagination")


def status(tab: Any) -> str:
    return pagination(tab).locator(".pagination-status").inner_text()


def test_next_and_previous_walk_the_front_page_and_back(page: Any, root: str) -> None:
    page.goto(root + "index.html")
    assert status(page) == "Página 1 de 4"
    seen = [page.locator(".story-card-title").first.inner_text()]
    for number in (2, 3, 4):
        pagination(page).get_by_role("link", name="Siguiente").click()
        page.wait_for_load_state()
        assert page.url == root + f"page/{number}/index.html"
        assert status(page) == f"Página {number} de 4"
        seen.append(page.locator(".story-card-title").first.inner_text())
    assert pagination(page).get_by_role("link", name="Siguiente").count() == 0  # the last page
    assert seen == ["Historia 22", "Historia 18", "Historia 14", "Historia 10"]
    pagination(page).get_by_role("link", name="Anterior").click()
    page.wait_for_load_state()
    assert page.url == root + "page/3/index.html"
    pagination(page).get_by_role("link", name="Página 1", exact=True).click()
    page.wait_for_load_state()
    assert page.url == root + "index.html" and status(page) == "Página 1 de 4"


def test_an_entitys_page_numbers_and_the_index_overview_reach_the_right_pages(page: Any, root: str) -> None:
    page.goto(root + "entities/ana-perez/index.html")
    pagination(page).get_by_role("link", name="Página 6", exact=True).click()
    page.wait_for_load_state()
    assert page.url == root + "entities/ana-perez/page/6/index.html"
    assert page.locator(".story-list-title").all_inner_texts() == ["Historia 02", "Historia 01", "Historia 00"]
    page.get_by_role("navigation", name="Navegación principal").get_by_role("link", name="Entidades").click()
    page.wait_for_load_state()
    assert page.url == root + "entities/index.html"
    page.locator("nav.entity-jumps").get_by_role("link", name="Organizaciones").click()
    page.wait_for_load_state()
    assert page.url == root + "entities/page/2/index.html#type-ORG"
    assert page.locator("#type-ORG").is_visible() and status(page) == "Página 2 de 2"


def test_the_head_links_to_the_previous_and_next_pages(page: Any, root: str) -> None:
    page.goto(root + "threads/hilo/page/2/index.html")
    hrefs = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('link[rel=prev], link[rel=next]')]
                                 .map(l => [l.rel, l.href]))""")
    assert hrefs == {"prev": root + "threads/hilo/index.html", "next": root + "threads/hilo/page/3/index.html"}
