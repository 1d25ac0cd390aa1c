"""One list of stages for `digest build` and the preview: the hooks change how, never which, stages run."""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path

import pytest

import generator.pipeline.build as build_module
from generator.cache import AnnotationCache
from generator.config import load_config
from generator.errors import Report
from generator.model import Page
from generator.pipeline.build import StageTimer, build, link_content, render_and_write
from generator.pipeline.hooks import Hooks, Kept
from generator.pipeline.session import BuildSession
from generator.sources.language import site_language
from test_build import make_fixture_site

SESSION = Path(build_module.__file__).with_name("session.py")
#: The stages of the second half: the session must reach them through `render_and_write` only.
RENDER_STAGES = {"render_site", "site_pages", "feed_pages", "search_pages", "index_pages", "sitemap_pages",
                 "branding_pages", "AssetCheck", "load_theme", "write_site", "StagedSite"}


def imported_names(source: str) -> set[str]:
    """Every name a module imports (`from x import a` gives `a`)."""
    return {alias.name for node in ast.walk(ast.parse(source)) if isinstance(node, ast.ImportFrom)
            for alias in node.names}


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_session_runs_the_stages_of_build_and_calls_none_itself() -> None:
    names = imported_names(SESSION.read_text(encoding="utf-8"))
    assert names & RENDER_STAGES == set()
    assert {"link_content", "render_and_write"} <= names


def test_the_import_reader_sees_a_stage_imported_by_the_session() -> None:
    # Without this, the test above would pass on a reader that finds nothing.
    source = "from ..render.pages import static_pages, render_site\nfrom .build import render_and_write\n"
    assert imported_names(source) & RENDER_STAGES == {"render_site"}


@pytest.fixture
def fixture_site(tmp_path: Path) -> Path:
    return make_fixture_site(tmp_path / "src")


def test_a_session_build_times_the_stages_of_digest_build(fixture_site, tmp_path, annotator) -> None:
    built = build(load_config(fixture_site / "digest.toml", output=tmp_path / "built"), annotator=annotator,
                  cache=AnnotationCache(None))
    session = BuildSession(load_config(fixture_site / "digest.toml", output=tmp_path / "previewed"),
                           annotator=annotator, cache=AnnotationCache(None))
    try:
        previewed = session.build()
    finally:
        session.close()
    # Only the build's own bookends differ: the digest of its inputs, and the state it loads and saves.
    assert set(built.timings) - {"check", "state", "keep"} == set(previewed.timings)
    assert {"load", "annotate", "link", "render", "search", "write"} <= set(previewed.timings)


def test_deferred_search_writes_the_pages_first_and_then_the_same_index(fixture_site, tmp_path, annotator) -> None:
    config = load_config(fixture_site / "digest.toml", output=tmp_path / "deferred")
    built = load_config(fixture_site / "digest.toml", output=tmp_path / "built")
    cache = AnnotationCache(None)
    build(built, annotator=annotator, cache=cache)
    report, timer = Report(), StageTimer()
    corpus = link_content(config, report, timer, cache=cache, annotator=lambda glossary: annotator)
    site = site_language(config, (a.lang for a in corpus.articles)).applied(config)
    result = render_and_write(corpus, site, report, timer, kept=Kept(), hooks=Hooks(defer_search=True))
    written = files(config.output_path)
    assert "search" not in result.timings and not [p for p in written if p.startswith("pagefind/")]
    assert result.search_later is not None
    index = result.search_later.run()
    assert index and all(page.path.startswith("pagefind/") for page in index)
    # The pages written first, with the index made afterwards, are exactly what `digest build` writes.
    assert {**written, **{page.path: page.content for page in index}} == files(built.output_path)


def test_kept_feeds_are_made_again_only_for_another_corpus_or_settings(fixture_site, tmp_path, annotator,
                                                                       monkeypatch) -> None:
    config = load_config(fixture_site / "digest.toml", output=tmp_path / "site")
    cache = AnnotationCache(None)
    report = Report()
    corpus = link_content(config, report, StageTimer(), cache=cache, annotator=lambda glossary: annotator)
    site = site_language(config, (a.lang for a in corpus.articles)).applied(config)
    made: list[int] = []
    real = build_module.feed_pages
    monkeypatch.setattr(build_module, "feed_pages", lambda corpus, config: made.append(1) or real(corpus, config))
    kept = Kept()
    for settings in (site, site, replace(site, title=site.title + " bis")):
        render_and_write(corpus, settings, report, StageTimer(), kept=kept,
                         hooks=Hooks(defer_search=True, keep_feeds=True))
    assert made == [1, 1]  # the second run took the first's feeds; other settings made them again
    assert kept.theme is not None and kept.feeds is not None and kept.feeds[1].title.endswith(" bis")
    once = Kept()
    written: list[Page] = []
    render_and_write(corpus, site, report, StageTimer(), kept=once,
                     hooks=Hooks(defer_search=True, write=lambda pages, output: written.extend(pages) or len(pages)))
    assert made == [1, 1] and once.feeds is None  # `digest build` ends: each feed page is made as it is written
    feeds = [p.path for p in real(corpus, site) if p.path.endswith(".xml")]
    assert len(feeds) > 1 and [p.path for p in written if p.path in set(feeds)] == feeds


def test_only_a_run_that_renders_again_keeps_the_articles_bodies(fixture_site, tmp_path, annotator) -> None:
    config = load_config(fixture_site / "digest.toml", output=tmp_path / "site")
    report = Report()
    corpus = link_content(config, report, StageTimer(), cache=AnnotationCache(None), annotator=lambda glossary: annotator)
    site = site_language(config, (a.lang for a in corpus.articles)).applied(config)
    once, again = Kept(), Kept()
    render_and_write(corpus, site, report, StageTimer(), kept=once, hooks=Hooks(defer_search=True))
    render_and_write(corpus, site, report, StageTimer(), kept=again, hooks=Hooks(defer_search=True, keep_bodies=True))
    assert once.theme is not None and not once.theme.bodies  # `digest build` ends: nothing to keep them for
    assert again.theme is not None and len(again.theme.bodies) == len(corpus.articles)
