"""The project's exception family and the report that collects problems of a build."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)


class DigestError(Exception):
    """Base of every error the generator reports to its user."""


@dataclass
class Problem:
    """One problem found in one file: rendered as `path:line: message`."""

    path: Path | None
    message: str
    line: int | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{where}{self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class ContentError(DigestError):
    """A source file that cannot be read or parsed."""

    def __init__(self, path: Path | None, message: str, line: int | None = None, hint: str | None = None):
        self.problem = Problem(path, message, line, hint)
        super().__init__(str(self.problem))


class ConfigError(ContentError):
    """An invalid `digest.toml`."""


class TemplateError(ContentError):
    """A theme template that does not compile or render."""


class BuildFailed(DigestError):
    """The build found errors; the previous output was left untouched."""

    def __init__(self, errors: list[Problem]):
        self.errors = errors
        super().__init__(f"build failed with {len(errors)} error(s)")


@dataclass
class Report:
    """Collects errors and warnings of one build so that one bad file never hides the others."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def error(self, problem: Problem | ContentError) -> None:
        if isinstance(problem, ContentError):
            problem = problem.problem
        self.errors.append(problem)
        log.error("%s", problem)

    def warn(self, problem: Problem) -> None:
        self.warnings.append(problem)
        log.warning("%s", problem)

    def failures(self, strict: bool) -> list[Problem]:
        """What fails the build: its errors, and with `strict` its warnings too."""
        return self.errors + (self.warnings if strict else [])
