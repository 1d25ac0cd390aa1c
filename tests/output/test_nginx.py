"""The built example site served by a real nginx, at the root and under a sub-path, crawled over HTTP.

Also: feeds and sitemap carry absolute addresses made from base_url, and nothing
else in the site does; `digest build --base-url` overrides the config.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections import deque
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from click.testing import CliRunner

from generator.pipeline.build import build
from generator.cli import main
from generator.config import load_config
from conftest import ROOT

BASE = "https://example.org/digest/"
SUB = "/digest/sub/"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ABSOLUTE_FILES = re.compile(r"(feed\.xml|feed\.json|sitemap\.xml|robots\.txt|entities/[^/]+/feed\.xml)")
"""The files made of absolute addresses."""
HEAD_ABSOLUTE = re.compile(rb'<link rel="canonical" href="[^"]*">|<meta property="og:url" content="[^"]*">'
                           rb'|<script type="application/ld\+json">.*?</script>', re.S)
"""The only places of a page where base_url may appear."""

NGINX_CONF = """
daemon off;
master_process off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    types {{
        text/html html; text/css css; application/javascript js; application/json json;
        application/xml xml; text/plain txt; image/svg+xml svg; application/wasm wasm;
    }}
    default_type application/octet-stream;
    server {{
        listen 127.0.0.1:{port};
        location / {{ root {site}; error_page 404 /404.html; }}
        location {sub} {{ alias {site}/; error_page 404 {sub}404.html; }}
    }}
}}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory, annotator) -> Path:
    out = tmp_path_factory.mktemp("served") / "site"
    build(load_config(ROOT / "digest.toml", output=out), annotator=annotator)
    return out


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(site, tmp_path_factory) -> Iterator[str]:
    """nginx serving the site at / and at SUB, on a free loopback port; its address."""
    if not Path(NGINX).exists():
        pytest.fail("nginx is not installed: run scripts/setup-system.sh (Debian package nginx)")
    tmp = tmp_path_factory.mktemp("nginx")
    port = free_port()
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(tmp=tmp, port=port, site=site, sub=SUB), encoding="utf-8")
    proc = subprocess.Popen([NGINX, "-p", str(tmp), "-e", str(tmp / "error.log"), "-c", str(conf)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                log = (tmp / "error.log").read_text() if (tmp / "error.log").exists() else ""
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"nginx did not start: {log}")
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def fetch(url: str) -> tuple[int, str, bytes]:
    """Status, content type and body of a GET."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Content-Type", ""), err.read()


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is not None and (name in ("href", "src") or (tag, name) == ("form", "action")):
                self.found.append(value)


def crawl(start: str, prefix: str) -> tuple[set[str], list[str]]:
    """Every page reachable from `start` over HTTP (paths), and the problems: non-200 answers, links out of `prefix`."""
    host = urlsplit(start).netloc
    queue, seen = deque([start]), {start}
    pages: set[str] = set()
    problems: list[str] = []
    while queue:
        url = queue.popleft()
        status, content_type, body = fetch(url)
        if status != 200:
            problems.append(f"{url}: HTTP {status}")
            continue
        if not content_type.startswith("text/html"):
            continue
        pages.add(urlsplit(url).path)
        parser = Links()
        parser.feed(body.decode("utf-8"))
        for link in parser.found:
            target = urldefrag(urljoin(url, link)).url
            parts = urlsplit(target)
            if parts.scheme not in ("http", "https") or parts.netloc != host:
                continue  # another site (a source, the canonical address)
            if not parts.path.startswith(prefix):
                problems.append(f"{url}: link {link} escapes {prefix}")
            elif target not in seen:
                seen.add(target)
                queue.append(target)
    return pages, problems


def html_pages(site: Path, prefix: str) -> set[str]:
    """Every page of the site as served under `prefix`, but the 404 page (which nothing links to)."""
    return {prefix + p.relative_to(site).as_posix() for p in site.rglob("*.html")} - {f"{prefix}404.html"}


@pytest.mark.parametrize("prefix", [SUB, "/"], ids=["sub-path", "root"])
def test_crawling_from_the_index_reaches_every_page_with_no_404_and_no_escape(site, server, prefix):
    pages, problems = crawl(f"{server}{prefix}", prefix)
    assert problems == []
    assert pages - {prefix} == html_pages(site, prefix)


@pytest.mark.parametrize("prefix", [SUB, "/"], ids=["sub-path", "root"])
def test_a_missing_page_gets_the_404_page(server, prefix):
    status, content_type, body = fetch(f"{server}{prefix}articles/no-such-story/index.html")
    assert status == 404 and content_type.startswith("text/html")
    assert "Página no encontrada" in body.decode("utf-8")


@pytest.mark.parametrize("prefix", [SUB, "/"], ids=["sub-path", "root"])
def test_the_404_page_served_deep_finds_the_site_root_in_a_browser(server, prefix):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            response = page.goto(f"{server}{prefix}articles/gone/deeper/still.html")
            assert response is not None and response.status == 404
            page.wait_for_function("document.documentElement.hasAttribute('data-site-root')", timeout=30_000)
            assert page.get_attribute("html", "data-site-root") == prefix
            assert page.eval_on_selector("a.button", "a => a.href") == f"{server}{prefix}index.html"
            page.wait_for_function(  # the style sheet, fetched from the site root, applies
                "href => [...document.styleSheets].some(s => s.href === href && s.cssRules.length > 0)",
                arg=f"{server}{prefix}static/style.css", timeout=30_000)
            page.click("a.button")
            page.wait_for_load_state()
            assert page.url == f"{server}{prefix}index.html"
            assert page.title() == "Digest de noticias"
        finally:
            browser.close()


def test_feeds_and_sitemap_parse_and_use_absolute_addresses_from_base_url(site, server):
    atom = ET.fromstring((site / "feed.xml").read_bytes())
    entries = atom.findall(f"{ATOM}entry")
    assert atom.findtext(f"{ATOM}id") == BASE and entries
    for entry in entries:
        assert entry.findtext(f"{ATOM}id").startswith(f"{BASE}articles/")
        assert entry.findtext(f"{ATOM}updated")
        assert entry.find(f"{ATOM}link").get("href") == entry.findtext(f"{ATOM}id")
    items = json.loads((site / "feed.json").read_text(encoding="utf-8"))["items"]
    assert [i["url"] for i in items] == [e.findtext(f"{ATOM}id") for e in entries]
    locs = [u.findtext(f"{SM}loc") for u in ET.fromstring((site / "sitemap.xml").read_bytes()).findall(f"{SM}url")]
    assert locs[0] == BASE and all(loc.startswith(BASE) for loc in locs)
    assert len(locs) == len(html_pages(site, "/"))  # every page but the 404
    assert f"Sitemap: {BASE}sitemap.xml" in (site / "robots.txt").read_text(encoding="utf-8")
    # Every address in them exists once the site is served where base_url says (here: under SUB).
    for url in {*locs, *(i["url"] for i in items)}:
        assert fetch(url.replace(BASE, f"{server}{SUB}"))[0] == 200, url


def test_no_absolute_address_to_base_url_outside_feeds_sitemap_and_head_meta(site):
    head_hits = 0
    for file in sorted(p for p in site.rglob("*") if p.is_file()):
        relative = file.relative_to(site).as_posix()
        if ABSOLUTE_FILES.fullmatch(relative):
            continue
        data = file.read_bytes()  # pages, style sheets, scripts, the search index
        if data.startswith(b"\x1f\x8b"):
            data = gzip.decompress(data)
        head_hits += data.count(BASE.encode())
        assert b"example.org/digest" not in HEAD_ABSOLUTE.sub(b"", data), relative
    assert head_hits > 0  # canonical links, og:url and JSON-LD do use it


def test_build_base_url_option_overrides_the_config(tmp_path, site):
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["build", "--config", str(ROOT / "digest.toml"), "--out", str(out),
                                       "--base-url", "https://news.example.net/a/"])
    assert result.exit_code == 0, result.output
    assert ET.fromstring((out / "feed.xml").read_bytes()).findtext(f"{ATOM}id") == "https://news.example.net/a/"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://news.example.net/a/">' in index
    assert not [p for p in out.rglob("*") if p.is_file() and b"example.org/digest" in p.read_bytes()]
