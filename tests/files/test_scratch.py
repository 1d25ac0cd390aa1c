"""Scratch folders: in memory when there is room, else in the system's temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import generator.files.scratch as scratch
from generator.files.scratch import memory_parent


def test_a_memory_folder_with_room_is_used_and_one_without_is_not(tmp_path, monkeypatch):
    monkeypatch.setattr(scratch, "MEMORY_FOLDER", tmp_path)
    free = shutil.disk_usage(tmp_path).free
    assert memory_parent(1000) == tmp_path
    assert memory_parent(free // 4) is None  # four times the work must fit, and a margin
    monkeypatch.setattr(scratch, "MEMORY_FOLDER", tmp_path / "absent")
    assert memory_parent(1000) is None


def test_a_memory_folder_that_cannot_be_written_is_not_used(tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    monkeypatch.setattr(scratch, "MEMORY_FOLDER", locked)
    monkeypatch.setattr(scratch.os, "access", lambda path, mode: Path(path) != locked)
    assert memory_parent(1000) is None
