"""Which file of the site a request path names, refusing anything outside it, and its content type."""

from __future__ import annotations

import errno
import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import quote, unquote

from .. import urls

_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json",
    ".wasm": "application/wasm",
    ".woff2": "font/woff2",
}


#: The longest file name (a path segment) file systems allow, in bytes: a longer one names no file.
MAX_SEGMENT_BYTES = 255
#: The longest path Linux accepts (PATH_MAX); refused before asking the file system, which would take long over
#: thousands of segments.
MAX_PATH_BYTES = 4096


@dataclass(frozen=True)
class Location:
    """What to answer: a file (`status` 200 or, for the site's 404 page, 404), a redirect, or a refusal
    (403: outside the site or unreadable; 414: a path longer than the file system allows)."""

    status: Literal[200, 301, 403, 404, 414]
    file: Path | None = None
    redirect: str | None = None


def locate(root: Path, url_path: str) -> Location:
    """The file under `root` for the path of a request (percent-encoded, query removed)."""
    site = root.resolve()
    parts = _segments(url_path)
    if parts is None:
        return _not_found(site)
    if _escapes(parts):
        return Location(403)
    sizes = [len(os.fsencode(part)) for part in parts]
    if any(size > MAX_SEGMENT_BYTES for size in sizes) or sum(sizes) + len(sizes) >= MAX_PATH_BYTES:
        return Location(414)
    try:
        return _locate(site, parts, url_path.endswith("/"))
    except OSError as err:  # asking the file system about the path failed
        return Location(414 if err.errno == errno.ENAMETOOLONG else 403)


def _locate(site: Path, parts: list[str], folder: bool) -> Location:
    target = _inside(site, site.joinpath(*parts))
    if target is None:
        return Location(403)  # a symlink out of the site
    if target.is_dir():
        if not folder:
            return Location(301, redirect="/" + "".join(f"{quote(part)}/" for part in parts))
        target = _inside(site, target / urls.INDEX)
        if target is None:
            return Location(403)
    if target.is_file():
        return Location(200, target)
    return _not_found(site)


def output_path(url_path: str) -> str | None:
    """The output path a request path names (`/articles/x/` → `articles/x/index.html`), None if it names none."""
    parts = _segments(url_path)
    if parts is None or _escapes(parts):
        return None
    if not parts or url_path.endswith("/"):
        parts.append(urls.INDEX)
    return "/".join(parts)


def _segments(url_path: str) -> list[str] | None:
    """The decoded segments of a request path, without empty and `.` ones (None: not UTF-8)."""
    try:
        decoded = unquote(url_path, errors="strict")
    except UnicodeDecodeError:
        return None
    return [part for part in decoded.split("/") if part not in ("", ".")]


def _escapes(parts: list[str]) -> bool:
    """Whether the segments try to leave the site (or hide a NUL)."""
    return ".." in parts or any("\x00" in part for part in parts)


def _not_found(site: Path) -> Location:
    """The site's own 404 page, when it has one."""
    page = site / urls.NOT_FOUND
    return Location(404, page if page.is_file() else None)


def _inside(site: Path, path: Path) -> Path | None:
    """`path` with symlinks resolved, if that is still inside `site`."""
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return None
    return real if real == site or site in real.parents else None


def content_type(path: Path) -> str:
    """The MIME type of a site file, with the charset for text."""
    suffix = path.suffix.lower()
    if suffix in _TYPES:
        return _TYPES[suffix]
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"
