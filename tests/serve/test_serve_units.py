"""The preview server's parts without a server: change kinds, debounce, path safety, live reload, overlay."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from generator.config import SiteConfig
from generator.errors import Problem
from generator.model import Page
from generator.serve.ahead import AheadPages
from generator.serve.livereload import LISTED_PAGES, SCRIPT_PATH, LiveReload
from generator.serve.locate import MAX_SEGMENT_BYTES, content_type, locate, output_path
from generator.serve.overlay import OVERLAY_ID, overlay_html
from generator.serve.http import request_line_problem
from generator.serve.watch import (ChangeQueue, Debouncer, Watcher, armed_folders, classify, is_editor_noise,
                                    watched_folders)


@pytest.fixture
def site_config(tmp_path: Path) -> SiteConfig:
    for folder in ("content/articles", "templates/static", "site"):
        (tmp_path / folder).mkdir(parents=True)
    return SiteConfig(root=tmp_path, config_path=tmp_path / "digest.toml")


# ---- what kind of change a path is -----------------------------------------------------


@pytest.mark.parametrize(("relative", "kind"), [
    ("digest.toml", "config"),
    ("content/articles/a.md", "content"),
    ("content/articles/deep/er/b.txt", "content"),
    ("content/glossary/otan.md", "content"),
    ("content/articles", "content"),  # a folder renamed or deleted
    ("templates/article.html", "theme"),
    ("templates/i18n.toml", "theme"),
    ("templates/static/style.css", "static"),
    ("templates/static/img/logo.svg", "static"),
])
def test_each_source_path_is_its_kind_of_change(site_config, relative, kind):
    assert classify([site_config.root / relative], site_config) == {kind}


@pytest.mark.parametrize("relative", [
    "site/index.html",  # the output is never a source, even when it is inside the project
    "content/articles/.a.md.swp", "content/articles/a.md~", "content/articles/4913",
    "content/articles/.#a.md", "content/articles/#a.md#", "templates/.base.html.kate-swp",
    "content/.git/index", "README.md", "other.toml",
])
def test_editor_noise_the_output_and_other_files_are_no_change(site_config, relative):
    assert classify([site_config.root / relative], site_config) == set()


def test_a_burst_of_paths_gives_every_kind_it_touches(site_config):
    root = site_config.root
    paths = [root / "templates/static/style.css", root / "content/articles/a.md", root / "content/articles/a.md~"]
    assert classify(paths, site_config) == {"static", "content"}


def test_an_output_folder_inside_the_theme_is_still_ignored(site_config):
    site_config.output_dir = Path("templates/preview")
    assert classify([site_config.root / "templates/preview/index.html"], site_config) == set()


def test_the_watched_folders_are_content_theme_and_the_config_folder_alone(site_config):
    root = site_config.root.resolve()
    assert watched_folders(site_config) == [(root / "content", True), (root / "templates", True), (root, False)]
    site_config.theme_dir = Path("content/theme")
    assert watched_folders(site_config) == [(root / "content", True), (root, False)]


def test_a_missing_folder_is_waited_for_from_its_nearest_existing_parent(site_config):
    root = site_config.root.resolve()
    site_config.content_dir = Path("src/news/content")  # neither it nor its parent exists
    assert armed_folders(site_config) == [(root, False), (root / "templates", True)]
    (root / "src/news/content").mkdir(parents=True)
    assert armed_folders(site_config) == [(root / "src/news/content", True), (root / "templates", True), (root, False)]
    site_config.theme_dir = Path("src/theme")  # watched from src, not twice
    assert armed_folders(site_config) == [(root / "src/news/content", True), (root / "src", False), (root, False)]
    site_config.config_path = None
    site_config.theme_dir = Path("src/news/content/theme")  # inside a folder watched recursively
    assert armed_folders(site_config) == [(root / "src/news/content", True)]


@pytest.mark.parametrize("poll", [False, True])
def test_the_watcher_arms_a_folder_again_when_it_comes_back_or_is_replaced(site_config, poll):
    """The arming alone (the observer is not started: no thread, no event); events: tests/test_serve_folders.py."""
    root = site_config.root.resolve()
    content, theme = root / "content", root / "templates"
    watcher = Watcher(ChangeQueue(), poll=poll)
    assert watcher.watch(site_config) == [content, theme, root]
    assert watcher.watch(site_config) == []  # nothing moved: nothing armed again
    assert watcher.watch(site_config, [content / "articles/a.md", root / "digest.toml"]) == []
    (content / "articles").rmdir()
    content.rmdir()
    assert watcher.watch(site_config) == [] and watcher.folders == [(theme, True), (root, False)]
    content.mkdir()
    assert watcher.watch(site_config) == [content]
    theme.rename(root / "templates.old")  # replaced by a rename: another folder under the same name
    (root / "templates.new").mkdir()
    (root / "templates.new").rename(theme)
    assert watcher.watch(site_config) == [theme]
    assert watcher.watch(site_config, [content]) == [content]  # an event on the folder itself, to be safe
    assert sorted(watcher.folders) == [(root, False), (content, True), (theme, True)]


def test_editor_noise_names():
    assert all(map(is_editor_noise, [".x.swp", "x~", "x.tmp", "4913", ".#x", "x.md___jb_tmp___"]))
    assert not any(map(is_editor_noise, ["x.md", "x.txt", "style.css", "notes.md"]))


# ---- debounce -------------------------------------------------------------------------


def test_a_burst_of_events_is_one_batch_once_quiet():
    debouncer = Debouncer(quiet=0.05, longest=1.0)
    a, b = Path("/c/a.md"), Path("/c/.a.md.tmp")
    debouncer.add([b], now=10.00)  # an editor writes a temporary file...
    debouncer.add([b, a], now=10.01)  # ...renames it over the article...
    debouncer.add([a], now=10.03)  # ...and sets its metadata
    assert debouncer.take(now=10.07) == set()  # not quiet for 0.05 s yet
    assert debouncer.due() == pytest.approx(10.08)
    assert debouncer.take(now=10.08) == {a, b}
    assert debouncer.due() is None and debouncer.take(now=11.0) == set()


def test_a_burst_that_never_goes_quiet_is_handed_out_after_the_longest_wait():
    debouncer = Debouncer(quiet=0.05, longest=0.3)
    batches = []
    for step in range(10):  # an event every 0.04 s: never quiet for 0.05 s
        now = step * 0.04
        debouncer.add([Path(f"/c/{step}.md")], now)
        if burst := debouncer.take(now):
            batches.append(burst)
    assert [len(b) for b in batches] == [9]  # handed out at 0.32 s, the first check after 0.3 s
    assert debouncer.take(now=0.41) == {Path("/c/9.md")}  # the rest is the next burst


def test_nothing_added_means_nothing_due():
    debouncer = Debouncer()
    debouncer.add([], now=1.0)
    assert debouncer.due() is None


def test_the_change_queue_hands_a_burst_to_a_waiting_reader_and_none_once_closed():
    queue = ChangeQueue(Debouncer(quiet=0.01, longest=1.0))
    got: list[set[Path] | None] = []

    def read() -> None:
        while True:
            got.append(burst := queue.get())
            if burst is None:
                return

    reader = threading.Thread(target=read)
    reader.start()
    queue.put([Path("/c/a.md")])
    queue.put([Path("/c/a.md"), Path("/c/b.md")])
    wait_until(lambda: got)
    queue.close()
    reader.join(timeout=5)
    assert got == [{Path("/c/a.md"), Path("/c/b.md")}, None]


def wait_until(condition, seconds: float = 10.0):
    """Poll `condition` until it is true; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while not (result := condition()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)
    return result


