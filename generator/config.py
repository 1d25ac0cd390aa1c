"""The site configuration (`digest.toml`): a typed schema, validated once, up front."""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, get_type_hints

from .errors import ConfigError, Problem


@dataclass
class CleanConfig:
    """Extra boilerplate rules, added to the built-in ones (see `generator.clean`)."""

    line_patterns: list[str] = field(default_factory=list)
    """Regular expressions: a whole line that matches one is removed."""
    tail_patterns: list[str] = field(default_factory=list)
    """Regular expressions: a matching line and everything after it is removed."""


@dataclass
class EntitiesConfig:
    min_mentions_for_page: int = 2
    """An entity mentioned fewer times than this across the corpus gets no page."""


@dataclass
class MarkdownConfig:
    raw_html: bool = False
    """Keep HTML written in Markdown (sanitised: no scripts, event handlers or `javascript:` URLs); off: shown as text."""


@dataclass
class RelatedConfig:
    max: int = 5
    """Most related stories shown per story."""
    threshold: float = 0.4
    """Stories scoring below this are never shown as related."""
    entity_weight: float = 0.6
    """Exponent of the shared-names part in the score (a weighted geometric mean); the rest is text similarity."""
    max_document_share: float = 0.4
    """Entities in more than this share of the stories are ignored for relatedness."""


@dataclass
class ThreadsConfig:
    """Story threads: strongly related stories close in time (see `generator.link.threads`)."""

    min_score: float = 0.7
    """Least related score for two stories to be part of one developing event."""
    window_days: int = 10
    """Most days between two linked stories of a thread."""
    max_span_days: int = 45
    """Most days between the first and the last story of a thread."""


@dataclass
class PublishConfig:
    """Where `digest publish` puts the built site (see `generator.publish`)."""

    target: str = ""
    """A folder to mirror the site into, or `git+REPOSITORY` (path, URL or remote name) to commit it to `branch`."""
    branch: str = "gh-pages"
    message: str = ""
    """Commit message of a git publish; default: `Publish site` and the project's commit."""


@dataclass
class SiteConfig:
    title: str = "Digest"
    description: str = ""
    language: str = "es"
    base_url: str = ""
    content_dir: Path = Path("content")
    output_dir: Path = Path("site")
    theme_dir: Path = Path("templates")
    cache_dir: Path = Path(".digest-cache")
    """Where annotations are cached between builds (safe to delete)."""
    max_article_kb: int = 1000
    """Articles larger than this are refused (the NLP stage's memory and time grow with length)."""
    strict: bool = False
    """Treat warnings as errors (also `digest build --strict`)."""
    clean: CleanConfig = field(default_factory=CleanConfig)
    entities: EntitiesConfig = field(default_factory=EntitiesConfig)
    markdown: MarkdownConfig = field(default_factory=MarkdownConfig)
    related: RelatedConfig = field(default_factory=RelatedConfig)
    threads: ThreadsConfig = field(default_factory=ThreadsConfig)
    publish: PublishConfig = field(default_factory=PublishConfig)
    root: Path = Path(".")
    """The folder the config file lives in; relative paths resolve against it."""
    config_path: Path | None = None

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
        return self.resolve(self.theme_dir)

    @property
    def cache_path(self) -> Path:
        return self.resolve(self.cache_dir)


_INTERNAL = {"root", "config_path"}


def load_config(path: Path | None, *, output: Path | None = None) -> SiteConfig:
    """Read and validate a config file; a missing file (path None) gives the defaults."""
    if path is None:
        config = SiteConfig()
    else:
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(path, "config file not found", hint="create it or pass --config") from None
        except tomllib.TOMLDecodeError as err:
            line = _toml_line(str(err))
            raise ConfigError(path, f"invalid TOML: {err}", line=line) from None
        problems: list[Problem] = []
        config = _build(SiteConfig, raw, path, "", problems)
        if problems:
            raise ConfigError(path, "; ".join(p.message for p in problems))
        config.root = path.parent
        config.config_path = path
    if output is not None:
        config.output_dir = output.resolve()
    _check_paths(config)
    return config


def _build(cls: type, raw: dict[str, Any], path: Path, prefix: str, problems: list[Problem]) -> Any:
    hints = get_type_hints(cls)
    known = {f.name for f in fields(cls)} - _INTERNAL
    values: dict[str, Any] = {}
    for key, value in raw.items():
        name = f"{prefix}{key}"
        if key not in known:
            guess = difflib.get_close_matches(key, sorted(known), n=1)
            hint = f"; did you mean '{prefix}{guess[0]}'?" if guess else f"; known keys: {', '.join(sorted(known))}"
            problems.append(Problem(path, f"unknown key '{name}'{hint}"))
            continue
        expected = hints[key]
        if isinstance(expected, type) and hasattr(expected, "__dataclass_fields__"):
            if not isinstance(value, dict):
                problems.append(Problem(path, f"'{name}' must be a table ([{name}])"))
                continue
            values[key] = _build(expected, value, path, f"{name}.", problems)
        else:
            converted = _convert(value, expected)
            if converted is None:
                problems.append(Problem(path, f"'{name}' must be {_describe(expected)}, not {type(value).__name__}"))
                continue
            values[key] = converted
    return cls(**values)


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


def _check_paths(config: SiteConfig) -> None:
    content = config.content_path.resolve()
    output = config.output_path.resolve()
    where = config.config_path
    if output == config.root.resolve() or output in config.root.resolve().parents:
        raise ConfigError(where, f"output folder {output} contains the project",
                          hint="choose an output_dir inside or beside the project, such as 'site'")
    if output == content or content.is_relative_to(output):
        raise ConfigError(where, f"output folder {output} contains the content folder {content}",
                          hint="building would delete your sources; choose another output_dir")
