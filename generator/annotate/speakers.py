"""Who said each quotation: reporting cues, their subjects, and how unnamed sources resolve."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import islice
from typing import Literal

from spacy.tokens import Doc, Span, Token

from ..model import Entity
from .clauses import ClauseReader
from .cue_index import CueIndex
from .events import Event, Speaker
from .focus import INDEFINITES, Focus, coordinated_people, demonstrative, joined
from .gender import Gender, compatible, described_gender, genders
from .named_bodies import NamedBodies
from .noun_phrases import DASHES, Cue, PhraseFinder, inline_space, is_determiner
from .quote_marks import QuoteSpan, nickname
from .reporting import (CONTINUING_VERBS, CONTRACTED_ARTICLES, NAMING_WORDS, PERSON_RELATIVES,
                        RELATIVE_PRONOUNS, TURN_NOUNS, OWNED_DOCUMENTS, PERSONAL_POSSESSIVES, PERSONAL_PRONOUNS, PLURAL_PRONOUNS,
                        SOURCE_NOUNS)
from .roles import is_role_word
from .sentences import TextLayout

__all__ = ["Attribution", "Speaker", "SpeakerFinder", "attribute_quotes"]

_DEFINITE = frozenset({"el", "la", "los", "las", "the"})
#: The prepositions before who issues a document (`issued by X`, `on behalf of X`, `firmada por X`).
_ISSUED_BY = frozenset({"by", "of", "por"})
_PARTICIPLE_ENDINGS = ("ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas")
_WORD = re.compile(r"\w+")
_GROUP_REACH = 20
"""Speakers looked back over for a group a plural verb may mean (a long text has thousands)."""
_TURN_REACH = 12
"""Words looked back over from a verb for whose turn it is (`Cuando tocó el turno de X, comentó`)."""
#: Words that open a plural noun phrase: a group.
_PLURAL_OPENERS = frozenset("los las unos unas estos estas esos esas aquellos aquellas ellos ellas muchos muchas "
                            "varios varias algunos algunas they these those many several some both".split())
_WORDS_BEFORE = re.compile(r"(?:[\w-]+\W+){0,2}$")

@dataclass(frozen=True)
class Attribution:
    """Who said one quotation and how that was found."""

    speaker: Speaker | None
    cue: str | None
    how: Literal["cue", "colon", "clause", "subject", "inherited", "none"]
    governed: bool = False
    """The cue (or colon) introduces this very quotation: not only a cue somewhere in its sentence."""
    framed: bool = False
    """Governed only as part of a sentence that ends with its cue (`..., he said.`)."""
    verb_at: int = -1
    """Where the verb of the quotation's own clause starts (`what he called a "breach"`), for `clause`."""
    sure: bool = False
    """Named near the quotation (by a cue's subject, a colon, a signature, a clause's subject) or speaking on in
    the paragraph where they were named, and somebody who can speak: fit to be shown out of context."""


#: The most tokens a description before a speaker's name may hold (`the senator's cousin, Ann Lee, said`).
_APPOSED_REACH = 10
_TITLE_REACH = 3


class TitleHolders:
    """The people an article introduces with a description (`el portavoz del Kremlin, Dmitry Peskov`),
    found by the description's words and, if asked, among those introduced before a point of the text."""

    def __init__(self, titles: Sequence[tuple[tuple[str, ...], str, int]]) -> None:
        # words → {person: where the text first introduces them with those words}
        self._exact: dict[tuple[str, ...], dict[str, int]] = {}
        self._by_prefix: dict[tuple[str, ...], dict[str, int]] = {}
        for title, name, offset in titles:
            _earliest(self._exact.setdefault(title, {}), name, offset)
            for n in range(1, len(title) + 1):
                _earliest(self._by_prefix.setdefault(title[:n], {}), name, offset)

    def holder(self, key: tuple[str, ...], before: int | None = None) -> str | None:
        """The one person introduced with exactly these words, or else with words that start with them or
        that they start with; only people introduced before offset `before`, when given (a description
        points back to somebody the reader has met)."""
        if not key:
            return None

        def met(people: dict[str, int]) -> set[str]:
            return {name for name, at in people.items() if before is None or at <= before}

        exact = met(self._exact.get(key, {}))
        if exact:
            return next(iter(exact)) if len(exact) == 1 else None
        near = met(self._by_prefix.get(key, {}))
        for n in range(len(key)):
            near |= met(self._exact.get(key[:n], {}))
        return near.pop() if len(near) == 1 else None


def _earliest(people: dict[str, int], name: str, offset: int) -> None:
    people[name] = min(offset, people.get(name, offset))


