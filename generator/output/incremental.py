"""Keep an output folder equal to the pages of the latest build, rewriting only what changed.

The first write swaps in a whole new folder (`write_site`); later writes compare each
page with a digest of what was written last time, replace only the files whose bytes
changed (each with its own atomic rename, so a reader never sees half a file) and
delete the files of pages that are gone. Used by the preview server, where most
rebuilds change a handful of files.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from ..files.atomic_file import replace_file
from ..model import Page
from ..urls import safe_relative
from .write import write_site

log = logging.getLogger(__name__)


@dataclass
class WriteDelta:
    """What one write changed, as page paths (`articles/x/index.html`)."""

    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changed or self.removed)


class IncrementalWriter:
    """Writes successive versions of a site into one folder, file by file."""

    def __init__(self) -> None:
        self._digests: dict[str, bytes] | None = None
        self.last = WriteDelta()

    @property
    def started(self) -> bool:
        """Whether the whole site was written once (later writes may be partial)."""
        return self._digests is not None

    def write(self, pages: list[Page], output: Path) -> int:
        """Make `output` hold exactly `pages`; returns the number of files (a `pipeline.hooks.Writer`)."""
        return self.update(pages, output)

    def differing(self, pages: list[Page]) -> list[Page]:
        """Those of `pages` whose bytes differ from what was written last (all of them before the first write)."""
        if self._digests is None:
            return list(pages)
        return [page for page in pages if self._digests.get(page.path) != _digest(page.content)]

    def update(self, pages: list[Page], output: Path, *, within: str = "", outside: str | None = None) -> int:
        """Like `write`, but only for files under the folder `within` and not under `outside`; the rest stays."""

        def concerned(path: str) -> bool:
            return path.startswith(within) and not (outside and path.startswith(outside))

        latest = {page.path: page.content for page in pages if concerned(page.path)}  # the last one wins
        if self._digests is None:
            if within or outside:
                raise ValueError("the first write of a site must be whole")
            write_site(pages, output)
            self._digests = {path: _digest(content) for path, content in latest.items()}
            self.last = WriteDelta(changed=sorted(latest))
            return len(self._digests)
        delta = WriteDelta()
        for path, content in latest.items():
            digest = _digest(content)
            if self._digests.get(path) != digest:
                _replace(output, path, content)
                self._digests[path] = digest
                delta.changed.append(path)
        for path in sorted(p for p in self._digests if concerned(p) and p not in latest):
            _remove(output, path)
            del self._digests[path]
            delta.removed.append(path)
        self.last = delta
        log.debug("wrote %d changed files, removed %d", len(delta.changed), len(delta.removed))
        return len(self._digests)


def _digest(content: bytes) -> bytes:
    return hashlib.blake2b(content, digest_size=16).digest()


def _replace(output: Path, path: str, content: bytes) -> None:
    """Write one file through a temporary sibling and a rename."""
    replace_file(output.joinpath(*safe_relative(path).parts), content)


def _remove(output: Path, path: str) -> None:
    """Delete one file and the folders it leaves empty (never `output` itself)."""
    target = output.joinpath(*safe_relative(path).parts)
    target.unlink(missing_ok=True)
    folder = target.parent
    while folder != output and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
