"""Annotation is linear in a text's length: the work extraction does on 1× and 4× a text, counted in
function calls and lines run (no clock, so a slow machine cannot make it flaky); and each index that
replaced a scan finds what the scan found."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.annotate import Annotator
from generator.annotate.cue_index import CueIndex
from generator.annotate.events import Event, Speaker, Timeline, several
from generator.annotate.noun_phrases import Cue, PhraseFinder
from generator.annotate.quote_marks import _Clauses
from generator.annotate.quotes import _alone_on_its_line, _repeats
from generator.annotate.sentences import TextLayout, _ends_sentence
from generator.annotate.speakers import TitleHolders
from generator.annotate.summary import strip_markdown
from generator.annotate.word_index import WORD, RepeatedWords, WordRuns
from generator.model import Quote

#: Linear work grows 4 times on 4 times the text (a little more for the bisections); the quadratic steps
#: that were replaced made it grow 6 to 12 times at these sizes.
MAX_GROWTH = 4.5
SIZES = (3000, 12000)

_FIRST = "Ana Juan Luis Marta Pedro Lucía Carlos Elena Jorge Sofía Diego Carmen Pablo Laura Andrés".split()
_LAST = "García Martínez López Sánchez Pérez Gómez Fernández Díaz Moreno Álvarez Romero Navarro".split()
_FIRST_EN = "James Mary Robert Linda Michael Susan William Karen David Nancy Richard Lisa Thomas Helen".split()
_LAST_EN = "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Moore Jackson".split()


def _repeated(unit: str) -> Callable[[int], str]:
    return lambda size: unit * (size // len(unit))


def _distinct_names(first: list[str], last: list[str], sentence: str) -> Callable[[int], str]:
    """Sentences that each name three people, no two names alike, up to `size` characters."""

    def text(size: int) -> str:
        names = (f"{a} {b} {c}" for b in last for c in last for a in first if b != c)
        out: list[str] = []
        length = 0
        while length < size:
            out.append(sentence.format(next(names), next(names), next(names)))
            length += len(out[-1])
        return "".join(out)

    return text


KINDS: dict[str, tuple[str, Callable[[int], str]]] = {
    "es quotations on one line": ("es", _repeated('«"Biden" dijo» ')),
    "en quotations on one line": ("en", _repeated('"Biden" said ')),
    "en quotations with pronouns": ("en", _repeated("“We will win,” he said. ")),
    "es descriptions and pronouns": ("es", _repeated("«No», dijo el portavoz. «Sí», añadió él. Según ella, «nunca». ")),
    "es headlines repeating quotations": (
        "es", _repeated("«Decisión muy personal»\n\n«Es una decisión muy personal», dijo Biden.\n\n")),
    "es quoted titles": ("es", _repeated("Leyó «Cien Años de Soledad» y «El Otoño del Patriarca». ")),
    "es many names": ("es", _distinct_names(_FIRST, _LAST, "{} habló con {} y con {} en la Universidad de Granada. ")),
    "en many names": ("en", _distinct_names(_FIRST_EN, _LAST_EN, "{} met {} and {} at the University of Leeds. ")),
}


def _work(annotator: Annotator, text: str, lang: str) -> int:
    """Function calls (Python, spaCy's and built-in) and Python lines run (a loop's lines once per turn)
    while extracting the annotations of `text`, after the pipeline ran."""
    doc = annotator.pipeline(lang)[0](text)
    count = 0

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    def trace(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return trace

    sys.setprofile(profile)
    sys.settrace(trace)
    try:
        annotator.annotate_doc(doc, lang)
    finally:
        sys.settrace(None)
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("kind", KINDS)
def test_extraction_work_grows_linearly_with_the_text(annotator: Annotator, kind: str) -> None:
    lang, make = KINDS[kind]
    small, large = (_work(annotator, make(size), lang) for size in SIZES)
    assert 3.0 < large / small <= MAX_GROWTH, f"{kind}: {small} calls and lines, then {large} on 4× the text"


# ---- each index finds what a scan finds ----------------------------------------

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
NAMES = st.sampled_from(["Ana", "Luis", "Ana y Luis", "el portavoz"])
EVENTS = st.lists(st.builds(lambda offset, name: Event(offset, 0, offset // 10, Speaker(name, name, name != "el portavoz")),
                            st.integers(0, 40), NAMES), max_size=12)


@SETTINGS
@given(EVENTS.map(lambda events: sorted(events, key=lambda e: e.offset)) | EVENTS, st.integers(0, 42),
       st.sampled_from([None, False, True]))
def test_the_latest_named_event_is_the_one_a_scan_finds(events: list[Event], before: int, flag: bool | None) -> None:
    timeline = Timeline(events)
    named = [(p, e) for p, e in enumerate(events)
             if e.speaker.named and e.offset < before and (flag is None or several(e.speaker.name) == flag)]
    assert timeline.latest(before, flag) == (max(named, key=lambda pe: pe[1].offset) if named else None)
    assert timeline.last_named == next((e for e in reversed(events) if e.speaker.named), None)


_DOC = spacy.blank("en")(" ".join(f"w{i}" for i in range(40)))
_TOKEN = st.integers(0, 39)
CUES = st.lists(
    st.builds(lambda last, back, subject, weak: Cue(max(0, last - back), last, "", subject, weak),
              _TOKEN, st.integers(0, 2), st.none() | st.tuples(_TOKEN, st.just(0)).map(lambda t: (t[0], t[0] + 2)),
              st.booleans()),
    max_size=10,
).map(lambda cues: sorted(cues, key=lambda c: c.last))  # as `find_cues` gives them


@SETTINGS
@given(CUES, _TOKEN, st.integers(0, 160), st.integers(0, 160), st.none() | _TOKEN, st.integers(0, 160),
       st.lists(_TOKEN, max_size=4, unique=True))
def test_cue_lookups_find_what_scanning_every_cue_finds(
    cues: list[Cue], i: int, start: int, end: int, first: int | None, after: int, words: list[int]
) -> None:
    index = CueIndex(_DOC, cues)
    by_subject = next((c for c in cues if c.subject is not None and c.subject[0] == i and c.first - c.subject[1] <= 7),
                      None)
    assert index.starting_at(i) == {c.first: c for c in cues}.get(i, by_subject)
    here = [c for c in cues if start <= _DOC[c.last].idx < end and not c.only_after_quotes]
    before = [c for c in here if first is not None and c.last < first]
    later = [c for c in here if _DOC[c.last].idx >= after]
    assert index.around(start, end, first, after) == (before[-1] if before else None, later[0] if later else None)
    ending = next((c for c in cues if c.last in words and c.subject is not None and c.subject[0] > c.last), None)
    assert index.ending_in(words) == ending


WORDS = st.lists(st.sampled_from(["el", "portavoz", "del", "kremlin", "ministro", "de", "salud"]), max_size=3)


@SETTINGS
@given(st.lists(st.tuples(WORDS.map(tuple), st.sampled_from("ABC")), max_size=5), WORDS.map(tuple))
def test_title_holders_are_found_as_by_reading_every_title(titles: list[tuple[tuple[str, ...], str]],
                                                           key: tuple[str, ...]) -> None:
    exact = {name for title, name in titles if title == key}
    near = {name for title, name in titles if title[: len(key)] == key or key[: len(title)] == title}
    if not key:
        expected = None
    elif exact:
        expected = exact.pop() if len(exact) == 1 else None
    else:
        expected = near.pop() if len(near) == 1 else None
    assert TitleHolders([(title, name, 0) for title, name in titles]).holder(key) == expected


QUOTED = st.lists(st.sampled_from("a b c d e f g h".split()), min_size=1, max_size=8)


@SETTINGS
@given(st.lists(QUOTED, min_size=1, max_size=8), QUOTED.filter(lambda words: len(words) >= 2))
def test_a_quotation_is_compared_with_every_quotation_it_could_repeat(said: list[list[str]], words: list[str]) -> None:
    candidates = RepeatedWords(said).candidates(words)
    assert candidates == sorted(set(candidates))
    for position, other in enumerate(said):
        if _repeats(other, words) or _repeats(words, other):
            assert position in candidates


@SETTINGS
@given(st.text(alphabet="ab _-.\né", max_size=30), st.integers(0, 30), st.integers(0, 30))
def test_words_of_a_stretch_are_counted_as_findall_counts_them(text: str, start: int, end: int) -> None:
    assert WordRuns(text).count(start, end) == len(WORD.findall(text[start:end]))


_CLAUSE_MARK = re.compile(r"[.:;!?]\s+")


@SETTINGS
@given(st.text(alphabet="ab .:;\n!", max_size=30), st.integers(0, 30), st.integers(0, 30))
def test_clause_starts_are_those_of_a_search_up_to_each_offset(text: str, lo: int, hi: int) -> None:
    lo, hi = sorted((min(lo, len(text)), min(hi, len(text))))
    clauses = _Clauses(text, lo, hi)
    for i in range(lo, hi + 1):
        expected = lo
        for match in _CLAUSE_MARK.finditer(text, lo, i):
            expected = match.end()
        assert clauses.start_before(i) == expected


_BLANK = spacy.blank("es")
_BLANK.add_pipe("sentencizer")


@SETTINGS
@given(st.text(alphabet="ab «»()\n. ", max_size=30), st.integers(0, 30), st.integers(0, 30))
def test_lines_and_brackets_are_looked_up_as_by_reading_the_text(text: str, start: int, end: int) -> None:
    start, end = sorted((min(start, len(text)), min(end, len(text))))
    layout = TextLayout(_BLANK(text), [])
    # a quotation alone on its line: its line's words but its own are at most two
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end) if "\n" in text[end:] else len(text)
    outside = len(WORD.findall(text[line_start:start] + text[end:line_end]))
    quote = Quote(text[start:end], "scare", start, end)
    assert _alone_on_its_line(layout, WordRuns(text), quote) == (outside <= 2)
    # the line before that holds any text
    lines = text.split("\n")
    line = layout.line(start)
    assert layout.previous_text_line(line) == next((k for k in range(line - 1, -1, -1) if lines[k].strip()), -1)
    # an open parenthesis on the line
    before = text.rfind("(", 0, start)
    inside = before >= 0 and text.find(")", before, start) < 0 and "\n" not in text[before:start]
    assert layout.in_parentheses(start) == inside


@SETTINGS
@given(st.text(alphabet="ab .!?…»”\"'’)]*_ ", max_size=12), st.integers(0, 12), st.integers(0, 12))
def test_a_sentence_end_is_found_from_the_end_as_the_expression_finds_it(text: str, start: int, end: int) -> None:
    start, end = sorted((min(start, len(text)), min(end, len(text))))
    expected = re.compile(r"[.!?…][»”\"'’)\]*_]*$").search(text, start, end) is not None
    assert _ends_sentence(text, start, end) == expected  # (pieces of sentences never end with a line break)


_MARKDOWN_REFERENCE = (
    (re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)"), ""),
    (re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)"), r"\1"),
    (re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)", re.M), ""),
    (re.compile(r"(\*\*|__)(\S(?:.*?\S)?)\1"), r"\2"),
    (re.compile(r"(?<![\w*])([*_])(\S(?:.*?\S)?)\1(?![\w*])"), r"\2"),
    (re.compile(r"`([^`\n]*)`"), r"\1"),
)
MARKDOWNISH = st.lists(st.sampled_from([*"*_ab \n`[]()!#>-1.é\t", "**", "__", "](", "!["]), max_size=24).map("".join)


@settings(max_examples=1000, deadline=None)
@given(MARKDOWNISH)
def test_markdown_is_stripped_as_the_regular_expressions_strip_it(text: str) -> None:
    expected = text
    for pattern, replacement in _MARKDOWN_REFERENCE:
        expected = pattern.sub(replacement, expected)
    assert strip_markdown(text) == " ".join(expected.split())


def test_the_person_introduced_last_is_the_last_the_name_index_holds(annotator: Annotator) -> None:
    text = ("Ana López llegó. Luis Pérez habló con Ana López y con Marta Díaz. "
            "Después Luis Pérez se fue, y López volvió con Pedro Gil.")
    doc = annotator.pipeline("es")[0](text)
    finder = PhraseFinder(doc, [], annotator.annotate_doc(doc, "es").entities)
    assert sum(e.type == "PER" for e in finder.entities) >= 3
    for i in range(len(doc) + 1):
        people = [found[0] for j, found in finder.mention_at.items() if j < i and found[0].type == "PER"]
        assert finder.person_introduced_before(i) is (people[-1] if people else None)
