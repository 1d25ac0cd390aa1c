"""The theme's templates as Jinja compiled them, kept in the cache folder for the next `digest build`.

A build in a new process would otherwise compile every template again (parsed, made into Python and
compiled: most of the checks before work). Jinja keeps each template's code with a digest of its
source, so a changed template is compiled again and the others are taken as they are. The code also
depends on the environment's options and on Jinja's version: it is kept in a folder named by both
(the options are set by `pages.load_theme`, so by that module's source), and the folders of other
versions are deleted. A damaged file is compiled again, never a failed build.
"""

from __future__ import annotations

import logging
import shutil
from functools import cache
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from ..fingerprints import source_fingerprint

log = logging.getLogger(__name__)


class KeptTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's bytecode cache of files, with a damaged file taken for a missing one and a file that cannot be written
    left unwritten (the cache folder's other stores say so)."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception as err:  # what unpickling a damaged file raises varies; compiling again is the cure
            log.debug("%s: compiled template damaged (%s); compiling it again", self.directory, err)
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError as err:
            log.debug("%s: compiled template not kept (%s)", self.directory, err)


def kept_templates(folder: Path | None) -> KeptTemplates | None:
    """Where the compiled templates of this environment are kept under `folder` (None: not kept, or it cannot be
    made)."""
    if folder is None:
        return None
    where = folder / f"jinja-{jinja2.__version__}-{_environment_version()[:16]}"
    try:
        if not where.is_dir():
            if folder.is_dir():
                for other in folder.iterdir():  # compiled by another version: never read again
                    if other.is_dir():
                        shutil.rmtree(other, ignore_errors=True)
            where.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        log.debug("%s: compiled templates not kept (%s)", where, err)
        return None
    return KeptTemplates(str(where))


@cache
def _environment_version() -> str:
    return source_fingerprint("render/pages.py", "render/compiled_templates.py")
