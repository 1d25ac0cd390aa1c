"""The fault catalogue: what a careless or hostile user does, each answered by its own message, nothing lost.

Every case takes a copy of a small built project with a warm cache, does one harmful thing to it
(a bad `--out`, a link to a private file, a named pipe, a damaged cache, a config typo, ...) and
runs the command line in-process. The command must end with the expected exit status and say the
expected thing, never with a traceback or the last-resort "unexpected error" line, and the files it
must not touch (sources, theme, the last site) must be byte for byte as they were.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.pipeline import build as build_module
from generator.pipeline.build import build
from generator.cache import DB_NAME
from generator.cli import main
from generator.config import load_config
from conftest import ROOT
from site_edits import write

ARTICLES = ("2018-07-02-putin-felicita-lopez-obrador.md", "nodate-amlo-llamada-trump.md")
PROTECTED = ("content", "templates", "digest.toml")


@dataclass
class Case:
    args: list[str]
    exit: int
    says: str
    setup: Callable[[Path], None] = lambda root: None
    site_changes: bool = False
    """Whether the command may change the last site (a build that succeeds)."""
    check: Callable[[Path], None] = lambda root: None
    """More to assert about the project afterwards."""
    protected: tuple[str, ...] = field(default=PROTECTED)


def append(relative: str, text: str) -> Callable[[Path], None]:
    def add(root: Path) -> None:
        with open(root / relative, "a", encoding="utf-8") as file:
            file.write(text)
    return add


def steps(*actions: Callable[[Path], None]) -> Callable[[Path], None]:
    def run(root: Path) -> None:
        for action in actions:
            action(root)
    return run


def users_folder(root: Path) -> None:
    (root / "mine").mkdir()
    (root / "mine/notes.txt").write_text("my own notes\n")


def notes_kept(root: Path) -> None:
    assert (root / "mine/notes.txt").read_text() == "my own notes\n"


def no_private_file(root: Path) -> None:
    assert not (root / "site/static/leak.txt").exists()
    assert not any(b"root:x:0:0" in p.read_bytes() for p in (root / "site").rglob("*") if p.is_file())


def search_whole(root: Path) -> None:
    bundles = json.loads((root / "site/pagefind/bundles.json").read_text(encoding="utf-8"))["bundles"]
    assert bundles and all((root / "site/pagefind" / name / "pagefind.js").is_file()
                           and (root / "site/pagefind" / name / "pagefind-entry.json").is_file() for name in bundles)


def truncate_search_listings(root: Path) -> None:
    for listing in (root / ".digest-cache/search").glob("*/files.txt"):
        listing.write_text(listing.read_text().splitlines()[0] + "\n")


def entity_named_by_a_number(root: Path) -> None:
    db = sqlite3.connect(root / ".digest-cache" / DB_NAME)
    with db:
        for key, blob in db.execute("SELECT key, data FROM annotations").fetchall():
            data = json.loads(zlib.decompress(blob))
            for entity in data["entities"]:
                entity["name"] = 12345
            db.execute("UPDATE annotations SET data = ? WHERE key = ?",
                       (zlib.compress(json.dumps(data).encode()), key))
    db.close()


def replace_with_folder(relative: str) -> Callable[[Path], None]:
    def replace(root: Path) -> None:
        path = root / relative
        for found in root.glob(relative) if "*" in relative else [path]:
            found.unlink()
            found.mkdir()
            (found / "x").write_text("x")
    return replace


def replace_with_file(relative: str) -> Callable[[Path], None]:
    def replace(root: Path) -> None:
        shutil.rmtree(root / relative)
        (root / relative).write_text("not a folder\n")
    return replace


def front_matter(key: str, value: str) -> Callable[[Path], None]:
    """Set `key` of the first (dated) article's front matter to `value`, written as YAML."""
    def change(root: Path) -> None:
        path = root / "content/articles" / ARTICLES[0]
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(rf"(?m)^{key}: .*$", lambda _: f"{key}: {value}", text, count=1), encoding="utf-8")
    return change


def latin1_static_page(root: Path) -> None:
    (root / "templates/static/old.html").write_bytes("<p>Año <a href='../index.html'>inicio</a></p>".encode("latin-1"))


