"""An article's cleaned text (Markdown) to HTML, with entity mentions and glossary terms marked up.

Annotation offsets index the Markdown source, not the HTML, so each highlight is
fenced in the source with private-use sentinel characters, the text is rendered
by markdown-it-py (raw HTML off: article text is untrusted), and the sentinels in
the HTML are then replaced by the highlight's markup. A site that turns raw HTML on
(`[markdown] raw_html`) gets it sanitised by nh3: no scripts, event handlers or
`javascript:` URLs, only formatting tags and links survive. A highlight whose sentinels
do not land in the same element (a mention straddling `**`, a term inside a link
URL) is dropped, never emitted as broken HTML; no sentinel ever reaches the output.
"""

from __future__ import annotations

import bisect
import html
import logging
import re
from functools import lru_cache
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal, get_args

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..model import EntityType, Mention

log = logging.getLogger(__name__)

HighlightKind = Literal["entity", "term"]

# Sentinels: OPEN id END ... CLOSE id END, the id written in private-use digits.
_OPEN, _CLOSE, _END = "\ue000", "\ue001", "\ue002"
_DIGIT0 = 0xE010
_SENTINEL_CHARS = re.compile("[\ue000-\ue01f]")
_MARKER = re.compile("([\ue000\ue001])([\ue010-\ue019]+)\ue002")
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)")
_BLOCK_TAG = re.compile(r"<(?:br|hr|/?(?:p|li|ul|ol|h[1-6]|blockquote|pre|table|tr|td|th))\b[^>]*>")
_VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
_ATTEMPTS = 3
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:.*$", re.MULTILINE)

# Priorities on overlap: a term's first mention beats an entity, which beats a term's later mentions.
FIRST_TERM, ENTITY, LATER_TERM = 2, 1, 0


@dataclass(frozen=True)
class Highlight:
    """A span of the source text to wrap in markup once rendered."""

    start: int
    end: int
    kind: HighlightKind
    label: str = ""
    """The entity type (`PER`) for an entity; unused for a term."""
    href: str | None = None
    title: str | None = None
    group: str = ""
    """Highlights of one group are alternatives: only the first that renders is kept (a term's mentions)."""
    priority: int = ENTITY


