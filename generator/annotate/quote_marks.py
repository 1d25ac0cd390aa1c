"""Pair quotation marks into quoted spans, tolerating the broken marks found in real news.

Pairs are found line by line (a quotation never spans a line break in practice; a
multi-paragraph quotation reopens on every paragraph). Marks inside an open quotation
are left alone: they belong to an inner quotation or are apostrophes.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

#: Opening mark → its closing mark.
CLOSER: dict[str, str] = {"«": "»", "“": "”", "„": "“", '"': '"', "‘": "’", "'": "'"}
_CLOSERS_ALONE = frozenset("»”")
#: An opening mark and a closing mark of another style that real text pairs (`"palabras”`).
_MIXED_PAIRS = frozenset({('"', "”"), ("“", '"')})
_CLAUSE_START = re.compile(r"[.:;!?]\s+")
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-ZÁÉÍÓÚÑ¿¡])")
_CLOSING_CONTEXT = frozenset(".,;:!?)")
_FIRST_PERSON = re.compile(
    r"\b(?:yo|me|mi|mis|mí|conmigo|nosotros|nosotras|nos|nuestr[oa]s?|I|my|mine|we|us|our|ours)\b", re.I
)


@dataclass(frozen=True)
class QuoteSpan:
    """The quoted words of one quotation: `text[start:end]`, marks excluded."""

    start: int
    end: int
    open_at: int = -1
    """Offset of the opening mark; -1 when it is missing and the start was inferred."""
    close_at: int = -1
    """Offset of the closing mark; -1 when it is missing and the quotation runs to the end of the line."""


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Every quotation in `text`, in order (quotations inside quotations: see `inner_quote_spans`)."""
    spans: list[QuoteSpan] = []
    line_start = 0
    lines = text.split("\n")
    # the first character of the next line that holds any, for every line: read from the end once
    following = [""] * len(lines)
    for number in range(len(lines) - 2, -1, -1):
        rest = lines[number + 1].lstrip()
        following[number] = rest[:1] if rest else following[number + 1]
    for number, line in enumerate(lines):
        spans.extend(_line_spans(text, line_start, line_start + len(line), following[number]))
        line_start += len(line) + 1
    return spans


def inner_quote_spans(text: str, spans: list[QuoteSpan]) -> list[QuoteSpan]:
    """Quotations inside the quoted words of `spans` (`«el 'genio' femenino»`), one level deep."""
    inner: list[QuoteSpan] = []
    for span in spans:
        outer = text[span.open_at] if span.open_at >= 0 else ""
        for found in _line_spans(text, span.start, span.end, "", nested=True):
            if found.open_at >= 0 and found.close_at >= 0 and text[found.open_at] != outer:
                inner.append(found)
    return inner


def _line_spans(text: str, lo: int, hi: int, next_paragraph: str, *, nested: bool = False) -> list[QuoteSpan]:
    """The quotations of `text[lo:hi]`, one line; `next_paragraph` is the first character of the next one."""
    spans: list[QuoteSpan] = []
    open_mark = ""
    open_at = lo
    reopened = False  # a quotation that opened while the previous one was still open: surely a quotation
    last_end = lo  # where the text after the previous quotation starts
    inner = _InnerMarks(text)
    for i in range(lo, hi):
        c = text[i]
        if not open_mark:
            if c in CLOSER and _can_open(text, i, lo, hi):
                open_mark, open_at = c, i
            elif c in _CLOSERS_ALONE and not nested:
                # a closing mark with no opening one: the quotation starts at its clause, and takes the
                # sentences before it that speak in the first person
                start = _first_person_start(text, last_end, i)
                _add(spans, text, start, i, -1, i)
                last_end = i + 1
            continue
        if c == open_mark == '"' and text[i - 1].isspace() and i + 1 < hi and text[i + 1].isalnum():
            # `"A. "B`: a new quotation opens before the last one was closed
            _add(spans, text, open_at + 1, _last_sentence_end(text, open_at + 1, i), open_at, -1)
            open_at, reopened = i, True
        elif c == CLOSER[open_mark] and _can_close(text, i, hi):
            _add(spans, text, open_at + 1, i, open_at, i)
            open_mark, last_end = "", i + 1
        elif (open_mark, c) in _MIXED_PAIRS and (_looks_closing(text, i, hi) or _after_closing_punctuation(text, i, hi)) \
                and not inner.open_inside(open_at, i):
            # `"words”, dijo`: a straight mark closed by a typographic one (or the other way round)
            _add(spans, text, open_at + 1, i, open_at, i)
            open_mark, last_end = "", i + 1
        elif c == open_mark and open_mark in "«“":
            if _looks_closing(text, i, hi):  # «words «. — a stray opening mark used to close
                _add(spans, text, open_at + 1, i, open_at, i)
                open_mark, last_end = "", i + 1
            else:  # the earlier quotation was never closed: it ends with its last sentence
                _add(spans, text, open_at + 1, _last_sentence_end(text, open_at + 1, i), open_at, -1)
                open_at, reopened = i, True
    if open_mark and not nested and (reopened or _runs_to_line_end(text, open_mark, open_at, lo, next_paragraph)):
        _add(spans, text, open_at + 1, hi, open_at, -1)
    return spans


