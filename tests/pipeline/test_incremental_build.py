"""`digest build` again: only changed files are written, the result equals a clean build, nothing-changed does nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import generator.render.search as search
from generator.pipeline.build import build
from generator.config import load_config
from generator.model import Page
from test_build import make_fixture_site


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def identities(root: Path) -> dict[str, tuple[int, int]]:
    """Each file's inode and modification time: both stay when a file is not written again."""
    return {p.relative_to(root).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file()}


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture()
def site(tmp_path, annotator):
    root = make_fixture_site(tmp_path / "src")
    config = load_config(root / "digest.toml")
    build(config, annotator=annotator)
    return root, config


def test_an_incremental_build_equals_a_clean_build_and_rewrites_only_changed_files(site, annotator, tmp_path):
    root, config = site
    out = config.output_path
    before, kept_ids = snapshot(out), identities(out)
    articles = root / "content/articles"
    edited = articles / "2018-07-02-putin-felicita-lopez-obrador.md"
    replace(edited, "felicit", "felicitó de nuevo y felicit")
    (articles / "nodate-amlo-t-mec-blinken.md").unlink()
    replace(root / "templates/glossary.html", "</h1>", " · índice</h1>")

    result = build(config, annotator=annotator)
    after, after_ids = snapshot(out), identities(out)
    clean = load_config(root / "digest.toml", output=tmp_path / "clean")
    build(clean, annotator=annotator, force=True)
    assert after == snapshot(clean.output_path)  # byte for byte what a clean build writes

    changed = {path for path in after if before.get(path) != after[path]}
    assert "articles/2018-07-02-putin-felicita-lopez-obrador/index.html" in changed
    assert "glossary/index.html" in changed
    assert not any("nodate-amlo-t-mec-blinken" in path for path in after)
    unchanged = [path for path in after if before.get(path) == after[path]]
    assert "static/style.css" in unchanged and "404.html" in unchanged
    assert all(after_ids[path] == kept_ids[path] for path in unchanged)  # not written again
    assert result.rewritten == len(changed) and 0 < len(changed) < len(after)


def test_stories_added_build_what_a_clean_build_does_rendering_only_the_pages_that_change(site, annotator, tmp_path):
    root, config = site
    out = config.output_path
    before = snapshot(out)
    articles = root / "content/articles"
    for number, source in enumerate(sorted(articles.glob("2018-*"))[:2]):  # another telling of the same news
        text = source.read_text(encoding="utf-8").rstrip("\n")
        (articles / f"{source.stem}-again-{number}{source.suffix}").write_text(
            text + f" La redacción la contó otra vez ({number}).\n", encoding="utf-8")

    result = build(config, annotator=annotator)
    after = snapshot(out)
    clean = load_config(root / "digest.toml", output=tmp_path / "clean")
    build(clean, annotator=annotator, force=True)
    assert after == snapshot(clean.output_path)
    changed = [path for path in after if path.endswith(".html") and before.get(path) != after[path]]
    assert result.rendered == len(changed) and 0 < len(changed) < len([p for p in after if p.endswith(".html")])


def test_a_build_with_nothing_changed_does_nothing(site, annotator):
    _, config = site
    out = config.output_path
    ids = identities(out)
    again = build(config, annotator=annotator)
    assert again.up_to_date and again.corpus is None and again.rewritten == 0
    assert again.counts["articles"] == 5 and again.pages_written == len(ids)
    assert set(again.timings) == {"check"}
    forced = build(config, annotator=annotator, force=True)
    assert not forced.up_to_date and forced.rewritten == 0  # every stage ran, every file was already right
    assert identities(out) == ids


def test_a_site_changed_by_hand_is_made_whole_again(site, annotator):
    _, config = site
    out = config.output_path
    before = snapshot(out)
    (out / "index.html").write_text("edited by hand", encoding="utf-8")
    (out / "glossary/otan/index.html").unlink()
    (out / "stray.html").write_text("not ours", encoding="utf-8")
    (out / "empty-folder").mkdir()
    result = build(config, annotator=annotator)
    assert not result.up_to_date and result.rewritten == 2
    assert snapshot(out) == before and not (out / "empty-folder").exists()


