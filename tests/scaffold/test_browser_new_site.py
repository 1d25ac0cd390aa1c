"""A site made by `digest new`, in each language, and one that overrides a template, in a real browser.

Every page of each site is loaded in Chromium (as in test_browser_site.py); none may log a console
error or fail to load a file, and the built-in theme's style sheet must apply.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.pipeline.build import build
from generator.config import load_config
from generator.scaffold.new_site import new_site
from test_browser_site import browser, served  # noqa: F401 (the Chromium fixture)

#: A string of each language's interface that every page shows (the skip link).
SKIP_LINK = {"en": "Skip to content", "es": "Saltar al contenido"}
BANNER = "Our own article template"


@pytest.fixture(scope="module", params=["en", "es"])
def new_site_url(request, tmp_path_factory: pytest.TempPathFactory, annotator) -> Iterator[tuple[str, str, Path]]:
    """A site made by `digest new --example` in one language, built and served."""
    root = tmp_path_factory.mktemp(f"new-{request.param}") / "mysite"
    new_site(root, language=request.param, example=True)
    build(load_config(root / "digest.toml"), annotator=annotator)
    with served(root / "site") as url:
        yield request.param, url, root / "site"


@pytest.fixture(scope="module")
def overridden_url(tmp_path_factory: pytest.TempPathFactory, annotator) -> Iterator[tuple[str, Path]]:
    """A new site whose templates/ folder holds only article.html, with a banner added."""
    root = tmp_path_factory.mktemp("override") / "mysite"
    new_site(root, language="en")
    (root / "templates").mkdir()
    builtin = load_config(root / "digest.toml").theme_folders[-1]
    shutil.copy(builtin / "article.html", root / "templates/article.html")
    template = (root / "templates/article.html").read_text(encoding="utf-8")
    (root / "templates/article.html").write_text(
        template.replace("{% block content %}", f'{{% block content %}}<p class="own-banner">{BANNER}</p>', 1),
        encoding="utf-8")
    build(load_config(root / "digest.toml"), annotator=annotator)
    with served(root / "site") as url:
        yield url, root / "site"


def visit(browser: Any, url: str) -> tuple[Any, Any, list[str]]:
    """A desktop page at `url`, with the console errors, failed requests and uncaught exceptions it had."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))
    tab.on("response", lambda response: errors.append(f"{response.status}: {response.url}")
           if response.status >= 400 else None)
    tab.goto(url, wait_until="load")
    return context, tab, errors


def styled(tab: Any) -> bool:
    """Whether the theme's style sheet applies (it sets the page's font; a browser's default is serif)."""
    sheets = tab.evaluate("[...document.styleSheets].filter(s => s.href && s.href.endsWith('static/style.css')).length")
    family = tab.evaluate("getComputedStyle(document.body).fontFamily")
    return sheets == 1 and family.strip('"').lower() not in ("", "serif", "times new roman")


def test_every_page_of_a_new_site_loads_without_errors_in_its_language(browser, new_site_url):  # noqa: F811
    language, url, site = new_site_url
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html")
    assert len(pages) > 10
    for path in pages:
        context, tab, errors = visit(browser, url + path)
        try:
            assert errors == [], f"{path}: {errors}"
            assert tab.evaluate("document.documentElement.lang") == language, path
            assert SKIP_LINK[language] in tab.content(), path
            assert styled(tab), f"{path}: the theme's style sheet does not apply"
        finally:
            context.close()


def test_a_new_example_site_links_related_stories_and_entity_pages(browser, new_site_url):  # noqa: F811
    language, url, site = new_site_url
    related = entities = 0
    for article in sorted((site / "articles").glob("*/index.html")):
        context, tab, errors = visit(browser, url + article.relative_to(site).as_posix())
        try:
            entities += tab.locator("a.ent-chip").count()
            link = tab.locator("section.related:not(.more-about) a.story-list-title").first
            if link.count():
                related += 1
                title = link.inner_text()
                link.click()
                tab.wait_for_load_state("load")
                assert tab.locator("h1").first.inner_text() == title
            assert errors == []
        finally:
            context.close()
    assert related >= 1, "no story of the example site shows related coverage"
    assert entities >= 1, "no story of the example site links to an entity page"


def test_an_overridden_template_shows_and_the_rest_of_the_theme_stays(browser, overridden_url):  # noqa: F811
    url, site = overridden_url
    (article,) = [p.relative_to(site).as_posix() for p in (site / "articles").glob("*/index.html")]
    context, tab, errors = visit(browser, url + article)
    try:
        banner = tab.locator("p.own-banner")
        assert banner.is_visible() and banner.inner_text() == BANNER
        assert styled(tab) and errors == []
    finally:
        context.close()
    context, tab, errors = visit(browser, url + "index.html")
    try:
        assert tab.locator("p.own-banner").count() == 0 and styled(tab) and errors == []
    finally:
        context.close()
