"""Quotations of one article: statements with their speakers, and scare quotes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from difflib import SequenceMatcher

from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH_STOP_WORDS
from spacy.lang.es.stop_words import STOP_WORDS as SPANISH_STOP_WORDS
from spacy.tokens import Doc

from ..model import Entity, Quote, QuoteKind
from .quote_marks import QuoteSpan, nickname
from .reporting import NAMING_WORDS, NOUN_PHRASE_OPENERS, POSSESSIVES, SOURCE_PHRASES, SOURCE_PREPOSITIONS
from .sentences import TextLayout
from .speakers import Attribution, attribute_quotes
from .word_index import WORD, RepeatedWords, WordRuns

_WORD_CHAR = re.compile(r"\w")
_WORDS_BEFORE = re.compile(r"(?:[\w-]+\W+){0,2}$")
_TITLE_CONNECTORS = frozenset("de del la las el los y en a of the and in on for to".split())
SOURCE_CUES = frozenset(SOURCE_PREPOSITIONS | {" ".join(p) for p in SOURCE_PHRASES} | {":"})
_STOP_WORDS = SPANISH_STOP_WORDS | ENGLISH_STOP_WORDS
_SHORT = 4
"""A quotation of at most this many words may be a term rather than somebody's words."""
DOUBTFUL = -1.0
"""The score `extract_quotes` gives a statement whose speaker is doubtful, until `score_quotes` sets it."""


def extract_quotes(
    doc: Doc, layout: TextLayout, spans: Sequence[QuoteSpan], entities: Sequence[Entity]
) -> list[Quote]:
    """Every quotation of `doc`, classified and attributed (not yet scored: see `score_quotes`)."""
    text = layout.text
    quotes: list[Quote] = []
    for span, attribution in zip(spans, attribute_quotes(doc, layout, spans, entities)):
        words = text[span.start : span.end]
        short = len(WORD.findall(words)) <= _SHORT  # only a short quotation's kind asks whether it names something
        kind = quote_kind(text, span, attribution, nominal=not short or _nominal(doc, span))
        if kind == "scare":
            quotes.append(Quote(words, kind, span.start, span.end))
            continue
        speaker = attribution.speaker
        quote = Quote(
            words, kind, span.start, span.end,
            speaker=speaker.name if speaker else None,
            speaker_mention=speaker.mention if speaker and attribution.how in ("cue", "colon", "clause") else None,
            cue=attribution.cue,
            score=0.0 if attribution.sure else DOUBTFUL,
        )
        quotes.append(quote)
    _speakers_of_repeated_words(layout, quotes)
    return quotes


def _speakers_of_repeated_words(layout: TextLayout, quotes: list[Quote]) -> None:
    """A headline quotation (`«Decisión personal»` alone on its line) that repeats words the article
    quotes with a speaker is that speaker's statement."""
    said = [q for q in quotes if q.kind == "statement" and q.speaker is not None]
    repeated = RepeatedWords([_normal_words(q.text) for q in said])
    words_of_lines: WordRuns | None = None
    for index, quote in enumerate(quotes):
        inherited = quote.cue is None and quote.speaker_mention is None
        if not (quote.speaker is None or inherited):
            continue
        words = _normal_words(quote.text)
        if len(words) < 2:
            continue
        words_of_lines = words_of_lines or WordRuns(layout.text)
        if not _alone_on_its_line(layout, words_of_lines, quote):
            continue
        for position in repeated.candidates(words):
            other = said[position]
            other_words = repeated.words[position]
            if other is not quote and (_repeats(other_words, words) or _repeats(words, other_words)):
                quotes[index] = replace(quote, kind="statement", speaker=other.speaker, cue=quote.cue, score=other.score)
                break


