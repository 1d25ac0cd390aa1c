"""Edits made to a test project, as functions of its root folder (for the catalogues of faults)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


def write(relative: str, data: str | bytes) -> Callable[[Path], None]:
    """Write `data` (text as UTF-8) to the file `relative` below the root, making its folders."""
    def add(root: Path) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return add
