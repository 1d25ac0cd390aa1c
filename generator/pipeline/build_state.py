"""What one build of a site keeps for the next: `BuildState`, owned by the caller and saved in the cache folder.

A build state holds what the link stage keeps (`LinkMemory`: the entity merge, the related index,
the words' rarities, the stories' main subjects and the glossary's term uses; the merge is also
kept in a file of its own for a process without a state, `link.merge_reuse`) and the rendered
pages with the fingerprints of what each was rendered from (`PageMemo`). The preview session
keeps one for its lifetime; `digest build` loads the one the last build saved in the cache folder
and saves it again, so a build in a new process renders only the pages whose inputs changed, and
links only what changed, as the preview does.

The pages are valid only for the theme and settings they were rendered with: the state notes
a digest of those (`render_key`) and drops its pages when they differ. The file is sealed:
a header names the code that wrote it (the generator's sources, the versions of the libraries
that shape pages, Python's) and it ends with the digest of the body, which is pickled into the
file and read from it as it goes: first the state without its pages, then the link memory a part
a pickle (each made as it is written), then the pages a thousand at a time (a big site's pages are
never in memory whole, where the memo keeps them in a scratch file, nor twice). A file of
other code is ignored, a damaged one is rebuilt with a warning in the log, and loading builds
plain values only (lists, tuples, dicts, strings, bytes, numbers): a pickle that names any
class is refused.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from ..files.atomic_file import replaced
from ..cache import STATE_NAME, StoreWarnings
from ..config import SiteConfig
from .inputs import code_version
from ..render.page_memo import PageMemo
from ..files.regular_files import read_regular
from ..files.spool import Place, Spool

if TYPE_CHECKING:
    from ..link.memory import LinkMemory

log = logging.getLogger(__name__)

_MAGIC = b"digest-build-state 4"
#: The parts of the link memory, in the order `LinkMemory.plain` gives them and the file holds them.
_LINK_PARTS = ("term_uses", "merge", "related", "subjects", "words")
#: Pages pickled together in the file.
_PAGES_A_PICKLE = 1000
#: Bytes copied at a time from a scratch file into the state file.
_COPY_BYTES = 1 << 20


@dataclass
class BuildState:
    """Everything a build reuses from the last build of the same site."""

    pages: PageMemo = field(default_factory=PageMemo)
    render_key: bytes = b""
    """The digest of the settings, theme files and UI strings the memo's pages were rendered with."""
    _link: LinkMemory | None = None
    _loaded: tuple[object, ...] | None = None
    """The render key and the link memory's summary as loaded (a build that changed neither, nor any page, saves
    nothing)."""
    _aside: _LinkAside | None = None
    """The link memory, once set aside to be saved (`set_link_aside`)."""

    @property
    def link(self) -> LinkMemory:
        """What the link stage keeps (made on first use: the link stage's package imports NumPy)."""
        if self._aside is not None:
            raise RuntimeError("the link memory was set aside to be saved; no link may use it")
        if self._link is None:
            from ..link.memory import LinkMemory

            self._link = LinkMemory()
        return self._link

    def set_link_aside(self, scratch: Path | None) -> None:
        """Pickle the link memory now into a scratch file of `scratch`, and forget it until `save` copies it from
        there: a build that only saves it need not hold it while the site renders (a big site's is hundreds of
        megabytes, which a forked renderer would copy as far as it touches their pages of memory)."""
        link = self.link
        summary = link.summary()
        spool = Spool(scratch)
        places = []
        try:
            for part in link.plain():  # each written before the next is made
                places.append(spool.put_written(partial(_dump, part)))
                del part
        except OSError as err:  # no room for it there: it stays in memory
            log.debug("link memory kept in memory: %s", err)
            spool.close()
            return
        self._link = None
        self._aside = _LinkAside(spool, places, summary)

    def memo_for(self, config: SiteConfig, strings_key: bytes) -> PageMemo:
        """The page memo, emptied of its pages when they were rendered with other settings or another theme."""
        key = render_key(config, strings_key)
        if key != self.render_key:
            self.pages.clear()
            self.render_key = key
        self.pages.start_build()
        return self.pages

    @classmethod
    def load(cls, cache_dir: Path | None, *, compact: bool = False) -> BuildState:
        """The state the last build saved in `cache_dir`; a fresh one when there is none, or it is unusable.

        `compact`: for a build that only keeps it for the next process (its page memo is `compact`).
        """
        state = cls(pages=PageMemo(compact=compact, scratch=cache_dir))
        if cache_dir is None:
            return state
        path = cache_dir / STATE_NAME
        try:
            file = open(path, "rb")
        except OSError as err:  # none saved yet (a folder that cannot be written is said when saving)
            log.debug("%s: no build state (%s)", path, err)
            return state
        with file:
            magic, _, version = file.readline().removesuffix(b"\n").partition(b" code ")
            if magic != _MAGIC or version.decode("ascii", "replace") != code_version():
                log.debug("%s: a build state of other code; not used", path)
                return state
            try:
                body = _SealedReader(file)
                state._restore(body)
                body.check()
            except (OSError, ValueError, TypeError, KeyError, IndexError, EOFError, pickle.UnpicklingError) as err:
                log.warning("%s: build state damaged (%s); building without it", path, err)
                return cls(pages=PageMemo(compact=compact, scratch=cache_dir))
        return state

    def save(self, cache_dir: Path | None, warnings: StoreWarnings) -> None:
        """Keep this state for the next build in `cache_dir` (none: nowhere); failing to is only slower.

        Pages the last build did not ask for are forgotten first; a state the build did not change is
        not written again. It is pickled straight into the file, never whole in memory.
        """
        forgotten = self.pages.forget_unseen()
        if cache_dir is None or (not forgotten and not self.pages.rendered and self._loaded == self._summary()):
            return
        try:
            with replaced(cache_dir / STATE_NAME) as file:
                file.write(b"%s code %s\n" % (_MAGIC, code_version().encode()))
                sealed = _SealedWriter(file)
                self._write_body(sealed)
                file.write(sealed.seal())
        except OSError as err:
            warnings.cannot_store(cache_dir, err)

    def _write_body(self, file: Any) -> None:
        """The state as plain values (what `_PlainUnpickler` may build): a table that says how many pickles
        follow, then the link memory's parts, a pickle each (each made as it is written, so a big site's are
        never all in memory), then its pages, `_PAGES_A_PICKLE` a pickle."""
        chunks = -(-self.pages.count // _PAGES_A_PICKLE)
        pickle.Pickler(file, protocol=5).dump({"render_key": self.render_key, "pages": chunks,
                                               "link": len(_LINK_PARTS)})
        if self._aside is not None:
            for place in self._aside.places:
                _copy(self._aside.spool, place, file)
        else:
            for part in self.link.plain():  # (name, value) pairs, in `_LINK_PARTS`' order
                _dump(part, file)
                del part  # before the next part is made
        stored = self.pages.each_stored()
        for _ in range(chunks):
            pickle.Pickler(file, protocol=5).dump(list(islice(stored, _PAGES_A_PICKLE)))

    def _restore(self, body: Any) -> None:
        """Take the values `_write_body` wrote, read from `body`; TypeError, ValueError, KeyError or EOFError when
        they are not of its shape."""
        plain = _PlainUnpickler(body).load()
        if not isinstance(plain, dict):
            raise TypeError("not a table")
        key, chunks, parts = plain["render_key"], plain["pages"], plain["link"]
        if not (isinstance(key, bytes) and type(chunks) is int and parts == len(_LINK_PARTS)):
            raise TypeError("a field of another type")
        link: dict[str, Any] = {}
        for name in _LINK_PARTS:
            part = _PlainUnpickler(body).load()
            if not (isinstance(part, tuple) and len(part) == 2 and part[0] == name):
                raise TypeError("link memory of another shape")
            link[name] = part[1]
        for _ in range(chunks):
            pages = _PlainUnpickler(body).load()
            if not isinstance(pages, list):
                raise TypeError("pages of another shape")
            self.pages.restore(pages)
        self.link.restore(link)
        self.render_key = key
        self._loaded = self._summary()

    def _summary(self) -> tuple[object, ...]:
        return self.render_key, self._aside.summary if self._aside is not None else self.link.summary()


@dataclass
class _LinkAside:
    """The link memory's parts pickled into a scratch file, where the state file takes them from."""

    spool: Spool
    places: list[Place]
    """Where each part's pickle is, in `_LINK_PARTS`' order."""
    summary: tuple[object, ...]
    """`LinkMemory.summary` of the memory set aside."""


def _dump(value: Any, file: Any) -> None:
    pickle.Pickler(file, protocol=5).dump(value)


def _copy(spool: Spool, place: Place, file: Any) -> None:
    """Write the bytes at `place` to `file`, a few at a time."""
    offset, length = place
    for start in range(offset, offset + length, _COPY_BYTES):
        file.write(spool.get((start, min(_COPY_BYTES, offset + length - start))))


def render_key(config: SiteConfig, strings_key: bytes) -> bytes:
    """A digest of what every page is rendered with besides its own values: settings, theme files, UI strings."""
    # Not where the site is written: a build into another folder (`--out`) renders the same pages.
    settings = replace(config, output_dir=Path("site"))
    digest = hashlib.blake2b(repr(settings).encode("utf-8", "surrogatepass"), digest_size=20)
    digest.update(strings_key)
    for number, folder in enumerate(config.theme_folders):
        for parent, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                path = Path(parent, name)
                try:
                    content = read_regular(path)
                except OSError as err:  # a pipe or unreadable file: rendering reports it
                    content = f"unreadable: {err.strerror}".encode()
                digest.update(f"{number}/{path.relative_to(folder).as_posix()}\0{len(content)}\0".encode())
                digest.update(content)
    return digest.digest()


class _SealedWriter:
    """A file that the body is written to through, noting its digest (the seal that ends the file)."""

    def __init__(self, file: BinaryIO) -> None:
        self._file = file
        self._digest = hashlib.blake2b(digest_size=_SEAL_BYTES)

    def write(self, data: bytes) -> int:
        self._digest.update(data)
        return self._file.write(data)

    def seal(self) -> bytes:
        """The line that ends the file: the digest of the body written."""
        return b"\n" + self._digest.hexdigest().encode() + b"\n"


class _SealedReader:
    """The body of a state file, read up to its seal with its digest noted; `check` compares them."""

    def __init__(self, file: BinaryIO) -> None:
        start = file.tell()
        end = file.seek(0, os.SEEK_END) - _SEAL_LINE
        if end < start:
            raise ValueError("it is cut short")
        file.seek(end)
        self._seal = file.read(_SEAL_LINE)
        file.seek(start)
        self._file, self._left = file, end - start
        self._digest = hashlib.blake2b(digest_size=_SEAL_BYTES)

    def read(self, size: int = -1) -> bytes:
        data = self._file.read(self._left if size < 0 else min(size, self._left))
        self._left -= len(data)
        self._digest.update(data)
        return data

    def readline(self) -> bytes:
        data = self._file.readline(self._left)
        self._left -= len(data)
        self._digest.update(data)
        return data

    def check(self) -> None:
        """ValueError unless the whole body was read and is what its seal says."""
        if self._left or self._seal != b"\n" + self._digest.hexdigest().encode() + b"\n":
            raise ValueError("it differs from its digest")


_SEAL_BYTES = 20
#: The seal line's length: a newline, the digest in hex, a newline.
_SEAL_LINE = 2 + 2 * _SEAL_BYTES


class _PlainUnpickler(pickle.Unpickler):
    """Builds plain values only: a stored state never names a class or function, so one that does is refused."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"it names {module}.{name}")
