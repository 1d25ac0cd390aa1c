"""`digest theme export DIR`: the built-in theme copied out, for a site's own theme folder or a full redesign."""

from __future__ import annotations

import os
from pathlib import Path

from ..builtin_theme import builtin_theme_path
from ..errors import TemplateError
from .new_site import write_new_folder
from ..files.regular_files import read_regular


def export_theme(target: Path, *, force: bool = False, builtin: Path | None = None) -> list[str]:
    """Copy every file of the built-in theme (or of `builtin`) into `target`; the files written, sorted.

    `target` must be new or empty, unless `force`: then the theme's files replace those of the same
    name and every other file there stays."""
    files = theme_files(builtin or builtin_theme_path())
    return write_new_folder(target, files, force=force, overwrite=True, what="the theme",
                            hint="choose a new or empty folder, or pass --force to replace the theme's files "
                                 "in it (other files are kept)")


def theme_files(folder: Path) -> dict[str, str | bytes]:
    """The theme's files by relative path (hidden files and Python's caches left out)."""
    if not folder.is_dir():
        raise TemplateError(folder, "built-in theme folder not found", hint="reinstall digest (pip install .)")
    files: dict[str, str | bytes] = {}
    for parent, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        for name in sorted(names):
            if not name.startswith("."):
                path = Path(parent, name)
                files[path.relative_to(folder).as_posix()] = read_regular(path)
    return files
