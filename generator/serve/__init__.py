"""`digest serve`: a preview of the site that rebuilds on every change and reloads the browser."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from ..pipeline.annotating import default_jobs
from ..config import load_config
from ..output.output_folder import claim_output
from .server import DevServer

__all__ = ["DevServer", "run_preview"]

log = logging.getLogger(__name__)


def run_preview(config_path: Path | None, *, out: Path | None, host: str, port: int, poll: bool,
                echo: Callable[[str], None], clean_out: bool = False) -> None:
    """Build, serve and rebuild until Ctrl-C (or SIGTERM); the site goes to `out` or a temporary folder.

    `out` must be empty or a site digest built, unless `clean_out` (see `output_folder`)."""
    with _output_folder(out) as output, _interrupt_on_signals():
        config = load_config(config_path, output=output)
        claim_output(config.output_path, config.cache_path, clean_out=clean_out)
        server = DevServer(config, host=host, port=port, poll=poll, jobs=default_jobs())
        try:
            result = server.start()
            if result is not None:
                for note in result.notes:
                    echo(note)
                echo(f"Built {result.html_pages} pages, {result.pages_written} files "
                     f"({server.session.stats.annotated} articles annotated)")
            echo(f"Serving on {server.url} (Ctrl-C to stop)")
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
        finally:
            server.stop()
    echo("Stopped.")
    if server.busy:
        _exit_now()


def _exit_now() -> None:
    """End the process without waiting for a thread still at work (a model being loaded, a build).

    Python's own exit would finalise the interpreter under that thread, which can hang when the
    thread is importing: Ctrl-C must always stop the preview.
    """
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    os._exit(0)


@contextmanager
def _output_folder(out: Path | None) -> Iterator[Path]:
    """`out`, or a temporary folder removed afterwards: previewing never touches the built site."""
    if out is not None:
        yield out
        return
    parent = Path(tempfile.mkdtemp(prefix="digest-serve-"))
    try:
        yield parent / "site"
    finally:
        shutil.rmtree(parent, ignore_errors=True)


@contextmanager
def _interrupt_on_signals() -> Iterator[None]:
    """Ctrl-C (SIGINT) and SIGTERM stop the preview, even when started with SIGINT ignored
    (as a shell does for commands run in the background, and their children inherit)."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = {number: signal.signal(number, interrupt) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
