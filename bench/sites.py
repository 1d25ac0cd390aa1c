"""The benchmark's sites: one corpus, scaled, as a digest site, a Hugo site and a Pelican site."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from dataclasses import replace
from itertools import islice
from pathlib import Path

from corpus import DATA, DATASETS, ROOT, Story, story_file, write_corpus

#: The bench site's own copy of the theme, so that a template can be changed without touching the repository.
THEME = "theme"
#: The template the full re-render edits (every page extends it).
BASE_TEMPLATE = "base.html"

# A run of capitalised words (with Spanish/English particles inside names), not at a sentence start.
_NAME = re.compile(
    r"(?<![.!?:«\"“]\s)(?<!^)\b([A-ZÁÉÍÓÚÑ][\wáéíóúñü]+(?:\s+(?:de|del|la|los|of|the)?\s*[A-ZÁÉÍÓÚÑ][\wáéíóúñü]+)*)",
    re.MULTILINE,
)


def stories(dataset: str, scale: int, limit: int | None = None) -> list[Story]:
    """The data set's (first `limit`) stories, then `scale - 1` copies of each with a changed title and file name."""
    reader, _ = DATASETS[dataset]
    originals = list(islice(reader(DATA / dataset), limit))
    copies = [replace(s, name=f"{s.name}-x{k}", title=f"{s.title} [{k}]")
              for k in range(2, scale + 1) for s in originals]
    return originals + copies


def keywords(text: str, limit: int = 10) -> list[str]:
    """The most frequent capitalised names of a text: the 'keywords' Hugo and Pelican relate stories by."""
    counts = Counter(match.group(1) for match in _NAME.finditer(text))
    return [name for name, _ in counts.most_common(limit)]


def write_digest_site(dataset: str, items: list[Story], root: Path) -> Path:
    """A digest site in `root` (content, own theme copy, cache beside it); returns its digest.toml."""
    write_corpus(dataset, root, limit=0)  # the glossary and a digest.toml, as every other user of the corpus gets
    articles = root / "content" / "articles"
    for story in items:
        (articles / f"{story.name}.txt").write_text(story_file(story), encoding="utf-8")
    theme = root / THEME
    if theme.exists():
        shutil.rmtree(theme)
    shutil.copytree(ROOT / "templates", theme)
    config = root / "digest.toml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^theme_dir = .*$", f'theme_dir = "{THEME}"\ncache_dir = ".digest-cache"', text)
    config.write_text(text, encoding="utf-8")
    return config


def touch_template(config: Path, round_number: int) -> None:
    """Change the bench theme's base template so that every page's bytes change."""
    path = config.parent / THEME / BASE_TEMPLATE
    text = re.sub(r"\n<!-- bench re-render \d+ -->\n?$", "\n", path.read_text(encoding="utf-8"))
    path.write_text(f"{text.rstrip()}\n<!-- bench re-render {round_number} -->\n", encoding="utf-8")


def markdown_body(story: Story) -> str:
    """The story's paragraphs, one blank line apart."""
    return "\n\n".join(" ".join(p.split()) for p in story.text.splitlines() if p.strip())


def yaml_string(value: str) -> str:
    """A one-line YAML string (JSON strings are YAML)."""
    return json.dumps(" ".join(value.split()), ensure_ascii=False)
