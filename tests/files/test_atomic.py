"""A build killed halfway through writing leaves the previous site byte for byte as it was."""

from __future__ import annotations

import selectors
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.pipeline.build import build
from generator.config import load_config
from conftest import FIXTURES, ROOT

DEADLINE = 300.0
"""Seconds the killed build may take to reach the middle of its write stage (it may load spaCy)."""

# Runs `digest build` with the writing of pages paused halfway, so the test can kill it there.
PAUSED_BUILD = """
import sys, time
import generator.output.staging as staging

staged = 0

def paused(step):  # linking or writing one file of the staging folder, pausing before the one halfway
    def counted(*args):
        global staged
        staged += 1
        if staged == int(sys.argv[1]):
            print("halfway", flush=True)
            time.sleep(600)
        return step(*args)
    return counted

staging._linked, staging._write = paused(staging._linked), paused(staging._write)
from generator.cli import main
main(["build", "--config", "digest.toml", "--out", sys.argv[2]])
"""


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def wait_for_line(proc: subprocess.Popen[str], expected: str, deadline: float) -> None:
    """Read the process's output until `expected`; fail if it exits or the deadline passes first."""
    selector = selectors.DefaultSelector()
    assert proc.stdout is not None
    selector.register(proc.stdout, selectors.EVENT_READ)
    seen: list[str] = []
    while time.monotonic() < deadline:
        if selector.select(timeout=0.5):
            line = proc.stdout.readline()
            if line.strip() == expected:
                return
            if not line and proc.poll() is not None:
                break
            seen.append(line)
    pytest.fail(f"the build never reached {expected!r}; output: {''.join(seen)[-2000:]}")


@pytest.fixture()
def project(tmp_path, annotator) -> tuple[Path, Path]:
    """A small project with a built site in it (the previous site the killed build must not harm)."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "site", root)
    shutil.copytree(ROOT / "templates", root / "templates")
    out = root / "site"
    build(load_config(root / "digest.toml", output=out), annotator=annotator)
    return root, out


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_killing_a_build_halfway_leaves_the_previous_site_untouched(project, annotator, sig):
    root, out = project
    before = snapshot(out)
    removed = next(p for p in (root / "content/articles").iterdir() if p.name.startswith("2018-03-11"))
    removed.unlink()
    config_text = (root / "digest.toml").read_text(encoding="utf-8")
    (root / "digest.toml").write_text(config_text.replace('title = "Digest de prueba"', 'title = "Nuevo título"'),
                                      encoding="utf-8")

    proc = subprocess.Popen([sys.executable, "-c", PAUSED_BUILD, str(len(before) // 2), str(out)], cwd=root,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_for_line(proc, "halfway", time.monotonic() + DEADLINE)
        [staging] = [p for p in root.iterdir() if p.name.startswith(f".site.new-{proc.pid}-")]
        assert 0 < sum(1 for p in staging.rglob("*") if p.is_file()) < len(before)  # really halfway
        proc.send_signal(sig)
        assert proc.wait(timeout=60) != 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        assert proc.stdout is not None
        proc.stdout.close()

    assert snapshot(out) == before
    if sig == signal.SIGKILL:
        assert staging.exists()  # the killed build could not clean up: the next build does

    result = build(load_config(root / "digest.toml", output=out), annotator=annotator)
    after = snapshot(out)
    assert not any(path.startswith(f"articles/{removed.stem}/") for path in after)  # never lingers
    assert "Nuevo título" in after["index.html"].decode("utf-8")
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []
    assert result.pages_written == len(after)
