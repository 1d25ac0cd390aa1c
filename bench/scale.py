"""Archive scale: warm builds of 777 to 50,000 varied real stories, their no-op builds and Hugo's.

    python bench/scale.py                                   # 777, 3,108, 12,432 and 50,000 stories
    python bench/scale.py --sizes 777,3108 --workdir /tmp/scale --results /tmp/scale.md

The 777 true es-news stories and the 2,225 BBC stories of ../shared/data are annotated once each (a cold
build of each data set in the work folder, kept for later runs). Each size's site takes the first N of a
fixed sequence: every real story once, in a shuffled order, then copy 1 of each, copy 2, … (see
`variants`: a paragraph dropped, every person renamed, the date moved back by years). The copies'
annotations are derived from their originals' and put in the site's annotation cache under the copies'
keys, so each site builds warm without spaCy. Then, for each size: the first build (annotations cached,
no site or search index yet: link, render, search and write all run), a no-op build, and Hugo's full
build of the same stories. Writes a section of bench/results.md (or `--results`).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import re
import shutil
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus import Story, story_file, write_corpus  # noqa: E402
from hugo_site import HUGO, hugo_command, write_hugo_site  # noqa: E402
from measure import CommandFailed, Measured, measure  # noqa: E402
from samples import code_env, snapshot_code, stages  # noqa: E402
from sections import write_section  # noqa: E402
from variants import make_variant, pick, renames_for, shifted, surnames  # noqa: E402

from generator.cache import AnnotationCache, cache_key, ruler_fingerprint  # noqa: E402
from generator.sources.clean import CleanRules, clean_article  # noqa: E402
from generator.config import load_config  # noqa: E402
from generator.errors import Report  # noqa: E402
from generator.sources.load import load_content  # noqa: E402
from generator.model import Annotations  # noqa: E402

log = logging.getLogger("bench")

SIZES = (777, 3_108, 12_432, 50_000)
BASES = ("es-news", "en-bbc")
SEED = 53
#: Stories whose data set gives no date (the BBC's, of 2004–2005) get one in those years.
UNDATED_FROM, UNDATED_DAYS = date(2004, 1, 1), 730
MIB = 1024 * 1024
SECTION = "## Archive scale"
TARGET_PER_STORY, TARGET_GIB = 1.2, 4.0


@dataclass
class Base:
    """One real story, cleaned and annotated."""

    story: Story
    annotations: Annotations


@dataclass
class SizeResult:
    """What one size cost."""

    stories: int
    warm: Measured
    warm_pss_mib: float
    """Peak of the summed proportional set size of the build's processes (a forked child's shared pages once)."""
    noop: Measured
    hugo: Measured | None
    hugo_timeout: float
    pages: int
    site_mib: float
    largest_page: tuple[str, int]
    search_mib: float
    derived_misses: int


def annotated_bases(workdir: Path, jobs: int, env: dict[str, str]) -> list[Base]:
    """Every real story with its annotations, each data set built (cold, the first time) in the work folder."""
    found: list[Base] = []
    for dataset in BASES:
        root = workdir / "base" / dataset
        if not (root / "digest.toml").exists():
            write_corpus(dataset, root)
        else:  # a work folder that another checkout made: its stories and cache serve, its theme may be gone
            toml = root / "digest.toml"
            theme = f"theme_dir = {json.dumps(str(ROOT / 'templates'))}"
            toml.write_text(re.sub(r"(?m)^theme_dir = .*$", lambda _: theme, toml.read_text(encoding="utf-8")),
                            encoding="utf-8")
        log.info("base %s: build (annotates what its cache lacks)", dataset)
        measure([sys.executable, "-m", "generator", "build", "--config", str(root / "digest.toml"),
                 "--jobs", str(jobs)], cwd=root, env=env)
        config = load_config(root / "digest.toml")
        content = load_content(config.content_path, Report())
        rules = CleanRules(tuple(config.clean.line_patterns), tuple(config.clean.tail_patterns))
        ruler = ruler_fingerprint(content.glossary, content.known_entities)
        cache = AnnotationCache(config.cache_path)
        for article in sorted(content.articles, key=lambda a: a.path.name):
            cleaned = clean_article(article, rules)
            annotations = cache.get(cache_key(cleaned.text, cleaned.lang, ruler))
            if annotations is None:
                raise SystemExit(f"{article.path}: not in the annotation cache of {root} after its build")
            day = cleaned.date or UNDATED_FROM + timedelta(days=int(pick(range(UNDATED_DAYS), article.path.stem)))
            meta = {key: value for key, value in (("source", cleaned.source), ("source_url", cleaned.source_url),
                                                  ("license", cleaned.license), ("attribution", cleaned.attribution))
                    if value}
            found.append(Base(Story(article.path.stem, cleaned.title, cleaned.text, cleaned.lang, meta,
                                    list(cleaned.tags), day), annotations))
        cache.close()
    return found


def sequence(bases: list[Base], count: int) -> Iterator[tuple[Base, int]]:
    """The first `count` (story, copy number) of the archive: each real story once, then copy 1 of each, …"""
    order = list(bases)
    random.Random(SEED).shuffle(order)
    made = 0
    copy = 0
    while made < count:
        for base in order[: count - made]:
            yield base, copy
        made += min(len(order), count - made)
        copy += 1


def copy_of(base: Base, copy: int, pool: list[str]) -> tuple[Story, Annotations]:
    """Copy `copy` of a story (0: the story itself), with its derived annotations."""
    if copy == 0:
        return base.story, base.annotations
    story = base.story
    paragraphs = story.text.rstrip("\n").count("\n\n") + 1
    drop = 1 + (copy - 1) % (paragraphs - 1) if paragraphs >= 3 else None
    renames = renames_for(story.name, copy, base.annotations, pool)
    variant = make_variant(story.text, base.annotations, renames=renames, drop=drop)
    title = story.title
    for old, new in renames.items():
        title = re.sub(rf"\b{re.escape(old)}\b", new, title)
    return (replace(story, name=f"{story.name}-c{copy:02d}", title=title, text=variant.text,
                    day=shifted(story.day, copy)), variant.annotations)


def write_size(bases: list[Base], count: int, root: Path) -> tuple[Path, list[Story], int]:
    """The site of the first `count` stories, its annotation cache filled; its config, the stories, and how
    many of them the build will not find in the cache (their cleaned text is not the derived one)."""
    if root.exists():
        shutil.rmtree(root)
    write_corpus("es-news", root, limit=0)  # the glossary and a digest.toml
    config_path = root / "digest.toml"
    config_path.write_text(re.sub(r'(?m)^(title|language) = .*\n', "", config_path.read_text(encoding="utf-8"))
                           + f'title = "archive {count}"\nbase_url = "https://archive.example.org/"\n',
                           encoding="utf-8")
    config = load_config(config_path)
    content = load_content(config.content_path, Report())
    ruler = ruler_fingerprint(content.glossary, content.known_entities)
    pools = {lang: sorted({name for b in bases if b.story.lang == lang for name in surnames(b.annotations)})
             for lang in {b.story.lang for b in bases}}
    articles = config.content_path / "articles"
    cache = AnnotationCache(config.cache_path)
    stories: list[Story] = []
    keys: set[str] = set()
    entries: dict[str, Annotations] = {}
    for base, copy in sequence(bases, count):
        story, annotations = copy_of(base, copy, pools[base.story.lang])
        (articles / f"{story.name}.txt").write_text(story_file(story), encoding="utf-8")
        key = cache_key(story.text, story.lang, ruler)
        entries[key] = annotations
        keys.add(key)
        stories.append(story)
        if len(entries) >= 2000:
            cache.put_many(entries)
            cache.memory.clear()
            entries = {}
    cache.put_many(entries)
    cache.close()
    rules = CleanRules(tuple(config.clean.line_patterns), tuple(config.clean.tail_patterns))
    loaded = load_content(config.content_path, Report())
    misses = sum(cache_key(clean_article(a, rules).text, a.lang, ruler) not in keys for a in loaded.articles)
    return config_path, stories, misses


def measure_size(bases: list[Base], count: int, workdir: Path, jobs: int, env: dict[str, str],
                 hugo_timeout: float) -> SizeResult:
    """Write the site of `count` stories and build it: first (warm annotations), no-op, and Hugo."""
    root = workdir / f"size-{count}"
    log.info("size %d: writing the site and its annotation cache", count)
    config, stories, misses = write_size(bases, count, root / "digest")
    build = [sys.executable, "-m", "generator", "build", "--config", str(config), "--jobs", str(jobs)]
    log.info("size %d: first build (%d stories not derived)", count, misses)
    with _PssSampler(str(config)) as pss:
        warm = measure(build, cwd=config.parent, env=env)
    (root / "first-build.log").write_text(warm.stdout + warm.stderr, encoding="utf-8")
    log.info("size %d: %.1f s (%s); no-op build", count, warm.seconds, stages(warm))
    noop = measure(build, cwd=config.parent, env=env)
    if "up to date" not in noop.stdout:
        raise SystemExit(f"{config}: the second build was not a no-op:\n{noop.stdout}")
    hugo_run = None
    if hugo_timeout > 0 and HUGO.exists():
        log.info("size %d: Hugo", count)
        site = write_hugo_site(stories, "en", root / "hugo")
        hugo_run = _hugo(site, root / "hugo-out", hugo_timeout)
        shutil.rmtree(root / "hugo-out", ignore_errors=True)
    out = config.parent / "site"
    pages = [(p.stat().st_size, str(p.relative_to(out))) for p in out.rglob("*.html")]
    largest = max(pages) if pages else (0, "")
    search = [p for p in (out / "pagefind").rglob("*") if p.is_file()]
    return SizeResult(count, warm, pss.peak / MIB, noop, hugo_run, hugo_timeout, len(pages),
                      sum(size for size, _ in pages) / MIB, (largest[1], largest[0]),
                      sum(p.stat().st_size for p in search) / MIB, misses)


def _hugo(site: Path, out: Path, timeout: float) -> Measured | None:
    """Hugo's full build of `site`, or None when it takes longer than `timeout` seconds."""
    command = ["timeout", "--signal=KILL", str(int(timeout)), *hugo_command(site, out)]
    try:
        return measure(command, cwd=site)
    except CommandFailed:
        log.info("  Hugo did not finish within %d s", timeout)
        return None


