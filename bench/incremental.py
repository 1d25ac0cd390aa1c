"""Incremental `digest build`s in new processes against Hugo's full build of the same stories.

    python bench/incremental.py --workdir /tmp/bench-incr                    # es-news, a cold build first
    python bench/incremental.py --workdir /tmp/bench-incr --seed-cache C     # annotations copied from C first

Three measures, each a `digest build` in a process of its own after one change, timed from start
to exit, best of `--repeat` rounds (each round a change of its own):

- **edit**: one story of the corpus gets one more sentence; target ≤ 1.5 × Hugo + that story's annotation;
- **add 10**: ten new stories; target ≤ 2 × Hugo + their annotation;
- **template**: the base template, which every page extends, changes; target ≤ 1.5 × Hugo + Pagefind
  indexing Hugo's output.

"Annotation" is the build's own `annotate` stage (loading spaCy included), as it prints it. `run.py`
calls `incremental_sample` on the site its first sample built; this script alone builds one first.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from corpus import DATASETS
from hugo_site import HUGO, hugo_command, write_hugo_site
from measure import Measured, measure
from samples import best, code_env, digest_command, snapshot_code, stages
from sites import stories, touch_template, write_digest_site

log = logging.getLogger("bench")

#: Appended to a story so that its text, and so its annotations, change.
SENTENCE = " La redacción actualizó esta noticia por {n}.ª vez."


@dataclass
class Change:
    """One kind of change and the builds after it."""

    name: str
    builds: list[Measured]
    factor: float
    """Hugo's full build times this, plus `extra`, is the target."""
    extra_name: str

    def extra(self, run: Measured, pagefind: float) -> float:
        return pagefind if self.extra_name == "Pagefind on Hugo's site" else stages(run).get("annotate", 0.0)


def incremental_sample(config: Path, hugo_root: Path, *, code: Path, jobs: int, repeat: int) -> list[str]:
    """The three measures on the built digest site of `config`, as Markdown lines (a table and notes)."""
    env = code_env(code)
    build = digest_command(config, jobs)
    measure([*build, "--force"], cwd=config.parent, env=env)  # the site and its saved build state are current
    articles = sorted((config.parent / "content" / "articles").iterdir())
    edited = articles[len(articles) // 2]
    original = edited.read_text(encoding="utf-8")
    changes = [Change("edit one story", [], 1.5, "its annotation"), Change("add 10 stories", [], 2.0,
                                                                          "their annotation"),
               Change("template change", [], 1.5, "Pagefind on Hugo's site")]
    for round_number in range(1, repeat + 1):
        edited.write_text(original.rstrip("\n") + SENTENCE.format(n=round_number) + "\n", encoding="utf-8")
        changes[0].builds.append(measure(build, cwd=config.parent, env=env))
        for k, source in enumerate(articles[:10]):
            text = source.read_text(encoding="utf-8").rstrip("\n") + SENTENCE.format(n=100 * round_number + k)
            (source.parent / f"added-{round_number}-{k}.txt").write_text(text + "\n", encoding="utf-8")
        changes[1].builds.append(measure(build, cwd=config.parent, env=env))
        touch_template(config, 1000 + round_number)
        changes[2].builds.append(measure(build, cwd=config.parent, env=env))
        log.info("  round %d: edit %.1fs, add 10 %.1fs, template %.1fs", round_number,
                 *(change.builds[-1].seconds for change in changes))
    hugo, pagefind = _hugo_and_pagefind(hugo_root, repeat)
    return _table(changes, hugo, pagefind)


def _hugo_and_pagefind(root: Path, repeat: int) -> tuple[float | None, float]:
    """Hugo's full build of the site in `root` and Pagefind indexing its output (best of `repeat`)."""
    if not HUGO.exists() or not root.is_dir():  # no Hugo, or the run was told to skip it
        return None, 0.0
    out = root.parent / "hugo-out"
    hugo = best([measure(hugo_command(root, out), cwd=root) for _ in range(repeat)]).seconds
    from pagefind.service import get_executable

    executable = get_executable()
    index = [str(executable), "--site", str(out), "--output-path", str(root.parent / "hugo-pagefind"), "--silent"]
    pagefind = best([measure(index, cwd=root) for _ in range(repeat)]).seconds
    return hugo, pagefind


def _table(changes: list[Change], hugo: float | None, pagefind: float) -> list[str]:
    lines = ["| change | digest build | stages | Hugo full build | target | digest / target |",
             "|---|---:|---|---:|---|---:|"]
    for change in changes:
        run = best(change.builds)
        shown = " · ".join(f"{name} {seconds:.2f}" for name, seconds in stages(run).items())
        if hugo is None:
            lines.append(f"| {change.name} | {run.seconds:.2f} s | {shown} | – | – | – |")
            continue
        extra = change.extra(run, pagefind)
        target = change.factor * hugo + extra
        lines.append(f"| {change.name} | {run.seconds:.2f} s | {shown} | {hugo:.2f} s | "
                     f"{change.factor} × Hugo + {change.extra_name} ({extra:.2f} s) = {target:.2f} s | "
                     f"{run.seconds / target:.2f} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="es-news", choices=sorted(DATASETS))
    parser.add_argument("--limit", type=int, default=None, help="only the first N stories")
    parser.add_argument("--workdir", type=Path, required=True, help="where the sites are made (emptied first)")
    parser.add_argument("--seed-cache", type=Path, default=None,
                        help="a cache folder whose annotations.sqlite is copied in before the first build")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S", stream=sys.stderr)
    if args.workdir.exists():
        shutil.rmtree(args.workdir)
    args.workdir.mkdir(parents=True)
    code = snapshot_code(args.workdir)
    items = stories(args.corpus, 1, args.limit)
    config = write_digest_site(args.corpus, items, args.workdir / "digest")
    if args.seed_cache is not None:
        (config.parent / ".digest-cache").mkdir()
        shutil.copy2(args.seed_cache / "annotations.sqlite", config.parent / ".digest-cache" / "annotations.sqlite")
    log.info("%s: %d stories; first build", args.corpus, len(items))
    measure(digest_command(config, args.jobs), cwd=config.parent, env=code_env(code))
    hugo_root = write_hugo_site(items, DATASETS[args.corpus][1], args.workdir / "hugo")
    print("\n".join(incremental_sample(config, hugo_root, code=code, jobs=args.jobs, repeat=args.repeat)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
