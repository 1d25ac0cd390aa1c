"""The bad-input catalogue: each mistake gets a precise message, and nothing is lost.

Every case builds a small site twice: first a good build, then with the bad file
added. An error fails the build naming the file (and line) and leaves the previous
site byte for byte; a warning names the file and the build goes on (and `strict`
turns it into a failure).
"""

from __future__ import annotations

import datetime as dt
import os
import signal
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.pipeline.build import build
from generator.config import load_config
from generator.errors import BuildFailed, Problem
from conftest import ROOT, SHARED

GOOD = "---\ntitle: Una noticia\nlang: es\ndate: 2021-03-01\n---\n«Estamos listos», dijo el ministro Juan Pérez en Madrid.\n"


def make_site(tmp_path: Path) -> Path:
    (tmp_path / "content/articles").mkdir(parents=True, exist_ok=True)
    (tmp_path / "content/glossary").mkdir(exist_ok=True)
    (tmp_path / "content/articles/good.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "digest.toml").write_text(f'theme_dir = "{ROOT / "templates"}"\n', encoding="utf-8")
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def build_twice(tmp_path: Path, annotator, add_bad: Callable[[Path], None], *, strict: bool = False):
    """Build a good site, add the bad input, build again; return (problems, failed, before, after)."""
    root = make_site(tmp_path)
    config = load_config(root / "digest.toml")
    build(config, annotator=annotator)
    before = snapshot(config.output_path)
    add_bad(root)
    config.strict = strict
    try:
        result = build(config, annotator=annotator)
    except BuildFailed as failed:
        return failed.errors, True, before, snapshot(config.output_path)
    return result.report.warnings, False, before, snapshot(config.output_path)


def write(relative: str, data: str | bytes) -> Callable[[Path], None]:
    def add(root: Path) -> None:
        path = root / "content" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return add


def only(problems: list[Problem], file: str) -> Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    assert problems[0].path is not None and problems[0].path.name == file
    return problems[0]


ERRORS = {
    "invalid YAML (line in the file)": (write("articles/bad.md", "---\ntitle: x\ntags: [a, b\nlang: es\n---\nTexto.\n"),
                                        "bad.md", 4, "flow sequence on line 3"),
    "front matter not a mapping": (write("articles/bad.md", "---\n- uno\n- dos\n---\nTexto.\n"), "bad.md", 2,
                                   "must be a mapping"),
    "impossible date": (write("articles/bad.md", "---\ntitle: x\ndate: 2021-02-30\n---\nTexto.\n"), "bad.md", 3,
                        "invalid date '2021-02-30'"),
    "unparseable date": (write("articles/bad.md", "---\ntitle: x\ndate: ayer\n---\nTexto.\n"), "bad.md", 3,
                         "invalid date 'ayer'"),
    "empty file": (write("articles/bad.md", ""), "bad.md", 1, "no title and no text"),
    "Markdown without a title": (write("articles/bad.md", "---\nlang: es\n---\nPrimera línea\n\nTexto.\n"), "bad.md", 2,
                                 "article has no title"),
    "only front matter": (write("articles/bad.md", "---\ntitle: Solo cabecera\n---\n"), "bad.md", 4, "no text"),
    "binary": (write("articles/bad.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "bad.md", None, "binary file"),
    "over the size limit": (write("articles/bad.md", "---\ntitle: Enorme\n---\n" + "palabra " * 2_600_000), "bad.md",
                            None, "over the limit"),
    "duplicate glossary term": (write("glossary/otan-2.md", "---\nterm: OTAN\n---\nDos.\n"), None, None,
                                "is also defined in"),
    "entities.toml: a list of names": (write("entities.toml", '# authored\nentity = ["Joe Biden"]\n'),
                                       "entities.toml", 2, "must be a list of [[entity]] tables"),
    "entities.toml: a list of numbers": (write("entities.toml", "entity = [1]\n"), "entities.toml", 1,
                                         "must be a list of [[entity]] tables"),
    "entities.toml: a table, not a list": (write("entities.toml", '[entity]\nname = "Joe Biden"\ntype = "PER"\n'),
                                           "entities.toml", 1, "must be a list of [[entity]] tables"),
    "entities.toml: name of the wrong type": (write("entities.toml", '[[entity]]\nname = 12345\ntype = "PER"\n'),
                                              "entities.toml", 1, "needs a non-empty `name`"),
    "entities.toml: not UTF-8": (write("entities.toml", '[[entity]]\nname = "Año"\n'.encode("latin-1")),
                                 "entities.toml", None, "not valid UTF-8"),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_errors_fail_the_build_name_the_file_and_keep_the_previous_site(case, tmp_path, annotator):
    add, file, line, message = ERRORS[case]
    if case == "duplicate glossary term":
        write("glossary/otan.md", "---\nterm: OTAN\n---\nUno.\n")(tmp_path)
    problems, failed, before, after = build_twice(tmp_path, annotator, add)
    assert failed
    problem = problems[0] if file is None else only(problems, file)
    assert message in problem.message
    assert problem.line == line
    assert problem.hint  # says what to do
    assert after == before


def test_duplicate_slugs_name_both_files(tmp_path, annotator):
    def add(root: Path) -> None:
        write("articles/2021/good.md", GOOD)(root)
    problems, failed, before, after = build_twice(tmp_path, annotator, add)
    assert failed and after == before
    text = str(only(problems, "good.md"))
    assert "content/articles/good.md" in text and "content/articles/2021/good.md" in text


def test_a_symlink_out_of_the_content_folder_is_refused(tmp_path, annotator):
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Secreto\n---\nNo debe publicarse.\n", encoding="utf-8")
    problems, failed, before, after = build_twice(
        tmp_path / "site", annotator, lambda root: os.symlink(secret, root / "content/articles/link.md"))
    assert failed and after == before
    assert "outside the content folder" in only(problems, "link.md").message


def test_a_missing_content_folder_fails_the_build_and_keeps_the_site(tmp_path, annotator):
    problems, failed, before, after = build_twice(tmp_path, annotator, lambda root: os.rename(
        root / "content", root / "contenido"))
    assert failed and after == before
    problem = only(problems, "content")
    assert problem.message == "content folder not found" and "content_dir" in problem.hint


def test_an_empty_articles_folder_is_a_warning(tmp_path, annotator):
    problems, failed, _, after = build_twice(
        tmp_path, annotator, lambda root: (root / "content/articles/good.md").unlink())
    assert not failed and "no articles" in only(problems, "articles").message
    assert "index.html" in after and not any(path.startswith("articles/good") for path in after)


def test_symlink_loops_neither_hang_nor_crash(tmp_path, annotator):
    def add(root: Path) -> None:
        articles = root / "content/articles"
        os.symlink(articles, articles / "loop")  # a folder that contains itself
        os.symlink(articles / "b.md", articles / "a.md")
        os.symlink(articles / "a.md", articles / "b.md")
    problems, failed, _, _ = build_twice(tmp_path, annotator, add)
    assert failed
    assert sorted(p.path.name for p in problems) == ["a.md", "b.md"]
    assert all("looping" in p.message for p in problems)


def test_an_unreadable_file_is_reported(tmp_path, annotator, monkeypatch):
    # Tests may run as root, which file modes do not stop: the open itself is made to fail.
    real = os.open

    def refusing_open(path, flags, *args, **kwargs):
        if os.fspath(path).endswith("locked.md"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr("generator.files.regular_files.os.open", refusing_open)
    problems, failed, before, after = build_twice(tmp_path, annotator, write("articles/locked.md", GOOD))
    assert failed and after == before
    problem = only(problems, "locked.md")
    assert "Permission denied" in problem.message and "permissions" in problem.hint


WARNINGS = {
    "unknown key": (write("articles/w.md", "---\ntitle: x\nlang: es\nauthr: Ana\n---\nTexto nuevo.\n"), "w.md", 4,
                    "unknown front matter key `authr`", "did you mean `author`?"),
    "missing title": (write("articles/w.txt", "---\nlang: es\n---\nPrimera línea como título\n\nTexto.\n"), "w.txt", 4,
                      "the first line is the title", "add `title:` in front matter to choose another (the rule for .txt files)"),
    "future date": (write("articles/w.md", f"---\ntitle: x\nlang: es\ndate: {dt.date.today().year + 1}-01-01\n---\n"
                          "Texto.\n"), "w.md", 4, "is in the future", None),
    "Latin-1 file": (write("articles/w.md", "---\ntitle: Año\nlang: es\n---\nEl niño comió piña.\n".encode("latin-1")),
                     "w.md", 2, "not valid UTF-8; read as Latin-1", "save the file as UTF-8"),
    "empty glossary definition": (write("glossary/vacio.md", "---\nterm: Vacío\n---\n\n"), "vacio.md", 4,
                                  "empty definition", None),
    "malformed source_url": (write("articles/w.md", '---\ntitle: x\nlang: es\nsource_url: "http://[::1"\n---\n'
                                   "Texto.\n"), "w.md", 4, "is not a valid address", "full address"),
    "source_url with a control character": (write("articles/w.md", '---\ntitle: x\nlang: es\n'
                                                  'source_url: "http://a.org/\\u001b"\n---\nTexto.\n'),
                                            "w.md", 4, "control characters", "full address"),
    "a named pipe among the articles": (lambda root: os.mkfifo(root / "content/articles/pipe.md"), "pipe.md", None,
                                        "a named pipe (FIFO), not a regular file; skipped", "remove it"),
    "a link to a folder of articles": (lambda root: os.symlink(root.parent, root / "content/articles/more"), "more",
                                       None, "a symbolic link to a folder; its files are not read", "copy the folder"),
    "a named pipe as a glossary entry": (lambda root: os.mkfifo(root / "content/glossary/pipe.md"), "pipe.md", None,
                                         "a named pipe (FIFO), not a regular file; skipped", "remove it"),
}


class Blocked(Exception):
    """Raised in a test that blocked (not an OSError, which a reader might take for an unreadable file)."""


@pytest.fixture
def never_hangs():
    """Fail a test that blocks (as reading a named pipe would) instead of waiting forever."""
    def expire(signum, frame):
        raise Blocked("the build blocked")
    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(120)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("case", sorted(WARNINGS))
def test_warnings_name_the_file_and_the_build_goes_on(case, tmp_path, annotator, never_hangs):
    add, file, line, message, hint = WARNINGS[case]
    problems, failed, _, after = build_twice(tmp_path, annotator, add)
    assert not failed
    problem = only(problems, file)
    assert message in problem.message and problem.line == line
    if hint:
        assert hint in (problem.hint or "")
    assert "index.html" in after


@pytest.mark.parametrize("case", ["unknown key", "future date"])
def test_strict_turns_warnings_into_failure(case, tmp_path, annotator):
    add, file, *_ = WARNINGS[case]
    problems, failed, before, after = build_twice(tmp_path, annotator, add, strict=True)
    assert failed and after == before
    only(problems, file)


def test_the_real_latin1_bbc_file_builds(tmp_path, annotator):
    problems, failed, _, after = build_twice(
        tmp_path, annotator, write("articles/sport-199.txt", (SHARED / "data/en-bbc/sport/199.txt").read_bytes()))
    assert not failed and all(p.path.name == "sport-199.txt" for p in problems)
    assert sorted(p.message.split(":")[0] for p in problems) == ["no `title`", "not valid UTF-8; read as Latin-1"]
    assert "articles/sport-199/index.html" in after


def test_bom_and_crlf_files_build_cleanly(tmp_path, annotator):
    data = ("\ufeff" + GOOD.replace("Una noticia", "Otra noticia")).replace("\n", "\r\n").encode("utf-8")
    problems, failed, _, after = build_twice(tmp_path, annotator, write("articles/windows.md", data))
    assert not failed and problems == []
    assert b"Otra noticia" in after["articles/windows/index.html"]


def test_drafts_are_left_out_of_the_build(tmp_path, annotator):
    draft = write("articles/borrador.md", "---\ntitle: Borrador\ndraft: true\n---\nTodavía no.\n")
    problems, failed, _, after = build_twice(tmp_path, annotator, draft)
    assert not failed and problems == []
    assert not any(path.startswith("articles/borrador") for path in after)


@pytest.mark.parametrize("slug", ["../../etc", "a/b", "con espacios y ñ", "CON", "..", "/abs"])
def test_hostile_slugs_stay_inside_the_output(slug, tmp_path, annotator):
    add = write("articles/s.md", f"---\ntitle: Slug\nslug: {slug!r}\n---\nTexto.\n")
    problems, failed, _, after = build_twice(tmp_path, annotator, add)
    assert not failed
    new_pages = [p for p in after if p.startswith("articles/") and not p.startswith("articles/good/")]
    assert len(new_pages) == 1
    folder = new_pages[0].split("/")[1]
    assert folder not in ("", ".", "..", "con") and folder.isascii() and " " not in folder
    assert not (tmp_path / "etc").exists()


def test_an_article_in_a_language_without_a_model_builds_with_one_warning(tmp_path, caplog):
    from generator.annotate import Annotator

    add = write("articles/fr.md", "---\ntitle: Bonjour\nlang: fr\n---\nLe président Macron a parlé à Paris.\n")
    add2 = write("articles/fr2.md", "---\ntitle: Encore\nlang: fr\n---\nLa ministre a parlé à Lyon.\n")
    caplog.set_level("WARNING")
    _, failed, _, after = build_twice(tmp_path, Annotator(), lambda root: (add(root), add2(root)))
    assert not failed and "articles/fr/index.html" in after
    assert len([r for r in caplog.records if "'fr'" in r.getMessage() and "rule-based" in r.getMessage()]) == 1
