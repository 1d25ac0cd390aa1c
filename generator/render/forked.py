"""Independent tasks run across forked processes, for CPU-bound stages over data already in memory.

A forked child shares the parent's memory as it was at the fork (the linked corpus, the compiled
templates), so nothing but the results crosses a pipe. Forking is only safe in a process with no
other threads, so anything else (the preview server, a platform without `fork`) runs the tasks here.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


def run_forked(tasks: Sequence[Callable[[], T]], jobs: int) -> list[T]:
    """Every task's result, in order; `jobs` - 1 forked children take every `jobs`-th task each."""
    if jobs <= 1 or len(tasks) < 2 * jobs or not _can_fork():
        return [task() for task in tasks]
    context = multiprocessing.get_context("fork")
    children: list[tuple[multiprocessing.process.BaseProcess, Connection, int]] = []
    for share in range(1, jobs):
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(target=_run_share, args=(tasks, share, jobs, sender), daemon=True)
        child.start()
        sender.close()
        children.append((child, receiver, share))
    results: list[T | None] = [None] * len(tasks)
    try:
        for index in range(0, len(tasks), jobs):
            results[index] = tasks[index]()
    except BaseException:
        for child, receiver, _ in children:  # this build has failed: its children's work is not wanted
            child.terminate()
            child.join()
            receiver.close()
        raise
    for child, receiver, share in children:
        try:
            done: list[T] | None = receiver.recv()
        except EOFError:
            done = None
        child.join()
        if done is None:  # the child failed: its tasks run here, so that their errors are raised as usual
            log.debug("forked share %d failed; running it in this process", share)
            done = [tasks[index]() for index in range(share, len(tasks), jobs)]
        results[share::jobs] = done
    return results  # type: ignore[return-value]


def _run_share(tasks: Sequence[Callable[[], T]], share: int, jobs: int, sender: Connection) -> None:
    try:
        done: list[T] | None = [tasks[index]() for index in range(share, len(tasks), jobs)]
    except Exception:  # noqa: BLE001 - reported by the parent, which runs this share again
        done = None
    sender.send(done)
    sender.close()


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
