"""Build sessions: each kind of change redoes the least that is correct, and the result equals a clean build."""

from __future__ import annotations

from pathlib import Path

import pytest

import generator.pipeline.build as build_module
from generator.pipeline.build import build
from generator.cache import AnnotationCache
from generator.config import load_config
from generator.errors import BuildFailed, TemplateError
from generator.output.incremental import IncrementalWriter
from generator.model import Page
from generator.pipeline.session import BuildSession
from test_build import make_fixture_site

EDITED = "content/articles/2018-03-11-putin-entrevista-nbc.md"


@pytest.fixture(scope="module")
def shared_cache() -> AnnotationCache:
    """In memory, for all the sessions of this module: each article is annotated once."""
    return AnnotationCache(None)


@pytest.fixture
def session(tmp_path, annotator, shared_cache):
    root = make_fixture_site(tmp_path / "src")
    session = BuildSession(load_config(root / "digest.toml"), annotator=annotator, cache=shared_cache)
    session.build()
    yield session
    session.close()


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def clean_build(session: BuildSession, tmp_path: Path, annotator) -> dict[str, bytes]:
    """What `digest build` makes of the same sources, in another folder."""
    config = load_config(session.config.config_path, output=tmp_path / "clean")
    build(config, annotator=annotator, cache=AnnotationCache(None))
    return files(config.output_path)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_article_edit_annotates_that_article_only_and_equals_a_clean_build(session, tmp_path, annotator):
    root = session.config.root
    article = root / EDITED
    article.write_text(article.read_text(encoding="utf-8") + "\nEl Kremlin no respondió a la petición de Ana Pérez.\n",
                       encoding="utf-8")
    session.rebuild(["content"])
    stats = session.stats
    assert (stats.kind, stats.annotated, stats.reused) == ("full", 1, 4)
    assert "articles/2018-03-11-putin-entrevista-nbc/index.html" in stats.changed
    assert len(stats.changed) < len(files(session.config.output_path)) / 2  # only what depends on it
    assert "Ana Pérez" in (session.config.output_path / "articles/2018-03-11-putin-entrevista-nbc/index.html").read_text()
    assert files(session.config.output_path) == clean_build(session, tmp_path, annotator)


@pytest.mark.parametrize("change", ["article", "glossary", "new article", "removed article", "entities"])
def test_only_pages_whose_values_changed_are_rendered_and_the_site_equals_a_clean_build(session, tmp_path,
                                                                                        annotator, change):
    root = session.config.root
    pages = sum(1 for p in files(session.config.output_path) if p.endswith(".html"))
    if change == "article":
        edit(root / EDITED, "NBC", "la cadena NBC")
    elif change == "glossary":
        edit(root / "content/glossary/kremlin.md", "Complejo fortificado", "Complejo amurallado")
    elif change == "new article":
        (root / "content/articles/2018-03-12-putin-nbc-segunda.md").write_text(
            "---\ntitle: Putin vuelve a hablar con la NBC\ndate: 2018-03-12\n---\n"
            "Vladimir Putin habló de nuevo con la cadena NBC sobre Rusia y el Kremlin.\n", encoding="utf-8")
    elif change == "removed article":
        (root / EDITED).unlink()
    else:
        (root / "content/entities.toml").write_text('[[entity]]\nname = "Megyn Kelly"\ntype = "MISC"\n'
                                                    'aliases = ["Kelly"]\n', encoding="utf-8")
    session.rebuild(["content"])
    assert 0 < session.stats.rendered < pages
    assert files(session.config.output_path) == clean_build(session, tmp_path, annotator)
    session.rebuild(["content"])
    assert session.stats.rendered == 0  # nothing changed: every page is reused


class Browsers:
    """Pages open in browsers (a `FirstPages`): what the build showed them, and the site on disk at that moment."""

    def __init__(self, site: Path, *paths: str) -> None:
        self.site, self.open = site, set(paths)
        self.shown: list[tuple[list[Page], dict[str, bytes]]] = []

    def paths(self) -> set[str]:
        return self.open

    def show(self, pages: list[Page]) -> None:
        self.shown.append((pages, files(self.site)))


ARTICLE_PAGE = "articles/2018-03-11-putin-entrevista-nbc/index.html"
OTHER_PAGE = "articles/nodate-amlo-llamada-trump/index.html"


