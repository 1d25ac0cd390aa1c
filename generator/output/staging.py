"""The folder a build stages the next site in: the spare copy the build before kept, brought up to date.

After a swap the previous site is not deleted: when the cache folder is on the same disk as
the output, it is moved into the cache as this output's spare (`.digest-cache/site-spares/<id>/`),
and the next build moves it beside the output and makes it equal to the new site in place:
it deletes what the new site lacks, makes the folders it lacks and replaces only the files that
differ, so an edit touches a handful of files instead of making and deleting every page folder.

Nothing in a spare is trusted. A file of it is kept only when it is the very file of the output
(same inode) that the site's manifest vouches for, byte for byte; every other file is written
anew, anything the site does not have (a foreign file, a link, a half-written temporary) is
deleted. A damaged, foreign or half-updated spare therefore only costs time, and deleting it
(or the whole cache folder) is always safe. Files are replaced by a rename, never written into:
the spare's unchanged files are hard links shared with the live site.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
from pathlib import Path

from ..cache import SPARES_NAME
from ..urls import safe_relative
from .manifest import SiteManifest, expected_listing

log = logging.getLogger(__name__)


def spare_path(manifest: SiteManifest) -> Path:
    """Where the spare copy of the manifest's output folder is kept (named like its manifest)."""
    cache_dir = manifest.location.parent.parent  # the manifest is `<cache>/sites/<id>.json`
    return cache_dir / SPARES_NAME / manifest.location.stem


def claim(spare: Path, staging: Path) -> bool:
    """Move the spare into the empty folder `staging`; False (staging left empty) when there is none to use.

    The rename is also the lock: of two builds at once, one gets the spare, the other stages afresh.
    """
    try:
        os.rename(spare, staging)
    except FileNotFoundError:
        return False
    except OSError as err:
        log.debug("%s: not used as the spare (%s)", spare, err)
        _drop(spare, err)
        return False
    return True


def _drop(spare: Path, err: OSError) -> None:
    """Delete what is in the spare's place and can never be one: not a folder, or a folder on another disk."""
    try:
        if spare.is_symlink() or (spare.exists() and not spare.is_dir()):
            spare.unlink()
        elif err.errno == errno.EXDEV:
            shutil.rmtree(spare)
    except OSError as failed:  # only a cache folder that cannot be written; the build goes on without a spare
        log.debug("%s: cannot be removed (%s)", spare, failed)


class Filling:
    """A folder made to hold exactly the files given one by one (`add`), then nothing else (`finish`).

    What the folder held before (a spare) is listed first; a file given is kept when it is the
    very file of the output vouched for, otherwise written anew, and what was in the way of a
    file or its folders is deleted then; what the new site lacks is deleted at the end.
    """

    def __init__(self, folder: Path, output: Path) -> None:
        self.folder = folder
        self.written = 0
        """Files written (the others were kept or hard-linked)."""
        self.done: dict[str, None] = {}
        """The names of the files given so far, in order."""
        self._root, self._source = os.fspath(folder), os.fspath(output)
        self._found, self._regular = _entries(self._root)
        self._folders: set[str] = set()
        """Folders known to be real folders of `folder` (named with a final `/`)."""
        self._device: int | None = None

    def add(self, name: str, content: bytes | None, inode: int | None) -> None:
        """Place the file `name` (as `checked` names it): `content`, or the output's file `inode`, which
        the manifest vouches holds it (None content: read from there if it cannot be linked)."""
        target, exists = f"{self._root}/{name}", name in self._found
        self._make_parents(name)
        if f"{name}/" in self._found:  # a folder where the file goes
            shutil.rmtree(target)
            self._forget(f"{name}/")
            exists = False
        if inode is not None and name in self._regular and _same_file(target, self._output_device(), inode):
            pass
        elif inode is None or not _linked(f"{self._source}/{name}", target, exists):
            if content is None:
                with open(f"{self._source}/{name}", "rb") as file:
                    content = file.read()
            _write(target, content, exists)
            self.written += 1
        self._placed(name)

    def take(self, name: str, other: Path) -> None:
        """Place the file `name` as it is in the folder `other` (hard-linked when it can be)."""
        self._make_parents(name)
        target, source = f"{self._root}/{name}", f"{os.fspath(other)}/{name}"
        if not _linked(source, target, name in self._found):
            with open(source, "rb") as file:
                _write(target, file.read(), name in self._found)
        self._placed(name)

    def _placed(self, name: str) -> None:
        self._found.add(name)
        self._regular.add(name)
        self.done[name] = None

    def finish(self) -> None:
        """Delete what the folder holds besides the files given and their folders."""
        _remove(self._root, sorted(self._found - expected_listing(self.done)))

    def _make_parents(self, name: str) -> None:
        parent = name.rpartition("/")[0]
        if not parent or f"{parent}/" in self._folders:
            return
        self._make_parents(parent)
        if f"{parent}/" not in self._found:
            if parent in self._found:  # a file or link where the folder goes: never written through
                os.unlink(f"{self._root}/{parent}")
                self._forget(parent)
            os.mkdir(f"{self._root}/{parent}")
            self._found.add(f"{parent}/")
        self._folders.add(f"{parent}/")

    def _forget(self, name: str) -> None:
        """Forget the entry `name` deleted, with everything under it when it is a folder."""
        self._found.discard(name)
        self._regular.discard(name)
        if name.endswith("/"):
            self._found = {entry for entry in self._found if not entry.startswith(name)}
            self._regular = {entry for entry in self._regular if not entry.startswith(name)}

    def _output_device(self) -> int:
        if self._device is None:
            self._device = os.stat(self._source).st_dev
        return self._device


