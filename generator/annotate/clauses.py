"""The clause a quotation sits in, read from the dependency parse: the verbs it depends on, and their subjects.

`Cruz called Trump a "pathological liar"`, `Gingrich dismissed Estonia as being in the "suburbs of St.
Petersburg"`, `el PP calificó de «erróneas» las noticias`: a quotation that is part of a clause is the words of
that clause's speaker, the subject of the verb of speech (or of characterisation) it depends on.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..model import Entity
from .entity_filters import is_placeholder
from .sentences import TextLayout
from .reporting import (
    CHARACTERISING_PREPOSITIONS, CHARACTERISING_VERBS, COUNT_NOUNS, LINKS, PERSON_RELATIVES, NARRATING_WITH_AN_OBJECT, NOT_REPORTING_BEFORE, OWNED_DOCUMENTS, REPORTING_GERUNDS, NOT_SPEAKERS, PERSONAL_PRONOUNS, PLURAL_PRONOUNS,
    RELATIVE_PRONOUNS, REPORTING_VERBS, SOURCE_NOUNS, SPEECH_NOUNS, TOPIC_SPEECH,
)
from .roles import is_role_word

_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_DEFINITE_PLURALS = frozenset({"los", "las", "the"})
#: A verb in one of these relations takes its subject from the verb it depends on (`took to Twitter to
#: accuse`, `exhorted Republicans ... and said`, `accuse X of being "duped"`).
_SHARED_SUBJECT = frozenset({"xcomp", "advcl", "conj", "pcomp"})
#: How a quotation hangs off a verb that is not one of speech when its subject said it: as its object
#: (`Trump attacked "the hateful ideology ..."`).
_OBJECTS = frozenset({"dobj", "obj", "ccomp"})
#: How a quotation hangs off a verb of speech without being its speaker's words: as a modifier of the verb
#: (`the advertisement "unmistakably and wrongfully" suggests`: the writer's words about the ad).
_MODIFIERS = frozenset({"advmod", "npadvmod", "amod", "nsubj", "nsubjpass", "csubj", "mark", "aux", "det", "punct"})
_VERBS = frozenset({"VERB", "AUX"})
#: Relations of an adverbial phrase (`sin pensarlo dos veces señaló`): counted, it never names a speaker.
_ADVERBIALS = frozenset({"obl", "npadvmod", "advmod", "nummod"})
#: Verbs passed on the way up from a quotation; a sentence is seldom deeper.
_MAX_DEPTH = 8
#: Most tokens between the end of a role's phrase and the person's name set in apposition to it.
_APPOSITION_REACH = 10
#: Entity types that can say something: people, organisations, and countries (`Japan branded ...`).
_SPEAKING_TYPES = frozenset({"PER", "ORG", "LOC"})
#: Prepositions whose object is a source (`según X`, `para Krauze`, `by X`, `according to X`).
_SOURCE_MARKERS = frozenset({"según", "para", "for", "by", "to", "con", "of", "de", "del"})


@dataclass(frozen=True)
class ClauseSpeaker:
    """The subject phrase of the verb a quotation depends on."""

    phrase: tuple[int, int]
    """Tokens [start, end) of the subject's noun phrase (its relative clause and appositions cut off)."""
    verb: int
    """The verb of speech or characterisation, or the verb the quotation is the object of."""
    speech: bool
    """The verb reports or characterises (`said`, `called`, `calificó`, `described ... as`): the quotation
    is somebody's words even when it is short."""


