"""Reading only regular files: a named pipe, socket or device among the sources must never block or leak into a build.

Opening a FIFO for reading waits until some process writes to it, so a `mkfifo` in the content
or theme folder would hang a build forever; a device such as `/dev/zero` never ends. Every
source file is therefore checked (following symbolic links) before it is opened.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder"))


class NotRegularFile(OSError):
    """A path that exists but is not a regular file (an OSError, like the other reasons a file cannot be read)."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"{kind}, not a regular file")
        self.strerror = f"{kind}, not a regular file"
        self.filename = str(path)
        self.kind = kind


def special_kind(path: Path) -> str | None:
    """What `path` is when it exists but is no regular file (`a named pipe (FIFO)`, ...); None otherwise."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _KINDS if test(mode)), "not a regular file")


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """The bytes of the regular file `path`; NotRegularFile for anything else (never blocks on a FIFO).

    The file is opened without blocking and checked again through the open descriptor, so a
    path swapped for a pipe between the check and the open is refused too. With `limit`, at most
    that many bytes plus one are read (the caller tells an oversized file by the length).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if (kind := special_kind(path)) is not None and kind != "a folder":
        raise NotRegularFile(path, kind)
    descriptor = os.open(path, flags)
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, next((k for test, k in _KINDS if test(mode)), "not a regular file"))
        os.set_blocking(descriptor, True)
        with os.fdopen(descriptor, "rb", closefd=True) as handle:
            descriptor = -1
            return handle.read() if limit is None else handle.read(limit + 1)
    finally:
        if descriptor >= 0:
            os.close(descriptor)
