"""A site's theme folder overrides the built-in theme file by file; the built-in theme is a folder the tests can give.

Every test points `builtin_theme_dir` at a copy of the theme, so that it can change "the built-in
theme" and see the change reach sites that override some of its files.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.pipeline.build import build
from generator.cli import main
from generator.config import SiteConfig, load_config
from generator.errors import ConfigError, Report, TemplateError
from generator.render.pages import load_theme, render_site
from generator.scaffold.theme_export import export_theme
from conftest import ROOT
from test_render import make_corpus

ARTICLE = "articles/cumbre-otan/index.html"
PAGES = ("index.html", "entities/index.html", "glossary/index.html", "search/index.html", ARTICLE)


@pytest.fixture
def builtin(tmp_path: Path) -> Path:
    """A copy of the built-in theme, standing in for it."""
    copy = tmp_path / "builtin"
    shutil.copytree(ROOT / "templates", copy)
    return copy


@pytest.fixture
def own(tmp_path: Path) -> Path:
    """A site's own theme folder, empty."""
    folder = tmp_path / "site-theme"
    folder.mkdir()
    return folder


def render(builtin: Path, own: Path | None = None, report: Report | None = None, **settings) -> dict[str, bytes]:
    config = SiteConfig(language="en", theme_dir=own, builtin_theme_dir=builtin, **settings)
    return {page.path: page.content for page in render_site(make_corpus(), config, report=report)}


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_overriding_only_article_html_keeps_every_other_file_of_the_built_in_theme(builtin, own):
    plain = render(builtin)
    shutil.copy(builtin / "article.html", own / "article.html")
    replace(own / "article.html", "{% block content %}", '{% block content %}<p class="own-banner">Ours</p>')
    site = render(builtin, own)
    assert site.keys() == plain.keys()
    changed = {path for path in site if site[path] != plain[path]}
    assert changed == {path for path in site if path.startswith("articles/")}
    assert b'<p class="own-banner">Ours</p>' in site[ARTICLE]
    # ... and a later change of the built-in theme reaches it, in its own template's base too.
    replace(builtin / "base.html", "<main ", '<p class="new-builtin">New</p><main ')
    replace(builtin / "static/style.css", "{", "{ --new-builtin: 1;")
    later = render(builtin, own)
    for path in PAGES:
        assert b'<p class="new-builtin">New</p>' in later[path], path
    assert b'<p class="own-banner">Ours</p>' in later[ARTICLE]
    assert b"--new-builtin: 1;" in later["static/style.css"]


def test_an_overriding_template_may_extend_the_built_in_one_it_replaces(builtin, own):
    (own / "base.html").write_text('{% extends "builtin/base.html" %}\n'
                                   '{% block title %}Mine - {{ super() }}{% endblock %}\n', encoding="utf-8")
    site = render(builtin, own)
    assert b"<title>Mine - Digest</title>" in site["index.html"]  # a page that keeps the base's title
    for path in PAGES:  # every page's base is the site's, which is the built-in one
        assert b"Skip to content" in site[path] and b"static/style.css" in site[path], path


def test_static_files_override_one_by_one_and_a_site_may_add_its_own(builtin, own):
    (own / "static/img").mkdir(parents=True)
    (own / "static/style.css").write_text("body { color: red; }\n")
    (own / "static/img/logo.svg").write_text("<svg/>")
    site = render(builtin, own)
    assert site["static/style.css"] == b"body { color: red; }\n"
    assert site["static/img/logo.svg"] == b"<svg/>"
    assert site["static/digest.js"] == (builtin / "static/digest.js").read_bytes()


def test_ui_strings_merge_key_by_key(builtin, own):
    (own / "i18n.toml").write_text('[en]\nskip_to_content = "Jump to the stories"\n', encoding="utf-8")
    site = render(builtin, own)
    assert b"Jump to the stories" in site["index.html"] and b"Skip to content" not in site["index.html"]
    assert b">Entities<" in site["index.html"]  # a key the site did not change
    replace(builtin / "i18n.toml", 'nav_glossary = "Glossary"', 'nav_glossary = "Terms"')
    assert b">Terms<" in render(builtin, own)["index.html"]


