"""The whole build, end to end, on the fixture site and on the example site."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

import generator.pipeline.build as build_module
from generator.pipeline.build import build
from generator.output.check import check_site
from generator.config import load_config
from generator.errors import BuildFailed
from conftest import FIXTURES, ROOT, SEED

SEED_FRONT_MATTER = "---\ntitle: \"Biden mantendrá conversaciones con Putin el jueves a petición del presidente ruso.\"\n" \
                    "date: 2021-12-29\nlang: es\nsource: CNN en Español\n---\n"


def make_fixture_site(root: Path) -> Path:
    shutil.copytree(FIXTURES / "site", root)
    shutil.copytree(ROOT / "templates", root / "templates")
    body = SEED.read_text(encoding="utf-8").split("\n", 2)[2]
    (root / "content/articles/2021-12-29-seed.txt").write_text(SEED_FRONT_MATTER + body, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def fixture_build(tmp_path_factory, annotator):
    root = make_fixture_site(tmp_path_factory.mktemp("fixture") / "src")
    config = load_config(root / "digest.toml")
    result = build(config, annotator=annotator)
    return config, result


@pytest.fixture(scope="session")
def example_build(tmp_path_factory, annotator):
    out = tmp_path_factory.mktemp("example") / "site"
    config = load_config(ROOT / "digest.toml", output=out)
    return config, build(config, annotator=annotator)


def html(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_fixture_site_has_every_kind_of_page(fixture_build):
    config, result = fixture_build
    out = config.output_path
    assert (out / "index.html").is_file()
    for article in result.corpus.articles:
        assert (out / "articles" / article.slug / "index.html").is_file()
    assert (out / "entities/index.html").is_file() and (out / "glossary/index.html").is_file()
    for entity in result.corpus.entities.values():
        assert (out / "entities" / entity.key / "index.html").is_file() == entity.has_page
    for term in result.corpus.glossary.values():
        assert (out / "glossary" / term.slug / "index.html").is_file()
    assert result.pages_written == sum(1 for p in out.rglob("*") if p.is_file())


def test_fixture_site_links_all_resolve(fixture_build):
    config, _ = fixture_build
    assert check_site(config.output_path) == []


def test_boilerplate_never_reaches_the_site(fixture_build):
    config, result = fixture_build
    seed = next(a for a in result.corpus.articles if a.slug == "2021-12-29-seed")
    names = {e.name for e in seed.annotations.entities} | {a for e in seed.annotations.entities for a in e.aliases}
    assert not names & {"James Comey", "Andrew McCabe", "FBI", "IRS", "Trump"}
    page = html(config.output_path / "articles/2021-12-29-seed/index.html")
    assert "James Comey" not in page and "Deja una respuesta" not in page


def test_summary_counts_match_the_site(fixture_build):
    _, result = fixture_build
    counts = result.counts
    assert counts["articles"] == 5
    assert counts["quotes"] >= 15  # the seed alone has 15 statements
    assert counts["glossary terms"] >= 3
    assert set(result.timings) == {"check", "state", "load", "clean", "annotate", "link", "render", "search", "write",
                                   "keep"}


def test_a_bad_article_fails_the_build_and_leaves_the_previous_site_untouched(tmp_path, annotator):
    root = make_fixture_site(tmp_path / "src")
    config = load_config(root / "digest.toml")
    build(config, annotator=annotator)
    before = {p: p.read_bytes() for p in config.output_path.rglob("*") if p.is_file()}
    bad = root / "content/articles/broken.md"
    bad.write_text("---\ntitle: Roto\ndate: [2021\n---\nTexto.\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build(config, annotator=annotator)
    assert len(failed.value.errors) == 1
    assert str(failed.value.errors[0]).startswith(f"{bad}:3: invalid YAML in front matter")
    after = {p: p.read_bytes() for p in config.output_path.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in config.output_path.parent.iterdir() if p.name.startswith(f".{config.output_path.name}.")] == []


def site_files(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of a site with its bytes and inode: equal only if nothing was written or replaced."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_ino)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("failure", [RuntimeError("something nobody foresaw"), KeyboardInterrupt()])
def test_a_build_failing_halfway_through_its_pages_leaves_the_previous_site_byte_identical(
        tmp_path, annotator, monkeypatch, failure):
    root = make_fixture_site(tmp_path / "src")
    config = load_config(root / "digest.toml")
    build(config, annotator=annotator)
    base = root / "templates/base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</body>", "<!-- one -->\n</body>"), encoding="utf-8")
    build(config, annotator=annotator)  # the site before now waits in the cache as the spare the next build stages in
    before = site_files(config.output_path)
    base.write_text(base.read_text(encoding="utf-8").replace("<!-- one -->", "<!-- two -->"), encoding="utf-8")
    real, staged = build_module.site_pages, []

    def failing_halfway(*args, **kwargs):
        pages = list(real(*args, **kwargs))
        for page in pages[: len(pages) // 2]:
            staged.append(page.path)
            yield page
        raise failure

    monkeypatch.setattr(build_module, "site_pages", failing_halfway)
    with pytest.raises(type(failure)):
        build(config, annotator=annotator)
    assert len(staged) > 10  # pages were staged on disk before the failure
    assert site_files(config.output_path) == before
    assert [p.name for p in config.output_path.parent.iterdir() if p.name.startswith(f".{config.output_path.name}.")] == []
    monkeypatch.undo()
    build(config, annotator=annotator)
    assert "<!-- two -->" in (config.output_path / "index.html").read_text(encoding="utf-8")
    assert check_site(config.output_path) == []


def test_a_removed_article_leaves_no_pages_behind(tmp_path, annotator):
    root = make_fixture_site(tmp_path / "src")
    config = load_config(root / "digest.toml")
    build(config, annotator=annotator)
    assert (config.output_path / "articles/nodate-amlo-llamada-trump/index.html").exists()
    (root / "content/articles/nodate-amlo-llamada-trump.md").unlink()
    build(config, annotator=annotator)
    assert not (config.output_path / "articles/nodate-amlo-llamada-trump").exists()
    assert check_site(config.output_path) == []


# ---- the example site: the acceptance -------------------------------------------


def test_example_site_links_all_resolve(example_build):
    config, result = example_build
    assert result.counts["articles"] >= 30
    assert check_site(config.output_path) == []


def test_example_seed_page_links_bucarest_nine_to_its_glossary_page(example_build):
    config, _ = example_build
    page = html(config.output_path / "articles/2021-12-29-biden-putin-conversaciones/index.html")
    assert re.search(r'<a [^>]*href="\.\./\.\./glossary/bucarest-nine/index\.html"[^>]*>Bucarest Nine</a>', page)


def test_example_putin_page_lists_the_seed(example_build):
    config, result = example_build
    putin = next(e for e in result.corpus.entities.values() if e.name.endswith("Putin") and e.type == "PER")
    assert putin.has_page
    page = html(config.output_path / "entities" / putin.key / "index.html")
    assert "../../articles/2021-12-29-biden-putin-conversaciones/index.html" in page


def test_example_related_stories_really_share_people_or_topics(example_build):
    _, result = example_build
    with_related = [a for a in result.corpus.articles if result.corpus.related[a.slug]]
    assert len(with_related) >= 5
    for article in with_related:
        own = {e.key for e in result.corpus.article_entities[article.slug]}
        own_terms = {t.slug for t in result.corpus.article_terms[article.slug]}
        for link in result.corpus.related[article.slug]:
            other = {e.key for e in result.corpus.article_entities[link.article.slug]}
            other_terms = {t.slug for t in result.corpus.article_terms[link.article.slug]}
            assert link.shared, f"{article.slug} → {link.article.slug} shows no reason"
            assert (own & other) or (own_terms & other_terms) or (set(article.tags) & set(link.article.tags))
    # The example holds no other story of the seed's story line (the Biden-Putin talks of December 2021):
    # stories that merely name Biden or Putin are "more about" the seed's main subject, not related coverage.
    seed = "2021-12-29-biden-putin-conversaciones"
    assert [l.article.slug for l in result.corpus.related[seed]] == []
    assert result.corpus.main_subjects[seed].name == "Joe Biden"
    # "More about" lists other stories with the same main subject, never one already under related coverage.
    offered = {slug: links for slug, links in result.corpus.more_about.items() if links}
    assert offered
    for slug, links in offered.items():
        subject = result.corpus.main_subjects[slug]
        related = {l.article.slug for l in result.corpus.related[slug]}
        for link in links:
            assert result.corpus.main_subjects[link.article.slug].key == subject.key
            assert link.article.slug not in related and link.article.slug != slug


def test_a_builds_stories_keep_no_event_words_once_linked(example_build):
    # Linking alone reads them; the build empties them before rendering, after they related the stories.
    _, result = example_build
    assert all(a.annotations.event_words == {} for a in result.corpus.articles if a.annotations)
    assert sum(bool(result.corpus.related[a.slug]) for a in result.corpus.articles) >= 5


def test_example_site_has_a_search_index_and_threads(example_build):
    config, result = example_build
    out = config.output_path
    assert (out / "search/index.html").is_file()
    bundles = json.loads((out / "pagefind/bundles.json").read_text(encoding="utf-8"))["bundles"]
    assert bundles and all((out / "pagefind" / name / "pagefind.js").is_file() for name in bundles)
    for name in bundles:
        assert '"es"' in (out / "pagefind" / name / "pagefind-entry.json").read_text(encoding="utf-8")
    for thread in result.corpus.threads.values():
        assert (out / "threads" / thread.slug / "index.html").is_file()
        for article in thread.articles:
            page = html(out / "articles" / article.slug / "index.html")
            assert f"../../threads/{thread.slug}/index.html" in page


def test_authored_entities_in_entities_toml_win(tmp_path, annotator):
    root = make_fixture_site(tmp_path / "src")
    (root / "content/entities.toml").write_text(
        '[[entity]]\nname = "Organización del Tratado del Atlántico Norte"\ntype = "ORG"\naliases = ["OTAN"]\n',
        encoding="utf-8")
    config = load_config(root / "digest.toml")
    result = build(config, annotator=annotator)
    seed = next(a for a in result.corpus.articles if a.slug == "2021-12-29-seed")
    nato = [e for e in seed.annotations.entities if "OTAN" in e.surface_forms]
    assert [(e.name, e.type) for e in nato] == [("Organización del Tratado del Atlántico Norte", "ORG")]
    annotator.configure()  # the shared annotator goes back to knowing no names
