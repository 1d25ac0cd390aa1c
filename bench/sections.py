"""A section of bench/results.md written by one benchmark, leaving the other sections as they are."""

from __future__ import annotations

from pathlib import Path


def write_section(results_file: Path, text: str) -> None:
    """Replace the section that starts with `text`'s first line (a `## ` heading), or add it at the end."""
    heading = text.splitlines()[0]
    old = results_file.read_text(encoding="utf-8") if results_file.exists() else ""
    start = old.find(f"{heading}\n")
    if start < 0:
        new = f"{old.rstrip()}\n\n{text}" if old else text
    else:
        end = old.find("\n## ", start + len(heading))
        new = old[:start] + text + (old[end:] if end >= 0 else "")
    results_file.write_text(new, encoding="utf-8")
