"""How long `digest serve` takes from saving a file to pushing the reload to the browser.

    python bench/serve_latency.py [--repeat N] [--skip-corpus] [--work DIR]

Runs the real preview server (watcher, debounce, rebuild, Server-Sent Events) on a
copy of the example site and on the 777 Spanish stories of ../shared/data/es-news
(made by bench/corpus.py), listens to its event stream like a browser showing the
edited article's page, and for each kind of edit (an article's text, a template, the
stylesheet) saves a file N times and reports the time until the `reload` (or `css`)
event arrived, and until the whole site was written (the open page is rendered and
pushed first; the rest of the site is rendered and written after it, and other pages
are served once it is). Not a test: machines are noisy, so the figures are only reported.
Targets (issue 5): article edit < 0.5 s and template or CSS change < 0.2 s on the
example site; article edit < 1 s on the 777 stories.
"""

from __future__ import annotations

import argparse
import http.client
import json
import logging
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import write_corpus  # noqa: E402

from generator.pipeline.annotating import default_jobs  # noqa: E402
from generator.config import load_config  # noqa: E402
from generator.serve import DevServer  # noqa: E402
from generator.serve.livereload import EVENTS_PATH  # noqa: E402
from generator.urls import article_path  # noqa: E402

TARGETS = {("example", "article"): 0.5, ("example", "template"): 0.2, ("example", "css"): 0.2,
           ("es-news 777", "article"): 1.0}


class Listener:
    """A browser's event stream: the time each event arrived."""

    def __init__(self, url: str, page: str) -> None:
        """`page`: the output path of the page the browser shows."""
        host, port = url.removeprefix("http://").rstrip("/").rsplit(":", 1)
        self._connection = http.client.HTTPConnection(host, int(port), timeout=600)
        self._connection.request("GET", f"{EVENTS_PATH}?page={quote(page)}")
        self._response = self._connection.getresponse()
        self.events: list[tuple[str, float]] = []
        self._arrived = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for raw in self._response:
            line = raw.decode()
            if line.startswith("event: "):
                with self._arrived:
                    self.events.append((line.removeprefix("event: ").strip(), time.perf_counter()))
                    self._arrived.notify_all()

    def wait(self, names: tuple[str, ...], after: int, seconds: float = 300) -> tuple[str, float]:
        """The first event named one of `names` among those after the first `after`."""
        deadline = time.perf_counter() + seconds
        with self._arrived:
            while True:
                for name, at in self.events[after:]:
                    if name in names:
                        return name, at
                if not self._arrived.wait(deadline - time.perf_counter()):
                    raise TimeoutError(f"no {names} event within {seconds}s")


@dataclass
class Measure:
    site: str
    edit: str
    seconds: list[float] = field(default_factory=list)
    written: list[float] = field(default_factory=list)
    """Save → the whole site written (the open page was pushed before)."""
    stages: dict[str, list[float]] = field(default_factory=dict)
    annotated: list[int] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)
    event: str = ""


def measure(server: DevServer, listener: Listener, site: str, edit: str, save: Callable[[int], None],
            repeat: int) -> Measure:
    """Save `repeat` times; time each save until its push."""
    result = Measure(site, edit)
    for attempt in range(repeat):
        seen, builds = len(listener.events), server.session.stats.builds
        started = time.perf_counter()
        save(attempt)
        result.event, arrived = listener.wait(("reload", "css", "failed"), seen)
        if result.event == "failed":
            raise RuntimeError(f"{site}: the rebuild after a {edit} edit failed: {server.status()['problems']}")
        result.seconds.append(arrived - started)
        while server.session.stats.builds == builds:  # the rest of the site is built after the push
            time.sleep(0.001)
        result.written.append(time.perf_counter() - started)
        _settle(server)
        stats = server.session.stats
        result.annotated.append(stats.annotated)
        result.changed.append(len(stats.changed))
        for stage, seconds in stats.timings.items():
            result.stages.setdefault(stage, []).append(seconds)
    return result


def _settle(server: DevServer) -> None:
    """Wait until the server has finished with the last save (its search index too) and stays idle."""
    for _ in range(2):
        if not server.idle.wait(600):
            raise TimeoutError("the server never went idle")
        time.sleep(0.2)


