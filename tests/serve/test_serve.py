"""`digest serve` for real: a server on a free port over a copy of the fixture site, driven by editing its files."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import quote
from urllib.request import urlopen

import pytest

import generator.pipeline.build as build_module
from generator.pipeline.build import build
from generator.cache import AnnotationCache
from generator.config import load_config
from generator.serve import DevServer
from generator.serve.livereload import EVENTS_PATH, SCRIPT_PATH
from conftest import ROOT
from test_build import make_fixture_site
from test_serve_units import wait_until

EDITED = "content/articles/2018-03-11-putin-entrevista-nbc.md"
EDITED_PAGE = "articles/2018-03-11-putin-entrevista-nbc/"
OVERLAY = 'id="digest-overlay"'


@pytest.fixture(scope="module")
def shared_cache() -> AnnotationCache:
    """In memory, for all the servers of this module: each article is annotated once."""
    return AnnotationCache(None)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_fixture_site(tmp_path / "src")


@pytest.fixture
def server(site, tmp_path, annotator, shared_cache):
    config = load_config(site / "digest.toml", output=tmp_path / "preview")
    with DevServer(config, port=0, annotator=annotator, cache=shared_cache) as running:
        yield running


def get(server: DevServer, path: str) -> tuple[int, str]:
    try:
        with urlopen(server.url + path.lstrip("/"), timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except HTTPError as error:
        return error.code, error.read().decode("utf-8")


def raw_get(server: DevServer, path: str) -> http.client.HTTPResponse:
    """A request whose path is sent exactly as given (no client-side clean-up)."""
    host, port = server.url.removeprefix("http://").rstrip("/").rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def status(server: DevServer) -> dict:
    return json.loads(get(server, "/__digest__/status")[1])


def page(server: DevServer, path: str) -> str:
    code, body = get(server, path)
    assert code == 200, path
    return body


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as file:
        file.write(text)


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def html_pages(server: DevServer) -> list[str]:
    site = server.session.config.output_path
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


# ---- the acceptance -------------------------------------------------------------


def test_an_edited_article_is_served_changed_and_is_the_only_one_annotated(server, site):
    before = status(server)["stats"]["annotated_total"]
    append(site / EDITED, "\nLa entrevista se emitió también por onda corta.\n")
    wait_until(lambda: "emitió también por onda corta" in page(server, EDITED_PAGE))
    wait_until(lambda: status(server)["stats"]["builds"] >= 2)  # its counters are set just after the writes
    assert status(server)["stats"]["annotated_total"] - before == 1


def test_broken_front_matter_shows_the_overlay_everywhere_and_the_fix_clears_it(server, site):
    article = site / EDITED
    good = article.read_text(encoding="utf-8")
    article.write_text(good.replace("title:", "title: [", 1), encoding="utf-8")
    wait_until(lambda: OVERLAY in page(server, "/"))
    index = page(server, "/")
    assert re.search(r"content/articles/2018-03-11-putin-entrevista-nbc\.md:\d+</code> invalid YAML", index)
    assert "Rebuild failed" in index
    assert status(server)["failed"] is True
    for path in ("/", EDITED_PAGE, "glossary/", "articles/2021-12-29-seed/"):  # the last good site, still served
        body = page(server, path)
        assert OVERLAY in body and "</footer>" in body
    article.write_text(good, encoding="utf-8")
    wait_until(lambda: OVERLAY not in page(server, "/"))
    assert OVERLAY not in page(server, EDITED_PAGE) and status(server)["failed"] is False


def test_a_template_change_changes_every_page_without_annotating_any_article(server, site):
    before = status(server)["stats"]["annotated_total"]
    pages = html_pages(server)
    replace(site / "templates/base.html", "<main ", '<p class="preview-banner">Borrador</p>\n<main ')
    wait_until(lambda: all('class="preview-banner"' in page(server, path) for path in pages))
    wait_until(lambda: status(server)["stats"]["builds"] >= 2)
    stats = status(server)["stats"]
    assert stats["annotated_total"] == before and stats["kind"] == "theme"


def test_a_deleted_article_is_404_and_disappears_from_related_links(server, site):
    corpus = server.session._corpus
    linked = {link.article.slug: slug for slug, links in corpus.related.items() for link in links}
    gone, linking = next(iter(sorted(linked.items())))
    gone_file = next(a.path for a in corpus.articles if a.slug == gone)
    assert f"/{gone}/index.html" in page(server, f"articles/{linking}/")
    gone_file.unlink()
    wait_until(lambda: get(server, f"articles/{gone}/")[0] == 404)
    wait_until(lambda: f"/{gone}/index.html" not in page(server, f"articles/{linking}/"))
    site_404 = (server.session.config.output_path / "404.html").read_text(encoding="utf-8")
    assert get(server, f"articles/{gone}/")[1].startswith(site_404.split("</body>")[0])
    wait_until(lambda: f"/{gone}/" not in page(server, "/"))


# ---- live reload --------------------------------------------------------------------------


class EventStream:
    """A Server-Sent Events client reading in a thread."""

    def __init__(self, server: DevServer, page: str | None = None) -> None:
        """`page`: the output path of the page this browser shows."""
        host, port = server.url.removeprefix("http://").rstrip("/").rsplit(":", 1)
        self._connection = http.client.HTTPConnection(host, int(port), timeout=60)
        self._connection.request("GET", EVENTS_PATH + (f"?page={quote(page)}" if page else ""))
        self.response = self._connection.getresponse()
        self.events: list[tuple[str, dict]] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        name = ""
        try:
            for raw in self.response:
                line = raw.decode("utf-8").rstrip("\n")
                if line.startswith("event: "):
                    name = line.removeprefix("event: ")
                elif line.startswith("data: "):
                    self.events.append((name, json.loads(line.removeprefix("data: "))))
        except (OSError, ValueError):
            return

    def next(self, name: str) -> dict:
        """The first event called `name` not yet taken."""
        def find() -> dict | None:
            for index, (event, data) in enumerate(self.events):
                if event == name:
                    del self.events[: index + 1]
                    return data
            return None
        return wait_until(find)

    def close(self) -> None:
        self._connection.close()


def test_browsers_are_told_to_reload_or_to_refresh_only_their_styles(server, site):
    stream = EventStream(server)
    try:
        assert stream.response.getheader("Content-Type").startswith("text/event-stream")
        hello = stream.next("hello")
        assert hello["build"] in page(server, "/")  # the page knows which build it shows
        append(site / "templates/static/style.css", "\n.preview { color: red; }\n")
        css = stream.next("css")
        assert css["paths"] == ["static/style.css"]
        assert ".preview { color: red; }" in page(server, "static/style.css")
        assert status(server)["stats"]["kind"] == "static"
        append(site / EDITED, "\nOtra frase nueva.\n")
        assert stream.next("reload")["build"] != css["build"]
        replace(site / "templates/index.html", "{% block content %}", "{% block content %}{% if %}")
        failed = stream.next("failed")
        assert "templates/index.html:" in failed["overlay"]
    finally:
        stream.close()


def test_the_open_page_is_shown_first_and_other_pages_wait_for_the_rest_of_the_build(server, site, monkeypatch):
    stream = EventStream(server, EDITED_PAGE + "index.html")
    stream.next("hello")
    wait_until(lambda: server.live.open_pages() == {EDITED_PAGE + "index.html"})
    rest = threading.Event()
    real = build_module.site_pages

    def slow_render(*args, **kwargs):
        rest.wait(30)  # the rest of the site is rendered only when the test lets it
        return real(*args, **kwargs)

    monkeypatch.setattr(build_module, "site_pages", slow_render)
    on_disk = server.session.config.output_path / EDITED_PAGE / "index.html"
    try:
        append(site / EDITED, "\nUna frase que se ve antes del resto del sitio.\n")
        reload = stream.next("reload")
        assert reload["pages"] == [EDITED_PAGE + "index.html"] and not rest.is_set()
        assert "antes del resto del sitio" in page(server, EDITED_PAGE)  # from memory
        assert "antes del resto del sitio" not in on_disk.read_text(encoding="utf-8")
        answered: list[str] = []
        waiting = threading.Thread(target=lambda: answered.append(page(server, "glossary/")))
        waiting.start()
        time.sleep(0.5)
        assert not answered  # another page waits for the build
        rest.set()
        waiting.join(10)
        assert answered and "antes del resto del sitio" in on_disk.read_text(encoding="utf-8")
        wait_until(lambda: server.idle.is_set())
        assert not [name for name, data in stream.events if name == "reload" and EDITED_PAGE in str(data)]
    finally:
        rest.set()
        stream.close()


def test_a_change_made_during_a_build_gets_a_build_of_its_own(server, site):
    session = server.session
    original = session.rebuild
    running, most, calls = [0], [0], []

    def slow_rebuild(kinds, first=None):
        running[0] += 1
        most[0] = max(most[0], running[0])
        calls.append(kinds)
        try:
            return original(kinds, first)
        finally:
            if len(calls) == 1:  # an editor saves another file as this build finishes: too late for it
                append(site / "content/articles/nodate-amlo-t-mec-blinken.md", "\nSegunda edición durante la primera.\n")
                time.sleep(0.3)
            running[0] -= 1

    session.rebuild = slow_rebuild
    append(site / EDITED, "\nPrimera edición.\n")
    wait_until(lambda: "Segunda edición durante la primera" in page(server, "articles/nodate-amlo-t-mec-blinken/"))
    assert "Primera edición" in page(server, EDITED_PAGE)
    assert len(calls) >= 2 and most[0] == 1


def test_a_template_that_raises_while_rendering_never_stops_the_server(server, site):
    template = site / "templates/index.html"
    good = template.read_text(encoding="utf-8")
    template.write_text(good.replace("{% block content %}", "{% block content %}{{ 1 + 'a' }}", 1), encoding="utf-8")
    wait_until(lambda: status(server)["failed"])
    assert "TypeError" in page(server, "/")
    template.write_text(good, encoding="utf-8")
    wait_until(lambda: not status(server)["failed"])
    assert OVERLAY not in page(server, "/")


def test_a_config_change_rebuilds_and_a_bad_config_is_shown_until_fixed(server, site):
    config_file = site / "digest.toml"
    good = config_file.read_text(encoding="utf-8")
    config_file.write_text(good.replace("Digest de prueba", "Resumen de prueba"), encoding="utf-8")
    wait_until(lambda: "Resumen de prueba" in page(server, "/"))
    config_file.write_text(good + "\ntitel = 'typo'\n", encoding="utf-8")
    wait_until(lambda: OVERLAY in page(server, "/"))
    assert "titel" in page(server, "/") and "Resumen de prueba" in page(server, "/")
    config_file.write_text(good, encoding="utf-8")
    wait_until(lambda: OVERLAY not in page(server, "/") and "Digest de prueba" in page(server, "/"))


def test_a_site_that_cannot_be_built_at_first_is_served_once_fixed(site, tmp_path, annotator, shared_cache):
    article = site / EDITED
    good = article.read_text(encoding="utf-8")
    article.write_text(good.replace("title:", "title: [", 1), encoding="utf-8")
    config = load_config(site / "digest.toml", output=tmp_path / "preview")
    with DevServer(config, port=0, annotator=annotator, cache=shared_cache) as server:
        code, body = get(server, "/")
        assert code == 404 and OVERLAY in body and "2018-03-11-putin-entrevista-nbc.md:" in body
        article.write_text(good, encoding="utf-8")
        wait_until(lambda: get(server, "/")[0] == 200 and not status(server)["failed"])
        assert OVERLAY not in page(server, "/") and "</footer>" in page(server, EDITED_PAGE)


def test_the_polling_watcher_sees_edits_too(site, tmp_path, annotator, shared_cache):
    config = load_config(site / "digest.toml", output=tmp_path / "preview")
    with DevServer(config, port=0, poll=True, annotator=annotator, cache=shared_cache) as server:
        append(site / EDITED, "\nUna frase que el sondeo encuentra.\n")
        wait_until(lambda: "el sondeo encuentra" in page(server, EDITED_PAGE))


# ---- what is served -----------------------------------------------------------------------


def test_only_files_inside_the_site_are_served(server, tmp_path):
    output = server.session.config.output_path
    (tmp_path / "secret.txt").write_text("do not serve")
    os.symlink(tmp_path / "secret.txt", output / "escape.txt")
    for path in ("/../secret.txt", "/../../etc/passwd", "/%2e%2e/secret.txt", "/%2E%2E/%2e%2e/etc/passwd",
                 "/articles/..%2f..%2fsecret.txt", "/escape.txt"):
        assert raw_get(server, path).status in (403, 404), path
    for path in ("//etc/passwd", "/%2fetc%2fpasswd", "/etc/passwd"):
        assert raw_get(server, path).status == 404, path


def test_types_folders_and_the_site_404_page(server):
    index = raw_get(server, "/")
    assert index.status == 200 and index.getheader("Content-Type") == "text/html; charset=utf-8"
    assert raw_get(server, "/static/style.css").getheader("Content-Type") == "text/css; charset=utf-8"
    assert raw_get(server, "/static/digest.js").getheader("Content-Type") == "text/javascript; charset=utf-8"
    assert raw_get(server, "/feed.xml").getheader("Content-Type") == "application/xml"
    redirect = raw_get(server, "/glossary")
    assert redirect.status == 301 and redirect.getheader("Location") == "/glossary/"
    site_404 = (server.session.config.output_path / "404.html").read_text(encoding="utf-8")
    for missing in ("/no/such/page/", "/static/"):  # a folder without index.html gets no listing either
        code, body = get(server, missing)
        assert code == 404 and body.startswith(site_404.split("</body>")[0]), missing
        assert 'data-page=""' in body  # not a page of its own: any rebuild reloads it
    assert 'data-page="glossary/index.html"' in page(server, "glossary/")


def test_the_script_is_only_added_while_serving(server, tmp_path, annotator):
    served = page(server, "/")
    assert f'<script src="{SCRIPT_PATH}"' in served
    output = server.session.config.output_path
    on_disk = [p for p in output.rglob("*") if p.is_file() and b"__digest__" in p.read_bytes()]
    assert on_disk == []
    config = load_config(server.session.config.config_path, output=tmp_path / "built")
    build(config, annotator=annotator, cache=AnnotationCache(None))
    assert [p for p in config.output_path.rglob("*") if p.is_file() and b"__digest__" in p.read_bytes()] == []
    script = raw_get(server, SCRIPT_PATH)
    assert script.status == 200 and script.getheader("Content-Type") == "text/javascript; charset=utf-8"


# ---- the command ----------------------------------------------------------------------------


def test_digest_serve_picks_a_free_port_serves_and_stops_cleanly_on_ctrl_c(site, annotator):
    build(load_config(site / "digest.toml"), annotator=annotator)  # fills the site's annotation cache
    command = [sys.executable, "-m", "generator", "serve", "--config", str(site / "digest.toml"), "--port", "0"]
    process = subprocess.Popen(command, cwd=site, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        lines: list[str] = []
        url = wait_until(lambda: _served_url(process, lines), seconds=120)
        assert url.startswith("http://127.0.0.1:") and not url.endswith(":0/")
        with urlopen(url, timeout=10) as response:
            assert response.status == 200
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert "Stopped." in out and "Traceback" not in err


_BUSY_PREVIEW = """
import sys, threading, time
from pathlib import Path
from generator.pipeline.session import BuildSession
from generator.serve import run_preview
started = threading.Event()
def warm_up(self):  # the NLP pipelines take their time to load
    started.set()
    time.sleep(300)
