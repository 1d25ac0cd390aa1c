"""The spare copy of a site that the next build stages in: reused, never trusted, never published half-made."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.cache import SPARES_NAME, clear_cache
from generator.errors import DigestError
from generator.model import Page
from generator.output import staging, write
from generator.output.manifest import SiteManifest, listing
from generator.output.write import write_site

ROOT = Path(__file__).resolve().parents[2]
SITES = [
    {"index.html": b"front 1", "articles/a/index.html": b"a 1", "articles/b/index.html": b"b 1",
     "static/site.css": b"css", "entities/x/index.html": b"x 1"},
    {"index.html": b"front 2", "articles/a/index.html": b"a 2", "articles/b/index.html": b"b 1",  # edits
     "static/site.css": b"css", "entities/x/index.html": b"x 1"},
    {"index.html": b"front 3", "articles/a/index.html": b"a 2", "articles/b/index.html": b"b 1",  # additions
     "articles/c/index.html": b"c 1", "entities/y/deep/index.html": b"y 1",
     "static/site.css": b"css", "entities/x/index.html": b"x 1"},
    {"index.html": b"front 4", "articles/a/index.html": b"a 2", "static/site.css": b"css",  # deletions
     "entities/y/deep/index.html": b"y 1"},
    {"index.html": b"front 5", "articles": b"a file where a folder was", "static/site.css": b"css",  # kinds swapped
     "entities/y/deep/index.html/page.html": b"a folder where a file was"},
    {"index.html": b"front 6", "articles/a/index.html": b"a 1", "static/site.css": b"css"},
]


def build(cache: Path, out: Path, files: dict[str, bytes]) -> SiteManifest:
    """One build's write stage, with the manifest read back from the cache as a new process reads it."""
    manifest = SiteManifest.for_output(cache, out)
    write_site([Page(path, content) for path, content in files.items()], out, manifest)
    return manifest


