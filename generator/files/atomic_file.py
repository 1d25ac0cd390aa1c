"""One file replaced whole: written beside its place, then renamed over it, so a reader never sees half of it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def replace_file(path: Path, data: bytes) -> None:
    """Make `path` hold `data` (its folders made when missing); on failure it is as it was and OSError is raised."""
    with replaced(path) as file:
        file.write(data)


@contextmanager
def replaced(path: Path) -> Iterator[BinaryIO]:
    """A file to write what `path` will hold, put in its place when the block ends without an error.

    For data too big to hold whole in memory; on failure `path` is as it was.
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        try:
            file = open(temporary, "wb")
        except FileNotFoundError:  # a new folder (most files replace one whose folder is there)
            path.parent.mkdir(parents=True, exist_ok=True)
            file = open(temporary, "wb")
        with file:
            yield file
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