def _alone_on_its_line(layout: TextLayout, runs: WordRuns, quote: Quote) -> bool:
    """The quotation is its line's only text, but for a short attribution (`«...», asegura`)."""
    text = layout.text
    line_start, _ = layout.line_bounds(layout.line(quote.start))
    _, line_end = layout.line_bounds(layout.line(quote.end))
    outside = runs.count(line_start, quote.start) + runs.count(quote.end, line_end)
    if line_start < quote.start and quote.end < line_end and _WORD_CHAR.match(text, quote.start - 1) \
            and _WORD_CHAR.match(text, quote.end):
        outside -= 1  # the words around the quotation would run together: one word
    return outside <= 2


def _normal_words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def _repeats(longer: list[str], shorter: list[str]) -> bool:
    """`shorter` appears in `longer`, in order, but for a few words (`El único imprescindible [de este
    grupo] es Leo`)."""
    if not 2 <= len(shorter) <= len(longer):
        return False
    matcher = SequenceMatcher(None, longer, shorter, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) >= 0.8 * len(shorter)


def inner_quotes(text: str, spans: Sequence[QuoteSpan]) -> list[Quote]:
    """Terms and titles quoted inside somebody's words (`«el 'genio' femenino»`): scare quotes."""
    found = []
    for span in spans:
        words = text[span.start : span.end]
        if len(WORD.findall(words)) <= _SHORT or title_like(words):
            found.append(Quote(words, "scare", span.start, span.end))
    return found


def promote_speakers(entities: Sequence[Entity], quotes: Sequence[Quote]) -> bool:
    """A place or thing the model saw that says a statement itself (`agregó Krauze`) is a person;
    True if any entity changed."""
    by_name = {e.name: e for e in entities if e.type in ("LOC", "MISC")}
    changed = False
    for quote in quotes:
        entity = by_name.get(quote.speaker or "")
        if entity is None or quote.cue is None or quote.cue.lower() in SOURCE_CUES:
            continue
        if (quote.speaker_mention or "") in entity.surface_forms:
            entity.type = "PER"
            changed = True
    return changed


def score_quotes(quotes: Sequence[Quote], entities: Sequence[Entity]) -> None:
    """Set every statement's key-quote score: 0 for a statement whose speaker is missing or doubtful (see
    `Attribution.sure`), which is never a key quote."""
    people = {e.name for e in entities if e.type == "PER"}
    for quote in quotes:
        if quote.kind != "statement" or quote.score == DOUBTFUL or quote.speaker is None:
            quote.score = 0.0
        else:
            quote.score = quote_score(quote, named=quote.speaker in people)


def quote_kind(text: str, span: QuoteSpan, attribution: Attribution, *, nominal: bool = True) -> QuoteKind:
    """`scare` for a title, a term or a nickname in quotation marks; `statement` for somebody's words.

    A short quotation is somebody's words only when a reporting cue introduces it (`calificó como una
    «irresponsabilidad académica»`, `«¿Traición?», tuiteó`), or when it names nothing (no noun: `pagarán «algo
    más»`, `Britain's "chaotic" system`) and the verb it depends on has a subject who speaks; after a naming
    word (`la palabra «sólo»`) or a possessive (`sus «líneas rojas»`) it is a term.
    """
    quoted = text[span.start : span.end]
    if quoted_title(text, span) is not None or nickname(text, span):
        return "scare"
    if len(WORD.findall(quoted)) > _SHORT or _whole_sentence(text, span):
        return "statement"
    end = span.open_at if span.open_at >= 0 else span.start
    before = _WORDS_BEFORE.search(text, max(end - 60, 0), end)
    previous = [w.lower() for w in WORD.findall(before.group(0))][-2:] if before else []
    if set(previous) & NAMING_WORDS and not _named_by_its_speaker(text, before, attribution) \
            or previous[-1:] and previous[-1] in POSSESSIVES:
        return "scare"  # "la palabra «sólo»", "términos como «virus chino»", "sus «líneas rojas»"
    single = span.open_at >= 0 and text[span.open_at] in "'‘"
    if (attribution.framed or single) and previous[-1:] and previous[-1] in NOUN_PHRASE_OPENERS:
        return "scare"  # "los «terraplanistas» ya han establecido ..., opina Davis", "la 'lista Lagarde'"
    if attribution.governed and attribution.speaker is not None:
        return "statement"
    if not nominal and attribution.speaker is not None and attribution.how == "clause":
        return "statement"  # words of a sentence, not a term: `Iglesias y Montero pagarán «algo más» de ...`
    return "scare"


