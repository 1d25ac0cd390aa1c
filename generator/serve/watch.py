"""Watching the site's sources: which kind of change a path is, debouncing bursts, and the watchdog observer.

Editors save in several steps (a temporary file, a rename, a metadata change), so
changes are collected until the sources have been quiet for a moment and handed
to the rebuild loop as one batch. The classification and the debounce are plain
functions and objects; only `Watcher` touches the file system.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from .. import urls
from ..config import SiteConfig
from ..session import ChangeKind

log = logging.getLogger(__name__)

#: How long the sources must stay quiet before a burst of changes is rebuilt.
QUIET_SECONDS = 0.05
#: A burst that never goes quiet is rebuilt after this long anyway.
LONGEST_WAIT_SECONDS = 0.5
POLL_SECONDS = 0.5

_NOISE_SUFFIXES = (".swp", ".swx", ".swo", ".tmp", ".part", ".crdownload", ".kate-swp", "___jb_tmp___",
                   "___jb_old___")
_IGNORED_EVENTS = {"opened", "closed_no_write"}


def is_editor_noise(name: str) -> bool:
    """Swap, backup, lock and temporary files that editors write beside the file being saved."""
    return (name.startswith((".", "#")) or name.endswith(("~", *_NOISE_SUFFIXES))
            or name == "4913")  # vim's probe file


def classify(paths: Iterable[Path], config: SiteConfig) -> set[ChangeKind]:
    """The kinds of change that `paths` (absolute) make to the site; noise and the output folder count for nothing."""
    config_file = config.config_path.resolve() if config.config_path else None
    output = config.output_path.resolve()
    theme = config.theme_path.resolve()
    static = theme / urls.STATIC_DIR
    content = config.content_path.resolve()
    kinds: set[ChangeKind] = set()
    for path in paths:
        path = Path(os.path.abspath(path))
        if path == config_file:
            kinds.add("config")
        elif _inside(path, output):
            continue
        elif _inside(path, static) and not _noise_below(path, static):
            kinds.add("static")
        elif _inside(path, theme) and not _noise_below(path, theme):
            kinds.add("theme")
        elif _inside(path, content) and not _noise_below(path, content):
            kinds.add("content")
    return kinds


def watched_folders(config: SiteConfig) -> list[tuple[Path, bool]]:
    """The folders to watch and whether recursively: content, theme and the config file's folder."""
    folders: list[tuple[Path, bool]] = []
    for folder in (config.content_path.resolve(), config.theme_path.resolve()):
        if any(_inside(folder, other) for other, _ in folders):
            continue
        folders = [(f, r) for f, r in folders if not _inside(f, folder)]
        folders.append((folder, True))
    if config.config_path is not None:
        parent = config.config_path.resolve().parent
        if not any(_inside(parent, other) for other, _ in folders):
            folders.append((parent, False))
    return folders


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _noise_below(path: Path, root: Path) -> bool:
    return any(is_editor_noise(part) for part in path.relative_to(root).parts)


class Debouncer:
    """Collects changed paths; a burst is due once quiet for `quiet` seconds, or `longest` after it began."""

    def __init__(self, quiet: float = QUIET_SECONDS, longest: float = LONGEST_WAIT_SECONDS) -> None:
        self.quiet = quiet
        self.longest = longest
        self._paths: set[Path] = set()
        self._first = 0.0
        self._last = 0.0

    def add(self, paths: Iterable[Path], now: float) -> None:
        paths = set(paths)
        if not paths:
            return
        if not self._paths:
            self._first = now
        self._last = now
        self._paths |= paths

    def due(self) -> float | None:
        """When the current burst should be handed out (None: nothing pending)."""
        if not self._paths:
            return None
        return min(self._last + self.quiet, self._first + self.longest)

    def take(self, now: float) -> set[Path]:
        """The burst, if it is due at `now` (else nothing)."""
        due = self.due()
        if due is None or now < due:
            return set()
        paths, self._paths = self._paths, set()
        return paths


class ChangeQueue:
    """Where the watcher puts changed paths and the rebuild loop takes them, one debounced burst at a time."""

    def __init__(self, debouncer: Debouncer | None = None) -> None:
        self._debouncer = debouncer or Debouncer()
        self._condition = threading.Condition()
        self._closed = False

    def put(self, paths: Iterable[Path]) -> None:
        with self._condition:
            self._debouncer.add(paths, time.monotonic())
            self._condition.notify_all()

    def get(self) -> set[Path] | None:
        """Block until a burst is due and return it; None once the queue is closed."""
        with self._condition:
            while not self._closed:
                now = time.monotonic()
                burst = self._debouncer.take(now)
                if burst:
                    return burst
                due = self._debouncer.due()
                self._condition.wait(None if due is None else max(due - now, 0.001))
            return None

    def close(self) -> None:
        with self._condition:
            self._closed = True
            self._condition.notify_all()


class _Forward(FileSystemEventHandler):
    """Puts the paths of every relevant watchdog event into the queue."""

    def __init__(self, queue: ChangeQueue) -> None:
        self._queue = queue

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in _IGNORED_EVENTS or (event.is_directory and event.event_type == "modified"):
            return
        paths = [event.src_path, getattr(event, "dest_path", "")]
        self._queue.put(Path(os.fsdecode(p)) for p in paths if p)


class Watcher:
    """Reports changes under the site's sources to a queue: native events, or polling with `poll`."""

    def __init__(self, queue: ChangeQueue, *, poll: bool = False, poll_seconds: float = POLL_SECONDS) -> None:
        self._observer: BaseObserver = PollingObserver(timeout=poll_seconds) if poll else Observer()
        self._handler = _Forward(queue)
        self.folders: list[tuple[Path, bool]] = []

    def watch(self, config: SiteConfig) -> None:
        """Watch the sources of `config` (again, when they moved), never its output."""
        folders = watched_folders(config)
        if folders == self.folders:
            return
        self._observer.unschedule_all()
        for folder, recursive in folders:
            if not folder.is_dir():
                log.warning("%s: not a folder; its changes are not watched", folder)
                continue
            self._observer.schedule(self._handler, str(folder), recursive=recursive)
            log.debug("watching %s%s", folder, " and below" if recursive else "")
        self.folders = folders

    def start(self) -> None:
        self._observer.start()

    def stop(self) -> None:
        if self._observer.is_alive():
            self._observer.stop()
            self._observer.join(timeout=5)