def contents(root: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under `root`: two sites are equal when these are."""
    return {name: None if name.endswith("/") else (root / name).read_bytes() for name in listing(root)}


def spare_of(cache: Path, out: Path) -> Path:
    return staging.spare_path(SiteManifest.for_output(cache, out))


def held(folder: Path) -> int:
    """An open descriptor of `folder`: its inode cannot be given to another folder while it is open."""
    return os.open(folder, os.O_RDONLY | os.O_DIRECTORY)


def same_folder(descriptor: int, folder: Path) -> bool:
    """Whether `folder` is the one `held` opened (and closes the descriptor)."""
    try:
        return os.path.samestat(os.fstat(descriptor), os.stat(folder))
    finally:
        os.close(descriptor)


def test_the_spare_is_reused_and_every_site_equals_a_clean_build(tmp_path: Path) -> None:
    cache, out = tmp_path / "cache", tmp_path / "site"
    previous: dict[str, bytes] = {}
    for number, files in enumerate(SITES):
        spare = spare_of(cache, out)
        reused = held(spare) if spare.exists() else None
        before = {name: os.stat(out / name) for name in previous if name in files and previous[name] == files[name]}
        build(cache, out, files)
        clean = tmp_path / f"clean-{number}"
        write_site([Page(path, content) for path, content in files.items()], clean)
        assert contents(out) == contents(clean)
        if reused is not None:
            assert same_folder(reused, out)  # the spare itself was brought up to date and swapped in
        for name, stat in before.items():  # unchanged files are the same files, as rsync sees them
            after = os.stat(out / name)
            assert (after.st_ino, after.st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns)
        if previous:
            assert contents(spare) == contents(tmp_path / f"clean-{number - 1}")  # the previous site, kept
        assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("clean-")) == ["cache", "site"]
        previous = files


def test_a_file_changed_back_is_written_anew_not_taken_from_the_spare(tmp_path: Path) -> None:
    cache, out = tmp_path / "cache", tmp_path / "site"
    build(cache, out, {"index.html": b"one"})
    first = os.stat(out / "index.html")
    build(cache, out, {"index.html": b"two"})
    build(cache, out, {"index.html": b"one"})  # the spare holds the first file, with these very bytes
    again = os.stat(out / "index.html")
    assert (out / "index.html").read_bytes() == b"one"
    # A host comparing modification times would otherwise think browsers' copies of "two" still fresh.
    assert again.st_ino != first.st_ino and again.st_mtime_ns >= first.st_mtime_ns


def test_an_unchanged_build_neither_swaps_nor_touches_the_spare(tmp_path: Path) -> None:
    cache, out = tmp_path / "cache", tmp_path / "site"
    for files in SITES[:3]:
        build(cache, out, files)
    site, spare = out.stat().st_ino, spare_of(cache, out).stat().st_ino
    assert build(cache, out, SITES[2]).rewritten == 0
    assert (out.stat().st_ino, spare_of(cache, out).stat().st_ino) == (site, spare)


def damage_spare(spare: Path, elsewhere: Path) -> None:
    """What a user or another program might do to the spare: nothing of it may reach the site."""
    (spare / "foreign.html").write_bytes(b"not the site's")
    (spare / "static/site.css").unlink()
    (spare / "static/site.css").write_bytes(b"replaced by hand")  # a new file, so the live one stays
    (spare / ".index.html.1234.tmp").write_bytes(b"half a temporary file")
    for path in (spare / "articles/a").iterdir():
        path.unlink()
    (spare / "articles/a").rmdir()
    (spare / "articles/a").symlink_to(elsewhere)  # writing through it would write outside the site


@pytest.mark.parametrize("how", ["damaged", "a file", "a link to a folder", "a folder of strangers"])
def test_a_damaged_or_foreign_spare_never_reaches_the_site(tmp_path: Path, how: str) -> None:
    cache, out = tmp_path / "cache", tmp_path / "site"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_bytes(b"someone's own")
    build(cache, out, SITES[0])
    build(cache, out, SITES[1])
    spare = spare_of(cache, out)
    if how == "damaged":
        damage_spare(spare, elsewhere)
    else:
        os.rename(spare, tmp_path / "set-aside")
        if how == "a file":
            spare.write_bytes(b"not a folder")
        elif how == "a link to a folder":
            spare.symlink_to(elsewhere)
        else:
            spare.mkdir()
            (spare / "articles").write_bytes(b"a file where the site has a folder")
            (spare / "index.html").symlink_to(elsewhere / "index.html")
    live = contents(out)
    reused = held(spare) if spare.is_dir() and not spare.is_symlink() else None
    build(cache, out, SITES[2])
    write_site([Page(path, content) for path, content in SITES[2].items()], tmp_path / "clean")
    assert contents(out) == contents(tmp_path / "clean")
    if reused is not None:
        assert same_folder(reused, out)  # brought up to date, not dropped for a new copy
    assert contents(elsewhere) == {"index.html": b"someone's own"}  # nothing written through a link
    assert contents(spare) == live  # the previous site is the spare now
    build(cache, out, SITES[3])
    write_site([Page(path, content) for path, content in SITES[3].items()], tmp_path / "clean-3")
    assert contents(out) == contents(tmp_path / "clean-3")


def failing_after(writes: int, error: BaseException) -> object:
    """A `staging._write` that raises `error` on its `writes`-th call."""
    real, calls = staging._write, []

    def counted(target: str, content: bytes, replace: bool) -> None:
        calls.append(target)
        if len(calls) == writes:
            raise error
        real(target, content, replace)

    return counted


def failing_swap(folder: Path, output: Path) -> None:
    raise OSError(30, "Read-only file system")


@pytest.mark.parametrize("failure", ["disk full", "interrupted", "swap refused"])
def test_a_build_failing_while_updating_the_spare_leaves_the_site_as_it_was(tmp_path, monkeypatch, failure) -> None:
    cache, out = tmp_path / "cache", tmp_path / "site"
    build(cache, out, SITES[0])
    build(cache, out, SITES[1])  # the spare shares its unchanged files with the live site
    live, site = contents(out), out.stat().st_ino
    changed = {**SITES[2], "articles/b/index.html": b"b 2", "static/site.css": b"css 2"}  # files of both
    with monkeypatch.context() as patch:
        if failure == "swap refused":
            patch.setattr(write, "_swap", failing_swap)
        else:
            patch.setattr(staging, "_write", failing_after(
                4, OSError(28, "No space left on device") if failure == "disk full" else KeyboardInterrupt()))
        with pytest.raises((DigestError, KeyboardInterrupt)):
            build(cache, out, changed)
    assert contents(out) == live and out.stat().st_ino == site
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "site"]
    build(cache, out, changed)
    write_site([Page(path, content) for path, content in changed.items()], tmp_path / "clean")
    assert contents(out) == contents(tmp_path / "clean")


KILLED = """
import os, sys
from pathlib import Path
from generator.model import Page
from generator.output import staging
from generator.output.manifest import SiteManifest
from generator.output.write import write_site

cache, out, writes = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
real, calls = staging._write, []

def killed(target, content, replace):
    calls.append(target)
    if len(calls) == writes:
        os._exit(9)  # as if killed: no clean-up runs
    real(target, content, replace)

staging._write = killed
files = {FILES!r}
write_site([Page(path, content) for path, content in files.items()], out, SiteManifest.for_output(cache, out))
"""


@pytest.mark.parametrize("writes", [1, 3])
def test_a_build_killed_while_updating_the_spare_never_publishes_it(tmp_path: Path, writes: int) -> None:
    cache, out = tmp_path / "cache", tmp_path / "site"
    build(cache, out, SITES[0])
    build(cache, out, SITES[1])
    live, site = contents(out), out.stat().st_ino
    script = textwrap.dedent(KILLED).replace("{FILES!r}", repr(SITES[2]))
    done = subprocess.run([sys.executable, "-c", script, str(cache), str(out), str(writes)], capture_output=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 9, done.stderr.decode()
    assert contents(out) == live and out.stat().st_ino == site
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.new-")]  # the half-updated spare
    assert not spare_of(cache, out).exists()
    build(cache, out, SITES[2])  # removes what the killed build left, then builds
    write_site([Page(path, content) for path, content in SITES[2].items()], tmp_path / "clean")
    assert contents(out) == contents(tmp_path / "clean")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "clean", "site"]


def test_with_the_cache_on_another_disk_no_spare_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(staging, "same_disk", lambda folder, other: False)
    cache, out = tmp_path / "cache", tmp_path / "site"
    build(cache, out, SITES[0])
    kept = os.stat(out / "static/site.css")
    for number, files in enumerate(SITES[1:4], start=1):
        build(cache, out, files)
        write_site([Page(path, content) for path, content in files.items()], tmp_path / f"clean-{number}")
        assert contents(out) == contents(tmp_path / f"clean-{number}")
        assert not (cache / SPARES_NAME).exists()
        assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("clean-")) == ["cache", "site"]
    assert os.stat(out / "static/site.css").st_ino == kept.st_ino  # still hard-linked from the live site


def test_without_a_manifest_no_spare_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "site"
    for files in SITES[:3]:
        write_site([Page(path, content) for path, content in files.items()], out)
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_clearing_the_cache_deletes_the_spare_and_the_site_stays(tmp_path: Path) -> None:
    cache, out = tmp_path / "cache", tmp_path / "site"
    for files in SITES[:3]:
        build(cache, out, files)
    live = contents(out)
    assert SPARES_NAME in clear_cache(cache)
    assert not (cache / SPARES_NAME).exists() and contents(out) == live  # its hard links were the spare's only
    build(cache, out, SITES[3])
    write_site([Page(path, content) for path, content in SITES[3].items()], tmp_path / "clean")
    assert contents(out) == contents(tmp_path / "clean")


def test_a_page_path_leaving_the_site_is_refused_before_the_spare_changes(tmp_path: Path) -> None:
    cache, out = tmp_path / "cache", tmp_path / "site"
    build(cache, out, SITES[0])
    build(cache, out, SITES[1])
    spare, live = contents(spare_of(cache, out)), contents(out)
    with pytest.raises(DigestError, match="outside the output folder"):
        build(cache, out, {**SITES[2], "a/../../escape.html": b"x"})
    assert contents(out) == live and contents(spare_of(cache, out)) == spare
    assert not (tmp_path / "escape.html").exists()


def test_the_two_rename_swap_keeps_a_spare_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(write, "exchange", lambda a, b: False)
    cache, out = tmp_path / "cache", tmp_path / "site"
    for number, files in enumerate(SITES[:4]):
        build(cache, out, files)
        write_site([Page(path, content) for path, content in files.items()], tmp_path / f"clean-{number}")
        assert contents(out) == contents(tmp_path / f"clean-{number}")
    assert contents(spare_of(cache, out)) == contents(tmp_path / "clean-2")


@pytest.mark.parametrize("refused_step", ["listing it", "writing a file", "deleting what is left"])
def test_a_spare_that_cannot_be_updated_is_dropped_and_the_build_goes_on(tmp_path, monkeypatch, refused_step) -> None:
    cache, out = tmp_path / "cache", tmp_path / "site"
    build(cache, out, SITES[0])
    build(cache, out, SITES[1])
    spare = held(spare_of(cache, out))
    name = {"listing it": "_entries", "writing a file": "_write", "deleting what is left": "_remove"}[refused_step]
    real, refused = getattr(staging, name), []

    def refusing(root: str, *args: object) -> object:
        # Only in the spare: the first call (a new copy has nothing to list or delete, so it is not refused).
        if not refused and (name != "_remove" or args[0]):
            refused.append(root)
            raise PermissionError(13, "Permission denied", root)
        return real(root, *args)

    monkeypatch.setattr(staging, name, refusing)
    build(cache, out, SITES[3])
    assert refused and not same_folder(spare, out)  # a new copy was staged
    write_site([Page(path, content) for path, content in SITES[3].items()], tmp_path / "clean")
    assert contents(out) == contents(tmp_path / "clean")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "clean", "site"]


def test_a_build_that_must_not_use_the_cache_neither_uses_nor_keeps_a_spare(tmp_path: Path) -> None:
    cache, out = tmp_path / "cache", tmp_path / "site"
    build(cache, out, SITES[0])
    build(cache, out, SITES[1])
    spare = spare_of(cache, out)
    kept = contents(spare)
    for number, files in enumerate(SITES[2:4], start=2):  # as `digest build --no-cache` writes
        write_site([Page(path, content) for path, content in files.items()], out, SiteManifest.for_output(cache, out),
                   spare=False)
        write_site([Page(path, content) for path, content in files.items()], tmp_path / f"clean-{number}")
        assert contents(out) == contents(tmp_path / f"clean-{number}")
        assert contents(spare) == kept
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("clean-")) == ["cache", "site"]