class SpeakerFinder:
    """Attribute the quotations of one document."""

    def __init__(
        self, doc: Doc, layout: TextLayout, quotes: Sequence[QuoteSpan], entities: Sequence[Entity]
    ) -> None:
        self.doc = doc
        self.layout = layout
        self.quotes = quotes
        # a nickname inside a name (`Marcia "Cia" Price`) is read as part of the name, not as a quotation
        self.np = PhraseFinder(doc, [span for span in quotes if not nickname(layout.text, span)], entities)
        self.titles = TitleHolders(self._appositions())
        self.clauses = ClauseReader(doc, layout, self.np.in_quote, self.np.mention_at)
        self.genders = genders(doc, self.np.mention_at)
        self.bodies = NamedBodies(self.np.mention_at)
        cues = self.np.find_cues()
        walked = {cue.last: cue.subject for cue in cues if cue.subject is not None}
        self.cues = [self._with_parsed_subject(cue, walked) for cue in cues if not self.clauses.narrates(cue.last)]
        self._cue_index = CueIndex(doc, self.cues)
        self._not_people = frozenset(e.name for e in entities if e.type != "PER")
        self._sentence_words: dict[int, list[int]] = {}
        self.focus = Focus(doc, layout, self.np)
        self.events = self.focus.events  # the same list: descriptions mean the people who spoke before them
        self.cue_speakers: dict[int, Speaker | None] = {}
        self._document_speakers: dict[str, Speaker] = {}
        """Who spoke in a document (`En el memorándum, Trump dijo`), by the document's noun: the memo's author."""
        self._resolve_cues()
        topics = [e for e in self.focus.subjects.values() if e is not None]
        self.events.reset(sorted([*self.events, *topics], key=lambda e: e.offset))
        self._event_offsets = [e.offset for e in self.events]

    # ---- quotations -------------------------------------------------------

    def attribute(self) -> list[Attribution]:
        """One attribution per quotation span, in order."""
        result: list[Attribution] = []
        quote_events: list[Event] = []
        for span in self.quotes:
            found = self._cue_for(span)
            attribution: Attribution
            if (signed := self._signature(span)) is not None:
                attribution = Attribution(signed, None, "colon", True)
            elif (named := self._naming_clause(span)) is not None:
                attribution = Attribution(named[0], None, "clause", True, verb_at=named[2])
            elif found is not None:
                cue, governed, framed = found
                speaker = self.cue_speakers.get(cue.first) if self._impersonal(cue) else (
                    self.cue_speakers.get(cue.first) or self._fitting(cue, self._of_number(
                        self.doc[cue.last], self._last_event(span.start, quote_events))))
                if speaker is not None and demonstrative(speaker) and quote_events:
                    # "Según esa publicación": the source just quoted, named as a thing
                    speaker = replace(quote_events[-1].speaker, mention=speaker.mention)
                attribution = Attribution(speaker, cue.text, "cue", governed, framed)
                # a verb of speech the quotation depends on says more than a cue that names nobody or comes
                # later in its sentence without introducing it (`X urged voters to "..." and said`), and, as
                # the last verb before the quotation, more than a cue farther off (`As the senator went on
                # about "...", Ann said nothing`)
                clause = self._clause_speaker(span)
                if clause is not None and clause[1] and (speaker is None or not governed or (
                        not self.doc[cue.first].idx <= clause[2] <= self.doc[cue.last].idx
                        and self._verb_right_before(clause[2], span))):
                    attribution = Attribution(clause[0], None, "clause", True, verb_at=clause[2])
            elif (colon := self._colon_speaker(span)) is not None:
                attribution = Attribution(colon, ":", "colon", True)
            elif (clause := self._clause_speaker(span)) is not None:
                attribution = Attribution(clause[0], None, "clause", clause[1], verb_at=clause[2])
            elif (subject := self._subject_of_quote(span)) is not None:
                attribution = Attribution(subject, None, "subject")
            else:
                inherited = self._last_event(span.start, quote_events)
                attribution = Attribution(inherited, None, "inherited" if inherited else "none")
            cue = found[0] if found is not None and attribution.how == "cue" else None
            attribution = replace(attribution, sure=self._sure(attribution, span, cue, quote_events))
            if attribution.speaker is not None:
                quote_events.append(self._event(span.start, attribution.speaker))
            result.append(attribution)
        return result

    def _sure(self, attribution: Attribution, span: QuoteSpan, cue: Cue | None, quote_events: list[Event]) -> bool:
        """Whether the attribution names its speaker near the quotation, or continues a speaker named in the
        paragraph, and the speaker can speak (`el caso` cannot)."""
        speaker = attribution.speaker
        if speaker is None or not self._plausible(speaker):
            return False
        # whether the speaker was the last one in view (before the cue, whose own event does not count)
        before = min(span.start, self.doc[cue.first].idx) if cue is not None else span.start
        continued = self._in_view(speaker, before, quote_events)
        if speaker.guessed:  # a pronoun or a role resolved by salience: only when it speaks on
            return continued
        if attribution.how == "colon":
            return True
        if attribution.how == "clause":
            return attribution.governed
        if attribution.how == "cue" and cue is not None and cue.subject is not None:
            return True
        return attribution.how in ("cue", "inherited") and continued

    def _in_view(self, speaker: Speaker, offset: int, quote_events: list[Event]) -> bool:
        """The speaker was the last person to speak or act before `offset`, in its paragraph or the one
        before (`Mayor X visited ...` then `"...," he said.`)."""
        index = bisect_left(self._event_offsets, offset) - 1
        candidates = [self.events[index]] if index >= 0 else []
        candidates += next(([e] for e in reversed(quote_events) if e.offset < offset), [])
        if not candidates:
            return False
        last = max(candidates, key=lambda e: e.offset)
        line = self.layout.line(offset)
        return last.line in (line, self.layout.previous_text_line(line)) and last.speaker.name == speaker.name

    def _plausible(self, speaker: Speaker) -> bool:
        """A person, or a description of somebody or of a body or document that speaks (not `el caso`)."""
        if speaker.named or speaker.name[:1].isupper():
            return True
        words = speaker.name.lower().split()
        return any(is_role_word(w) or w in SOURCE_NOUNS or w in OWNED_DOCUMENTS for w in words)

    def _cue_for(self, span: QuoteSpan) -> tuple[Cue, bool, bool] | None:
        """The cue of a quotation, whether it introduces this very quotation, and whether it does so only
        by ending the sentence."""
        if span.close_at >= 0 and self.layout.text[span.end - 1] != ".":
            after = self.np.token_after(span.close_at)
            if after is not None:
                cue = self._cue_right_after(after)
                if cue is not None:
                    return cue, True, False
        sentence = self.layout.sentence_index(span.start)
        sent_start, sent_end = self.layout.sentences[sentence]
        first = self.np.token_after(span.start - 1)
        before, later = self._cue_index.around(sent_start, sent_end, first, span.end)
        if before is not None:
            return before, True, False
        if later is not None:
            framed = self._frames_sentence(later, sent_end) and not self.layout.in_parentheses(span.start)
            return later, framed, framed
        cue = self._cue_opening_next_sentence(sentence, sent_end)
        return (cue, True, False) if cue is not None else None

    def _fitting(self, cue: Cue, speaker: Speaker | None) -> Speaker | None:
        """`speaker`, unless the cue's subject is a pronoun their gender does not fit (`ella aseguró`)."""
        if speaker is None or cue.subject is None or cue.subject[1] - cue.subject[0] != 1:
            return speaker
        return speaker if compatible(self.doc[cue.subject[0]].lower_, self._gender(speaker)) else None

    def _frames_sentence(self, cue: Cue, sent_end: int) -> bool:
        """`"...", such as X, did not constitute marketing, he said.`: a final `, he said` frames it all."""
        doc = self.doc
        start = cue.subject[0] if cue.subject is not None and cue.subject[0] < cue.first else cue.first
        k = start - 1
        while k >= 0 and inline_space(doc[k]):
            k -= 1
        if cue.owner and k >= 0 and (doc[k].text == "," or self.np.in_quote[k] != -1 or doc[k].is_quote):
            return True  # `«A» y «B» fueron sus palabras`: the quotations are the copula's subject
        if k < 0 or doc[k].text != ",":
            return False
        end = max(cue.last + 1, cue.subject[1] if cue.subject is not None else 0)
        # what follows the cue in its sentence is punctuation only, or at most four words (read no further)
        rest = words = 0
        for k in range(end, len(doc)):
            token = doc[k]
            if token.idx >= sent_end:
                break
            if not token.is_space:
                rest += 1
                words += not token.is_punct
                if rest > 4 and words:
                    return False
        return True

    def _cue_right_after(self, i: int) -> Cue | None:
        """`«...», dijo X`, `"...," Mr Blair said`, `"...", said Mr Blair`."""
        doc = self.doc
        while i < len(doc) and (doc[i].text in DASHES or doc[i].text == "," or inline_space(doc[i])):
            i += 1
        found = self._cue_index.starting_at(i)
        if found is not None:
            return found
        # `"...!" the mayor's cousin, Ann Lee, shouted`: a description set off by a comma before the name
        if i >= len(doc) or doc[i].is_punct or not is_determiner(doc[i]) and doc[i].pos_ not in ("NOUN", "PROPN"):
            return None
        for k in range(i + 1, min(i + _APPOSED_REACH, len(doc))):
            token = doc[k]
            if token.pos_ in ("VERB", "AUX") or self.np.in_quote[k] != -1 or token.is_space or token.is_sent_start \
                    or token.is_punct and token.text != ",":
                return None
            if token.text == "," and k > i:
                # the name, after at most a title (`state Del.`), is the cue's subject
                for j in range(k + 1, min(k + 2 + _TITLE_REACH, len(doc))):
                    cue = self._cue_index.starting_at(j)
                    if cue is not None and cue.subject is not None and cue.subject[0] == j:
                        # a person named before the comma only as a possessive (`the senator's cousin`)
                        return cue if self._person_named(*cue.subject) and not self._people_not_modifying(i, k) \
                            else None
                return None
        return None

    def _cue_opening_next_sentence(self, sentence: int, sent_end: int) -> Cue | None:
        """`«...» si Rusia ataca. Ucrania, Dijo el funcionario`: a cue cut off by a stray full stop."""
        if sentence + 1 >= len(self.layout.sentences):
            return None
        next_start, next_end = self.layout.sentences[sentence + 1]
        if self.layout.line(next_start) != self.layout.line(sent_end):
            return None
        words = self._sentence_words.get(sentence + 1)
        if words is None:
            span = self.doc.char_span(next_start, next_end, alignment_mode="expand")
            words = self._sentence_words[sentence + 1] = list(islice((t.i for t in span or () if t.is_alpha), 4))
        return self._cue_index.ending_in(words)

    def _signature(self, span: QuoteSpan) -> Speaker | None:
        """`"..." ― Pamela Padilla`: a name after a dash that ends the quotation's line signs it."""
        text = self.layout.text
        if span.close_at < 0:
            return None
        _, line_end = self.layout.line_bounds(self.layout.line(span.close_at))
        rest = text[span.close_at + 1 : line_end]
        dash = rest.lstrip()
        if not dash[:1] or dash[0] not in DASHES:
            return None
        first = self.np.token_after(span.close_at + 1 + len(rest) - len(dash))
        while first is not None and first < len(self.doc) and (self.doc[first].text in DASHES or inline_space(self.doc[first])):
            first += 1
        np = self.np.right(first) if first is not None and first < len(self.doc) else None
        if np is None or self.doc[np[0]].pos_ in ("VERB", "AUX") or self.doc[np[0]].idx >= line_end:
            return None
        after = self.doc[np[1]].idx if np[1] < len(self.doc) else len(text)
        if after < line_end and text[after : line_end].strip().strip(".").strip() and text[after] != ",":
            return None  # a sentence goes on after the name: no signature
        return self._resolve(np)

    def _clause_speaker(self, span: QuoteSpan) -> tuple[Speaker, bool, int] | None:
        """(speaker, whether a verb of speech governs it, where that verb starts) of a quotation that is part of a clause (`Cruz
        called Trump a "pathological liar"`): the subject of the verb it depends on."""
        first = self.np.token_after(span.start - 1)
        end = self.np.token_after(span.end - 1)
        found = self.clauses.speaker_of(first, len(self.doc) if end is None else end) if first is not None else None
        if found is None or not self.clauses.can_be_a_speaker(found.phrase):
            return None
        speaker = self._resolve(found.phrase)
        return (speaker, found.speech, self.doc[found.verb].idx) if speaker is not None else None

    def _verb_right_before(self, verb_at: int, span: QuoteSpan) -> bool:
        """The verb at offset `verb_at` is the last verb before the quotation, in its sentence."""
        start, _ = self.layout.sentences[self.layout.sentence_index(span.start)]
        if not start <= verb_at < span.start:
            return False
        first = self.np.token_after(verb_at)
        last = self.np.token_after(span.start - 1)
        if first is None or last is None:
            return False
        return not any(t.pos_ in ("VERB", "AUX") and self.np.in_quote[t.i] == -1 for t in self.doc[first:last])

    def _agrees(self, verb: Token, phrase: tuple[int, int]) -> bool:
        """A phrase after the verb (its subject or its object) agrees with it in number, or one of them does
        not say its number; a phrase before the verb is its subject as the text is written."""
        if phrase[0] < verb.i:
            return True
        words = self.doc[phrase[0] : phrase[1]]
        inside = range(phrase[0], phrase[1])
        heads = [t for t in words if t.head.i not in inside or t.head.i == t.i]
        verb_number = verb.morph.get("Number")
        if len(heads) != 1 or not verb_number or any(t.dep_ in ("cc", "conj") for t in words):
            return True
        head_number = heads[0].morph.get("Number")
        return not head_number or head_number == verb_number

    def _naming_clause(self, span: QuoteSpan) -> tuple[Speaker, bool, int] | None:
        """`what he called a "brazen breach"`, `lo que el ministro llamó «un error»`: a quotation named by the
        verb right before it is the words of that verb's subject, whatever cue its sentence has."""
        text = self.layout.text
        opening = span.open_at if span.open_at >= 0 else span.start
        before = _WORDS_BEFORE.search(text, max(opening - 40, 0), opening)
        if before is None or not any(w.lower() in NAMING_WORDS for w in _WORD.findall(before.group(0))):
            return None
        clause = self._clause_speaker(span)
        if clause is None or not clause[1] or not before.start() <= clause[2] < before.end():
            return None
        verb = _WORD.match(text, clause[2])
        return clause if verb is not None and verb.group(0).lower() in NAMING_WORDS else None

    def _with_parsed_subject(self, cue: Cue, walked: dict[int, tuple[int, int]]) -> Cue:
        """The cue, with the subject of its verb in the parse when walking the words found none (`Gov. Pat
        McCrory (R) said`, `YossTop, quien sin pensarlo dos veces señaló`), or instead of a phrase after it
        that is the subject of a clause of its own. A verb that shares the subject of another cue (`Dijo el
        funcionario, y agregó`) takes the subject found for that cue."""
        if cue.owner:
            return cue
        if cue.subject is not None and (self.clauses.subject_of_another_verb(cue.subject, cue.last)
                                        or not self._agrees(self.doc[cue.last], cue.subject)
                                        or not self.clauses.can_be_a_speaker(cue.subject)
                                        or self.clauses.after_a_preposition(cue.subject)
                                        and not self._relative_follows(cue.subject)
                                        or self.clauses.inside_a_word(cue.subject)):
            cue = replace(cue, subject=None)
        if cue.subject is not None:
            return cue
        found = self.clauses.subject_of(cue.last)
        if found is None or not self._agrees(self.doc[cue.last], found[0]):
            return cue  # `Recordaron el caso`: a singular noun after a plural verb is its object
        subject, verb = found
        return replace(cue, subject=walked.get(verb, subject) if verb != cue.last else subject)

    def _relative_follows(self, phrase: tuple[int, int]) -> bool:
        """`contactó a Ana Ruiz, quien afirmó`: a person, object of a preposition, whom a relative pronoun of persons
        takes up is that clause's subject (`que` may take up the thing before: `la postura de X, que`)."""
        end = phrase[1]
        return end + 1 < len(self.doc) and self.doc[end].text == "," \
            and self.doc[end + 1].lower_ in PERSON_RELATIVES and self._person_named(*phrase)

    def _subject_of_quote(self, span: QuoteSpan) -> Speaker | None:
        """The person the quotation's sentence is about (`MS Nina sabe ...: «...»`, `Green MEP Caroline
        Lucas welcomed Tony Blair's "..."`), when no cue names a speaker."""
        event = self.focus.subjects.get(self.layout.sentence_index(span.start))
        if event is None or event.offset > span.start:
            return None
        return replace(event.speaker, mention=event.speaker.mention)

    def _colon_speaker(self, span: QuoteSpan) -> Speaker | None:
        """`Fauci: «...»` — a name or description alone before a colon."""
        first = self.np.token_after(span.start - 1)
        if first is None:
            return None
        i = first - 1
        while i >= 0 and (self.np.in_quote[i] == -2 or inline_space(self.doc[i])):
            i -= 1
        if i < 1 or self.doc[i].text != ":":
            return None
        np = self.np.left(i - 1)
        if np is None:
            return None
        before = np[0] - 1
        at_start = before < 0 or self.doc[before].is_space or self.doc[np[0]].is_sent_start
        return self._resolve(np) if at_start else None

    # ---- speakers of cues ---------------------------------------------------

    def _resolve_cues(self) -> None:
        read_from: tuple[int, Speaker] | None = None  # the document an impersonal cue last read from, and its line
        for cue in self.cues:
            offset = self.doc[cue.first].idx
            if cue.subject is not None:
                speaker = self._resolve(cue.subject)
            elif self._impersonal(cue):  # nobody, unless a document is read from (`se lee en la carta`)
                place = self.clauses.place_of_writing(cue.last)
                speaker = self._resolve(place) if place is not None else None
                line = self.layout.line(offset)
                if speaker is not None:
                    read_from = (line, speaker)
                elif read_from is not None and self.doc[cue.last].lower_ in CONTINUING_VERBS \
                        and read_from[0] in (line, self.layout.previous_text_line(line)):
                    # `En el sitio web se detalla que ... Se agrega que ...`: the same document, read on
                    speaker = replace(read_from[1], mention=None)
                else:
                    read_from = None  # read from a source not named: what follows goes on with that one
            elif (source := self.clauses.speaking_from(cue.last)) is not None:
                speaker = self._resolve(source)  # `explican desde la empresa`
            elif (elided := self._elided(offset, self.doc[cue.last])) is not None:
                speaker = replace(elided, mention=None)  # nothing near the cue names the speaker
            else:
                speaker = None
            self.cue_speakers[cue.first] = speaker
            if speaker is not None:
                self.events.append(self._event(offset, speaker))
                if speaker.named or speaker.name[:1].isupper():
                    for noun in self._documents_spoken_in(cue.last):  # `En el memorándum, Trump dijo`
                        self._document_speakers[noun] = speaker

    def _impersonal(self, cue: Cue) -> bool:
        """Whether the cue is an impersonal `se` form without a subject (`se confirmó`, `se ha dicho`):
        nobody in particular says it."""
        return cue.subject is None and cue.first > 0 and self.doc[cue.first - 1].lower_ == "se"

    def _elided(self, offset: int, verb: Token) -> Speaker | None:
        """The subject of a verb without one, of the verb's number: a plural verb (`indican`) means a group,
        never the singular thing or person last named (`Recordaron el caso de X. «...», indican`)."""
        number = self._number(verb)
        if number is None:
            return self._topic(offset)
        plural = number == "Plur"
        found = self._topic(offset, lambda speaker: self._plural(speaker) == plural or plural and self._body(speaker))
        if found is None and plural:
            found = self._last_group(offset)
        return found

    def _of_number(self, verb: Token, speaker: Speaker | None) -> Speaker | None:
        """`speaker`, unless the verb says a number (`indican`: plural) the speaker does not have."""
        number = self._number(verb)
        if speaker is None or number is None:
            return speaker
        plural = number == "Plur"
        return speaker if self._plural(speaker) == plural or plural and self._body(speaker) else None

    def _body(self, speaker: Speaker) -> bool:
        """A named organisation, which a plural verb may mean (`la OMS ... explican`)."""
        return not speaker.named and speaker.name[:1].isupper()

    def _number(self, verb: Token) -> str | None:
        """The number (`Sing`, `Plur`) of a third-person verb without any subject in the parse (`indican`);
        None when it has one (a relative `que` whose antecedent is no speaker still counts) or says none."""
        number = verb.morph.get("Number")
        if len(number) != 1 or verb.morph.get("Person") not in ([], ["3"]):
            return None
        if verb.dep_ in ("acl", "relcl", "acl:relcl") or any(
                c.dep_ in ("nsubj", "nsubjpass", "nsubj:pass") or c.lower_ in RELATIVE_PRONOUNS for c in verb.children):
            return None  # a subject, or a relative clause's (`reclamos que resaltan`)
        return number[0]

    def _plural(self, speaker: Speaker) -> bool:
        """A group: a plural description (`las universitarias`) or people named together."""
        if " y " in speaker.name or " and " in speaker.name:
            return True
        words = speaker.name.split()
        return not speaker.named and bool(words) and words[0].lower() in _PLURAL_OPENERS

    def _last_group(self, offset: int) -> Speaker | None:
        """The latest group that was the subject of a sentence in this or the two paragraphs before."""
        line = self.layout.line(offset)
        lines = {line}
        for _ in range(2):
            line = self.layout.previous_text_line(line)
            lines.add(line)
        earliest = self.layout.line_bounds(min(lines))[0]
        groups: list[tuple[int, Speaker]] = []
        for sentence in range(self.layout.sentence_index(offset), -1, -1):  # back over these paragraphs only
            if self.layout.sentences[sentence][1] < earliest:
                break
            event = self.focus.subjects.get(sentence)
            if event is not None and event.offset < offset and self._plural(event.speaker):
                groups.append((event.offset, event.speaker))
                break
        for event in islice(reversed(self.events), _GROUP_REACH):  # the speakers found last
            if earliest <= event.offset < offset and self._plural(event.speaker):
                groups.append((event.offset, event.speaker))
                break
        return replace(max(groups, key=lambda found: found[0])[1], guessed=True) if groups else None

    def _topic(self, offset: int, fits: Callable[[Speaker], bool] = lambda speaker: True) -> Speaker | None:
        """The subject of a verb without one ("y agregó", "respondió:"): the topic so far.

        First the latest person in the verb's own sentence (its last speaker, its subject, or the last
        person named before the verb), then the latest in the sentence or paragraph before, then the
        person last in focus.
        """
        sentence = self.layout.sentence_index(offset)
        turn = self._whose_turn(sentence, offset)
        if turn is not None:
            return turn
        line = self.layout.line(offset)
        nearby = (line, self.layout.previous_text_line(line))
        last = self.events[-1] if self.events else None
        here: list[tuple[int, Speaker]] = []
        if last is not None and last.sentence == sentence:
            here.append((last.offset, last.speaker))
        subject = self.focus.subjects.get(sentence)
        if subject is not None and subject.offset < offset:
            here.append((subject.offset, subject.speaker))
        here += self.focus.last_person_at(sentence, before=offset)
        here = [found for found in here if fits(found[1])]
        if here:
            return max(here, key=lambda found: found[0])[1]
        before: list[tuple[int, Speaker]] = []
        if last is not None and last.line in nearby:
            before.append((last.offset, last.speaker))
        if sentence > 0 and self.layout.line(self.layout.sentences[sentence - 1][0]) in nearby:
            previous = self.focus.subjects.get(sentence - 1)
            if previous is not None:  # the sentence's own subject before any other person in it
                before.append((previous.offset, previous.speaker))
            else:
                # "..., Cinthya Morales, agradeció ... «...», refirió."
                before += self.focus.first_person_at(sentence - 1)
        before = [found for found in before if fits(found[1])]
        if before:
            return max(before, key=lambda found: found[0])[1]
        # still nobody: the person last in focus keeps talking ("Finalmente, ... concluyó")
        recent = self.focus.latest(offset, sentence)
        return recent.speaker if recent is not None and fits(recent.speaker) else None

    def _whose_turn(self, sentence: int, offset: int) -> Speaker | None:
        """`Cuando tocó el turno de X, comentó`, `En el turno de X, dijo`: the one whose turn it is speaks."""
        start = self.np.token_after(self.layout.sentences[sentence][0] - 1)
        end = self.np.token_after(offset - 1)
        if start is None or end is None:
            return None
        doc = self.doc
        for k in range(end - 2, max(start, end - _TURN_REACH) - 1, -1):
            if doc[k].lower_ in TURN_NOUNS and doc[k + 1].lower_ in ("de", "del", "of") and self.np.in_quote[k] == -1:
                np = self.np.right(k + 2)
                if np is not None and np[1] <= end and self.clauses.can_be_a_speaker(np):
                    return self._resolve(np)
        return None

    def _resolve(self, np: tuple[int, int]) -> Speaker | None:
        doc = self.doc
        start, end = np
        words = doc[start:end]
        mention = " ".join(words.text.split())
        mention_at = self.np.mention_at
        role = any(is_role_word(t.text) for t in words if t.i not in mention_at)
        people = [mention_at[t.i][0] for t in words if t.i in mention_at and mention_at[t.i][0].type == "PER"
                  and not (role and self.focus.complement(mention_at[t.i][1]))]
        if people:
            together = coordinated_people(words, mention_at)
            if together:
                return Speaker(joined(together, doc.lang_), mention, True)
            heads = self._people_not_modifying(start, end)
            if heads:
                return Speaker(heads[-1].name, mention, True)
            if self._modifies_a_noun(start, end) and self._document_owner(words) is None:
                # `Gary Johnson's doctor`: somebody the article does not name (but `Trump's memo` is Trump's)
                return Speaker(mention[:1].lower() + mention[1:] if is_determiner(words[0]) else mention, mention, False)
            return Speaker(people[-1].name, mention, True)
        if end - start == 1 and words[0].lower_ in PERSONAL_PRONOUNS | PERSONAL_POSSESSIVES:
            return self._last_person(start, mention)
        if end - start == 1 and words[0].lower_ in PLURAL_PRONOUNS:
            return None
        content = [t for t in words if not is_determiner(t)]
        if content and all(t.i in mention_at for t in content):
            entity = mention_at[content[0].i][0]
            if all(mention_at[t.i][0] is entity for t in content):
                return Speaker(entity.name, mention, False)
        apposed = self._apposed_name(words)
        if apposed is not None:  # `el sitio web X`, `la cadena CNN`: the name the description gives
            return Speaker(apposed, mention, False)
        owner = self._document_owner(words)
        if owner is not None:
            return Speaker(owner.name, mention, owner.type == "PER")
        author = self._author_of(words)
        if author is not None:  # `dice el memorándum`, after `En el memorándum, Trump dijo`
            return replace(author, mention=mention)
        holder = self._title_holder(tuple(t.lower_ for t in content), doc[start].idx, words[0].lower_ in INDEFINITES)
        if holder is not None:
            return Speaker(holder, mention, True)
        body = self._named_body(words)
        if body is not None:
            return Speaker(body, mention, False)
        referent = self.focus.referent(start, end)
        if referent is not None:
            return Speaker(referent[0], mention, True, guessed=referent[1])
        author = self.focus.author(start, end)
        if author is not None:
            return Speaker(author, mention, True, guessed=True)
        description = mention[:1].lower() + mention[1:] if is_determiner(words[0]) else mention
        if start > 0 and doc[start - 1].lower_ in CONTRACTED_ARTICLES and not is_determiner(words[0]):
            description = f"el {description}"  # `palabras del ministro`: the article went into `del`
        return Speaker(description, mention, False)

    def _modifies_a_noun(self, start: int, end: int) -> bool:
        """Every person named in tokens [start, end) is a possessive or a modifier of its head noun."""
        return bool(self._person_mentions(start, end)) and not self._people_not_modifying(start, end)

    def _person_named(self, start: int, end: int) -> bool:
        return bool(self._person_mentions(start, end))

    def _person_mentions(self, start: int, end: int) -> list[tuple[Entity, int, int]]:
        mentions = {self.np.mention_at[k][1]: self.np.mention_at[k] for k in range(start, end) if k in self.np.mention_at}
        return [mentions[k] for k in sorted(mentions) if mentions[k][0].type == "PER" and mentions[k][1] >= start]

    def _people_not_modifying(self, start: int, end: int) -> list[Entity]:
        """The people named in tokens [start, end) but for those that only modify a noun of it (`Flynn, a top
        Trump surrogate`: Trump says nothing), in order; [] when each of them modifies one."""
        found: list[Entity] = []
        for entity, first, last in self._person_mentions(start, end):
            head = next((t for t in self.doc[first:last] if not first <= t.head.i < last), None)
            # a possessive, or a modifier inside a phrase a determiner opens (`a top X surrogate`, `el discurso
            # de X`); a name that opens its phrase heads it (`Dr Ann Lee games director at THX`)
            opened = any(t.pos_ == "DET" for t in self.doc[start:first])
            modifier = head is not None and (head.dep_ == "poss" or head.dep_ in ("compound", "nmod", "amod") and opened) \
                and head.head.pos_ == "NOUN" and start <= head.head.i < end and head.head.i not in self.np.mention_at
            if not modifier:
                found.append(entity)
        return found

    def _documents_spoken_in(self, verb: int) -> list[str]:
        """The nouns of the definite documents a verb of speech speaks in (`En el memorándum, Trump dijo`)."""
        if not self.doc.has_annotation("DEP"):
            return []
        return [c.lower_ for c in self.doc[verb].children if c.dep_ in ("obl", "nmod", "prep", "pobj")
                and c.lower_ in OWNED_DOCUMENTS and any(d.dep_ == "det" and d.lower_ in _DEFINITE for d in c.children)
                and any(m.dep_ == "case" and m.lower_ == "en" for m in c.children)]

    def _author_of(self, words: Span) -> Speaker | None:
        """Who spoke earlier in the document a definite description names (`el memorándum`), if anyone."""
        if len(words) != 2 or words[0].lower_ not in _DEFINITE or words[1].lower_ not in OWNED_DOCUMENTS:
            return None
        return self._document_speakers.get(words[1].lower_)

    def _apposed_name(self, words: Span) -> str | None:
        """The name at the end of a description made of a determiner and common words only (`el sitio web
        ejemplo.com`, `la cadena CNN`): what the description names, not whose it is (`el informe de la OMS`)."""
        if len(words) < 3 or not is_determiner(words[0]):
            return None
        last = words[-1]
        found = self.np.mention_at.get(last.i)
        if found is not None and found[0].type != "PER" and found[2] == words.end:
            first = found[1]
            name = found[0].name
        elif last.like_url:
            first, name = last.i, last.text
        else:
            return None
        described = self.doc[words.start + 1 : first]
        if not described or any(t.pos_ not in ("NOUN", "ADJ") or not t.text.islower() or t.i in self.np.mention_at
                                 or is_role_word(t.text) for t in described):
            return None  # a role before a name (`el presidente [de] X`) is a person's, not the name's
        return name

    def _document_owner(self, words: Span) -> Entity | None:
        """The named owner of a document (`the IMF report`, `el informe de la OMS`), who speaks through it."""
        mention_at, doc = self.np.mention_at, self.doc
        for head in (t for t in words if t.i not in mention_at and t.lower_ in OWNED_DOCUMENTS and t.pos_ in ("NOUN", "")):
            before = head.i - 1  # `the IMF report`, `Trump's memo`
            if before >= words.start and doc[before].text in ("'s", "’s"):
                before -= 1
            k = head.i + 1  # `el informe de la OMS`, `the report of the commission`
            if k < words.end and doc[k].lower_ in ("de", "del", "of"):
                k += 1
                while k < words.end and is_determiner(doc[k]):
                    k += 1
            for i in (before, k):
                found = mention_at.get(i) if words.start <= i < words.end else None
                if found is not None and found[0].type in ("PER", "ORG"):
                    return found[0]
            issuer = self._issuer(head)
            if issuer is not None:
                return issuer
        return None

    def _issuer(self, document: Token) -> Entity | None:
        """Who a document is issued or signed by (`a statement issued on behalf of X`, `una carta firmada por
        X`): the person or organisation after `by`, `of` or `por` in the participle that modifies it."""
        if not self.doc.has_annotation("DEP"):
            return None
        participles = (c for c in document.children if c.i > document.i and (
            c.dep_ == "acl" and c.tag_ != "VBG" or c.dep_ == "amod" and c.lower_.endswith(_PARTICIPLE_ENDINGS)))
        for clause in participles:
            for token in clause.subtree:
                found = self.np.mention_at.get(token.i)
                if found is None or found[0].type not in ("PER", "ORG") \
                        or self.np.in_quote[token.i] != -1:
                    continue
                # English hangs the name on its preposition, Spanish the preposition on the name
                if token.head.lower_ in _ISSUED_BY and token.dep_ == "pobj" or any(
                        c.dep_ == "case" and c.lower_ in _ISSUED_BY for c in token.children):
                    return found[0]
        return None

    def _named_body(self, words: Span) -> str | None:
        """The organisation a definite description by its head noun means (`el Tribunal` after `el Tribunal
        Constitucional de Austria`, `the court` after `the Supreme Court`): the last one named before it."""
        if not words or not is_determiner(words[0]) or words[0].lower_ not in _DEFINITE or len(words) > 3:
            return None
        if any(is_role_word(t.text) for t in words):
            return None  # `The Foreign Secretary`: a person's role
        head = next((t for t in words[1:] if t.pos_ in ("NOUN", "PROPN") and t.i not in self.np.mention_at), None)
        if head is None:
            return None
        return self.bodies.latest(head.lower_, words[0].i)

    def _last_person(self, i: int, mention: str) -> Speaker | None:
        """Who a pronoun at token `i` means, of the people its gender fits: the first person named before it
        in its sentence, the speaker just before or the person the last sentences are about (whichever is
        nearer), the last named speaker, or the last person named."""
        offset = self.doc[i].idx
        pronoun = self.doc[i].lower_
        reporter = self.clauses.reporter_of(i)
        if reporter is not None:  # `Lynch said she recalled`
            entity = self.np.mention_at[reporter][0]
            if compatible(pronoun, self.genders.get(entity.name)):
                return Speaker(entity.name, mention, entity.type == "PER")
        for person in self.focus.named_before(offset):
            if compatible(pronoun, self.genders.get(person.name)):
                return Speaker(person.name, mention, True)
        line = self.layout.line(offset)
        last = self.events[-1] if self.events else None
        nearby = last is not None and last.line in (line, self.layout.previous_text_line(line))
        candidates: list[Speaker] = []
        topic = self.focus.latest(offset, self.layout.sentence_index(offset))
        if last is not None and nearby and self._a_person(last.speaker):
            candidates.append(last.speaker)
        if topic is not None:
            candidates.insert(0 if not candidates or last is None or topic.offset > last.offset else 1, topic.speaker)
        named = self.events.last_named
        if named is not None:
            candidates.append(named.speaker)
        person = self.np.person_introduced_before(i)
        if person is not None:
            candidates.append(Speaker(person.name, person.name, True))
        for candidate in candidates:
            if compatible(pronoun, self._gender(candidate)):
                return Speaker(candidate.name, mention, candidate.named, guessed=True)
        return None

    def _gender(self, speaker: Speaker) -> Gender | None:
        """The gender the article gives a person, or the one a description says (`her son`: M)."""
        return self.genders.get(speaker.name) or (None if speaker.named else described_gender(speaker.name))

    def _a_person(self, speaker: Speaker) -> bool:
        """A speaker a personal pronoun can mean: a person, or an unnamed source described by a role."""
        if speaker.named:
            return True
        if speaker.name in self._not_people:
            return False  # "the Conservatives insisted ... He said": not the party
        return any(is_role_word(word) for word in speaker.name.split())

    def _title_holder(self, key: tuple[str, ...], offset: int, indefinite: bool) -> str | None:
        """The one person the article introduces with this description ("el portavoz del Kremlin, Dmitry Peskov")
        before `offset`. Anywhere for a new referent (`Un portavoz del Kremlin dijo`, named further on) and in
        the headline or lead, where a description may come before the name."""
        anywhere = indefinite or self.layout.previous_text_line(self.layout.line(offset)) < 0
        return self.titles.holder(key, None if anywhere else offset)

    def _appositions(self) -> list[tuple[tuple[str, ...], str, int]]:
        """(description words, person, offset) for every `description, Name` or `description Name` in the text."""
        doc = self.doc
        mention_at = self.np.mention_at
        found: list[tuple[tuple[str, ...], str, int]] = []
        starts = {(start, entity.name) for entity, start, _ in mention_at.values() if entity.type == "PER"}
        for start, name in sorted(starts):
            k = start - 1
            while k >= 0 and inline_space(doc[k]):
                k -= 1
            if k >= 0 and doc[k].text == ",":
                if self.np.person_apposition(start) is None:
                    continue  # "Según el ejecutivo, Putin exigió": a new clause, not an apposition
                k -= 1
            np = self.np.left(k) if k >= 0 else None
            if np is None:
                continue
            words = [t for t in doc[np[0] : np[1]] if not is_determiner(t)]
            # a description holds a common noun ("portavoz") and no other person
            common = any(t.i not in mention_at and t.text[:1].islower() and t.pos_ in ("NOUN", "") for t in words)
            other = any(t.i in mention_at and mention_at[t.i][0].type == "PER" for t in words)
            if common and not other:
                found.append((tuple(t.lower_ for t in words), name, doc[np[0]].idx))
        return found

    # ---- events -----------------------------------------------------------

    def _event(self, offset: int, speaker: Speaker) -> Event:
        return Event(offset, self.layout.line(offset), self.layout.sentence_index(offset), speaker)

    def _last_event(self, offset: int, extra: Sequence[Event] = ()) -> Speaker | None:
        """The latest speaker before `offset` in the same or the previous paragraph."""
        index = bisect_left(self._event_offsets, offset) - 1
        candidates = [self.events[index]] if index >= 0 else []
        candidates += next(([e] for e in reversed(extra) if e.offset < offset), [])
        if not candidates:
            return None
        event = max(candidates, key=lambda e: e.offset)
        line = self.layout.line(offset)
        if event.line in (line, self.layout.previous_text_line(line)):
            return event.speaker
        return None


def attribute_quotes(
    doc: Doc, layout: TextLayout, quotes: Sequence[QuoteSpan], entities: Sequence[Entity]
) -> list[Attribution]:
    """One attribution per quotation, in order."""
    return SpeakerFinder(doc, layout, quotes, entities).attribute()
