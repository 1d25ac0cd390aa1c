"""`digest check`: every internal link and fragment of a built site resolves."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.pipeline.build import build
from generator.output.check import BrokenLink, check_site
from generator.cli import main
from generator.config import load_config
from conftest import ROOT

BASE = "https://example.org/digest/"


def write_site(root: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def example_site(tmp_path_factory, annotator) -> Path:
    out = tmp_path_factory.mktemp("check") / "site"
    build(load_config(ROOT / "digest.toml", output=out), annotator=annotator)
    return out


def test_links_files_folders_and_fragments_that_resolve_are_fine(tmp_path):
    site = write_site(tmp_path, {
        "index.html": '<a href="a/index.html#top">a</a> <a href="a/">folder</a> <a href="#me">me</a>'
                      '<p id="me"></p><link rel="stylesheet" href="s.css"><img src="i%20x.png">'
                      '<a href="https://elsewhere.org/x">external</a> <a href="mailto:x@y.z">mail</a>'
                      '<form action="a/index.html"><input name="q"></form>',
        "a/index.html": '<h1 id="top">A</h1><a href="../index.html">home</a>',
        "s.css": 'body { background: url("i%20x.png") } .x { background: url(data:image/png;base64,AAAA) }',
        "i x.png": "",
    })
    assert check_site(site) == []


def test_every_kind_of_broken_link_is_reported(tmp_path):
    site = write_site(tmp_path, {
        "index.html": '<a href="missing.html">1</a> <a href="a/index.html#nowhere">2</a> <a href="#gone">3</a>'
                      '<a href="../outside.html">4</a> <a href="/a/index.html">5</a>'
                      '<form action="search/index.html"></form>',
        "a/index.html": "<h1 id=top>A</h1>",
        "static/style.css": "h1 { background: url(../img/none.png) }",
    })
    assert check_site(site) == [
        BrokenLink("index.html", "missing.html", "no such file"),
        BrokenLink("index.html", "a/index.html#nowhere", "no such fragment"),
        BrokenLink("index.html", "#gone", "no such fragment"),
        BrokenLink("index.html", "../outside.html", "escapes the site"),
        BrokenLink("index.html", "/a/index.html", "absolute path: breaks under a sub-path"),
        BrokenLink("index.html", "search/index.html", "no such file"),
        BrokenLink("static/style.css", "../img/none.png", "no such file"),
    ]


def test_a_link_to_the_sites_own_address_is_broken_but_the_canonical_link_is_not(tmp_path):
    site = write_site(tmp_path, {
        "index.html": f'<link rel="canonical" href="{BASE}"><a href="{BASE}articles/x/">x</a>'
                      f'<a href="https://example.org/other/">another site on the host</a>',
    })
    assert check_site(site, BASE) == [
        BrokenLink("index.html", f"{BASE}articles/x/", "absolute link to base_url: breaks when served elsewhere")]
    assert check_site(site) == []  # without the base URL it is just an external link


def test_digest_check_passes_on_the_example_site(example_site):
    result = CliRunner().invoke(main, ["check", "--config", str(ROOT / "digest.toml"), "--out", str(example_site)])
    assert result.exit_code == 0, result.output
    pages = sum(1 for _ in example_site.rglob("*.html"))
    assert f"No broken links in {pages} pages" in result.output


def test_digest_check_reports_each_broken_link_and_fails(tmp_path, example_site):
    site = tmp_path / "site"
    shutil.copytree(example_site, site)
    shutil.rmtree(site / "glossary")
    result = CliRunner().invoke(main, ["check", "--config", str(ROOT / "digest.toml"), "--out", str(site)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "broken link" in line and "->" in line]
    assert "index.html: broken link -> glossary/index.html (no such file)" in lines
    assert any(line.startswith("articles/") and "-> ../../glossary/" in line for line in lines)


def test_digest_check_without_a_built_site_says_what_to_do(tmp_path):
    result = CliRunner().invoke(main, ["check", "--config", str(ROOT / "digest.toml"), "--out", str(tmp_path / "no")])
    assert result.exit_code == 1
    assert "run digest build first" in result.output


def test_a_page_that_is_not_utf_8_is_read_as_browsers_read_it_and_named(tmp_path, caplog):
    site = write_site(tmp_path, {
        "index.html": '<a href="static/legacy.html#caf%C3%A9">legacy</a> <a href="static/greek.html#%CE%B1">greek</a>',
        "static/café.html": "",
    })
    (site / "static/legacy.html").write_bytes(  # no declared encoding: windows-1252, as browsers guess
        "<p id='café'>Café</p><a href='café.html'>x</a><a href='../index.html'>home</a>".encode("cp1252"))
    (site / "static/greek.html").write_bytes(
        '<meta charset="iso-8859-7"><p id="α">α</p><a href="gone.html">x</a>'.encode("iso-8859-7"))
    (site / "static/legacy.css").write_bytes("/* café */ p { background: url(café.html) }".encode("latin-1"))
    assert check_site(site) == [BrokenLink("static/greek.html", "gone.html", "no such file")]
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warnings == [
        "static/greek.html: not UTF-8 (byte 0xe1 at offset 34); checked as iso8859-7 (save it as UTF-8)",
        "static/legacy.html: not UTF-8 (byte 0xe9 at offset 10); checked as cp1252 (save it as UTF-8)",
        "static/legacy.css: not UTF-8 (byte 0xe9 at offset 6); checked as cp1252 (save it as UTF-8)",
    ]


def test_folders_named_like_pages_links_to_nothing_and_overlong_links_are_no_crash(tmp_path):
    site = write_site(tmp_path, {"index.html": f'<a href="{"x" * 300}.html">long</a><a href="dir.html/">d</a>',
                                 "dir.html/index.html": "<p>a folder named like a page</p>"})
    (site / "dangling.html").symlink_to("nowhere.html")
    assert check_site(site) == [BrokenLink("index.html", f"{'x' * 300}.html", "no such file")]


def test_digest_check_and_publish_take_a_latin_1_page_of_the_theme(tmp_path, example_site):
    site = tmp_path / "site"
    shutil.copytree(example_site, site)
    legacy = "<p>Página antigua</p><a href='../index.html'>inicio</a>".encode("latin-1")
    (site / "static/legacy.html").write_bytes(legacy)
    result = CliRunner().invoke(main, ["check", "--config", str(ROOT / "digest.toml"), "--out", str(site)])
    assert result.exit_code == 0, result.output
    assert "warning: static/legacy.html: not UTF-8" in result.output and "No broken links" in result.output
    published = CliRunner().invoke(main, ["publish", "--config", str(ROOT / "digest.toml"), "--out", str(site),
                                          "--target", str(tmp_path / "www")])
    assert published.exit_code == 0, published.output
    assert (tmp_path / "www/static/legacy.html").read_bytes() == legacy
