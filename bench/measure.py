"""Run one command as a subprocess and measure its wall time and peak memory."""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
MIB = 1024 * 1024


@dataclass
class Measured:
    """What one run of a command cost."""

    seconds: float
    cpu_seconds: float
    """User + system CPU time of the command and every descendant it waited for (its worker processes)."""
    peak_rss_mib: float
    """Peak RSS of the largest single process of the run (the command or one of its workers), from wait4."""
    tree_rss_mib: float
    """Peak of the summed RSS of the command and all its live descendants, sampled every 0.2 s."""
    stdout: str
    stderr: str


class CommandFailed(RuntimeError):
    """A measured command exited with a non-zero status."""


def measure(command: list[str], *, cwd: Path, env: dict[str, str] | None = None) -> Measured:
    """Run `command` in `cwd` to completion; raise CommandFailed with its output if it fails."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        sampler = _TreeSampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop()
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if process.returncode != 0:
        raise CommandFailed(f"{' '.join(command)} exited with {process.returncode} in {cwd}:\n{stdout}\n{stderr}")
    # Linux reports ru_maxrss in KiB: the maximum over the process and the descendants it reaped.
    return Measured(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, sampler.peak_bytes / MIB,
                    stdout, stderr)


class _TreeSampler(threading.Thread):
    """Polls /proc for the summed resident memory of a process and its descendants."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak_bytes = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.peak_bytes = max(self.peak_bytes, _tree_rss(self.pid))
            self._done.wait(self.interval)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree_rss(root: int) -> int:
    """Summed RSS in bytes of `root` and every process descending from it (0 once it has exited)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            # The command name (field 2) may contain spaces and parentheses: split after its last ')'.
            children.setdefault(int(stat.rpartition(")")[2].split()[1]), []).append(int(entry.name))
    tree, frontier = {root}, [root]
    while frontier:
        found = children.get(frontier.pop(), [])
        tree.update(found)
        frontier += found
    total = 0
    for pid in tree:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_BYTES
        except (OSError, IndexError, ValueError):
            continue
    return total
