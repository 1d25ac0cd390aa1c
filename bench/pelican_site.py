"""The same stories as a Pelican site: Markdown with metadata, the related_posts plugin, a minimal theme."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from corpus import Story
from sites import keywords, markdown_body

# Pelican's content cache is on, so that its second and later builds are its fastest (its own warm build).
SETTINGS = """\
AUTHOR = "bench"
SITENAME = "bench"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "{lang}"
DEFAULT_DATE = (2000, 1, 1)
THEME = "theme"
PLUGINS = ["pelican.plugins.related_posts"]
RELATED_POSTS_MAX = 5
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
"""

# Templates not given here are inherited from Pelican's "simple" theme.
ARTICLE = """\
{% extends "!simple/article.html" %}
{% block content %}
{{ super() }}
{% if article.related_posts %}
<aside><h2>Related</h2><ul>
{% for other in article.related_posts %}<li><a href="{{ SITEURL }}/{{ other.url }}">{{ other.title }}</a></li>{% endfor %}
</ul></aside>
{% endif %}
{% endblock %}
"""


def write_pelican_site(items: list[Story], lang: str, root: Path) -> Path:
    """A Pelican site in `root` whose tags are each story's topic and keywords; returns `root`."""
    if root.exists():
        shutil.rmtree(root)
    content = root / "content"
    content.mkdir(parents=True)
    (root / "pelicanconf.py").write_text(SETTINGS.format(lang=lang), encoding="utf-8")
    templates = root / "theme" / "templates"
    templates.mkdir(parents=True)
    (templates / "article.html").write_text(ARTICLE, encoding="utf-8")
    (root / "theme" / "static").mkdir()
    for story in items:
        (content / f"{story.name}.md").write_text(pelican_page(story), encoding="utf-8")
    return root


def pelican_page(story: Story) -> str:
    """One story as Pelican Markdown with its metadata header."""
    tags = [*story.tags, *keywords(story.text)]
    lines = [f"Title: {' '.join(story.title.split())}", f"Slug: {story.name}", "Category: articles"]
    if story.day:
        lines.append(f"Date: {story.day.isoformat()}")
    if tags:
        lines.append(f"Tags: {', '.join(t.replace(',', ' ') for t in tags)}")
    return "\n".join([*lines, "", markdown_body(story), ""])


def pelican_command(root: Path, out: Path) -> list[str]:
    """A Pelican build of the site in `root` into `out`."""
    pelican = Path(sys.executable).with_name("pelican")
    return [str(pelican), str(root / "content"), "--settings", str(root / "pelicanconf.py"),
            "--output", str(out), "--quiet"]
