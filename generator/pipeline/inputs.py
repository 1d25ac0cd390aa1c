"""Everything a build's output depends on, as one digest: when it and the site are as the last build left them, there is nothing to do.

The digest covers the bytes of every file under the content and theme folders and of the
configuration, the settings of this run, the generator's own code, the versions of the
libraries and spaCy pipelines that shape the output, and today's date (stories dated in the
future are warned about). A file's bytes are read rather than trusted by modification time,
so a checkout or a copy that keeps the bytes keeps the site.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import sys
from datetime import date
from functools import lru_cache
from pathlib import Path

from ..annotate.spacy_models import MODELS
from ..fingerprints import source_fingerprint
from ..config import SiteConfig
from ..files.regular_files import read_regular

#: Packages whose version can change the bytes of a site.
PACKAGES = ("jinja2", "markupsafe", "markdown-it-py", "mdit-py-plugins", "nh3", "feedgen", "pagefind_bin", "pyyaml",
            "wordfreq", "numpy", "scipy", "spacy", *MODELS.values())


def input_digest(config: SiteConfig) -> str:
    """The digest of what a build of `config` reads; equal digests mean byte-identical sites."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{code_version()}\0{date.today().isoformat()}\0{config!r}\0".encode())
    if config.config_path is not None:
        _add_file(digest, "config", Path(config.config_path))
    _add_folder(digest, "content", config.content_path)
    for number, folder in enumerate(config.theme_folders):  # the built-in theme too: a checkout's may be edited
        _add_folder(digest, f"theme{number}", folder)
    return digest.hexdigest()


def _add_folder(digest: hashlib.blake2b, label: str, folder: Path) -> None:
    for parent, dirs, files in os.walk(folder):
        dirs.sort()
        for name in dirs:  # a linked folder is not walked, but adding or changing one is a change
            if (link := Path(parent, name)).is_symlink():
                _add_file(digest, f"{label}/{link.relative_to(folder).as_posix()}/", link)
        for name in sorted(files):
            path = Path(parent, name)
            _add_file(digest, f"{label}/{path.relative_to(folder).as_posix()}", path)


def _add_file(digest: hashlib.blake2b, name: str, path: Path) -> None:
    try:
        content = read_regular(path) if not path.is_symlink() else os.fsencode(os.readlink(path))
    except OSError as err:  # a pipe, device or unreadable file: the build itself reports it
        content = f"unreadable: {err.strerror}".encode()
    digest.update(f"{name}\0{len(content)}\0".encode())
    digest.update(content)


@lru_cache(maxsize=1)
def code_version() -> str:
    """The generator's source, Python's version and the versions of the packages that shape a site."""
    digest = hashlib.blake2b(sys.version.encode(), digest_size=20)
    digest.update(source_fingerprint("").encode())
    for name in PACKAGES:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name} {version}\0".encode())
    return digest.hexdigest()
