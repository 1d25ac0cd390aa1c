"""Authored entities from `content/entities.toml`: names, types and aliases that win over the model.

```toml
[[entity]]
name = "Organización del Tratado del Atlántico Norte"   # the canonical name
type = "ORG"                                             # PER, ORG, LOC or MISC
aliases = ["OTAN", "NATO"]                               # optional
```

Every problem is reported (as `path:line: what is wrong (what to do)`) and the valid
entries are still returned, so one typo never hides the others.
"""

from __future__ import annotations

import difflib
import logging
import re
import tomllib
from pathlib import Path
from typing import Any, get_args

from ..errors import ContentError, Report
from ..model import EntityType, KnownEntity
from ..files.regular_files import read_regular

log = logging.getLogger(__name__)

TABLE = "entity"
KEYS = ("name", "type", "aliases")
TYPES: tuple[str, ...] = get_args(EntityType)
#: Labels other tools use, with the type they mean here.
_TYPE_HINTS = {"PERSON": "PER", "PEOPLE": "PER", "ORGANIZATION": "ORG", "ORGANISATION": "ORG", "COMPANY": "ORG",
               "GPE": "LOC", "LOCATION": "LOC", "PLACE": "LOC", "NORP": "MISC", "EVENT": "MISC"}
_HEADER = re.compile(rf"^\s*\[\[\s*{TABLE}\s*\]\]")


def load_known_entities(path: Path, report: Report) -> list[KnownEntity]:
    """The entities authored in `path` (none when the file does not exist); problems go to `report`."""
    if not path.exists() and not path.is_symlink():
        return []
    try:
        text = read_regular(path).decode("utf-8-sig")
    except UnicodeDecodeError as err:
        report.error(ContentError(path, f"not valid UTF-8 ({err.reason} at byte {err.start})", hint="save it as UTF-8"))
        return []
    except OSError as err:
        report.error(ContentError(path, f"cannot read the file: {err.strerror or err}",
                                  hint="make it a readable TOML file, or remove it"))
        return []
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        line = re.search(r"line (\d+)", str(err))
        report.error(ContentError(path, f"invalid TOML: {err}", line=int(line.group(1)) if line else None,
                                  hint="see the format at the top of generator/sources/known_entities.py"))
        return []
    lines = text.splitlines()
    for key in raw:
        if key != TABLE:
            line = _line_of_key(lines, key, 0, len(lines))
            report.error(ContentError(path, f"unknown table or key {key!r}", line=line,
                                      hint=f"entities are listed as [[{TABLE}]] tables"))
    tables = raw.get(TABLE, [])
    if not isinstance(tables, list):
        report.error(ContentError(path, f"{TABLE!r} must be a list of [[{TABLE}]] tables",
                                  line=_line_of_key(lines, TABLE, 0, len(lines)),
                                  hint=f"write each entity under its own [[{TABLE}]] header (two brackets)"))
        return []
    blocks = _blocks(lines)
    entities: list[KnownEntity] = []
    owners: dict[str, str] = {}
    for index, table in enumerate(tables):
        first, last = blocks[index] if index < len(blocks) else (0, len(lines))
        if not isinstance(table, dict):
            report.error(ContentError(path, f"{TABLE!r} must be a list of [[{TABLE}]] tables, not of "
                                            f"{type(table).__name__} values",
                                      line=_line_of_key(lines, TABLE, 0, len(lines)),
                                      hint=f'write each entity as a [[{TABLE}]] table with name = "..." and '
                                           f'type = "PER"'))
            return entities
        entity = _entity(path, lines, table, first, last, report)
        if entity is None:
            continue
        if _claim(path, lines, entity, owners, first, last, report):
            entities.append(entity)
    log.debug("%s: %d known entities", path, len(entities))
    return entities


def _entity(path: Path, lines: list[str], table: Any, first: int, last: int, report: Report) -> KnownEntity | None:
    """One `[[entity]]` table, checked; None (with the problems reported) when it is not usable."""
    header = first + 1
    ok = True
    for key in table:
        if key not in KEYS:
            guess = difflib.get_close_matches(key, KEYS, n=1)
            hint = f"did you mean {guess[0]!r}?" if guess else f"the keys are {', '.join(KEYS)}"
            line = _line_of_key(lines, key, first, last)
            report.error(ContentError(path, f"unknown key {key!r}", line=line, hint=hint))
            ok = False
    name = table.get("name")
    if not isinstance(name, str) or not name.strip():
        report.error(ContentError(path, "an entity needs a non-empty `name`", line=header,
                                  hint='add name = "..." to this [[entity]]'))
        return None
    etype = table.get("type")
    if etype not in TYPES:
        line = _line_of_key(lines, "type", first, last) or header
        report.error(ContentError(path, f"{name!r}: unknown type {etype!r}", line=line, hint=_type_hint(etype)))
        ok = False
    aliases = table.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        report.error(ContentError(path, f"{name!r}: `aliases` must be a list of names",
                                  line=_line_of_key(lines, "aliases", first, last) or header,
                                  hint='write aliases = ["...", "..."]'))
        ok = False
    if not ok:
        return None
    return KnownEntity(name.strip(), etype, [a.strip() for a in aliases if a.strip() != name.strip()])


def _claim(path: Path, lines: list[str], entity: KnownEntity, owners: dict[str, str], first: int, last: int,
           report: Report) -> bool:
    """Record the entity's names; a name another entity already has is an error (it could mean either)."""
    for form in [entity.name, *entity.aliases]:
        owner = owners.get(form.casefold())
        if owner is not None and owner != entity.name:
            report.error(ContentError(path, f"{form!r} names both {owner!r} and {entity.name!r}",
                                      line=_line_of_text(lines, form, first, last) or first + 1,
                                      hint="give each name to one entity only"))
            return False
    for form in [entity.name, *entity.aliases]:
        owners[form.casefold()] = entity.name
    return True


def _type_hint(value: object) -> str:
    guess = _TYPE_HINTS.get(str(value).upper()) or (str(value).upper() if str(value).upper() in TYPES else None)
    choices = ", ".join(TYPES)
    return f"did you mean {guess!r}? (the types are {choices})" if guess else f"the types are {choices}"


def _blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(first, end) line indexes of each `[[entity]]` table, in order."""
    starts = [i for i, line in enumerate(lines) if _HEADER.match(line)]
    return [(start, starts[n + 1] if n + 1 < len(starts) else len(lines)) for n, start in enumerate(starts)]


def _line_of_key(lines: list[str], key: str, first: int, last: int) -> int | None:
    """1-based line where `key = ...` (or `[key]`) is written in `lines[first:last]`."""
    pattern = re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\"|\[+\s*{re.escape(key)}\s*\]+)\s*(?:=|$)")
    for i in range(first, last):
        if pattern.match(lines[i]):
            return i + 1
    return None


def _line_of_text(lines: list[str], text: str, first: int, last: int) -> int | None:
    for i in range(first, last):
        if f'"{text}"' in lines[i] or f"'{text}'" in lines[i]:
            return i + 1
    return None