# ---- which file a request names -------------------------------------------------------


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "articles/x").mkdir(parents=True)
    (root / "static").mkdir()
    (root / "index.html").write_text("<p>index</p>")
    (root / "404.html").write_text("<p>not found</p>")
    (root / "articles/x/index.html").write_text("<p>x</p>")
    (root / "static/style.css").write_text("p{}")
    (root / "empty").mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    os.symlink(tmp_path / "secret.txt", root / "escape.txt")
    os.symlink(tmp_path, root / "up")
    os.symlink(root / "static/style.css", root / "inside.css")
    return root


@pytest.mark.parametrize(("url", "relative"), [
    ("/", "index.html"),
    ("/index.html", "index.html"),
    ("/articles/x/", "articles/x/index.html"),
    ("/articles/x/index.html", "articles/x/index.html"),
    ("/articles/%78/", "articles/x/index.html"),
    ("//articles//x/./", "articles/x/index.html"),
    ("/inside.css", "static/style.css"),  # a symlink that stays inside the site is fine
])
def test_site_files_are_found(site, url, relative):
    assert locate(site, url).status == 200
    assert locate(site, url).file == (site / relative).resolve()


@pytest.mark.parametrize("url", [
    "/../secret.txt", "/articles/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
    "/articles/%2e%2e/%2e%2e/secret.txt", "/..%2fsecret.txt", "/articles%2f..%2f..%2fsecret.txt",
    "/escape.txt", "/up/secret.txt", "/up/", "/a%00b",
])
def test_paths_out_of_the_site_are_refused(site, url):
    assert locate(site, url).status == 403


