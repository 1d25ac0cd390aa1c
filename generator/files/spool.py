"""Byte strings kept in an unnamed scratch file instead of memory, each read back by where it was put.

A big site's rendered pages (compressed, for the next build) and the parts of them the search index
reads add up to more than a gigabyte at tens of thousands of stories; a build that writes its pages away
as it renders them need not hold those too. The file has no name: it is gone when the spool is closed
or its process ends, however it ends.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from pathlib import Path
from typing import BinaryIO

#: Where a string was put: its offset in the file and its length.
Place = tuple[int, int]


class Spool:
    """An append-only store of byte strings in a scratch file of `folder` (the file is made on the first `put`)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        """Where the scratch file goes (None: the system's temporary folder)."""
        self._file: BinaryIO | None = None
        self._end = 0
        # Reads and writes name their offset (the file's position is never moved, and nothing waits in a buffer
        # to be written before a read); the lock keeps the end and the file one for the threads (the search stage's).
        self._lock = threading.Lock()
        self._process = os.getpid()

    def put(self, data: bytes) -> Place:
        """Keep `data`; where it is, for `get`."""
        with self._lock:
            self._check_process()
            if self._file is None:
                self._file = _scratch_file(self.folder)
            place = (self._end, len(data))
            _write_at(self._file.fileno(), data, self._end)
            self._end += len(data)
            return place

    def put_written(self, write: Callable[[BinaryIO], object]) -> Place:
        """Keep what `write` writes into the file object it is given (straight into the file, never whole in
        memory); where it is, for `get`."""
        with self._lock:
            self._check_process()
            if self._file is None:
                self._file = _scratch_file(self.folder)
            write(self._file)
            start, self._end = self._end, self._file.tell()
            return start, self._end - start

    def get(self, place: Place) -> bytes:
        """The bytes kept at `place`."""
        offset, length = place
        with self._lock:
            self._check_process()
            if self._file is None or offset + length > self._end:
                raise KeyError(place)
            return _read_at(self._file.fileno(), length, offset)

    def _check_process(self) -> None:
        # A forked child shares the file with its parent: its writes would land where the parent's go.
        if os.getpid() != self._process:
            raise RuntimeError("a spool is used only by the process that made it")

    def close(self) -> None:
        """Delete the scratch file (what was kept can no longer be read)."""
        if self._file is not None:
            self._file.close()
            self._file = None
            self._end = 0

    @property
    def size(self) -> int:
        """Bytes kept."""
        return self._end


def _scratch_file(folder: Path | None) -> BinaryIO:
    """An unnamed, unbuffered file in `folder`, or in the system's temporary folder when `folder` cannot hold one
    (read-only)."""
    if folder is not None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            return tempfile.TemporaryFile(dir=folder, buffering=0)
        except OSError:
            pass
    return tempfile.TemporaryFile(buffering=0)


def _write_at(fd: int, data: bytes, offset: int) -> None:
    """Write all of `data` at `offset` of the file `fd` (a write may take only part of it)."""
    view, done = memoryview(data), 0
    while done < len(view):
        done += os.pwrite(fd, view[done:], offset + done)


def _read_at(fd: int, length: int, offset: int) -> bytes:
    """The `length` bytes at `offset` of the file `fd` (a read may give only part of them)."""
    data = os.pread(fd, length, offset)
    if len(data) == length:
        return data
    parts, done = [data], len(data)
    while done < length:
        part = os.pread(fd, length - done, offset + done)
        if not part:
            raise OSError(f"the scratch file ends {length - done} bytes short of what was kept")
        parts.append(part)
        done += len(part)
    return b"".join(parts)


class SpooledBytes(MutableMapping[str, bytes]):
    """A mapping of names to byte strings whose values wait in a `Spool`, read back when looked up."""

    def __init__(self, spool: Spool, places: dict[str, Place] | None = None) -> None:
        self.spool = spool
        self._places: dict[str, Place] = places if places is not None else {}

    def __setitem__(self, key: str, value: bytes) -> None:
        self._places[key] = self.spool.put(value)

    def __getitem__(self, key: str) -> bytes:
        return self.spool.get(self._places[key])

    def __delitem__(self, key: str) -> None:
        del self._places[key]  # its bytes stay in the file until the spool is closed

    def __iter__(self) -> Iterator[str]:
        return iter(self._places)

    def __len__(self) -> int:
        return len(self._places)

    def length(self, key: str) -> int:
        """The length of the value of `key`, without reading it."""
        return self._places[key][1]

    def subset(self, keys: Iterable[str]) -> SpooledBytes:
        """These keys and their values (still in the same spool), in this order."""
        return SpooledBytes(self.spool, {key: self._places[key] for key in keys})