CASES: dict[str, Case] = {
    # 1. the output folder is owned, never assumed
    "--out the theme folder": Case(["build", "--out", "templates"], 1, "is the theme folder"),
    "--out a folder of the content": Case(["build", "--out", "content/glossary"], 1, "is inside the content folder"),
    "--out the articles": Case(["build", "--out", "content/articles"], 1, "is inside the content folder"),
    "theme inside the output": Case(["build"], 1, "contains the theme folder",
                                    append("digest.toml", 'theme_dir = "site/theme"\n')),
    "serve --out the theme folder": Case(["serve", "--out", "templates", "--port", "0"], 1, "is the theme folder"),
    "--out a folder of the user's": Case(["build", "--out", "mine"], 1, "not empty and digest did not build it",
                                         users_folder, check=notes_kept),
    "serve --out a folder of the user's": Case(["serve", "--out", "mine", "--port", "0"], 1,
                                               "not empty and digest did not build it", users_folder, check=notes_kept),
    "--out through a link to the theme": Case(["build", "--out", "theme-link"], 1, "is the theme folder",
                                              lambda root: os.symlink(root / "templates", root / "theme-link")),
    # 2. a private file published through a link
    "a link to /etc/passwd in the theme": Case(["build"], 0, "outside the theme folder; not copied",
                                               lambda root: os.symlink("/etc/passwd",
                                                                       root / "templates/static/leak.txt"),
                                               site_changes=True, check=no_private_file),
    # 3. a damaged cache
    "search listings cut short": Case(["build", "--force"], 0, "Built site/", truncate_search_listings,
                                      site_changes=True, check=search_whole),
    # 4. a typo
    "content_dir misspelt": Case(["build"], 1, "contnet: content folder not found",
                                 lambda root: (root / "digest.toml").write_text(
                                     (root / "digest.toml").read_text().replace('title = "T"',
                                                                                'title = "T"\ncontent_dir = "contnet"'))),
    "content_dir a file": Case(["build"], 1, "content folder is not a folder", steps(
        write("notes.txt", "x"), append("digest.toml", 'content_dir = "notes.txt"\n'))),
    "theme_dir misspelt": Case(["build"], 1, "theme folder not found", append("digest.toml", 'theme_dir = "tempaltes"\n')),
    # 5. hangs
    "a named pipe among the articles": Case(["build"], 0, "a named pipe (FIFO), not a regular file; skipped",
                                            lambda root: os.mkfifo(root / "content/articles/fifo.md"),
                                            site_changes=True),
    "a named pipe in the theme": Case(["build"], 0, "a named pipe (FIFO), not a regular file; not copied",
                                      lambda root: os.mkfifo(root / "templates/static/fifo.css"), site_changes=True),
    "annotate a named pipe": Case(["annotate", "content/articles/fifo.md"], 1, "a named pipe (FIFO), not a regular",
                                  lambda root: os.mkfifo(root / "content/articles/fifo.md")),
    "a named pipe as the config": Case(["build", "--config", "pipe.toml"], 1, "a named pipe (FIFO)",
                                       lambda root: os.mkfifo(root / "pipe.toml")),
    # 6. every failure path a message
    "--out under a file": Case(["build", "--out", "digest.toml/x"], 1, "digest.toml is a file, not a folder"),
    "--out in /proc": Case(["build", "--out", "/proc/x"], 1, "cannot write beside the output folder"),
    "the annotations database a folder": Case(["build", "--force"], 0, "Built site/",
                                              replace_with_folder(f".digest-cache/{DB_NAME}"), site_changes=True),
    "the cache folder a file": Case(["build", "--force"], 0, "Built site/", replace_with_file(".digest-cache"),
                                    site_changes=True),
    "cache clear with the cache folder a file": Case(["cache", "clear"], 1, "is not a folder",
                                                     replace_with_file(".digest-cache")),
    "a site record that is a list": Case(["build", "--force"], 0, "Built site/",
                                         lambda root: [p.write_text("[]") for p in
                                                       (root / ".digest-cache/sites").glob("*.json")],
                                         site_changes=True),
    "a cached entity named by a number": Case(["build", "--force"], 0, "Built site/", entity_named_by_a_number,
                                              site_changes=True),
    "an unclosed regular expression": Case(["build"], 1, "digest.toml:4: 'clean.line_patterns': '(unclosed' is not a "
                                           "valid regular expression",
                                           append("digest.toml", '[clean]\nline_patterns = ["(unclosed"]\n')),
    "a dated title with a control character": Case(["build"], 0, "Built site/",
                                                   front_matter("title", '"\\x1bAsí felicitó Putin"'),
                                                   site_changes=True),
    "a source_url that is no address": Case(["build"], 0, "is not a valid address",
                                            front_matter("source_url", '"http://[::1"'), site_changes=True),
    "entities.toml with names for entities": Case(["build"], 1, "entities.toml:1: 'entity' must be a list of "
                                                  "[[entity]] tables", write("content/entities.toml",
                                                                             'entity = ["Joe Biden"]\n')),
    "entities.toml with numbers for entities": Case(["build"], 1, "must be a list of [[entity]] tables",
                                                    write("content/entities.toml", "entity = [1]\n")),
    "a Latin-1 page in the theme, checked": Case(["check"], 0, "No broken links", steps(
        latin1_static_page, lambda root: build(load_config(root / "digest.toml"), force=True))),
    "--base-url that is no address": Case(["build", "--base-url", "http://[::1"], 1,
                                          "--base-url 'http://[::1' is not an absolute http(s) address"),
    "a gold file that is not JSON": Case(["eval", "digest.toml"], 1, "digest.toml:1: not valid JSON"),
    "a template dividing by zero": Case(["build", "--force"], 1, "templates/base.html:2: ZeroDivisionError",
                                        lambda root: (root / "templates/base.html").write_text(
                                            "{# a #}\n{{ 1 // 0 }}\n" + (root / "templates/base.html").read_text())),
    "templates extending each other": Case(["build", "--force"], 1, ": RecursionError: maximum recursion depth exceeded", steps(
        write("templates/loop.html", '{% extends "index.html" %}\n'),
        lambda root: (root / "templates/index.html").write_text((root / "templates/index.html").read_text().replace(
            '{% extends "base.html" %}', '{% extends "loop.html" %}')))),
    "related stories without a content folder": Case(["related"], 1, "content folder not found",
                                                     lambda root: shutil.rmtree(root / "content"),
                                                     protected=("templates", "digest.toml")),
    # 9. leftovers
    "the cache inside the output": Case(["build"], 1, "contains the cache folder",
                                        append("digest.toml", 'cache_dir = "site/.cache"\n')),
    # 10. unclear
    "a negative number of related stories": Case(["build"], 1, "digest.toml:4: 'related.max' must be between 0 and 100",
                                                 append("digest.toml", "[related]\nmax = -3\n")),
    "a negative threshold": Case(["build"], 1, "'related.threshold' must be between 0 and 1",
                                 append("digest.toml", "[related]\nthreshold = -0.5\n")),
    "a negative window": Case(["build"], 1, "'threads.window_days' must be between 0 and 36500",
                              append("digest.toml", "[threads]\nwindow_days = -10\n")),
}


