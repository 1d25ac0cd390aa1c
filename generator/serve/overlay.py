"""The error overlay shown on every page while the last rebuild failed."""

from __future__ import annotations

import html
from pathlib import Path

from ..errors import Problem

OVERLAY_ID = "digest-overlay"

_BOX = ("position:fixed;inset:auto 1rem 1rem 1rem;z-index:2147483647;max-height:60vh;overflow:auto;"
        "margin:0;padding:1rem 1.25rem;border:2px solid #b3261e;border-radius:.5rem;background:#fff;color:#1d1b20;"
        "font:14px/1.45 system-ui,sans-serif;box-shadow:0 .5rem 2rem rgba(0,0,0,.35);text-align:left")
_CODE = "font:13px/1.4 ui-monospace,monospace;color:#b3261e"


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


def _item(problem: Problem, root: Path | None) -> str:
    where = ""
    if problem.path is not None:
        where = _shown_path(problem.path, root) + (f":{problem.line}" if problem.line else "")
        where = f'<code style="{_CODE}">{html.escape(where)}</code> '
    hint = f" <em>({html.escape(problem.hint)})</em>" if problem.hint else ""
    return f"<li>{where}{html.escape(problem.message)}{hint}</li>"


def _shown_path(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return str(path)
