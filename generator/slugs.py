"""Safe, stable slugs for output paths: ASCII, lower case, never a path of their own."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


@lru_cache(maxsize=1 << 16)
def slugify(text: str, fallback: str = "item") -> str:
    """`Organización del Tratado` → `organizacion-del-tratado`; never empty, `.`/`..` or a Windows device name."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")[:80].strip("-")
    if not slug:
        slug = fallback
    if slug in _RESERVED:
        slug = f"{slug}-"
    return slug


def unique_slug(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`, ... whichever is not yet in `taken`; adds it to `taken`."""
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug
