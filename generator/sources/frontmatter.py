"""Split a source file into its YAML front matter and body, keeping line numbers.

Front-matter libraries strip the text and lose where the body starts, which
`path:line` messages need, so the split is done here and the YAML by PyYAML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import ContentError

_BOUNDARY = re.compile(r"^---[ \t]*$", re.MULTILINE)


# libyaml's parser where PyYAML was built with it: the same documents, errors and marks, several times faster.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):  # type: ignore[misc, valid-type]
    """Safe YAML that leaves dates as text, so a bad date is reported with its line, not as a crash."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class SourceText:
    """A file's front matter (a mapping) and body, with the line where each starts."""

    meta: dict[str, Any]
    meta_text: str
    body: str
    body_line: int

    def key_line(self, key: str) -> int | None:
        """The file line where `key:` is set in the front matter, if it is."""
        match = re.search(rf"^{re.escape(key)}\s*:", self.meta_text, re.MULTILINE)
        if match is None:
            return None
        return 2 + self.meta_text.count("\n", 0, match.start())


def split_front_matter(text: str, path: Path) -> SourceText:
    """Parse `---` YAML `---` at the top of `text`; a file without one has empty `meta`."""
    if not text.startswith("---"):
        return SourceText({}, "", text, 1)
    first = _BOUNDARY.match(text)
    if first is None:
        return SourceText({}, "", text, 1)
    closing = _BOUNDARY.search(text, first.end())
    if closing is None:
        raise ContentError(path, "front matter is not closed", line=1,
                           hint="end the YAML block with a line of three dashes: ---")
    meta_text = text[first.end() + 1 : closing.start()]
    try:
        meta = yaml.load(meta_text, Loader=_Loader) if meta_text.strip() else {}
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        last_line = 1 + meta_text.count("\n")
        line = min(2 + mark.line, last_line) if mark is not None else 2
        reason = err.problem or "invalid YAML"
        if err.context_mark is not None and mark is not None and err.context_mark.line != mark.line:
            reason = f"{reason} ({err.context} on line {2 + err.context_mark.line})"
        raise ContentError(path, f"invalid YAML in front matter: {reason}", line=line,
                           hint="check quoting and indentation") from None
    except yaml.YAMLError as err:
        raise ContentError(path, f"invalid YAML in front matter: {err}", line=2) from None
    if not isinstance(meta, dict):
        raise ContentError(path, f"front matter must be a mapping of keys to values, not {type(meta).__name__}",
                           line=2, hint="write it as `key: value` lines")
    body_start = closing.end() + 1
    body_line = 1 + text.count("\n", 0, min(body_start, len(text)))
    return SourceText(meta, meta_text, text[body_start:], body_line)
