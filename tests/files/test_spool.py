"""The spool: byte strings kept in an unnamed scratch file, read back by where they were put."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.files.spool import Spool, SpooledBytes


def test_what_is_put_is_read_back_in_any_order_between_writes(tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    first = spool.put(b"uno")
    second = spool.put(b"")
    assert spool.get(first) == b"uno"
    third = spool.put(b"tres" * 1000)  # written after a read: at the end, not over what was read
    assert (spool.get(third), spool.get(second), spool.get(first)) == (b"tres" * 1000, b"", b"uno")
    assert spool.size == 3 + 4000


def test_the_scratch_file_has_no_name_in_its_folder(tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    spool.put(b"x" * 100_000)
    assert list(tmp_path.iterdir()) == []
    spool.close()
    with pytest.raises(KeyError):
        spool.get((0, 1))


def test_a_folder_that_cannot_hold_it_leaves_it_to_the_temporary_folder(tmp_path: Path) -> None:
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    spool = Spool(blocked / "cache")
    assert spool.get(spool.put(b"kept")) == b"kept"


def test_a_place_it_never_gave_is_a_key_error(tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    spool.put(b"abc")
    with pytest.raises(KeyError):
        spool.get((2, 5))


def test_a_forked_child_may_not_move_its_parents_file() -> None:
    spool = Spool()
    place = spool.put(b"parent")
    pid = os.fork()
    if pid == 0:  # the child: reading would move the position the parent writes at
        try:
            spool.get(place)
        except RuntimeError:
            os._exit(0)
        os._exit(1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert spool.get(spool.put(b"again")) == b"again" and spool.get(place) == b"parent"


def test_spooled_bytes_are_a_mapping_whose_values_wait_in_the_spool(tmp_path: Path) -> None:
    documents = SpooledBytes(Spool(tmp_path))
    documents["b.html"] = b"<p>b</p>"
    documents["a.html"] = b"<p>a</p>"
    assert list(documents) == ["b.html", "a.html"] and dict(documents) == {"b.html": b"<p>b</p>", "a.html": b"<p>a</p>"}
    assert documents.length("a.html") == 8
    part = documents.subset(["a.html"])
    assert dict(part) == {"a.html": b"<p>a</p>"} and len(documents) == 2
    del documents["a.html"]
    assert "a.html" not in documents and part["a.html"] == b"<p>a</p>"


def test_reads_and_writes_that_take_part_of_the_bytes_are_carried_on(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    real_read, real_write = os.pread, os.pwrite
    monkeypatch.setattr(os, "pread", lambda fd, n, at: real_read(fd, min(n, 7), at))
    monkeypatch.setattr(os, "pwrite", lambda fd, data, at: real_write(fd, data[:5], at))
    spool = Spool(tmp_path)
    first, second = spool.put(b"0123456789" * 3), spool.put(b"abc")
    assert (spool.get(second), spool.get(first)) == (b"abc", b"0123456789" * 3)