@pytest.mark.parametrize("change", ["content", "theme"])
def test_pages_open_in_browsers_are_shown_before_the_rest_is_rendered_and_written(session, tmp_path, annotator, change):
    site = session.config.output_path
    before = files(site)
    browsers = Browsers(site, ARTICLE_PAGE, OTHER_PAGE, "articles/gone/index.html")
    if change == "content":
        edit(session.config.root / EDITED, "NBC", "la cadena NBC")
    else:
        edit(session.config.theme_path / "base.html", "<main ", '<p class="banner">Vista previa</p>\n<main ')
    session.rebuild([change], browsers)
    [(shown, on_disk)] = browsers.shown
    assert on_disk == before  # shown before anything was written
    after = files(site)
    # Only open pages that changed are shown, exactly as the build then wrote them.
    expected = [ARTICLE_PAGE] if change == "content" else [ARTICLE_PAGE, OTHER_PAGE]
    assert sorted(page.path for page in shown) == expected
    assert all(after[page.path] == page.content != before[page.path] for page in shown)
    assert session.stats.rendered >= len(shown) and ARTICLE_PAGE in session.stats.changed
    assert "render first" in session.stats.timings
    assert after == clean_build(session, tmp_path, annotator)


def test_nothing_is_shown_ahead_of_a_build_that_fails_or_changes_no_open_page(session):
    browsers = Browsers(session.config.output_path, ARTICLE_PAGE)
    article = session.config.root / EDITED
    article.write_bytes(article.read_bytes())
    session.rebuild(["content"], browsers)  # nothing changed
    good = article.read_text(encoding="utf-8")
    article.write_text(good.replace("title:", "title: [", 1), encoding="utf-8")
    with pytest.raises(BuildFailed):
        session.rebuild(["content"], browsers)
    edit(session.config.theme_path / "article.html", "</article>", "{{ nothing.here }}</article>")
    article.write_text(good, encoding="utf-8")
    with pytest.raises(TemplateError):
        session.rebuild(["theme"], browsers)
    assert browsers.shown == []


def test_an_unchanged_save_rewrites_nothing(session):
    article = session.config.root / EDITED
    article.write_bytes(article.read_bytes())
    session.rebuild(["content"])
    assert (session.stats.annotated, session.stats.changed, session.stats.removed) == (0, [], [])


def test_a_template_change_rerenders_without_annotating(session, tmp_path, annotator):
    edit(session.config.theme_path / "base.html", "<main ", '<p class="banner">Vista previa</p>\n<main ')
    session.rebuild(["theme"])
    stats = session.stats
    assert (stats.kind, stats.annotated, stats.reused) == ("theme", 0, 0)
    html = [p for p in files(session.config.output_path) if p.endswith(".html")]
    assert sorted(p for p in stats.changed if p.endswith(".html")) == sorted(html)  # every page changed
    assert not [p for p in stats.changed if p.endswith((".xml", ".json", ".css"))]
    assert files(session.config.output_path) == clean_build(session, tmp_path, annotator)


def test_a_strings_change_reaches_the_values_made_from_them_and_equals_a_clean_build(session, tmp_path, annotator):
    # A theme change renders every page from the values made last time, except values made from the
    # UI strings (an entity's graph has its title in words): those are made again.
    edit(session.config.theme_path / "i18n.toml", 'graph_title = "Entidades que aparecen junto a {name}"',
         'graph_title = "Quién aparece con {name}"')
    session.rebuild(["theme"])
    built = files(session.config.output_path)
    assert any("Quién aparece con" in html.decode("utf-8") for path, html in built.items() if path.startswith("entities/"))
    assert built == clean_build(session, tmp_path, annotator)


def test_a_template_change_keeps_the_feeds_it_made_and_a_content_change_makes_them_again(session, monkeypatch):
    made: list[int] = []
    real = build_module.feed_pages
    monkeypatch.setattr(build_module, "feed_pages", lambda corpus, config: made.append(1) or real(corpus, config))
    edit(session.config.theme_path / "base.html", "<main ", '<p class="banner">Vista previa</p>\n<main ')
    session.rebuild(["theme"])
    assert made == [] and (session.config.output_path / "feed.xml").is_file()
    edit(session.config.root / EDITED, "NBC", "la NBC")
    session.rebuild(["content"])
    assert made == [1]