@pytest.fixture(scope="module")
def warm(tmp_path_factory, annotator) -> Path:
    root = tmp_path_factory.mktemp("catalogue") / "project"
    (root / "content/articles").mkdir(parents=True)
    for name in ARTICLES:
        shutil.copy(ROOT / "content/articles" / name, root / "content/articles" / name)
    shutil.copytree(ROOT / "content/glossary", root / "content/glossary")
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / "digest.toml").write_text('title = "T"\nbase_url = "https://example.org/"\n', encoding="utf-8")
    build(load_config(root / "digest.toml"), annotator=annotator)
    return root


def snapshot(root: Path, relative: str) -> dict[str, bytes]:
    path = root / relative
    if path.is_file():
        return {relative: path.read_bytes()}
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(path.rglob("*"))
            if p.is_file() and not p.is_symlink() and not _special(p)}


def _special(path: Path) -> bool:
    return not path.is_file()


class Blocked(Exception):
    """The command blocked (not an OSError, which a reader could take for an unreadable file)."""


class NoServer:
    def __init__(self, *args, **kwargs) -> None:
        raise AssertionError("the preview started where it must refuse")


@pytest.mark.parametrize("name", list(CASES))
def test_each_fault_gets_its_own_message_and_loses_nothing(name, warm, tmp_path, annotator, monkeypatch):
    case = CASES[name]
    root = tmp_path / "project"
    shutil.copytree(warm, root, symlinks=True)
    monkeypatch.chdir(root)
    monkeypatch.setattr(build_module, "new_annotator", lambda glossary: annotator)
    monkeypatch.setattr("generator.serve.DevServer", NoServer)
    case.setup(root)
    before = {relative: snapshot(root, relative) for relative in (*case.protected, "site")}

    def expire(signum, frame):
        raise Blocked(name)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(120)
    try:
        result = CliRunner().invoke(main, case.args)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    output = result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in output and "unexpected error" not in output, output
    assert result.exit_code == case.exit, output
    assert case.says in output, output
    after = {relative: snapshot(root, relative) for relative in before}
    for relative in case.protected:
        assert after[relative] == before[relative], relative
    if not case.site_changes:
        assert after["site"] == before["site"]
    case.check(root)
