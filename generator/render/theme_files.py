"""Reading the theme folders safely: their templates and `static/` files, never a file from outside them.

A site's own theme folder (`theme_dir`) overrides the built-in theme file by file: a template,
a static file or a UI string found in it wins, the rest comes from the built-in theme.

A theme may come from anywhere (a download, a colleague's repository), and everything under
`static/` is published as it is. So a symbolic link that leads out of the theme folder is
never followed (a link to `/etc/passwd` would publish it), nor is a named pipe, socket or
device read (a pipe would block the build forever): each is skipped with a warning naming it.
"""

from __future__ import annotations

import logging
import os
import posixpath
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path

from .. import urls
from ..errors import Problem, Report, TemplateError
from ..model import Page
from ..files.regular_files import read_regular, special_kind

log = logging.getLogger(__name__)

#: The name under which the built-in theme's templates stay reachable from a site's own.
BUILTIN_PREFIX = "builtin"


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


def static_pages(theme: Path | Sequence[Path], report: Report | None = None) -> list[Page]:
    """The theme's `static/` files, byte for byte, under `static/` (hidden files skipped; unsafe ones warned about).

    `theme`: one folder, or the theme folders first match first (a file of the first folder wins
    over one of the same name in the next)."""
    folders = [theme] if isinstance(theme, Path) else list(theme)
    pages: dict[str, Page] = {}
    for folder in reversed(folders):
        pages.update((page.path, page) for page in _static_files(folder, report))
    return sorted(pages.values(), key=lambda page: page.path)


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
    """Jinja's file loader, refusing templates that lead out of the theme or are not regular UTF-8 files.

    Given several folders, the first that holds a template provides it (the site's theme, then the built-in one)."""

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


def theme_loader(folders: Sequence[Path]) -> jinja2.BaseLoader:
    """The loader of a site's templates: each from the first folder holding it, and the built-in
    theme's own under `builtin/` too, so an overriding template may extend the one it replaces
    (`{% extends "builtin/base.html" %}`)."""
    builtin = folders[-1]
    return jinja2.ChoiceLoader([ThemeLoader(list(folders)),
                                jinja2.PrefixLoader({BUILTIN_PREFIX: ThemeLoader(builtin)})])

