"""The site configuration (`digest.toml`): a typed schema, validated once, up front."""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, get_args, get_origin, get_type_hints
from urllib.parse import urlsplit

from .cluster.address import address_problem
from .errors import ConfigError, Problem


@dataclass(frozen=True)
class Range:
    """The values a number setting accepts (bounds included; None: unbounded)."""

    low: float | None = None
    high: float | None = None

    def __contains__(self, value: float) -> bool:
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)

    def __str__(self) -> str:
        if self.high is None:
            return f"at least {self.low:g}"
        if self.low is None:
            return f"at most {self.high:g}"
        return f"between {self.low:g} and {self.high:g}"


#: A share or a score: 0 to 1.
UNIT = Range(0, 1)
#: Marks a list of regular expressions, compiled when the config is read.
PATTERNS = "regular expressions"
#: Marks a language code (`es`, `en`, `pt-BR`); empty allowed where it means "decide it".
LANGUAGE_CODE = re.compile(r"^(?:[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)?$")
#: Marks a cluster address (see `generator.cluster.address`).
CLUSTER_ADDRESS = "a cluster address"


@dataclass
class CleanConfig:
    """Extra boilerplate rules, added to the built-in ones (see `generator.sources.clean`)."""

    line_patterns: Annotated[list[str], PATTERNS] = field(default_factory=list)
    """Regular expressions: a whole line that matches one is removed."""
    tail_patterns: Annotated[list[str], PATTERNS] = field(default_factory=list)
    """Regular expressions: a matching line and everything after it is removed."""


@dataclass
class EntitiesConfig:
    min_mentions_for_page: Annotated[int, Range(1)] = 2
    """An entity mentioned fewer times than this across the corpus gets no page."""


@dataclass
class MarkdownConfig:
    raw_html: bool = False
    """Keep HTML written in Markdown (sanitised: no scripts, event handlers or `javascript:` URLs); off: shown as text."""


@dataclass
class RelatedConfig:
    max: Annotated[int, Range(0, 100)] = 5
    """Most related stories shown per story (0: none)."""
    threshold: Annotated[float, UNIT] = 0.75
    """Stories scoring below this are never shown as related coverage (one story line scores about 0.75 or more)."""
    entity_weight: Annotated[float, UNIT] = 0.6
    """Exponent of the shared-names part in the score (a weighted geometric mean); the rest is text similarity."""
    max_document_share: Annotated[float, Range(0.001, 1)] = 0.4
    """Entities in more than this share of the stories are ignored for relatedness."""


@dataclass
class ThreadsConfig:
    """Story threads: strongly related stories close in time (see `generator.link.threads`)."""

    min_score: Annotated[float, UNIT] = 0.75
    """Least related score of two stories linked in a thread (both must show each other as related coverage)."""
    window_days: Annotated[int, Range(0, 36_500)] = 10
    """Most days between two linked stories of a thread."""
    max_span_days: Annotated[int, Range(0, 36_500)] = 45
    """Most days between the first and the last story of a thread."""


@dataclass
class PublishConfig:
    """Where `digest publish` puts the built site (see `generator.output.publish`)."""

    target: str = ""
    """A folder to mirror the site into, or `git+REPOSITORY` (path, URL or remote name) to commit it to `branch`."""
    branch: str = "gh-pages"
    message: str = ""
    """Commit message of a git publish; default: `Publish site` and the project's commit."""


@dataclass
class ClusterConfig:
    """Annotation on a Dask cluster (see `generator.cluster`); also `digest build --cluster` and DIGEST_CLUSTER."""

    address: Annotated[str, CLUSTER_ADDRESS] = ""
    """`tcp://HOST:8786` (a running Dask scheduler) or `local:N` (N worker processes here); empty: no cluster."""
    batch_size: Annotated[int, Range(1, 10_000)] = 24
    """Articles per task sent to a worker."""
    retries: Annotated[int, Range(0, 100)] = 2
    """Times a failed batch is tried again before its articles are tried one by one."""