def _nominal(doc: Doc, span: QuoteSpan) -> bool:
    """The quoted words hold a noun, a name or a number: they may be a term rather than words said."""
    first = doc.char_span(span.start, span.end, alignment_mode="expand")
    return first is None or any(t.pos_ in ("NOUN", "PROPN", "NUM", "X", "") for t in first)


def _named_by_its_speaker(text: str, before: re.Match[str] | None, attribution: Attribution) -> bool:
    """The naming word before the quotation is the verb of a subject who speaks (`what he called a «brazen
    breach»`, `lo que el ministro llamó «un error»`), not a participle or a noun (`the so-called «reform»`,
    `conocidos como «halcones»`, `la palabra «sólo»`)."""
    if before is None or attribution.how != "clause" or not attribution.governed or attribution.speaker is None:
        return False
    if not before.start() <= attribution.verb_at < before.end():
        return False
    verb = WORD.match(text, attribution.verb_at)
    return verb is not None and verb.group(0).lower() in NAMING_WORDS


def _whole_sentence(text: str, span: QuoteSpan) -> bool:
    """The quotation is a sentence of its own (`Graham asked. "Neither do I."`): it opens a sentence with a
    capital and closes with a full stop, a question or an exclamation mark."""
    quoted = text[span.start : span.end].rstrip()
    return _opens_sentence(text, span) and quoted[:1].isupper() and quoted[-1:] in ".!?" and " " in quoted


def _opens_sentence(text: str, span: QuoteSpan) -> bool:
    """The quotation opens its sentence, or follows a colon."""
    opening = span.open_at if span.open_at >= 0 else span.start
    before = text[max(opening - 4, 0) : opening].rstrip(" '`\"‘“«")  # a mark written twice (`''`) is one mark
    return not before or before[-1] in ".!?:\n"


def quote_score(quote: Quote, *, named: bool) -> float:
    """Rank for key quotes: a named speaker, a whole sentence, an informative length and words."""
    words = WORD.findall(quote.text)
    score = 2.0 if named else 1.0 if quote.speaker else 0.0
    score += 1.0 if len(words) >= 8 else 0.0
    score += 0.5 if 15 <= len(words) <= 60 else 0.0
    score -= 0.5 if len(words) > 80 else 0.0
    score += 0.5 if quote.text[:1].isupper() else 0.0
    score += 0.25 if quote.text.rstrip()[-1:] in ".!?" else 0.0
    if words:  # informative words: a quotation of "we will see what happens" says little
        score += 0.5 * sum(w.lower() not in _STOP_WORDS and len(w) > 3 for w in words) / len(words)
    return round(score, 3)


def title_like(quoted: str) -> bool:
    """`Cien Años de Soledad`: every word capitalised but the small ones, and no sentence punctuation (but
    the comma or full stop that American style puts inside the closing mark: `on “Fox News Sunday,” Pence`)."""
    return title_length(quoted) is not None


def quoted_title(text: str, span: QuoteSpan) -> int | None:
    """How much of the quotation is a title, or None: `“Thank You,” she told the crowd` opens its sentence
    with words said, not with a title."""
    quoted = text[span.start : span.end]
    title = title_length(quoted)
    return title if title is not None and (title == len(quoted) or not _opens_sentence(text, span)) else None


def title_length(quoted: str) -> int | None:
    """How much of the quotation is a title (without a comma or full stop closing it), or None."""
    title = quoted.rstrip()
    if title[-1:] in (",", "."):
        title = title[:-1]
    words = title.split()
    if not 2 <= len(words) <= 8 or re.search(r"[.,;:!?]", title):
        return None
    if words[0][:1].isupper() and all(w[:1].isupper() or w.lower() in _TITLE_CONNECTORS for w in words):
        return len(title)
    return None
