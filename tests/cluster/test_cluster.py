"""Annotation on a Dask cluster: addresses and settings, faults, resumption, and the same site as a local build."""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import cloudpickle
import pytest
from click.testing import CliRunner

from generator.pipeline.annotating import annotate_articles
from generator.cache import AnnotationCache, to_json
from generator.cli import main
from generator.cluster.address import address_problem, local_workers
from generator.config import ClusterConfig, load_config
from generator.errors import ConfigError, Report
from conftest import ROOT
from test_build import make_fixture_site
from test_cache import Counting, articles
from distributed import Client, LocalCluster

from generator.cluster import client as cluster_client
from generator.cluster.versions import VersionMismatch, local_versions
from generator.cluster.worker import PLUGIN, AnnotatorPlugin, authored_names

# The worker processes unpickle this module's plugin by value: they need not import the tests.
cloudpickle.register_pickle_by_value(sys.modules[__name__])

PYTHON = Path(sys.executable)
BIN = PYTHON.parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
#: Seconds any step of a cluster test may take before the test gives up (a hung cluster never hangs CI).
PATIENCE = 300


# ---- addresses and settings ---------------------------------------------------------------------------------


@pytest.mark.parametrize("address", ["", "tcp://127.0.0.1:8786", "tls://scheduler.example.org:8786", "local:2",
                                     " local:8 "])
def test_valid_addresses(address):
    assert address_problem(address) is None


@pytest.mark.parametrize("address, says", [
    ("127.0.0.1:8786", "not a cluster address"),
    ("http://host:8786", "not a cluster address"),
    ("tcp://host", "has no port: write tcp://host:8786"),
    ("tcp://host:port", "not a cluster address"),
    ("local:0", "give 1 to 1024"),
    ("local:two", "not a cluster address"),
])
def test_invalid_addresses_say_what_to_write(address, says):
    assert says in address_problem(address)


def test_local_workers():
    assert local_workers("local:3") == 3 and local_workers("tcp://h:1") is None


def test_the_cluster_table_is_read_and_checked_with_the_file_and_line(tmp_path):
    path = tmp_path / "digest.toml"
    path.write_text('title = "x"\n[cluster]\naddress = "tcp://10.0.0.5:8786"\nbatch_size = 8\nretries = 1\n')
    assert load_config(path).cluster == ClusterConfig("tcp://10.0.0.5:8786", 8, 1)
    assert load_config(None).cluster.address == ""
    path.write_text('title = "x"\n[cluster]\naddress = "10.0.0.5"\nbatch_size = 0\n')
    with pytest.raises(ConfigError) as bad:
        load_config(path)
    assert str(bad.value).startswith(f"{path}:3: 'cluster.address': '10.0.0.5' is not a cluster address")
    assert "'cluster.batch_size' must be between 1 and 10000, not 0" in str(bad.value)


def test_a_bad_cluster_option_or_variable_is_named(tmp_path):
    runner = CliRunner()
    given = runner.invoke(main, ["build", "--config", str(tmp_path / "none.toml"), "--cluster", "local:x"])
    assert given.exit_code == 2 and "Invalid value for --cluster: 'local:x' is not a cluster address" in given.output
    variable = runner.invoke(main, ["build", "--config", str(tmp_path / "none.toml")],
                             env={"DIGEST_CLUSTER": "tcp://host"})
    assert variable.exit_code == 2 and "Invalid value for DIGEST_CLUSTER: 'tcp://host' has no port" in variable.output


def test_an_unreachable_scheduler_fails_fast_with_a_message(tmp_path, annotator):
    address = f"tcp://127.0.0.1:{free_port()}"
    cache = AnnotationCache(tmp_path)
    with pytest.raises(cluster_client.ClusterError) as failed:
        annotate_articles(articles()[:1], cache=cache, annotator=Counting(annotator), cluster=ClusterConfig(address))
    assert str(failed.value).startswith(f"cannot reach the Dask scheduler at {address} (")
    assert "start it with `dask scheduler`, or correct the address (--cluster, DIGEST_CLUSTER or [cluster] address)" \
        in str(failed.value)


