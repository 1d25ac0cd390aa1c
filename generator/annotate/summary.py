"""The summary of an article: its first sentences, without markdown syntax."""

from __future__ import annotations

import re

from .sentences import TextLayout

_MARKDOWN: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)"), ""),  # images are not words of the text
    (re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)"), r"\1"),  # links → their text
    (re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)", re.M), ""),  # block marks
    (re.compile(r"(\*\*|__)(\S(?:.*?\S)?)\1"), r"\2"),  # strong
    (re.compile(r"(?<![\w*])([*_])(\S(?:.*?\S)?)\1(?![\w*])"), r"\2"),  # emphasis
    (re.compile(r"`([^`\n]*)`"), r"\1"),  # code
)


def strip_markdown(text: str) -> str:
    """`text` without markdown's syntax marks, whitespace collapsed."""
    for pattern, replacement in _MARKDOWN:
        text = pattern.sub(replacement, text)
    return " ".join(text.split())


def summarize(layout: TextLayout, sentences: int = 2) -> str:
    """The first `sentences` sentences of the text that hold any words."""
    kept: list[str] = []
    for index in range(len(layout.sentences)):
        raw = layout.sentence_text(index)
        plain = strip_markdown(raw)
        if not raw.startswith("#") and any(c.isalnum() for c in plain):  # a heading is no sentence
            kept.append(plain)
            if len(kept) == sentences:
                break
    return " ".join(kept)
