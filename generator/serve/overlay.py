"""The error overlay shown on every page while the last rebuild failed, and the quieter panel of its warnings."""

from __future__ import annotations

import html
from pathlib import Path

from ..errors import BuildFailed, ContentError, DigestError, Problem

OVERLAY_ID = "digest-overlay"
WARNINGS_ID = "digest-warnings"

_BOX = ("position:fixed;inset:auto 1rem 1rem 1rem;z-index:2147483647;max-height:60vh;overflow:auto;"
        "margin:0;padding:1rem 1.25rem;border:2px solid #b3261e;border-radius:.5rem;background:#fff;color:#1d1b20;"
        "font:14px/1.45 system-ui,sans-serif;box-shadow:0 .5rem 2rem rgba(0,0,0,.35);text-align:left")
_CODE = "font:13px/1.4 ui-monospace,monospace;color:#b3261e"
_QUIET = ("position:fixed;right:1rem;bottom:1rem;z-index:2147483646;max-width:min(40rem,calc(100vw - 2rem));"
          "max-height:50vh;overflow:auto;margin:0;padding:.4rem .75rem;border:1px solid #8a6d00;border-radius:.5rem;"
          "background:#fffbe6;color:#1d1b20;font:13px/1.45 system-ui,sans-serif;text-align:left")
_QUIET_CODE = "font:12px/1.4 ui-monospace,monospace;color:#6b5500"


def problems_of(error: BaseException) -> list[Problem]:
    """What a failed build's exception says, as the problems the overlay lists."""
    if isinstance(error, BuildFailed):
        return list(error.errors)
    if isinstance(error, ContentError):
        return [error.problem]
    if isinstance(error, DigestError):
        return [Problem(None, str(error))]
    return [Problem(None, f"{type(error).__name__}: {error}")]


def overlay_html(problems: list[Problem], root: Path | None = None) -> str:
    """A fixed panel listing each problem as `file:line`, message and hint; paths shown relative to `root`."""
    items = "".join(_item(problem, root) for problem in problems)
    count = f"{len(problems)} error{'s' if len(problems) != 1 else ''}"
    return (
        f'<div id="{OVERLAY_ID}" role="alert" lang="en" style="{_BOX}">'
        f'<button type="button" aria-label="Hide" onclick="this.parentNode.remove()" '
        f'style="float:right;border:0;background:none;font-size:1.25rem;cursor:pointer">×</button>'
        f'<strong>Rebuild failed ({count}): showing the last good site.</strong>'
        f'<ul style="margin:.5rem 0 0;padding-left:1.25rem">{items}</ul>'
        f'<p style="margin:.5rem 0 0;color:#49454f">Fix the file and save: the page reloads by itself.</p>'
        f"</div>"
    )


def warnings_html(problems: list[Problem], root: Path | None = None) -> str:
    """A small, closed panel counting the last build's warnings; opened, it lists them like the overlay."""
    if not problems:
        return ""
    items = "".join(_item(problem, root, _QUIET_CODE) for problem in problems)
    count = f"{len(problems)} warning{'s' if len(problems) != 1 else ''}"
    return (
        f'<details id="{WARNINGS_ID}" role="status" lang="en" style="{_QUIET}">'
        f'<summary style="cursor:pointer">Built with {count}</summary>'
        f'<ul style="margin:.4rem 0 .2rem;padding-left:1.25rem">{items}</ul>'
        f"</details>"
    )


def _item(problem: Problem, root: Path | None, code_style: str = _CODE) -> str:
    where = ""
    if problem.path is not None:
        where = _shown_path(problem.path, root) + (f":{problem.line}" if problem.line else "")
        where = f'<code style="{code_style}">{html.escape(where)}</code> '
    hint = f" <em>({html.escape(_relative_paths(problem.hint, root))})</em>" if problem.hint else ""
    return f"<li>{where}{html.escape(_relative_paths(problem.message, root))}{hint}</li>"


def _shown_path(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            # The folder resolved, not the file: a symlink is named as the link, not as what it points to.
            return (path.parent.resolve() / path.name).relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return str(path)


def _relative_paths(text: str, root: Path | None) -> str:
    """`text` with the project's folder left out of the paths it names (`content/a.md`, as in the overlay)."""
    if root is None:
        return text
    for prefix in {f"{root.resolve()}/", f"{root.absolute()}/"}:
        text = text.replace(prefix, "")
    return text
