"""Turn raw NER spans into clean name mentions: trim descriptions, drop junk, mend bad splits."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from ..model import EntityType
from .capitalised_names import is_capitalised, starts_sentence
from .roles import HONORIFICS, is_role_word

#: Closed word classes: a capitalised one is never a name by itself.
_CLOSED_POS = frozenset({"DET", "ADP", "PRON", "SCONJ", "CCONJ", "PART", "NUM"})
#: Open word classes that are junk at a name's start when capitalised only by position.
_OPEN_NON_NAME_POS = frozenset({"VERB", "AUX", "ADV", "INTJ"})
#: Head nouns of institution names that run on through "de", "para la", "y"...
INSTITUTION_HEADS = frozenset(
    """organización organizacion departamento ministerio secretaría secretaria consejo comisión
    banco fondo instituto universidad tribunal corte agencia fundación asociación federación
    unión partido comité centro oficina servicio junta cámara sociedad alianza liga confederación
    procuraduría fiscalía dirección autoridad administración
    organisation organization department ministry council commission bank fund institute
    university court agency foundation association federation union party committee centre
    center office service board chamber society alliance league authority""".split()
)
_CHAIN_CONNECTORS = frozenset(
    {"de", "del", "para", "la", "las", "el", "los", "y", "e", "en", "sobre", "contra",
     "of", "for", "the", "and", "on", "against"}
)


@dataclass(frozen=True)
class Candidate:
    """One name mention before grouping: character offsets plus its token range."""

    start: int
    end: int
    label: EntityType
    first: int
    """Index of the first token."""
    last: int
    """Index of the token after the last one."""
    ruler_id: str = ""
    """The authored entity or glossary term it was matched from (`""` for the model's)."""

    def text(self, source: str) -> str:
        """The mention as written in `source` (the document's text), whitespace collapsed."""
        return " ".join(source[self.start : self.end].split())


def lowercase_words(doc: Doc) -> frozenset[str]:
    """Words the text writes in lowercase somewhere (so capitalised elsewhere only by position)."""
    return frozenset(t.text for t in doc if t.text[:1].islower())


def trim(doc: Doc, cand: Candidate, lower_words: frozenset[str]) -> Candidate | None:
    """Drop leading descriptions and function words and trailing lowercase words; None if nothing is left."""
    first, last = cand.first, cand.last
    while first < last and _junk_at_start(doc, first, last, lower_words):
        first += 1
    while last > first and _junk_at_end(doc[last - 1]):
        last -= 1
    while cand.label == "PER" and last - first > 2 and is_role_word(doc[first].text):
        first += 1  # "MEP Caroline Lucas" → "Caroline Lucas"
    if first == last:
        return None
    if last - first == 1 and _junk_alone(doc[first], lower_words):
        return None
    if cand.label == "PER" and first > 0 and doc[first - 1].lower_ in HONORIFICS and doc[first - 1].text[:1].isupper():
        first -= 1  # "Mr Blair": the honorific is part of how the article names him
    return replace(cand, start=doc[first].idx, end=doc[last - 1].idx + len(doc[last - 1]), first=first, last=last)


def _junk_at_start(doc: Doc, i: int, last: int, lower_words: frozenset[str]) -> bool:
    token = doc[i]
    if token.is_space or token.is_punct or not token.text[:1].isupper() and not token.text[:1].isdigit():
        return True
    pos = token.pos_
    if pos == "DET" or (not pos and token.is_stop):
        # "El País", "La Haya", "The Guardian": a capitalised article mid-sentence is part of the name,
        # and so is one before a single name at the start of a sentence ("El Salvador es...")
        rest_is_name = all(is_capitalised(t) for t in doc[i + 1 : last]) and last > i + 1
        return not (rest_is_name and (not starts_sentence(token) or last - i == 2))
    if pos in _CLOSED_POS:
        return True
    if pos in _OPEN_NON_NAME_POS:
        return token.is_stop or starts_sentence(token) or token.text.lower() in lower_words
    return False


def _junk_at_end(token: Token) -> bool:
    return token.is_space or token.is_punct or token.text[:1].islower() or token.text in ("'s", "’s", "'")


def _junk_alone(token: Token, lower_words: frozenset[str]) -> bool:
    if token.text.isupper() and len(token.text) > 1:
        return False  # an acronym
    if token.pos_ in _CLOSED_POS or token.pos_ in _OPEN_NON_NAME_POS:
        return True
    if token.is_stop and (token.pos_ != "PROPN" or starts_sentence(token)):
        return True  # "Tales", "Según"; but "Mrs May" mid-sentence stays
    # a word capitalised only because it starts a sentence ("Llamada", "Seguimos")
    return starts_sentence(token) and token.text.lower() in lower_words


def institution_chains(doc: Doc) -> list[Candidate]:
    """Names like `Organización para la Seguridad y Cooperación en Europa`, which NER cuts up."""
    chains: list[Candidate] = []
    i = 0
    while i < len(doc):
        token = doc[i]
        if token.lower_ not in INSTITUTION_HEADS or not token.text[:1].isupper():
            i += 1
            continue
        end = j = i + 1
        while True:
            gap = j
            while gap < len(doc) and gap - j < 2 and _chain_connector(doc[gap]):
                gap += 1
            if gap < len(doc) and _chain_word(doc[gap]):
                end = j = gap + 1
            else:
                break
        if end - i >= 2:
            chains.append(Candidate(token.idx, doc[end - 1].idx + len(doc[end - 1]), "ORG", i, end))
        i = max(end, i + 1)
    return chains


def _chain_connector(token: Token) -> bool:
    return token.text in _CHAIN_CONNECTORS


def _chain_word(token: Token) -> bool:
    """A capitalised content word that can continue a name (not an acronym or a compound)."""
    text = token.text
    return text[:1].isupper() and text[1:].islower() and "-" not in text and not token.is_stop


def apply_chains(cands: list[Candidate], chains: Iterable[Candidate]) -> list[Candidate]:
    """Replace the fragments a chain covers by the chain (authored matches always win)."""
    result = list(cands)
    for chain in chains:
        covered = [c for c in result if c.start < chain.end and chain.start < c.end]
        if any(c.ruler_id for c in covered):
            continue
        if any(c.start < chain.start or c.end > chain.end for c in covered):
            continue  # the model found something longer that crosses it: leave both alone
        if any(c.label == "PER" and (c.last - c.first > 1 or chain.last - chain.first == 2) for c in covered):
            continue  # "Administración Trump" is a person's government, not a new name
        if len(covered) == 1 and (covered[0].start, covered[0].end) == (chain.start, chain.end):
            continue
        result = [c for c in result if c not in covered]
        result.append(chain)
    return sorted(result, key=lambda c: c.start)


def split_merged(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """Split spans that join two names found on their own elsewhere ("Estados Unidos Rusia", "Biden-Putin")."""
    source = doc.text
    texts: dict[str, set[EntityType]] = {}
    for c in cands:
        texts.setdefault(c.text(source), set()).add(c.label)
    result: list[Candidate] = []
    for cand in cands:
        own = cand.text(source)
        known = {t: labels for t, labels in texts.items() if t != own}
        parts = None if cand.ruler_id else _hyphen_parts(doc, cand, known) or _token_parts(doc, cand, known)
        result.extend(parts or [cand])
    return result


def _hyphen_parts(doc: Doc, cand: Candidate, known: dict[str, set[EntityType]]) -> list[Candidate] | None:
    if cand.last - cand.first != 1 or "-" not in doc[cand.first].text:
        return None
    pieces = doc[cand.first].text.split("-")
    if len(pieces) < 2 or not all(p in known for p in pieces):
        return None
    parts, offset = [], cand.start
    for piece in pieces:
        label = next(iter(sorted(known[piece])))
        parts.append(replace(cand, start=offset, end=offset + len(piece), label=label))
        offset += len(piece) + 1
    return parts


def _token_parts(doc: Doc, cand: Candidate, known: dict[str, set[EntityType]]) -> list[Candidate] | None:
    """Segment into ≥2 known place or organisation names separated only by spaces."""
    if cand.label == "PER" or cand.last - cand.first < 2:
        return None
    n = cand.last - cand.first
    best: list[list[tuple[int, int]] | None] = [None] * (n + 1)
    best[0] = []
    for end in range(1, n + 1):
        for begin in range(end):
            prefix = best[begin]
            if prefix is None:
                continue
            text = doc[cand.first + begin : cand.first + end].text
            if text in known and known[text] - {"PER"}:
                best[end] = [*prefix, (begin, end)]
                break
    segments = best[n]
    if not segments or len(segments) < 2:
        return None
    parts = []
    for begin, end in segments:
        first, last = cand.first + begin, cand.first + end
        text = doc[first:last].text
        label = sorted(known[text] - {"PER"})[0]
        parts.append(Candidate(doc[first].idx, doc[last - 1].idx + len(doc[last - 1]), label, first, last))
    return parts
