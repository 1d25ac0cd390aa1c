"""The build's side of cluster annotation: connect, check the workers, send batches, take results as they arrive."""

from __future__ import annotations

import itertools
import logging
import socket
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import CancelledError
from contextlib import contextmanager
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import dask
from distributed import Client, Future, LocalCluster, as_completed
from distributed.scheduler import KilledWorker

from ..errors import DigestError
from ..model import Annotations, Article, GlossaryEntry, KnownEntity
from .address import ENV_VAR, local_workers
from .versions import VersionMismatch, Versions, local_versions, mismatch
from .worker import AnnotatorPlugin, AuthoredNames, annotate_batch, authored_names

if TYPE_CHECKING:
    from ..config import ClusterConfig

log = logging.getLogger(__name__)

#: Seconds to reach the scheduler and to find a worker there, before the build stops with a message.
CONNECT_TIMEOUT = 5.0
#: Batches in flight per worker thread: one running and one waiting, so no worker idles between batches,
#: and the client never holds the whole corpus in the scheduler's memory.
IN_FLIGHT = 2
#: Seconds the build waits with work outstanding and no worker connected before it stops with a message: the
#: scheduler keeps such work forever, hoping for workers. A nanny restarts a killed worker within seconds.
NO_WORKERS_TIMEOUT = 60.0
#: Seconds between two looks at the scheduler's workers while no batch has come back.
_POLL = 0.5

#: Dask sets this for the worker processes it spawns, which stops glibc from adapting its mmap threshold: the
#: arrays spaCy allocates and frees for every batch are then mapped and unmapped each time, in system time.
#: Unset for the local clusters digest starts (see the README for a scheduler's workers).
_MALLOC_TRIM = "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_"

#: A batch: each article with its position in the list the caller gave.
Batch = list[tuple[int, Article]]
#: Told each batch's annotations as they arrive: (position, annotations) pairs.
Arrived = Callable[[list[tuple[int, Annotations]]], None]


class ClusterError(DigestError):
    """The cluster cannot be reached or used."""


def annotate_on_cluster(articles: Sequence[Article], glossary: Sequence[GlossaryEntry],
                        known: Sequence[KnownEntity], settings: ClusterConfig, arrived: Arrived) -> list[tuple[int, str]]:
    """Annotate slim cleaned `articles` on the cluster; `arrived` gets each batch's results as it comes back.

    Returns the articles that failed on every try, as (position, reason). A batch that fails is tried
    again (`settings.retries` times, elsewhere if its worker died), then its articles one by one, so that
    one bad article does not take its batch with it.
    """
    names = authored_names(list(glossary), list(known))
    ours = local_versions()
    with _connected(settings.address.strip()) as client:
        _refuse_other_versions(client, ours)
        client.register_plugin(AnnotatorPlugin())
        order = sorted(range(len(articles)), key=lambda i: articles[i].lang)  # one pipeline per batch
        batches = [[(i, articles[i]) for i in order[s:s + settings.batch_size]]
                   for s in range(0, len(order), settings.batch_size)]
        failed = _run(client, batches, names, ours, settings.retries, arrived)
        if failed:
            log.debug("%d batch(es) failed; annotating their articles one by one", len(failed))
        singles = [[item] for batch, _ in failed for item in batch]
        return [(batch[0][0], reason) for batch, reason in _run(client, singles, names, ours, settings.retries, arrived)]


@contextmanager
def _connected(address: str) -> Iterator[Client]:
    """A client of the scheduler at `address`, or of a new local cluster for `local:N`."""
    workers = local_workers(address)
    if workers is not None:
        with dask.config.set({_MALLOC_TRIM: None}), LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                          silence_logs=logging.CRITICAL) as cluster, Client(cluster, set_as_default=False) as client:
            yield client
        return
    where = f"the Dask scheduler at {address}"
    try:
        # A plain connection first: a Client that fails to connect leaves Dask's event-loop thread running.
        _reach(address)
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as err:
        raise ClusterError(f"cannot reach {where} ({_first_line(err)}); start it with `dask scheduler`, or correct "
                           f"the address (--cluster, {ENV_VAR} or [cluster] address)") from None
    try:
        try:
            client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        except TimeoutError:
            raise ClusterError(f"{where} has no workers; start some with `dask worker {address}` in digest's "
                               "environment") from None
        yield client
    finally:
        client.close()


def _reach(address: str) -> None:
    """Open and close a TCP connection to the scheduler's host and port (OSError when nothing listens there)."""
    parts = urlsplit(address)
    with socket.create_connection((parts.hostname or "", parts.port or 0), timeout=CONNECT_TIMEOUT):
        pass


