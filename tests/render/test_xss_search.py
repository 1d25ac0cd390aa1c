"""Search results in a real browser: an article full of script injections is found, shown as text, and never runs.

Uses the Chromium set-up of tests/test_browser_site.py (system Chromium, nothing downloaded).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from generator.pipeline.build import build
from generator.config import load_config
from conftest import ROOT
from test_browser_site import WAIT_MS, browser, served  # noqa: F401 - `browser` is a fixture
from test_xss import ARTICLE

#: A stand-in for Pagefind that returns results as hostile as an index could hold: raw HTML everywhere.
FAKE_PAGEFIND = """
export async function options() {}
export async function mergeIndex() {}
export async function search(query) {
  const hostile = {
    url: "javascript:alert('url')",
    meta: {title: "<img src=x onerror=alert('title')>Título", kind: "<b onmouseover=alert('kind')>noticia</b>"},
    excerpt: "antes <mark>alert</mark> <img src=x onerror=alert('excerpt')><script>alert('script')</script>"
             + " <mark><b>doble</b></mark> &lt;script&gt;texto&lt;/script&gt;",
  };
  return {results: [{data: async () => hostile}]};
}
"""


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory: pytest.TempPathFactory, annotator) -> Iterator[str]:
    """The hostile article built into a site (with its Pagefind index), served on 127.0.0.1 at a free port."""
    root = tmp_path_factory.mktemp("xss-search")
    (root / "content/articles").mkdir(parents=True)
    (root / "content/articles/xss.md").write_text(ARTICLE, encoding="utf-8")
    (root / "digest.toml").write_text(f'theme_dir = "{ROOT / "templates"}"\n[entities]\nmin_mentions_for_page = 1\n',
                                      encoding="utf-8")
    config = load_config(root / "digest.toml")
    build(config, annotator=annotator)
    with served(config.output_path) as url:
        yield url


@pytest.fixture
def tab(browser) -> Iterator[Any]:  # noqa: F811 - the imported fixture
    """A page that records every dialog (alert, confirm, prompt) and uncaught error."""
    context = browser.new_context()
    page = context.new_page()
    page.dialogs = []  # type: ignore[attr-defined]
    page.errors = []  # type: ignore[attr-defined]
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def injected(page: Any) -> list[str]:
    """Elements or attributes in the results that came from the index rather than from search.js."""
    return page.evaluate("""() => {
        const found = [];
        const box = document.getElementById("search-results");
        box.querySelectorAll("*").forEach(el => {
            if (!["P", "OL", "LI", "A", "SPAN", "MARK"].includes(el.tagName)) found.push(el.tagName);
            for (const attr of el.attributes) {
                if (attr.name.startsWith("on")) found.push(el.tagName + " " + attr.name);
            }
            if (el.tagName === "A" && !el.href.startsWith(location.origin)) found.push("link " + el.href);
        });
        if (window.__xss) found.push("window.__xss");
        return found;
    }""")


@pytest.mark.parametrize("word", ["alert", "script", "onerror", "iframe"])
def test_searching_for_a_payload_word_shows_the_article_as_text(tab, xss_site, word):
    tab.goto(f"{xss_site}search/index.html?q={word}")
    results = tab.locator(".search-list a.search-title")
    results.first.wait_for(timeout=WAIT_MS)
    tab.wait_for_load_state("networkidle")
    titles = [results.nth(k).inner_text() for k in range(results.count())]
    assert any("<script>alert(1)</script>" in title for title in titles), titles  # the title, as text
    assert injected(tab) == []
    assert tab.locator(".search-excerpt mark").count() >= 1  # the matches are still marked
    assert tab.dialogs == [] and tab.errors == []


def test_hostile_index_results_are_shown_as_text_with_only_their_marks(tab, xss_site):
    tab.route("**/pagefind/*/pagefind.js", lambda route: route.fulfill(
        status=200, content_type="text/javascript", body=FAKE_PAGEFIND))
    tab.goto(f"{xss_site}search/index.html?q=alert")
    link = tab.locator(".search-list a.search-title")
    link.wait_for(timeout=WAIT_MS)
    tab.wait_for_load_state("networkidle")
    assert link.inner_text() == "<img src=x onerror=alert('title')>Título"
    assert link.get_attribute("href") == xss_site + "index.html"  # not the javascript: URL
    assert tab.locator(".search-kind").text_content() == "<b onmouseover=alert('kind')>noticia</b>"
    excerpt = tab.locator(".search-excerpt")
    assert [m.inner_text() for m in excerpt.locator("mark").all()] == ["alert", "doble"]
    assert "<script>texto</script>" in excerpt.inner_text()
    assert injected(tab) == []
    assert tab.dialogs == [] and tab.errors == []


def test_a_listing_of_bundles_loads_only_folders_beside_it(tab, xss_site):
    """A tampered `bundles.json` cannot make the search page import a script from elsewhere."""
    requested: list[str] = []
    tab.on("request", lambda request: requested.append(request.url))
    tab.route("**/pagefind/bundles.json", lambda route: route.fulfill(status=200, content_type="application/json", body=(
        '{"bundles": ["https://evil.example/", "//evil.example/x/", "../static/", "javascript:alert(1)/", "articles-0/"]}')))
    tab.goto(f"{xss_site}search/index.html?q=alert")
    tab.locator(".search-list a.search-title").first.wait_for(timeout=WAIT_MS)
    tab.wait_for_load_state("networkidle")
    assert not [url for url in requested if "evil.example" in url or "/static/pagefind" in url]
    assert any(url.endswith("/pagefind/articles-0/pagefind.js") for url in requested)
    assert tab.dialogs == [] and tab.errors == []


def test_the_check_has_teeth_the_same_excerpt_through_innerhtml_runs(tab, xss_site):
    """What search.js used to do (`innerHTML = excerpt`) runs the payload, and the checks above see it."""
    tab.goto(f"{xss_site}search/index.html")
    tab.evaluate("""() => {
        const p = document.createElement("p");
        p.innerHTML = "<img src=x onerror=\\"alert('excerpt')\\">";
        document.getElementById("search-results").appendChild(p);
    }""")
    deadline = time.monotonic() + WAIT_MS / 1000
    while not tab.dialogs and time.monotonic() < deadline:
        tab.wait_for_timeout(50)
    assert tab.dialogs == ["excerpt"]
    assert "IMG" in injected(tab)

