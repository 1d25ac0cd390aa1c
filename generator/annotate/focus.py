"""Who a text is about: the people its sentences are about, and the person a description of a role means."""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc

from ..model import Entity
from .events import Event, Speaker, Timeline
from .noun_phrases import PhraseFinder, inline_space, is_determiner
from .reporting import ANONYMOUS_SOURCES, DOCUMENT_NOUNS, JOINT_WORDS
from .role_holders import RoleHolders
from .roles import ROLE_QUALIFIERS, ROLE_WORDS, is_role_word, role_of
from .sentences import TextLayout

#: Determiners of a new referent (`un portavoz del Kremlin`), whom the text may name only later.
INDEFINITES = frozenset({"un", "una", "a", "an", "otro", "otra", "another"})
_RELATIVES = frozenset({"que", "quien", "quienes", "cual", "who", "whom", "which", "that"})
_BEFORE_VERB = frozenset({"ya", "también", "no", "se", "le", "les", "also", "then"})
_PLURAL_DETERMINERS = frozenset({"los", "las", "these", "those"})
_AND = frozenset({"y", "e", "and"})
_DEMONSTRATIVES = frozenset(
    "ese esa esos esas este esta estos estas dicho dicha dichos dichas aquel aquella this that these those".split()
)
#: Sentences back to look for the person a description means.
SALIENCE_WINDOW = 6
#: Sentences back to look for a person merely mentioned, when nobody spoke or was a subject.
_MENTION_WINDOW = 3


