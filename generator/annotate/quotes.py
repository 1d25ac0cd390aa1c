"""Quotations of one article: statements with their speakers, and scare quotes."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc

from ..model import Entity, Quote, QuoteKind
from .quote_marks import QuoteSpan
from .reporting import NAMING_WORDS, NOUN_PHRASE_OPENERS, SOURCE_PHRASES, SOURCE_PREPOSITIONS
from .sentences import TextLayout
from .speakers import Attribution, attribute_quotes

_WORD = re.compile(r"\w+")
_WORD_BEFORE = re.compile(r"([\w-]+)\W*$")
_TITLE_CONNECTORS = frozenset("de del la las el los y en a of the and in on for to".split())
SOURCE_CUES = frozenset(SOURCE_PREPOSITIONS | {" ".join(p) for p in SOURCE_PHRASES} | {":"})
_SHORT = 4
"""A quotation of at most this many words may be a term rather than somebody's words."""


def extract_quotes(
    doc: Doc, layout: TextLayout, spans: Sequence[QuoteSpan], entities: Sequence[Entity]
) -> list[Quote]:
    """Every quotation of `doc`, classified and attributed (not yet scored: see `score_quotes`)."""
    text = doc.text
    quotes: list[Quote] = []
    for span, attribution in zip(spans, attribute_quotes(doc, layout, spans, entities)):
        words = text[span.start : span.end]
        kind = quote_kind(text, span, attribution)
        if kind == "scare":
            quotes.append(Quote(words, kind, span.start, span.end))
            continue
        speaker = attribution.speaker
        quote = Quote(
            words, kind, span.start, span.end,
            speaker=speaker.name if speaker else None,
            speaker_mention=speaker.mention if speaker and attribution.how in ("cue", "colon") else None,
            cue=attribution.cue,
        )
        quotes.append(quote)
    return quotes


def promote_speakers(entities: Sequence[Entity], quotes: Sequence[Quote]) -> None:
    """A place or thing the model saw that says a statement itself (`agregó Krauze`) is a person."""
    by_name = {e.name: e for e in entities if e.type in ("LOC", "MISC")}
    for quote in quotes:
        entity = by_name.get(quote.speaker or "")
        if entity is None or quote.cue is None or quote.cue.lower() in SOURCE_CUES:
            continue
        if (quote.speaker_mention or "") in entity.surface_forms:
            entity.type = "PER"


def score_quotes(quotes: Sequence[Quote], entities: Sequence[Entity]) -> None:
    """Set every statement's key-quote score."""
    people = {e.name for e in entities if e.type == "PER"}
    for quote in quotes:
        if quote.kind == "statement":
            quote.score = quote_score(quote, named=quote.speaker in people)


def quote_kind(text: str, span: QuoteSpan, attribution: Attribution) -> QuoteKind:
    """`scare` for a title, a term or a nickname in quotation marks; `statement` for somebody's words."""
    words = _WORD.findall(text[span.start : span.end])
    if _title_like(text[span.start : span.end]):
        return "scare"
    if len(words) > _SHORT:
        return "statement"
    before = _WORD_BEFORE.search(text, max(span.start - 40, 0), max(span.open_at, span.start))
    previous = before.group(1).lower() if before else ""
    if previous in NOUN_PHRASE_OPENERS or previous in NAMING_WORDS:
        return "scare"  # "sus «líneas rojas»", "the so-called 'black hole'"
    if attribution.how in ("cue", "colon"):
        return "statement"
    return "scare"


def quote_score(quote: Quote, *, named: bool) -> float:
    """Rank for key quotes: a named speaker, a whole sentence, an informative length."""
    words = len(quote.text.split())
    score = 2.0 if named else 1.0 if quote.speaker else 0.0
    score += 1.0 if words >= 8 else 0.0
    score += 0.5 if 15 <= words <= 60 else 0.0
    score -= 0.5 if words > 80 else 0.0
    score += 0.5 if quote.text[:1].isupper() else 0.0
    score += 0.25 if quote.text.rstrip()[-1:] in ".!?" else 0.0
    return score


def _title_like(quoted: str) -> bool:
    """`Cien Años de Soledad`: every word capitalised but the small ones, and no sentence punctuation."""
    words = quoted.split()
    if not 2 <= len(words) <= 8 or re.search(r"[.,;:!?]", quoted):
        return False
    return words[0][:1].isupper() and all(w[:1].isupper() or w.lower() in _TITLE_CONNECTORS for w in words)