def test_a_stylesheet_change_copies_only_the_static_files(session, tmp_path, annotator):
    edit(session.config.theme_path / "static/style.css", "{", "{ outline: 0;")
    session.rebuild(["static"])
    assert (session.stats.kind, session.stats.changed, session.stats.annotated) == ("static", ["static/style.css"], 0)
    (session.config.theme_path / "static/extra.js").write_text("// new\n")
    session.rebuild(["static"])
    assert session.stats.changed == ["static/extra.js"]
    (session.config.theme_path / "static/extra.js").unlink()
    session.rebuild(["static"])
    assert session.stats.removed == ["static/extra.js"]
    assert files(session.config.output_path) == clean_build(session, tmp_path, annotator)


def test_a_deleted_article_takes_its_pages_and_links_with_it(session, tmp_path, annotator):
    (session.config.root / "content/articles/nodate-amlo-llamada-trump.md").unlink()
    session.rebuild(["content"])
    assert "articles/nodate-amlo-llamada-trump/index.html" in session.stats.removed
    assert session.stats.annotated == 0
    site = session.config.output_path
    assert not (site / "articles/nodate-amlo-llamada-trump").exists()
    assert not any("nodate-amlo-llamada-trump" in p.read_text(errors="replace") for p in site.rglob("*.html"))
    assert files(site) == clean_build(session, tmp_path, annotator)


def test_a_failed_build_keeps_the_site_and_its_changes_are_redone_next_time(session, tmp_path, annotator):
    site = session.config.output_path
    before = files(site)
    article = session.config.root / EDITED
    good = article.read_text(encoding="utf-8")
    article.write_text(good.replace("title:", "title: [", 1), encoding="utf-8")
    with pytest.raises(BuildFailed):
        session.rebuild(["content"])
    assert files(site) == before
    edit(session.config.theme_path / "article.html", "</article>", "<p>pie</p></article>")
    with pytest.raises(BuildFailed):  # the content is still broken: a theme change alone cannot hide that
        session.rebuild(["theme"])
    article.write_text(good, encoding="utf-8")
    session.rebuild(["theme"])  # the pending content change is redone with it
    assert session.stats.kind == "full"
    assert files(site) == clean_build(session, tmp_path, annotator)


def test_a_template_error_is_raised_and_a_later_fix_recovers(session, tmp_path, annotator):
    template = session.config.theme_path / "index.html"
    good = template.read_text(encoding="utf-8")
    template.write_text(good + "{% if %}", encoding="utf-8")
    with pytest.raises(TemplateError) as error:
        session.rebuild(["theme"])
    assert error.value.problem.path.name == "index.html" and error.value.problem.line
    template.write_text(good, encoding="utf-8")
    session.rebuild(["theme"])
    assert session.stats.kind == "theme"
    assert files(session.config.output_path) == clean_build(session, tmp_path, annotator)


def test_a_content_folder_gone_fails_the_build_keeping_the_site_and_its_return_builds_again(session, tmp_path,
                                                                                            annotator):
    site, content = session.config.output_path, session.config.content_path
    before = files(site)
    content.rename(tmp_path / "away")
    with pytest.raises(BuildFailed) as failed:
        session.rebuild(["content"])
    assert [(p.path, p.message) for p in failed.value.errors] == [(content, "content folder not found")]
    assert files(site) == before  # the last good site, not an empty one
    (tmp_path / "away").rename(content)
    session.rebuild(["content"])
    assert files(site) == before == clean_build(session, tmp_path, annotator)


@pytest.mark.parametrize("kind", ["static", "theme"])
def test_a_theme_folder_gone_fails_even_a_stylesheet_build_keeping_the_site(session, tmp_path, annotator, kind):
    site, theme = session.config.output_path, session.config.theme_path
    before = files(site)
    theme.rename(tmp_path / "away")
    with pytest.raises(TemplateError) as failed:
        session.rebuild([kind])
    assert (failed.value.problem.path, failed.value.problem.message) == (theme, "theme folder not found")
    assert files(site) == before  # the static files are still there
    (tmp_path / "away").rename(theme)
    session.rebuild([kind])
    assert files(site) == before == clean_build(session, tmp_path, annotator)


def test_a_config_change_is_read_again(session):
    config_file = session.config.config_path
    config_file.write_text(config_file.read_text(encoding="utf-8").replace("Digest de prueba", "Resumen nuevo"),
                           encoding="utf-8")
    session.rebuild(["config"])
    assert session.config.title == "Resumen nuevo"
    assert "Resumen nuevo" in (session.config.output_path / "index.html").read_text(encoding="utf-8")
    assert session.stats.annotated == 0


