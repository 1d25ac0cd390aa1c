"""Benchmark of issue 7: cold build against the NLP floor, warm builds against Hugo and Pelican, scaling.

    python bench/run.py            # full run: es-news at 1×, 2×, 4× and en-bbc at 1× (`make bench`)
    python bench/run.py --quick    # es-news at 1× and 2× only, for iterating
    python bench/run.py --runs en-bbc:1,en-bbc:2 --repeat 2

Each build is a subprocess of its own, timed from start to exit (so every time includes
interpreter start, imports and, for cold builds and the floor, loading the spaCy models)
and measured for peak memory. Repeated runs report the fastest. Prints the tables and
writes them to bench/results.md (a quick run writes into its work folder instead).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import cluster_throughput
import scale as archive_scale
from corpus import DATASETS
from hugo_site import HUGO
from incremental import incremental_sample
from profiling import profile_build
from report import (comparators_table, floor_table, load_average, machine, scaling_table, stages_table, targets_table,
                    throughput_table)
from samples import BENCH, Sample, run_sample, snapshot_code

log = logging.getLogger("bench")

FULL_RUNS = "es-news:1,es-news:2,es-news:4,en-bbc:1"
QUICK_RUNS = "es-news:1,es-news:2"

METHOD = """\
How it is measured: every build is its own subprocess, timed from start to exit, so each time includes
interpreter start and imports; peak RSS is the largest single process (from `wait4`) / the summed RSS of
the build and all its worker processes (sampled every 0.2 s). Repeated runs report the fastest.

