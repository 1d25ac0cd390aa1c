"""Stage 1: read `content/` into typed Articles and GlossaryEntries.

A file that cannot be read or parsed is reported as `path:line: what is wrong` and
skipped, so one bad file never hides the others.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import ContentError, Problem, Report
from .frontmatter import SourceText, split_front_matter
from .language import detect_language
from .known_entities import load_known_entities
from ..model import Article, GlossaryEntry, KnownEntity
from ..files.regular_files import NotRegularFile, read_regular, special_kind
from ..slugs import slugify

log = logging.getLogger(__name__)

ARTICLE_KEYS = {"title", "date", "lang", "source", "source_url", "author", "tags", "slug", "draft",
                "license", "attribution"}
GLOSSARY_KEYS = {"term", "aliases", "slug"}
ARTICLE_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".txt": "text"}


@dataclass
class Content:
    """Everything read from the content folder."""

    articles: list[Article] = field(default_factory=list)
    glossary: list[GlossaryEntry] = field(default_factory=list)
    known_entities: list[KnownEntity] = field(default_factory=list)
    """Authored in `content/entities.toml` (optional)."""


DEFAULT_MAX_BYTES = 1_000_000


class ReadArticles:
    """The articles read by the earlier builds of a preview session, reused while their file is unchanged."""

    def __init__(self) -> None:
        self._read: dict[Path, tuple[tuple[int, ...], Article, list[Problem]]] = {}

    def read(self, path: Path, report: Report, max_bytes: int | None) -> Article:
        """`read_article`, or a copy of what it gave for the same file (its warnings reported again)."""
        try:
            stat = path.stat()
        except OSError:
            return read_article(path, report, max_bytes=max_bytes)
        # A save changes the modification or change time (ns) or, saved by renaming, the inode;
        # the date is part of it for the warning about dates in the future.
        key = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, dt.date.today().toordinal(),
               max_bytes or 0)
        kept = self._read.get(path)
        if kept is None or kept[0] != key:
            found = Report()
            article = read_article(path, found, max_bytes=max_bytes)
            kept = self._read[path] = (key, article, found.warnings)
        for problem in kept[2]:
            report.warn(problem)
        return dataclasses.replace(kept[1], tags=list(kept[1].tags))

    def keep_only(self, paths: set[Path]) -> None:
        """Forget the files no longer there (a long session does not grow)."""
        self._read = {path: kept for path, kept in self._read.items() if path in paths}


def load_content(content_dir: Path, report: Report, *, include_drafts: bool = False,
                 max_bytes: int = DEFAULT_MAX_BYTES, read: ReadArticles | None = None) -> Content:
    """Read every article under `articles/` and every term under `glossary/`.

    `read`: the articles read by earlier builds of a preview session, to reuse.
    """
    content = Content()
    if not content_dir.is_dir():
        what = "is not a folder" if content_dir.exists() else "not found"
        report.error(Problem(content_dir, f"content folder {what}",
                             hint="create it, or set content_dir in digest.toml to the folder that holds articles/"))
        return content
    articles_dir = content_dir / "articles"
    if not articles_dir.is_dir():
        report.warn(Problem(articles_dir, "no articles folder", hint="put article files in content/articles/"))
    else:
        paths = source_files(articles_dir, content_dir, report)
        held = _Held()
        for path in paths:
            try:
                article = (read.read(path, held, max_bytes) if read is not None
                           else read_article(path, held, max_bytes=max_bytes))
            except ContentError as err:
                report.error(err)
                continue
            finally:
                held.pass_on(report)
            if article.draft and not include_drafts:
                log.info("%s: draft, skipped", path)
                continue
            content.articles.append(article)
        held.summarise(report, articles_dir)
        if read is not None:
            read.keep_only(set(paths))
        if not paths:
            report.warn(Problem(articles_dir, "no articles: the site has none",
                                hint=f"put article files ({', '.join(sorted(ARTICLE_SUFFIXES))}) in it"))
    _check_unique_slugs(content.articles, report)
    glossary_dir = content_dir / "glossary"
    if glossary_dir.is_dir():
        for path in source_files(glossary_dir, content_dir, report, suffixes={".md"}):
            try:
                entry = read_glossary_entry(path, report)
            except ContentError as err:
                report.error(err)
                continue
            if entry is not None:
                content.glossary.append(entry)
    _check_unique_terms(content.glossary, report)
    entities_file = content_dir / "entities.toml"
    if entities_file.is_symlink() and (problem := link_problem(entities_file, content_dir.resolve())) is not None:
        report.error(problem)
    else:
        content.known_entities = load_known_entities(entities_file, report)
    return content


#: How a warning about a `.txt` title taken from the first line begins (many are reported as one).
FIRST_LINE_TITLE = "no `title`: the first line is the title"
#: Such warnings shown one by one; more are counted in one warning.
FIRST_LINE_SHOWN = 3


class _Held(Report):
    """Passes warnings on, holding back those about `.txt` titles beyond the first few (a corpus of
    plain-text files would print one per file) to report them as one."""

    def __init__(self) -> None:
        super().__init__()
        self.first_line: list[Problem] = []

    def warn(self, problem: Problem) -> None:
        if problem.message.startswith(FIRST_LINE_TITLE):
            self.first_line.append(problem)
            if len(self.first_line) > FIRST_LINE_SHOWN:
                return
        self.warnings.append(problem)

    def error(self, problem: Problem | ContentError) -> None:
        self.errors.append(problem.problem if isinstance(problem, ContentError) else problem)

    def pass_on(self, report: Report) -> None:
        """Report what was held, but the `.txt` titles beyond the first few."""
        for problem in self.warnings:
            report.warn(problem)
        for problem in self.errors:
            report.error(problem)
        self.warnings.clear()
        self.errors.clear()

    def summarise(self, report: Report, folder: Path) -> None:
        more = len(self.first_line) - FIRST_LINE_SHOWN
        if more > 0:
            report.warn(Problem(folder, f"{more} more .txt file(s) have no `title`: the first line of each is its title",
                                hint="the rule for .txt files; add `title:` in front matter to choose another"))


def source_files(folder: Path, content_dir: Path, report: Report, suffixes: set[str] | None = None) -> list[Path]:
    """The source files under `folder`, sorted; symbolic links that lead out of `content_dir` are refused.

    Linked folders are not descended into, so a link loop cannot make the walk endless; named pipes,
    sockets and devices are skipped with a warning (reading a pipe would wait forever).
    """
    root = content_dir.resolve()
    wanted = suffixes or set(ARTICLE_SUFFIXES)
    found: list[Path] = []
    for directory, subdirs, files in os.walk(folder):
        for name in subdirs:
            if (Path(directory) / name).is_symlink():
                report.warn(Problem(Path(directory) / name, "a symbolic link to a folder; its files are not read",
                                    hint="move or copy the folder into the content folder"))
        for name in files:
            path = Path(directory) / name
            if path.suffix.lower() not in wanted:
                continue
            if path.is_symlink() and (problem := link_problem(path, root)) is not None:
                report.error(problem)
                continue
            if path.is_file():
                found.append(path)
            elif (kind := special_kind(path)) is not None:
                report.warn(Problem(path, f"{kind}, not a regular file; skipped",
                                    hint="remove it from the content folder"))
    return sorted(found)


def link_problem(path: Path, root: Path) -> Problem | None:
    """Why the symbolic link `path` may not be read as a source under `root` (broken, looping, leads out); None if it may."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return Problem(path, "broken or looping symbolic link", hint="remove it or fix its target")
    if not target.is_relative_to(root):
        return Problem(path, f"symbolic link to {target}, outside the content folder; refused",
                       hint="copy the file into content/ instead")
    return None


