"""What the last build wrote into an output folder, so the next one rewrites only what changed.

The manifest lives in the cache folder (never in the site, which is published as it is),
one file per output folder. Each entry records a written file's digest with its size,
modification time and inode: an entry counts only while the file on disk still has all
three, so a site edited, replaced or deleted by hand is simply written again. A manifest
that is not exactly of the shape written counts as none (every file is written again).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass, field
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from ..files.atomic_file import replace_file
from ..cache import StoreWarnings

log = logging.getLogger(__name__)

VERSION = 1
#: The folder of the cache that holds the manifests.
SITES_DIR = "sites"


@dataclass(frozen=True)
class Entry:
    """One written file: its digest and the stat fields that show it is still the file written."""

    digest: str
    size: int
    mtime_ns: int
    inode: int

    def matches(self, stat: os.stat_result) -> bool:
        return (stat.st_size, stat.st_mtime_ns, stat.st_ino) == (self.size, self.mtime_ns, self.inode)


@dataclass
class SiteManifest:
    """The files of one output folder as the last build left them (`path` → Entry)."""

    location: Path
    output: Path
    files: dict[str, Entry] = field(default_factory=dict)
    rewritten: int = 0
    """Files the last write wrote (the others were kept as they were)."""
    inputs: str = ""
    """The `inputs.input_digest` of the build that wrote the files ("" if unknown)."""
    summary: dict[str, Any] = field(default_factory=dict)
    """What that build reported: its counts and warnings, shown again when nothing is to be done."""
    warnings: StoreWarnings = field(default_factory=StoreWarnings, compare=False, repr=False)
    """Where a failure to save it is said (the build's, shared with its other stores in the cache folder)."""

    @classmethod
    def for_output(cls, cache_dir: Path, output: Path, warnings: StoreWarnings | None = None) -> SiteManifest:
        """The manifest of `output`, stored under `cache_dir`; empty when there is none or it is not one.

        `warnings`: where a failure to save it is said (none: a fresh one).
        """
        name = hashlib.blake2b(os.fsencode(output.resolve()), digest_size=8).hexdigest()
        manifest = cls(cache_dir / SITES_DIR / f"{name}.json", output.resolve(),
                       warnings=warnings if warnings is not None else StoreWarnings())
        try:
            data = json.loads(manifest.location.read_bytes())
        except FileNotFoundError:
            return manifest
        except (OSError, ValueError, RecursionError) as err:
            log.debug("%s: ignoring an unreadable site manifest (%s)", manifest.location, err)
            return manifest
        if not isinstance(data, dict) or data.get("version") != VERSION or data.get("output") != str(manifest.output):
            log.debug("%s: ignoring a site manifest of another version or folder", manifest.location)
        elif (found := _decoded(data)) is None:
            log.debug("%s: ignoring a damaged site manifest", manifest.location)
        else:
            manifest.files, manifest.inputs, manifest.summary = found
        return manifest

    def up_to_date(self, output: Path, inputs: str) -> bool:
        """Whether `output` is what a build of these inputs writes: the same inputs built it, and it is untouched."""
        if not inputs or inputs != self.inputs or not self.files:
            return False
        return all(self.unchanged(output, path, entry.digest) for path, entry in self.files.items()) and \
            listing(output) == expected_listing(self.files)

    def unchanged(self, output: Path, path: str, content_digest: str) -> bool:
        """Whether `output/path` is still the file written with these bytes."""
        entry = self.files.get(path)
        if entry is None or entry.digest != content_digest:
            return False
        try:
            return entry.matches(os.lstat(os.path.join(output, path)))  # not `output / path`: thousands a build
        except OSError:
            return False

    def save(self, output: Path, written: dict[str, str]) -> None:
        """Record the files now in `output` (`path` → digest); a manifest that cannot be saved is only a slower next build."""
        files: dict[str, Entry] = {}
        for path, content_digest in written.items():
            stat = os.lstat(os.path.join(output, path))
            files[path] = Entry(content_digest, stat.st_size, stat.st_mtime_ns, stat.st_ino)
        self.files = files
        self._store()

    def record(self, inputs: str, summary: dict[str, Any]) -> None:
        """Note which inputs the files now in the folder were built from, and what that build reported."""
        self.inputs, self.summary = inputs, summary
        self._store()

    def _store(self) -> None:
        data = {"version": VERSION, "output": str(self.output), "inputs": self.inputs, "summary": self.summary,
                "files": {path: [e.digest, e.size, e.mtime_ns, e.inode] for path, e in self.files.items()}}
        try:
            replace_file(self.location, json.dumps(data, separators=(",", ":")).encode("utf-8"))
        except OSError as err:
            self.warnings.cannot_store(self.location.parent.parent, err)


def _decoded(data: dict[str, Any]) -> tuple[dict[str, Entry], str, dict[str, Any]] | None:
    """The files, inputs and summary of a manifest's JSON; None unless every field has the shape `_store` writes.

    Checked by hand, not with pydantic like the other stored files: every build reads this one, also a
    build with nothing to do, which should not pay for importing pydantic.
    """
    files, inputs, summary = data.get("files"), data.get("inputs"), data.get("summary")
    if not (isinstance(files, dict) and type(inputs) is str and isinstance(summary, dict)):
        return None
    counts, warnings = summary.get("counts", {}), summary.get("warnings", [])
    if not (isinstance(counts, dict) and all(type(n) is int for n in counts.values())
            and isinstance(warnings, list) and all(type(w) is str for w in warnings)):
        return None
    entries = {}
    for path, fields in files.items():
        if not (type(fields) is list and len(fields) == 4 and type(fields[0]) is str
                and all(type(n) is int for n in fields[1:]) and _relative(path)):
            return None
        entries[path] = Entry(*fields)
    return entries, inputs, summary


def _relative(path: str) -> bool:
    """Whether `path` names a file inside the output folder."""
    relative = PurePosixPath(path)
    return bool(relative.parts) and not relative.is_absolute() and ".." not in relative.parts



def listing(folder: Path) -> set[str]:
    """Every file and folder under `folder`, as relative paths (folders end in `/`)."""
    found: set[str] = set()
    for parent, dirs, files in os.walk(folder):
        relative = os.path.relpath(parent, folder)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        found.update(prefix + name + "/" for name in dirs)
        found.update(prefix + name for name in files)
    return found


def expected_listing(files: Iterable[str]) -> set[str]:
    """The files and folders that writing `files` (relative paths, `/`-separated) into an empty folder makes.

    String operations, not `PurePosixPath`: a site has thousands of paths.
    """
    expected = set(files)
    for path in list(expected):
        parent = path.rpartition("/")[0]
        while parent and parent + "/" not in expected:
            expected.add(parent + "/")
            parent = parent.rpartition("/")[0]
    return expected