- **cold**: `digest build --jobs N` with no cache and no previous site (annotation in N spawned worker
  processes). **NLP floor** (`bench/nlp_floor.py`): the same articles loaded and cleaned the same way, the
  same pipelines (`load_pipeline`: same excluded and disabled components, plus the glossary's entity ruler, as
  the annotator runs them) and `nlp.pipe(texts, n_process=N, batch_size=32)` (the annotator's batch size),
  Docs consumed and dropped. **Model load time is included in both** (the build loads models in its workers,
  the floor once before forking its workers). spaCy's `n_process` sends every Doc back to the parent, so the
  first sample of each corpus also measures a **sharded floor**: N forked processes each running `nlp.pipe`
  over every Nth text and dropping the Docs there, the least any parallel annotation can cost. CPU time
  (user + system, of the process and every worker) is given beside wall-clock time: it is far less
  disturbed by other work on a shared machine.
- **no-op**: the same build again with nothing changed: `digest build` finds the digest of its inputs
  (content, theme, config, code, library versions) equal to the one of the build that wrote the site, checks
  that nobody touched the site, and stops. **forced no-op**: the same with `--force`, so every stage runs
  (annotations and the search index come from their caches, and no file is written: none changed).
- **re-render**: the same build after a change to the bench site's own copy of `base.html`, which every
  page extends, so every page is rendered and written again.
- **Hugo**: the same stories as Markdown (title, date, topic tags, and as `keywords` the ten most frequent
  capitalised names of the text: Hugo and Pelican have no NLP), a five-file theme with
  `.Site.RegularPages.Related` (keywords and tags), `tags` and `keywords` taxonomies. Hugo always builds the
  whole site, so its full build is the comparator of both no-op and re-render.
- **Pelican**: the same Markdown, topic and keywords as tags, the `pelican-related-posts` plugin, the simple
  theme with related posts on the article page, its content cache on. Its first build (no cache) is "cold";
  the fastest of the later ones (cache read) is "warm" and is the comparator.
- **scaling**: each story duplicated with a changed title (`… [2]`) and file name; text unchanged. Copies
  mention the same entities, so entity pages get longer and more entities reach the two mentions that give
  them a page: the site grows faster than the article count, which is why the re-render is also given per page.
"""


def parse_runs(text: str) -> list[tuple[str, int]]:
    """`es-news:1,en-bbc:2` → [("es-news", 1), ("en-bbc", 2)]."""
    runs = []
    for item in text.split(","):
        corpus, _, scale = item.strip().partition(":")
        if corpus not in DATASETS or not scale.isdigit() or int(scale) < 1:
            raise argparse.ArgumentTypeError(f"{item!r}: expected CORPUS:SCALE with CORPUS one of "
                                             f"{', '.join(sorted(DATASETS))} and SCALE ≥ 1")
        runs.append((corpus, int(scale)))
    return runs


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"only {QUICK_RUNS}")
    parser.add_argument("--runs", type=parse_runs, default=None, help=f"CORPUS:SCALE,... (default {FULL_RUNS})")
    parser.add_argument("--repeat", type=int, default=None, help="runs of each warm build, Hugo and Pelican (default 2)")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)),
                        help="--jobs of the cold build and n_process of the floor (default: all cores)")
    parser.add_argument("--workdir", type=Path, default=None, help="keep the sites here (default: a temp folder)")
    parser.add_argument("--results", type=Path, default=None, help="Markdown output (default bench/results.md)")
    parser.add_argument("--no-profile", action="store_true", help="skip profiling the first sample's no-op build")
    parser.add_argument("--limit", type=int, default=None, help="only the first N stories of each corpus (to test)")
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument("--no-pelican", action="store_true")
    parser.add_argument("--no-scale", action="store_true", help="skip bench/scale.py (777 to 50,000 stories)")
    parser.add_argument("--no-cluster", action="store_true", help="skip bench/cluster_throughput.py")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S", stream=sys.stderr)
    runs = args.runs or parse_runs(QUICK_RUNS if args.quick else FULL_RUNS)
    repeat = args.repeat or 2
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        return _bench(args, runs, repeat, args.workdir)
    with tempfile.TemporaryDirectory(prefix="digest-bench-") as folder:
        return _bench(args, runs, repeat, Path(folder))


def _bench(args: argparse.Namespace, runs: list[tuple[str, int]], repeat: int, workdir: Path) -> int:
    started, load_before = time.perf_counter(), load_average()
    code, measured_on = snapshot_code(workdir), machine()  # the revision of the code as snapshotted
    samples: list[Sample] = []
    profile: list[str] = []
    for corpus, scale in runs:
        first = all(s.corpus != corpus for s in samples)
        samples.append(run_sample(corpus, scale, workdir=workdir, code=code, jobs=args.jobs, repeat=repeat,
                                  limit=args.limit, shards=first, hugo=not args.no_hugo,
                                  pelican=not args.no_pelican))
        if not args.no_profile and not profile:
            log.info("  profiling a no-op build")
            config = workdir / f"{corpus}-x{scale}" / "digest" / "digest.toml"
            profile = [f"Profile of a no-op build of {samples[-1].name} (cProfile; its overhead inflates "
                       "the times, the proportions are what matters):", "",
                       *profile_build(config, code, args.jobs, workdir / "noop.prof")]
    incremental: list[str] = []
    if (first_site := workdir / f"{runs[0][0]}-x{runs[0][1]}").exists():
        log.info("%s: incremental builds", first_site.name)
        incremental = [f"`digest build` in a new process after one change to {samples[0].name}, against Hugo's full "
                       "build of the same stories (best of the runs; see `bench/incremental.py`):", "",
                       *incremental_sample(first_site / "digest" / "digest.toml", first_site / "hugo", code=code,
                                           jobs=args.jobs, repeat=repeat)]
    minutes = (time.perf_counter() - started) / 60
    text = _document(samples, profile, args, repeat, minutes, load_before, measured_on, incremental)
    print(text)
    results = args.results or (workdir / "results-quick.md" if args.quick else BENCH / "results.md")
    results.write_text(text, encoding="utf-8")
    log.info("wrote %s (%.1f min)", results, minutes)
    if not args.quick and not args.limit:
        # Each writes its own section of the results; their sites stay in their own work folders.
        if not args.no_cluster:
            log.info("cluster throughput (bench/cluster_throughput.py)")
            cluster_throughput.main(["--results", str(results)])
        if not args.no_scale:
            log.info("archive scale (bench/scale.py)")
            archive_scale.main(["--results", str(results), "--jobs", str(args.jobs)])
    return 0


def _document(samples: list[Sample], profile: list[str], args: argparse.Namespace, repeat: int,
              minutes: float, load_before: str, measured_on: list[str], incremental: list[str]) -> str:
    hugo_note = "" if HUGO.exists() else f"\n{HUGO} is absent: the Hugo comparison was skipped.\n"
    lines = [f"# Benchmark results{' (quick run)' if args.quick else ''}", "",
             f"- date: {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}", *measured_on,
             f"- settings: --jobs {args.jobs}, best of {repeat} runs for no-op, re-render and Hugo, "
             f"Pelican cold + {repeat} warm; whole run {minutes:.0f} min",
             f"- load average before / after: {load_before} / {load_average()} (the machine is shared: "
             "other work running at the same time slows single runs)",
             hugo_note, "## Targets", "", *targets_table(samples), "",
             "## Cold build and the NLP floor", "", *floor_table(samples), "",
             "## Hugo and Pelican", "", *comparators_table(samples), "",
             "## Throughput and memory", "", *throughput_table(samples), ""]
    if incremental:
        lines += ["## Incremental builds", "", *incremental, ""]
    scaling = scaling_table(samples)
    if scaling:
        lines += ["## Scaling", "", *scaling, ""]
    lines += _not_run(samples)
    lines += ["## The build's stages (seconds, as `digest build` prints them)", "", *stages_table(samples), "",
              "## Method", "", METHOD]
    if profile:
        lines += ["## Where a no-op build's time goes", "", *profile, ""]
    return "\n".join(lines)


def _not_run(samples: list[Sample]) -> list[str]:
    """For a corpus measured at 1× only: what its 2× and 4× would cost, scaled linearly from 1×."""
    notes = []
    for corpus in DATASETS:
        measured = [s for s in samples if s.corpus == corpus]
        if [s.scale for s in measured] != [1]:
            continue
        one = measured[0]
        notes.append(f"- {corpus} at 2× and 4× ({2 * one.articles:,} and {4 * one.articles:,} articles) was not run: "
                     f"scaled linearly from its 1× sample it would add about {6 * one.seconds_spent / 60:.0f} min "
                     f"(the cold builds alone about {2 * one.cold.seconds / 60:.0f} and "
                     f"{4 * one.cold.seconds / 60:.0f} min). Run it with `python bench/run.py --runs "
                     f"{corpus}:2,{corpus}:4`.")
    return notes + [""] if notes else []


if __name__ == "__main__":
    sys.exit(main())
