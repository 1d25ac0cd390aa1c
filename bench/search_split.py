"""What Pagefind costs for the search index of a built site, whole and split, to choose how to index less.

    python bench/search_split.py SITE [--shards 8] [--repeat 2]

Pagefind cannot update an index in place (every bundle is made from all its pages), so re-indexing
less means indexing a part of the site as a bundle of its own (its multisite mode, merged in the
browser). This measures, on the documents the build gives Pagefind (`search.search_document`): the
whole site through the command line; 100 articles through the Python API (`PagefindIndex`, which sends
every page to Pagefind's service one message at a time: given the whole site it had not finished after
ten minutes) and through the command line; each section (articles, entities, glossary) alone; and one
of `--shards` equal shards of the articles, which is what an edit of one story would re-index with the
articles split that way.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

from generator.render.search import _run_pagefind, search_document  # noqa: PLC2701 - the build's own way of running it


def documents(site: Path) -> dict[str, bytes]:
    """Output path → what Pagefind is given of the page, for every page marked for search."""
    found = {}
    for path in sorted(site.rglob("*.html")):
        if "pagefind" not in path.relative_to(site).parts and (document := search_document(path.read_bytes())):
            found[path.relative_to(site).as_posix()] = document
    return found


def command_line(selected: dict[str, bytes], language: str) -> float:
    """Seconds for the Pagefind command line to index `selected` (scratch files written first, not timed)."""
    with tempfile.TemporaryDirectory(prefix="search-split-") as scratch:
        site = Path(scratch) / "site"
        for path, document in selected.items():
            target = site / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(document)
        started = time.perf_counter()
        _run_pagefind(site, Path(scratch) / "bundle", language)
        return time.perf_counter() - started


def python_api(selected: dict[str, bytes], language: str) -> float:
    """Seconds for Pagefind's Python API to index `selected` and hand back the bundle's files."""
    from pagefind.index import IndexConfig, PagefindIndex

    async def run() -> None:
        config = IndexConfig(force_language=language, keep_index_url=True)
        async with PagefindIndex(config=config) as index:
            for path, document in selected.items():
                await index.add_html_file(content=document.decode("utf-8"), source_path=path)
            await index.get_files()

    # Leaving the block writes the bundle into `pagefind/` of the working folder: a scratch one.
    here = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="search-split-") as scratch:
        os.chdir(scratch)
        try:
            started = time.perf_counter()
            asyncio.run(run())
            return time.perf_counter() - started
        finally:
            os.chdir(here)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--language", default="es")
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    found = documents(args.site)
    articles = {p: d for p, d in found.items() if p.startswith("articles/")}
    shard = dict(list(articles.items())[:: args.shards])
    cases = [("whole site, command line", found, command_line),
             ("100 articles, Python API", dict(list(articles.items())[:100]), python_api),
             ("100 articles, command line", dict(list(articles.items())[:100]), command_line),
             *((f"{section} alone", {p: d for p, d in found.items() if p.startswith(f"{section}/")}, command_line)
               for section in ("articles", "entities", "glossary")),
             (f"1 of {args.shards} article shards", shard, command_line)]
    print(f"| what is indexed | pages | MB given | seconds (best of {args.repeat}) |\n|---|---:|---:|---:|")
    for name, selected, how in cases:
        seconds = min(how(selected, args.language) for _ in range(args.repeat))
        size = sum(map(len, selected.values())) / 1e6
        print(f"| {name} | {len(selected)} | {size:.1f} | {seconds:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
