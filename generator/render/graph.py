"""A small co-occurrence graph of one entity, drawn as inline SVG at build time.

The entity sits in the middle; the entities it appears with most are spread evenly on a
circle around it, in rank order clockwise from the top, so the same data always gives
the same picture. A line's width grows with the stories two entities share. Nodes with
a page are links; the SVG carries a `<title>` and a `<desc>` that say in words what it
shows, for readers who cannot see it.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

log = logging.getLogger(__name__)

WIDTH, HEIGHT = 400, 290
RING = 96
"""Distance of the neighbours from the centre."""
LABEL_GAP = 8
MAX_LABEL = 20
#: Two neighbours are joined when they share at least this many stories (fewer: too much noise).
SIDE_EDGE_MIN = 2


@dataclass(frozen=True)
class Node:
    """An entity in the graph: its name, type (`PER`), link (None: no page) and stories shared with the centre."""

    name: str
    type: str
    href: str | None = None
    count: int = 0


def cooccurrence_svg(
    center: Node,
    neighbours: list[Node],
    together: dict[tuple[int, int], int],
    *,
    title: str,
    description: str,
    ident: str = "graph",
) -> Markup:
    """The SVG of `center` and its `neighbours`; `together[(a, b)]` (a < b) counts stories neighbours a and b share."""
    if not neighbours:
        return Markup("")
    most = max(n.count for n in neighbours) or 1
    cx, cy = WIDTH / 2, HEIGHT / 2
    points = [_on_ring(k, len(neighbours), cx, cy) for k in range(len(neighbours))]
    parts = [
        f'<svg class="graph" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="group" '
        f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
        '<g class="graph-edges" aria-hidden="true">',
    ]
    for (a, b), width in side_edges(together, most):
        if 0 <= a < b < len(points):
            (x1, y1), (x2, y2) = points[a], points[b]
            parts.append(f'<line class="edge-side" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                         f'stroke-width="{width}"/>')
    for node, (x, y) in zip(neighbours, points):
        parts.append(f'<line class="edge" x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" '
                     f'stroke-width="{_width(node.count, most) * 1.6:.1f}"/>')
    parts.append("</g>")
    for node, (x, y) in zip(neighbours, points):
        parts.append(_node(node, x, y, _radius(node.count, most), cx, cy))
    parts.append(_node(center, cx, cy, 15, cx, cy, is_center=True))
    parts.append("</svg>")
    return Markup("\n".join(parts))


def side_edges(together: dict[tuple[int, int], int], most: int) -> list[tuple[tuple[int, int], str]]:
    """The lines drawn between neighbours, as drawn: each pair (a < b) that shares enough stories, with the line's
    width as written (`most`: the most stories a neighbour shares with the centre)."""
    return [((a, b), f"{_width(n, most):.1f}") for (a, b), n in sorted(together.items()) if n >= SIDE_EDGE_MIN]


def _on_ring(k: int, total: int, cx: float, cy: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * k / total
    return cx + RING * math.cos(angle), cy + RING * math.sin(angle)


def _width(n: int, most: int) -> float:
    return 1 + 3 * n / most


def _radius(n: int, most: int) -> float:
    return 6 + 6 * math.sqrt(n / most)


def _node(node: Node, x: float, y: float, r: float, cx: float, cy: float, *, is_center: bool = False) -> str:
    """A circle and its label, outside the ring (inside the centre circle's own line for the centre)."""
    label = node.name if len(node.name) <= MAX_LABEL else node.name[: MAX_LABEL - 1].rstrip() + "…"
    dx, dy = x - cx, y - cy
    if is_center:
        tx, ty, anchor = x, y + r + 16, "middle"
    else:
        distance = math.hypot(dx, dy) or 1.0
        tx = x + dx / distance * (r + LABEL_GAP)
        ty = y + dy / distance * (r + LABEL_GAP) + 4
        anchor = "start" if dx > 20 else "end" if dx < -20 else "middle"
        if anchor == "middle":
            ty += 10 if dy > 0 else -4
    kind = "center" if is_center else "node"
    shape = (f'<circle class="{kind} ent-{escape(node.type)}" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"/>'
             f'<text x="{tx:.1f}" y="{ty:.1f}" text-anchor="{anchor}">{escape(label)}</text>')
    if node.href and not is_center:
        return f'<a href="{escape(node.href)}" aria-label="{escape(node.name)}">{shape}</a>'
    return f"<g>{shape}</g>"
