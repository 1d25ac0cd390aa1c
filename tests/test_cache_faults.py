"""A damaged or unwritable cache never breaks a build, and `digest cache clear` always works.

A small site is built once; then every file and folder of its warm cache in turn is damaged in
every way (emptied, cut in half, overwritten with noise, a few bytes flipped, JSON of the wrong
shape, a folder in its place, a file in place of a folder, made read-only) and `digest build
--force` runs in-process. It must give the clean build's site byte for byte, or fail with a
one-line message (exit 1, no traceback) leaving the previous site as it was. Root ignores file
modes, so "read-only" and "disk full" are simulated: every write under the path raises.
"""

from __future__ import annotations

import builtins
import errno
import hashlib
import io
import json
import logging
import os
import random
import shutil
import sqlite3
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import generator.pipeline.build
from generator.cache import DB_NAME, MERGE_NAME, SEARCH_NAME, WORDS_NAME
from generator.cli import main
from generator.output.manifest import SITES_DIR, SiteManifest
from conftest import ROOT

ARTICLES = ("2018-07-02-putin-felicita-lopez-obrador.md", "nodate-amlo-llamada-trump.md",
            "nodate-amlo-conacyt-campos-de-golf.md")
GLOSSARY = ("morena.md", "kremlin.md")
CACHE = ".digest-cache"


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@dataclass
class Project:
    root: Path
    site: dict[str, bytes]
    """The clean build's site."""
    warm: Path
    """A copy of the cache folder after a build."""

    @property
    def cache(self) -> Path:
        return self.root / CACHE

    def restore_cache(self) -> None:
        """Put the warm cache back, whatever the last case left in its place."""
        _delete(self.cache)
        shutil.copytree(self.warm, self.cache)


