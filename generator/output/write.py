"""Stage 6: write the rendered pages, atomically.

The site is staged in a folder beside the output (`.site.new-<pid>-*`), each page as it is
rendered (`StagedSite`, so a build never holds the whole site), and swapped in only when every
page was written, so a failed or interrupted build leaves the previous site exactly
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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
    with StagedSite(output, manifest, spare=spare) as site:
        for page in pages:  # every path checked before anything changes
            staging.checked(page.path)
        for page in pages:
            site.add(page)
        return site.finish()


class WriteError(DigestError):
    """The site could not be written (disk full, read-only); the previous site is kept."""


class StagedSite:
    """A new site for `output`, staged page by page as they come (`add`) and swapped in whole (`finish`).

    Used as a context manager: leaving it before `finish` (an error, Ctrl-C) discards what was staged,
    and the previous site stays as it was. Of each page only its path and digest are kept. With a
    `manifest`, staging starts at the first page whose bytes changed (the unchanged ones before it are
    then hard-linked), so a build that changed nothing stages nothing.
    """

    def __init__(self, output: Path, manifest: SiteManifest | None = None, *, spare: bool = True) -> None:
        output = output.resolve()
        if output.exists() and not output.is_dir():
            raise DigestError(f"{output}: the output path is a file, not a folder (move it or choose another --out)")
        self.output, self.manifest = output, manifest
        self._spare = staging.spare_path(manifest) if manifest is not None and spare else None
        self._files: dict[str, str] = {}
        """Path → digest of its bytes ("" without a manifest) of every page given; the last one of a path wins."""
        self._names: dict[str, str] = {}
        """Path → the name the file system gives it (`staging.checked`)."""
        self._kept: dict[str, int] = {}
        """Path → inode of the files of the output the manifest vouches for, unchanged."""
        self._filling: staging.Filling | None = None
        self._from_spare = False
        self._finished = False
        with self._writing():
            output.parent.mkdir(parents=True, exist_ok=True)
            recover_leftovers(output)

    def __enter__(self) -> StagedSite:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if not self._finished:
            self.discard()

    def add(self, page: Page) -> None:
        """Stage `page` (a later page of the same path replaces it)."""
        name = self._names[page.path] = staging.checked(page.path)
        content_digest = self._files[page.path] = digest(page.content) if self.manifest is not None else ""
        inode = None
        if self.manifest is not None and self.manifest.unchanged(self.output, page.path, content_digest):
            inode = self._kept[page.path] = self.manifest.files[page.path].inode
        else:
            self._kept.pop(page.path, None)
        if self._filling is None and inode is not None:
            return  # linked if staging starts
        with self._writing():
            self._fill(lambda filling: filling.add(name, page.content, inode))

    def finish(self) -> int:
        """Swap the staged site in (unless it is the site already); returns the number of files it has."""
        with self._writing():
            return self._finish()

    def discard(self) -> None:
        """Drop what was staged (kept as the spare when there is a place for one); the site stays as it was."""
        self._finished = True
        if self._filling is not None:
            _discard(self._filling.folder, self._spare, self.output)
            self._filling = None

    def _finish(self) -> int:
        latest, manifest = self._files, self.manifest
        if (manifest is not None and self._filling is None and len(self._kept) == len(latest)
                and listing(self.output) == expected_listing(latest)):
            log.info("site unchanged: nothing written")
            self._finished = True
            manifest.rewritten = 0
            manifest.files = {path: manifest.files[path] for path in latest}  # already checked against the disk
            return len(latest)
        self._fill(lambda filling: filling.finish())
        assert self._filling is not None
        folder, self._filling = self._filling.folder, None
        self._finished = True
        try:
            retired = _swap(folder, self.output)
        except BaseException:
            _discard(folder, self._spare, self.output)
            raise
        if retired is not None:
            _discard(retired, self._spare, self.output)
        if manifest is not None:
            manifest.save(self.output, latest)
            manifest.rewritten = len(latest) - len(self._kept)
            log.info("wrote %d changed files, kept %d", len(latest) - len(self._kept), len(self._kept))
        return len(latest)

    def _fill(self, step: Callable[[staging.Filling], None]) -> None:
        """Run `step` on the staging folder (started if need be); a spare that cannot be updated is dropped for a new copy."""
        if self._filling is None:
            self._start()
        assert self._filling is not None
        try:
            step(self._filling)
        except OSError as err:
            if not self._from_spare or err.errno in _DISK_FULL:
                raise
            # A spare that cannot be updated (made read-only by hand, say) is dropped, not the build.
            log.debug("%s: the spare cannot be brought up to date (%s); staging a new copy", self._spare, err)
            self._restage()
            step(self._filling)

    def _start(self) -> None:
        """Stage in the spare when there is one, else in a new folder; the unchanged pages given so far are linked."""
        folder = self._new_folder()
        try:
            self._from_spare = self._spare is not None and staging.claim(self._spare, folder)
            try:
                self._filling = staging.Filling(folder, self.output)
            except OSError as err:  # a spare that cannot even be listed
                if not self._from_spare or err.errno in _DISK_FULL:
                    raise
                log.debug("%s: the spare cannot be brought up to date (%s); staging a new copy", self._spare, err)
                shutil.rmtree(folder, ignore_errors=True)
                folder = self._new_folder()
                self._from_spare, self._filling = False, staging.Filling(folder, self.output)
        except BaseException:
            _discard(folder, self._spare, self.output)
            raise
        for path, inode in list(self._kept.items()):
            self._fill(lambda filling: filling.add(self._names[path], None, inode))

    def _restage(self) -> None:
        """Move what was staged so far into a new folder, dropping the spare it was staged in."""
        assert self._filling is not None
        old = self._filling
        folder = self._new_folder()
        try:
            fresh = staging.Filling(folder, self.output)
            for name in old.done:
                fresh.take(name, old.folder)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        self._filling, self._from_spare = fresh, False
        shutil.rmtree(old.folder, ignore_errors=True)

    def _new_folder(self) -> Path:
        """An empty staging folder beside the output."""
        return Path(tempfile.mkdtemp(prefix=_prefix(self.output, "new"), dir=self.output.parent))

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """An OSError said as a WriteError naming the output folder, with what to do."""
        try:
            yield
        except OSError as err:
            hint = ("free some space on that disk" if err.errno in _DISK_FULL
                    else "check that the output folder is on a writable disk")
            raise WriteError(f"{self.output}: cannot write the site: {err.strerror or err} ({hint}); "
                             f"the previous site was left as it was") from None


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
