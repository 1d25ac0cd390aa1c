"""One benchmark sample: a corpus at one scale, built cold, warm and re-rendered, and by Hugo and Pelican."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from corpus import DATASETS
from hugo_site import HUGO, hugo_command, write_hugo_site
from measure import Measured, measure
from pelican_site import pelican_command, write_pelican_site
from sites import stories, touch_template, write_digest_site

log = logging.getLogger("bench")

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
_STAGE = re.compile(r"([a-z][a-z ]*?) (\d+(?:\.\d+)?)s")


@dataclass
class Sample:
    """Every measurement of one corpus at one scale."""

    corpus: str
    scale: int
    articles: int
    cold: Measured
    floor: Measured
    floor_detail: dict[str, object]
    warm: list[Measured]
    rerender: list[Measured]
    pages: int
    site_mib: float
    floor_shards: Measured | None = None
    forced: list[Measured] = field(default_factory=list)
    """Warm builds with `--force`: every stage runs, on cached annotations and search index."""
    hugo: list[Measured] = field(default_factory=list)
    hugo_pages: int = 0
    hugo_mib: float = 0.0
    pelican: list[Measured] = field(default_factory=list)
    pelican_pages: int = 0
    pelican_mib: float = 0.0

    @property
    def name(self) -> str:
        """`es-news 2×`."""
        return f"{self.corpus} {self.scale}×"

    @property
    def seconds_spent(self) -> float:
        """Wall-clock time of every run of this sample."""
        runs = [self.cold, self.floor, *self.warm, *self.forced, *self.rerender, *self.hugo, *self.pelican]
        return sum(run.seconds for run in runs) + (self.floor_shards.seconds if self.floor_shards else 0.0)


def best(runs: list[Measured]) -> Measured:
    """The fastest of repeated runs (the least disturbed by other work on the machine)."""
    return min(runs, key=lambda m: m.seconds)


def stages(run: Measured) -> dict[str, float]:
    """The per-stage timings the build prints on its last line (`load 0.86s · clean 0.03s · ...`)."""
    lines = [line for line in run.stdout.splitlines() if " · " in line and line.strip().endswith("s")]
    return {name: float(seconds) for name, seconds in _STAGE.findall(lines[-1])} if lines else {}


def snapshot_code(workdir: Path) -> Path:
    """A copy of the generator package taken now, so that edits made during the run do not mix versions."""
    code = workdir / "code"
    if code.exists():
        shutil.rmtree(code)
    shutil.copytree(ROOT / "generator", code / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    # Laid out as a wheel installs it: the built-in theme inside the package (`builtin_theme`).
    shutil.copytree(ROOT / "templates", code / "generator" / "theme")
    return code


def code_env(code: Path) -> dict[str, str]:
    """The environment of every digest subprocess: the snapshot first on the import path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(code)
    env.pop("PYTHONSTARTUP", None)
    return env


def digest_command(config: Path, jobs: int) -> list[str]:
    """`digest build` of the snapshot, for the site of `config`."""
    return [sys.executable, "-m", "generator", "build", "--config", str(config), "--jobs", str(jobs)]


def html_pages(folder: Path) -> int:
    """The number of HTML pages of a built site."""
    return sum(1 for _ in folder.rglob("*.html"))


def html_mib(folder: Path) -> float:
    """The size of a built site's HTML pages, in MiB."""
    return sum(p.stat().st_size for p in folder.rglob("*.html")) / (1024 * 1024)


def run_sample(corpus: str, scale: int, *, workdir: Path, code: Path, jobs: int, repeat: int,
               limit: int | None = None, shards: bool = False, hugo: bool = True, pelican: bool = True) -> Sample:
    """Build one corpus (its first `limit` stories) at one scale every way the benchmark compares.

    `shards` also measures the sharded NLP floor (N processes each piping 1/N of the texts).
    """
    items = stories(corpus, scale, limit)
    lang = DATASETS[corpus][1]
    root = workdir / f"{corpus}-x{scale}"
    if root.exists():
        shutil.rmtree(root)
    config = write_digest_site(corpus, items, root / "digest")
    env = code_env(code)
    build = digest_command(config, jobs)
    log.info("%s %d×: %d articles; cold build (--jobs %d)", corpus, scale, len(items), jobs)
    cold = measure(build, cwd=config.parent, env=env)
    log.info("  cold %.1fs; NLP floor", cold.seconds)
    floor_command = [sys.executable, str(BENCH / "nlp_floor.py"), str(config), "--jobs", str(jobs)]
    floor = measure(floor_command, cwd=config.parent, env=env)
    floor_detail = json.loads(floor.stdout.strip().splitlines()[-1])
    log.info("  floor %.1fs", floor.seconds)
    floor_shards = measure([*floor_command, "--shards"], cwd=config.parent, env=env) if shards else None
    if floor_shards:
        log.info("  sharded floor %.1fs", floor_shards.seconds)
    log.info("  %d no-op warm builds", repeat)
    warm = [measure(build, cwd=config.parent, env=env) for _ in range(repeat)]
    log.info("  warm %.1fs; %d forced warm builds", best(warm).seconds, repeat)
    forced = [measure([*build, "--force"], cwd=config.parent, env=env) for _ in range(repeat)]
    log.info("  forced %.1fs; %d full re-renders", best(forced).seconds, repeat)
    rerender = []
    for round_number in range(1, repeat + 1):
        touch_template(config, round_number)
        rerender.append(measure(build, cwd=config.parent, env=env))
    log.info("  re-render %.1fs", best(rerender).seconds)
    sample = Sample(corpus, scale, len(items), cold, floor, floor_detail, warm, rerender,
                    pages=html_pages(config.parent / "site"), site_mib=html_mib(config.parent / "site"),
                    floor_shards=floor_shards, forced=forced)
    if hugo and HUGO.exists():
        site = write_hugo_site(items, lang, root / "hugo")
        sample.hugo = [measure(hugo_command(site, root / "hugo-out"), cwd=site) for _ in range(repeat)]
        sample.hugo_pages, sample.hugo_mib = html_pages(root / "hugo-out"), html_mib(root / "hugo-out")
        log.info("  Hugo %.1fs", best(sample.hugo).seconds)
    if pelican:
        site = write_pelican_site(items, lang, root / "pelican")
        # The first run has no content cache (Pelican's cold build); the others read it.
        sample.pelican = [measure(pelican_command(site, root / "pelican-out"), cwd=site) for _ in range(repeat + 1)]
        sample.pelican_pages, sample.pelican_mib = html_pages(root / "pelican-out"), html_mib(root / "pelican-out")
        log.info("  Pelican cold %.1fs, warm %.1fs", sample.pelican[0].seconds, best(sample.pelican[1:]).seconds)
    return sample
