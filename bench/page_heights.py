"""How tall the pages of a built site are in a real browser, in screens of 1280x900.

    python bench/page_heights.py PROJECT [--out DIR] [--no-build] [--top N] [--tabs N] [--json FILE]

Builds the site of PROJECT (a folder with `digest.toml`; the output folder is the config's,
so build a copy, not the original), serves it on 127.0.0.1, opens EVERY HTML page in the
system's Chromium (/usr/bin/chromium, through Playwright, as the browser tests do) at a
1280x900 viewport and reports the tallest pages and the tallest page of each kind, in
pixels and in screens (height / 900). The target for long lists is no page taller than
about 15 screens. Not a test: the figures are reported, not asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import http.server
import json
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.pipeline.build import build  # noqa: E402
from generator.config import load_config  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
WIDTH, HEIGHT = 1280, 900
TARGET_SCREENS = 15


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's signature
        pass


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """A static HTTP server of `folder` on 127.0.0.1 at a free port, as its URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def kind_of(path: str) -> str:
    """What sort of page a path is (`entity`, `entity index`, `front page`...), for the per-kind maxima."""
    parts = path.split("/")
    paged = "page" in parts[:-1] and parts[-2].isdigit()
    if parts[0] in ("index.html", "page"):
        kind = "front page"
    elif len(parts) == 1:
        kind = parts[0]
    elif parts[0] in ("articles", "entities", "glossary", "threads"):
        singular = {"articles": "article", "entities": "entity", "glossary": "term", "threads": "thread"}[parts[0]]
        plural = {"articles": "article", "entities": "entity index", "glossary": "glossary index",
                  "threads": "threads index"}[parts[0]]
        kind = plural if len(parts) == 2 or parts[1] == "page" else singular
    else:
        kind = parts[0]
    return f"{kind} (page 2+)" if paged else kind


async def measure(url: str, paths: list[str], tabs: int) -> dict[str, int]:
    """Each page's full height in CSS pixels at WIDTH x HEIGHT."""
    from playwright.async_api import async_playwright  # noqa: PLC0415 (installed by `make setup`)

    heights: dict[str, int] = {}
    queue: asyncio.Queue[str] = asyncio.Queue()
    for path in paths:
        queue.put_nowait(path)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        context = await browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})

        async def worker() -> None:
            tab = await context.new_page()
            while not queue.empty():
                path = queue.get_nowait()
                await tab.goto(url + quote(path), wait_until="load")
                heights[path] = await tab.evaluate(
                    "Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)")
                if len(heights) % 500 == 0:
                    print(f"  {len(heights)}/{len(paths)} pages", file=sys.stderr)
            await tab.close()

        await asyncio.gather(*(worker() for _ in range(tabs)))
        await browser.close()
    return heights


def report(heights: dict[str, int], top: int) -> str:
    screens = {path: h / HEIGHT for path, h in heights.items()}
    ranked = sorted(screens, key=lambda p: -screens[p])
    over = [p for p in ranked if screens[p] > TARGET_SCREENS]
    lines = [f"{len(heights)} pages at {WIDTH}x{HEIGHT}; tallest {screens[ranked[0]]:.1f} screens; "
             f"{len(over)} taller than {TARGET_SCREENS} screens", "", "| page | px | screens |", "|---|---:|---:|"]
    lines += [f"| {p} | {heights[p]} | {screens[p]:.1f} |" for p in ranked[:top]]
    by_kind: dict[str, str] = {}
    for path in ranked:
        by_kind.setdefault(kind_of(path), path)
    lines += ["", "| kind | pages | tallest | screens |", "|---|---:|---|---:|"]
    counts: dict[str, int] = {}
    for path in heights:
        counts[kind_of(path)] = counts.get(kind_of(path), 0) + 1
    lines += [f"| {kind} | {counts[kind]} | {path} | {screens[path]:.1f} |" for kind, path in sorted(by_kind.items())]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path, help="a site folder with digest.toml (a copy: its output is rebuilt)")
    parser.add_argument("--out", type=Path, help="the output folder (default: the config's)")
    parser.add_argument("--no-build", action="store_true", help="measure the site already in the output folder")
    parser.add_argument("--top", type=int, default=15, help="how many of the tallest pages to list")
    parser.add_argument("--tabs", type=int, default=3, help="pages loaded at once")
    parser.add_argument("--json", type=Path, help="also write every page's height here")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} not found: run scripts/setup-system.sh (make setup) to install Chromium")
    config = load_config(args.project / "digest.toml", output=args.out)
    if not args.no_build:
        started = time.perf_counter()
        build(config)
        print(f"built {config.output_path} in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    site = config.output_path
    paths = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    started = time.perf_counter()
    with served(site) as url:
        heights = asyncio.run(measure(url, paths, args.tabs))
    print(f"measured {len(paths)} pages in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(heights, indent=1, sort_keys=True), encoding="utf-8")
    print(report(heights, args.top))


if __name__ == "__main__":
    main()
