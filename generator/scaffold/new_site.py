"""`digest new PATH`: a site ready to build, with every setting written out and explained.

The folder gets `digest.toml` (title, description and language set, every other setting
commented out at its default), `content/articles/` with a short story (`example`: a few of one
story line), `content/glossary/` with a term, a commented `content/entities.toml`, a
`.gitignore` for the built site and the cache, and a README saying what to do next.

A new folder is written beside its place and renamed into it, so a failure leaves nothing.
With `force`, a folder that is not empty gets the files it lacks: a file already there is kept.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from ..files.atomic_file import replace_file
from ..config import _INTERNAL, DEFAULT_THEME_DIR, SiteConfig
from ..errors import ContentError
from .starter_content import STARTERS

CONFIG_FILE = "digest.toml"
#: Set in a new site's digest.toml; every other setting is written commented out.
ACTIVE = ("title", "description", "language")

#: What each setting does, as the comment above it in a new digest.toml (dotted names for tables).
SETTINGS: dict[str, str] = {
    "title": "The site's name, shown on every page.",
    "description": "A line under the title and in search results.",
    "language": "Interface language of the site: \"es\" or \"en\" (each story's own language is detected).",
    "base_url": "The public address, such as \"https://example.org/news/\". Needed for feeds, sitemap and\n"
                "canonical links only; links between pages are relative. `digest build --base-url` overrides it.",
    "content_dir": "Folders, relative to this file.",
    "output_dir": "Where `digest build` writes the site (replaced whole by each build).",
    "theme_dir": "Your own theme files: each template, static file or UI string in it wins over the built-in\n"
                 "theme's, the rest comes from the built-in theme. Not set: \"templates\" when that folder exists.\n"
                 "`digest theme export templates` copies the built-in theme there.",
    "cache_dir": "Annotations and indexes kept between builds (safe to delete).",
    "max_article_kb": "Larger article files are refused.",
    "strict": "Warnings fail the build (also `digest build --strict`).",
    "favicon": "The site's icon: an image file in the content or theme folder (default: the theme's).",
    "logo": "An image shown before the site's title: a file in the content or theme folder (default: none).",
    "page_size": "Stories per page of the front page, an entity's page and a thread; the entity, thread\n"
                 "and glossary indexes show a multiple of it.",
    "clean": "Extra boilerplate rules (regular expressions), added to the built-in ones.",
    "clean.line_patterns": "A whole line that matches is removed.",
    "clean.tail_patterns": "A matching line and everything after it are removed.",
    "entities": "People, organisations and places.",
    "entities.min_mentions_for_page": "Entities mentioned fewer times across the site are highlighted but get no page.",
    "markdown": "Markdown of articles and glossary entries.",
    "markdown.raw_html": "Keep HTML written in Markdown (sanitised: no scripts); false shows it as text.",
    "related": "Related coverage shown under each story.",
    "related.max": "Most related stories shown per story (0: none).",
    "related.threshold": "Least score (0 to 1) for a story to be shown as related.",
    "related.entity_weight": "Weight of shared names against similar text in the score (0 to 1).",
    "related.max_document_share": "A name found in more than this share of the stories relates nothing.",
    "threads": "Threads: the stories of one story line over time.",
    "threads.min_score": "Least related score of two stories of one thread (0 to 1).",
    "threads.window_days": "Most days between two linked stories of a thread.",
    "threads.max_span_days": "Most days between the first and the last story of a thread.",
    "cluster": "Annotation on a Dask cluster, for large archives (also `digest build --cluster`, DIGEST_CLUSTER).",
    "cluster.address": "\"tcp://HOST:8786\" (a running Dask scheduler) or \"local:N\" (N worker processes here);\n"
                       "empty: no cluster.",
    "cluster.batch_size": "Articles per task sent to a worker.",
    "cluster.retries": "Times a failed batch is tried again before its articles are tried one by one.",
    "publish": "Where `digest publish` puts the built site.",
    "publish.target": "A folder, or \"git+REPOSITORY\" (a path, URL or remote name such as \"git+origin\").",
    "publish.branch": "The branch a git+ target is committed to.",
    "publish.message": "Commit message of a git publish (default: the project's commit).",
}

#: The value shown for a setting that is not set by default (None), as an example of one.
EXAMPLES: dict[str, object] = {"theme_dir": DEFAULT_THEME_DIR}

GITIGNORE = "# What digest builds and caches; the sources are the rest.\n/site/\n/.site.*\n/.digest-cache/\n"


class FolderNotEmpty(ContentError):
    """`digest new` or `digest theme export` was pointed at a folder that holds files already."""


def new_site(path: Path, *, language: str = "en", title: str | None = None, example: bool = False,
             force: bool = False) -> list[str]:
    """Make a site in `path`; the files written (relative paths, sorted). Raises FolderNotEmpty (no `force`)
    and ContentError (a file in the way, an unwritable folder)."""
    files = site_files(language, title=title, example=example)
    return write_new_folder(path, files, force=force, what="a new site",
                            hint="choose a new or empty folder, or pass --force to add the files it lacks "
                                 "(files already there are kept)")


def site_files(language: str, *, title: str | None = None, example: bool = False) -> dict[str, str]:
    """A new site's files (relative path → text)."""
    starter = STARTERS[language]
    title = title or starter.title
    files = {CONFIG_FILE: config_text(title, starter.description, language),
             ".gitignore": GITIGNORE,
             "README.md": starter.readme.format(title=title),
             "content/entities.toml": starter.entities}
    stories = {**starter.story, **(starter.more_stories if example else {})}
    files |= {f"content/articles/{name}": text for name, text in stories.items()}
    files |= {f"content/glossary/{name}": text for name, text in starter.glossary.items()}
    return files


