"""The files pages load (style sheets, scripts, icons, the search bundle), checked before a site is written.

A page whose style sheet or script is missing is broken in every browser, and the build
would otherwise swap such a site in and report success: a static file skipped (a link out of
the theme, a pipe), a template naming a file the theme lacks, a damaged search bundle. So
before the swap, one page of each kind (each top folder of the site) is read for the
`static/` and `pagefind/` files it links to, and each must be among the files written. A build
notes those links as its pages pass on their way to the disk (`AssetCheck`) and checks them once
every file is known.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from .. import urls
from ..errors import Problem
from ..model import Page

#: `href`, `src` and `data-bundle` (the search page's) values that name a static or search file (relative, as every link of a site is).
_ASSET = re.compile(rb'\s(?:href|src|data-bundle)="((?:\.\./)*(?:\./)?(?:' + re.escape(urls.STATIC_DIR.encode())
                    + rb"|pagefind)/[^\"#?]*)")


class AssetCheck:
    """The files pages load that the site lacks: what each kind's first page loads is noted as the pages pass."""

    def __init__(self, theme: Path) -> None:
        self.theme = theme
        self._present: set[str] = set()
        self._loads: dict[str, tuple[str, list[str]]] = {}
        """Top folder → its first HTML page and the static and search files that page loads."""

    def add(self, page: Page) -> None:
        self._present.add(page.path)
        if not page.path.endswith(".html"):
            return
        kind = page.path.split("/", 1)[0] if "/" in page.path else page.path
        if kind not in self._loads:
            self._loads[kind] = (page.path, [posixpath.normpath(posixpath.join(
                posixpath.dirname(page.path), match.group(1).decode("utf-8", "replace")))
                for match in _ASSET.finditer(page.content)])

    def problems(self, *, search: bool = True) -> list[Problem]:
        """A problem for each static or search file a noted page loads that no page seen is (search files only
        with `search` and a bundle: without it the search index is made later)."""
        # A site with nothing to index has no bundle at all (its search page says so); a bundle must be whole.
        search = search and any(path.startswith("pagefind/") for path in self._present)
        problems: list[Problem] = []
        reported: set[str] = set()
        for path, targets in self._loads.values():
            for target in targets:
                if not search and not target.startswith(f"{urls.STATIC_DIR}/"):
                    continue
                if target not in self._present and target not in reported:
                    reported.add(target)
                    where = self.theme / target if target.startswith(f"{urls.STATIC_DIR}/") else None
                    problems.append(Problem(where, f"{path} loads {target}, which the site would not have",
                                            hint="add the file to the theme's static/ folder, or fix the template "
                                                 "that links to it"))
        return problems