@pytest.mark.parametrize("url", ["/etc/passwd", "//etc/passwd", "/%2fetc%2fpasswd", "/%252e%252e/secret.txt",
                                 "/nothing/", "/empty/", "/%ff"])
def test_absolute_paths_and_missing_files_get_the_site_404_page(site, url):
    found = locate(site, url)
    assert found.status == 404 and found.file == (site / "404.html").resolve()


def test_a_folder_without_its_slash_is_redirected_inside_the_site(site):
    assert locate(site, "/articles/x").redirect == "/articles/x/"
    assert locate(site, "//articles").redirect == "/articles/"  # never `//articles/`, another host


def test_without_a_404_page_a_missing_path_has_no_file(site):
    (site / "404.html").unlink()
    assert locate(site, "/nothing").status == 404 and locate(site, "/nothing").file is None


@pytest.mark.parametrize("url", [
    "/" + "a" * (MAX_SEGMENT_BYTES + 1), "/articles/" + "%61" * (MAX_SEGMENT_BYTES + 1) + "/",
    "/" + "ñ" * 128,  # 256 bytes in UTF-8
    "/" + "." * 300, "/a" * 2100, "/abcdefgh" * 460,  # a segment of dots; paths longer than the system's
])
def test_a_path_longer_than_the_file_system_allows_is_too_long(site, url):
    assert locate(site, url).status == 414


def test_a_long_path_that_climbs_out_is_refused_and_one_of_the_longest_names_is_looked_for(site):
    assert locate(site, "/" + "a" * 300 + "/../x").status == 403
    assert locate(site, "/" + "a" * MAX_SEGMENT_BYTES).status == 404


@pytest.mark.parametrize(("line", "problem"), [
    ("GET /", "without an HTTP version"),  # Python's parser would take it for HTTP/0.9 and wait for headers
    ("GET  /index.html ", "without an HTTP version"),
    ("", "Empty request line"), ("   ", "Empty request line"),
    ("GET /a\x00b HTTP/1.1", "Control character"), ("GET /a\rb HTTP/1.1", "Control character"),
    ("GET /\x1b[31m HTTP/1.1", "Control character"),
])
def test_request_lines_refused_before_python_parses_them(line, problem):
    assert problem in (request_line_problem(line) or "")


@pytest.mark.parametrize("line", ["GET / HTTP/1.1", "GET\t/\tHTTP/1.0", "GET", "GET / x HTTP/1.1",
                                  "BREW /pot HTTP/1.1"])
def test_other_request_lines_are_left_to_python(line):
    assert request_line_problem(line) is None


@pytest.mark.parametrize(("name", "kind"), [
    ("a.html", "text/html; charset=utf-8"), ("a.css", "text/css; charset=utf-8"),
    ("a.js", "text/javascript; charset=utf-8"), ("feed.xml", "application/xml"), ("feed.json", "application/json"),
    ("a.svg", "image/svg+xml"), ("a.png", "image/png"), ("robots.txt", "text/plain; charset=utf-8"),
    ("index.pf_meta", "application/octet-stream"),
])
def test_content_types(name, kind):
    assert content_type(Path(name)) == kind


# ---- live reload and overlay ----------------------------------------------------------


def test_the_script_goes_before_the_end_of_the_body():
    live = LiveReload()
    page = live.inject(b"<html><body><p>x</p></BODY></html>", "articles/a&b/index.html")
    assert page.startswith(b"<html><body><p>x</p><script src=\"" + SCRIPT_PATH.encode())
    assert page.endswith(b"</script></BODY></html>")
    assert f'data-build="{live.build}"'.encode() in page
    assert b'data-page="articles/a&amp;b/index.html"' in page
    assert live.inject(b"<p>fragment</p>", "index.html").startswith(b"<p>fragment</p><script ")


