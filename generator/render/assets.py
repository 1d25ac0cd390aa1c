"""The files pages load (style sheets, scripts, icons, the search bundle), checked before a site is written.

A page whose style sheet or script is missing is broken in every browser, and the build
would otherwise swap such a site in and report success: a static file skipped (a link out of
the theme, a pipe), a template naming a file the theme lacks, a damaged search bundle. So
before the swap, one page of each kind (each top folder of the site) is read for the
`static/` and `pagefind/` files it links to, and each must be among the files written.
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


def missing_assets(pages: list[Page], theme: Path, *, search: bool = True) -> list[Problem]:
    """A problem for each static or search file that a page of the site links to and the site lacks
    (search files only with `search` and a bundle: without it the search index is made later)."""
    present = {page.path for page in pages}
    # A site with nothing to index has no bundle at all (its search page says so); a bundle must be whole.
    search = search and any(path.startswith("pagefind/") for path in present)
    sampled: dict[str, Page] = {}
    for page in pages:
        if page.path.endswith(".html"):
            sampled.setdefault(page.path.split("/", 1)[0] if "/" in page.path else page.path, page)
    problems: list[Problem] = []
    reported: set[str] = set()
    for page in sampled.values():
        for match in _ASSET.finditer(page.content):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page.path),
                                                       match.group(1).decode("utf-8", "replace")))
            if not search and not target.startswith(f"{urls.STATIC_DIR}/"):
                continue
            if target not in present and target not in reported:
                reported.add(target)
                where = theme / target if target.startswith(f"{urls.STATIC_DIR}/") else None
                problems.append(Problem(where, f"{page.path} loads {target}, which the site would not have",
                                        hint="add the file to the theme's static/ folder, or fix the template "
                                             "that links to it"))
    return problems