def config_text(title: str, description: str, language: str) -> str:
    """A digest.toml with every setting: the site's own set, every other commented out at its default."""
    chosen = {"title": title, "description": description, "language": language}
    lines = ["# The site's settings. A setting after # is left at the default shown: remove the # to change it.",
             "# Every setting is described in digest's README (\"Configuration\")."]
    lines += _settings(SiteConfig(), "", chosen)
    return "\n".join(lines) + "\n"


def _settings(config: Any, prefix: str, chosen: dict[str, str]) -> Iterator[str]:
    tables = []
    for item in fields(config):
        if item.name in _INTERNAL:
            continue
        name = f"{prefix}{item.name}"
        value = getattr(config, item.name)
        if is_dataclass(value):
            tables.append((name, value))
            continue
        yield ""
        yield from _comment(name)
        if name in chosen:
            yield f"{item.name} = {_toml(chosen[name])}"
        else:
            shown = EXAMPLES.get(name, "") if value is None else value
            yield f"# {item.name} = {_toml(shown)}"
    for name, table in tables:
        yield ""
        yield from _comment(name)
        yield f"[{name}]"  # an empty table is the defaults: uncommenting one setting below is enough
        yield from _settings(table, f"{name}.", chosen)


def _comment(name: str) -> Iterator[str]:
    for line in SETTINGS.get(name, "").splitlines():
        yield f"# {line}"


def _toml(value: Any) -> str:
    """A value as TOML (strings as JSON strings, which TOML reads the same)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, Path):
        return json.dumps(value.as_posix(), ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def write_new_folder(path: Path, files: dict[str, str | bytes], *, force: bool, what: str, hint: str,
                     overwrite: bool = False) -> list[str]:
    """Write `files` into `path`, a folder that is new or empty (or, with `force`, any folder).

    A new folder is made beside its place and renamed into it (an empty one gets the staged files
    moved in): a failure leaves nothing.
    With `force`, missing files are added one by one and a file already there is kept (`overwrite`:
    replaced); nothing else in the folder is touched. The files written, sorted."""
    if path.exists() and not path.is_dir():
        raise ContentError(path, f"is a file, not a folder for {what}", hint="choose another path")
    occupied = path.is_dir() and any(path.iterdir())
    if occupied and not force:
        raise FolderNotEmpty(path, f"folder is not empty; refusing to write {what} into it", hint=hint)
    try:
        if occupied:
            return _add_files(path, files, overwrite)
        _stage_and_rename(path, files)
    except OSError as err:
        raise ContentError(path, f"cannot write {what}: {err.strerror or err}",
                           hint="check that the folder's parent exists and can be written") from None
    return sorted(files)


def _add_files(path: Path, files: dict[str, str | bytes], overwrite: bool) -> list[str]:
    for name in files:  # checked before anything is written, so a refusal writes nothing
        for parent in list(Path(name).parents)[:-1]:
            if (path / parent).exists() and not (path / parent).is_dir():
                raise ContentError(path / parent, f"is a file where a folder goes ({name})",
                                   hint="move the file away, or choose another folder")
    written = []
    for name, content in sorted(files.items()):
        target = path / name
        if (target.exists() or target.is_symlink()) and not overwrite:
            continue
        if target.is_symlink() or (target.exists() and not target.is_file()):
            continue  # never replace a link or a folder the user put there
        replace_file(target, content.encode("utf-8") if isinstance(content, str) else content)
        written.append(name)
    return written


def _stage_and_rename(path: Path, files: dict[str, str | bytes]) -> None:
    path = path.resolve()  # `digest new .`: staged beside the folder, not inside it
    path.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    moved: list[Path] = []
    try:
        for name, content in files.items():
            target = stage / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        os.chmod(stage, 0o777 & ~_umask())
        if not path.is_dir():
            os.rename(stage, path)
            return
        # An empty folder stays (it may be a shell's working folder): the staged files move into it.
        for entry in sorted(stage.iterdir()):
            os.rename(entry, path / entry.name)
            moved.append(path / entry.name)
        stage.rmdir()
    except BaseException:
        for entry in moved:
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
        shutil.rmtree(stage, ignore_errors=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
