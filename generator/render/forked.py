"""Independent tasks run across forked processes, for CPU-bound stages over data already in memory.

A forked child shares the parent's memory as it was at the fork (the linked corpus, the compiled
templates), so nothing but the results crosses a pipe. Forking is only safe in a process with no
other threads, so anything else (the preview server, a platform without `fork`) runs the tasks here.

Results are handed on in task order as they come (`stream_forked`): a child sends each result as
soon as it has it and waits while its pipe is full, so a stage that writes each result away
never holds more than a few of them.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Stands for the result of a task that failed in a child (the parent runs the rest of that share).
_FAILED = object()
#: Linux's `F_SETPIPE_SZ`: a child may run this far ahead of the parent reading its results.
_SET_PIPE_SIZE = 1031
_PIPE_BYTES = 1 << 20


def run_forked(tasks: Sequence[Callable[[], T]], jobs: int) -> list[T]:
    """Every task's result, in order; `jobs` - 1 forked children take every `jobs`-th task each."""
    return list(stream_forked(tasks, jobs))


def stream_forked(tasks: Sequence[Callable[[], T]], jobs: int) -> Iterator[T]:
    """Every task's result, in order, each as soon as it is there (as `run_forked`, without holding them all).

    A task that fails in a child runs again here with the rest of that child's share, so that its
    error is raised as usual; closing the iterator early stops the children.
    """
    if jobs <= 1 or len(tasks) < 2 * jobs or not _can_fork():
        for task in tasks:
            yield task()
        return
    context = multiprocessing.get_context("fork")
    children: list[tuple[multiprocessing.process.BaseProcess, Connection]] = []
    failed: set[int] = set()
    try:
        for share in range(1, jobs):
            receiver, sender = context.Pipe(duplex=False)
            _widen(receiver)
            child = context.Process(target=_stream_share, args=(tasks, share, jobs, sender), daemon=True)
            child.start()
            sender.close()
            children.append((child, receiver))
        for index, task in enumerate(tasks):
            share = index % jobs
            if share == 0 or share in failed:
                yield task()
                continue
            result = _received(children[share - 1][1])
            if result is _FAILED:
                log.debug("forked share %d failed; running the rest of it in this process", share)
                failed.add(share)
                result = task()
            yield result  # type: ignore[misc]
    finally:
        for child, receiver in children:  # done, or this stage failed: what a child has left is not wanted
            child.terminate()
            child.join()
            receiver.close()


def _received(receiver: Connection) -> object:
    """The next result of a child, or `_FAILED` when its task failed or it is gone."""
    try:
        done, result = receiver.recv()
    except EOFError:
        return _FAILED
    return result if done else _FAILED


def _widen(receiver: Connection) -> None:
    """Let a child run ahead by a few pages instead of one (Linux only; elsewhere the default pipe)."""
    try:
        import fcntl
    except ImportError:
        return
    try:
        fcntl.fcntl(receiver.fileno(), _SET_PIPE_SIZE, _PIPE_BYTES)
    except OSError:
        pass


def _stream_share(tasks: Sequence[Callable[[], T]], share: int, jobs: int, sender: Connection) -> None:
    for index in range(share, len(tasks), jobs):
        try:
            result = tasks[index]()
        except Exception:  # noqa: BLE001 - reported by the parent, which runs this task again
            sender.send((False, None))
            break
        sender.send((True, result))
    sender.close()


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