@dataclass
class SiteConfig:
    title: str = "Digest"
    description: str = ""
    language: Annotated[str, LANGUAGE_CODE] = ""
    """The interface's language (`es`, `en`); empty: the language most articles are in (the build says which)."""
    base_url: str = ""
    content_dir: Path = Path("content")
    output_dir: Path = Path("site")
    theme_dir: Path | None = None
    """A folder of theme files that override the built-in theme file by file. Not set: `templates` beside
    the config file when that folder exists, else the built-in theme alone."""
    cache_dir: Path = Path(".digest-cache")
    """Where annotations are cached between builds (safe to delete)."""
    max_article_kb: Annotated[int, Range(1, 100_000)] = 1000
    """Articles larger than this are refused (the NLP stage's memory and time grow with length)."""
    strict: bool = False
    """Treat warnings as errors (also `digest build --strict`)."""
    page_size: Annotated[int, Range(1, 1000)] = 20
    """Most stories on one page of a list (front page, thread, entity); lists of names show several times as many."""
    favicon: str = ""
    """The site's icon: an image file in the content or theme folder (default: the theme's `static/favicon.svg`)."""
    logo: str = ""
    """An image shown before the site's title: a file in the content or theme folder (default: none)."""
    clean: CleanConfig = field(default_factory=CleanConfig)
    entities: EntitiesConfig = field(default_factory=EntitiesConfig)
    markdown: MarkdownConfig = field(default_factory=MarkdownConfig)
    related: RelatedConfig = field(default_factory=RelatedConfig)
    threads: ThreadsConfig = field(default_factory=ThreadsConfig)
    publish: PublishConfig = field(default_factory=PublishConfig)
    cluster: ClusterConfig = field(default_factory=ClusterConfig)
    root: Path = Path(".")
    """The folder the config file lives in; relative paths resolve against it."""
    config_path: Path | None = None
    builtin_theme_dir: Path | None = None
    """The built-in theme's folder (None: the one installed with digest; tests give a copy)."""

    def resolve(self, path: Path) -> Path:
        return path if path.is_absolute() else self.root / path

    @property
    def content_path(self) -> Path:
        return self.resolve(self.content_dir)

    @property
    def output_path(self) -> Path:
        return self.resolve(self.output_dir)

    @property
    def theme_path(self) -> Path:
        """The site's own theme folder, or the built-in theme's when `theme_dir` is not set."""
        return self.theme_folders[0]

    @property
    def theme_folders(self) -> tuple[Path, ...]:
        """Where theme files are looked up, first match wins: the site's `theme_dir`, then the built-in theme."""
        if self.builtin_theme_dir is not None:
            builtin = self.builtin_theme_dir
        else:
            from .builtin_theme import builtin_theme_path  # noqa: PLC0415 (config stays light)

            builtin = builtin_theme_path()
        own = self.resolve(self.theme_dir if self.theme_dir is not None else DEFAULT_THEME_DIR)
        if self.theme_dir is None and not own.is_dir():
            return (builtin,)
        return (own,) if own.resolve() == builtin.resolve() else (own, builtin)

    @property
    def cache_path(self) -> Path:
        return self.resolve(self.cache_dir)


#: The site's own theme folder when `theme_dir` is not set (and the folder exists).
DEFAULT_THEME_DIR = Path("templates")

_INTERNAL = {"root", "config_path", "builtin_theme_dir"}


def load_config(path: Path | None, *, output: Path | None = None, base_url: str | None = None) -> SiteConfig:
    """Read and validate a config file; a missing file (path None) gives the defaults.

    `output` and `base_url` are the command line's overrides; the folders are checked against each
    other (an output folder never holds or lies inside the sources, the theme or the cache).
    """
    if path is None:
        config = SiteConfig()
    else:
        text = _read(path)
        try:
            raw = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            line = _toml_line(str(err))
            raise ConfigError(path, f"invalid TOML: {err}", line=line) from None
        problems: list[_Found] = []
        config = _build(SiteConfig, raw, path, "", problems)
        if problems:
            lines = text.splitlines()
            for problem in problems:
                problem.line = _setting_line(lines, problem.key)
            first, rest = problems[0], problems[1:]
            raise ConfigError(path, first.message + "".join(f"\n{p}" for p in rest), line=first.line,
                              hint=first.hint)
        config.root = path.parent
        config.config_path = path
    if output is not None:
        config.output_dir = output.resolve()
    if base_url is not None:
        config.base_url = base_url
    _check_base_url(config, "--base-url" if base_url is not None else None)
    _check_paths(config)
    return config


