"""Long lists split into pages: page 1 at the list's own address, page N at `page/N/` under it.

A `Pager` is what one page of a list knows about the others: its number, the output path of
every page (links are made relative by the template's `url()`, as everywhere), and which
items of the whole list it shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..urls import paged_path

#: Page numbers shown on each side of the current one; the first and the last are always shown.
NEIGHBOURS = 2


@dataclass(frozen=True)
class Pager:
    """Page `number` (from 1) of a list of `total` items, `size` to a page."""

    number: int
    paths: tuple[str, ...]
    total: int
    size: int

    @property
    def count(self) -> int:
        return len(self.paths)

    @property
    def path(self) -> str:
        return self.paths[self.number - 1]

    @property
    def prev_path(self) -> str | None:
        return self.paths[self.number - 2] if self.number > 1 else None

    @property
    def next_path(self) -> str | None:
        return self.paths[self.number] if self.number < self.count else None

    @property
    def start(self) -> int:
        """Index in the whole list of the first item on this page."""
        return (self.number - 1) * self.size

    @property
    def stop(self) -> int:
        """Index in the whole list just after the last item on this page."""
        return min(self.start + self.size, self.total)

    def numbers(self) -> list[int | None]:
        """The page numbers to link, with None where some are left out (`1 … 4 5 6 7 8 … 20`)."""
        shown = {1, self.count, *range(self.number - NEIGHBOURS, self.number + NEIGHBOURS + 1)}
        numbers: list[int | None] = []
        for n in sorted(n for n in shown if 1 <= n <= self.count):
            if numbers and n - (numbers[-1] or 0) == 2:
                numbers.append(n - 1)  # a gap of one page: the number takes no more room than "…"
            elif numbers and n - (numbers[-1] or 0) > 2:
                numbers.append(None)
            numbers.append(n)
        return numbers


def page_count(total: int, size: int) -> int:
    """How many pages `total` items take at `size` to a page (an empty list still has its page)."""
    return max(1, -(-total // size))


def pagers(first: str, total: int, size: int) -> list[Pager]:
    """The pages of a list of `total` items whose first page is the output path `first`."""
    if size < 1:
        raise ValueError(f"page size must be at least 1, not {size}")
    paths = tuple(paged_path(first, n) for n in range(1, page_count(total, size) + 1))
    return [Pager(n, paths, total, size) for n in range(1, len(paths) + 1)]


def page_of(index: int, size: int) -> int:
    """The number of the page that shows the item at `index` (from 0) of a list."""
    return index // size + 1