def read_text(path: Path, report: Report, *, max_bytes: int | None = None) -> str:
    """Decode a source file: UTF-8 (with or without BOM), else Latin-1 with a warning."""
    try:
        data = read_regular(path, max_bytes)
    except NotRegularFile as err:
        raise ContentError(path, f"{err.kind}, not a regular file", hint="only regular files can be read") from None
    except OSError as err:
        raise ContentError(path, f"cannot read file: {err.strerror or err}",
                           hint="check the file's permissions") from None
    if max_bytes is not None and len(data) > max_bytes:
        size = path.stat().st_size if path.exists() else len(data)
        raise ContentError(path, f"file is {size / 1e6:.1f} MB, over the limit of {max_bytes / 1e6:.1f} MB",
                           hint="split the article, or raise `max_article_kb` in digest.toml")
    if b"\x00" in data[:8192]:
        raise ContentError(path, "binary file, not text", hint="remove it from content/ or save it as UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = 1 + data.count(b"\n", 0, err.start)
        report.warn(Problem(path, "not valid UTF-8; read as Latin-1", line=line, hint="save the file as UTF-8"))
        text = data.decode("latin-1")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_article(path: Path, report: Report | None = None, *, max_bytes: int | None = None) -> Article:
    """Parse one article file (`.md` Markdown or `.txt` plain text, both with optional front matter).

    `report` None: its warnings are not shown (a tool reading a known corpus, such as `digest eval`)."""
    report = report if report is not None else _Held()
    source = split_front_matter(read_text(path, report, max_bytes=max_bytes), path)
    meta = source.meta
    _warn_unknown_keys(path, source, ARTICLE_KEYS, report)
    body, body_line = source.body, source.body_line
    title = _optional_str(meta, "title", path, source)
    if not title:
        title, body, body_line = _title_from_text(path, source, report)
    if not body.strip():
        raise ContentError(path, "article has no text", line=body_line, hint="write the story below the front matter")
    lang = _optional_str(meta, "lang", path, source)
    lang = lang.split("-")[0].lower() if lang else detect_language(f"{title}\n{body}")
    slug_source = _optional_str(meta, "slug", path, source) or path.stem
    return Article(
        path=path,
        slug=slugify(slug_source, fallback="article"),
        title=title,
        lang=lang,
        body=body,
        body_line=body_line,
        format=ARTICLE_SUFFIXES[path.suffix.lower()],  # type: ignore[arg-type]
        date=_date(meta, path, source, report),
        source=_optional_str(meta, "source", path, source),
        source_url=_url(meta, "source_url", path, source, report),
        author=_optional_str(meta, "author", path, source),
        license=_optional_str(meta, "license", path, source),
        attribution=_optional_str(meta, "attribution", path, source),
        tags=_string_list(meta, "tags", path, source),
        draft=bool(meta.get("draft", False)),
    )


def read_glossary_entry(path: Path, report: Report) -> GlossaryEntry | None:
    """Parse one glossary file: `term`, optional `aliases`, body = the definition in Markdown."""
    source = split_front_matter(read_text(path, report), path)
    _warn_unknown_keys(path, source, GLOSSARY_KEYS, report)
    term = _optional_str(source.meta, "term", path, source)
    if not term:
        raise ContentError(path, "glossary entry has no `term`", line=1, hint="add `term: Name` to its front matter")
    definition = source.body.strip()
    if not definition:
        report.warn(Problem(path, f"glossary term {term!r} has an empty definition; skipped", line=source.body_line,
                            hint="write the definition below the front matter"))
        return None
    slug = slugify(_optional_str(source.meta, "slug", path, source) or term, fallback="term")
    aliases = _string_list(source.meta, "aliases", path, source)
    return GlossaryEntry(path=path, term=term, definition=definition, aliases=aliases, slug=slug)


def _title_from_text(path: Path, source: SourceText, report: Report) -> tuple[str, str, int]:
    """The title of an article without `title:`, with its text and the text's first line.

    Markdown: a first line `# Headline` is the title; without one, an error that says how to give one.
    Plain text: the first non-empty line is the title (warned about, naming the file); a story of one
    paragraph keeps it as its text, and its first sentence is the title.
    """
    body, body_line = source.body, source.body_line
    lines = body.split("\n")
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise ContentError(path, "article has no title and no text", line=body_line,
                           hint="add a `title:` and some text")
    line = lines[first].strip()
    rest = "\n".join(lines[first + 1 :])
    if ARTICLE_SUFFIXES[path.suffix.lower()] == "markdown":
        heading = re.match(r"#(?!#)\s*(.*?)\s*#*$", line)
        if heading is None or not heading.group(1):
            raise ContentError(path, "article has no title", line=body_line if not source.meta_text else 2,
                               hint="add `title: The headline` to the front matter (a block between two `---` lines "
                                    "at the top), or start the text with a line `# The headline`")
        return heading.group(1), rest, body_line + first + 1
    if rest.strip():
        report.warn(Problem(path, f"{FIRST_LINE_TITLE}: {truncate_title(line)!r}",
                            line=body_line + first,
                            hint="add `title:` in front matter to choose another (the rule for .txt files)"))
        return line, rest, body_line + first + 1
    title = truncate_title(_first_sentence(line))
    report.warn(Problem(path, f"no `title` and one paragraph: its first sentence is the title: {title!r}",
                        line=body_line + first, hint="add `title:` in front matter to choose another"))
    return title, body, body_line


#: A title taken from the text is cut at this many characters.
TITLE_CHARS = 120


def truncate_title(text: str) -> str:
    """`text` cut at a word to at most TITLE_CHARS characters (with `…` when cut)."""
    if len(text) <= TITLE_CHARS:
        return text
    return text[: TITLE_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?…])(?:\s|$)", text)
    return match.group(1) if match else text