BuildSession.warm_up = warm_up
threading.Thread(target=lambda: started.wait() and print("warming up", flush=True), daemon=True).start()
run_preview(Path(sys.argv[1]), out=None, host="127.0.0.1", port=0, poll=False, echo=print)
"""


def test_ctrl_c_stops_the_preview_while_the_pipelines_are_still_loading_even_if_started_ignoring_it(site, annotator):
    # A shell starts background commands with SIGINT ignored, and their children inherit that.
    build(load_config(site / "digest.toml"), annotator=annotator)  # fills the site's annotation cache
    command = [sys.executable, "-c", _BUSY_PREVIEW, str(site / "digest.toml")]
    process = subprocess.Popen(command, cwd=site, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT)},
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        lines: list[str] = []
        wait_until(lambda: any("warming up" in line for line in lines) or _served_url(process, lines) and False,
                   seconds=120)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)  # the server's threads wait 5 s each, at most
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert "Stopped." in out and "Traceback" not in err


def _served_url(process: subprocess.Popen, lines: list[str]) -> str | None:
    assert process.poll() is None, process.stderr.read() if process.stderr else ""
    line = process.stdout.readline() if process.stdout else ""
    lines.append(line)
    found = re.search(r"Serving on (http://\S+)", line)
    return found.group(1) if found else None


def test_a_port_in_use_is_a_one_line_error(site):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "generator", "serve", "--config", str(site / "digest.toml"), "--port", str(port)],
            cwd=site, capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: cannot serve on 127.0.0.1:{port}: Address already in use "
        "(stop the program using it, or pass --port 0 to pick a free port)"]
