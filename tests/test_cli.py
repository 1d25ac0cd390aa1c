"""The command line, run as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from conftest import ROOT, SEED

ANNOTATE_KEYS = {"title", "language", "date", "boilerplate_removed", "entities", "quotes", "definitions"}


def test_annotate_prints_the_documented_json(tmp_path):
    result = CliRunner().invoke(main, ["annotate", str(SEED), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == ANNOTATE_KEYS
    assert data["language"] == "es" and data["date"] is None
    assert len(data["boilerplate_removed"]) == 4
    assert set(data["entities"][0]) == {"name", "type", "aliases", "mentions"}
    assert set(data["quotes"][0]) == {"text", "kind", "speaker", "speaker_mention", "cue", "start", "end"}
    assert set(data["definitions"][0]) == {"term", "definition", "sentence"}
    # offsets index the cleaned text, which is what the quote text was cut from
    for quote in data["quotes"]:
        assert quote["end"] - quote["start"] == len(quote["text"])


def test_annotate_text_format_is_readable():
    result = CliRunner().invoke(main, ["annotate", str(SEED), "--format", "text"])
    assert result.exit_code == 0
    assert "Dmitry Peskov" in result.stdout and "Bucarest Nine:" in result.stdout


def test_build_reports_a_bad_file_with_its_line_and_exits_non_zero(tmp_path):
    (tmp_path / "content/articles").mkdir(parents=True)
    (tmp_path / "content/articles/ok.md").write_text("---\ntitle: Bien\nlang: es\n---\nTexto de prueba.\n")
    (tmp_path / "content/articles/bad.md").write_text("---\ntitle: Mal\ndate: 2021-02-30\n---\nTexto.\n")
    (tmp_path / "digest.toml").write_text(f'theme_dir = "{ROOT / "templates"}"\n')
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--config", "digest.toml"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1
    assert "error: content/articles/bad.md:3: invalid date '2021-02-30'" in result.stderr
    assert "build failed with 1 error(s); site/ left unchanged" in result.stderr
    assert not (tmp_path / "site").exists()


def test_build_prints_a_summary(tmp_path):
    (tmp_path / "content/articles").mkdir(parents=True)
    (tmp_path / "content/articles/ok.md").write_text(
        "---\ntitle: Bien\nlang: es\n---\n«Estamos listos», dijo el ministro Juan Pérez en Madrid.\n")
    (tmp_path / "digest.toml").write_text(f'theme_dir = "{ROOT / "templates"}"\n')
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--out", "public"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Built public/" in result.stdout
    assert "articles 1" in result.stdout and "quotes 1" in result.stdout
    assert "annotate" in result.stdout and (tmp_path / "public/index.html").is_file()


def test_bad_config_is_a_one_line_error(tmp_path):
    (tmp_path / "digest.toml").write_text('titel = "x"\n')
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1
    assert "unknown key 'titel'; did you mean 'title'?" in result.stderr
