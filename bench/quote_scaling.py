"""How annotation time grows with a text's length, per language and kind of text.

    python bench/quote_scaling.py [--sizes 25,50,100,200] [--kinds KIND,...] [--repeat N] [--profile KIND:KB]

Each kind of text is repeated (or, for the real corpora, its stories are joined as paragraphs)
up to each size in KB of UTF-8, and annotated by one Annotator whose models are loaded beforehand:
spaCy's pipeline, then the extraction of entities, quotations and definitions from its Doc. Prints,
per kind and size, the CPU seconds of the whole annotation and of the extraction alone (the fastest
of `--repeat` runs; CPU time, so that other processes on a shared machine count less), and the
ratios of 100 KB to 50 KB (2.0 is linear; a quadratic step makes it 4). The pipeline's own ratio
is above 2 on one long Doc (its arrays outgrow the CPU caches). `--profile KIND:KB` prints the
extraction's slowest functions for one text instead.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.annotate import Annotator  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
SIZES_KB = (25, 50, 100, 200)


def _es_news() -> Iterator[str]:
    """The texts of the true stories of the Spanish Fake News Corpus, in file order."""
    for name in ("train", "development", "test"):
        with (DATA / "es-news" / f"{name}.jsonl").open(encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line)
                if str(row["Category"]) in ("True", "1"):
                    yield row["Text"].replace("*NUMBER*", "0").strip()


def _en_bbc() -> Iterator[str]:
    """The BBC stories' texts, headline dropped (read from ../shared only)."""
    for path in sorted((DATA / "en-bbc").glob("*/*.txt")):
        yield path.read_bytes().decode("utf-8", errors="replace").strip().partition("\n")[2].strip()


def _repeated(unit: str) -> Callable[[int], str]:
    def text(size: int) -> str:
        return unit * max(size // len(unit.encode("utf-8")), 1)

    return text


def _joined(stories: Callable[[], Iterator[str]]) -> Callable[[int], str]:
    def text(size: int) -> str:
        parts: list[str] = []
        length = 0
        for story in stories():
            parts.append(story)
            length += len(story.encode("utf-8")) + 2
            if length >= size:
                break
        return "\n\n".join(parts)

    return text


#: name → (language, text of about N bytes).
KINDS: dict[str, tuple[str, Callable[[int], str]]] = {
    "es quotes, one line": ("es", _repeated('«"Biden" dijo» ')),
    "es quotes, paragraphs": ("es", _repeated("«Vamos a ganar», dijo Biden.\n\n")),
    "es quotes, pronouns": ("es", _repeated("«No», dijo el portavoz. «Sí», añadió él. Según ella, «nunca». ")),
    "es headlines": ("es", _repeated("«Decisión muy personal»\n\n«Es una decisión muy personal», dijo Biden.\n\n")),
    "es names, no quotes": ("es", _repeated("Biden y Putin hablaron con López Obrador en Madrid. ")),
    "es words, no sentence ends": ("es", _repeated("el presidente Biden habla con la ministra ")),
    "es markdown marks, one line": ("es", _repeated("*a _b **c ")),
    "es news (real)": ("es", _joined(_es_news)),
    "en quotes, one line": ("en", _repeated('"Biden" said ')),
    "en quotes, typographic": ("en", _repeated("“We will win,” he said. ")),
    "en names, no quotes": ("en", _repeated("Tony Blair met Gordon Brown in London on Monday. ")),
    "en news (real)": ("en", _joined(_en_bbc)),
}


def measure(annotator: Annotator, lang: str, text: str, repeat: int) -> tuple[float, float]:
    """(whole annotation, extraction) CPU seconds, each the fastest of `repeat` runs."""
    nlp, _ = annotator.pipeline(lang)
    nlp.max_length = max(nlp.max_length, len(text) + 1)  # one Doc, however long
    best_whole = best_extraction = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        doc = nlp(text)
        middle = time.process_time()
        annotator.annotate_doc(doc, lang)
        ended = time.process_time()
        best_whole = min(best_whole, ended - started)
        best_extraction = min(best_extraction, ended - middle)
    return best_whole, best_extraction


def profile(annotator: Annotator, kind: str, size_kb: int) -> None:
    """Print the extraction's top functions by own time for one text."""
    lang, make = KINDS[kind]
    text = make(size_kb * 1000)
    nlp, _ = annotator.pipeline(lang)
    nlp.max_length = max(nlp.max_length, len(text) + 1)
    doc = nlp(text)
    profiler = cProfile.Profile()
    profiler.runcall(annotator.annotate_doc, doc, lang)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(25)
    print(out.getvalue())


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES_KB)), help="sizes in KB, comma-separated")
    parser.add_argument("--kinds", default="", help="kinds of text, separated by ';' (default: all): " + "; ".join(KINDS))
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the fastest is kept")
    parser.add_argument("--profile", default="", metavar="KIND:KB", help="profile one text's extraction")
    args = parser.parse_args(argv)
    annotator = Annotator()
    if args.profile:
        kind, _, size = args.profile.rpartition(":")
        profile(annotator, kind, int(size))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    kinds = [k.strip() for k in args.kinds.split(";") if k.strip()] or list(KINDS)
    if unknown := [k for k in kinds if k not in KINDS]:
        parser.error(f"unknown kind(s) {', '.join(map(repr, unknown))}; separate kinds with ';'")
    header = ["kind"] + [f"{s} KB: whole (extraction) s" for s in sizes]
    has_ratio = 50 in sizes and 100 in sizes
    header += ["100÷50 KB whole", "100÷50 KB extraction"] if has_ratio else []
    print("| " + " | ".join(header) + " |")
    print("| --- |" + " ---: |" * (len(header) - 1))
    for kind in kinds:
        lang, make = KINDS[kind]
        row: dict[int, tuple[float, float]] = {}
        for size in sizes:
            row[size] = measure(annotator, lang, make(size * 1000), args.repeat)
        cells = [kind] + [f"{row[s][0]:.2f} ({row[s][1]:.2f})" for s in sizes]
        if has_ratio:
            cells += [f"{row[100][0] / row[50][0]:.2f}", f"{row[100][1] / row[50][1]:.2f}"]
        print("| " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
