"""The NLP floor of a cold build: bare `nlp.pipe` over the site's cleaned texts, nothing else.

    python bench/nlp_floor.py SITE/digest.toml --jobs N [--shards]

Loads and cleans the articles as the build does, loads each language's pipeline exactly as
the annotator runs it (`load_pipeline`: same excluded and disabled components, plus the
entity ruler with the glossary's names), and runs `nlp.pipe(texts, n_process=N,
batch_size=<the annotator's>)`, consuming the Docs and extracting nothing. With `--shards`,
N forked processes each run `nlp.pipe` in-process over every Nth text and drop the Docs
there (spaCy's own `n_process` sends every Doc back to the parent). Prints a JSON
object of its stage times. Run as a subprocess like the build, so that the whole
process's wall time of both includes interpreter start, imports, loading and cleaning
the articles and loading the models.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import time
from pathlib import Path

from spacy.language import Language

from generator.annotate import annotator as annotate
from generator.annotate import Annotator
from generator.sources.clean import CleanRules, clean_article
from generator.config import load_config
from generator.errors import Report
from generator.sources.load import load_content


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config", type=Path)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--shards", action="store_true", help="N forked processes, each nlp.pipe over 1/N of texts")
    args = parser.parse_args(argv)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    config = load_config(args.config)
    content = load_content(config.content_path, Report(), max_bytes=config.max_article_kb * 1000)
    rules = CleanRules(tuple(config.clean.line_patterns), tuple(config.clean.tail_patterns))
    articles = [clean_article(article, rules) for article in content.articles]
    timings["load+clean"] = time.perf_counter() - started
    by_language: dict[str, list[str]] = {}
    for article in articles:
        by_language.setdefault(article.lang.split("-")[0].lower(), []).append(article.text)
    annotator = Annotator(glossary=content.glossary)
    batch_size = annotate._BATCH_SIZE  # the annotator's own batch size
    timings["model load"] = timings["pipe"] = 0.0
    tokens = 0
    for lang, texts in by_language.items():
        mark = time.perf_counter()
        nlp, _ = annotator.pipeline(lang)
        timings["model load"] += time.perf_counter() - mark
        mark = time.perf_counter()
        if args.shards and args.jobs > 1:
            tokens += _sharded_pipe(nlp, texts, args.jobs, batch_size)
        else:
            for doc in nlp.pipe(texts, n_process=args.jobs, batch_size=batch_size):
                tokens += len(doc)
        timings["pipe"] += time.perf_counter() - mark
    print(json.dumps({"articles": len(articles), "tokens": tokens, "batch_size": batch_size,
                      "n_process": args.jobs, "shards": args.shards, "timings": timings}))
    return 0


def _sharded_pipe(nlp: Language, texts: list[str], jobs: int, batch_size: int) -> int:
    """Tokens of `texts` run through `nlp` by `jobs` forked processes, each over every `jobs`-th text."""
    context = multiprocessing.get_context("fork")  # the children inherit the loaded pipeline
    counts = context.Queue()
    workers = [context.Process(target=_shard, args=(nlp, texts[i::jobs], batch_size, counts)) for i in range(jobs)]
    for worker in workers:
        worker.start()
    tokens = sum(counts.get() for _ in workers)
    for worker in workers:
        worker.join()
    return tokens


def _shard(nlp: Language, texts: list[str], batch_size: int, counts: multiprocessing.Queue[int]) -> None:
    counts.put(sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size)))


if __name__ == "__main__":
    sys.exit(main())