def _markdown(raw_html: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": raw_html, "typographer": False})
    normalize = md.normalizeLink
    # A highlight that falls in a link destination must not end up in the href.
    md.normalizeLink = lambda url: normalize(_strip_sentinels(url))  # type: ignore[method-assign]
    return md


_MD = _markdown(raw_html=False)
_MD_RAW_HTML = _markdown(raw_html=True)

# What sanitised raw HTML may keep: nh3's formatting tags and attributes, plus the classes and
# titles of this module's own highlights (the whole body is sanitised after they are inserted).
_SAFE_SCHEMES = {"http", "https", "mailto"}
_SAFE_ATTRIBUTES = {tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()}
_SAFE_ATTRIBUTES["a"] = _SAFE_ATTRIBUTES.get("a", set()) | {"title"}
_SAFE_CLASSES = {"a": {"term", "ent-link"}, "mark": {"ent", *(f"ent-{label}" for label in get_args(EntityType))}}


def sanitise_html(fragment: str) -> str:
    """An HTML fragment with everything executable removed (scripts, handlers, `javascript:` URLs, styles)."""
    return nh3.clean(fragment, attributes=_SAFE_ATTRIBUTES, allowed_classes=_SAFE_CLASSES, url_schemes=_SAFE_SCHEMES,
                     link_rel=None)


def render_markdown(text: str, *, shift_headings: int = 0, raw_html: bool = False) -> str:
    """Markdown to HTML (CommonMark; raw HTML escaped, or kept and sanitised); headings moved down `shift_headings`."""
    rendered = _to_html(text, shift_headings, raw_html)
    return sanitise_html(rendered) if raw_html else rendered


def _to_html(text: str, shift_headings: int, raw_html: bool) -> str:
    md = _MD_RAW_HTML if raw_html else _MD
    tokens = md.parse(text)
    if shift_headings:
        _shift_headings(tokens, shift_headings)
    return md.renderer.render(tokens, md.options, {})


@lru_cache(maxsize=1 << 14)
def plain_text(markdown: str, *, inline: bool = False, raw_html: bool = False) -> str:
    """The text of Markdown without its markup, whitespace collapsed (`inline`: no block syntax, for a sentence)."""
    if raw_html:
        rendered = sanitise_html(_MD_RAW_HTML.renderInline(markdown) if inline else _to_html(markdown, 0, True))
    else:
        rendered = _MD.renderInline(markdown) if inline else render_markdown(markdown)
    spaced = _BLOCK_TAG.sub(" ", rendered)
    return " ".join(html.unescape(re.sub(r"<[^>]*>", "", spaced)).split())


def truncate(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut.rstrip(" ,;:.") + "…"


def entity_highlights(text: str, mentions: Iterable[Mention], label: str, href: str | None) -> list[Highlight]:
    """One highlight per mention whose offsets are in `text` and point at the mention's text."""
    found: list[Highlight] = []
    for m in mentions:
        if not 0 <= m.start < m.end <= len(text) or (m.text and text[m.start : m.end] != m.text):
            log.debug("mention %r at %d-%d does not match the text; not highlighted", m.text, m.start, m.end)
            continue
        found.append(Highlight(m.start, m.end, "entity", label=label, href=href))
    return found


def term_highlights(
    text: str, forms: Sequence[str], href: str, title: str, group: str, *, ignore_case: bool = False
) -> list[Highlight]:
    """Every whole-word occurrence of any form of a term (only the first that renders is linked)."""
    pattern = _word_pattern(forms, ignore_case)
    if pattern is None:
        return []
    return [Highlight(m.start(), m.end(), "term", href=href, title=title, group=group) for m in pattern.finditer(text)]


def _word_pattern(forms: Sequence[str], ignore_case: bool) -> re.Pattern[str] | None:
    # Case-sensitive by default, as the link stage matches terms when it fills `Corpus.article_terms`.
    words = sorted({f.strip() for f in forms if f.strip()}, key=len, reverse=True)
    if not words:
        return None
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)", flags)


def render_body(text: str, highlights: Iterable[Highlight], fmt: str = "markdown", *, raw_html: bool = False) -> str:
    """The article text as HTML with the highlights marked up (`fmt` "text": paragraphs of plain text)."""
    text = _SENTINEL_CHARS.sub("\ufffd", text)  # same length: offsets still hold
    excluded = [(m.start(), m.end()) for m in _REFERENCE_DEFINITION.finditer(text)] if fmt == "markdown" else []
    candidates = [h for h in highlights if not _overlaps_any(h, excluded)]
    # A highlight that cannot render (split by markup) is dropped and the rest chosen again, so
    # that what it had displaced (a shorter mention, a term's next occurrence) still shows.
    for _ in range(_ATTEMPTS):
        chosen = resolve_overlaps(_promote_first_terms(candidates))
        source = _insert_sentinels(text, chosen)
        rendered = _to_html(source, 1, raw_html) if fmt == "markdown" else _render_plain(source)
        parts = _TAG_OR_TEXT.split(rendered)
        keep, failed = _renderable(parts, chosen)
        if not failed:
            break
        dropped = {_span(chosen[n]) for n in failed}
        candidates = [h for h in candidates if _span(h) not in dropped]
    body = _replace_sentinels(parts, chosen, keep)
    # Raw HTML may leave a highlight's markup in odd places (an attribute with `>` in it): sanitising
    # the whole body, after the highlights are in, is what keeps it harmless whatever the input.
    return sanitise_html(body) if raw_html and fmt == "markdown" else body


def _span(h: Highlight) -> tuple[int, int, str, str]:
    """A highlight's identity whatever its (reassigned) priority."""
    return (h.start, h.end, h.kind, h.group)


def _promote_first_terms(highlights: list[Highlight]) -> list[Highlight]:
    """The earliest occurrence of each term ranks above entities; later ones rank below."""
    first: dict[str, Highlight] = {}
    for h in highlights:
        if h.kind == "term" and (h.group not in first or h.start < first[h.group].start):
            first[h.group] = h
    promoted = set(first.values())
    return [
        replace(h, priority=FIRST_TERM if h in promoted else LATER_TERM) if h.kind == "term" else h for h in highlights
    ]


def resolve_overlaps(highlights: Iterable[Highlight]) -> list[Highlight]:
    """Non-overlapping highlights in text order: higher priority, then longer, then earlier wins."""
    ranked = sorted(highlights, key=lambda h: (-h.priority, -(h.end - h.start), h.start))
    starts: list[int] = []
    kept: list[Highlight] = []  # parallel to `starts`, sorted by start
    for h in ranked:
        if h.start >= h.end:
            continue
        i = bisect.bisect_right(starts, h.start)
        if i > 0 and kept[i - 1].end > h.start:
            continue
        if i < len(kept) and kept[i].start < h.end:
            continue
        starts.insert(i, h.start)
        kept.insert(i, h)
    return kept


def _overlaps_any(h: Highlight, spans: list[tuple[int, int]]) -> bool:
    return any(h.start < end and start < h.end for start, end in spans)


def _id(n: int) -> str:
    return "".join(chr(_DIGIT0 + int(d)) for d in str(n))


def _insert_sentinels(text: str, chosen: list[Highlight]) -> str:
    parts: list[str] = []
    pos = 0
    for n, h in enumerate(chosen):  # sorted and non-overlapping
        parts += [text[pos : h.start], _OPEN, _id(n), _END, text[h.start : h.end], _CLOSE, _id(n), _END]
        pos = h.end
    parts.append(text[pos:])
    return "".join(parts)


def _render_plain(text: str) -> str:
    paragraphs = [p.strip() for p in re.split(r"\n[ \t]*\n", text) if p.strip()]
    return "".join("<p>" + "<br />\n".join(html.escape(p, quote=False).splitlines()) + "</p>\n" for p in paragraphs)


def _strip_sentinels(text: str) -> str:
    return _SENTINEL_CHARS.sub("", text)


def _shift_headings(tokens: list[Token], by: int) -> None:
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1:]) + by, 6)}"