def _delete(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


@contextmanager
def new_process(annotator) -> Iterator[None]:
    """A `digest` command as its own process would run it (its build owns what it keeps); spaCy loaded once.

    The command sets up the package's logging; it is put back after, for the other tests' `caplog`.
    """
    logger = logging.getLogger("generator")
    handlers, level, propagate = logger.handlers[:], logger.level, logger.propagate
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(generator.pipeline.build, "new_annotator", lambda glossary: annotator)
        try:
            yield
        finally:
            logger.handlers[:], logger.level, logger.propagate = handlers, level, propagate


def run_digest(project: Path, *args: str, annotator) -> Result:
    with new_process(annotator):
        return CliRunner().invoke(main, [*args, "--config", str(project / "digest.toml")])


def build(project: Path, annotator, *flags: str) -> Result:
    with new_process(annotator):
        return CliRunner().invoke(main, ["build", "--config", str(project / "digest.toml"), "--jobs", "1", *flags])


@pytest.fixture(scope="module")
def project(tmp_path_factory, annotator) -> Project:
    root = tmp_path_factory.mktemp("faults") / "project"
    for folder, names in (("content/articles", ARTICLES), ("content/glossary", GLOSSARY)):
        (root / folder).mkdir(parents=True)
        for name in names:
            shutil.copy(ROOT / folder / name, root / folder / name)
    shutil.copytree(ROOT / "templates", root / "templates")
    shutil.copy(ROOT / "digest.toml", root / "digest.toml")
    first = build(root, annotator)
    assert first.exit_code == 0, first.output
    warm = root.parent / "warm-cache"
    shutil.copytree(root / CACHE, warm)
    return Project(root, snapshot(root / "site"), warm)


# ---- damages ------------------------------------------------------------------------------


def _noise(path: Path, size: int) -> bytes:
    return random.Random(str(path)).randbytes(size)


def emptied(path: Path) -> None:
    path.write_bytes(b"")


def halved(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


def noise(path: Path) -> None:
    path.write_bytes(_noise(path, max(path.stat().st_size, 64)))


def flipped(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    for i in range(middle, min(middle + 8, len(data))):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data) if data else b"\xff")


def json_list(path: Path) -> None:
    path.write_text("[]", encoding="utf-8")


def json_wrong_type(path: Path) -> None:
    """Valid JSON of the right layout with one text replaced by a number (as an entity named 12345)."""
    data = json.loads(path.read_bytes())
    assert _replace_first_text(data), path
    path.write_text(json.dumps(data), encoding="utf-8")


def _replace_first_text(value, depth: int = 0) -> bool:
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
    for key, item in items:
        if isinstance(item, str) and depth > 0:
            value[key] = 12345
            return True
        if _replace_first_text(item, depth + 1):
            return True
    return False


def entry_wrong_type(path: Path) -> None:
    """One stored annotation entry whose first entity is named 12345."""
    db = sqlite3.connect(path)
    key, data = db.execute("SELECT key, data FROM annotations ORDER BY key LIMIT 1").fetchone()
    entry = json.loads(zlib.decompress(data))
    entry["entities"][0]["name"] = 12345
    with db:
        db.execute("UPDATE annotations SET data = ? WHERE key = ?", (zlib.compress(json.dumps(entry).encode()), key))
    db.close()


def merge_wrong_shape(path: Path, shape: str) -> None:
    """A stored merge whose digest matches but whose merge is `[]` ("list") or names an entity 12345 ("type")."""
    head, _, body = path.read_bytes().partition(b"\n")
    merge = json.loads(body)
    if shape == "list":
        merge = []
    else:
        assert _replace_first_text(merge)
    body = json.dumps(merge).encode()
    header = {**json.loads(head), "digest": hashlib.blake2b(body, digest_size=16).hexdigest()}
    path.write_bytes(json.dumps(header).encode() + b"\n" + body)


def folder_in_place(path: Path) -> None:
    path.unlink()
    (path / "inside").mkdir(parents=True)


def file_in_place(path: Path) -> None:
    shutil.rmtree(path)
    path.write_bytes(b"not a folder")


FILE_DAMAGES: dict[str, Callable[[Path], None]] = {
    "emptied": emptied, "halved": halved, "noise": noise, "flipped": flipped, "folder": folder_in_place}
JSON_DAMAGES: dict[str, Callable[[Path], None]] = {"json-list": json_list, "json-type": json_wrong_type}
MERGE_DAMAGES: dict[str, Callable[[Path], None]] = {"sealed-list": lambda path: merge_wrong_shape(path, "list"),
                                                    "sealed-type": lambda path: merge_wrong_shape(path, "type")}


# ---- read-only and full disks -------------------------------------------------------------


class Unwritable:
    """Every write to `target` or below it raises OSError(`code`): a read-only file, folder or disk, or a full one."""

    def __init__(self, target: Path, code: int) -> None:
        self.target, self.code = target.resolve(), code

    def covers(self, path, dir_fd: int | None = None) -> bool:
        if isinstance(path, int):
            return False
        path = os.fsdecode(path)
        if dir_fd is not None:
            path = os.path.join(os.readlink(f"/proc/self/fd/{dir_fd}"), path)
        path = Path(os.path.abspath(path))
        return path == self.target or self.target in path.parents

    def refuse(self, path) -> OSError:
        return OSError(self.code, os.strerror(self.code), os.fsdecode(path))

    @contextmanager
    def applied(self) -> Iterator[None]:
        with pytest.MonkeyPatch.context() as patch:
            for name in ("mkdir", "unlink", "remove", "rmdir"):
                patch.setattr(os, name, self._guard(getattr(os, name), 1))
            for name in ("replace", "rename", "link"):
                patch.setattr(os, name, self._guard(getattr(os, name), 2))
            patch.setattr(os, "open", self._open_guard(os.open))
            patch.setattr(io, "open", self._file_guard(io.open))
            patch.setattr(builtins, "open", self._file_guard(builtins.open))
            patch.setattr(sqlite3, "connect", self._sqlite_guard(sqlite3.connect))
            yield

    def _guard(self, real, paths: int):
        def guarded(*args, **kwargs):
            for path in args[:paths]:
                if self.covers(path, kwargs.get("dir_fd") or kwargs.get("src_dir_fd")):
                    raise self.refuse(path)
            return real(*args, **kwargs)
        return guarded

    def _open_guard(self, real):
        def guarded(path, flags, *args, **kwargs):
            if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and self.covers(path, kwargs.get("dir_fd")):
                raise self.refuse(path)
            return real(path, flags, *args, **kwargs)
        return guarded

    def _file_guard(self, real):
        def guarded(file, mode="r", *args, **kwargs):
            if any(c in mode for c in "wax+") and self.covers(file):
                raise self.refuse(file)
            return real(file, mode, *args, **kwargs)
        return guarded

    def _sqlite_guard(self, real):
        def guarded(database, *args, **kwargs):
            if self.covers(database):
                return real(f"file:{os.fspath(database)}?mode=ro", *args, **{**kwargs, "uri": True})
            return real(database, *args, **kwargs)
        return guarded


# ---- the cases ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    path: str
    """Relative to the cache folder ("" is the folder itself)."""
    damage: str

    def __str__(self) -> str:
        return f"{self.path or CACHE}: {self.damage}"


def cases(cache: Path) -> list[Case]:
    """Every file and folder of the cache with every damage that applies; the files of a search bundle
    (many, and all checked alike) each with one damage, in turn, so that every damage is met."""
    found = []
    bundle_damages = [*FILE_DAMAGES, "read-only"]
    bundle_files = 0
    for path in sorted(cache.rglob("*")):
        relative = path.relative_to(cache).as_posix()
        if path.is_dir():
            found += [Case(relative, "file"), Case(relative, "read-only")]
        elif "/files/" in relative:
            found.append(Case(relative, bundle_damages[bundle_files % len(bundle_damages)]))
            bundle_files += 1
        else:
            found += [Case(relative, damage) for damage in [*FILE_DAMAGES, "read-only"]]
            if path.suffix == ".json":
                found += [Case(relative, damage) for damage in JSON_DAMAGES]
            if path.name == MERGE_NAME:
                found += [Case(relative, damage) for damage in MERGE_DAMAGES]
            if path.name == DB_NAME:
                found.append(Case(relative, "entry-type"))
    return found + [Case("", "read-only"), Case("", "disk-full"), Case("", "file")]


def damaged(project: Project, case: Case) -> Unwritable | None:
    """Damage the cache as `case` says; the writes to refuse, if that is the damage."""
    path = project.cache / case.path
    if case.damage == "read-only":
        return Unwritable(path, errno.EROFS if not case.path else errno.EACCES)
    if case.damage == "disk-full":
        return Unwritable(path, errno.ENOSPC)
    if case.damage == "file":
        file_in_place(path)
    elif case.damage == "entry-type":
        entry_wrong_type(path)
    else:
        {**FILE_DAMAGES, **JSON_DAMAGES, **MERGE_DAMAGES}[case.damage](path)
    return None


def test_every_damage_to_every_cached_file_gives_the_clean_site_or_one_clean_error(project, annotator):
    all_cases = cases(project.cache)
    everything = {p.relative_to(project.cache).as_posix() for p in project.cache.rglob("*")}
    assert {c.path for c in all_cases} == everything | {""}  # every file and folder, and the cache folder itself
    assert everything >= {DB_NAME, MERGE_NAME, SEARCH_NAME, SITES_DIR}
    assert any(p.endswith("/files.txt") for p in everything) and any(p.startswith(f"{SITES_DIR}/") for p in everything)
    bundle_damages = {c.damage for c in all_cases if "/files/" in c.path}
    assert bundle_damages == {*FILE_DAMAGES, "read-only", "file"}  # every damage met by a file of the bundle too
    site = project.root / "site"
    failures = []
    for case in all_cases:
        project.restore_cache()
        unwritable = damaged(project, case)
        if unwritable is None:
            result = build(project.root, annotator, "--force")
        else:
            with unwritable.applied():
                result = build(project.root, annotator, "--force")
        problem = _problem(result, snapshot(site) == project.site, may_fail=_site_records(case))
        if problem:
            failures.append(f"{case}: {problem}")
        elif unwritable is not None and not case.path:
            warnings = [line for line in result.output.splitlines() if line.startswith("warning:")]
            if len(warnings) != 1 or str(project.cache) not in warnings[0] or os.strerror(unwritable.code) not in warnings[0]:
                failures.append(f"{case}: not one warning naming the cache and the cause: {warnings}")
    assert not failures, "\n".join(failures)


def _site_records(case: Case) -> bool:
    """Whether the damage reaches the records of which folders digest wrote: a build may refuse to write then."""
    return not case.path or case.path == SITES_DIR or case.path.startswith(f"{SITES_DIR}/")


def _problem(result: Result, site_unchanged: bool, may_fail: bool) -> str | None:
    """What is wrong with a build of a damaged cache (None: nothing)."""
    if "Traceback" in result.output or not (result.exception is None or isinstance(result.exception, SystemExit)):
        return f"crashed: {result.exception!r}"
    if result.exit_code == 0:
        return None if site_unchanged else "built a site that differs from a clean build"
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    if result.exit_code != 1 or len(errors) != 1 or not result.output.rstrip().endswith(errors[0]):
        return f"exit {result.exit_code} without one error line: {result.output[-500:]!r}"
    if not site_unchanged:
        return "failed and changed the previous site"
    return None if may_fail else f"failed: {errors[0]}"


def test_a_cache_that_cannot_be_written_costs_one_warning_and_nothing_else(project, annotator):
    project.restore_cache()
    for name in (DB_NAME, MERGE_NAME, SEARCH_NAME):
        _delete(project.cache / name)  # so that the build has all of them to store
    before = snapshot(project.cache)
    with Unwritable(project.cache, errno.EACCES).applied():
        result = build(project.root, annotator, "--force")
    assert result.exit_code == 0, result.output
    assert snapshot(project.root / "site") == project.site and snapshot(project.cache) == before
    warnings = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and f"{project.cache}: the cache cannot be written" in warnings[0]
    assert warnings[0].endswith("(make the folder writable)")


# ---- --no-cache and cache clear -----------------------------------------------------------


def test_no_cache_neither_reads_nor_writes_the_cache(project, annotator):
    project.restore_cache()
    stored = [DB_NAME, MERGE_NAME, *(p.relative_to(project.cache).as_posix()
                                                   for p in (project.cache / SEARCH_NAME).rglob("*") if p.is_file())]
    for name in stored:
        noise(project.cache / name)
    before = snapshot(project.cache)
    result = build(project.root, annotator, "--no-cache")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output  # no damaged file was read
    after = snapshot(project.cache)
    assert {name: after[name] for name in stored} == {name: before[name] for name in stored}
    assert set(after) - set(before) <= {p for p in after if p.startswith(f"{SITES_DIR}/")}
    assert snapshot(project.root / "site") == project.site


def test_cache_clear_deletes_all_but_the_site_records_whatever_is_damaged(project, annotator):
    project.restore_cache()
    records = {p: b for p, b in snapshot(project.cache).items() if p.startswith(f"{SITES_DIR}/")}
    folder_in_place(project.cache / DB_NAME)
    (project.cache / WORDS_NAME).write_bytes(b"stored words")  # a file the link stage no longer makes
    file_in_place(next((project.cache / SEARCH_NAME).iterdir()))
    (project.cache / f".{MERGE_NAME}.123.tmp").write_bytes(b"left by a killed build")
    (project.cache / "notes.txt").write_text("not the cache's", encoding="utf-8")
    result = run_digest(project.root, "cache", "clear", annotator=annotator)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Cleared {project.cache}: ")
    assert {p.name for p in project.cache.iterdir()} == {SITES_DIR, "notes.txt"}
    assert {p: b for p, b in snapshot(project.cache).items() if p.startswith(f"{SITES_DIR}/")} == records
    again = run_digest(project.root, "cache", "clear", annotator=annotator)
    assert again.exit_code == 0 and again.output.startswith("Nothing to clear")
    rebuilt = build(project.root, annotator, "--force")
    assert rebuilt.exit_code == 0 and snapshot(project.root / "site") == project.site


def test_cache_clear_explains_what_it_cannot_do_in_one_line(project, annotator):
    project.restore_cache()
    with Unwritable(project.cache, errno.EACCES).applied():
        result = run_digest(project.root, "cache", "clear", annotator=annotator)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit) and "Traceback" not in result.output
    assert result.output.count("\n") == 1 and "Permission denied" in result.output and "writable" in result.output
    assert (project.cache / DB_NAME).is_file()  # nothing was deleted: everything was refused

    _delete(project.cache)
    project.cache.write_bytes(b"someone's notes")
    result = run_digest(project.root, "cache", "clear", annotator=annotator)
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert "is not a folder" in result.output and "cache_dir" in result.output
    assert project.cache.read_bytes() == b"someone's notes"  # not the cache's: left alone
    project.restore_cache()