def test_a_reload_lists_the_pages_that_changed_when_only_pages_did():
    live = LiveReload()
    events = live.subscribe("articles/a/index.html")
    other = live.subscribe()
    assert live.open_pages() == {"articles/a/index.html"}
    events.get_nowait(), other.get_nowait()
    assert live.succeeded(["articles/b/index.html", "feed.xml", "sitemap.xml"], ["articles/c/index.html"]) == "reload"
    assert events.get_nowait().data == {"build": live.build,
                                        "pages": ["articles/b/index.html", "articles/c/index.html"]}
    # Pages the browsers were given ahead of the build are not reloaded again.
    assert live.succeeded(["articles/a/index.html"], [], shown=frozenset({"articles/a/index.html"})) is None
    assert live.succeeded(["articles/a/index.html", "index.html"], [], shown=frozenset({"articles/a/index.html"}))
    assert events.get_nowait().data["pages"] == ["index.html"]
    assert live.succeeded(["static/places.json"], []) == "reload"  # a theme file a page may fetch
    assert "pages" not in events.get_nowait().data
    many = [f"entities/e{n}/index.html" for n in range(LISTED_PAGES + 1)]
    assert live.succeeded(many, []) == "reload" and "pages" not in events.get_nowait().data
    live.unsubscribe(events)
    assert live.open_pages() == set()


@pytest.mark.parametrize("url, path", [
    ("/", "index.html"), ("/articles/a/", "articles/a/index.html"), ("/articles/a/index.html", "articles/a/index.html"),
    ("/static/style.css", "static/style.css"), ("/entities/m%C3%A9xico/", "entities/méxico/index.html"),
    ("/./a//b/", "a/b/index.html"), ("/../etc/passwd", None), ("/%2e%2e/x", None), ("/%ff/", None), ("/a%00/", None),
])
def test_the_output_path_a_request_names(url, path):
    assert output_path(url) == path


def test_pages_held_ahead_of_a_build_are_served_and_the_others_wait_for_it():
    ahead = AheadPages()
    assert ahead.page("index.html") is None  # no build holds pages: from disk
    ahead.hold([Page("articles/a/index.html", b"new")])
    assert ahead.page("articles/a/index.html") == b"new"
    assert ahead.page("static/style.css", wait=5) is None  # not made by rendering: at once
    started = time.monotonic()
    assert ahead.page("index.html", wait=0.2) is None and time.monotonic() - started >= 0.2
    answered: list[float] = []
    waiting = threading.Thread(target=lambda: answered.append(ahead.page("index.html", wait=30) or time.monotonic()))
    waiting.start()
    time.sleep(0.2)
    assert not answered  # still waiting for the build
    ahead.release()
    waiting.join(5)
    assert answered and answered[0] - started < 5
    assert ahead.page("articles/a/index.html") is None  # released: the site on disk again


def test_browsers_get_hello_then_reload_css_and_failed_events():
    live = LiveReload()
    events = live.subscribe()
    assert events.get_nowait().name == "hello"
    assert live.succeeded([], []) is None  # nothing changed: nothing to reload
    assert live.succeeded(["static/style.css"], []) == "css"
    css = events.get_nowait()
    assert css.data == {"build": live.build, "paths": ["static/style.css"]}
    assert live.succeeded(["index.html", "static/style.css"], []) == "reload"
    assert events.get_nowait().data == {"build": live.build}  # a stylesheet changed: every page reloads
    live.failed([Problem(Path("/s/a.md"), "bad", 3)], "<div id='digest-overlay'></div>")
    failed = events.get_nowait()
    assert failed.name == "failed" and failed.data["overlay"] == "<div id='digest-overlay'></div>"
    assert b"<div id='digest-overlay'></div>" in live.inject(b"<body></body>", "index.html")
    assert live.succeeded([], []) == "reload"  # a fix that changes no file still clears the overlay
    assert b"digest-overlay'" not in live.inject(b"<body></body>", "index.html")
    live.close()
    assert events.get_nowait().name == "reload" and events.get_nowait() is None


def test_every_build_has_its_own_number_and_a_page_knows_its_own():
    live = LiveReload()
    first = live.build
    live.succeeded(["index.html"], [])
    assert live.build != first
    events = live.subscribe()
    assert events.get_nowait().data == {"build": live.build}


def test_the_overlay_names_file_line_message_and_hint_escaped(tmp_path):
    problems = [Problem(tmp_path / "content/articles/a.md", "invalid YAML <here>", 3, "close the [ bracket"),
                Problem(None, "TypeError: unsupported operand")]
    html = overlay_html(problems, tmp_path)
    assert f'id="{OVERLAY_ID}"' in html and "2 errors" in html
    assert "content/articles/a.md:3</code> invalid YAML &lt;here&gt; <em>(close the [ bracket)</em>" in html
    assert "TypeError: unsupported operand" in html
