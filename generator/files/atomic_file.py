"""One file replaced whole: written beside its place, then renamed over it, so a reader never sees half of it."""

from __future__ import annotations

import os
from pathlib import Path


def replace_file(path: Path, data: bytes) -> None:
    """Make `path` hold `data` (its folders made when missing); on failure it is as it was and OSError is raised."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        try:
            temporary.write_bytes(data)
        except FileNotFoundError:  # a new folder (most files replace one whose folder is there)
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
