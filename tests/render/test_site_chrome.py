"""What every page carries around the content: feed links, the icon and logo, the light/dark toggle."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.render.branding import branding_pages, branding_problems, site_branding
from generator.config import SiteConfig
from generator.render.feeds import feeds_note
from generator.model import Page
from generator.render.pages import render_site
from test_render import THEME, make_corpus

ALTERNATE = re.compile(r'<link rel="alternate" type="application/(atom\+xml|feed\+json)"[^>]*href="([^"]+)"')


def pages_of(**settings: Any) -> dict[str, str]:
    config = SiteConfig(title="Resumen", language="en", theme_dir=THEME, **settings)
    return {p.path: p.content.decode("utf-8") for p in render_site(make_corpus(), config) if p.path.endswith(".html")
            and not p.path.startswith("static/")}


def test_every_page_names_the_feeds_and_the_footer_links_them_when_there_are_feeds() -> None:
    pages = pages_of(base_url="https://example.org/news/")
    assert len(pages) > 10
    for path, html in pages.items():
        depth = "../" * path.count("/") if path != "404.html" else ""
        found = ALTERNATE.findall(html)
        assert ("atom+xml", f"{depth}feed.xml") in found and ("feed+json", f"{depth}feed.json") in found, path
        assert f'Subscribe: <a href="{depth}feed.xml"' in html, path
    assert feeds_note(SiteConfig(base_url="https://example.org/news/")) is None


def test_without_base_url_no_page_names_feeds_and_the_build_says_why() -> None:
    for path, html in pages_of().items():
        assert "feed.xml" not in html and "feed.json" not in html, path
    note = feeds_note(SiteConfig())
    assert note is not None and note.startswith("no feeds: base_url is not set") and "--base-url" in note


def test_favicon_and_logo_come_from_the_content_or_theme_folder(tmp_path: Path) -> None:
    theme = tmp_path / "templates"
    shutil.copytree(THEME, theme)
    (theme / "static/logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    (tmp_path / "content").mkdir()
    (tmp_path / "content/icon.png").write_bytes(b"\x89PNG\r\n\x1a\nicon")
    config = SiteConfig(language="en", root=tmp_path, favicon="content/icon.png", logo="templates/static/logo.svg")
    assert branding_problems(config) == []
    assert site_branding(config).favicon == "static/site/favicon.png"
    assert branding_pages(config) == [Page("static/site/favicon.png", b"\x89PNG\r\n\x1a\nicon")]  # the logo is in static/
    pages = {p.path: p for p in render_site(make_corpus(), config)}
    article = pages["articles/cumbre-otan/index.html"].content.decode()
    assert '<link rel="icon" href="../../static/site/favicon.png" type="image/png">' in article
    assert '<img class="site-logo" src="../../static/logo.svg" alt="">' in article and "static/logo.svg" in pages


def test_default_icon_is_the_theme_s_and_bad_settings_are_named(tmp_path: Path) -> None:
    index = pages_of()["index.html"]
    assert '<link rel="icon" href="static/favicon.svg" type="image/svg+xml">' in index and "site-logo" not in index
    (tmp_path / "content").mkdir()
    (tmp_path / "content/notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / "digest.toml").write_text('favicon = "content/notes.txt"\nlogo = "../elsewhere.png"\n')
    config = SiteConfig(root=tmp_path, config_path=tmp_path / "digest.toml", favicon="content/notes.txt",
                        logo="../elsewhere.png")
    problems = [str(p) for p in branding_problems(config)]
    assert problems[0].startswith(f"{tmp_path / 'digest.toml'}:1: favicon 'content/notes.txt': not an image file")
    assert problems[1].startswith(f"{tmp_path / 'digest.toml'}:2: logo '../elsewhere.png': outside the content and "
                                  "theme folders")


def test_the_dark_mode_choice_is_applied_before_the_style_sheet() -> None:
    html = pages_of()["index.html"]
    head = html[: html.index("</head>")]
    script = head.index('localStorage.getItem("digest-theme")')
    assert script < head.index('rel="stylesheet"')  # so the first paint already has the chosen scheme
    assert '<button class="theme-toggle" type="button" aria-pressed="false" hidden>Dark mode</button>' in html
    spanish = render_site(make_corpus(), SiteConfig(language="es", theme_dir=THEME))
    assert b">Modo oscuro</button>" in next(p.content for p in spanish if p.path == "index.html")


@pytest.fixture
def chrome_site(tmp_path: Path) -> Path:
    for page in render_site(make_corpus(), SiteConfig(language="en", theme_dir=THEME)):
        target = tmp_path / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(page.content)
    return tmp_path


def test_the_toggle_switches_and_the_choice_is_remembered(chrome_site: Path) -> None:
    from playwright.sync_api import sync_playwright

    from test_browser_site import ARGS, CHROMIUM, served  # the same Chromium as the other browser tests

    with served(chrome_site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        context = browser.new_context(color_scheme="light")
        tab = context.new_page()
        tab.goto(url + "index.html")
        toggle = tab.locator(".theme-toggle")
        assert toggle.is_visible() and toggle.get_attribute("aria-pressed") == "false"
        light = tab.evaluate("getComputedStyle(document.body).backgroundColor")
        toggle.click()
        assert toggle.get_attribute("aria-pressed") == "true"
        dark = tab.evaluate("getComputedStyle(document.body).backgroundColor")
        assert light != dark and dark == "rgb(22, 23, 26)"
        tab.goto(url + "entities/index.html")  # another page: the choice is kept
        assert tab.evaluate("document.documentElement.dataset.theme") == "dark"
        assert tab.evaluate("getComputedStyle(document.body).backgroundColor") == dark
        tab.locator(".theme-toggle").click()
        tab.reload()
        assert tab.evaluate("document.documentElement.dataset.theme") == "light"
        assert tab.evaluate("getComputedStyle(document.body).backgroundColor") == light
        browser.close()
