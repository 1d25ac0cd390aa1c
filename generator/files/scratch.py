"""Scratch folders: named after the process that made them, so that those of killed processes can be found and
removed, and in memory when the work makes many small files."""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)


def alive(pid: int) -> bool:
    """Whether process `pid` still runs (its folders may be work in progress)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def own_folder(prefix: str, parent: Path | None = None) -> Path:
    """A new empty folder `<prefix><pid>-<random>` in `parent` (default: the system's temporary folder)."""
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=parent))


def remove_orphans(prefix: str, parent: Path | None = None) -> None:
    """Delete the folders `own_folder(prefix, parent)` made for processes that are gone."""
    parent = Path(tempfile.gettempdir()) if parent is None else parent
    pattern = re.compile(rf"{re.escape(prefix)}(\d+)-[^/]*")
    try:
        entries = list(parent.iterdir())
    except OSError:
        return  # nothing of ours can be there
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match and not alive(int(match[1])) and entry.is_dir() and not entry.is_symlink():
            log.debug("removing %s, left by an interrupted process", entry)
            shutil.rmtree(entry, ignore_errors=True)


#: A file system in memory that Linux mounts for every process: creating thousands of small files there
#: costs no disk metadata writes (on some disks that is most of the time of a tool run on them).
MEMORY_FOLDER = Path("/dev/shm")


def memory_parent(size: int) -> Path | None:
    """A folder in memory with room for `size` bytes four times over, or None (use the temporary folder)."""
    try:
        if MEMORY_FOLDER.is_dir() and os.access(MEMORY_FOLDER, os.W_OK | os.X_OK) \
                and shutil.disk_usage(MEMORY_FOLDER).free > 4 * size + (64 << 20):
            return MEMORY_FOLDER
    except OSError:
        pass
    return None
