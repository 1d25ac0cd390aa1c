"""Stage 6: write the rendered pages, atomically.

The site is written into a temporary folder beside the output and swapped in only
when every page was written, so a failed or interrupted build leaves the previous
site exactly as it was, and files of removed articles never linger.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from .errors import DigestError
from .model import Page

log = logging.getLogger(__name__)


def safe_relative(path: str) -> PurePosixPath:
    """A page path that stays inside the output folder, or an error."""
    relative = PurePosixPath(path)
    if relative.is_absolute() or not relative.parts or any(p in ("", ".", "..") for p in relative.parts):
        raise DigestError(f"refusing to write {path!r}: outside the output folder")
    return relative


def write_site(pages: list[Page], output: Path) -> int:
    """Write `pages` as the new content of `output`; returns the number of files written."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    try:
        for page in pages:
            target = staging.joinpath(*safe_relative(page.path).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(page.content)
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(pages)


def _swap(staging: Path, output: Path) -> None:
    """Replace `output` by `staging` with two renames; the old site is deleted last."""
    staging.chmod(0o755)
    if not output.exists():
        os.replace(staging, output)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
    retired.rmdir()
    os.replace(output, retired)
    try:
        os.replace(staging, output)
    except OSError:
        os.replace(retired, output)
        raise
    shutil.rmtree(retired, ignore_errors=True)
