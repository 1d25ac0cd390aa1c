import os
import subprocess
import sys

import pytest

from generator.output import write
from generator.errors import DigestError
from generator.model import Page
from generator.output.write import write_site


def test_writes_pages_and_replaces_the_previous_site_entirely(tmp_path):
    out = tmp_path / "site"
    write_site([Page("index.html", b"one"), Page("articles/a/index.html", b"a")], out)
    assert (out / "articles/a/index.html").read_bytes() == b"a"
    write_site([Page("index.html", b"two")], out)
    assert (out / "index.html").read_bytes() == b"two"
    assert not (out / "articles").exists()  # pages of removed articles never linger
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no staging folders left behind


def test_a_failed_write_leaves_the_previous_site_untouched(tmp_path):
    out = tmp_path / "site"
    write_site([Page("index.html", b"good")], out)
    with pytest.raises(DigestError, match="outside the output folder"):
        write_site([Page("index.html", b"new"), Page("../escape.html", b"x")], out)
    assert (out / "index.html").read_bytes() == b"good"
    assert not (tmp_path / "escape.html").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def snapshot(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def dead_pid() -> int:
    """The id of a process that has exited (its folders are leftovers of a killed build)."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    return int(done.stdout)


def test_the_swap_is_one_atomic_exchange_on_linux(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    (a / "x").write_text("from a")
    (b / "y").write_text("from b")
    swapped = write.exchange(a, b)
    assert swapped == sys.platform.startswith("linux")  # elsewhere: the two-rename fallback, tested below
    if swapped:
        assert (a / "y").read_text() == "from b" and (b / "x").read_text() == "from a"
    else:
        assert (a / "x").read_text() == "from a" and (b / "y").read_text() == "from b"


def test_without_atomic_exchange_two_renames_replace_the_site(tmp_path, monkeypatch):
    monkeypatch.setattr(write, "exchange", lambda a, b: False)
    out = tmp_path / "site"
    write_site([Page("index.html", b"one"), Page("articles/a/index.html", b"a")], out)
    write_site([Page("index.html", b"two")], out)
    assert snapshot(out) == {"index.html": b"two"}
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_leftovers_of_killed_builds_are_removed_and_live_builds_are_left_alone(tmp_path):
    out = tmp_path / "site"
    write_site([Page("index.html", b"one")], out)
    dead, alive = dead_pid(), os.getppid()
    for name in (f".site.new-{dead}-abc", f".site.old-{dead}-def", f".site.new-{alive}-ghi"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_bytes(b"partial")
    (tmp_path / ".other.new-1-x").mkdir()  # not this site's
    write_site([Page("index.html", b"two")], out)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.new-1-x", f".site.new-{alive}-ghi", "site"]
    assert snapshot(out) == {"index.html": b"two"}


def test_a_site_moved_aside_by_a_build_killed_mid_swap_is_restored(tmp_path):
    out = tmp_path / "site"
    retired = tmp_path / f".site.old-{dead_pid()}-xyz"
    retired.mkdir()
    (retired / "index.html").write_bytes(b"previous")
    # This build fails, so what the visitor sees must be the restored previous site.
    with pytest.raises(DigestError):
        write_site([Page("index.html", b"new"), Page("/etc/passwd", b"x")], out)
    assert snapshot(out) == {"index.html": b"previous"}
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_an_output_path_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "site").write_text("not a folder")
    with pytest.raises(DigestError, match="is a file, not a folder"):
        write_site([Page("index.html", b"x")], tmp_path / "site")
    assert (tmp_path / "site").read_text() == "not a folder"


def test_a_replaced_file_is_whole_or_as_it_was(tmp_path, monkeypatch):
    from generator.files import atomic_file

    target = tmp_path / "new/folder/file.json"
    atomic_file.replace_file(target, b"first")  # its folders are made
    assert target.read_bytes() == b"first"

    def failing(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_file.os, "replace", failing)
    with pytest.raises(OSError):
        atomic_file.replace_file(target, b"second")
    assert target.read_bytes() == b"first" and sorted(p.name for p in target.parent.iterdir()) == ["file.json"]