def _read(path: Path) -> str:
    """The config file's text; a missing, unreadable or special file is a ConfigError."""
    from .files.regular_files import read_regular  # noqa: PLC0415 (config is imported by everything; keep it light)

    try:
        data = read_regular(path)
    except FileNotFoundError:
        raise ConfigError(path, "config file not found", hint="create it or pass --config") from None
    except IsADirectoryError:
        raise ConfigError(path, "is a folder, not a config file", hint="pass the digest.toml file with --config") from None
    except OSError as err:
        raise ConfigError(path, f"cannot read the config file: {err.strerror or err}",
                          hint="check that it is a readable file") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = 1 + data.count(b"\n", 0, err.start)
        raise ConfigError(path, "not valid UTF-8", line=line, hint="save the file as UTF-8") from None


class _Found(Problem):
    """A problem in the config, with the dotted name of the setting it is about (to find its line)."""

    def __init__(self, path: Path, message: str, key: str, hint: str | None = None) -> None:
        super().__init__(path, message, hint=hint)
        self.key = key


def _build(cls: type, raw: dict[str, Any], path: Path, prefix: str, problems: list[_Found]) -> Any:
    hints = get_type_hints(cls, include_extras=True)
    known = {f.name for f in fields(cls)} - _INTERNAL
    values: dict[str, Any] = {}
    for key, value in raw.items():
        name = f"{prefix}{key}"
        if key not in known:
            guess = difflib.get_close_matches(key, sorted(known), n=1)
            hint = f"; did you mean '{prefix}{guess[0]}'?" if guess else f"; known keys: {', '.join(sorted(known))}"
            problems.append(_Found(path, f"unknown key '{name}'{hint}", name))
            continue
        expected, checks = _unwrap(hints[key])
        if isinstance(expected, type) and hasattr(expected, "__dataclass_fields__"):
            if not isinstance(value, dict):
                problems.append(_Found(path, f"'{name}' must be a table ([{name}])", name))
                continue
            values[key] = _build(expected, value, path, f"{name}.", problems)
            continue
        converted = _convert(value, expected)
        if converted is None:
            problems.append(_Found(path, f"'{name}' must be {_describe(expected)}, not {type(value).__name__}", name))
            continue
        problem = _check_value(converted, checks, name)
        if problem is not None:
            problems.append(_Found(path, problem, name))
            continue
        values[key] = converted
    return cls(**values)


def _unwrap(hint: Any) -> tuple[Any, tuple[Any, ...]]:
    """The type of a setting and the checks its `Annotated` hint adds (`X | None`: X; TOML has no null)."""
    if isinstance(hint, UnionType) and type(None) in get_args(hint):
        hint = next(arg for arg in get_args(hint) if arg is not type(None))
    if get_origin(hint) is Annotated:
        base, *checks = get_args(hint)
        return base, tuple(checks)
    return hint, ()


def _check_value(value: Any, checks: tuple[Any, ...], name: str) -> str | None:
    """What is wrong with a setting's value of the right type, or None."""
    if isinstance(value, Path) and "\x00" in str(value):
        return f"'{name}' must not hold a NUL character"
    for check in checks:
        if isinstance(check, Range) and value not in check:
            return f"'{name}' must be {check}, not {value:g}"
        if check is LANGUAGE_CODE and not check.match(value):
            return f"'{name}' must be a language code such as \"en\" or \"es\", not {value!r}"
        if check is CLUSTER_ADDRESS and (problem := address_problem(value)):
            return f"'{name}': {problem}"
        if check is PATTERNS:
            for pattern in value:
                try:
                    re.compile(pattern)
                except re.error as err:
                    return f"'{name}': {pattern!r} is not a valid regular expression ({err})"
    return None

def _convert(value: Any, expected: Any) -> Any:
    if expected is Path:
        return Path(value) if isinstance(value, str) else None
    if expected is float:
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    if expected is int:
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    if expected is bool:
        return value if isinstance(value, bool) else None
    if expected is str:
        return value if isinstance(value, str) else None
    if getattr(expected, "__origin__", None) is list:
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(value)
        return None
    return value


def _describe(expected: Any) -> str:
    if expected is Path or expected is str:
        return "a string"
    if expected is int:
        return "an integer"
    if expected is float:
        return "a number"
    if expected is bool:
        return "true or false"
    return "a list of strings"


def _toml_line(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\s\"'-]+?)\s*\]\s*(?:#.*)?$")
_KEY_PART = r"(?:[A-Za-z0-9_-]+|\"[^\"\n]*\"|'[^'\n]*')"
_ASSIGN = re.compile(rf"^\s*({_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*=")


