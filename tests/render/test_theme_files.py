"""The theme folder is read safely: nothing from outside it is published, nothing blocks, nothing is missing."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from generator.pipeline.build import build
from generator.config import load_config
from generator.errors import BuildFailed, Report, TemplateError
from generator.render.pages import load_theme
from generator.render.theme_files import static_pages
from conftest import ROOT

STORY = "---\ntitle: Una noticia\nlang: es\ndate: 2021-03-01\n---\n«Estamos listos», dijo el ministro Juan Pérez en Madrid.\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "content/articles").mkdir(parents=True)
    (root / "content/articles/una.md").write_text(STORY, encoding="utf-8")
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / "digest.toml").write_text('title = "T"\n', encoding="utf-8")
    secret = tmp_path / "private"
    secret.mkdir()
    (secret / "passwords.txt").write_text("root:hunter2\n")
    return root


def site_files(root: Path) -> dict[str, bytes]:
    site = root / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_links_out_of_the_theme_pipes_and_linked_folders_are_skipped_with_a_warning(project, annotator):
    static = project / "templates/static"
    secret = project.parent / "private"
    os.symlink(secret / "passwords.txt", static / "leak.txt")
    os.symlink(secret, static / "leaked-folder")
    os.symlink(project / "nowhere", static / "broken.css")
    os.mkfifo(static / "pipe.css")
    os.symlink(static / "style.css", static / "alias.css")  # a link inside the theme is fine
    result = build(load_config(project / "digest.toml"), annotator=annotator)
    warnings = {Path(str(w.path)).name: w.message for w in result.report.warnings}
    assert "outside the theme folder" in warnings["leak.txt"]
    assert "symbolic link to a folder" in warnings["leaked-folder"]
    assert "broken or looping" in warnings["broken.css"]
    assert "named pipe" in warnings["pipe.css"]
    files = site_files(project)
    assert not any(b"hunter2" in content for content in files.values())
    assert "static/leak.txt" not in files and "static/pipe.css" not in files
    assert files["static/alias.css"] == (static / "style.css").read_bytes()


def test_static_pages_are_sorted_and_hidden_files_left_out(project):
    static = project / "templates/static"
    (static / "img").mkdir()
    (static / "img/a.svg").write_text("<svg/>")
    (static / ".DS_Store").write_bytes(b"\0")
    (static / ".hidden").mkdir()
    (static / ".hidden/x.css").write_text("x")
    report = Report()
    paths = [page.path for page in static_pages(project / "templates", report)]
    assert paths == sorted(paths) and "static/img/a.svg" in paths
    assert not any("/." in path for path in paths) and not report.warnings


def test_a_template_linked_from_outside_the_theme_is_refused(project, annotator):
    outside = project.parent / "private/base.html"
    outside.write_text("{{ site.title }} root:hunter2")
    (project / "templates/base.html").unlink()
    os.symlink(outside, project / "templates/base.html")
    with pytest.raises(BuildFailed) as failed:  # found by the checks before work
        build(load_config(project / "digest.toml"), annotator=annotator)
    assert re.search("refused: symbolic link to .*outside the theme folder", failed.value.errors[0].message)
    assert not (project / "site").exists()


def test_a_template_that_is_not_utf8_names_its_line(project):
    (project / "templates/extra.html").write_bytes("{# uno #}\n{# dos #}\nAño\n".encode("latin-1"))
    theme = load_theme(load_config(project / "digest.toml"))
    with pytest.raises(TemplateError, match="not valid UTF-8") as err:
        theme.env.get_template("extra.html")
    assert err.value.problem.line == 3


def test_ui_strings_linked_from_outside_or_a_pipe_are_refused(project):
    strings = project / "templates/i18n.toml"
    strings.rename(project.parent / "private/i18n.toml")
    os.symlink(project.parent / "private/i18n.toml", strings)
    with pytest.raises(TemplateError, match="outside the theme folder"):
        load_theme(load_config(project / "digest.toml"))
    strings.unlink()
    os.mkfifo(strings)
    with pytest.raises(TemplateError, match="named pipe"):
        load_theme(load_config(project / "digest.toml"))


def test_a_site_that_would_lack_a_file_its_pages_load_fails_before_the_swap(project, annotator):
    config = load_config(project / "digest.toml")
    build(config, annotator=annotator)
    before = site_files(project)
    # A file removed from a site's theme comes from the built-in theme; one that no theme has is missing.
    base = project / "templates/base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("static/digest.js", "static/digest2.js"), encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build(config, annotator=annotator)
    problem = failed.value.errors[0]  # found before any work, in the template that links it
    assert problem.path == config.theme_path / "base.html" and problem.line is not None
    assert "links static/digest2.js, which the theme does not have" in problem.message
    assert site_files(project) == before
