"""The bad-input catalogue as `digest serve` shows it: each error in the overlay with its file and line, the last
good site kept; warnings in a quieter panel.

Errors go through a `BuildSession` (what the server rebuilds with) and the overlay markup it
would show; that the overlay reaches every served page over HTTP, and goes when the file is fixed,
is tested once in tests/test_serve.py. The warnings panel is new here, so it is tested over HTTP.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.request import urlopen

import pytest

from generator.pipeline.build import build
from generator.cache import AnnotationCache
from generator.config import load_config
from generator.serve import DevServer
from generator.serve.overlay import OVERLAY_ID, WARNINGS_ID, overlay_html, problems_of, warnings_html
from generator.pipeline.session import BuildSession, ChangeKind
from conftest import ROOT
from site_edits import write
from test_bad_input import GOOD, snapshot
from test_serve_units import wait_until

GLOSSARY = "---\nterm: OTAN\n---\nAlianza militar del Atlántico Norte.\n"


@pytest.fixture(scope="module")
def shared_cache() -> AnnotationCache:
    """In memory, for every session of this module: the one article is annotated once."""
    return AnnotationCache(None)


def make_site(root: Path) -> Path:
    """One article, one glossary term and a copy of the theme (the template cases edit it)."""
    (root / "content/articles").mkdir(parents=True)
    (root / "content/glossary").mkdir()
    (root / "content/articles/good.md").write_text(GOOD, encoding="utf-8")
    (root / "content/glossary/otan.md").write_text(GLOSSARY, encoding="utf-8")
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / "digest.toml").write_text('title = "Prueba"\n', encoding="utf-8")
    return root


@pytest.fixture
def session(tmp_path, annotator, shared_cache) -> Iterator[BuildSession]:
    root = make_site(tmp_path / "src")
    running = BuildSession(load_config(root / "digest.toml", output=tmp_path / "preview"), annotator=annotator,
                           cache=shared_cache)
    running.build()
    yield running
    running.close()


def insert_line(relative: str, before: str, line: str) -> Callable[[Path], None]:
    """Put `line` on a line of its own just before the first line that contains `before`."""
    def add(root: Path) -> None:
        path = root / relative
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        at = next(n for n, text in enumerate(lines) if before in text)
        path.write_text("".join(lines[:at] + [line + "\n"] + lines[at:]), encoding="utf-8")
    return add


def line_of(root: Path, relative: str, text: str) -> int:
    lines = (root / relative).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def symlink_out(root: Path) -> None:
    secret = root.parent / "secret.md"
    secret.write_text("---\ntitle: Secreto\n---\nNo debe publicarse.\n", encoding="utf-8")
    os.symlink(secret, root / "content/articles/link.md")


# case → (what to do to the sources, the change the watcher reports, where (file, line or a callable), message)
ERRORS: dict[str, tuple[Callable[[Path], None], ChangeKind, str, int | Callable[[Path], int] | None, str]] = {
    "invalid YAML": (write("content/articles/bad.md", "---\ntitle: x\ntags: [a, b\nlang: es\n---\nTexto.\n"),
                     "content", "content/articles/bad.md", 4, "invalid YAML"),
    "front matter not a mapping": (write("content/articles/bad.md", "---\n- uno\n- dos\n---\nTexto.\n"), "content",
                                   "content/articles/bad.md", 2, "must be a mapping"),
    "impossible date": (write("content/articles/bad.md", "---\ntitle: x\ndate: 2021-02-30\n---\nTexto.\n"), "content",
                        "content/articles/bad.md", 3, "invalid date &#x27;2021-02-30&#x27;"),
    "empty file": (write("content/articles/bad.md", ""), "content", "content/articles/bad.md", 1, "no title and no text"),
    "binary file": (write("content/articles/bad.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "content",
                    "content/articles/bad.md", None, "binary file"),
    "duplicate slugs": (write("content/articles/2021/good.md", GOOD), "content", "content/articles/good.md", None,
                        "is also used by content/articles/2021/good.md"),
    "symlink outside content": (symlink_out, "content", "content/articles/link.md", None,
                                "outside the content folder"),
    "duplicate glossary term": (write("content/glossary/otan-2.md", "---\nterm: OTAN\n---\nDos.\n"), "content",
                                "content/glossary/otan.md", None, "is also defined in content/glossary/otan-2.md"),
    "invalid entities.toml": (write("content/entities.toml", '[[entity]]\nname = "OTAN\n'), "content",
                              "content/entities.toml", 2, "invalid TOML"),
    "template syntax error": (insert_line("templates/index.html", "{% block content %}", "{% if %}"), "theme",
                              "templates/index.html", lambda root: line_of(root, "templates/index.html", "{% if %}"),
                              ""),
    "undefined template variable": (insert_line("templates/article.html", "<h1>", "{{ no_such_variable }}"),
                                    "theme", "templates/article.html",
                                    lambda root: line_of(root, "templates/article.html", "no_such_variable"),
                                    "no_such_variable"),
    # A template removed from a site's theme comes from the built-in theme; one that no theme has is missing.
    "missing template": (write("templates/term.html", '{% extends "gone.html" %}\n'), "theme", "templates/term.html",
                         None, "template not found: gone.html"),
    "config unknown key": (write("digest.toml", 'title = "Prueba"\ntilte = "x"\n'), "config", "digest.toml", None,
                           "did you mean &#x27;title&#x27;?"),
    "config wrong type": (write("digest.toml", "title = 3\n"), "config", "digest.toml", None, "must be a string"),
    "config invalid TOML": (write("digest.toml", 'title = "Prueba\n'), "config", "digest.toml", 1, "invalid TOML"),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_each_error_is_in_the_overlay_with_its_file_and_line_and_the_site_is_kept(case, session):
    breaks, kind, where, line, message = ERRORS[case]
    root = session.config.root
    site = session.config.output_path
    before = snapshot(site)
    breaks(root)
    with pytest.raises(Exception) as raised:
        session.rebuild([kind])
    problems = problems_of(raised.value)
    overlay = overlay_html(problems, root)
    expected_line = line(root) if callable(line) else line
    location = f"{where}:{expected_line}" if expected_line else where
    assert re.search(rf"<code[^>]*>{re.escape(location)}[:<]", overlay), (location, [str(p) for p in problems])
    assert message in overlay, [str(p) for p in problems]
    assert f'id="{OVERLAY_ID}"' in overlay
    assert snapshot(site) == before  # the last good site, which the server keeps serving


WARNINGS: dict[str, tuple[Callable[[Path], None], str, int, str]] = {
    "unknown key": (write("content/articles/w.md", "---\ntitle: x\nlang: es\nauthr: Ana\n---\nTexto nuevo.\n"),
                    "content/articles/w.md", 4, "did you mean `author`?"),
    "missing title": (write("content/articles/w.txt", "---\nlang: es\n---\nPrimera línea como título\n\nTexto.\n"),
                      "content/articles/w.txt", 4, "the first line is the title"),
    "future date": (write("content/articles/w.md",
                          f"---\ntitle: x\nlang: es\ndate: {dt.date.today().year + 1}-01-01\n---\nTexto.\n"),
                    "content/articles/w.md", 4, "is in the future"),
    "Latin-1 file": (write("content/articles/w.md", "---\ntitle: Año\nlang: es\n---\nEl niño.\n".encode("latin-1")),
                     "content/articles/w.md", 2, "read as Latin-1"),
    "empty glossary definition": (write("content/glossary/vacio.md", "---\nterm: Vacío\n---\n\n"),
                                  "content/glossary/vacio.md", 4, "empty definition"),
}


@pytest.mark.parametrize("case", sorted(WARNINGS))
def test_each_warning_is_in_the_quieter_panel_with_its_file_and_line(case, session):
    breaks, where, line, message = WARNINGS[case]
    root = session.config.root
    breaks(root)
    result = session.rebuild(["content"])
    panel = warnings_html(result.report.warnings, root)
    assert re.search(rf"<code[^>]*>{re.escape(where)}:{line}</code>", panel), panel
    assert message in panel and f'id="{WARNINGS_ID}"' in panel and f'id="{OVERLAY_ID}"' not in panel


def test_a_draft_is_previewed_but_not_built(session, annotator):
    write("content/articles/borrador.md", "---\ntitle: Borrador\ndraft: true\n---\nTodavía no.\n")(session.config.root)
    result = session.rebuild(["content"])
    assert result.report.warnings == []
    assert "Todavía no." in (session.config.output_path / "articles/borrador/index.html").read_text(encoding="utf-8")
    built = build(load_config(session.config.config_path), annotator=annotator)
    assert not (built.corpus and any(a.slug == "borrador" for a in built.corpus.articles))
    assert not (session.config.root / "site/articles/borrador").exists()


# ---- the warnings panel, served -------------------------------------------------------------------


def served(server: DevServer, path: str = "") -> str:
    with urlopen(server.url + path, timeout=10) as response:
        return response.read().decode("utf-8")


def test_the_server_shows_warnings_on_every_page_until_they_are_fixed(tmp_path, annotator, shared_cache):
    root = make_site(tmp_path / "src")
    config = load_config(root / "digest.toml", output=tmp_path / "preview")
    with DevServer(config, port=0, annotator=annotator, cache=shared_cache) as server:
        assert f'id="{WARNINGS_ID}"' not in served(server)
        article = root / "content/articles/good.md"
        article.write_text(GOOD.replace("lang: es\n", "lang: es\nauthr: Ana\n"), encoding="utf-8")
        # The unknown key changes no output file: the panel alone is a reason to reload the pages.
        wait_until(lambda: f'id="{WARNINGS_ID}"' in served(server))
        for path in ("", "articles/good/", "glossary/"):
            page = served(server, path)
            assert re.search(r"<code[^>]*>content/articles/good\.md:4</code> unknown front matter key `authr`", page)
            assert f'id="{OVERLAY_ID}"' not in page
        assert server.status()["warnings"] == [f"{article}:4: unknown front matter key `authr` "
                                               "(did you mean `author`?)"]
        article.write_text(GOOD, encoding="utf-8")
        wait_until(lambda: f'id="{WARNINGS_ID}"' not in served(server))
        assert server.status()["warnings"] == []