def test_the_safety_rules_hold_in_both_folders(builtin, own, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0\n")
    for folder in (own, builtin):
        (folder / "static").mkdir(exist_ok=True)
        os.symlink(secret, folder / "static" / f"leak-{folder.name}.txt")
    os.mkfifo(own / "static/pipe.css")
    report = Report()
    site = render(builtin, own, report=report)
    assert not any(b"root:x:0:0" in content for content in site.values())
    warned = {Path(str(problem.path)).name for problem in report.warnings}
    assert {"leak-site-theme.txt", "leak-builtin.txt", "pipe.css"} <= warned
    os.symlink(secret, own / "article.html")
    with pytest.raises(TemplateError, match="outside the theme folder"):
        render(builtin, own)


def test_a_theme_folder_named_but_missing_is_an_error_and_an_unset_one_is_the_built_in_theme(tmp_path, builtin):
    (tmp_path / "digest.toml").write_text('theme_dir = "mytheme"\n')
    config = load_config(tmp_path / "digest.toml")
    config.builtin_theme_dir = builtin
    with pytest.raises(TemplateError, match="theme folder not found"):
        render_site(make_corpus(), config)
    (tmp_path / "digest.toml").write_text('title = "T"\n')
    config = load_config(tmp_path / "digest.toml")
    config.builtin_theme_dir = builtin
    assert config.theme_folders == (builtin,)
    (tmp_path / "templates").mkdir()  # the conventional name is the site's theme once it exists
    assert config.theme_folders == (tmp_path / "templates", builtin)
    config.builtin_theme_dir = tmp_path / "gone"
    with pytest.raises(TemplateError, match="built-in theme folder not found"):
        render_site(make_corpus(), config)


def test_no_output_folder_may_replace_a_theme_folder_even_one_not_made_yet(tmp_path, builtin):
    (tmp_path / "digest.toml").write_text('output_dir = "templates"\n')
    with pytest.raises(ConfigError, match="is the theme folder"):
        load_config(tmp_path / "digest.toml")
    with pytest.raises(ConfigError, match="is the built-in theme folder"):
        load_config(tmp_path / "digest.toml", output=SiteConfig().theme_folders[-1])


def test_exporting_the_theme_copies_every_file_and_the_copy_renders_the_same(tmp_path, builtin):
    written = export_theme(tmp_path / "exported", builtin=builtin)
    files = sorted(p.relative_to(builtin).as_posix() for p in builtin.rglob("*") if p.is_file())
    assert written == files
    for name in files:
        assert (tmp_path / "exported" / name).read_bytes() == (builtin / name).read_bytes()
    assert render(builtin, tmp_path / "exported") == render(builtin)


def test_export_refuses_a_folder_with_files_and_force_keeps_the_others(tmp_path):
    target = tmp_path / "theme"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    (target / "base.html").write_text("old")
    refused = CliRunner().invoke(main, ["theme", "export", str(target)])
    assert refused.exit_code == 1 and "not empty" in refused.output and "Traceback" not in refused.output
    assert (target / "base.html").read_text() == "old"
    done = CliRunner().invoke(main, ["theme", "export", str(target), "--force"])
    assert done.exit_code == 0, done.output
    assert (target / "notes.txt").read_text() == "mine"
    assert (target / "base.html").read_bytes() == (SiteConfig().theme_folders[-1] / "base.html").read_bytes()


def test_a_change_of_the_built_in_theme_reaches_a_built_site_that_overrides_a_template(tmp_path, builtin, annotator):
    root = tmp_path / "project"
    (root / "content/articles").mkdir(parents=True)
    (root / "content/articles/one.md").write_text(
        "---\ntitle: One story\nlang: en\ndate: 2026-01-02\n---\n\"We are ready,\" said Mayor Ana Lopez in Riverton.\n",
        encoding="utf-8")
    (root / "templates").mkdir()
    shutil.copy(builtin / "article.html", root / "templates/article.html")
    replace(root / "templates/article.html", "{% block content %}", '{% block content %}<p class="own-banner">Ours</p>')
    (root / "digest.toml").write_text('language = "en"\n', encoding="utf-8")
    config = load_config(root / "digest.toml")
    config.builtin_theme_dir = builtin
    build(config, annotator=annotator)
    article = root / "site/articles/one/index.html"
    assert "own-banner" in article.read_text(encoding="utf-8")
    replace(builtin / "base.html", "<main ", '<p class="new-builtin">New</p><main ')
    result = build(config, annotator=annotator)
    assert not result.up_to_date
    for page in (article, root / "site/index.html"):
        assert '<p class="new-builtin">New</p>' in page.read_text(encoding="utf-8")
    assert "own-banner" in article.read_text(encoding="utf-8")


def test_a_template_added_to_or_removed_from_the_site_theme_while_serving_is_used_at_once(builtin, own):
    config = SiteConfig(language="en", theme_dir=own, builtin_theme_dir=builtin)
    theme = load_theme(config, reload=True)
    assert b"own-banner" not in render_site(make_corpus(), config, theme, only={ARTICLE})[0].content
    shutil.copy(builtin / "article.html", own / "article.html")
    replace(own / "article.html", "{% block content %}", '{% block content %}<p class="own-banner">Ours</p>')
    theme = load_theme(config, theme, reload=True)  # what the preview server does on a theme change
    assert b"own-banner" in render_site(make_corpus(), config, theme, only={ARTICLE})[0].content
    (own / "article.html").unlink()
    theme = load_theme(config, theme, reload=True)
    assert b"own-banner" not in render_site(make_corpus(), config, theme, only={ARTICLE})[0].content
