"""Reporting cues and the noun phrases around them, found by walking tokens outside quotations."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..model import Entity
from .quote_marks import QuoteSpan
from ..lang import en, es
from .reporting import (
    AFTER_QUOTES_ONLY, AUXILIARIES, COUNT_NOUNS, BETWEEN_SUBJECT_AND_VERB, NOT_REPORTING_BEFORE, PERSON_SOURCE_PREPOSITIONS,
    PERSONAL_POSSESSIVES, PERSONAL_PRONOUNS, PLURAL_PRONOUNS, RELATIVE_PRONOUNS, REPORTING_INFINITIVES, REPORTING_VERBS, SOURCE_PHRASES,
    SOURCE_PREPOSITIONS, SPEECH_NOUNS, TIME_WORDS,
)
from .roles import is_role_word

DETERMINERS = es.DETERMINERS | en.DETERMINERS
#: Dashes: they open and close an aside (`inciso`) inside a sentence, and sign a quotation.
DASHES = frozenset({"—", "―", "–", "-"})
#: The most tokens an aside between dashes is looked back over.
_MAX_ASIDE = 40
#: The most tokens a bracket after a name holds (`(D-Newport News)`).
_MAX_BRACKET = 8
_LINKS = es.LINKS | en.LINKS
_AND = es.CONJUNCTIONS | en.CONJUNCTIONS
_COPULAS = es.COPULAS | en.COPULAS
#: Words that start a noun phrase as a determiner does: `uno de los mensajes`, `varios usuarios`.
_QUANTIFIERS = es.QUANTIFIERS | en.QUANTIFIERS
_CLAIM_NOUNS = es.CLAIM_NOUNS | en.CLAIM_NOUNS
_CLAIM_OPENERS = {"es": es.CLAIM_OPENERS, "en": en.CLAIM_OPENERS}
_NP_POS = frozenset({"NOUN", "PROPN", "ADJ", "NUM"})
_HEAD_POS = frozenset({"NOUN", "PROPN"})
_PRONOUNS = PERSONAL_PRONOUNS | PLURAL_PRONOUNS
_MAX_NP = 14
_PARTICIPLE_ENDINGS = ("ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas")
_MAX_SKIPS = 3


@dataclass(frozen=True)
class Cue:
    """A reporting verb or source phrase outside quotations, with its subject's tokens if found."""

    first: int
    """First token of the cue (an auxiliary, the start of "according to")."""
    last: int
    """The reporting word itself (or the last word of the phrase)."""
    text: str
    subject: tuple[int, int] | None
    only_after_quotes: bool = False
    """A verb that reports only right after a quotation (`«...», continúa Krauze`), not before one."""
    owner: bool = False
    """The subject is who owns the words a speech noun names (`fueron las palabras del ministro`), not the
    subject of a verb: it follows a preposition and need not agree with the copula."""