def test_a_worker_of_other_versions_is_refused_naming_both():
    plugin = AnnotatorPlugin()
    plugin.address, plugin.versions = "tcp://10.0.0.7:4000", {**local_versions(), "annotator code": "0123abcd"}
    with pytest.raises(VersionMismatch) as refused:
        plugin.annotate([], authored_names([], []), local_versions())
    assert str(refused.value).startswith(
        f"Dask worker tcp://10.0.0.7:4000 refused: it has annotator code 0123abcd, this build has annotator "
        f"code {local_versions()['annotator code']} (start the workers from the same environment")


@pytest.fixture(scope="module", autouse=True)
def no_dask_threads_left():
    """Dask's offload thread outlives every client; stopped after this file so later tests may fork safely."""
    yield
    from distributed.utils import _offload_executor

    _offload_executor.shutdown(wait=True)
    assert [t.name for t in threading.enumerate()] == ["MainThread"]


# ---- on a LocalCluster of 2 worker processes ------------------------------------------------------------------


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.CRITICAL) as local, Client(local, set_as_default=False) as client:
        yield local.scheduler_address, client


def test_cluster_annotations_equal_local_ones_and_are_cached_as_they_arrive(cluster, tmp_path, annotator):
    address, _ = cluster
    annotator.configure([], [])  # as the workers are: other tests give the shared annotator their sites' names
    batch = articles()
    local = annotate_articles(batch, cache=AnnotationCache(None), annotator=Counting(annotator))
    cache, progress = AnnotationCache(tmp_path), []
    stored: list[int] = []
    put_many = cache.put_many
    cache.put_many = lambda entries: (stored.append(len(entries)), put_many(entries))[1]
    factory = Counting(annotator)
    remote = annotate_articles(batch, cache=cache, annotator=factory, progress=progress.append,
                               cluster=ClusterConfig(address, batch_size=2))
    assert [to_json(a) for a in remote] == [to_json(a) for a in local]
    assert factory.calls == 0  # nothing was annotated in this process
    assert sorted(stored) == [1, 2, 2] and progress == stored  # one write per batch, as each arrived
    cache.close()
    again = annotate_articles(batch, cache=AnnotationCache(tmp_path), annotator=factory)
    assert [to_json(a) for a in again] == [to_json(a) for a in local] and factory.calls == 0


