"""Reading the theme folder safely: its templates and its `static/` files, never a file from outside it.

A theme may come from anywhere (a download, a colleague's repository), and everything under
`static/` is published as it is. So a symbolic link that leads out of the theme folder is
never followed (a link to `/etc/passwd` would publish it), nor is a named pipe, socket or
device read (a pipe would block the build forever): each is skipped with a warning naming it.
"""

from __future__ import annotations

import logging
import os
import posixpath
from collections.abc import Callable, Iterator
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path

from . import urls
from .errors import Problem, Report, TemplateError
from .model import Page
from .regular_files import read_regular, special_kind

log = logging.getLogger(__name__)


def refusal(path: Path, root: Path) -> str | None:
    """Why the theme file `path` is not read (a link out of `root`, broken, or no regular file); None when it may be."""
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return "broken or looping symbolic link"
        if not target.is_relative_to(root.resolve()):
            return f"symbolic link to {target}, outside the theme folder"
    kind = special_kind(path)
    if kind is not None and kind != "a folder":
        return f"{kind}, not a regular file"
    return None


def static_pages(theme_root: Path, report: Report | None = None) -> list[Page]:
    """The theme's `static/` files, byte for byte, under `static/` (hidden files skipped; unsafe ones warned about)."""
    return sorted(_static_files(theme_root, report), key=lambda page: page.path)


def _static_files(theme_root: Path, report: Report | None) -> Iterator[Page]:
    static = theme_root / urls.STATIC_DIR
    if not static.is_dir():
        return
    root = theme_root.resolve()
    for parent, dirs, files in os.walk(static):
        for name in [d for d in dirs if Path(parent, d).is_symlink() and not d.startswith(".")]:
            _warn(report, Problem(Path(parent, name), "a symbolic link to a folder; not copied into the site",
                                  hint="copy the folder into the theme instead"))
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not Path(parent, d).is_symlink())
        for name in sorted(files):
            if name.startswith("."):
                continue
            file = Path(parent, name)
            reason = refusal(file, root)
            if reason is None:
                try:
                    content = read_regular(file)
                except OSError as err:
                    reason = f"cannot be read: {err.strerror or err}"
                else:
                    yield Page(f"{urls.STATIC_DIR}/{file.relative_to(static).as_posix()}", content)
                    continue
            _warn(report, Problem(file, f"{reason}; not copied into the site",
                                  hint="copy the file into the theme folder, or remove it"))


def _warn(report: Report | None, problem: Problem) -> None:
    if report is None:
        log.warning("%s", problem)
    else:
        report.warn(problem)


class ThemeLoader(jinja2.FileSystemLoader):
    """Jinja's file loader, refusing templates that lead out of the theme or are not regular UTF-8 files."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for searchpath in self.searchpath:
            filename = Path(posixpath.join(searchpath, *pieces))
            if not (filename.exists() or filename.is_symlink()):
                continue
            reason = refusal(filename, Path(searchpath))
            if reason is not None:
                raise TemplateError(filename, f"template {template!r} refused: {reason}",
                                    hint="keep templates as files inside the theme folder")
            try:
                return super().get_source(environment, template)
            except UnicodeDecodeError as err:
                line = 1 + filename.read_bytes()[: err.start].count(b"\n")
                raise TemplateError(filename, "template is not valid UTF-8", line,
                                    hint="save the file as UTF-8") from None
        return super().get_source(environment, template)