class Focus:
    """The people one document is about, sentence by sentence."""

    def __init__(self, doc: Doc, layout: TextLayout, np: PhraseFinder) -> None:
        self.doc = doc
        self.layout = layout
        self.np = np
        self.events = Timeline()
        """Speakers found so far (kept up to date by the attribution)."""
        self._indefinite_heads = self._indefinite_descriptions()
        self.roles = RoleHolders(doc, np.mention_at)
        self.subjects: dict[int, Event | None] = {}
        """Sentence index → the person its subject names."""
        self._topics = Timeline()
        """The same subjects, in text order."""
        # built when first needed: token positions of names by what they are used for
        self._subject_names: list[int] | None = None
        self._told_names: list[int] | None = None
        self._main_person: tuple[int, str | None] | None = None
        self._find_subjects()

    def _find_subjects(self) -> None:
        """Sentence index → the person its subject names, for sentences that start with one (in text
        order, so that a description can mean a person named as an earlier sentence's subject)."""
        subjects = self.subjects
        for index, (start, end) in enumerate(self.layout.sentences):
            found = self._subject_at(start, end) or self._described_subject(start, end) or self._parsed_subject(start, end)
            if found is not None:
                i, entity_name, mention = found
                offset = self.doc[i].idx
                speaker = Speaker(entity_name, mention, True)
                subjects[index] = Event(offset, self.layout.line(offset), index, speaker, topic=True)
                self._topics.append(subjects[index])


    def _parsed_subject(self, start: int, end: int) -> tuple[int, str, str] | None:
        """(token, person, mention) of a person who is the subject of the sentence's main verb in the parse
        (`Top seed Roger Vance needed three sets`), outside quotations."""
        first, last = self.np.token_after(start - 1), self.np.token_after(end - 1)
        if first is None or not self.doc.has_annotation("DEP"):
            return None
        for token in self.doc[first : len(self.doc) if last is None else last]:
            if token.dep_ != "ROOT":
                continue
            for child in token.children:
                found = self.np.mention_at.get(child.i)
                if child.dep_ in ("nsubj", "nsubjpass") and found is not None and found[0].type == "PER" \
                        and self.np.in_quote[child.i] == -1 and first <= found[1]:
                    return found[1], found[0].name, " ".join(self.doc[found[1] : found[2]].text.split())
            return None
        return None

    def _described_subject(self, start: int, end: int) -> tuple[int, str, str] | None:
        """(token, person, mention) when the sentence opens with a role's description that means a person
        (`El líder de los priístas aprovechó ...`)."""
        i = self.np.token_after(start - 1)
        if i is None or not is_determiner(self.doc[i]):
            return None
        np = self.np.right(i)
        if np is None or self.doc[np[1] - 1].idx >= end:
            return None
        referent = self.referent(*np)
        return (i, referent[0], " ".join(self.doc[np[0] : np[1]].text.split())) if referent else None


    def _subject_at(self, start: int, end: int) -> tuple[int, str, str] | None:
        """(token, person, mention) of a person named first in the sentence `[start, end)`, before its verb."""
        doc = self.doc
        i = self.np.token_after(start - 1)
        if i is None:
            return None
        i = opening = self._after_adverbial(i, end)
        while i < len(doc) and doc[i].idx < end:
            token = doc[i]
            if self.np.in_quote[i] != -1:
                return None
            found = self.np.mention_at.get(i)
            if found is not None and found[0].type == "PER":
                names = [found[0].name]
                k = found[2]
                if k + 1 < len(doc) and doc[k].lower_ in _AND and self.np._person_at(k + 1):
                    names.append(self.np.mention_at[k + 1][0].name)  # "Iglesias y Montero"
                    k = self.np.mention_at[k + 1][2]
                return i, joined(names, doc.lang_), " ".join(doc[found[1] : k].text.split())
            if found is not None:
                i = found[2]  # "Lib Dem chairman Matthew Taylor": an organisation's name in a title
                continue
            description = token.text[:1].islower() and token.pos_ in ("NOUN", "ADJ", "PROPN", "")
            description = description or is_role_word(token.text)
            # "El líder nacional del PRI, Enrique Ochoa Reza", "His former partner at the firm, Ann Lee"
            link = token.lower_ in ("de", "del", "of") or token.pos_ == "ADP" and i > opening
            if not (is_determiner(token) or token.is_punct or description or link or inline_space(token)):
                return None
            i += 1
        return None


    def _after_adverbial(self, i: int, end: int) -> int:
        """Skip the opening adverbials that end with a comma (`Earlier,`, `Tras esa filtración, en marzo,`)."""
        doc = self.doc
        for _ in range(3):
            skipped = i
            for k in range(i, min(i + 6, len(doc))):
                if doc[k].idx >= end or k in self.np.mention_at or doc[k].pos_ in ("VERB", "AUX"):
                    break
                if doc[k].text == ",":
                    skipped = k + 1
                    break
            if skipped == i:
                return i
            i = skipped
        return i


    def first_person_at(self, sentence: int) -> list[tuple[int, Speaker]]:
        """[(offset, person)] of the first person named outside quotations in a sentence, or []."""
        lo, hi = self._people_in(sentence, self.layout.sentences[sentence][1])
        return [self._person(self._subject_names_list()[lo])] if lo < hi else []


    def last_person_at(self, sentence: int, before: int) -> list[tuple[int, Speaker]]:
        """[(offset, person)] of the last person named outside quotations in the sentence before `before`
        ("Mr Blair refused..., saying"), or []."""
        lo, hi = self._people_in(sentence, before)
        return [self._person(self._subject_names_list()[hi - 1])] if lo < hi else []


    def _people_in(self, sentence: int, before: int) -> tuple[int, int]:
        """The range of `_subject_names_list()` from the sentence's start to `before`."""
        start, _ = self.layout.sentences[sentence]
        first, last = self.np.token_after(start - 1), self.np.token_after(before - 1)
        if first is None:
            return 0, 0
        names = self._subject_names_list()
        lo = bisect_left(names, first)
        return lo, max(lo, bisect_left(names, len(self.doc) if last is None else last))


    def _subject_names_list(self) -> list[int]:
        """First tokens of the people's names that are a clause's subject, in text order (found once,
        not again for every verb without a subject)."""
        if self._subject_names is None:
            self._subject_names = sorted(
                i for i, found in self.np.mention_at.items()
                if found[0].type == "PER" and found[1] == i and self._clause_subject(i)
            )
        return self._subject_names


    def _person(self, i: int) -> tuple[int, Speaker]:
        name = self.np.mention_at[i][0].name
        return self.doc[i].idx, Speaker(name, name, True)


    def _clause_subject(self, i: int) -> bool:
        """The person named at token `i` is a clause's subject: a verb follows (after an apposition, if
        any), and it is no relative clause's (`un distrito que Trump ganó`) nor a complement's."""
        doc = self.doc
        if self.np.in_quote[i] != -1:
            return False
        k = i - 1
        while k >= 0 and (doc[k].is_space or is_determiner(doc[k]) or doc[k].lower_ in ("propio", "propia", "own")):
            k -= 1
        if k >= 0 and (doc[k].lower_ in _RELATIVES or doc[k].pos_ == "ADP"):
            return False
        end = self.np.mention_at[i][2]
        while end < len(doc) and inline_space(doc[end]):
            end += 1
        if end < len(doc) and doc[end].lower_ in _RELATIVES:
            return True  # "el escritor Mo Yan que, según dijo, ...": the subject of its relative clause
        if end < len(doc) and doc[end].text == ",":  # "Cinthya Morales, agradeció" / "X, portavoz de Y, dijo"
            closing = next((j for j in range(end + 1, min(end + 12, len(doc))) if doc[j].text == ","), end)
            end = closing + 1
        while end < len(doc) and (inline_space(doc[end]) or doc[end].lower_ in _BEFORE_VERB):
            end += 1
        return end < len(doc) and doc[end].pos_ in ("VERB", "AUX")


    def complement(self, first: int) -> bool:
        """A name after `de` inside a role's description (`el candidato de la coalición X`, `la esposa
        de X`, `Blair's spokesman`) is not the speaker's; in `la investigación de Pfanz` it is."""
        doc = self.doc
        end = self.np.mention_at[first][2]
        possessive = end < len(doc) and doc[end].text in ("'s", "’s")
        linked = first > 0 and doc[first - 1].lower_ in ("de", "del", "of")
        return possessive or linked


    def referent(self, start: int, end: int) -> tuple[str, bool] | None:
        """The person a definite description of a role means (`el entrenador`, `El líder de Podemos`):
        the person the article last gave that role, the person most recently in focus, or the article's
        main person when none was named yet; and whether the person was found by salience alone.

        Unnamed sources stay descriptions: anonymous-source nouns (`el funcionario`), roles the article
        introduces with an indefinite article (`un alto ejecutivo` ... `el ejecutivo`), plural ones, and
        roles within a thing rather than a named body (`el narrador del anuncio`).
        """
        doc = self.doc
        words = doc[start:end]
        opener = words[0].lower_
        if not is_determiner(words[0]) or opener in INDEFINITES or opener in _PLURAL_DETERMINERS:
            return None
        # a role word heads the description; written with a capital too when it is a title (`The Foreign Secretary`)
        # (`shadow`, `former` qualify the role: `the shadow chancellor` is headed by `chancellor`)
        head = next((t for t in words[1:] if t.pos_ in ("NOUN", "PROPN", "") and t.i not in self.np.mention_at
                     and (t.text[:1].islower() or t.lower_ in ROLE_WORDS) and t.lower_ not in ROLE_QUALIFIERS), None)
        if head is None or not is_role_word(head.text) or head.lower_ in ANONYMOUS_SOURCES:
            return None
        if head.lower_ in self._indefinite_heads:
            return None
        after = [t for t in doc[head.i + 1 : end] if not t.is_punct]
        named = any(t.i in self.np.mention_at or t.text[:1].isupper() for t in after)
        if after and after[0].lower_ in ("de", "del", "of") and not named:
            return None  # "el narrador del anuncio"; but "el exsecretario de Hacienda" is somebody
        offset = doc[start].idx
        role = role_of(head.text)
        described = frozenset(t.lower_ for t in words[1:] if t.i != head.i and not t.is_punct and t.pos_ in ("ADJ", "PROPN", "NOUN"))
        holder = self.roles.holder(role, start, described) if role is not None else None
        if holder is not None:  # `Sen. Bernie Sanders ... the senator`
            return holder, False
        sentence = self.layout.sentence_index(offset)
        recent = self.latest(offset, sentence, several_people=False)
        if recent is not None:
            return recent.speaker.name, True
        told = self._told_names_list()
        k = bisect_left(told, start) - 1  # the person named last before the description
        if k >= 0 and sentence - self.layout.sentence_index(doc[told[k]].idx) <= _MENTION_WINDOW:
            return self.np.mention_at[told[k]][0].name, True  # "... figuras como Trump ... el líder republicano"
        first_named, main = self._main()
        if offset <= first_named and main is not None and self._opening(offset):
            return main, True  # a headline's description: the person the story is about
        return None

    def _opening(self, offset: int) -> bool:
        """`offset` is on the text's first line, its headline or lead (a description further on that comes
        before anybody is named means somebody the story names later as often as its main person)."""
        return self.layout.previous_text_line(self.layout.line(offset)) < 0


    def named_before(self, offset: int) -> list[Speaker]:
        """The people named in the sentence of `offset` before it, outside quotations and not as a
        complement (`la esposa de X`, `X's spokesman`), first first: whom a pronoun after them most likely
        means (`Paul Ryan, despite admitting that he ...`)."""
        sentence = self.layout.sentence_index(offset)
        start, _ = self.layout.sentences[sentence]
        first, last = self.np.token_after(start - 1), self.np.token_after(offset - 1)
        if first is None:
            return []
        told = self._told_names_list()
        end = len(self.doc) if last is None else last
        found: list[Speaker] = []
        for k in range(bisect_left(told, first), bisect_left(told, end)):
            i = told[k]
            entity, mention_start, _ = self.np.mention_at[i]
            if mention_start == i and not self.complement(i):
                found.append(Speaker(entity.name, entity.name, True))
        return found

    def _told_names_list(self) -> list[int]:
        """Every token of the people's names outside quotations, in text order."""
        if self._told_names is None:
            self._told_names = sorted(
                j for j, found in self.np.mention_at.items() if found[0].type == "PER" and self.np.in_quote[j] == -1
            )
        return self._told_names


    def _main(self) -> tuple[int, str | None]:
        """(where a person is first named, the person the text tells most about if named twice outside
        quotations); the offset is -1 when the text names no person."""
        if self._main_person is None:
            people = [e for e in self.np.entities if e.type == "PER"]
            if not people:
                self._main_person = (-1, None)
            else:
                told = {e.name: sum(not self.layout.quoted(m.start) for m in e.mentions) for e in people}
                main = max(people, key=lambda e: told[e.name])
                first = min((m.start for e in people for m in e.mentions), default=len(self.layout.text) + 1)
                self._main_person = (first, main.name if told[main.name] >= 2 else None)
        return self._main_person


    def author(self, start: int, end: int) -> str | None:
        """Who a definite document speaks for (`recalca el comunicado conjunto`): the person last in
        focus, or the people last named together when it is a joint one."""
        words = self.doc[start:end]
        if not is_determiner(words[0]) or words[0].lower_ in INDEFINITES:
            return None
        head = next((t for t in words[1:] if t.text[:1].islower() and t.pos_ in ("NOUN", "")), None)
        if head is None or head.lower_ not in DOCUMENT_NOUNS:
            return None
        joint = any(t.lower_ in JOINT_WORDS for t in words)
        offset = words[0].idx
        sentence = self.layout.sentence_index(offset)
        # people named together are rare enough to be remembered beyond the window
        recent = self.latest(offset, sentence, window=not joint, several_people=joint)
        return recent.speaker.name if recent is not None else None


    def latest(
        self, offset: int, sentence: int, *, window: bool = True, several_people: bool | None = None
    ) -> Event | None:
        """The latest named speaker or subject before `offset` (a speaker before a subject at one offset),
        within the salience window; only of several people or only of one when `several_people` says so."""
        spoke = self.events.latest(offset, several_people)
        subject = self._topics.latest(offset, several_people)
        found = spoke if subject is None or spoke is not None and spoke[1].offset >= subject[1].offset else subject
        if found is None or window and sentence - found[1].sentence > SALIENCE_WINDOW:
            return None
        return found[1]


    def _indefinite_descriptions(self) -> frozenset[str]:
        """Role nouns the article introduces with an indefinite article (`un alto ejecutivo`): unnamed sources."""
        doc = self.doc
        heads = set()
        for token in doc:
            if token.lower_ in INDEFINITES and token.pos_ == "DET":
                for k in range(token.i + 1, min(token.i + 3, len(doc))):
                    if doc[k].pos_ == "NOUN" and is_role_word(doc[k].text):
                        heads.add(doc[k].lower_)
                        break
        return frozenset(heads)


