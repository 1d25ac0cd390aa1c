"""Checks before work: a bad theme, icon, content folder or source file fails the build before any NLP.

No spaCy pipeline may be loaded: the annotator factory and `spacy.load` are replaced by ones that
record a call, and the cache is fresh, so any annotation would have to load one.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.pipeline.build import build
from generator.config import load_config
from generator.errors import BuildFailed, ConfigError
from conftest import ROOT

STORY = "---\ntitle: The bridge opens\nlang: en\n---\nThe mayor, Tom Hill, said the bridge would open in May.\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "content/articles").mkdir(parents=True)
    (tmp_path / "content/articles/bridge.md").write_text(STORY, encoding="utf-8")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    (tmp_path / "digest.toml").write_text('title = "T"\n', encoding="utf-8")
    return tmp_path


@pytest.fixture
def no_nlp(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records any attempt to make an annotator or load a spaCy pipeline (and refuses it)."""
    calls: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        calls.append("loaded")
        raise AssertionError("the NLP ran before the checks")

    monkeypatch.setattr("generator.pipeline.build.new_annotator", refuse)
    import spacy

    monkeypatch.setattr(spacy, "load", refuse)
    return calls


def failed_build(project: Path) -> list[str]:
    with pytest.raises(BuildFailed) as failed:
        build(load_config(project / "digest.toml"))
    return [str(problem) for problem in failed.value.errors]


def test_a_template_that_does_not_compile_fails_before_any_model_loads(project: Path, no_nlp: list[str]) -> None:
    template = project / "templates/article.html"
    lines = template.read_text(encoding="utf-8").splitlines()
    lines[4] += " {% if %}"
    template.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (project / "templates/term.html").write_text("{% extends 'base.html' %}{% block content %}{{ x( }}{% endblock %}\n")
    errors = failed_build(project)
    assert any(e.startswith(f"{template}:5: ") for e in errors), errors
    assert any(e.startswith(f"{project / 'templates/term.html'}:1: ") for e in errors), errors  # all of them at once
    assert no_nlp == [] and not (project / "site").exists()


def test_a_template_naming_a_missing_template_or_static_file_fails_first(project: Path, no_nlp: list[str]) -> None:
    (project / "templates/thread.html").write_text(
        "{% extends 'base.html' %}\n{% block content %}\n{% include 'parts/missing.html' %}\n"
        "<img src=\"{{ url('static/nowhere.png') }}\">\n{% include 'optional.html' ignore missing %}\n{% endblock %}\n")
    errors = failed_build(project)
    thread = project / "templates/thread.html"
    assert f"{thread}:3: uses the template 'parts/missing.html', which the theme does not have " \
           "(add the template to the theme, or fix the name)" in errors
    assert any(e.startswith(f"{thread}:4: links static/nowhere.png, which the theme does not have") for e in errors)
    assert len(errors) == 2 and no_nlp == []


def test_a_bad_source_file_or_glossary_entry_fails_before_annotating(project: Path, no_nlp: list[str]) -> None:
    (project / "content/glossary").mkdir()
    (project / "content/glossary/otan.md").write_text("---\naliases: [NATO]\n---\nLa alianza.\n", encoding="utf-8")
    (project / "content/articles/untitled.md").write_text("Just a line.\n\nAnd text.\n", encoding="utf-8")
    errors = failed_build(project)
    assert any("otan.md:1: glossary entry has no `term`" in e for e in errors)
    assert any("untitled.md:1: article has no title" in e for e in errors)
    assert no_nlp == []


def test_a_missing_content_folder_and_a_bad_icon_are_found_with_the_theme(project: Path, no_nlp: list[str]) -> None:
    shutil.rmtree(project / "content")
    (project / "digest.toml").write_text('title = "T"\nfavicon = "/etc/hostname.png"\nlogo = "templates/static/no.svg"\n')
    errors = failed_build(project)
    config = project / "digest.toml"
    assert any(e.startswith(f"{config}:2: favicon '/etc/hostname.png': outside the content and theme folders") for e in errors)
    assert any(e.startswith(f"{config}:3: logo 'templates/static/no.svg': file not found") for e in errors)
    assert any(e.startswith(f"{project / 'content'}: content folder not found") for e in errors)
    assert no_nlp == []


def test_unknown_keys_and_bad_values_name_their_line(tmp_path: Path) -> None:
    config = tmp_path / "digest.toml"
    config.write_text('title = "T"\nlanguage = "English"\nentities = { min_mentions_for_page = "two" }\n'
                      'related.max = 500\n\n[threads]\nwindow_days = 5\nmax_spam_days = 3\n', encoding="utf-8")
    with pytest.raises(ConfigError) as failed:
        load_config(config)
    assert str(failed.value).splitlines() == [
        f"{config}:2: 'language' must be a language code such as \"en\" or \"es\", not 'English'",
        f"{config}:3: 'entities.min_mentions_for_page' must be an integer, not str",
        f"{config}:4: 'related.max' must be between 0 and 100, not 500",
        f"{config}:8: unknown key 'threads.max_spam_days'; did you mean 'threads.max_span_days'?",
    ]


def test_hidden_files_of_the_theme_are_not_checked(project: Path, no_nlp: list[str]) -> None:
    from generator.pipeline.preflight import theme_problems
    from generator.render.pages import load_theme

    (project / "templates/.#article.html").symlink_to("user@host.1234:1700000000")  # an editor's lock file
    (project / "templates/.draft.html").write_text("{% if %}", encoding="utf-8")
    assert theme_problems(load_theme(load_config(project / "digest.toml"))) == []
