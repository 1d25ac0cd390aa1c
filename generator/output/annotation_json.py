"""The stable JSON shape of `digest annotate` (documented in the README)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import Report
from ..sources.load import source_files
from ..model import Article


def article_to_json(article: Article) -> dict[str, Any]:
    """An annotated article as plain JSON-able data."""
    annotations = article.annotations
    entities = annotations.entities if annotations else []
    quotes = annotations.quotes if annotations else []
    definitions = annotations.definitions if annotations else []
    return {
        "title": article.title,
        "language": article.lang,
        "date": article.date.isoformat() if article.date else None,
        "boilerplate_removed": list(article.boilerplate_removed),
        "entities": [
            {"name": e.name, "type": e.type, "aliases": list(e.aliases), "mentions": len(e.mentions)}
            for e in entities
        ],
        "quotes": [
            {"text": q.text, "kind": q.kind, "speaker": q.speaker, "speaker_mention": q.speaker_mention,
             "cue": q.cue, "start": q.start, "end": q.end}
            for q in quotes
        ],
        "definitions": [{"term": d.term, "definition": d.definition, "sentence": d.sentence} for d in definitions],
    }


def article_to_text(article: Article) -> str:
    """A human-readable listing of what was extracted."""
    data = article_to_json(article)
    lines = [f"{data['title']}  [{data['language']}]  {data['date'] or ''}".rstrip(), ""]
    if data["boilerplate_removed"]:
        lines.append("Boilerplate removed:")
        lines += [f"  - {line}" for line in data["boilerplate_removed"]]
        lines.append("")
    lines.append(f"Entities ({len(data['entities'])}):")
    for e in data["entities"]:
        aliases = f" (also: {', '.join(e['aliases'])})" if e["aliases"] else ""
        lines.append(f"  {e['type']:<4} {e['name']}{aliases} ×{e['mentions']}")
    lines.append("")
    lines.append(f"Quotes ({len(data['quotes'])}):")
    for q in data["quotes"]:
        who = q["speaker"] or "?"
        lines.append(f"  [{q['kind']}] «{q['text']}» — {who}" + (f" ({q['cue']})" if q["cue"] else ""))
    lines.append("")
    lines.append(f"Definitions ({len(data['definitions'])}):")
    lines += [f"  {d['term']}: {d['definition']}" for d in data["definitions"]]
    return "\n".join(lines) + "\n"


def annotated_files(paths: list[Path], report: Report) -> list[tuple[Path, str]]:
    """The article files to annotate, each with the name its JSON file gets: a file as given (its stem), a
    folder's article files in order (their paths below it, without suffix), each file once."""
    found: dict[Path, str] = {}
    for path in paths:
        if path.is_dir():
            for file in source_files(path, path, report):
                found.setdefault(file, file.relative_to(path).with_suffix("").as_posix())
        else:
            found.setdefault(path, path.stem)
    return list(found.items())