def _replace_sentinels(parts: list[str], chosen: list[Highlight], keep: dict[int, bool]) -> str:
    out: list[str] = []
    for i, part in enumerate(parts):
        if i % 2:  # a tag: a sentinel in an attribute (alt, title, class) is simply removed
            out.append(_strip_sentinels(part))
            continue

        def substitute(match: re.Match[str]) -> str:
            n = _parse_id(match.group(2))
            if n not in keep:
                return ""
            opening = match.group(1) == _OPEN
            return _open_html(chosen[n], keep[n]) if opening else _close_html(chosen[n], keep[n])

        out.append(_strip_sentinels(_MARKER.sub(substitute, part)))
    return "".join(out)


def _parse_id(digits: str) -> int:
    return int("".join(str(ord(c) - _DIGIT0) for c in digits))


def _renderable(parts: list[str], chosen: list[Highlight]) -> tuple[dict[int, bool], set[int]]:
    """The highlights to emit (→ whether inside a link), and those that cannot render."""
    stack: list[tuple[str, int]] = []
    counter = 0
    opened: dict[int, tuple[tuple[tuple[str, int], ...], bool]] = {}
    order: list[int] = []
    closed_ok: set[int] = set()
    for i, part in enumerate(parts):
        if i % 2:
            counter += 1
            _track(part, stack, counter)
            continue
        for match in _MARKER.finditer(part):
            n = _parse_id(match.group(2))
            if match.group(1) == _OPEN:
                opened[n] = (tuple(stack), any(name == "a" for name, _ in stack))
                order.append(n)
            elif n in opened and opened[n][0] == tuple(stack):
                closed_ok.add(n)
    keep: dict[int, bool] = {}
    failed = set(range(len(chosen))) - set(order)  # sentinels lost in an attribute or URL
    groups_done: set[str] = set()
    for n in order:
        h = chosen[n]
        in_link = opened[n][1]
        if n not in closed_ok or (h.kind == "term" and in_link):  # a link inside a link is invalid
            failed.add(n)
            continue
        if h.group:
            if h.group in groups_done:
                continue
            groups_done.add(h.group)
        keep[n] = in_link
    return keep, failed


def _track(tag: str, stack: list[tuple[str, int]], counter: int) -> None:
    match = _TAG_NAME.match(tag)
    if match is None:
        return
    name = match.group(1).lower()
    if tag.startswith("</"):
        for j in range(len(stack) - 1, -1, -1):
            if stack[j][0] == name:
                del stack[j:]
                break
    elif name not in _VOID and not tag.endswith("/>"):
        stack.append((name, counter))


def _open_html(h: Highlight, in_link: bool) -> str:
    if h.kind == "term":
        title = f' title="{html.escape(h.title)}"' if h.title else ""
        return f'<a class="term" href="{html.escape(h.href or "")}"{title}>'
    label = html.escape(h.label)
    mark = f'<mark class="ent ent-{label}">'
    if h.href and not in_link:
        return f'{mark}<a class="ent-link" href="{html.escape(h.href)}">'
    return mark


def _close_html(h: Highlight, in_link: bool) -> str:
    if h.kind == "term":
        return "</a>"
    return "</a></mark>" if h.href and not in_link else "</mark>"
