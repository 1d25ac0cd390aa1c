"""The output folder belongs to digest: a build never replaces a folder it did not make, nor one it reads."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from generator.pipeline import build as build_module
from generator.pipeline.build import build
from generator.cli import main
from generator.config import load_config
from generator.errors import DigestError
from generator.output.output_folder import MARKER, OutputFolderError, claim_output
from conftest import ROOT

STORY = "---\ntitle: Una noticia\nlang: es\ndate: 2021-03-01\n---\n«Estamos listos», dijo el ministro Juan Pérez en Madrid.\n"


@pytest.fixture(scope="module")
def warm(tmp_path_factory, annotator) -> Path:
    """A small project with its site built and its cache warm (copied by each test)."""
    root = tmp_path_factory.mktemp("warm") / "project"
    (root / "content/articles").mkdir(parents=True)
    (root / "content/articles/una.md").write_text(STORY, encoding="utf-8")
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / "digest.toml").write_text('title = "T"\nbase_url = "https://example.org/"\n', encoding="utf-8")
    build(load_config(root / "digest.toml"), annotator=annotator)
    return root


@pytest.fixture
def project(warm, tmp_path, annotator, monkeypatch) -> Path:
    root = tmp_path / "project"
    shutil.copytree(warm, root, symlinks=True)
    monkeypatch.chdir(root)
    monkeypatch.setattr(build_module, "new_annotator", lambda glossary: annotator)
    return root


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output and "unexpected error" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def test_a_folder_with_the_users_own_files_is_refused_and_left_as_it_was(project):
    mine = project.parent / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("my own notes\n")
    (mine / "photos").mkdir()
    (mine / "photos/a.jpg").write_bytes(b"\xff\xd8 not really a photo")
    before = files(mine)
    result = run("build", "--out", str(mine))
    assert result.exit_code == 1
    assert "not empty and digest did not build it" in result.output and "--clean-out" in result.output
    assert files(mine) == before
    result = run("build", "--out", str(mine), "--clean-out")
    assert result.exit_code == 0, result.output
    assert (mine / "index.html").is_file() and not (mine / "notes.txt").exists()
    assert run("build", "--out", str(mine), "--force").exit_code == 0  # now it is digest's own


def test_an_empty_or_new_folder_is_taken(project):
    (project.parent / "empty").mkdir()
    assert run("build", "--out", str(project.parent / "empty")).exit_code == 0
    assert run("build", "--out", str(project.parent / "new/deeper")).exit_code == 0
    assert (project.parent / "new/deeper" / MARKER).is_file()


def test_a_site_is_known_by_its_marker_or_by_the_record_in_the_cache(project):
    site = project / "site"
    assert (site / MARKER).is_file()
    assert run("build", "--force").exit_code == 0  # recorded in this copy's cache
    nowhere = project / "no-cache"
    claim_output(site, nowhere)  # the marker alone
    (site / MARKER).unlink()
    claim_output(site, project / ".digest-cache")  # the record alone
    with pytest.raises(OutputFolderError, match="did not build it"):
        claim_output(site, nowhere)
    (site / MARKER).symlink_to(project / "digest.toml")  # a marker must be the site's own file
    with pytest.raises(OutputFolderError, match="did not build it"):
        claim_output(site, nowhere)
    shutil.rmtree(project / ".digest-cache")
    (site / MARKER).unlink()
    result = run("build", "--force")
    assert result.exit_code == 1 and "did not build it" in result.output


@pytest.mark.parametrize("out, message", [
    ("templates", "is the theme folder"),
    ("content", "is the content folder"),
    ("content/articles", "is inside the content folder"),
    (".digest-cache", "is the cache folder"),
    (".", "contains the project"),
    ("digest.toml", "is the config file"),
    ("content/articles/una.md", "is inside the content folder"),
    ("../outside.txt", "is a file, not a folder"),
    ("digest.toml/x", "digest.toml is a file, not a folder"),
    ("/proc/digest-site", "cannot write beside the output folder"),
])
@pytest.mark.parametrize("command", ["build", "serve"])
def test_impossible_or_harmful_outputs_are_refused_before_any_work(project, out, message, command, monkeypatch):
    monkeypatch.setattr("generator.serve.DevServer", NoServer)
    (project.parent / "outside.txt").write_text("not a folder")
    before = {folder: files(project / folder) for folder in ("templates", "content", "site")}
    args = ["build", "--out", out] if command == "build" else ["serve", "--out", out, "--port", "0"]
    result = run(*args)
    assert result.exit_code == 1 and message in result.output, result.output
    assert {folder: files(project / folder) for folder in before} == before
    assert (project / "digest.toml").is_file()


def test_serve_refuses_a_folder_digest_did_not_build(project, monkeypatch):
    monkeypatch.setattr("generator.serve.DevServer", NoServer)
    mine = project.parent / "mine"
    mine.mkdir()
    (mine / "keep.txt").write_text("mine")
    result = run("serve", "--out", str(mine), "--port", "0")
    assert result.exit_code == 1 and "did not build it" in result.output
    assert files(mine) == {"keep.txt": b"mine"}


class NoServer:
    """Stands for the preview server in tests where it must never start."""

    def __init__(self, *args, **kwargs) -> None:
        raise AssertionError("the preview started with an output folder it must refuse")


class DiskFull:
    """Makes the `fail_at`-th file write of the site raise ENOSPC (a disk that fills up mid-build)."""

    def __init__(self, fail_at: int) -> None:
        self.fail_at, self.writes = fail_at, 0

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        real = Path.write_bytes

        def write_bytes(path: Path, data: bytes) -> int:
            self.writes += 1
            if self.writes == self.fail_at:
                raise OSError(errno.ENOSPC, "No space left on device", str(path))
            return real(path, data)

        monkeypatch.setattr(Path, "write_bytes", write_bytes)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fraction=st.floats(min_value=0, max_value=1))
def test_a_full_disk_while_writing_keeps_the_previous_site_and_says_so(project, monkeypatch, fraction):
    site = project / "site"
    before = files(site)
    base = project / "templates/base.html"
    base.write_text(base.read_text() + f"{{# {fraction} #}}\n<!-- {fraction} -->\n")  # every page changes
    fail_at = 1 + int(fraction * (sum(p.endswith(".html") for p in before) - 1))  # one of the changed pages
    with monkeypatch.context() as patch:
        disk = DiskFull(fail_at)
        disk.install(patch)
        result = run("build")
    assert disk.writes >= fail_at
    assert result.exit_code == 1
    assert "cannot write the site: No space left on device (free some space" in result.output
    assert "the previous site was left as it was" in result.output
    assert files(site) == before
    assert not [p for p in project.iterdir() if p.name.startswith(".site.")]  # no staging folder left


def test_an_unexpected_error_is_one_line_with_the_details_in_a_file(project, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("something nobody foresaw")

    monkeypatch.setattr(build_module, "site_pages", broken)
    result = CliRunner().invoke(main, ["build", "--force"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    line = result.output.strip()
    assert "\n" not in line
    assert line.startswith("Error: digest build: unexpected error (RuntimeError: something nobody foresaw)")
    details = Path(line.split("Details in ")[1].split(";")[0])
    try:
        text = details.read_text()
        assert "Traceback" in text and "something nobody foresaw" in text and "render_site" not in line
    finally:
        details.unlink()


def test_errors_of_the_library_are_digest_errors(project):
    with pytest.raises(DigestError):
        claim_output(project / "digest.toml", project / ".digest-cache")
