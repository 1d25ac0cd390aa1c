"""Stage 6: write the rendered pages, atomically.

The site is staged in a folder beside the output (`.site.new-<pid>-*`) and swapped in only
when every page was written, so a failed or interrupted build leaves the previous site exactly
as it was, and files of removed articles never linger. On Linux the swap is one atomic
`renameat2(RENAME_EXCHANGE)`; elsewhere it is two renames, and a build killed between them is
repaired by the next one, which also deletes the staging folders that killed builds left behind.

Given the manifest of the last build (`manifest.py`), a file whose bytes did not change is
hard-linked into the staging folder instead of written again, so it keeps its inode and
modification time (rsync and static hosts see it unchanged), and a build that changed no file
does not swap at all. The previous site is then kept in the cache folder as the spare that the
next build stages in, updating only what changed (`staging.py`); without a manifest, in a build
that must not use the cache folder (`--no-cache`) or with a cache folder on another disk, it is
deleted and the next build stages a whole new copy.
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from ..errors import DigestError
from ..fingerprints import content_digest as digest
from .manifest import SiteManifest, expected_listing, listing
from ..model import Page
from ..files.scratch import alive
from . import staging

log = logging.getLogger(__name__)

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_DISK_FULL = (errno.ENOSPC, errno.EDQUOT)
_LEFTOVER = re.compile(r"\.(?P<name>.+)\.(?P<kind>new|old)-(?P<pid>\d+)-[^/]*")


def write_site(pages: list[Page], output: Path, manifest: SiteManifest | None = None, *, spare: bool = True) -> int:
    """Write `pages` as the new content of `output`; returns the number of files the site has.

    With the `manifest` of the last build, files whose bytes did not change are not written
    again: the new site is staged with hard links to them, and when no file changed at all
    the site is left untouched. Unless `spare` is False (a build that must not use the cache
    folder), the site is staged in the spare copy kept in the manifest's cache folder, and the
    previous site kept there in its turn.
    """
    output = output.resolve()
    if output.exists() and not output.is_dir():
        raise DigestError(f"{output}: the output path is a file, not a folder (move it or choose another --out)")
    try:
        return _write(pages, output, manifest, spare)
    except OSError as err:
        hint = ("free some space on that disk" if err.errno in _DISK_FULL
                else "check that the output folder is on a writable disk")
        raise WriteError(f"{output}: cannot write the site: {err.strerror or err} ({hint}); "
                         f"the previous site was left as it was") from None


class WriteError(DigestError):
    """The site could not be written (disk full, read-only); the previous site is kept."""


def _write(pages: list[Page], output: Path, manifest: SiteManifest | None, keeps_spare: bool) -> int:
    output.parent.mkdir(parents=True, exist_ok=True)
    recover_leftovers(output)
    latest = {page.path: page.content for page in pages}  # the last one wins
    digests = {path: digest(content) for path, content in latest.items()} if manifest is not None else {}
    kept = {path: manifest.files[path].inode for path in latest
            if manifest is not None and manifest.unchanged(output, path, digests[path])}
    if manifest is not None and len(kept) == len(latest) and listing(output) == expected_listing(latest):
        log.info("site unchanged: nothing written")
        manifest.rewritten = 0
        manifest.files = {path: manifest.files[path] for path in latest}  # already checked against the disk
        return len(latest)
    spare = staging.spare_path(manifest) if manifest is not None and keeps_spare else None
    folder = _staged(latest, output, kept, spare)
    try:
        retired = _swap(folder, output)
    except BaseException:
        _discard(folder, spare, output)
        raise
    if retired is not None:
        _discard(retired, spare, output)
    if manifest is not None:
        manifest.save(output, digests)
        manifest.rewritten = len(latest) - len(kept)
        log.info("wrote %d changed files, kept %d", len(latest) - len(kept), len(kept))
    return len(latest)


def _staged(latest: dict[str, bytes], output: Path, kept: dict[str, int], spare: Path | None) -> Path:
    """A folder beside `output` holding exactly the new site: the spare brought up to date, or a new one."""
    folder = Path(tempfile.mkdtemp(prefix=_prefix(output, "new"), dir=output.parent))
    try:
        if spare is not None and staging.claim(spare, folder):
            try:
                staging.fill(folder, latest, output, kept)
                return folder
            except OSError as err:
                if err.errno in _DISK_FULL:
                    raise
                # A spare that cannot be updated (made read-only by hand, say) is dropped, not the build.
                log.debug("%s: the spare cannot be brought up to date (%s); staging a new copy", spare, err)
                shutil.rmtree(folder, ignore_errors=True)
                folder = Path(tempfile.mkdtemp(prefix=_prefix(output, "new"), dir=output.parent))
        staging.fill(folder, latest, output, kept)
    except BaseException:
        _discard(folder, spare, output)
        raise
    return folder


def _discard(folder: Path, spare: Path | None, output: Path) -> None:
    """Keep a folder that is no longer needed as the spare, when there is a place for one; otherwise delete it."""
    if spare is None or not staging.keep(folder, spare, output):
        shutil.rmtree(folder, ignore_errors=True)


def recover_leftovers(output: Path) -> None:
    """Delete the staging folders of killed builds; put back a site a build was killed while swapping."""
    for leftover in sorted(output.parent.iterdir()):
        match = _LEFTOVER.fullmatch(leftover.name)
        if not match or match["name"] != output.name or not leftover.is_dir() or alive(int(match["pid"])):
            continue
        if match["kind"] == "old" and not output.exists():
            os.replace(leftover, output)
            log.warning("%s: restored the previous site, which an interrupted build had moved aside", output)
        else:
            log.debug("removing %s, left by an interrupted build", leftover)
            shutil.rmtree(leftover, ignore_errors=True)


def _prefix(output: Path, kind: str) -> str:
    return f".{output.name}.{kind}-{os.getpid()}-"


def _swap(folder: Path, output: Path) -> Path | None:
    """Put `folder` in the place of `output`; returns where the previous site now is (None: there was none)."""
    folder.chmod(0o755)
    if not output.exists():
        os.replace(folder, output)
        return None
    if exchange(folder, output):
        return folder
    retired = Path(tempfile.mkdtemp(prefix=_prefix(output, "old"), dir=output.parent))
    retired.rmdir()
    os.replace(output, retired)
    try:
        os.replace(folder, output)
    except OSError:
        os.replace(retired, output)
        raise
    return retired


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux `renameat2`); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # a file system or kernel without RENAME_EXCHANGE
    raise OSError(code, os.strerror(code), str(a), None, str(b))