def test_each_change_of_input_is_seen(site, annotator):
    root, config = site
    changes = [
        lambda: replace(root / "content/glossary/otan.md", "OTAN", "OTAN (NATO)"),
        lambda: replace(root / "templates/static/style.css", "}", "}\n", ),
        lambda: replace(root / "digest.toml", 'title = "Digest de prueba"', 'title = "Digest de pruebas"'),
    ]
    for change in changes:
        change()
        assert not build(config := load_config(root / "digest.toml"), annotator=annotator).up_to_date
        assert build(config, annotator=annotator).up_to_date
    config.base_url = "https://example.org/otra/"
    assert not build(config, annotator=annotator).up_to_date


def test_warnings_of_the_build_that_made_the_site_are_shown_again(site, annotator):
    root, config = site
    replace(root / "content/articles/nodate-amlo-llamada-trump.md", "\n---\n", "\nautor: Ana\n---\n")
    first = build(config, annotator=annotator)
    assert any("autor" in str(w) for w in first.report.warnings)
    again = build(config, annotator=annotator)
    assert again.up_to_date and [str(w) for w in again.report.warnings] == [str(w) for w in first.report.warnings]


def test_the_search_index_is_reused_while_the_indexed_parts_are_unchanged(site, annotator, monkeypatch):
    root, config = site
    out = config.output_path
    bundle = {p: b for p, b in snapshot(out).items() if p.startswith("pagefind/")}
    runs: list[Path] = []
    real = search._run_pagefind
    monkeypatch.setattr(search, "_run_pagefind", lambda site_dir, *a: (runs.append(site_dir), real(site_dir, *a)))
    replace(root / "templates/base.html", "<main ", '<p class="banner">Borrador</p>\n<main ')
    build(config, annotator=annotator)
    assert runs == [] and 'class="banner"' in (out / "index.html").read_text(encoding="utf-8")
    assert {p: b for p, b in snapshot(out).items() if p.startswith("pagefind/")} == bundle
    before = indexed_parts(out)
    replace(root / "content/glossary/kremlin.md", "Kremlin", "Kremlin de Moscú")
    build(config, annotator=annotator)
    after = indexed_parts(out)
    changed = [name for name in after if after[name] != before[name]]
    # The term's page and the pages that show the term changed: their bundles, and only those, are indexed again.
    assert "glossary-0" in changed and len(runs) == len(changed)


def indexed_parts(out: Path) -> dict[str, dict[str, bytes]]:
    """What each search bundle of the built site indexes, by bundle."""
    documents = {path: document for path, content in snapshot(out).items()
                 if path.endswith(".html") and (document := search.search_document(content))}
    return search.split_into_bundles(documents)


def test_search_documents_index_exactly_like_the_whole_pages(site, tmp_path):
    _, config = site
    out = config.output_path
    pages = [Page(p.relative_to(out).as_posix(), p.read_bytes()) for p in out.rglob("*.html")]

    def bundle(documents: dict[str, bytes], name: str) -> dict[str, bytes]:
        site_dir, bundle_dir = tmp_path / name / "site", tmp_path / name / "bundle"
        for path, content in documents.items():
            (site_dir / path).parent.mkdir(parents=True, exist_ok=True)
            (site_dir / path).write_bytes(content)
        search._run_pagefind(site_dir, bundle_dir, "es")
        return snapshot(bundle_dir)

    whole = {p.path: p.content for p in pages if search.MARKER in p.content}
    documents = {p.path: d for p in pages if (d := search.search_document(p.content))}
    assert set(documents) == set(whole) and len(documents) > 5
    assert bundle(documents, "documents") == bundle(whole, "whole")


def test_search_document_keeps_nested_elements_and_every_marked_part():
    page = (b'<html lang="es"><body><nav>Men\xc3\xba</nav><div data-pagefind-body><div><p>uno</p></div><p>dos</p></div>'
            b'<footer>pie</footer><section data-pagefind-body><h2>tres</h2></section></body></html>')
    document = search.search_document(page)
    assert document is not None and b'<html lang="es">' in document
    assert b"<div data-pagefind-body><div><p>uno</p></div><p>dos</p></div>" in document
    assert b"<section data-pagefind-body><h2>tres</h2></section>" in document
    assert b"Men" not in document and b"pie" not in document
    assert search.search_document(b"<html><body><p>nothing marked</p></body></html>") is None


def test_a_build_from_the_cache_never_imports_spacy(site):
    root, config = site
    code = ("import sys; from generator.cli import main\n"
            "try:\n    main(['build', '--config', 'digest.toml', '--force'])\n"
            "except SystemExit as done:\n    assert not done.code, done.code\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'spacy')))")
    done = subprocess.run([sys.executable, "-c", "import json\n" + code], cwd=root, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == []
    assert "annotations: 5 from the cache, 0 computed" in done.stdout