class _InnerMarks:
    """Typographic quotations opened inside the open one, counted as the line is read (each character once)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.open_at = -1
        self.read = 0
        self.balance = 0

    def open_inside(self, open_at: int, i: int) -> bool:
        """Whether a typographic quotation opened inside the one open at `open_at` is still open at `i`."""
        if open_at != self.open_at or i < self.read:
            self.open_at, self.read, self.balance = open_at, open_at + 1, 0
        inside = self.text[self.read : i]
        self.balance += inside.count("“") - inside.count("”")
        self.read = i
        return self.balance > 0


def _can_open(text: str, i: int, lo: int, hi: int) -> bool:
    c = text[i]
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    if c in "'‘":
        # not an apostrophe (l'eau, '90s): starts a word after a space or bracket; and not an
        # elided letter ('n')
        elided = i + 2 < hi and text[i + 2] in "'’"
        return not before.isalnum() and after.isalpha() and not elided
    if c == '"':
        return not after.isspace() or i == lo
    return True


def _can_close(text: str, i: int, hi: int) -> bool:
    c = text[i]
    if c not in "'’":
        return True
    before = text[i - 1]
    after = text[i + 1] if i + 1 < hi else " "
    return not after.isalnum() and not before.isspace()  # not don't / don’t


def _looks_closing(text: str, i: int, hi: int) -> bool:
    j = i + 1
    while j < hi and text[j].isspace():
        j += 1
    return j >= hi or text[j] in _CLOSING_CONTEXT


def _after_closing_punctuation(text: str, i: int, hi: int) -> bool:
    """`"words,” said X`: the mark follows the punctuation that ends the quoted words, and a space follows it."""
    return text[i - 1] in ",.!?" and (i + 1 >= hi or text[i + 1].isspace())


def _runs_to_line_end(text: str, mark: str, open_at: int, lo: int, next_paragraph: str) -> bool:
    if mark in "«“„":
        return True
    # a straight double quote left open only counts when it opens the paragraph, or when the next
    # paragraph reopens it (a quotation of several paragraphs closes only on its last one)
    return mark == '"' and (not text[lo:open_at].strip() or next_paragraph == '"')


def _first_person_start(text: str, lo: int, hi: int) -> int:
    """The start of the clause that ends at `hi`, moved back over whole sentences of `text[lo:hi]` that
    speak in the first person."""
    clauses = _Clauses(text, lo, hi)
    start = clauses.start_before(hi)
    while start > lo:
        sentence_end = start
        while sentence_end > lo and text[sentence_end - 1].isspace():
            sentence_end -= 1
        if sentence_end <= lo or text[sentence_end - 1] not in ".!?":
            return start
        previous = clauses.start_before(sentence_end - 1)
        after_a_quotation = previous == lo and lo > 0 and text[lo - 1] != "\n"
        if after_a_quotation or not _FIRST_PERSON.search(text, previous, sentence_end):
            return start
        start = previous
    return start


def _last_sentence_end(text: str, lo: int, hi: int) -> int:
    """Just after the last full stop (or ! ?) followed by a space in `text[lo:hi]`, else `hi`."""
    end = hi
    for match in _SENTENCE_END.finditer(text, lo, hi):
        end = match.start() + 1
    return end


class _Clauses:
    """Where the clauses of `text[lo:hi]` start (after `.`, `:`, `;`, `!` or `?` and a space), read once."""

    def __init__(self, text: str, lo: int, hi: int) -> None:
        self.lo = lo
        matches = [m.span() for m in _CLAUSE_START.finditer(text, lo, hi)]
        self._marks = [start for start, _ in matches]
        self._ends = [end for _, end in matches]

    def start_before(self, i: int) -> int:
        """The start of the clause that holds `text[i - 1]`: just after the last clause mark and its spaces
        in `text[lo:i]`, or `lo`."""
        k = bisect_left(self._marks, i - 1) - 1  # the last mark followed by a space before `i`
        return min(self._ends[k], i) if k >= 0 else self.lo


def _add(spans: list[QuoteSpan], text: str, start: int, end: int, open_at: int, close_at: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if any(c.isalnum() for c in text[start:end]):
        spans.append(QuoteSpan(start, end, open_at, close_at))


#: A capitalised word right before an opening mark and right after a closing one (`Marcia "Cia" Price`).
_NAME_BEFORE = re.compile(r"(?:^|\s)([^\W\d_][\w'’-]*) $")
_NAME_AFTER = re.compile(r" ([^\W\d_][\w'’-]*)")
#: Capitalised words that open a sentence or a phrase, not a given name (`The "Tigers" Club`).
_NOT_GIVEN_NAMES = frozenset("the a an el la los las un una lo this that este esta".split())


def nickname(text: str, span: QuoteSpan) -> bool:
    """A nickname quoted between a given name and a surname (`Marcia "Cia" Price`, `Joaquín «El Chapo» Guzmán`):
    part of the name, not a quotation (its words may be no name's end, as an opening mark is no subject's)."""
    if span.open_at < 0 or span.close_at < 0:
        return False
    quoted = text[span.start : span.end]
    if not 1 <= len(quoted.split()) <= 3 or not quoted[:1].isupper() or any(c in quoted for c in ".,;:!?"):
        return False
    before = _NAME_BEFORE.search(text, max(span.open_at - 40, 0), span.open_at)
    after = _NAME_AFTER.match(text, span.close_at + 1)
    return before is not None and after is not None and before.group(1)[:1].isupper() \
        and after.group(1)[:1].isupper() and before.group(1).lower() not in _NOT_GIVEN_NAMES
