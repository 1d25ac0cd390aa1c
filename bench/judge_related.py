"""Judge related stories by hand: a seeded random sample of stories with their top links, strictly.

    python bench/judge_related.py [--config digest.toml] [--seed 4] [--sample 20] [--top 3]
                                  [--among all|related|more-about] [--verdicts FILE] [--time N]
                                  [--stories SLUG,...]

Prints, for each sampled story, its title and first lines, then its top related stories ("related
coverage") and its "more about" stories, each with its score, the reasons shown to readers and its
first line, so that a person can give each link one verdict:

- `same-story`: the same story line — the same event, negotiation, trial, election, controversy, a
  follow-up or the background to it;
- `same-protagonist`: the same main person or organisation as subject, in an unconnected episode;
- `unrelated`: anything else (a shared president, country or party is not a story line).

Related coverage is right only when `same-story`; a "more about" link is right when the two stories
have the same main subject (`same-story` or `same-protagonist`). Verdicts are kept in a JSON file
(`--verdicts`, one per corpus and seed under bench/related_verdicts/) mapping `"story other"` slug
pairs to a verdict; the printout marks each link with its verdict (`?` when not judged yet) and ends
with the shares, so a judgement can be repeated after any change and only new links need reading.

Also reports every link in the whole corpus whose only shared names are ubiquitous places (in
at least `--ubiquitous` of the stories, like México or Estados Unidos), and with `--time N` the
median time of the link stage over N runs (annotations come from the cache: build first).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.pipeline.build import linked_corpus  # noqa: E402
from generator.config import load_config  # noqa: E402
from generator.errors import Report  # noqa: E402
from generator.link import link_corpus  # noqa: E402
from generator.model import Article, Corpus  # noqa: E402

LEAD_CHARS = 320
VERDICTS = ("same-story", "same-protagonist", "unrelated")


class Tally:
    """Verdicts of one section's links, all shown links and the top link alone."""

    def __init__(self) -> None:
        self.all: dict[str, int] = {}
        self.top: dict[str, int] = {}
        self.unjudged = 0

    def add(self, verdict: str | None, top: bool) -> None:
        if verdict is None:
            self.unjudged += 1
            return
        self.all[verdict] = self.all.get(verdict, 0) + 1
        if top:
            self.top[verdict] = self.top.get(verdict, 0) + 1

    def summary(self, *right: str) -> str:
        def share(counts: dict[str, int]) -> str:
            total = sum(counts.values())
            good = sum(counts.get(v, 0) for v in right)
            return f"{good}/{total}" + (f" = {good / total:.0%}" if total else "")
        shares = ", ".join(f"{v} {self.all.get(v, 0)}" for v in VERDICTS)
        return f"links {share(self.all)} ({shares}; unjudged {self.unjudged}); top link {share(self.top)}"


def load_corpus(config_path: Path | None) -> tuple[Corpus, object]:
    """The linked corpus of a site, annotations from its cache."""
    config = load_config(config_path)
    return linked_corpus(config), config


def shorten(text: str, chars: int) -> str:
    """A text on one line, cut to `chars`."""
    text = " ".join(text.split())
    return text if len(text) <= chars else text[: chars - 1] + "…"


def lead(article: Article, chars: int = LEAD_CHARS) -> str:
    """The first lines of a story's text, on one line."""
    return shorten(article.text, chars)


