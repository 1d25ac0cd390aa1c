"""A progress bar for long stages, shown only when stderr is a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def annotation_progress() -> Iterator[Callable[[int], None] | None]:
    """A callback advancing a bar by the number of articles annotated (or found cached)."""
    if not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    with tqdm(desc="annotate", unit=" articles", leave=False, file=sys.stderr) as bar:
        yield bar.update
