"""`digest new`: a site that builds at once, every setting written out, user files never lost."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from dataclasses import fields, is_dataclass

import pytest
from click.testing import CliRunner

from generator.pipeline.build import build
from generator.builtin_theme import builtin_theme_path
from generator.cli import main
from generator.config import _INTERNAL, SiteConfig, load_config
from generator.errors import ContentError
from generator.scaffold.new_site import SETTINGS, FolderNotEmpty, config_text, new_site
from conftest import ROOT

EXPECTED = {".gitignore", "README.md", "digest.toml", "content/entities.toml"}


def settings_of(config: object, prefix: str = "") -> list[str]:
    """Every setting's dotted name (tables too), as digest.toml spells them."""
    names = []
    for item in fields(config):
        if item.name in _INTERNAL:
            continue
        names.append(f"{prefix}{item.name}")
        value = getattr(config, item.name)
        if is_dataclass(value):
            names += settings_of(value, f"{prefix}{item.name}.")
    return names


def uncommented(text: str) -> str:
    """The config with every commented-out setting made active."""
    return re.sub(r"(?m)^# ([a-z_]+ = .*)$", r"\1", text)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_new_site_has_its_files_and_a_config_in_its_language(tmp_path, language):
    written = new_site(tmp_path / "mysite", language=language, title="Mi «sitio»")
    root = tmp_path / "mysite"
    assert EXPECTED <= set(written) == {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    assert sum(name.startswith("content/articles/") for name in written) == 1
    assert sum(name.startswith("content/glossary/") for name in written) == 1
    config = load_config(root / "digest.toml")
    assert (config.title, config.language, config.theme_dir) == ("Mi «sitio»", language, None)
    assert config.theme_folders == (builtin_theme_path(),)  # the built-in theme alone
    assert tomllib.loads((root / "content/entities.toml").read_text(encoding="utf-8")) == {}
    ignored = (root / ".gitignore").read_text().split()
    assert "/site/" in ignored and "/.digest-cache/" in ignored
    assert "digest serve" in (root / "README.md").read_text(encoding="utf-8")
    story = next((root / "content/articles").iterdir()).read_text(encoding="utf-8")
    assert f"lang: {language}\n" in story and "\ntitle: " in story


def test_every_setting_is_written_described_and_commented_out_at_its_default(tmp_path):
    text = config_text("T", "D", "en")
    for name in settings_of(SiteConfig()):
        assert name in SETTINGS, f"{name} has no description for a new digest.toml (new_site.SETTINGS)"
        key = name.rpartition(".")[2]
        table = name.rpartition(".")[0]
        if is_dataclass(getattr(SiteConfig(), name, None)):
            assert f"\n[{name}]\n" in text
        elif name in ("title", "description", "language"):
            assert re.search(rf"(?m)^{key} = ", text)
        else:
            section = text.split(f"\n[{table}]\n")[1].split("\n[")[0] if table else text.split("\n[")[0]
            assert re.search(rf"(?m)^# {key} = ", section), f"{name} is not written in its table"
    # Every value shown is the default: made active, they give the default config.
    path = tmp_path / "digest.toml"
    path.write_text(uncommented(text), encoding="utf-8")
    active, default = load_config(path), load_config(None)
    for name in settings_of(SiteConfig()):  # not set by default: an example value is shown (EXAMPLES)
        table, _, key = name.rpartition(".")
        if getattr(getattr(default, table) if table else default, key) is None:
            setattr(getattr(active, table) if table else active, key, None)
    for name in ("title", "description", "language"):
        setattr(default, name, getattr(active, name))
    default.root, default.config_path = active.root, active.config_path
    assert active == default


def test_a_folder_with_files_is_refused_and_force_adds_only_what_is_missing(tmp_path):
    root = tmp_path / "mine"
    root.mkdir()
    (root / "notes.txt").write_text("my notes\n")
    (root / "digest.toml").write_text('title = "Mine"\n')
    with pytest.raises(FolderNotEmpty, match="not empty"):
        new_site(root)
    assert sorted(p.name for p in root.iterdir()) == ["digest.toml", "notes.txt"]
    written = new_site(root, force=True)
    assert "digest.toml" not in written and "content/entities.toml" in written
    assert (root / "digest.toml").read_text() == 'title = "Mine"\n'
    assert (root / "notes.txt").read_text() == "my notes\n"
    assert new_site(root, force=True) == []  # nothing left to add


def test_an_empty_folder_is_used_and_a_file_in_the_way_refused(tmp_path):
    (tmp_path / "empty").mkdir()
    assert "digest.toml" in new_site(tmp_path / "empty")
    (tmp_path / "file").write_text("x")
    with pytest.raises(ContentError, match="is a file"):
        new_site(tmp_path / "file", force=True)


def test_a_failed_write_leaves_nothing_behind(tmp_path):
    (tmp_path / "notes").write_text("a file where the new site's parent folder should be")
    with pytest.raises(ContentError, match="cannot write a new site"):
        new_site(tmp_path / "notes/site")
    assert [p.name for p in tmp_path.iterdir()] == ["notes"]
    stage = tmp_path / "stage"
    stage.mkdir()
    (stage / "site").mkdir()
    (stage / "site/content").write_text("a file where a folder of the new site goes")
    with pytest.raises(ContentError, match="is a file where a folder goes"):
        new_site(stage / "site", force=True)
    assert sorted(p.relative_to(stage).as_posix() for p in stage.rglob("*")) == ["site", "site/content"]


def test_the_command_refuses_a_full_folder_with_one_line(tmp_path):
    (tmp_path / "x.txt").write_text("x")
    result = CliRunner().invoke(main, ["new", str(tmp_path)])
    assert result.exit_code == 1 and "not empty" in result.output and "--force" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_new_example_site_builds_with_related_stories_entities_and_the_term(tmp_path, annotator, language):
    result = CliRunner().invoke(main, ["new", str(tmp_path / "site-src"), "--language", language, "--example"])
    assert result.exit_code == 0, result.output
    root = tmp_path / "site-src"
    built = build(load_config(root / "digest.toml"), annotator=annotator)
    assert not built.report.errors and not built.report.warnings, built.report.warnings
    site = root / "site"
    assert len(built.corpus.articles) == 4
    assert f'<html lang="{language}"' in (site / "index.html").read_text(encoding="utf-8")
    assert any(entity.has_page for entity in built.corpus.entities.values())
    assert any(links for links in built.corpus.related.values()), "no story has related coverage"
    assert len(list((site / "glossary").glob("*/index.html"))) == 1
    pages = [p.read_text(encoding="utf-8") for p in (site / "articles").glob("*/index.html")]
    assert any('class="term"' in page for page in pages), "the glossary term is not highlighted in any story"


def test_digest_new_then_digest_build_works_from_the_command_line(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    made = subprocess.run([sys.executable, "-m", "generator", "new", "mysite", "--language", "en"], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    assert "cd mysite" in made.stdout
    built = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=tmp_path / "mysite", env=env,
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    assert "Built site/" in built.stdout and "annotate" in built.stdout and "render" in built.stdout
    assert built.stderr == "", built.stderr  # no warning about a new site
    assert (tmp_path / "mysite/site/index.html").is_file()


def test_new_in_the_empty_working_folder_keeps_the_folder(tmp_path, monkeypatch):
    (tmp_path / "here").mkdir()
    inode = (tmp_path / "here").stat().st_ino
    monkeypatch.chdir(tmp_path / "here")
    result = CliRunner().invoke(main, ["new", "."])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "here").stat().st_ino == inode
    assert (tmp_path / "here/digest.toml").is_file() and "cd " not in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["here"]  # no staging folder left