class ClauseReader:
    """Quotations' clauses in one parsed document."""

    def __init__(
        self, doc: Doc, layout: TextLayout, in_quote: list[int], mention_at: dict[int, tuple[Entity, int, int]]
    ) -> None:
        self.doc = doc
        self.layout = layout
        self.in_quote = in_quote
        self.mention_at = mention_at
        self.parsed = doc.has_annotation("DEP")

    def speaker_of(self, first: int, end: int) -> ClauseSpeaker | None:
        """The subject that says the quotation of tokens [first, end), if the quotation is part of a clause
        whose verb (or a verb above it, in its sentence) has a subject that can speak."""
        if not self.parsed or first >= end:
            return None
        bounds = self.layout.sentences[self.layout.sentence_index(self.doc[first].idx)]
        anchor = self._anchor(first, end, bounds)
        if anchor is None:
            return None
        verbs = self._verbs_above(anchor, bounds)
        elided: Token | None = None  # a finite verb of speech without a subject, below the one found
        for verb, how in verbs:  # the nearest verb of speech with a speaking subject
            if self._speech(verb) or how == "as":
                subject = self._subject(verb, bounds) if how not in _MODIFIERS else None
                if subject is not None:
                    if elided is not None and self._plural(elided) != self._plural(subject):
                        return None  # `«...», les dicen en las tiendas ..., cuestiona Mario`: somebody else
                    return ClauseSpeaker(self._phrase(subject, bounds), verb.i, True)
                if elided is None and how not in _MODIFIERS and verb.morph.get("VerbForm") == ["Fin"]:
                    elided = verb  # (`donde consideró que ...`: its subject may be the sentence's, of its number)
        if verbs and verbs[0][1] in _OBJECTS:  # `Trump attacked "the hateful ideology ..."`
            verb = verbs[0][0]
            subject = self._subject(verb, bounds)
            if subject is not None and self._person(subject):
                return ClauseSpeaker(self._phrase(subject, bounds), verb.i, False)
        return None

    def subject_of(self, verb: int) -> tuple[tuple[int, int], int] | None:
        """(subject phrase, the verb it is the subject of) for the verb at token `verb`, which may take its
        subject from another verb (`dijo ... y agregó`); None if no subject can speak, or a quotation stands
        between it and the verb."""
        token = self.doc[verb]
        if not self.parsed or token.pos_ not in _VERBS:
            return None
        bounds = self.layout.sentences[self.layout.sentence_index(token.idx)]
        found = self._subject_and_verb(token, bounds)
        if found is None:
            return None
        subject, owner = found
        phrase = self._phrase(subject, bounds)
        between = range(phrase[1], verb) if phrase[1] <= verb else range(verb + 1, phrase[0])
        return None if any(self.in_quote[k] != -1 for k in between) else (phrase, owner.i)

    def subject_of_another_verb(self, phrase: tuple[int, int], verb: int) -> bool:
        """The phrase after the verb at `verb` is the subject of a clause of its own (`"...", suggests the
        police support the campaign`), not the verb's postposed subject (`"...", said Mr Blair`)."""
        if not self.parsed or phrase[0] <= verb:
            return False
        bounds = self.layout.sentences[self.layout.sentence_index(self.doc[verb].idx)]
        return any(t.dep_ in _SUBJECTS and t.head.i != verb and t.head.pos_ in _VERBS and self._inside(t.head, bounds)
                   for t in self.doc[phrase[0] : phrase[1]])

    def after_a_preposition(self, phrase: tuple[int, int]) -> bool:
        """The phrase is a preposition's object (`Sobre Luis Mora, refirió`, `A Pedro le dijo`, `About
        Smith, he said`): whom the words are about or to, not who says them (`Para Krauze`, `según X`, `by X`
        name a source and stay)."""
        if not self.parsed or phrase[0] >= phrase[1]:
            return False
        inside = range(phrase[0], phrase[1])
        heads = [t for t in self.doc[phrase[0] : phrase[1]] if t.head.i not in inside or t.head.i == t.i]
        if len(heads) != 1:
            return False
        head = heads[0]
        markers = [c for c in head.children if c.dep_ == "case" and c.i < phrase[0]]
        if head.dep_ == "pobj" and head.head.i < phrase[0]:
            markers.append(head.head)
        return any(m.pos_ == "ADP" and m.lower_ not in _SOURCE_MARKERS for m in markers)

    def place_of_writing(self, verb: int) -> tuple[int, int] | None:
        """The document an impersonal verb of speech reads from (`se lee en uno de los comentarios`, `En el
        comunicado se indica`): the phrase of its `en` complement when that names a definite document."""
        token = self.doc[verb]
        if not self.parsed:
            return None
        bounds = self.layout.sentences[self.layout.sentence_index(token.idx)]
        for child in token.children:
            # (an object with `en` is the parse's slip for such a complement: `se lee en uno de los comentarios`)
            if child.dep_ not in ("obl", "nmod", "obj") or not any(c.dep_ == "case" and c.lower_ == "en" for c in child.children):
                continue
            nouns = [child, *(c for c in child.children if c.dep_ == "nmod")]
            definite = not any(c.dep_ == "det" and c.lower_ in ("un", "una") for c in child.children)
            if definite and any(n.lower_ in OWNED_DOCUMENTS or n.lower_.rstrip("s") in OWNED_DOCUMENTS for n in nouns):
                start, end = self._phrase(child, bounds)  # `en un comunicado` names no one's document
                # where it is (`uno de los comentarios [en la publicación]`) is no part of what speaks
                places = [m.i for n in nouns for c in n.children if c.dep_ == "nmod" and c.i > child.i
                          for m in c.children if m.dep_ == "case" and m.lower_ == "en" and start < m.i < end]
                return start, min(places, default=end)
        return None

    def speaking_from(self, verb: int) -> tuple[int, int] | None:
        """Who a plural verb of speech without a subject speaks for (`explican desde la empresa`, `dijeron
        desde la defensa de X`): the phrase of its `desde` complement."""
        token = self.doc[verb]
        if not self.parsed or any(c.dep_ in _SUBJECTS for c in token.children) or token.morph.get("Number") != ["Plur"]:
            return None  # `dijo desde el lugar de la obra`: a singular verb's `desde` is where somebody speaks
        bounds = self.layout.sentences[self.layout.sentence_index(token.idx)]
        for child in token.children:
            if child.dep_ in ("obl", "nmod") and any(c.dep_ == "case" and c.lower_ == "desde" for c in child.children) \
                    and child.pos_ in ("NOUN", "PROPN") and self.in_quote[child.i] == -1 and self._inside(child, bounds):
                return self._phrase(child, bounds)
        return None

    def reporter_of(self, pronoun: int) -> int | None:
        """The named subject of the verb of speech whose reported clause a pronoun is the subject of (`Lynch
        said she recalled`: Lynch), as a token; None if there is none."""
        token = self.doc[pronoun]
        if not self.parsed or token.dep_ not in _SUBJECTS:
            return None
        clause = token.head
        if clause.dep_ != "ccomp" or not self._speech(clause.head):
            return None
        subjects = [c for c in clause.head.children if c.dep_ in _SUBJECTS and c.i in self.mention_at]
        return subjects[0].i if subjects else None

    def narrates(self, verb: int) -> bool:
        """The reporting verb at token `verb` narrates instead (`allowing Ferrero to claim the first set`,
        `añadió un segundo gol`): its object is a thing, and it has no clause or quotation to report."""
        token = self.doc[verb]
        if not self.parsed or token.pos_ not in _VERBS or token.lower_ not in NARRATING_WITH_AN_OBJECT:
            return False
        objects = [c for c in token.children if c.dep_ in ("dobj", "obj")]
        if not objects or any(c.dep_ in ("ccomp", "xcomp", "parataxis") for c in token.children):
            return False
        if any(self.in_quote[k] != -1 for k in range(token.left_edge.i, token.right_edge.i + 1)):
            return False
        return all(o.pos_ == "NOUN" and o.lower_ not in SPEECH_NOUNS for o in objects)

    def _inside(self, token: Token, bounds: tuple[int, int]) -> bool:
        return bounds[0] <= token.idx < bounds[1]

    def _anchor(self, first: int, end: int, bounds: tuple[int, int]) -> Token | None:
        """The quotation's token whose head is outside it (the first, if the parse splits it); a head in
        another quotation is passed through to the first head outside any (`called him a "nasty guy," an
        "anchor baby" and "sick"`: coordinated quotations hang off the first)."""
        for token in self.doc[first:end]:
            head = token.head
            if head.i == token.i:
                return None  # the quotation holds the sentence's root: it is no part of another clause
            if first <= head.i < end:
                continue
            for _ in range(_MAX_DEPTH):
                if self.in_quote[head.i] in (-1, -2) or head.head.i == head.i:
                    break
                token, head = head, head.head
            if self.in_quote[head.i] in (-1, -2):
                return token if self._inside(head, bounds) else None
        return None

    def _verbs_above(self, anchor: Token, bounds: tuple[int, int]) -> list[tuple[Token, str]]:
        """(verb, how the path from the quotation enters it), nearest first, in the quotation's sentence:
        `how` is the relation of the path's last step (`dobj`, `ccomp`, `advmod`...), or `as` when the path
        passed a characterising preposition (`dismissed Estonia as being in the "suburbs ..."`)."""
        found: list[tuple[Token, str]] = []
        token, characterised = anchor, False
        for _ in range(4 * _MAX_DEPTH):
            characterised = characterised or any(
                c.dep_ in ("case", "mark") and c.lower_ in CHARACTERISING_PREPOSITIONS for c in token.children)
            head = token.head
            if head.i == token.i or len(found) >= _MAX_DEPTH or not self._inside(head, bounds):
                break
            characterised = characterised or head.lower_ in CHARACTERISING_PREPOSITIONS and head.pos_ == "ADP"
            if head.pos_ in _VERBS and self.in_quote[head.i] == -1:
                # a quotation inside the verb's subject is no words of it (`la protagonista de películas como
                # «X» insistió`: `como` gives an example there, it does not characterise)
                found.append((head, "as" if characterised and token.dep_ not in _SUBJECTS else token.dep_))
                characterised = False
            token = head
        return found

    def _speech(self, verb: Token) -> bool:
        lower = verb.lower_
        after = self.doc[verb.i + 1].lower_ if verb.i + 1 < len(self.doc) else ""
        reports = lower in REPORTING_VERBS and NOT_REPORTING_BEFORE.get(lower) != after  # not `cuenta con`
        return reports or lower in CHARACTERISING_VERBS or lower in REPORTING_GERUNDS or self._speaks_of(verb)

    def _speaks_of(self, verb: Token) -> bool:
        """`hablaba de`, `went on about`: a verb that speaks of the topic the words after it open."""
        for opener in TOPIC_SPEECH.get(verb.lower_, ()):
            following = [t.lower_ for t in self.doc[verb.i + 1 : verb.i + 1 + len(opener)]]
            if tuple(following) == opener:
                return True
        return False

    def _subject(self, verb: Token, bounds: tuple[int, int]) -> Token | None:
        """The subject of `verb` that can speak, or of the verbs it takes its subject from."""
        found = self._subject_and_verb(verb, bounds)
        return found[0] if found is not None else None

    def _subject_and_verb(self, verb: Token, bounds: tuple[int, int]) -> tuple[Token, Token] | None:
        """(subject that can speak, the verb it is the subject of) of `verb` or of a verb it takes its
        subject from."""
        for _ in range(_MAX_DEPTH):
            subjects = [c for c in verb.children if c.dep_ in _SUBJECTS and self.in_quote[c.i] == -1
                        and self._inside(c, bounds)]
            agent = self._agent(verb)
            if agent is not None:
                return (agent, verb) if self._can_speak(agent, verb) else None
            if not subjects:
                subjects = self._misplaced_subjects(verb)
            if subjects:
                subject = self._antecedent(subjects[0])
                # a person a relative clause takes up speaks, whatever marks them in their own clause (`contactó a
                # Ana Ruiz, quien ... y afirmó`)
                taken_up = subject is not None and subjects[0].lower_ in PERSON_RELATIVES and self._person(subject)
                return (subject, verb) if subject is not None and (self._can_speak(subject, verb) or taken_up) \
                    else None
            if verb.dep_ not in _SHARED_SUBJECT or verb.head.i == verb.i or verb.head.pos_ not in _VERBS \
                    or not self._inside(verb.head, bounds):
                return None
            verb = verb.head
        return None

    def _misplaced_subjects(self, verb: Token) -> list[Token]:
        """A subject the parse hung on an infinitive or gerund before the verb (`quien sin pensarlo dos veces
        señaló`: `quien` is the subject of `señaló`, as an infinitive in Spanish has none of its own)."""
        found = []
        for child in verb.children:
            if child.i < verb.i and child.dep_ in ("advcl", "xcomp") and child.morph.get("VerbForm") in (["Inf"], ["Ger"]):
                found += [c for c in child.children if c.dep_ in _SUBJECTS and c.i < child.i and self.in_quote[c.i] == -1]
        return found

    def _agent(self, verb: Token) -> Token | None:
        """The agent of a passive verb: `was told by X`."""
        for child in verb.children:
            if child.dep_ == "agent":
                return next((c for c in child.children if c.dep_ == "pobj"), None)
        return None

    def _antecedent(self, subject: Token) -> Token | None:
        """A relative pronoun's antecedent (`Jack Straw, who argues`); any other subject itself."""
        if subject.lower_ not in RELATIVE_PRONOUNS:
            return subject
        clause = subject.head
        if clause.dep_ in ("relcl", "acl") and clause.head.i != clause.i:
            return clause.head
        k = subject.i - 1  # the parse missed the relative clause: `YossTop, quien ...`
        if k > 0 and self.doc[k].text == "," and self.doc[k - 1].pos_ in ("NOUN", "PROPN"):
            return self.doc[k - 1]
        return None

    def _person(self, token: Token) -> bool:
        """A person named, or a personal pronoun."""
        found = self.mention_at.get(token.i)
        return token.lower_ in PERSONAL_PRONOUNS or found is not None and found[0].type == "PER"

    def can_be_a_speaker(self, phrase: tuple[int, int]) -> bool:
        """The phrase names somebody or something: not an adverbial (`dos veces`), a quantity alone (`73
        percent`), a masked number (`de *NUMBER*`) or a fragment of a name (`hye`)."""
        words = [t for t in self.doc[phrase[0] : phrase[1]] if not (t.is_punct or t.is_space)]
        if not words or words[0].pos_ == "ADP" and words[0].i not in self.mention_at \
                or not any(sum(c.isalpha() for c in t.text) > 1 for t in words):  # (`Al Khatteeb` opens a name)
            return False
        if any(is_placeholder(t) for t in words):
            return False
        people = [self.mention_at[t.i][0] for t in words if t.i in self.mention_at]
        if any(not entity.name[:1].isupper() for entity in people):
            return False  # a name's fragment the recogniser cut off (`Park Geun-hye` → `hye`)
        inside = range(phrase[0], phrase[1])
        heads = [t for t in words if t.head.i not in inside or t.head.i == t.i]
        counted = any(t.like_num or t.pos_ == "NUM" for t in words)
        return not (self.parsed and heads and counted and all(t.dep_ in _ADVERBIALS for t in heads))

    def _can_speak(self, token: Token, verb: Token) -> bool:
        """A person, organisation or country; a personal pronoun; a role, a group or a document; any name
        that is the subject of a verb of speech (a person the recogniser took for a thing)."""
        lower = token.lower_
        if lower in COUNT_NOUNS:  # `Dozens of students`, `cientos de vecinos`: the people counted
            counted = self._counted(token)
            return counted is not None and counted.pos_ == "NOUN" and counted.morph.get("Number") == ["Plur"]
        if lower in NOT_SPEAKERS or token.like_num or is_placeholder(token) or not any(c.isalpha() for c in lower):
            return False
        if any(c.dep_ == "case" for c in token.children):
            return False  # `de *NUMBER*`: a complement the parse took for a subject
        if lower in PERSONAL_PRONOUNS or lower in PLURAL_PRONOUNS:
            return True
        found = self.mention_at.get(token.i)
        if found is not None:
            return found[0].type in _SPEAKING_TYPES or token.tag_ in ("NNPS",) or self._speech(verb)
        # a name the entity recogniser missed, a role, a group or a document
        if token.pos_ == "PROPN" or is_role_word(token.text) or lower in SOURCE_NOUNS:
            return True
        return self._group_speaking(token, verb)

    @staticmethod
    def _counted(token: Token) -> Token | None:
        """What a counting noun counts: the object of its `of` (`dozens of students`) or its `de` complement."""
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in LINKS:
                return next((c for c in child.children if c.dep_ == "pobj"), None)
            if child.dep_ == "nmod" and any(c.dep_ == "case" and c.lower_ in LINKS for c in child.children):
                return child
        return None

    def _group_speaking(self, token: Token, verb: Token) -> bool:
        """A definite plural before a finite verb of speech is a group of people (`las universitarias
        señalan`, `los afectados denuncian`): a noun of a gender (a person's) or an adjective taken as a noun,
        not `the recent storms demand`."""
        nominal = token.pos_ == "ADJ" or token.pos_ == "NOUN" and bool(token.morph.get("Gender"))
        return nominal and token.morph.get("Number") == ["Plur"] and token.i < verb.i and self._speech(verb) \
            and verb.morph.get("VerbForm") == ["Fin"] \
            and any(c.dep_ == "det" and c.lower_ in _DEFINITE_PLURALS for c in token.children)

    def inside_a_word(self, phrase: tuple[int, int]) -> bool:
        """The phrase starts after a hyphen inside a word (`hye` of `Park Geun-hye`, `known writer` of
        `well-known writer`): a fragment of the words before it."""
        return self._glued_hyphen(phrase[0])

    def _glued_hyphen(self, start: int) -> bool:
        doc = self.doc
        return start >= 2 and doc[start - 1].text in ("-", "‐") and not doc[start - 1].whitespace_ \
            and not doc[start - 2].whitespace_ and doc[start - 2].is_alpha

    @staticmethod
    def _plural(token: Token) -> bool:
        """A plural verb, or a plural or coordinated subject (a name that does not say its number is one)."""
        return token.morph.get("Number") == ["Plur"] or any(c.dep_ == "conj" for c in token.children)

    def _whole_word_start(self, start: int, bounds: tuple[int, int]) -> int:
        """`start`, moved back to the start of the hyphenated word it ends (`Park Geun-hye`, whose last part
        the parse may take for the head alone) and over the name and title words before it."""
        doc = self.doc
        if not self._glued_hyphen(start):
            return start
        start -= 2
        if start in self.mention_at:
            start = self.mention_at[start][1]
        while start > 0 and doc[start - 1].idx >= bounds[0] and doc[start - 1].pos_ in ("PROPN", "ADJ") \
                and self.in_quote[start - 1] == -1 and doc[start - 1].text[:1].isupper():
            start -= 1  # `South Korean President`
        return start

    def _phrase(self, head: Token, bounds: tuple[int, int]) -> tuple[int, int]:
        """The noun phrase of `head` in its sentence: its words before it, and after it up to a comma,
        bracket or clause, without a dangling preposition (`esta economista de *NUMBER* años`)."""
        doc = self.doc
        start = head.i  # back over the head's own words, never past a verb (`La primera ... fue YossTop`)
        while start > head.left_edge.i and not (doc[start - 1].pos_ in _VERBS and doc[start - 1].dep_ != "amod"
                                                or doc[start - 1].text in ",;:" or doc[start - 1].idx < bounds[0]):
            start -= 1
        while start < head.i and (doc[start].is_punct or doc[start].pos_ in ("ADV", "CCONJ", "SCONJ", "ADP")
                                  or self.in_quote[start] != -1):
            start += 1
        start = self._whole_word_start(start, bounds)
        end = head.i + 1
        limit = head.right_edge.i + 1
        while end < limit:
            token = doc[end]
            if token.is_punct or token.is_space or self.in_quote[end] != -1 or token.dep_ in ("relcl", "acl"):
                break
            if token.pos_ in _VERBS or token.lower_ in RELATIVE_PRONOUNS or token.idx >= bounds[1]:
                break
            end += 1
        while end > head.i + 1 and doc[end - 1].pos_ in ("ADP", "DET", "CCONJ"):
            end -= 1
        if end == head.i + 1 and end < len(doc) and doc[end].text == ",":
            # `el portavoz, Dmitry Peskov,`: a person's name in apposition is part of the phrase
            name = self.mention_at.get(end + 1)
            if name is not None and name[0].type == "PER" and name[1] == end + 1 and any(
                    c.i == end + 1 or c.dep_ == "appos" and c.i in range(name[1], name[2]) for c in head.children):
                end = name[2]
        elif end < len(doc) and doc[end].text == ",":
            end = self._apposed_person_end(head, end)
        return start, end

    def _apposed_person_end(self, head: Token, end: int) -> int:
        """`La ministra de Trabajo, Migraciones y Seguridad Social, Ana Gil,`: past a list the role's
        complement goes on with, to the end of the person's name the parse sets in apposition to the head."""
        for child in head.children:
            name = self.mention_at.get(child.i)
            if child.dep_ != "appos" or child.i <= end or child.i - end > _APPOSITION_REACH or name is None \
                    or name[0].type != "PER" or name[1] != child.i or self.doc[child.i - 1].text != ",":
                continue
            if any(t.pos_ in _VERBS or self.in_quote[t.i] != -1 for t in self.doc[end : child.i]):
                continue
            return name[2]
        return end
