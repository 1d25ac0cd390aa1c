"""The house as ARCHITECTURE.md draws it: every module named there exists and is named, and imports run downward."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "generator"
PAGE = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")

#: The stage folders in pipeline order: a folder may import only folders of a lower rank (and the shared modules).
RANK = {"files": 0, "lang": 0, "sources": 1, "annotate": 2, "cluster": 3, "link": 4, "render": 5, "output": 6,
        "evaluate": 6, "scaffold": 6, "pipeline": 7, "serve": 8}


def modules() -> set[str]:
    """Every module of the package, as a path under `generator/` (`render/pages.py`), packages' faces left out."""
    return {p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
            if p.name != "__init__.py" and "theme" not in p.relative_to(PACKAGE).parts}


def named_in_table() -> set[str]:
    """The modules the table of rooms names, each resolved against its row's folder."""
    named = set()
    for row in re.findall(r"^\| `generator/([\w/]*)` \|.*$", PAGE, re.M):
        line = next(line for line in PAGE.splitlines() if line.startswith(f"| `generator/{row}` |"))
        for name in re.findall(r"`([\w/]+\.py)`", line):
            named.add(name if "/" in name else f"{row}{name}")
    return named


def test_the_page_names_every_module_and_only_modules_that_exist() -> None:
    named, existing = named_in_table(), modules()
    assert named - existing == set(), "ARCHITECTURE.md names modules that do not exist"
    assert existing - named == set(), "modules missing from ARCHITECTURE.md's table of rooms"


def test_every_path_the_page_mentions_exists() -> None:
    for path in re.findall(r"`((?:generator|tests)/[\w/.]+|[\w]+/[\w/]+\.py)`", PAGE):
        assert (PACKAGE / path).exists() or (ROOT / path).exists(), f"ARCHITECTURE.md mentions {path}, which does not exist"


def imported_folders(path: Path, package: Path = PACKAGE) -> set[str]:
    """The top-level names under `generator/` that a module of `package` imports (relative or absolute)."""
    parts = path.relative_to(package).parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(parts[:len(parts) - (node.level - 1)]) if node.level > 1 else list(parts)
                target = base + (node.module.split(".") if node.module else [alias.name for alias in node.names][:1])
            elif node.module and node.module.startswith("generator."):
                target = node.module.split(".")[1:]
            else:
                continue
            if target:
                found.add(target[0])
    return found


def test_imports_run_downward() -> None:
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = path.relative_to(PACKAGE).parts
        if len(own) < 2 or own[0] not in RANK:
            continue
        for folder in imported_folders(path):
            if folder == "cli" or (folder in RANK and folder != own[0] and RANK[folder] > RANK[own[0]]):
                upward.append(f"{path.relative_to(ROOT)} imports generator/{folder}")
    assert upward == []


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    # The import reader must see relative and absolute imports of other folders, or the test above proves nothing.
    module = tmp_path / "generator" / "link" / "x.py"
    module.parent.mkdir(parents=True)
    module.write_text("from ..pipeline.build import build\nfrom . import related\nfrom ..model import Article\n"
                      "from generator.render.pages import render_site\n")
    assert imported_folders(module, tmp_path / "generator") == {"pipeline", "link", "model", "render"}