def test_the_session_keeps_one_annotator_and_gives_it_each_builds_glossary(session, monkeypatch):
    annotator = session._annotator_for(())
    changed: list[bool] = []
    configure = type(annotator).configure
    monkeypatch.setattr(type(annotator), "configure",
                        lambda self, *args: changed.append(configure(self, *args)) or changed[-1])
    term = session.config.content_path / "glossary/otan.md"
    edit(term, "aliases: [", "aliases: [Alianza del Atlántico Norte, ")
    session.rebuild(["content"])
    assert session._annotator_for(()) is annotator
    assert changed == [True]  # the new alias reached the entity ruler of the loaded pipelines
    assert session.stats.annotated == 5  # every article's annotations depend on the authored names


def test_a_session_links_again_from_its_own_memory_and_another_session_shares_none_of_it(
        session, tmp_path, annotator, shared_cache, monkeypatch):
    from generator.link import merge_reuse
    from generator.link.related import RelatedIndex

    merges: list[int] = []
    updates: list[int] = []
    real_merge, real_update = merge_reuse.merge_entities, RelatedIndex.updated
    monkeypatch.setattr(merge_reuse, "merge_entities", lambda *args: merges.append(1) or real_merge(*args))
    monkeypatch.setattr(RelatedIndex, "updated", lambda self, articles, memo=None: updates.append(1) or
                        real_update(self, articles, memo))
    edit(session.config.root / EDITED, "el único fragmento", "el único pasaje")  # words of a sentence without names
    session.rebuild(["content"])
    assert (session.stats.annotated, merges, updates) == (1, [], [1])  # the merge and index of its last build
    other = BuildSession(load_config(session.config.config_path, output=tmp_path / "other"), annotator=annotator,
                         cache=shared_cache)
    other.build()
    assert (merges, updates) == ([1], [1])  # nothing kept by the first session: merged and indexed anew
    assert files(other.config.output_path) == files(session.config.output_path)


def test_a_deferred_search_index_follows_the_pages_and_then_matches_a_clean_build(tmp_path, annotator, shared_cache):
    root = make_fixture_site(tmp_path / "src")
    session = BuildSession(load_config(root / "digest.toml"), annotator=annotator, cache=shared_cache,
                           defer_search=True)
    session.build()
    site = session.config.output_path
    index_before = {p: c for p, c in files(site).items() if p.startswith("pagefind/")}
    assert index_before  # the first build is whole, its index included
    article = root / EDITED
    article.write_text(article.read_text(encoding="utf-8") + "\nUna frase que el buscador aún no conoce.\n",
                       encoding="utf-8")
    session.rebuild(["content"])
    assert "articles/2018-03-11-putin-entrevista-nbc/index.html" in session.stats.changed
    assert {p: c for p, c in files(site).items() if p.startswith("pagefind/")} == index_before
    delta = session.finish_search()
    assert delta.changed and all(p.startswith("pagefind/") for p in delta.changed + delta.removed)
    assert not session.finish_search()  # nothing left to index
    assert files(site) == clean_build(session, tmp_path, annotator)


# ---- the incremental writer -------------------------------------------------------------


def test_the_incremental_writer_rewrites_changed_files_and_removes_gone_ones(tmp_path):
    out = tmp_path / "site"
    writer = IncrementalWriter()
    assert writer.write([Page("index.html", b"a"), Page("x/y/index.html", b"b"), Page("s/c.css", b"c")], out) == 3
    assert writer.last.changed == ["index.html", "s/c.css", "x/y/index.html"]
    untouched = (out / "s/c.css").stat().st_mtime_ns
    writer.write([Page("index.html", b"A"), Page("s/c.css", b"c")], out)
    assert (writer.last.changed, writer.last.removed) == (["index.html"], ["x/y/index.html"])
    assert files(out) == {"index.html": b"A", "s/c.css": b"c"}  # the emptied folders went too
    assert (out / "s/c.css").stat().st_mtime_ns == untouched
    writer.update([Page("s/d.css", b"d")], out, within="s/")
    assert (writer.last.changed, writer.last.removed) == (["s/d.css"], ["s/c.css"])
    assert files(out) == {"index.html": b"A", "s/d.css": b"d"}
