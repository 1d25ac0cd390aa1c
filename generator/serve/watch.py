"""Watching the site's sources: which kind of change a path is, debouncing bursts, and the watchdog observer.

Editors save in several steps (a temporary file, a rename, a metadata change), so
changes are collected until the sources have been quiet for a moment and handed
to the rebuild loop as one batch. The classification and the debounce are plain
functions and objects; only `Watcher` and `armed_folders` look at the file system.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

from .. import urls
from ..config import SiteConfig
from ..pipeline.session import ChangeKind

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
    themes = [folder.resolve() for folder in config.theme_folders]
    content = config.content_path.resolve()
    kinds: set[ChangeKind] = set()
    for path in paths:
        path = Path(os.path.abspath(path))
        if path == config_file:
            kinds.add("config")
        elif _inside(path, output):
            continue
        elif kind := _theme_change(path, themes):
            kinds.add(kind)
        elif _inside(path, content) and not _noise_below(path, content):
            kinds.add("content")
    return kinds


def _theme_change(path: Path, themes: list[Path]) -> ChangeKind | None:
    """The kind of change ("static" or "theme") when `path` is a file, not editor noise, of a theme folder."""
    for theme in themes:
        static = theme / urls.STATIC_DIR
        if _inside(path, static) and not _noise_below(path, static):
            return "static"
        if _inside(path, theme) and not _noise_below(path, theme):
            return "theme"
    return None


def watched_folders(config: SiteConfig) -> list[tuple[Path, bool]]:
    """The folders to watch and whether recursively: content, theme and the config file's folder.

    The theme folder is the site's own, or the built-in theme when the site has none (a checkout's
    `templates/`, edited while serving the example site)."""
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
    """Reports changes under the site's sources to a queue: native events, or polling with `poll`.

    A watch follows the folder it was given, not its name: a folder deleted and made again, or
    replaced by a rename, would go unwatched (or its old self watched). `watch()` arms each folder
    again when that happened, and waits for a missing folder from its nearest existing parent.
    """

    def __init__(self, queue: ChangeQueue, *, poll: bool = False, poll_seconds: float = POLL_SECONDS) -> None:
        self._observer: BaseObserver = PollingObserver(timeout=poll_seconds) if poll else Observer()
        self._handler = _Forward(queue)
        self._armed: dict[tuple[Path, bool], tuple[ObservedWatch, tuple[int, int]]] = {}
        """Each watched folder (and whether recursively): its watch and the (device, inode) it was armed on."""
        self._lock = threading.Lock()
        self._stopped = False

    @property
    def folders(self) -> list[tuple[Path, bool]]:
        """The folders watched now, and whether recursively."""
        return list(self._armed)

    def watch(self, config: SiteConfig, changed: Iterable[Path] = ()) -> list[Path]:
        """Watch the sources of `config`, never its output; return the folders armed anew.

        A folder is armed again when its watch ended (the folder was deleted), when it is another
        folder under the same name (made again, or renamed into place), or when `changed` names it
        or one of its parents. Changes made in a folder before it was armed were not seen: the
        caller treats the folders returned as changed.
        """
        with self._lock:
            if self._stopped:  # the watches ended with the observer: arming them again would report nothing
                return []
            return self._arm(armed_folders(config), [Path(os.path.abspath(path)) for path in changed])

    def start(self) -> None:
        self._observer.start()

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
        if self._observer.is_alive():
            self._observer.stop()
            self._observer.join(timeout=5)

    def _arm(self, plan: list[tuple[Path, bool]], named: list[Path]) -> list[Path]:
        for key in [key for key in self._armed if key not in plan]:
            self._disarm(key)
        fresh: list[Path] = []
        for folder, recursive in plan:
            identity = _identity(folder)
            kept = self._armed.get((folder, recursive))
            if (kept is not None and kept[1] == identity and self._running(kept[0])
                    and not any(_inside(folder, path) for path in named)):
                continue
            if kept is not None:
                self._disarm((folder, recursive))
            if identity is None:
                continue  # gone again since the plan was made: its parent's event brings it back here
            try:
                watch = self._observer.schedule(self._handler, str(folder), recursive=recursive)
            except FileNotFoundError:
                continue
            except OSError as err:  # such as the system's limit of watches; the next change tries again
                log.error("%s: cannot watch its changes: %s (try --poll)", folder, err.strerror or err)
                continue
            self._armed[(folder, recursive)] = (watch, identity)
            log.debug("watching %s%s", folder, " and below" if recursive else "")
            fresh.append(folder)
        return fresh

    def _running(self, watch: ObservedWatch) -> bool:
        """Whether the watch still reports (an emitter stops for good when its folder is deleted)."""
        emitters = list(self._observer.emitters)
        return any(emitter.watch == watch and emitter.should_keep_running() for emitter in emitters)

    def _disarm(self, key: tuple[Path, bool]) -> None:
        watch, _ = self._armed.pop(key)
        with contextlib.suppress(KeyError):  # already gone with the observer
            self._observer.unschedule(watch)


def armed_folders(config: SiteConfig) -> list[tuple[Path, bool]]:
    """What to watch now: each of `watched_folders` that exists, or else its nearest existing parent (not
    recursively: enough to see the folder come back); none twice, none inside a folder watched recursively."""
    plan: list[tuple[Path, bool]] = []
    for folder, recursive in watched_folders(config):
        if _identity(folder) is None:
            folder, recursive = _nearest_existing(folder), False
        if any(_covers(other, deep, folder, recursive) for other, deep in plan):
            continue
        plan = [(other, deep) for other, deep in plan if not _covers(folder, recursive, other, deep)]
        plan.append((folder, recursive))
    return plan


def _covers(folder: Path, recursive: bool, other: Path, other_recursive: bool) -> bool:
    """Whether watching `folder` reports every change that watching `other` does."""
    if recursive:
        return _inside(other, folder)
    return folder == other and not other_recursive


def _nearest_existing(path: Path) -> Path:
    return next((parent for parent in path.parents if _identity(parent) is not None), Path(path.anchor))


def _identity(folder: Path) -> tuple[int, int] | None:
    """The (device, inode) of a folder, None when there is no folder by that name."""
    try:
        found = folder.stat()
    except OSError:
        return None
    return (found.st_dev, found.st_ino) if stat.S_ISDIR(found.st_mode) else None