def place_counts(corpus: Corpus) -> dict[str, int]:
    """Place name → how many stories have it."""
    counts: dict[str, int] = {}
    for entities in corpus.article_entities.values():
        for name in {e.name for e in entities if e.type == "LOC"}:
            counts[name] = counts.get(name, 0) + 1
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=ROOT / "digest.toml")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--top", type=int, default=3)
    parser.add_argument("--among", choices=("all", "related", "more-about"), default="all",
                        help="sample all stories, or only those showing related coverage or more about")
    parser.add_argument("--verdicts", type=Path, default=None, help="JSON file of judged links (read, never written)")
    parser.add_argument("--ubiquitous", type=float, default=0.1, help="share of stories that makes a place ubiquitous")
    parser.add_argument("--time", type=int, default=0, metavar="N", help="also time the link stage N times")
    parser.add_argument("--stories", default="", metavar="SLUG,...",
                        help="judge these stories instead of a sample (a sample drawn before a change, again)")
    args = parser.parse_args()

    corpus, config = load_corpus(args.config)
    verdicts: dict[str, str] = json.loads(args.verdicts.read_text(encoding="utf-8")) if args.verdicts else {}
    if unknown := sorted({v for v in verdicts.values()} - set(VERDICTS)):
        parser.error(f"{args.verdicts}: unknown verdicts {unknown}; use {', '.join(VERDICTS)}")
    more_about = getattr(corpus, "more_about", {})
    shown = {"all": lambda slug: True, "related": lambda slug: bool(corpus.related.get(slug)),
             "more-about": lambda slug: bool(more_about.get(slug))}[args.among]
    slugs = sorted(a.slug for a in corpus.articles if shown(a.slug))
    if args.stories:
        sample = [slug for slug in args.stories.split(",") if slug]
        if missing := [slug for slug in sample if slug not in {a.slug for a in corpus.articles}]:
            parser.error(f"no such stories: {', '.join(missing)}")
    else:
        sample = random.Random(args.seed).sample(slugs, min(args.sample, len(slugs)))
    by_slug = {a.slug: a for a in corpus.articles}
    sentences = {(appearance.article.slug, entity.name): appearance.sentence
                 for entity in corpus.entities.values() for appearance in entity.appearances}
    tally = {section: Tally() for section in ("related", "more about")}
    with_links = with_more = 0
    for n, slug in enumerate(sample, 1):
        article = by_slug[slug]
        print(f"\n[{n}/{len(sample)}] {slug}  {article.date or 'undated'}  {article.title}")
        print(textwrap.indent(textwrap.fill(lead(article), 100), "    "))
        links = corpus.related.get(slug, [])[: args.top]
        more = more_about.get(slug, [])[: args.top]
        with_links += bool(links)
        with_more += bool(more)
        for section, shown in (("related", links), ("more about", more)):
            print(f"  {section}:" + ("" if shown else " none"))
            for rank, link in enumerate(shown, 1):
                verdict = verdicts.get(f"{slug} {link.article.slug}")
                tally[section].add(verdict, rank == 1)
                print(f"  {rank}. [{verdict or '?'}] {link.score:.3f}  {link.article.slug}  "
                      f"{link.article.date or 'undated'}  {link.article.title}")
                print(f"       reasons: {', '.join(link.shared)}")
                print(f"       {lead(link.article, 240)}")
                for reason in link.shared[:2]:
                    for where in (article, link.article):
                        sentence = sentences.get((where.slug, reason))
                        if sentence:
                            print(f"       · {reason} in {where.slug}: {shorten(sentence, 200)}")
    print(f"\nseed {args.seed}, sampled among {args.among} stories: {len(sample)} stories, "
          f"{with_links} with related coverage, {with_more} with more about")
    print(f"related coverage (right: same-story): {tally['related'].summary('same-story')}")
    print(f"more about (right: same main subject): {tally['more about'].summary('same-story', 'same-protagonist')}")
    coverage = sum(bool(links) for links in corpus.related.values())
    print(f"whole corpus: {coverage} of {len(corpus.articles)} stories ({coverage / max(1, len(corpus.articles)):.0%}) "
          f"show related coverage, {sum(len(links) for links in corpus.related.values())} links; "
          f"{sum(bool(links) for links in more_about.values())} show more about")

    counts = place_counts(corpus)
    floor = max(3, args.ubiquitous * len(corpus.articles))
    ubiquitous = sorted((name for name, k in counts.items() if k >= floor), key=lambda name: -counts[name])
    print(f"ubiquitous places (in ≥ {floor:.0f} stories): "
          + ", ".join(f"{name} {counts[name]}" for name in ubiquitous[:15]))
    named = {e.name for e in corpus.entities.values()} | {t.term for t in corpus.glossary.values()}
    # Tags are not names: a link through México and a tag is through México alone.
    names = [(slug, link, [r for r in link.shared if r in named])
             for slug, links in corpus.related.items() for link in links]
    only = [(slug, link) for slug, link, shared in names
            if shared and all(counts.get(reason, 0) >= floor for reason in shared)]
    print(f"links whose only shared names are ubiquitous: {len(only)}")
    for slug, link in only:
        print(f"  {slug} → {link.article.slug}: {', '.join(link.shared)}")

    if args.time:
        articles = corpus.articles
        glossary = load_glossary(config)
        runs = []
        for _ in range(args.time):
            start = time.perf_counter()
            link_corpus(articles, glossary, config)
            runs.append(time.perf_counter() - start)
        print(f"link stage: median {statistics.median(runs):.3f}s of {args.time} runs "
              f"(min {min(runs):.3f}s, max {max(runs):.3f}s)")
    return 0


def load_glossary(config) -> list:  # type: ignore[no-untyped-def]
    """The authored glossary of a site, as the link stage receives it."""
    from generator.sources.load import load_content

    return load_content(config.content_path, Report(), max_bytes=config.max_article_kb * 1000).glossary


if __name__ == "__main__":
    sys.exit(main())