def _refuse_other_versions(client: Client, ours: Versions) -> None:
    """Stop unless every worker has this build's spaCy, models and annotator code."""
    try:
        found: dict[str, Versions] = client.run(local_versions)
    except ImportError as err:
        raise ClusterError(f"the Dask workers cannot load digest ({err}); start them from digest's environment "
                           "(its virtualenv or a container image built from pyproject.toml)") from None
    for worker, theirs in sorted(found.items()):
        refused = mismatch(worker, theirs, ours)
        if refused:
            raise ClusterError(refused)


def _run(client: Client, batches: list[Batch], names: AuthoredNames, versions: Versions, retries: int,
         arrived: Arrived) -> list[tuple[Batch, str]]:
    """Send `batches` with a bounded number in flight; the batches that failed on every try, with why."""
    if not batches:
        return []
    pending = iter(batches)
    sent: dict[Future, Batch] = {}

    def send(batch: Batch) -> Future:
        future = client.submit(annotate_batch, [a for _, a in batch], names, versions, retries=retries, pure=False)
        sent[future] = batch
        return future

    threads = sum(client.nthreads().values()) or 1
    done = as_completed([send(b) for b in itertools.islice(pending, max(4, IN_FLIGHT * threads))], loop=client.loop)
    failed: list[tuple[Batch, str]] = []
    for future in _arriving(client, done):
        batch = sent.pop(future)
        if future.status == "finished":
            arrived([(index, annotations) for (index, _), annotations in zip(batch, _result(client, future))])
        elif future.status != "error":  # cancelled: the scheduler forgot it (restarted, or the connection broke)
            raise _dropped(future.status)
        else:
            error = future.exception()
            if isinstance(error, VersionMismatch):
                raise ClusterError(str(error))
            failed.append((batch, _reason(error, retries)))
        future.release()
        for batch in itertools.islice(pending, 1):
            done.add(send(batch))
    return failed


class _Workers:
    """Whether the scheduler still has workers: ClusterError once it has had none for NO_WORKERS_TIMEOUT seconds."""

    def __init__(self, client: Client) -> None:
        self._client = client
        self._alone_since: float | None = None

    def busy(self) -> None:
        """Work arrived: the workers are there."""
        self._alone_since = None

    def check(self) -> None:
        if self._client.nthreads():
            self._alone_since = None
        elif self._alone_since is None:
            self._alone_since = time.monotonic()
        elif time.monotonic() - self._alone_since > NO_WORKERS_TIMEOUT:
            raise ClusterError(f"the Dask scheduler has had no worker for {NO_WORKERS_TIMEOUT:.0f} s (they stopped "
                               "or were stopped); the annotations received so far are in the cache: start workers "
                               "with `dask worker ADDRESS` in digest's environment and build again")


def _arriving(client: Client, done: as_completed) -> Iterator[Future]:
    """The futures of `done` as they finish; ClusterError after NO_WORKERS_TIMEOUT seconds without any worker."""
    workers = _Workers(client)
    while not done.is_empty():
        if done.has_ready():
            workers.busy()
            yield from done.next_batch(block=False)
            continue
        time.sleep(_POLL)
        workers.check()


def _result(client: Client, future: Future) -> list[Annotations]:
    """The result of a finished future. A result held by a worker that stops before it is fetched is lost with
    it and computed again elsewhere: it is waited for while the scheduler has workers (never forever)."""
    workers = _Workers(client)
    while True:
        try:
            return future.result(timeout=_POLL)  # type: ignore[no-any-return]
        except TimeoutError:
            workers.check()
        except CancelledError:
            raise _dropped("cancelled") from None


def _dropped(status: str) -> ClusterError:
    return ClusterError(f"the Dask scheduler dropped this build's work ({status}); the annotations received so far "
                        "are in the cache: build again to go on")


def _reason(error: BaseException | None, retries: int) -> str:
    """Why a batch failed, for the message that names its article."""
    tries = f"{retries + 1} tr{'ies' if retries else 'y'}"
    if isinstance(error, KilledWorker):
        return "annotating it stopped the Dask worker that ran it each time (out of memory, or a crash)"
    return f"annotating it failed on each of {tries} ({type(error).__name__}: {_first_line(error)})"


def _first_line(error: BaseException | None) -> str:
    lines = str(error).strip().splitlines()
    return lines[0][:300] if lines else type(error).__name__
