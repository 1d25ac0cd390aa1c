"""The site's language: set in the config, else the one most articles are in; pages and command output follow it.

An English site without `language` must show no Spanish interface string anywhere (every page, the
feeds, the output of `build`, `check` and `related`), and a Spanish one no English string on any page
(the commands' own messages are English on every site; what they print from the site follows it). The stories
are read from ../shared at test time (never copied into the repository).
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from generator.config import SiteConfig
from generator.sources.language import FALLBACK, site_language
from conftest import SHARED

ROOT = Path(__file__).resolve().parents[2]
THEME = ROOT / "templates"
#: UI strings shorter than this are not looked for (short words such as "Hilo" or "Story" could be anyone's).
MIN_CHARS = 6
BBC = ["business/001", "politics/003", "tech/002", "sport/004"]


def ui_strings(lang: str) -> dict[str, str]:
    """Every string of the theme's `lang` table, flattened (`types.PER`, `months.0`)."""
    tables = tomllib.loads((THEME / "i18n.toml").read_text(encoding="utf-8"))

    def flat(value: object, key: str) -> dict[str, str]:
        if isinstance(value, dict):
            return {k: v for name, sub in value.items() for k, v in flat(sub, f"{key}.{name}" if key else name).items()}
        if isinstance(value, list):
            return {k: v for n, item in enumerate(value) for k, v in flat(item, f"{key}.{n}").items()}
        return {key: str(value)}

    return flat(tables[lang], "")


def foreign_phrases(lang: str, other: str) -> set[str]:
    """The literal parts (between `{placeholders}`) of `other`'s strings that differ from `lang`'s, long enough to tell."""
    own, theirs = ui_strings(lang), ui_strings(other)
    phrases = set()
    for key, value in theirs.items():
        if own.get(key) == value:
            continue
        for part in re.split(r"\{[^}]*\}", value):
            part = part.strip(" .,:;()«»“”")
            if len(part) >= MIN_CHARS and part not in own.values():
                phrases.add(part)
    return phrases


