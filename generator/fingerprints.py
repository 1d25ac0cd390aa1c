"""Fingerprints: of the generator's own source (what made a kept result) and of a page's bytes.

Everything the cache folder keeps (annotations, the entity merge, the inputs digest of a built
site) is valid only for the code that made it. Each keeper names the source it depends on and
gets one fingerprint of it from here, so an edit of that source (a rule, a word list, the data
model) makes the kept result stale.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


@cache
def source_fingerprint(*parts: str) -> str:
    """A hex digest of the Python files at `parts` (files or folders of the package, relative to it).

    A folder counts all `.py` files under it; "" is the whole package. Names are hashed with
    contents, so moving code between files changes it too.
    """
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        where = PACKAGE / part
        files = sorted(where.rglob("*.py")) if where.is_dir() else [where]
        for path in files:
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def content_digest(content: bytes) -> str:
    """The digest that identifies a page's bytes (in manifests and search listings)."""
    return hashlib.blake2b(content, digest_size=16).hexdigest()
