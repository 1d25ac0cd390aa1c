"""Datelines: a story's place in capitals (`WASHINGTON (AP) —`, `CIUDAD DEL VATICANO.`) is one place's name."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .entity_spans import Candidate

_DATELINE_CONNECTORS = frozenset({"DE", "DEL", "LA", "LAS", "LOS", "EL"})
_DASHES = frozenset({"—", "―", "–", "-", "--", ".-", "(", ","})
#: The most words of a dateline's place (`CIUDAD DE SANTO DOMINGO`); a longer run of capitals is a heading.
_DATELINE_WORDS = 5
#: How far after a dateline's place its dash or agency may come (`HEMPSTEAD, N.Y., Sept. 26 (UPI) —`).
_DATELINE_REACH = 10


def dateline_places(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """A place in capitals that heads a story's text (`WASHINGTON (AP) —`, `LONDRES.`, `... la enfermedad
    CIUDAD DEL VATICANO.`): the capitals are one place's name, whatever the model cut out of them. It opens a
    line and a dash or an agency in brackets follows it; or it ends a line, where the model saw a place in
    it or the text names it, or one of its words, in lowercase too (`Londres`)."""
    found = []
    source = doc.text  # spaCy joins the tokens' texts on every access
    written = {text.casefold() for c in cands if not (text := c.text(source)).isupper()}
    for i, token in enumerate(doc):
        opens_line = i == 0 or "\n" in doc[i - 1].text
        if not _capitals(token) or not (opens_line or doc[i - 1].text[:1].islower() and not _capitals(doc[i - 1])):
            continue
        end = i + 1
        while end < len(doc) and end - i < _DATELINE_WORDS and (
            _capitals(doc[end]) or doc[end].text in _DATELINE_CONNECTORS and end + 1 < len(doc)
            and _capitals(doc[end + 1])
        ):
            end += 1
        if sum(len(t) for t in doc[i:end]) < 4 or end < len(doc) and doc[end].is_alpha and doc[end].text.isupper():
            continue  # a heading in capitals, not a place
        run = doc[i:end].text
        words = [t.text.casefold() for t in doc[i:end] if t.text not in _DATELINE_CONNECTORS]
        place = any(c.label == "LOC" and i <= c.first < end for c in cands) or any(
            w in written for w in [run.casefold(), *words]
        )
        if opens_line and _dash_follows(doc, end) or _ends_line(doc, end) and place:
            found.append(Candidate(token.idx, doc[end - 1].idx + len(doc[end - 1]), "LOC", i, end, dateline=True))
    if not found:
        return cands
    covered = {k for c in found for k in range(c.first, c.last)}
    kept = [c for c in cands if not any(k in covered for k in range(c.first, c.last))]
    return sorted(kept + found, key=lambda c: c.start)


def _capitals(token: Token) -> bool:
    """A word in capitals that is no function word (`EL`, `CON`, `THE`)."""
    return token.text.isalpha() and token.text.isupper() and len(token.text) > 1 and not token.is_stop


def _dash_follows(doc: Doc, end: int) -> bool:
    """A dash or an opening bracket soon after `end`, on the same line, the first one right after a comma."""
    if end < len(doc) and doc[end].text not in _DASHES:
        return False
    for k in range(end, min(end + _DATELINE_REACH, len(doc))):
        if "\n" in doc[k].text:
            return False
        if doc[k].text in _DASHES and doc[k].text != ",":
            return True
    return False


def _ends_line(doc: Doc, end: int) -> bool:
    """Nothing but a full stop after `end` before the line breaks."""
    k = end + 1 if end < len(doc) and doc[end].text == "." else end
    return k >= len(doc) or "\n" in doc[k].text