def keep(retired: Path, spare: Path, output: Path) -> bool:
    """Make the previous site, `retired` (beside `output`), the spare; False when it cannot be kept there."""
    if not same_disk(spare.parent, output.parent):
        return False
    try:
        spare.parent.mkdir(parents=True, exist_ok=True)
        os.rename(retired, spare)  # fails when another build kept its own spare there first
    except OSError as err:
        log.debug("%s: the previous site is not kept as a spare (%s)", spare, err)
        return False
    return True


def same_disk(folder: Path, other: Path) -> bool:
    """Whether `folder` (or the nearest of its parents that exists) is on the file system of `other`."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        return os.stat(folder).st_dev == os.stat(other).st_dev
    except OSError:
        return False


def checked(path: str) -> str:
    """`path` as the file system names it, once `safe_relative` found it inside the output folder."""
    if path.startswith("/") or any(part in ("", ".", "..") for part in path.split("/")):
        return safe_relative(path).as_posix()  # refuses a path that leaves the folder
    return path


def _entries(root: str) -> tuple[set[str], set[str]]:
    """What `root` holds, named as `expected_listing` names it (folders end in `/`), and which are regular files.

    A link to a folder counts as a file here (it is deleted, never followed).
    """
    found: set[str] = set()
    regular: set[str] = set()
    pending = [("", root)]
    while pending:
        prefix, path = pending.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                name = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    found.add(name + "/")
                    pending.append((name + "/", entry.path))
                else:
                    found.add(name)
                    if entry.is_file(follow_symlinks=False):
                        regular.add(name)
    return found, regular


def _remove(root: str, extra: list[str]) -> None:
    """Delete the entries `extra` of `root` (sorted, so a folder comes before what it holds)."""
    removed: list[str] = []
    for name in extra:
        if removed and name.startswith(removed[-1]):
            continue  # inside a folder already deleted
        target = os.path.join(root, name)
        if name.endswith("/"):
            shutil.rmtree(target)
            removed.append(name)
        else:
            os.unlink(target)


def _same_file(target: str, device: int | None, inode: int) -> bool:
    try:
        stat = os.lstat(target)
    except OSError:
        return False
    return (stat.st_dev, stat.st_ino) == (device, inode)


def _temporary(target: str) -> str:
    folder, _, name = target.rpartition("/")
    return f"{folder}/.{name}.{os.getpid()}.tmp"


def _linked(existing: str, target: str, replace: bool) -> bool:
    """Hard-link an unchanged file of the output to `target`; False where the file system cannot."""
    link = _temporary(target) if replace else target
    try:
        os.link(existing, link)
    except OSError:
        return False
    if replace:
        os.replace(link, target)
    return True


def _write(target: str, content: bytes, replace: bool) -> None:
    """Write `target`; an existing one is replaced by a rename, since it may be a file of the live site."""
    temporary = _temporary(target) if replace else target
    Path(temporary).write_bytes(content)
    if replace:
        os.replace(temporary, target)
