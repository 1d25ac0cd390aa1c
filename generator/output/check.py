"""Verify that every internal link and fragment of a built site resolves.

HTML pages are parsed for `href`, `src` and form `action`, style sheets for `url(...)`. A link must
be relative and land on a file of the site (a folder means its `index.html`), and
its fragment on an `id` of that page. With the site's `base_url`, a link to the
site's own public address is reported too (it would break the site wherever it is
served from another place); the canonical link, which must be absolute, is allowed.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

log = logging.getLogger(__name__)

_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""")
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_CSS_CHARSET = re.compile(rb"""\A@charset\s+"([A-Za-z0-9._:-]+)";""")
_FALLBACK_ENCODING = "cp1252"
"""What browsers read an HTML file without a declared encoding as, in most of the world, when it is not UTF-8."""
_AS_BROWSERS_READ = {"iso8859-1": "cp1252", "ascii": "cp1252", "utf-16": "utf-8", "utf-16-le": "utf-8",
                     "utf-16-be": "utf-8"}
"""Declared encodings that browsers read as another (the WHATWG Encoding standard)."""
_ABSOLUTE_ALLOWED = {"canonical"}
"""`<link rel>` values whose link must be absolute."""


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
        self.absolute_allowed: set[str] = set()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        rel = set((dict(attrs).get("rel") or "").lower().split())
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            elif (name in ("href", "src") and tag != "base") or (tag, name) == ("form", "action"):
                self.targets.append(value)
                if tag == "link" and rel & _ABSOLUTE_ALLOWED:
                    self.absolute_allowed.add(value)


def _parse(text: str) -> _Links:
    parser = _Links()
    parser.feed(text)
    parser.close()
    return parser


def _css_targets(text: str) -> list[str]:
    return [next(g for g in match.groups() if g is not None) for match in _CSS_URL.finditer(text)]


def _read(path: Path, name: str, declared: re.Pattern[bytes]) -> str | None:
    """The text of one file of the site; a file that is not UTF-8 is read as it says (or as browsers guess).

    None, with a warning, when the file cannot be read at all.
    """
    try:
        data = path.read_bytes()
    except OSError as err:
        log.warning("%s: not checked: cannot read it (%s)", name, err.strerror)
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        encoding = _encoding(declared.search(data[:1024])) or _FALLBACK_ENCODING
        log.warning("%s: not UTF-8 (byte 0x%02x at offset %d); checked as %s (save it as UTF-8)",
                    name, data[err.start], err.start, encoding)
        return data.decode(encoding, errors="replace")


def _encoding(match: re.Match[bytes] | None) -> str | None:
    """The encoding a file declares, when Python knows it."""
    if match is None:
        return None
    try:
        name = codecs.lookup(match[1].decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    return _AS_BROWSERS_READ.get(name, name)


def check_site(root: Path, base_url: str = "") -> list[BrokenLink]:
    """Every broken internal link (missing file or fragment, escaping the site, absolute to `base_url`) in `root`."""
    root = root.resolve()
    pages: dict[str, _Links] = {}
    for path in _files(root, "*.html"):
        name = path.relative_to(root).as_posix()
        if (text := _read(path, name, _HTML_CHARSET)) is not None:
            pages[name] = _parse(text)
    own = base_url.strip().rstrip("/")
    broken: list[BrokenLink] = []
    for page, links in pages.items():
        for target in links.targets:
            if own and _points_at(target, own) and target not in links.absolute_allowed:
                broken.append(BrokenLink(page, target, "absolute link to base_url: breaks when served elsewhere"))
            else:
                broken += _check(root, pages, page, target, links.ids)
    for sheet in _files(root, "*.css"):
        page = sheet.relative_to(root).as_posix()
        for target in _css_targets(_read(sheet, page, _CSS_CHARSET) or ""):
            if not target.startswith("#"):
                broken += _check(root, pages, page, target, set())
    log.debug("checked %d pages: %d broken links", len(pages), len(broken))
    return broken


def _files(root: Path, pattern: str) -> list[Path]:
    """The files (not folders) of the site whose names match `pattern`, in a stable order."""
    return sorted(path for path in root.rglob(pattern) if path.is_file())


def _points_at(target: str, own: str) -> bool:
    return target == own or target.startswith(f"{own}/") or target.startswith(f"{own}#")


def _check(root: Path, pages: dict[str, _Links], page: str, target: str, ids: set[str]) -> list[BrokenLink]:
    """Problems of one link from `page` (empty when it resolves or is external)."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("//"):
        return []  # external: not ours to check
    if not parts.path:
        if parts.fragment and unquote(parts.fragment) not in ids:
            return [BrokenLink(page, target, "no such fragment")]
        return []
    if parts.path.startswith("/"):
        return [BrokenLink(page, target, "absolute path: breaks under a sub-path")]
    resolved = _resolve(page, unquote(parts.path))
    if resolved is None:
        return [BrokenLink(page, target, "escapes the site")]
    file = root / resolved
    try:
        if file.is_dir():
            resolved = f"{resolved.rstrip('/')}/index.html".lstrip("/")
            file = root / resolved
        found = file.is_file()
    except OSError:  # a name too long for the file system, say: no file of the site has it
        found = False
    if not found:
        return [BrokenLink(page, target, "no such file")]
    if parts.fragment and resolved in pages and unquote(parts.fragment) not in pages[resolved].ids:
        return [BrokenLink(page, target, "no such fragment")]
    return []


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


def site_counts(root: Path) -> tuple[int, int]:
    """The site's HTML pages and all its files, counted as `digest build` counts what it wrote."""
    files = [path for path in root.rglob("*") if path.is_file()]
    return sum(path.suffix == ".html" for path in files), len(files)
