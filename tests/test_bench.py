"""The benchmark harness (bench/): scaled corpora, the three sites it builds, and its measurements."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest
import yaml

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

from hugo_site import hugo_page  # noqa: E402
from measure import CommandFailed, Measured, measure  # noqa: E402
from pelican_site import pelican_page  # noqa: E402
from run import parse_runs  # noqa: E402
from sites import THEME, keywords, stories, touch_template, write_digest_site  # noqa: E402

from generator.config import load_config  # noqa: E402


def test_scaled_corpus_copies_every_story_with_a_new_title_and_name() -> None:
    items = stories("es-news", 3, limit=4)
    originals, copies = items[:4], items[4:]
    assert len(copies) == 8
    assert len({s.name for s in items}) == 12
    for i, copy in enumerate(copies):
        k, original = 2 + i // 4, originals[i % 4]
        assert copy.title == f"{original.title} [{k}]"
        assert copy.name == f"{original.name}-x{k}"
        assert copy.text == original.text


def test_digest_site_has_its_own_theme_and_a_valid_config(tmp_path: Path) -> None:
    items = stories("es-news", 2, limit=3)
    config_path = write_digest_site("es-news", items, tmp_path / "site")
    config = load_config(config_path)
    assert config.theme_path == tmp_path / "site" / THEME
    assert (config.theme_path / "base.html").is_file()
    assert sorted(p.stem for p in config.content_path.joinpath("articles").glob("*.txt")) == sorted(
        s.name for s in items)
    assert config.cache_path == tmp_path / "site" / ".digest-cache"


def test_touch_template_changes_the_base_template_once_per_round(tmp_path: Path) -> None:
    config_path = write_digest_site("es-news", stories("es-news", 1, limit=1), tmp_path / "site")
    base = tmp_path / "site" / THEME / "base.html"
    original = base.read_text(encoding="utf-8")
    touch_template(config_path, 1)
    first = base.read_text(encoding="utf-8")
    touch_template(config_path, 2)
    second = base.read_text(encoding="utf-8")
    assert first != original and second != first
    assert second.count("<!-- bench re-render") == 1
    assert second.startswith(original.rstrip())


def test_keywords_are_the_most_frequent_names_not_sentence_starts() -> None:
    text = ("El presidente Pedro Sánchez habló con Emmanuel Macron. Luego Pedro Sánchez viajó a Bruselas.\n"
            "Durante la cumbre, Pedro Sánchez y Emmanuel Macron firmaron.")
    found = keywords(text)
    assert found[:2] == ["Pedro Sánchez", "Emmanuel Macron"]
    assert "Luego" not in found and "Durante" not in found and "El" not in found


def test_hugo_and_pelican_pages_carry_title_date_tags_and_keywords() -> None:
    story = next(s for s in stories("es-news", 1) if s.day and s.tags)
    front, _, body = hugo_page(story).removeprefix("---\n").partition("\n---\n")
    meta = yaml.safe_load(front)
    assert meta["title"] == " ".join(story.title.split())
    assert meta["date"] == story.day
    assert meta["tags"] == story.tags
    assert meta["keywords"] == keywords(story.text)
    assert body.strip()
    header = pelican_page(story).split("\n\n", 1)[0].splitlines()
    assert f"Date: {story.day.isoformat()}" in header
    assert any(line.startswith("Tags: " + story.tags[0]) for line in header)


def test_measure_reports_peak_memory_and_cpu_of_the_command(tmp_path: Path) -> None:
    allocate = "x = bytearray(200 * 1024 * 1024); x[::4096] = b'1' * len(x[::4096]); print('done')"
    run = measure([sys.executable, "-c", allocate], cwd=tmp_path)
    assert run.stdout.strip() == "done"
    assert run.peak_rss_mib >= 200
    assert run.cpu_seconds > 0
    with pytest.raises(CommandFailed, match="exited with 3"):
        measure([sys.executable, "-c", "raise SystemExit(3)"], cwd=tmp_path)


def test_runs_are_parsed_and_unknown_corpora_refused() -> None:
    assert parse_runs("es-news:1, en-bbc:4") == [("es-news", 1), ("en-bbc", 4)]
    with pytest.raises(argparse.ArgumentTypeError, match="fr-news:1"):
        parse_runs("fr-news:1")


def test_incremental_bench_measures_an_edit_an_addition_and_a_template_change(tmp_path: Path) -> None:
    import incremental  # noqa: PLC0415 (imports pagefind's service only when measuring)

    incremental.main(["--limit", "4", "--repeat", "1", "--jobs", "1", "--workdir", str(tmp_path / "work")])
    site = tmp_path / "work" / "digest"
    articles = sorted(p.name for p in (site / "content" / "articles").iterdir())
    assert len(articles) == 8 and sum(name.startswith("added-1-") for name in articles) == 4
    assert "bench re-render 1001" in (site / THEME / "base.html").read_text(encoding="utf-8")
    assert (site / "site" / "index.html").is_file() and (site / ".digest-cache" / "build-state.bin").is_file()
    built = (site / "site" / "articles").iterdir()
    assert {p.name for p in built} >= {name.removesuffix(".txt") for name in articles if name.startswith("added-")}


def test_incremental_table_has_a_row_and_a_target_per_change(capsys: pytest.CaptureFixture[str]) -> None:
    from incremental import Change, _table  # noqa: PLC0415

    run = Measured(6.0, 5.0, 100.0, 100.0, "  check 0.10s · annotate 2.00s · render 0.50s\n", "")
    changes = [Change("edit one story", [run], 1.5, "its annotation"),
               Change("template change", [run], 1.5, "Pagefind on Hugo's site")]
    rows = _table(changes, 2.0, 1.0)
    assert rows[2].startswith("| edit one story | 6.00 s |") and "= 5.00 s | 1.20 |" in rows[2]
    assert "Pagefind on Hugo's site (1.00 s) = 4.00 s | 1.50 |" in rows[3]


def test_search_split_reads_the_marked_pages_and_leaves_no_bundle_behind(tmp_path: Path, monkeypatch) -> None:
    from search_split import command_line, documents, python_api  # noqa: PLC0415

    site = tmp_path / "site"
    marked = b'<html lang="es"><body><nav>menu</nav><main data-pagefind-body><p>hola mundo</p></main></body></html>'
    for path, content in {"articles/a/index.html": marked, "index.html": b"<html><body>nada</body></html>",
                          "pagefind/x.html": marked}.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(content)
    found = documents(site)
    assert list(found) == ["articles/a/index.html"] and b"menu" not in found["articles/a/index.html"]
    monkeypatch.chdir(tmp_path)
    assert command_line(found, "es") > 0 and python_api(found, "es") > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # the bundles were made in scratch folders