def _optional_str(meta: dict[str, Any], key: str, path: Path, source: SourceText) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ContentError(path, f"`{key}` must be text, not {type(value).__name__}", line=source.key_line(key),
                           hint="quote the value")
    return value.strip() or None


def _url(meta: dict[str, Any], key: str, path: Path, source: SourceText, report: Report) -> str | None:
    """An address from the front matter; one that cannot be parsed is warned about and left out."""
    value = _optional_str(meta, key, path, source)
    if value is None:
        return None
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (a port that is not a number raises here)
    except ValueError as err:
        report.warn(Problem(path, f"`{key}` {value!r} is not a valid address ({err}); left out",
                            line=source.key_line(key), hint="write a full address such as https://example.org/story"))
        return None
    if any(ord(c) < 32 for c in value):
        report.warn(Problem(path, f"`{key}` holds control characters; left out", line=source.key_line(key),
                            hint="write a full address such as https://example.org/story"))
        return None
    return value


def _string_list(meta: dict[str, Any], key: str, path: Path, source: SourceText) -> list[str]:
    value = meta.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return [str(v).strip() for v in value if str(v).strip()]
    raise ContentError(path, f"`{key}` must be a list of text", line=source.key_line(key),
                       hint=f"write it as `{key}: [one, two]`")