def found_in(text: str, phrases: set[str]) -> list[str]:
    """The phrases a reader sees or hears in `text`: its words, and of its markup only the attributes read out
    (`aria-label`, `title`, `alt`, …), not class names, ids or addresses (`entities/` is a folder's name)."""
    read = PATHS.sub("", TAG.sub(_read_aloud, text))
    return sorted(p for p in phrases if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", read))


def digest(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=project, env=env, capture_output=True,
                          text=True, timeout=600)


def make_site(root: Path, articles: dict[str, str], base_url: str = "https://example.org/news/") -> Path:
    (root / "content/articles").mkdir(parents=True)
    for name, text in articles.items():
        (root / "content/articles" / name).write_text(text, encoding="utf-8")
    (root / "digest.toml").write_text(f'title = "Digest"\nbase_url = "{base_url}"\ntheme_dir = "{THEME}"\n',
                                      encoding="utf-8")
    return root


def english_site(root: Path) -> Path:
    """A few BBC stories, as plain text files (first line: the headline)."""
    return make_site(root, {f"{name.replace('/', '-')}.txt": (SHARED / "data/en-bbc" / f"{name}.txt").read_text(
        encoding="latin-1") for name in BBC})


def spanish_site(root: Path) -> Path:
    """A few true stories of the Spanish news corpus, as Markdown with their headline as title."""
    stories = []
    with (SHARED / "data/es-news/development.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            if item["Category"] == "True" and len(item["Text"]) > 800:
                stories.append(item)
            if len(stories) == 4:
                break
    return make_site(root, {f"nota-{item['Id']}.md": f"---\ntitle: {json.dumps(item['Headline'])}\n---\n"
                            f"{item['Text'].split(chr(10), 1)[-1]}\n" for item in stories})


def built(project: Path) -> tuple[Path, str]:
    """Build, check and list related stories; the site folder and every command's output."""
    outputs = []
    for command in (["build"], ["check"], ["related"]):
        done = digest(project, *command)
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout + done.stderr)
    return project / "site", "\n".join(outputs)


#: schema.org data in story pages: its words (`Person`, `mentions`) are a vocabulary, not the interface.
JSON_LD = re.compile(r'<script type="application/ld\+json">.*?</script>', re.S)
#: A tag of the markup, and the attributes of one that readers see or hear.
TAG = re.compile(r"<[^>]*>")
READ_ATTRIBUTES = re.compile(r'\b(?:aria-label|title|alt|placeholder|content|label)="([^"]*)"')
#: A path or address: anything with a slash (`../entities/mexico/`, `https://…`).
PATHS = re.compile(r"[\w.:#?=&%~-]*/[\w./:#?=&%~-]*")


def site_text(site: Path) -> dict[str, str]:
    """Every page and feed of the site, as text a reader would see (entities decoded, schema.org data left out)."""
    files = [p for p in site.rglob("*") if p.suffix in (".html", ".xml", ".json") and p.is_file()
             and "pagefind" not in p.parts]
    return {p.relative_to(site).as_posix(): html.unescape(JSON_LD.sub("", p.read_text(encoding="utf-8")))
            for p in files}


def _read_aloud(tag: re.Match[str]) -> str:
    """What a reader gets of a tag: its labels, titles, alternative texts (not its classes, ids or addresses)."""
    return " ".join(READ_ATTRIBUTES.findall(tag.group()))


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    return built(english_site(tmp_path_factory.mktemp("en")))


@pytest.fixture(scope="module")
def spanish(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    return built(spanish_site(tmp_path_factory.mktemp("es")))


def test_the_phrases_looked_for_are_the_other_languages_interface() -> None:
    spanish_only = foreign_phrases("en", "es")
    assert "Saltar al contenido" in spanish_only and "Más sobre esta noticia" in spanish_only and "Skip to content" in foreign_phrases("es", "en")
    assert not found_in("<p>Skip to content</p>", spanish_only)
    assert found_in("<a>Saltar al contenido</a>", spanish_only) == ["Saltar al contenido"]


def test_an_english_site_without_language_has_no_spanish_interface(english: tuple[Path, str]) -> None:
    site, output = english
    pages = site_text(site)
    assert len([p for p in pages if p.endswith(".html")]) > 10 and "feed.xml" in pages
    spanish_only = foreign_phrases("en", "es")
    assert {path: hits for path, text in pages.items() if (hits := found_in(text, spanish_only))} == {}
    assert found_in(output, spanish_only) == []
    assert '<html lang="en">' in pages["index.html"] and "Skip to content" in pages["index.html"]
    assert output.count("site language: en (detected from 4 of 4 articles); set language in digest.toml") == 1
    # `digest check` counts pages and files as the build does, in the same words.
    built_counts = re.search(r"· pages (\d+) · files (\d+)", output)
    checked = re.search(r"No broken links in (\d+) pages \((\d+) files\) of site/", output)
    assert built_counts and checked and built_counts.groups() == checked.groups()
    assert int(built_counts.group(1)) == len([p for p in pages if p.endswith(".html")])


def test_a_spanish_site_without_language_has_no_english_interface(spanish: tuple[Path, str]) -> None:
    site, output = spanish
    pages = site_text(site)
    english_only = foreign_phrases("es", "en")
    assert {path: hits for path, text in pages.items() if (hits := found_in(text, english_only))} == {}
    # The commands' own messages are the tool's, in English on every site (`articles 4 · entities 4`);
    # what they print from the site is in its language (the related labels, below).
    assert '<html lang="es">' in pages["index.html"] and "Saltar al contenido" in pages["index.html"]
    assert "site language: es (detected from 4 of 4 articles)" in output


def test_related_labels_follow_the_site_language(english: tuple[Path, str], spanish: tuple[Path, str]) -> None:
    assert "(no related story)" in english[1] or "also mentions:" in english[1]
    assert "(sin noticias relacionadas)" in spanish[1] or "también menciona:" in spanish[1]


def test_the_config_decides_when_it_sets_language(tmp_path: Path) -> None:
    project = english_site(tmp_path)
    (project / "digest.toml").write_text(f'language = "es"\ntheme_dir = "{THEME}"\n', encoding="utf-8")
    done = digest(project, "build")
    assert done.returncode == 0, done.stderr
    assert "site language" not in done.stdout + done.stderr  # nothing to say: the config chose
    index = (project / "site/index.html").read_text(encoding="utf-8")
    assert '<html lang="es">' in index and "Saltar al contenido" in index
    # Each story keeps its own language (and spaCy model): the English text is marked as English.
    story = (project / "site/articles/business-001/index.html").read_text(encoding="utf-8")
    assert '<article class="story" lang="en"' in story


def test_majority_and_ties() -> None:
    assert site_language(SiteConfig(), ["es", "en", "es"]).code == "es"
    assert site_language(SiteConfig(), ["en", "es-MX", "es"]).code == "es"
    tie = site_language(SiteConfig(), ["es", "en"])
    assert tie.code == FALLBACK == "en" and tie.detected_from == 1 and tie.articles == 2
    assert site_language(SiteConfig(), []).code == FALLBACK
    assert "no articles" in (site_language(SiteConfig(), []).note or "")
    chosen = site_language(SiteConfig(language="es"), ["en", "en"])
    assert chosen.code == "es" and chosen.note is None
    config = SiteConfig()
    assert chosen.applied(config) is not config and chosen.applied(config).language == "es" and config.language == ""


STORIES = {
    "bridge.md": "---\ntitle: The bridge opens\ndate: 2024-05-02\n---\nThe mayor, Tom Hill, said on Monday that the "
                 "new bridge would open in May, after two years of work on the river crossing.\n",
    "school.md": "---\ntitle: A school for the valley\ndate: 2024-05-03\n---\nParents in the valley said they were "
                 "pleased that the council had approved the new school, which will open next year.\n",
}
ESCUELA = ("---\ntitle: Una escuela para el valle\ndate: 2024-05-04\n---\nLos padres del valle dijeron que estaban "
           "contentos de que el ayuntamiento haya aprobado la nueva escuela, que abrirá el año que viene.\n")


def test_the_preview_decides_the_language_as_the_build_does(tmp_path: Path, annotator) -> None:
    from generator.config import load_config
    from generator.pipeline.session import BuildSession

    project = make_site(tmp_path, STORIES, base_url="")
    session = BuildSession(load_config(project / "digest.toml"), annotator=annotator, cache=None)
    try:
        first = session.build()
        assert first.notes == ["site language: en (detected from 2 of 2 articles); set language in digest.toml "
                               "to choose"]
        index = (project / "site/index.html").read_text(encoding="utf-8")
        assert '<html lang="en">' in index and "Skip to content" in index
        (project / "content/articles/escuela.md").write_text(ESCUELA, encoding="utf-8")
        assert session.rebuild(["content"]).notes == []  # still English (2 of 3): nothing new to say
        for name in STORIES:
            (project / "content/articles" / name).unlink()
        flipped = session.rebuild(["content"])
        assert flipped.notes == ["site language: es (detected from 1 of 1 articles); set language in digest.toml "
                                 "to choose"]
        story = (project / "site/articles/escuela/index.html").read_text(encoding="utf-8")
        assert '<html lang="es">' in story and "Saltar al contenido" in story and "Skip to content" not in story
    finally:
        session.close()
