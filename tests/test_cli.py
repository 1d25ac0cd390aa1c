"""The command line, run as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
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
    # The process ends without freeing its objects, after all it writes: the summary, the site, the state.
    assert (tmp_path / ".digest-cache/build-state.bin").is_file()


def test_a_build_process_does_not_end_at_once_while_another_thread_runs():
    from generator import cli

    release = threading.Event()
    waiting = threading.Thread(target=release.wait)
    waiting.start()
    try:
        cli._end_now()  # would end this test's process if it did not see the thread
    finally:
        release.set()
        waiting.join()
    assert not waiting.is_alive()


def test_bad_config_is_a_one_line_error(tmp_path):
    (tmp_path / "digest.toml").write_text('titel = "x"\n')
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1
    assert "unknown key 'titel'; did you mean 'title'?" in result.stderr


def test_annotate_many_files_and_folders_in_one_run(tmp_path, annotator, monkeypatch):
    monkeypatch.setattr("generator.annotate.Annotator", lambda **kwargs: annotator)
    (tmp_path / "in/sub").mkdir(parents=True)
    (tmp_path / "in/uno.md").write_text("---\ntitle: Uno\nlang: es\n---\n«Vamos a ganar», dijo Ana Ruiz en Lima.\n")
    (tmp_path / "in/sub/dos.txt").write_text("Dos\n\nThe mayor, Tom Hill, said the bridge would open in May.\n")
    (tmp_path / "in/vacio.md").write_text("---\ntitle: Vacío\n---\n")
    result = CliRunner().invoke(main, ["annotate", str(tmp_path / "in")])
    assert result.exit_code == 1 and "vacio.md:4: article has no text" in result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [Path(line["path"]).name for line in lines] == ["dos.txt", "uno.md"]
    assert lines[1]["quotes"][0]["speaker"] == "Ana Ruiz" and set(lines[0]) == ANNOTATE_KEYS | {"path"}
    result = CliRunner().invoke(main, ["annotate", str(tmp_path / "in/uno.md"), str(tmp_path / "in/sub"),
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.json")) == \
        ["dos.json", "uno.json"]
    assert json.loads((tmp_path / "out/uno.json").read_text())["title"] == "Uno"