def _date(meta: dict[str, Any], path: Path, source: SourceText, report: Report) -> dt.date | None:
    value = meta.get("date")
    if value is None:
        return None
    day: dt.date | None = None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, str):
        try:
            day = dt.datetime.fromisoformat(value.strip()).date()
        except ValueError:
            pass
    if day is None:
        raise ContentError(path, f"invalid date {value!r}", line=source.key_line("date"),
                           hint="write a real date as YYYY-MM-DD")
    if day > dt.date.today():
        report.warn(Problem(path, f"date {day.isoformat()} is in the future", line=source.key_line("date"),
                            hint="check the year; the story is listed as if published then"))
    return day


def _warn_unknown_keys(path: Path, source: SourceText, known: set[str], report: Report) -> None:
    for key in source.meta:
        if str(key) in known:
            continue
        guess = difflib.get_close_matches(str(key), sorted(known), n=1)
        hint = f"did you mean `{guess[0]}`?" if guess else f"known keys: {', '.join(sorted(known))}"
        report.warn(Problem(path, f"unknown front matter key `{key}`", line=source.key_line(str(key)), hint=hint))


def _check_unique_slugs(articles: list[Article], report: Report) -> None:
    seen: dict[str, Article] = {}
    keep: list[Article] = []
    for article in articles:
        other = seen.get(article.slug)
        if other is not None:
            report.error(Problem(article.path, f"slug {article.slug!r} is also used by {other.path}",
                                 hint="give one of them another `slug:` or file name"))
            continue
        seen[article.slug] = article
        keep.append(article)
    articles[:] = keep


def _check_unique_terms(entries: list[GlossaryEntry], report: Report) -> None:
    seen: dict[str, GlossaryEntry] = {}
    keep: list[GlossaryEntry] = []
    for entry in entries:
        key = entry.term.casefold()
        other = seen.get(key) or seen.get(entry.slug)
        if other is not None:
            report.error(Problem(entry.path, f"glossary term {entry.term!r} is also defined in {other.path}",
                                 hint="keep one definition and add the other spelling to its `aliases`"))
            continue
        seen[key] = seen[entry.slug] = entry
        keep.append(entry)
    entries[:] = keep