def test_an_interrupted_run_keeps_what_arrived_and_a_rerun_continues(cluster, tmp_path, annotator):
    address, _ = cluster
    batch, settings = articles(), ClusterConfig(address, batch_size=1)

    def interrupt(count: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        annotate_articles(batch, cache=AnnotationCache(tmp_path), annotator=Counting(annotator), progress=interrupt,
                          cluster=settings)
    progress: list[int] = []
    annotate_articles(batch, cache=AnnotationCache(tmp_path), annotator=Counting(annotator), progress=progress.append,
                      cluster=settings)
    assert progress[0] == 1 and sum(progress) == len(batch)  # what arrived before the interruption was cached


class FailingPlugin(AnnotatorPlugin):
    """The annotator plugin, except that annotating a text with a marker raises, as a bug would."""

    idempotent = False  # replaces the real plugin

    def annotate(self, articles, names, versions):
        if any("Vladimir" in a.text for a in articles):
            raise RuntimeError("no parse for this text")
        return super().annotate(articles, names, versions)


def test_an_article_failing_on_every_try_is_reported_with_its_path(cluster, tmp_path, annotator):
    address, client = cluster
    batch = articles()
    bad = [a.path for a in batch if "Vladimir" in a.text]
    assert len(bad) == 1
    client.register_plugin(FailingPlugin())  # in place of the real one, which leaves it there
    try:
        report, cache = Report(), AnnotationCache(tmp_path)
        annotate_articles(batch, cache=cache, annotator=Counting(annotator), report=report,
                          cluster=ClusterConfig(address, batch_size=3, retries=1))
    finally:
        client.unregister_worker_plugin(PLUGIN)
    assert [str(p) for p in report.errors] == [
        f"{bad[0]}: annotating it failed on each of 2 tries (RuntimeError: no parse for this text) (the other "
        f"articles' annotations are cached; fix or remove this article and build again)"]
    assert len(cache.memory) == len(batch) - 1  # its batch-mates were annotated one by one


def test_workers_of_other_versions_are_refused_before_any_work(cluster, tmp_path, annotator, monkeypatch):
    address, _ = cluster
    ours = {**local_versions(), "spaCy": "3.0.0"}
    monkeypatch.setattr(cluster_client, "local_versions", lambda: ours)
    cache = AnnotationCache(tmp_path)
    with pytest.raises(cluster_client.ClusterError) as refused:
        annotate_articles(articles()[:1], cache=cache, annotator=Counting(annotator), cluster=ClusterConfig(address))
    assert f"refused: it has spaCy {local_versions()['spaCy']}, this build has spaCy 3.0.0 (" in str(refused.value)
    assert not cache.memory


def test_a_build_whose_every_worker_stopped_fails_with_a_message(tmp_path, annotator, monkeypatch):
    monkeypatch.setattr(cluster_client, "NO_WORKERS_TIMEOUT", 1.0)
    monkeypatch.setattr(cluster_client, "_POLL", 0.1)
    batch = articles()
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.CRITICAL) as local:
        arrived: list[int] = []

        def stop_every_worker(count: int) -> None:
            if not arrived:
                local.scale(0)  # for good: no nanny starts them again
            arrived.append(count)

        cache, raised = AnnotationCache(tmp_path), []

        def build() -> None:
            try:
                annotate_articles(batch, cache=cache, annotator=Counting(annotator), progress=stop_every_worker,
                                  cluster=ClusterConfig(local.scheduler_address, batch_size=1))
            except cluster_client.ClusterError as err:
                raised.append(err)

        # In a thread, so that a build that waits forever fails this test instead of hanging it.
        waiting = threading.Thread(target=build, daemon=True)
        waiting.start()
        waiting.join(PATIENCE)
        assert not waiting.is_alive()
    # Which the client hears first depends on Dask's timing: no worker for the timeout, or a result that was
    # finished on the stopped worker and lost with it. Either way the build stops with a message.
    assert len(raised) == 1 and str(raised[0]).split(": start")[0].split(": build again")[0] in (
        "the Dask scheduler has had no worker for 1 s (they stopped or were stopped); the annotations received so "
        "far are in the cache",
        "the Dask scheduler dropped this build's work (lost); the annotations received so far are in the cache")
    assert 0 < sum(arrived) < len(batch) and len(cache.memory) == sum(arrived)  # what arrived was kept


# ---- whole builds: a local one, `--cluster local:2`, and real `dask` processes with one killed -------------------


BUILD = """
import sys
from generator.cli import main
sys.argv = ["digest", *sys.argv[1:]]
try:
    main()
except SystemExit as end:
    print(sorted(m for m in sys.modules if m.partition(".")[0] in ("dask", "distributed")), file=sys.stderr)
    sys.exit(end.code)
"""


