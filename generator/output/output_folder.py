"""The output folder belongs to digest: a build replaces all of it, so it must be one that digest made.

Every site carries a small marker file (`.digest-site`), and the site's manifest in the cache
records the folder too (`manifest.py`). A folder that has neither and is not empty holds
somebody else's files: a build refuses it unless told to replace it (`--clean-out`).
Before any work, the folder is also checked to be one that can be made at all (not a file,
not under a file, on a writable file system), so that a bad `--out` fails in a second, not
after the NLP.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..errors import ContentError
from .manifest import SiteManifest
from ..model import Page

log = logging.getLogger(__name__)

MARKER = ".digest-site"
MARKER_TEXT = (b"This folder is a site built by digest. Each build replaces its whole content;\n"
               b"keep nothing else here.\n")


class OutputFolderError(ContentError):
    """The output folder cannot or must not be written."""


def marker_page() -> Page:
    """The marker file that tells later builds the folder is a digest site."""
    return Page(MARKER, MARKER_TEXT)


def claim_output(output: Path, cache: Path, *, clean_out: bool = False) -> None:
    """Check that a build may replace `output`; raise OutputFolderError saying why not and what to do.

    `cache`: the cache folder, whose manifests record the folders digest wrote. `clean_out`: the user
    asked to replace a folder digest did not make.
    """
    output = Path(os.path.abspath(output))
    if output.is_symlink() and not output.exists():
        raise OutputFolderError(output, "the output is a broken symbolic link", hint="remove it or choose another --out")
    if output.exists() and not output.is_dir():
        raise OutputFolderError(output, "the output path is a file, not a folder",
                                hint="move the file away or choose another --out")
    blocker = _file_above(output)
    if blocker is not None:
        raise OutputFolderError(output, f"cannot make the output folder: {blocker} is a file, not a folder",
                                hint="choose another --out")
    if output.is_dir() and not _owned(output, lambda: bool(SiteManifest.for_output(cache, output).files)):
        if clean_out:
            log.warning("%s: not a folder digest built; replacing it as asked (--clean-out)", output)
        else:
            raise OutputFolderError(
                output, "the output folder is not empty and digest did not build it (it has no "
                f"{MARKER} and the cache has no record of it); a build replaces the whole folder",
                hint="choose an empty or new folder, or pass --clean-out to replace this one and lose its files")
    _probe(output)


def _owned(output: Path, recorded: Callable[[], bool]) -> bool:
    """Whether the folder is empty or one that digest wrote (the marker, or the manifest's record)."""
    marker = output / MARKER
    if (marker.is_file() and not marker.is_symlink()) or recorded():
        return True
    try:
        return not any(output.iterdir())
    except OSError:
        return False


def _file_above(output: Path) -> Path | None:
    """The nearest existing ancestor of `output` when it is not a folder (no folder can be made under it)."""
    for parent in output.parents:
        if parent.exists():
            return None if parent.is_dir() else parent
    return None


def _probe(output: Path) -> None:
    """Make the output's parent folder and a scratch folder in it: the swap needs both (a read-only or
    virtual file system fails here, before the build's work)."""
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        scratch = tempfile.mkdtemp(prefix=f".{output.name}.probe-", dir=output.parent)
    except OSError as err:
        raise OutputFolderError(output, f"cannot write beside the output folder: {err.strerror or err}",
                                hint="choose an --out on a writable disk") from None
    shutil.rmtree(scratch, ignore_errors=True)