def demonstrative(speaker: Speaker) -> bool:
    """An unnamed speaker described with a demonstrative (`esa publicación`), not as a person's role."""
    words = (speaker.mention or "").split()
    return (
        not speaker.named and len(words) >= 2 and words[0].lower() in _DEMONSTRATIVES
        and not any(is_role_word(w) for w in words[1:])
    )



def coordinated_people(words: object, mention_at: dict[int, tuple[Entity, int, int]]) -> list[str]:
    """The people of `Iglesias y Montero` (two or more, joined by a conjunction), else []."""
    names: list[str] = []
    joined = False
    for token in words:  # type: ignore[attr-defined]
        found = mention_at.get(token.i)
        if found is not None and found[0].type == "PER":
            if found[0].name not in names:
                names.append(found[0].name)
        elif token.lower_ in _AND:
            joined = True
        elif not token.is_space:
            return []
    return names if joined and len(names) > 1 else []



def joined(names: list[str], lang: str) -> str:
    """`Pablo Iglesias e Irene Montero`: Spanish writes `e` before an `i` sound."""
    if len(names) == 1:
        return names[0]
    if lang == "en":
        return ", ".join(names[:-1]) + " and " + names[-1]
    last = names[-1]
    lower = last.lower()
    sounds_i = lower.startswith(("i", "hi")) and not lower.startswith(("ia", "ie", "io", "iu", "hie"))
    conjunction = "e" if sounds_i else "y"
    return ", ".join(names[:-1]) + f" {conjunction} " + last