def _key_path(text: str) -> str:
    """A TOML key as dotted names without quotes or spaces (`"a" . b` -> `a.b`)."""
    parts = re.findall(_KEY_PART, text)
    return ".".join(part.strip("\"'") for part in parts)


def _setting_line(lines: list[str], dotted: str) -> int | None:
    """The 1-based line where the setting `dotted` (`related.max`) or its table is written, if found.

    tomllib keeps no positions, so the key is looked for in the text: under its `[table]` header,
    as a dotted key (`related.max = 5`) or inside an inline table (`related = {max = 5}`, its line).
    """
    current = ""
    for number, line in enumerate(lines, 1):
        header = _TABLE.match(line)
        if header:
            current = _key_path(header.group(1))
            if current == dotted or current.startswith(f"{dotted}."):
                return number
            continue
        assign = _ASSIGN.match(line)
        if assign is None:
            continue
        full = f"{current}.{_key_path(assign.group(1))}" if current else _key_path(assign.group(1))
        if full == dotted or dotted.startswith(f"{full}.") or full.startswith(f"{dotted}."):
            return number
    return None


def setting_line(config: SiteConfig, dotted: str) -> int | None:
    """The line of the config file where the setting `dotted` is written, if it is (for `path:line` messages)."""
    where = config.config_path
    if where is None or not where.is_file():
        return None
    return _setting_line(where.read_text(encoding="utf-8", errors="replace").splitlines(), dotted)


def _check_base_url(config: SiteConfig, option: str | None) -> None:
    """`base_url` is empty or an absolute http(s) address (it makes the feeds' and sitemap's addresses).

    `option`: the command-line option that gave it, if it did not come from the config file."""
    base = config.base_url.strip()
    if not base:
        return
    try:
        parts = urlsplit(base)
        valid = parts.scheme in ("http", "https") and bool(parts.hostname) and not parts.query and not parts.fragment
        parts.port  # noqa: B018 (a port that is not a number raises here)
    except ValueError:
        valid = False
    if not valid or any(ord(c) < 32 or c.isspace() for c in base):
        where = config.config_path if option is None else None
        line = _setting_line(where.read_text(encoding="utf-8", errors="replace").splitlines(), "base_url") \
            if where is not None and where.is_file() else None
        raise ConfigError(where, f"{option or 'base_url'} {base!r} is not an absolute http(s) address", line=line,
                          hint="write it as https://example.org/ or https://example.org/sub/path/")


def _check_paths(config: SiteConfig) -> None:
    """The output folder never is, holds or lies inside a folder the build reads or keeps (nor the project)."""
    output = config.output_path.resolve()
    where = config.config_path
    root = config.root.resolve()
    if output == root or output in root.parents:
        raise ConfigError(where, f"output folder {_shown(output)} contains the project",
                          hint="building replaces the whole output folder; choose an output_dir inside or beside "
                               "the project, such as 'site'")
    themes = config.theme_folders
    if config.theme_dir is None and len(themes) == 1:  # where the site's own theme goes once made
        themes = (config.resolve(DEFAULT_THEME_DIR), *themes)
    folders = (("content folder", config.content_path, "delete your sources"),
               *(("theme folder" if n < len(themes) - 1 else "built-in theme folder",
                  theme, "delete your theme") for n, theme in enumerate(themes)),
               ("cache folder", config.cache_path, "delete the cache and publish it"))
    for label, folder, harm in folders:
        folder = folder.resolve()
        if output == folder or output.is_relative_to(folder) or folder.is_relative_to(output):
            relation = ("is" if output == folder else "is inside" if output.is_relative_to(folder) else "contains")
            raise ConfigError(where, f"output folder {_shown(output)} {relation} the {label} {_shown(folder)}",
                              hint=f"a build replaces its whole output folder and would {harm}; choose another "
                                   f"output_dir or --out, such as 'site'")
    if config.config_path is not None and config.config_path.resolve().is_relative_to(output):
        relation = "is" if config.config_path.resolve() == output else "contains"
        raise ConfigError(where, f"output folder {_shown(output)} {relation} the config file",
                          hint="choose another output_dir or --out, such as 'site'")


def _shown(path: Path) -> str:
    """A path as the user knows it: relative to the working folder when inside it."""
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return str(path)