# ---- each stored file's reader, fuzzed ----------------------------------------------------


def _mangled(data: bytes, cut: int, flips: list[int], insert: bytes) -> bytes:
    """`data` damaged: cut at `cut`, bytes flipped at `flips` (positions modulo its length), `insert` added at the cut."""
    out = bytearray(data[:cut] + insert + data[cut:])
    for at in flips:
        if out:
            out[at % len(out)] ^= 0xFF
    return bytes(out)


mangling = dict(cut=st.integers(min_value=0, max_value=1 << 20), flips=st.lists(st.integers(min_value=0), max_size=4),
                insert=st.binary(max_size=16))
fuzzed = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@fuzzed
@given(**mangling)
def test_a_mangled_manifest_is_a_manifest_or_none(project, tmp_path_factory, cut, flips, insert):
    cache = tmp_path_factory.mktemp("manifest")
    stored = next((project.warm / SITES_DIR).iterdir())
    output = project.root / "site"
    (cache / SITES_DIR).mkdir()
    data = _mangled(stored.read_bytes(), min(cut, stored.stat().st_size), flips, insert)
    (cache / SITES_DIR / stored.name).write_bytes(data)
    manifest = SiteManifest.for_output(cache, output)
    assert all(isinstance(e.digest, str) and type(e.size) is int for e in manifest.files.values())
    if data == stored.read_bytes():
        assert manifest.files


@fuzzed
@given(**mangling)
def test_a_mangled_search_bundle_is_used_only_when_it_is_the_stored_one(project, cut, flips, insert):
    from generator.render.search import _stored_bundle

    stored = next((project.warm / SEARCH_NAME).iterdir())
    original = _stored_bundle(stored)
    assert original is not None
    scratch = project.root.parent / "mangled-bundle"
    _delete(scratch)
    shutil.copytree(stored, scratch)
    files = sorted(p for p in scratch.rglob("*") if p.is_file())
    victim = files[cut % len(files)]
    data = victim.read_bytes()
    victim.write_bytes(_mangled(data, min(cut, len(data)), flips, insert))
    found = _stored_bundle(scratch)
    assert found is None or found == original
    assert (found is None) == (victim.read_bytes() != data)