def build_site(root: Path, out: Path, *options: str, wait: bool = True) -> subprocess.Popen | tuple[int, str]:
    """`digest build` of the site at `root` into `out`, in a process of its own; (exit code, stderr) when waited."""
    process = subprocess.Popen([str(PYTHON), "-c", BUILD, "build", "--config", str(root / "digest.toml"),
                                "--out", str(out), *options], cwd=root, env=ENV, text=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if not wait:
        return process
    _, err = process.communicate(timeout=PATIENCE)
    return process.returncode, err


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def local_site(tmp_path_factory):
    """The fixture site built with no cluster, and what the build's process imported of Dask."""
    root = make_fixture_site(tmp_path_factory.mktemp("local") / "src")
    code, err = build_site(root, root.parent / "site")
    assert code == 0, err
    return files(root.parent / "site"), err.strip().splitlines()[-1]


def test_a_build_without_a_cluster_never_imports_dask(local_site):
    assert local_site[1] == "[]"


def test_a_local_cluster_builds_the_same_site(local_site, tmp_path):
    root = make_fixture_site(tmp_path / "src")
    code, err = build_site(root, tmp_path / "site", "--cluster", "local:2")
    assert code == 0, err
    assert "Traceback" not in err
    assert files(tmp_path / "site") == local_site[0]


def test_real_dask_workers_one_killed_mid_batch_build_the_same_site(local_site, tmp_path, annotator):
    root = make_fixture_site(tmp_path / "src")
    with (root / "digest.toml").open("a", encoding="utf-8") as config:
        config.write("\n[cluster]\nbatch_size = 1\n")  # a task per article: work for both workers
    started: list[subprocess.Popen] = []
    try:
        scheduler_file = tmp_path / "scheduler.json"
        started.append(dask("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                            "--scheduler-file", str(scheduler_file)))
        address = wait_for(lambda: written_address(scheduler_file))
        with pytest.raises(cluster_client.ClusterError) as idle:
            annotate_articles(articles()[:1], cache=AnnotationCache(None), annotator=Counting(annotator),
                              cluster=ClusterConfig(address))
        assert str(idle.value) == (f"the Dask scheduler at {address} has no workers; start some with "
                                   f"`dask worker {address}` in digest's environment")
        for name in ("one", "two"):
            started.append(dask("worker", address, "--name", name, "--host", "127.0.0.1", "--nthreads", "1",
                                "--no-nanny", "--no-dashboard"))
        with Client(address, set_as_default=False, timeout=PATIENCE) as watcher:
            watcher.wait_for_workers(2, timeout=PATIENCE)
            pids = watcher.run(os.getpid)
            build = build_site(root, tmp_path / "site", "--cluster", address, wait=False)
            busy = wait_for(lambda: next((w for w, keys in watcher.processing().items() if keys), None),
                            interval=0.05)
            os.kill(pids[busy], signal.SIGKILL)  # the batch it was running must be run by the other worker
            _, err = build.communicate(timeout=PATIENCE)
            assert build.returncode == 0, err
            assert busy not in watcher.scheduler_info()["workers"]
    finally:
        for process in reversed(started):
            process.kill()
            process.wait()
    assert "Traceback" not in err
    assert files(tmp_path / "site") == local_site[0]


def dask(*arguments: str) -> subprocess.Popen:
    """A `dask` command of this environment, quiet, killed by the test."""
    return subprocess.Popen([str(BIN / "dask"), *arguments], env=ENV, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def written_address(scheduler_file: Path) -> str | None:
    """The address in the file a scheduler writes once it listens (None until it is whole)."""
    try:
        return json.loads(scheduler_file.read_text(encoding="utf-8"))["address"]
    except (OSError, ValueError, KeyError):
        return None


def wait_for(found, interval: float = 0.2):
    """The first true value of `found()`, polled until PATIENCE runs out."""
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        value = found()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("timed out")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _NoWorkers:
    """A client whose scheduler has no worker left."""

    def nthreads(self) -> dict[str, int]:
        return {}


class _LostResult:
    """A future that finished, then lost its result with its worker: it waits for a computation that never
    comes (or is cancelled)."""

    def __init__(self, error: BaseException) -> None:
        self.error = error
        self.waits = 0

    def result(self, timeout: float | None = None) -> object:
        self.waits += 1
        raise self.error


def test_a_result_lost_with_the_last_worker_is_not_waited_for_forever(monkeypatch) -> None:
    from concurrent.futures import CancelledError

    monkeypatch.setattr(cluster_client, "NO_WORKERS_TIMEOUT", 0.2)
    monkeypatch.setattr(cluster_client, "_POLL", 0.01)
    lost = _LostResult(TimeoutError())
    with pytest.raises(cluster_client.ClusterError, match="no worker for"):
        cluster_client._result(_NoWorkers(), lost)
    assert lost.waits > 1  # it waited a while, as a result computed again elsewhere would need
    with pytest.raises(cluster_client.ClusterError, match=r"dropped this build's work \(cancelled\)"):
        cluster_client._result(_NoWorkers(), _LostResult(CancelledError()))
