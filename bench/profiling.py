"""Where a warm build's time goes: the build under cProfile, summarised."""

from __future__ import annotations

import io
import pstats
import sys
from collections.abc import Callable
from pathlib import Path

from measure import measure
from samples import code_env

#: Rows of each summary.
TOP = 15


def profile_build(config: Path, code: Path, jobs: int, out: Path) -> list[str]:
    """Run one build of `config` under cProfile; the top functions by own time and by cumulative time."""
    command = [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "generator", "build",
               "--config", str(config), "--jobs", str(jobs)]
    measure(command, cwd=config.parent, env=code_env(code))
    lines = ["Top functions by own time (tottime):", ""]
    lines += _table(out, "tottime", lambda name: True)
    lines += ["", "Top functions of the generator by cumulative time:", ""]
    lines += _table(out, "cumulative", lambda name: "/generator/" in name)
    return lines


def _table(profile: Path, key: str, keep: Callable[[str], bool]) -> list[str]:
    stats = pstats.Stats(str(profile), stream=io.StringIO())
    rows = []
    for (filename, line, function), (_, calls, own, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        name = f"{_short(filename)}:{line}({function})"
        if keep(filename):
            rows.append((own if key == "tottime" else cumulative, own, cumulative, calls, name))
    rows.sort(reverse=True)
    table = ["| own s | cumulative s | calls | function |", "| ---: | ---: | ---: | --- |"]
    table += [f"| {own:.2f} | {cumulative:.2f} | {calls} | `{name}` |" for _, own, cumulative, calls, name in rows[:TOP]]
    return table


def _short(filename: str) -> str:
    """`/…/site-packages/jinja2/runtime.py` → `jinja2/runtime.py`; the same for the generator and the stdlib."""
    for marker in ("/site-packages/", "/generator/", "/lib/python3"):
        if marker in filename:
            rest = filename.split(marker, 1)[1]
            if marker == "/generator/":
                return f"generator/{rest}"
            return rest.split("/", 1)[1] if marker == "/lib/python3" else rest
    return filename
