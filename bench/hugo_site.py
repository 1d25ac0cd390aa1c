"""The same stories as a Hugo site: Markdown with front matter and a minimal theme with related content."""

from __future__ import annotations

import shutil
from pathlib import Path

from corpus import Story
from sites import keywords, markdown_body, yaml_string

HUGO = Path("/usr/bin/hugo")

CONFIG = """\
baseURL = "http://example.org/"
languageCode = "{lang}"
title = "bench"
[taxonomies]
  tag = "tags"
  keyword = "keywords"
[related]
  includeNewer = true
  threshold = 80
  toLower = false
  [[related.indices]]
    name = "keywords"
    weight = 100
  [[related.indices]]
    name = "tags"
    weight = 80
"""

# Minimal layouts: every page in one base; an article lists its five most related stories.
LAYOUTS = {
    "_default/baseof.html": """\
<!doctype html>
<html lang="{{ .Site.LanguageCode }}">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title></head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "_default/single.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ with .Date }}{{ if not .IsZero }}<time>{{ .Format "2006-01-02" }}</time>{{ end }}{{ end }}
{{ .Content }}
<ul class="tags">{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
<ul class="keywords">{{ range .GetTerms "keywords" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
</article>
{{ $related := .Site.RegularPages.Related . | first 5 }}
{{ with $related }}
<aside><h2>Related</h2><ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></aside>
{{ end }}
{{ end }}
""",
    "_default/list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ul>
{{ end }}
""",
    "_default/terms.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>
{{ end }}
""",
    "index.html": """\
{{ define "main" }}
<h1>{{ .Site.Title }}</h1>
{{ range .Site.RegularPages }}
<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Summary }}</p></article>
{{ end }}
{{ end }}
""",
}


def write_hugo_site(items: list[Story], lang: str, root: Path) -> Path:
    """A Hugo site in `root`; returns `root`."""
    if root.exists():
        shutil.rmtree(root)
    articles = root / "content" / "articles"
    articles.mkdir(parents=True)
    (root / "config.toml").write_text(CONFIG.format(lang=lang), encoding="utf-8")
    for name, text in LAYOUTS.items():
        path = root / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for story in items:
        (articles / f"{story.name}.md").write_text(hugo_page(story), encoding="utf-8")
    return root


def hugo_page(story: Story) -> str:
    """One story as Hugo Markdown with YAML front matter."""
    lines = ["---", f"title: {yaml_string(story.title)}"]
    if story.day:
        lines.append(f"date: {story.day.isoformat()}")
    lines.append(f"tags: [{', '.join(yaml_string(t) for t in story.tags)}]")
    lines.append(f"keywords: [{', '.join(yaml_string(k) for k in keywords(story.text))}]")
    return "\n".join([*lines, "---", markdown_body(story), ""])


def hugo_command(root: Path, out: Path) -> list[str]:
    """A full Hugo build of the site in `root` into `out`."""
    return [str(HUGO), "--source", str(root), "--destination", str(out), "--quiet"]
