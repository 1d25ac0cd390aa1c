"""The summary of an article: its first sentences, without markdown syntax."""

from __future__ import annotations

import re
from bisect import bisect_left

from .sentences import TextLayout

_BLOCK_MARKS = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)", re.M)
_CODE = re.compile(r"`([^`\n]*)`")
_WORD_CHAR = re.compile(r"\w")


def strip_markdown(text: str) -> str:
    r"""`text` without markdown's syntax marks, whitespace collapsed.

    The same as substituting, in turn: images `!\[[^\]\n]*\]\([^)\n]*\)` by nothing, links
    `\[([^\]\n]+)\]\([^)\n]*\)` by their text, block marks, strong `(\*\*|__)(\S(?:.*?\S)?)\1` and emphasis
    `(?<![\w*])([*_])(\S(?:.*?\S)?)\1(?![\w*])` by their words, and code by its text. But each mark is paired
    by looking its closing mark up, not by reading the rest of the line again from every mark that closes
    nothing, which takes a time quadratic in the line's length.
    """
    text = _links(text, "![", keep=False)  # images are not words of the text
    text = _links(text, "[", keep=True)  # links → their text
    text = _BLOCK_MARKS.sub("", text)
    text = _pairs(text, ("**", "__"), flanked=False)  # strong
    text = _pairs(text, ("*", "_"), flanked=True)  # emphasis
    text = _CODE.sub(r"\1", text)
    return " ".join(text.split())


class _Next:
    """The first position at or after an offset that holds one of some characters, or -1."""

    def __init__(self, text: str, chars: str) -> None:
        self._at = [m.start() for m in re.finditer(f"[{re.escape(chars)}]", text)]

    def __call__(self, i: int) -> int:
        k = bisect_left(self._at, i)
        return self._at[k] if k < len(self._at) else -1


def _links(text: str, opener: str, *, keep: bool) -> str:
    """`opener` + `words](address)` replaced by the words (`keep`, and there must be some) or by nothing."""
    if opener not in text:
        return text
    closing, address_end = _Next(text, "]\n"), _Next(text, ")\n")
    out: list[str] = []
    done = 0
    for found in re.finditer(re.escape(opener), text):
        start = found.start()
        inner = start + len(opener)
        if start < done:
            continue
        end = closing(inner)
        if end < 0 or text[end] != "]" or keep and end == inner or not text.startswith("(", end + 1):
            continue
        after = address_end(end + 2)
        if after < 0 or text[after] != ")":
            continue
        out += [text[done:start], text[inner:end] if keep else ""]
        done = after + 1
    out.append(text[done:])
    return "".join(out)


def _pairs(text: str, marks: tuple[str, str], *, flanked: bool) -> str:
    """Words between two of the same mark (`**strong**`, `_emphasis_`) without the marks; `flanked`: the
    opening mark follows no word character nor `*`, and the closing one precedes none."""
    if not any(mark in text for mark in marks):
        return text
    size = len(marks[0])
    newline = _Next(text, "\n")
    opening = sorted(m.start() for mark in marks for m in re.finditer(f"(?={re.escape(mark)})", text))
    closing = {mark: [q for q in opening if text.startswith(mark, q) and _closes(text, q, size, flanked)]
               for mark in marks}
    out: list[str] = []
    done = 0
    for start in opening:
        words = start + size
        if start < done or words >= len(text) or text[words].isspace():
            continue
        if flanked and start > 0 and (text[start - 1] == "*" or _WORD_CHAR.match(text, start - 1)):
            continue
        mark = text[start : start + size]
        # the shortest content of two characters or more up to a closing mark on the line, else one character
        later = closing[mark]
        k = bisect_left(later, words + 2)
        line_end = newline(words + 1)
        if k < len(later) and (line_end < 0 or line_end > later[k] - 1):
            end = later[k]
        elif text.startswith(mark, words + 1) and _closes(text, words + 1, size, flanked):
            end = words + 1
        else:
            continue
        out += [text[done:start], text[words:end]]
        done = end + size
    out.append(text[done:])
    return "".join(out)


def _closes(text: str, at: int, size: int, flanked: bool) -> bool:
    """A mark at `at` may close a pair: it follows a non-space character (and, `flanked`, precedes no word
    character nor `*`)."""
    if at == 0 or text[at - 1].isspace():
        return False
    after = at + size
    return not flanked or after >= len(text) or not (text[after] == "*" or _WORD_CHAR.match(text, after))


def summary_sentences(layout: TextLayout, sentences: int = 2) -> list[str]:
    """The first `sentences` sentences of the text that hold any words, without markdown."""
    kept: list[str] = []
    for index in range(len(layout.sentences)):
        raw = layout.sentence_text(index)
        plain = strip_markdown(raw)
        if not raw.startswith("#") and any(c.isalnum() for c in plain):  # a heading is no sentence
            kept.append(plain)
            if len(kept) == sentences:
                break
    return kept