class PhraseFinder:
    """Token walks over one document that know where quotations and names are."""

    def __init__(self, doc: Doc, quotes: Sequence[QuoteSpan], entities: Sequence[Entity]) -> None:
        self.doc = doc
        self.entities = entities
        self.in_quote = _quote_token_mask(doc, quotes)
        self._sentence_starts: list[int] | None = None
        self._people_in_order: tuple[list[int], list[int]] | None = None
        self.mention_at: dict[int, tuple[Entity, int, int]] = {}
        """Token index → (entity, first token, end token) of the mention covering it."""
        for entity in entities:
            for mention in entity.mentions:
                span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
                if span is not None:
                    for token in span:
                        self.mention_at.setdefault(token.i, (entity, span.start, span.end))

    # ---- cues -------------------------------------------------------------

    def find_cues(self) -> list[Cue]:
        """Every reporting cue outside quotations, in order."""
        doc = self.doc
        cues: list[Cue] = []
        for token in doc:
            if self.in_quote[token.i] != -1:
                continue
            lower = token.lower_
            phrase = _phrase_length(doc, token.i)
            if lower in SOURCE_PREPOSITIONS or phrase:
                end = token.i + max(phrase, 1)
                cues.append(Cue(token.i, end - 1, doc[token.i : end].text, self.right(end)))
            elif lower in PERSON_SOURCE_PREPOSITIONS and self._clause_start(token.i) and self._person_at(token.i + 1):
                cues.append(Cue(token.i, token.i, token.text, self.right(token.i + 1)))
            elif lower in REPORTING_VERBS and _verb(token) and not self._not_reporting(token):
                first = token.i
                while first > 0 and doc[first - 1].lower_ in AUXILIARIES:
                    first -= 1
                if first == token.i and lower.endswith(_PARTICIPLE_ENDINGS) and doc.lang_ != "en":
                    continue  # "cuestionado sobre ...": a participle without `ha` reports nothing
                # a participle ("saying", "añadiendo") has the subject of its main clause, found later
                subject = None if _participle(token) else self._verb_subject(first, token.i)
                weak = lower in AFTER_QUOTES_ONLY
                cues.append(Cue(first, token.i, doc[first : token.i + 1].text, subject, weak))
            elif lower in REPORTING_INFINITIVES and token.pos_ == "VERB" and token.i > 0:
                first = token.i
                if doc[first - 1].lower_ == "al":  # "al decir a los inversionistas que..."
                    cues.append(Cue(first - 1, token.i, doc[first - 1 : token.i + 1].text, None))
                    continue
                while first > 0 and (_verb(doc[first - 1]) or doc[first - 1].lower_ in AUXILIARIES | {"a"}):
                    first -= 1
                if first < token.i and doc[first].lower_ != "a":  # "ha querido aclarar", "llegó a ironizar"
                    cues.append(Cue(first, token.i, doc[first : token.i + 1].text, self._verb_subject(first, token.i)))
            elif lower in _COPULAS and (found := self._speech_noun_cue(token.i)) is not None:
                cues.append(found)
            elif lower in _CLAIM_NOUNS and (found := self._claim_cue(token.i)) is not None:
                cues.append(found)
        return sorted(cues, key=lambda c: c.last)  # by reporting word, which `CueIndex` bisects on

    def _not_reporting(self, token: Token) -> bool:
        """`cuenta con temas` (has songs), not `cuenta que` (tells that)."""
        after = self.doc[token.i + 1] if token.i + 1 < len(self.doc) else None
        return after is not None and NOT_REPORTING_BEFORE.get(token.lower_) == after.lower_

    def _speech_noun_cue(self, i: int) -> Cue | None:
        """`«...», fue el comentario del reverendo Robert Jeffress`: the words' owner after `de`, or the possessive
        before the noun (`fueron sus palabras`)."""
        doc = self.doc
        k = i + 1
        some = k + 1 < len(doc) and doc[k].lower_ in _QUANTIFIERS and doc[k + 1].lower_ in _LINKS
        if some:
            k += 2  # `fueron algunos de los comentarios`
        phrase = k
        if k < len(doc) and (is_determiner(doc[k]) or doc[k].lower_ in PERSONAL_POSSESSIVES):
            k += 1
        while k + 1 < len(doc) and doc[k].lower_ in COUNT_NOUNS and doc[k + 1].lower_ in _LINKS:
            k += 2  # `los cientos de comentarios`
        if k >= len(doc) or doc[k].lower_ not in SPEECH_NOUNS:
            return None
        if k - 1 > i and doc[k - 1].lower_ in PERSONAL_POSSESSIVES:
            return Cue(i, k, doc[i : k + 1].text, (k - 1, k), owner=True)  # `fueron sus palabras`: the person's
        if k + 1 < len(doc) and doc[k + 1].lower_ in _LINKS:
            return Cue(i, k, doc[i : k + 1].text, self.right(k + 2), owner=True)
        if some and phrase < k:  # `fueron algunos de los comentarios que recibió`: the comments themselves
            return Cue(i, k, doc[i : k + 1].text, (phrase, k + 1), owner=True)
        return None

    def _claim_cue(self, i: int) -> Cue | None:
        """`Trump's claim that ...`, `his promise that ...`, `la afirmación de Trump de que ...`, `su promesa de que
        ...`: a claim's content clause, whose words are its owner's (the owner before the noun, or after `de`)."""
        doc = self.doc
        opener = _CLAIM_OPENERS[doc.lang_] if doc.lang_ in _CLAIM_OPENERS else ()
        owner: tuple[int, int] | None = None
        k = i + 1
        if i > 0 and doc[i - 1].lower_ in PERSONAL_POSSESSIVES:
            owner = (i - 1, i)
        elif i > 1 and doc[i - 1].lower_ in ("'s", "’s"):
            owner = self.left(i - 2)
        elif doc.lang_ != "en" and k < len(doc) and doc[k].lower_ in es.LINKS:
            found = self.right(k + 1)
            if found is not None and self._person_at(found[0]):
                owner, k = found, found[1]
        if owner is None or not opener or tuple(t.lower_ for t in doc[k : k + len(opener)]) != opener:
            return None
        last = k + len(opener) - 1
        return Cue(i, last, doc[i : last + 1].text, owner, owner=True)

    def _verb_subject(self, first: int, last: int) -> tuple[int, int] | None:
        doc = self.doc
        k = first - 1
        while k >= 0 and (doc[k].lower_ in BETWEEN_SUBJECT_AND_VERB or inline_space(doc[k])):
            k -= 1
        aside = self._before_aside(k)
        if aside != k:
            k = aside
            relative = self._relative_clause_start(k)
            if relative is not None:  # `un joven, quien pidió el anonimato —entrevistado aquí— reconoció`
                k = relative
        if k >= 0 and self.in_quote[k] == -1:
            if doc[k].text == ",":
                subject = self._apposition_subject(k)
            elif doc[k].lower_ in RELATIVE_PRONOUNS and k > 1 and doc[k - 1].text == ",":
                subject = self.left(k - 2)  # "Jack Straw, who argues..."
            elif doc[k].lower_ in RELATIVE_PRONOUNS and k > 0:
                subject = self._relative_subject(k)
            else:
                subject = self.left(k)
                if subject is not None and self._in_a_complement(subject[0]):
                    return None  # "Desde su condición de médico advierte": a complement, not the subject
            if subject is not None:
                return subject
        if doc.lang_ == "en" and (not self._after_quotation(k) or first < last):
            return None  # English inverts subject and verb only after a quotation: '"...," said Mr Jones'
        i = last + 1
        while i < len(doc) and inline_space(doc[i]):
            i += 1
        subject = self.right(i) or self._postposed_after_skips(i)
        if subject is not None and subject[1] - subject[0] == 1 and doc[subject[0]].lower_ in _PRONOUNS:
            return None  # "said he expected...": the pronoun starts the reported clause
        if subject is not None and doc[subject[0]].lower_ in _QUANTIFIERS and not self._after_quotation(k):
            return None  # "que expuso algunos de sus compromisos": an object, not a subject
        return subject

    def _before_aside(self, k: int) -> int:
        """`Guevara —quien aseguró ser el único— detalló`: from a dash that closes an aside, the token before the
        aside, where the subject ends; `k` itself otherwise (a dash that opens one, `—dice el informe—`, leaves the
        subject after the verb)."""
        doc = self.doc
        if k < 1 or doc[k].text not in DASHES:
            return k
        sentence = doc[k].sent.start
        for j in range(k - 1, max(sentence, k - _MAX_ASIDE) - 1, -1):
            if doc[j].text in DASHES:
                j -= 1
                while j >= 0 and inline_space(doc[j]):
                    j -= 1
                return j
            if self.in_quote[j] != -1:
                break
        return k

    def _relative_clause_start(self, k: int) -> int | None:
        """The relative pronoun of a short relative clause that ends at token `k` (`, quien pidió el anonimato`),
        whose antecedent is then the subject; none when the words before `k` are not one."""
        doc = self.doc
        for j in range(k, max(k - 8, 0), -1):
            token = doc[j]
            if token.is_punct or self.in_quote[j] != -1:
                return None
            if token.lower_ in RELATIVE_PRONOUNS and doc[j - 1].text == ",":
                return j if any(_verb(doc[v]) for v in range(j + 1, k + 1)) else None
        return None

    def _in_a_complement(self, start: int) -> bool:
        """The noun phrase starting at `start` sits in a prepositional phrase (`Con una mezcla de alegría y
        tristeza dijo`)."""
        doc = self.doc
        j = start - 1
        while j >= 0 and start - j <= 8 and (doc[j].lower_ in _LINKS | _AND or doc[j].pos_ in ("DET", "NOUN", "ADJ")):
            j -= 1
        return j >= 0 and doc[j].pos_ == "ADP" and doc[j].lower_ not in _LINKS

    def _relative_subject(self, k: int) -> tuple[int, int] | None:
        """`una entrevista con Fauci en la que dice` → Fauci; `textos que aseguran`, `reclamos que
        resaltan` → things do not speak: whoever the sentence is about (`varios usuarios han compartido
        textos que...`)."""
        doc = self.doc
        for j in range(k - 1, max(k - 7, -1), -1):
            if doc[j].is_punct or self.in_quote[j] != -1:
                break
            if self._person_ends(j):
                found = self.mention_at[j]
                return (found[1], found[2])
        antecedent = self.left(k - 1)
        if antecedent is not None and any(
            self._person_at(t.i) or is_role_word(t.text) for t in self.doc[antecedent[0] : antecedent[1]]
        ):
            return antecedent
        return self.clause_subject(k)

    def clause_subject(self, k: int) -> tuple[int, int] | None:
        """The noun phrase that opens the sentence of token `k`, after an adverbial up to a comma."""
        doc = self.doc
        start = self._sentence_start(k)
        i = start
        for j in range(start, min(start + 9, k)):
            if doc[j].pos_ in ("VERB", "AUX"):
                break
            if doc[j].text == ",":
                i = j + 1
                break
        while i < k and (doc[i].is_space or doc[i].is_punct):
            i += 1
        found = self.right(i) if i < k else None
        return found if found is not None and found[1] <= k else None

    def _sentence_start(self, k: int) -> int:
        """The first token of token `k`'s sentence (`token.sent` walks the whole sentence on every call)."""
        if self._sentence_starts is None:
            self._sentence_starts = [sent.start for sent in self.doc.sents]
        return self._sentence_starts[bisect_right(self._sentence_starts, k) - 1]

    def _after_quotation(self, k: int) -> bool:
        """Token `k` closes a quotation, or is the comma right after one."""
        if k >= 0 and self.doc[k].text == ",":
            k -= 1
        return k >= 0 and self.in_quote[k] == -2

    def _postposed_after_skips(self, i: int) -> tuple[int, int] | None:
        """`dice en su texto el director`, `se ha pronunciado este jueves Íñigo Errejón`."""
        doc = self.doc
        for _ in range(_MAX_SKIPS):
            if i >= len(doc) or self.in_quote[i] != -1:
                return None
            token = doc[i]
            if token.pos_ == "ADV" or token.lower_.endswith("mente"):
                i += 1
            elif (end := self._time_expression(i)) is not None:
                i = end
            elif token.pos_ == "ADP" and token.lower_ not in _LINKS:
                phrase = self.right(i + 1)
                if phrase is None:
                    return None
                i = phrase[1]
            else:
                return None
            while i < len(doc) and inline_space(doc[i]):
                i += 1
            subject = self.right(i)
            if subject is not None and self._closes_clause(subject[1]):
                return subject
        return None

    def _time_expression(self, i: int) -> int | None:
        """End of `el martes`, `este jueves`, `el 17 de mayo`, `yesterday` starting at `i`."""
        doc = self.doc
        k = i + 1 if is_determiner(doc[i]) else i
        if k < len(doc) and doc[k].lower_ in TIME_WORDS:
            k += 1
            while k < len(doc) and doc[k].pos_ == "ADJ":  # "la semana pasada"
                k += 1
            return k
        if k + 1 < len(doc) and doc[k].like_num:  # a date: "el 17 de mayo", "on 5 May"
            if doc[k + 1].lower_ in TIME_WORDS:
                return k + 2
            if k + 2 < len(doc) and doc[k + 1].lower_ == "de" and doc[k + 2].lower_ in TIME_WORDS:
                return k + 3
        return None

    def _closes_clause(self, end: int) -> bool:
        """The phrase ends its clause: punctuation, a time, or a complement (`Bolsonaro en su cuenta de Twitter`)."""
        doc = self.doc
        if end >= len(doc) or doc[end].is_punct or doc[end].is_space:
            return True
        return self._time_expression(end) is not None or doc[end].pos_ == "ADP"

    def _clause_start(self, i: int) -> bool:
        j = i - 1
        while j >= 0 and inline_space(self.doc[j]):
            j -= 1
        return j < 0 or self.doc[j].text in {",", ";"} or self.doc[j].is_space or self.doc[i].is_sent_start

    def person_introduced_before(self, i: int) -> Entity | None:
        """Of the people named before token `i`, the one whose name the index took in last (names are
        taken entity by entity, in order of first mention): the person introduced last."""
        if self._people_in_order is None:
            keys = [j for j, found in self.mention_at.items() if found[0].type == "PER"]
            lowest = keys[:]  # lowest[p]: the least token of keys[p:]
            for p in range(len(keys) - 2, -1, -1):
                lowest[p] = min(keys[p], lowest[p + 1])
            self._people_in_order = keys, lowest
        keys, lowest = self._people_in_order
        p = bisect_left(lowest, i) - 1  # the last key before `i` in the order taken
        return self.mention_at[keys[p]][0] if p >= 0 else None

    def _person_at(self, i: int) -> bool:
        found = self.mention_at.get(i)
        return found is not None and found[0].type == "PER" and found[1] == i

    def _person_ends(self, i: int) -> bool:
        found = self.mention_at.get(i)
        return found is not None and found[0].type == "PER" and found[2] == i + 1

    # ---- noun phrases -------------------------------------------------------

    def left(self, k: int) -> tuple[int, int] | None:
        """The noun phrase that ends at token `k`, walking left."""
        doc = self.doc
        if k < 0 or self.in_quote[k] != -1:
            return None
        token = doc[k]
        if token.lower_ in _PRONOUNS:
            return (k, k + 1)
        end = k + 1
        if k > 0 and token.pos_ == "ADJ" and token.is_lower and _head_word(doc[k - 1]):
            k -= 1  # "el líder republicano"
            token = doc[k]
        if not _head_word(token):
            return None
        start = j = k
        second_role = -1  # where the second of two roles one determiner shares starts
        while j > 0 and k - j < _MAX_NP:
            j -= 1
            u = doc[j]
            if self.in_quote[j] != -1 or u.is_space:
                break
            if is_determiner(u) and j not in self.mention_at:
                start = j
                if j > 0 and doc[j - 1].lower_ in _LINKS:
                    j -= 1
                    continue
                break
            if u.lower_ in _LINKS:
                continue
            if u.lower_ in _QUANTIFIERS and (doc[j + 1].lower_ in _LINKS or j + 1 == start):
                start = j  # "uno de los mensajes circula", "varios usuarios"
                break
            if u.lower_ in _AND and self._person_at(start) and j > 0 and self._person_ends(j - 1):
                start = j  # "Iglesias y Montero": two people say it together
                continue
            if u.lower_ in _AND and second_role < 0 and self._second_role(start, end):
                second_role = start  # "the former mayor and current party leader": one person, if one determiner
                continue
            if _np_word(u) or j in self.mention_at or u.text in ("'s", "’s"):
                start = j
                continue
            break
        if second_role >= 0 and not (is_determiner(doc[start]) and start not in self.mention_at):
            return (second_role, end)
        return (start, end)

    def _second_role(self, start: int, end: int) -> bool:
        """Tokens [start, end), after a conjunction, are a role without a determiner of its own (`current party
        leader`, `actual presidenta del partido`)."""
        first = self.doc[start]
        return (first.is_lower and not is_determiner(first) and start not in self.mention_at
                and any(is_role_word(t.text) for t in self.doc[start:end]))

    def right(self, i: int) -> tuple[int, int] | None:
        """The noun phrase that starts at token `i`, walking right (a postposed subject)."""
        doc = self.doc
        if i >= len(doc) or self.in_quote[i] != -1:
            return None
        token = doc[i]
        if token.lower_ in _PRONOUNS:
            return (i, i + 1)
        if token.lower_.endswith("mente") or not (
            is_determiner(token) or _np_word(token) or i in self.mention_at or token.lower_ in _QUANTIFIERS
        ):
            return None
        end = j = i
        while j < len(doc) and j - i < _MAX_NP and self.in_quote[j] == -1:
            u = doc[j]
            if u.is_space or u.lower_ in TIME_WORDS:
                break
            if j == i and u.lower_ in _QUANTIFIERS:
                j += 1  # "uno de los mensajes", "varios usuarios"
                continue
            if is_determiner(u) and j not in self.mention_at:
                if self._time_expression(j) is not None:
                    break
                if j > i and doc[j - 1].lower_ not in _LINKS:
                    break  # "dijo el funcionario el martes": a new phrase starts
                j += 1
                continue
            if u.lower_ in _LINKS:
                j += 1
                continue
            if u.lower_ in _AND and end == j and j > i and self._person_ends(j - 1) and self._person_at(j + 1):
                j += 1  # "trasladan Iglesias y Montero"
                continue
            if (
                self._person_at(j) and j > i and doc[j - 1].is_lower and not is_role_word(doc[j - 1].text)
                and doc[j - 1].lower_ not in _AND
            ):
                break  # "en rueda de prensa Montero": the name starts a new phrase
            if self._person_at(j) and self._one_name_ends(i, j):
                break  # "dijo a BBC Keith Neal", "le dice a la BBC Farouk Soussa": a name, then a person's
            if _np_word(u) and u.pos_ == "ADJ" and u.lower_.endswith(_PARTICIPLE_ENDINGS) and j > i:
                break  # "el dirigente priísta acompañado de un video": a participle clause starts
            if _np_word(u) or j in self.mention_at:
                j += 1
                end = j
                continue
            if u.text == "," and end > i:
                name_end = self.person_apposition(j + 1)
                if name_end is not None:
                    end = name_end
            break
        if not any(_head_word(t) or t.i in self.mention_at for t in doc[i:end]):
            return None  # "la semana pasada": no noun to be a speaker
        return (i, end) if end > i else None

    def _one_name_ends(self, i: int, j: int) -> bool:
        """Whether tokens `i`..`j` are one name, after an article at most (`BBC`, `la BBC`)."""
        start = i + 1 if is_determiner(self.doc[i]) else i
        found = self.mention_at.get(start)
        return found is not None and found[1] == start and found[2] == j

    def _apposition_subject(self, comma: int) -> tuple[int, int] | None:
        """`el obispo, Demetrio Fernández, ha subrayado` or `Neil O'Brien, director of X, said`; a bracket after
        the name (`Del. Ann Lee (D-Ohio), said`) is passed over."""
        doc = self.doc
        if comma > 1 and doc[comma - 1].text == ")":
            opening = next((j for j in range(comma - 2, max(comma - _MAX_BRACKET, 0), -1) if doc[j].text == "("), None)
            return self._apposition_subject(opening) if opening is not None else None
        found = self.mention_at.get(comma - 1)
        if found is not None and found[0].type == "PER" and found[2] == comma:
            return (found[1], comma)
        unknown = self._unrecognised_name(comma)
        if unknown is not None:
            return unknown
        verbs = False
        for j in range(comma - 1, max(comma - 2 * _MAX_NP, 0), -1):
            if self.in_quote[j] != -1 or doc[j].is_space:
                return None
            verbs = verbs or doc[j].pos_ in ("VERB", "AUX")
            if doc[j].text == "," and j - 1 in self.mention_at:
                entity, start, end = self.mention_at[j - 1]
                relative = doc[j + 1].lower_ in RELATIVE_PRONOUNS
                return (start, comma) if entity.type == "PER" and end == j and (relative or not verbs) else None
        return None

    def _unrecognised_name(self, comma: int) -> tuple[int, int] | None:
        """`The Shadow Secretary of State for the Family, Theresa May, said`: capitalised words between
        commas after a title are a name the model missed."""
        doc = self.doc
        j = comma - 1
        while j >= 0 and _name_token(doc[j]) and j not in self.mention_at:
            j -= 1
        if comma - j not in (3, 4) or j < 1 or doc[j].text != ",":
            return None  # two or three capitalised words, opened by a comma
        title = [t for t in doc[max(j - 8, 0) : j] if not t.is_punct]
        return (j + 1, comma) if any(is_role_word(t.text) for t in title) else None

    def person_apposition(self, i: int) -> int | None:
        """End of a person's name at `i` that closes a phrase (`el portavoz, Dmitry Peskov.`)."""
        while i < len(self.doc) and inline_space(self.doc[i]):
            i += 1
        if not self._person_at(i):
            return None
        end = self.mention_at[i][2]
        if end < len(self.doc) and not (self.doc[end].is_punct or self.doc[end].is_space):
            return None  # "Según el ejecutivo, Putin exigió...": a new clause, not an apposition
        return end

    def token_after(self, offset: int) -> int | None:
        """The first token that starts after character `offset`."""
        doc = self.doc
        lo, hi = 0, len(doc)
        while lo < hi:
            mid = (lo + hi) // 2
            if doc[mid].idx <= offset:
                lo = mid + 1
            else:
                hi = mid
        return lo if lo < len(doc) else None


