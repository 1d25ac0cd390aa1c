"""The templates Jinja compiled, kept in the cache folder: a build in a new process compiles only those that changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest
from jinja2.bccache import bc_magic

from generator.config import SiteConfig
from generator.render.compiled_templates import kept_templates
from generator.render.pages import load_theme, render_site
from conftest import ROOT
from test_render import make_corpus

ARTICLE = "articles/cumbre-otan/index.html"


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from their source."""
    names: list[str] = []
    real = jinja2.Environment.compile

    def counted(self, source, name=None, filename=None, *args, **kwargs):
        names.append(name)
        return real(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    return names


def copied_theme(tmp_path: Path) -> Path:
    """A copy of the built-in theme, as a site's own."""
    return Path(shutil.copytree(ROOT / "templates", tmp_path / "theme"))


def site(theme: Path, compiled: Path | None) -> dict[str, bytes]:
    """Every page, rendered by a theme loaded afresh (as by a build in a new process)."""
    config = SiteConfig(language="en", theme_dir=theme, builtin_theme_dir=theme)
    loaded = load_theme(config, compiled=compiled)
    return {page.path: page.content for page in render_site(make_corpus(), config, loaded)}


def test_a_new_environment_takes_the_kept_templates_and_compiles_only_a_changed_one(compiles, tmp_path):
    theme = copied_theme(tmp_path)
    fresh = site(theme, None)
    assert "article.html" in compiles and "base.html" in compiles
    compiles.clear()
    assert site(theme, tmp_path / "templates") == fresh
    first = sorted(compiles)
    compiles.clear()
    assert site(theme, tmp_path / "templates") == fresh and compiles == []
    (theme / "article.html").write_text((theme / "article.html").read_text(encoding="utf-8").replace(
        "{% block content %}", '{% block content %}<p class="changed">Changed</p>', 1), encoding="utf-8")
    again = site(theme, tmp_path / "templates")
    assert compiles == ["article.html"] and b'<p class="changed">Changed</p>' in again[ARTICLE]
    assert len(first) > 1


def test_a_damaged_kept_template_is_compiled_again(compiles, tmp_path):
    theme = copied_theme(tmp_path)
    fresh = site(theme, tmp_path / "templates")
    kept = [path for path in (tmp_path / "templates").rglob("*") if path.is_file()]
    assert kept
    for number, path in enumerate(kept):  # past Jinja's own check of the file's first bytes, or not
        path.write_bytes(path.read_bytes()[: len(bc_magic) + number % 3] + b"\x80\x05damaged" * (number % 2))
    compiles.clear()
    assert site(theme, tmp_path / "templates") == fresh and sorted(compiles) == sorted(set(compiles))
    assert len(compiles) == len(kept)


def test_templates_of_another_version_are_deleted_and_a_folder_in_the_way_keeps_nothing(tmp_path):
    theme = copied_theme(tmp_path)
    old = tmp_path / "templates" / "jinja-0.0-old"
    old.mkdir(parents=True)
    (old / "x.cache").write_bytes(b"old")
    kept = kept_templates(tmp_path / "templates")
    assert kept is not None and [p.name for p in (tmp_path / "templates").iterdir()] == [Path(kept.directory).name]
    (tmp_path / "a file").write_text("in the way", encoding="utf-8")
    assert kept_templates(tmp_path / "a file" / "templates") is None
    assert site(theme, tmp_path / "a file" / "templates") == site(theme, None)