def run_site(name: str, root: Path, article: Path, repeat: int, edits: tuple[str, ...]) -> list[Measure]:
    """Start a preview of the site at `root` and measure each kind of edit."""
    config = load_config(root / "digest.toml", output=root / "preview")
    started = time.perf_counter()
    server = DevServer(config, port=0, jobs=default_jobs())
    first = server.start()
    print(f"{name}: first build {time.perf_counter() - started:.1f}s "
          f"({server.session.stats.annotated} articles annotated); loading the NLP pipelines...", file=sys.stderr)
    if first is None or first.corpus is None:
        raise RuntimeError(f"{name}: the first build failed: {server.status()['problems']}")
    slug = next(a.slug for a in first.corpus.articles if a.path == article)
    listener = Listener(server.url, article_path(slug))
    _settle(server)  # the rebuild loop loads the NLP pipelines first
    theme = config.theme_path
    original = article.read_text(encoding="utf-8")
    run = int(time.time()) % 100_000 * 100  # new sentences each run, so that no cached annotation fits them
    base = (theme / "base.html").read_text(encoding="utf-8")
    savers: dict[str, Callable[[int], None]] = {
        "article": lambda i: _insert_paragraph(article, original, f"El portavoz repitió la frase número {run + i} ante la prensa."),
        "template": lambda i: _replace(theme / "base.html", base, "</footer>", f"<!-- edit {i} --></footer>"),
        "css": lambda i: _append(theme / "static" / "style.css", f"\n.bench-{i} {{ color: inherit; }}\n"),
    }
    try:
        return [measure(server, listener, name, edit, savers[edit], repeat) for edit in edits]
    finally:
        server.stop()


def _insert_paragraph(path: Path, original: str, sentence: str) -> None:
    """Save `original` with `sentence` as the first paragraph of its body (the end may be cleaned away as boilerplate)."""
    _, front, body = original.split("---\n", 2) if original.startswith("---\n") else ("", "", original)
    head = f"---\n{front}---\n" if front else ""
    path.write_text(f"{head}{sentence}\n\n{body}", encoding="utf-8")


def _replace(path: Path, original: str, old: str, new: str) -> None:
    assert old in original, f"{path} has no {old}"
    path.write_text(original.replace(old, new, 1), encoding="utf-8")


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as file:
        file.write(text)


def example_site(work: Path) -> tuple[Path, Path]:
    """A copy of the repository's example site (never edit the real one)."""
    root = work / "example"
    for folder in ("content", "templates"):
        shutil.rmtree(root / folder, ignore_errors=True)
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copy(ROOT / "digest.toml", root / "digest.toml")
    return root, next((root / "content/articles").glob("2021-12-29-biden-putin-conversaciones.*"))


def es_news_site(work: Path) -> tuple[Path, Path]:
    """The 777 true Spanish stories, with a copy of the theme so that it can be edited."""
    root = work / "es-news"
    count = write_corpus("es-news", root)
    theme = root / "templates"
    shutil.rmtree(theme, ignore_errors=True)
    shutil.copytree(ROOT / "templates", theme)
    config = (root / "digest.toml").read_text(encoding="utf-8")
    config = "\n".join(line for line in config.splitlines() if not line.startswith("theme_dir"))
    (root / "digest.toml").write_text(config + '\ntheme_dir = "templates"\n', encoding="utf-8")
    print(f"es-news: {count} stories", file=sys.stderr)
    articles = sorted((root / "content/articles").glob("*.txt"))
    return root, articles[len(articles) // 2]


def report(measures: list[Measure]) -> str:
    """A Markdown table: median (min–max) save-to-push time, the rebuild's share, stages, target."""
    lines = ["| site | edit | save → push, median (min–max) | save → site written | articles annotated | files written "
             "| slowest stages (median) | target |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for m in measures:
        stages = sorted(((statistics.median(v), k) for k, v in m.stages.items()), reverse=True)[:3]
        target = TARGETS.get((m.site, m.edit))
        verdict = "" if target is None else f"< {target:.1f} s {'✓' if statistics.median(m.seconds) < target else '✗'}"
        lines.append(
            f"| {m.site} | {m.edit} ({m.event}) | {statistics.median(m.seconds):.3f} s "
            f"({min(m.seconds):.3f}–{max(m.seconds):.3f}) | {statistics.median(m.written):.3f} s "
            f"| {statistics.median(m.annotated):g} | {statistics.median(m.changed):g} "
            f"| {', '.join(f'{k} {v:.3f}' for v, k in stages)} | {verdict} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="saves per kind of edit (default 5)")
    parser.add_argument("--skip-corpus", action="store_true", help="only the example site")
    parser.add_argument("--work", type=Path, default=None,
                        help="where to put the sites (kept, so the annotation cache makes reruns fast)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every rebuild")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(name)s: %(message)s")
    work = args.work or Path(tempfile.mkdtemp(prefix="digest-serve-bench-"))
    measures = run_site("example", *example_site(work), args.repeat, ("article", "template", "css"))
    if not args.skip_corpus:
        measures += run_site("es-news 777", *es_news_site(work), args.repeat, ("article", "template", "css"))
    print(report(measures))
    print(json.dumps({"work": str(work)}), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