def inline_space(token: Token) -> bool:
    """A whitespace token that does not break the line."""
    return token.is_space and "\n" not in token.text


def _quote_token_mask(doc: Doc, quotes: Sequence[QuoteSpan]) -> list[int]:
    """Per token: the index of the quotation holding it, -2 for a quote mark, -1 outside."""
    mask = [-1] * len(doc)
    marks = {at for span in quotes for at in (span.open_at, span.close_at) if at >= 0}
    q = 0
    for token in doc:
        if token.idx in marks:
            mask[token.i] = -2
            continue
        while q < len(quotes) and quotes[q].end <= token.idx:
            q += 1
        if q < len(quotes) and quotes[q].start <= token.idx:
            mask[token.i] = q
    return mask


_PHRASE_STARTS = frozenset(phrase[0] for phrase in SOURCE_PHRASES)


def _phrase_length(doc: Doc, i: int) -> int:
    if doc[i].lower_ not in _PHRASE_STARTS:
        return 0
    for phrase in SOURCE_PHRASES:
        if i + len(phrase) <= len(doc) and all(doc[i + n].lower_ == w for n, w in enumerate(phrase)):
            return len(phrase)
    return 0


def is_determiner(token: Token) -> bool:
    """An article, demonstrative or possessive (by its tag when the pipeline has one)."""
    if token.pos_:  # English tags a possessive determiner (`his`) as a pronoun that owns
        return token.lower_ in DETERMINERS and (token.pos_ == "DET" or token.morph.get("Poss") == ["Yes"])
    return token.lower_ in DETERMINERS


def _name_token(token: Token) -> bool:
    """A capitalised word that may be part of a name (`May`, `O'Brien`)."""
    text = token.text
    return text[:1].isupper() and text[1:2].islower() and True


def _participle(token: Token) -> bool:
    """`saying`, `adding`, `diciendo`: a reporting verb without a subject of its own."""
    lower = token.lower_
    return lower.endswith("ing") and token.doc.lang_ == "en" or lower.endswith(("ando", "iendo"))


def _verb(token: Token) -> bool:
    if token.pos_:
        return token.pos_ in ("VERB", "AUX")
    return token.is_lower


def _head_word(token: Token) -> bool:
    if token.pos_:  # the small models tag a dash as a proper noun now and then
        return token.pos_ in _HEAD_POS and not token.is_punct
    return token.is_alpha and not token.is_stop


def _np_word(token: Token) -> bool:
    if token.pos_:  # the small models tag a dash as a proper noun now and then
        return token.pos_ in _NP_POS and not token.is_punct
    return token.is_alpha and not token.is_stop
