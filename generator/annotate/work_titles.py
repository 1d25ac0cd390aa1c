"""Titles of works written without quotation marks, which the models miss or cut into words."""

from __future__ import annotations

import re

from ..lang import en, es

_UPPER = "A-ZÁÉÍÓÚÑÜÀÈÌÒÙÇ"
_LOWER = "a-záéíóúñüàèìòùç"
#: A capitalised word and a few lowercase ones: a title in sentence case, as Spanish writes titles.
_SENTENCE_CASE = rf"[{_UPPER}][{_LOWER}]+(?: [{_LOWER}]+){{1,5}}"
#: `La usurpadora (1998)`, `El libro de la selva (1967)`: a title right before its year in brackets.
_DATED_TITLE = re.compile(rf"(?<![\w-])({_SENTENCE_CASE}) \((?:\d{{1,4}}|\*NUMBER\*)\)")
_WORKS = "|".join(sorted(es.WORK_CLASSIFIERS | en.WORK_CLASSIFIERS, key=len, reverse=True))
#: `el melodrama Pasión y poder, su último proyecto`: a title after the noun of its kind (in lowercase: `UK Film
#: Council` names no film), up to a sign; an adverb (`finalmente`) says the sentence went on instead.
_NAMED_WORK = re.compile(rf"(?<![\w-])(?:{_WORKS}) ({_SENTENCE_CASE})(?=[,.;:(]|$)", re.MULTILINE)
#: Words a title does not end with: the sentence goes on after them (`Soy tu dueña y, sobre todo`).
_NO_END = frozenset("y e o u ni de del a al en con por para que the and or of to in".split())


def unquoted_titles(text: str) -> list[tuple[int, int]]:
    """Character spans of titles written without quotation marks, in sentence case: followed by their year in
    brackets, or after the noun of their kind and before a sign."""
    found = [(m.start(1), m.end(1)) for m in _DATED_TITLE.finditer(text)]
    for match in _NAMED_WORK.finditer(text):
        start, end = match.span(1)
        words = text[start:end].split()
        while len(words) > 2 and words[-1] in _NO_END:
            end -= len(words.pop()) + 1
        if len(words) > 1 and words[-1] not in _NO_END and not any(w.endswith("mente") for w in words):
            found.append((start, end))
    return sorted(set(found))
