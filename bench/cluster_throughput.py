"""Annotation throughput: 2 local Dask workers (`--cluster local:2`) against `--jobs 2`, on the same stories.

    python bench/cluster_throughput.py                  # the 777 es-news stories, each way once
    python bench/cluster_throughput.py --repeat 2       # alternate the two ways twice, keep each one's fastest
    python bench/cluster_throughput.py --limit 200 --out /tmp/cluster.md
    python bench/cluster_throughput.py --results bench/results.md   # as `make bench` runs it: a section there

Every build is a cold `digest build --no-cache` in a process of its own; what is compared is the
annotate stage as the build reports it, which for both ways includes starting the worker processes
and loading the spaCy pipelines in them. Prints a Markdown table: both throughputs, their ratio
(target: at least 0.95), the throughput per Dask worker, and the hours that rate projects for
100,000 and 1,000,000 stories at 8, 32 and 128 workers (perfect scaling: each worker a core of its own).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import write_corpus
from sections import write_section

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.95
SECTION = "## Annotating on a cluster"
STORIES = (100_000, 1_000_000)
WORKERS = (8, 32, 128)
_ANNOTATE = re.compile(r"\bannotate (\d+(?:\.\d+)?)s\b")


def annotate_seconds(config: Path, out: Path, *options: str) -> tuple[float, float]:
    """The annotate stage of a cold build of the site of `config` (from the build's summary), and the CPU
    seconds of the whole build (every process of it: less disturbed than wall time by other work)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, "-m", "generator", "build", "--config", str(config), "--out", str(out),
                           "--no-cache", *options], env=env, capture_output=True, text=True, check=False)
    found = _ANNOTATE.search(done.stdout)
    if done.returncode or found is None:
        raise SystemExit(f"digest build {' '.join(options)} failed:\n{done.stdout}\n{done.stderr}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return float(found[1]), after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def report(stories: int, jobs: float, cluster: float, cpu: tuple[float, float]) -> str:
    """The Markdown table of one run (`cpu`: the build's CPU seconds, `--jobs 2` and cluster)."""
    jobs_rate, cluster_rate = stories / jobs, stories / cluster
    ratio = cluster_rate / jobs_rate
    per_worker = cluster_rate / 2
    lines = [
        f"Annotation of {stories} stories, cold (annotate stage, worker start and model load included):",
        "",
        "| way | annotate (s) | stories/s | CPU s of the whole build |",
        "|---|---:|---:|---:|",
        f"| `--jobs 2` | {jobs:.1f} | {jobs_rate:.1f} | {cpu[0]:.0f} |",
        f"| `--cluster local:2` | {cluster:.1f} | {cluster_rate:.1f} | {cpu[1]:.0f} |",
        "",
        f"Ratio cluster / jobs: **{ratio:.2f}** (target ≥ {TARGET}: {'met' if ratio >= TARGET else 'NOT met'}).",
        f"Per Dask worker: **{per_worker:.1f} stories/s** (one core each).",
        "",
        "Projected hours of annotation at that rate per worker:",
        "",
        "| stories | " + " | ".join(f"{w} workers" for w in WORKERS) + " |",
        "|---:|" + "---:|" * len(WORKERS),
    ]
    for count in STORIES:
        lines.append(f"| {count:,} | " + " | ".join(f"{count / (per_worker * w) / 3600:.2f}" for w in WORKERS) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default="es-news", help="the data set of ../shared/data (default: es-news)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N stories")
    parser.add_argument("--repeat", type=int, default=1, help="builds each way (alternated); the fastest counts")
    parser.add_argument("--out", type=Path, default=None, help="also write the table to this file")
    parser.add_argument("--results", type=Path, default=None,
                        help=f"also write the table as the section '{SECTION[3:]}' of this file (bench/results.md)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="digest-cluster-bench-") as work:
        site = Path(work)
        stories = write_corpus(args.dataset, site / "src", args.limit)
        config = site / "src" / "digest.toml"
        jobs, cluster = [], []
        for round_ in range(args.repeat):
            started = time.perf_counter()
            jobs.append(annotate_seconds(config, site / "jobs", "--jobs", "2"))
            cluster.append(annotate_seconds(config, site / "cluster", "--cluster", "local:2"))
            print(f"round {round_ + 1}: --jobs 2 {jobs[-1][0]:.1f}s ({jobs[-1][1]:.0f} CPU s), --cluster local:2 "
                  f"{cluster[-1][0]:.1f}s ({cluster[-1][1]:.0f} CPU s) ({time.perf_counter() - started:.0f}s)",
                  file=sys.stderr)
    fastest_jobs, fastest_cluster = min(jobs), min(cluster)
    table = report(stories, fastest_jobs[0], fastest_cluster[0], (fastest_jobs[1], fastest_cluster[1]))
    print(table)
    if args.out is not None:
        args.out.write_text(table, encoding="utf-8")
    if args.results is not None:
        write_section(args.results, f"{SECTION}\n\n`python bench/cluster_throughput.py` ({time.strftime('%Y-%m-%d')}, "
                      f"{args.dataset}{f', first {args.limit}' if args.limit else ''}, fastest of {args.repeat}):\n\n"
                      f"{table}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
