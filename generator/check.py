"""Verify that every internal link and fragment of a built site resolves."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True)
class BrokenLink:
    page: str
    target: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: broken link -> {self.target} ({self.reason})"


class _Links(HTMLParser):
    """Collects link targets and element ids of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.targets: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            elif name in ("href", "src") and tag != "base":
                self.targets.append(value)


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def check_site(root: Path) -> list[BrokenLink]:
    """Every broken internal link (missing file, missing fragment, escaping the site) in `root`."""
    root = root.resolve()
    pages = {p.relative_to(root).as_posix(): _parse(p) for p in sorted(root.rglob("*.html"))}
    broken: list[BrokenLink] = []
    for page, links in pages.items():
        for target in links.targets:
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or target.startswith("//"):
                continue  # external: not ours to check
            if not parts.path:
                if parts.fragment and parts.fragment not in links.ids:
                    broken.append(BrokenLink(page, target, "no such fragment"))
                continue
            if parts.path.startswith("/"):
                broken.append(BrokenLink(page, target, "absolute path: breaks under a sub-path"))
                continue
            resolved = _resolve(page, unquote(parts.path))
            if resolved is None:
                broken.append(BrokenLink(page, target, "escapes the site"))
                continue
            file = root / resolved
            if file.is_dir():
                resolved = f"{resolved.rstrip('/')}/index.html".lstrip("/")
                file = root / resolved
            if not file.is_file():
                broken.append(BrokenLink(page, target, "no such file"))
            elif parts.fragment and resolved in pages and parts.fragment not in pages[resolved].ids:
                broken.append(BrokenLink(page, target, "no such fragment"))
    return broken


def _resolve(page: str, path: str) -> str | None:
    """`path` relative to `page`, as a site-relative path; None when it climbs out of the site."""
    stack = list(PurePosixPath(page).parent.parts)
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not stack:
                return None
            stack.pop()
        else:
            stack.append(part)
    return "/".join(stack)
