"""Turn a real news data set from ../shared/data into a digest content folder, for builds and benchmarks.

    python bench/corpus.py es-news OUT_DIR [--limit N]   # the 777 true Spanish stories
    python bench/corpus.py en-bbc OUT_DIR [--limit N]    # the 2,225 BBC stories (never copied into the repo)

Writes OUT_DIR/content/articles/*.txt (front matter + text), OUT_DIR/digest.toml (theme and glossary
of this repository) and nothing else; OUT_DIR may not be inside the repository.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
ES_FILES = ("train", "development", "test")
ES_TRUE = {"True", "1"}
# The corpus mixes English and Spanish topic names; tags are given in Spanish.
ES_TOPICS = {
    "politics": "política", "society": "sociedad", "science": "ciencia", "sport": "deporte",
    "economy": "economía", "health": "salud", "security": "seguridad", "education": "educación",
    "entertainment": "entretenimiento", "covid-19": "covid-19", "internacional": "internacional",
    "ambiental": "medio ambiente",
}
# Part of the corpus hides every number behind this placeholder, which NLP takes for a name.
NUMBER_PLACEHOLDER = "*NUMBER*"
_DASHED_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})(?!\d)")
_COMPACT_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)(\d\d)(\d\d)(?!\d)")


@dataclass
class Story:
    """One story as it will be written: a file name, front matter and text."""

    name: str
    title: str
    text: str
    lang: str
    meta: dict[str, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    day: date | None = None


def date_from_url(url: str) -> date | None:
    """The publication date written in a story's URL (`/2018/03/28/`, `/20180521/`), if any."""
    for pattern in (_DASHED_DATE, _COMPACT_DATE):
        for match in pattern.finditer(url):
            try:
                return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                continue
    return None


def es_news(data: Path) -> Iterator[Story]:
    """The stories labelled true in the Spanish Fake News Corpus (CC BY 4.0)."""
    for name in ES_FILES:
        with (data / f"{name}.jsonl").open(encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line)
                if str(row["Category"]) not in ES_TRUE:
                    continue
                text = _drop_repeated_title(row["Headline"], row["Text"]).replace(NUMBER_PLACEHOLDER, "0")
                topic = row["Topic"].strip()
                yield Story(
                    name=f"{name}-{int(row['Id']):04d}",
                    title=" ".join(row["Headline"].replace(NUMBER_PLACEHOLDER, "0").split()),
                    text=text,
                    lang="es",
                    meta={"source": row["Source"], "source_url": row["Link"], "license": "CC BY 4.0",
                          "attribution": f"Spanish Fake News Corpus (Posadas-Durán et al.), Id {row['Id']} of {name}.jsonl"},
                    tags=[ES_TOPICS.get(topic.casefold(), topic.casefold())] if topic else [],
                    day=date_from_url(row["Link"]),
                )


def en_bbc(data: Path) -> Iterator[Story]:
    """The BBC stories (first line: title); read from ../shared only, never kept in the repository."""
    for category in sorted(p for p in data.iterdir() if p.is_dir()):
        for path in sorted(category.glob("*.txt")):
            raw = path.read_bytes().decode("utf-8", errors="replace")
            title, _, text = raw.strip().partition("\n")
            yield Story(name=f"{category.name}-{path.stem}", title=title.strip(), text=text.strip(), lang="en",
                        meta={"source": "BBC News", "license": "© BBC, for research use"}, tags=[category.name])


DATASETS = {"es-news": (es_news, "es"), "en-bbc": (en_bbc, "en")}


def _drop_repeated_title(title: str, text: str) -> str:
    first, _, rest = text.strip().partition("\n")
    return rest.strip() if " ".join(first.split()) == " ".join(title.split()) and rest.strip() else text.strip()


def _yaml_string(value: str) -> str:
    return json.dumps(" ".join(value.split()), ensure_ascii=False)  # a JSON string is a YAML string


def story_file(story: Story) -> str:
    """The article file: YAML front matter, then the text with one blank line between paragraphs."""
    lines = ["---", f"title: {_yaml_string(story.title)}", f"lang: {story.lang}"]
    if story.day:
        lines.append(f"date: {story.day.isoformat()}")
    lines += [f"{key}: {_yaml_string(value)}" for key, value in story.meta.items() if value]
    if story.tags:
        lines.append(f"tags: [{', '.join(_yaml_string(t) for t in story.tags)}]")
    paragraphs = [" ".join(p.split()) for p in story.text.splitlines() if p.strip()]
    return "\n".join([*lines, "---", "\n\n".join(paragraphs), ""])


def write_corpus(dataset: str, out: Path, limit: int | None = None) -> int:
    """Write the data set's stories and a digest.toml into `out`; returns the number of stories."""
    out = out.resolve()
    if out == ROOT or ROOT in out.parents:
        raise SystemExit(f"{out}: inside the repository; choose a folder outside {ROOT}")
    reader, language = DATASETS[dataset]
    articles = out / "content" / "articles"
    if articles.exists():
        shutil.rmtree(articles)
    articles.mkdir(parents=True)
    count = 0
    for story in reader(DATA / dataset):
        if limit is not None and count >= limit:
            break
        (articles / f"{story.name}.txt").write_text(story_file(story), encoding="utf-8")
        count += 1
    glossary = out / "content" / "glossary"
    if glossary.exists():
        shutil.rmtree(glossary)
    if language == "es":
        shutil.copytree(ROOT / "content" / "glossary", glossary)
    (out / "digest.toml").write_text(
        f'title = "{dataset}"\nlanguage = "{language}"\ncontent_dir = "content"\noutput_dir = "site"\n'
        f"theme_dir = {json.dumps(str(ROOT / 'templates'))}\n",
        encoding="utf-8",
    )
    return count


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", choices=sorted(DATASETS))
    parser.add_argument("out", type=Path, help="folder to write content/ and digest.toml into")
    parser.add_argument("--limit", type=int, default=None, help="write only the first N stories")
    args = parser.parse_args(argv)
    count = write_corpus(args.dataset, args.out, args.limit)
    print(f"wrote {count} stories to {args.out / 'content' / 'articles'}; build with "
          f"`digest build --config {args.out / 'digest.toml'}`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