class _PssSampler(threading.Thread):
    """The peak summed PSS of every process whose command line names `marker`, and their descendants."""

    def __init__(self, marker: str, interval: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.marker = marker.encode()
        self.interval = interval
        self.peak = 0
        self._done = threading.Event()

    def __enter__(self) -> _PssSampler:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._done.set()
        self.join()

    def run(self) -> None:
        while not self._done.wait(self.interval):
            self.peak = max(self.peak, self._sample())

    def _sample(self) -> int:
        parents: dict[int, int] = {}
        roots = set()
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                stat = Path(entry.path, "stat").read_text()
                if self.marker in Path(entry.path, "cmdline").read_bytes():
                    roots.add(int(entry.name))
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rpartition(")")[2].split()[1])
        tree = set(roots)
        grew = True
        while grew:
            found = {pid for pid, parent in parents.items() if parent in tree} - tree
            tree |= found
            grew = bool(found)
        total = 0
        for pid in tree:
            try:
                for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
            except OSError:
                continue
        return total


def table(results: list[SizeResult]) -> list[str]:
    """The Markdown of the section: one row a size, the stages, and the targets."""
    first = results[0]
    per_first = first.warm.seconds / first.stories
    lines = ["| stories | first build s (CPU s) | ms/story (÷ smallest) | peak memory MiB: RSS (PSS) | no-op s "
             "| Hugo s | no-op ÷ Hugo | HTML pages | site MiB | search MiB | largest page |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in results:
        per = r.warm.seconds / r.stories
        hugo = f"{r.hugo.seconds:.1f}" if r.hugo else (f"> {r.hugo_timeout:.0f}" if r.hugo_timeout > 0 else "–")
        ratio = (f"{r.noop.seconds / r.hugo.seconds:.2f}" if r.hugo else
                 f"< {r.noop.seconds / r.hugo_timeout:.2f}" if r.hugo_timeout > 0 else "–")
        lines.append(f"| {r.stories:,} | {r.warm.seconds:.1f} ({r.warm.cpu_seconds:.1f}) | {1000 * per:.2f} "
                     f"({per / per_first:.2f}) | {r.warm.tree_rss_mib:,.0f} ({r.warm_pss_mib:,.0f}) | {r.noop.seconds:.2f} | {hugo} | {ratio} "
                     f"| {r.pages:,} | {r.site_mib:,.0f} | {r.search_mib:,.1f} | `{r.largest_page[0]}` "
                     f"{r.largest_page[1] / 1024:,.0f} KiB |")
    names = list(dict.fromkeys(name for r in results for name in stages(r.warm)))
    lines += ["", "Stages of the first build (seconds, as `digest build` prints them):", "",
              "| stories | " + " | ".join(names) + " |", "| ---: |" + " ---: |" * len(names)]
    for r in results:
        found = stages(r.warm)
        lines.append(f"| {r.stories:,} | " + " | ".join(f"{found.get(n, 0):.2f}" for n in names) + " |")
    last = results[-1]
    per_last = last.warm.seconds / last.stories
    lines += ["", f"Targets at {last.stories:,} stories: time per story ≤ {TARGET_PER_STORY}× that at "
              f"{first.stories:,}: {per_last / per_first:.2f} {'✓' if per_last / per_first <= TARGET_PER_STORY else '✗'}; "
              f"peak memory ≤ {TARGET_GIB:.0f} GiB: {last.warm.tree_rss_mib / 1024:.2f} GiB RSS "
              f"{'✓' if last.warm.tree_rss_mib / 1024 <= TARGET_GIB else '✗'}, {last.warm_pss_mib / 1024:.2f} GiB PSS "
              f"{'✓' if last.warm_pss_mib / 1024 <= TARGET_GIB else '✗'}"]
    hugo_seconds = last.hugo.seconds if last.hugo else last.hugo_timeout
    if hugo_seconds > 0:
        ratio = last.noop.seconds / hugo_seconds
        lines[-1] += (f"; no-op ≤ 1.0× Hugo's full build: {'' if last.hugo else '< '}{ratio:.2f} "
                      f"{'✓' if ratio <= 1 else '✗'}")
    lines[-1] += "."
    misses = sum(r.derived_misses for r in results)
    if misses:
        lines += ["", f"{misses} stories were annotated by the first build (their cleaned text differed from the "
                  "derived one)."]
    return lines


def section(results: list[SizeResult], jobs: int) -> str:
    """The results section, with how it was measured."""
    return "\n".join([
        SECTION, "",
        f"`python bench/scale.py` ({date.today().isoformat()}, --jobs {jobs}): the 3,002 real stories of es-news and "
        "en-bbc, then varied copies (a paragraph dropped, every person renamed, the date moved back by years; "
        "annotations derived from the original's and cached). The first build has every annotation cached but no "
        "site and no search index: link, render, search (Pagefind) and write all run. Peak RSS is the summed "
        "resident memory of the build and its processes (RSS counts the pages a forked renderer shares with the build "
        "twice; PSS counts them once). Hugo builds the same stories (`bench/hugo_site.py`; \"> T\": stopped after T "
        "seconds). The site has a `base_url`, so it has feeds and a sitemap.",
        "", *table(results), ""])


def parse_sizes(text: str) -> list[int]:
    """`777,3108` → [777, 3108]."""
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected sizes such as 777,3108") from None
    if any(size < 1 for size in sizes):
        raise argparse.ArgumentTypeError(f"{text!r}: sizes are at least 1")
    return sorted(sizes)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=parse_sizes, default=list(SIZES), help="stories per site, e.g. 777,3108")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/scale"),
                        help="where the annotated data sets and the sites go (default /tmp/scale; kept)")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results.md")
    parser.add_argument("--hugo-timeout", type=float, default=1800,
                        help="stop Hugo after this many seconds (0: no Hugo; default 1800)")
    parser.add_argument("--keep-sites", action="store_true", help="keep each size's site (default: only the largest)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S", stream=sys.stderr)
    workdir = args.workdir.resolve()
    if workdir == ROOT or ROOT in workdir.parents:
        raise SystemExit(f"{workdir}: inside the repository; choose a folder outside {ROOT}")
    code = snapshot_code(workdir)  # edits made during the run do not mix versions
    env = code_env(code)
    bases = annotated_bases(workdir, args.jobs, env)
    results = []
    for count in args.sizes:
        results.append(measure_size(bases, count, workdir, args.jobs, env, args.hugo_timeout))
        if not args.keep_sites and count != args.sizes[-1]:
            shutil.rmtree(workdir / f"size-{count}")
    text = section(results, args.jobs)
    print(text)
    write_section(args.results, text)
    log.info("wrote %s", args.results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
