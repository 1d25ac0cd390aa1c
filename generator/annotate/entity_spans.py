"""Turn raw NER spans into clean name mentions: trim descriptions, drop junk, mend bad splits."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import accumulate

from spacy.tokens import Doc, Token

from ..model import EntityType
from .capitalised_names import is_capitalised, starts_sentence
from .entity_words import (ARTICLES_WITH_CONTRACTIONS, HYPHEN_COMPOUNDS, INSTITUTION_HEADS, MISC_HEADS, OFFICE_TITLES, PARTY_NAMES, PARTY_WORDS,
                           TITLE_WORDS, WEEKDAYS)
from .name_context import NameContext
from .roles import HONORIFICS, is_role_word

#: Closed word classes: a capitalised one is never a name by itself.
_CLOSED_POS = frozenset({"DET", "ADP", "PRON", "SCONJ", "CCONJ", "PART", "NUM"})
#: Open word classes that are junk at a name's start when capitalised only by position.
_OPEN_NON_NAME_POS = frozenset({"VERB", "AUX", "ADV", "INTJ"})
_AND = frozenset({"y", "e", "and"})
#: Lowercase words between two names that are no part of either (`Iglesias y Montero`, `Fan a Efe`).
_SPLITTING = frozenset({"y", "e", "and", "a", "to", "con", "with"})
#: Lowercase words that belong inside people's names (`Luis de Guindos`, `Vincent van Gogh`).
_NAME_PARTICLES = frozenset("de del la las los van von der den da das do dos di du le el bin ibn al y e".split())
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
    """The authored entity, glossary term or quoted title it was matched from (`""` for the model's)."""
    dateline: bool = False
    """A place in capitals heading the story (`LONDRES.`, `MIDWAY ATOLL -`), whatever the model called it."""

    def text(self, source: str) -> str:
        """The mention as written in `source` (the document's text), whitespace collapsed."""
        return " ".join(source[self.start : self.end].split())


def through_hyphen(doc: Doc, cand: Candidate) -> Candidate:
    """A person's full name the model ends inside a hyphenated word (`Ban Ki` of `Ban Ki-moon`, `Moon Jae` of `Moon
    Jae-in`) goes on to the word's end; not into a compound that makes it an adjective (`Donald Trump-backed`)."""
    k = cand.last
    if cand.label != "PER" or cand.last - cand.first < 2 or k + 1 >= len(doc):
        return cand
    hyphen, piece = doc[k], doc[k + 1]
    glued = not doc[k - 1].whitespace_ and not hyphen.whitespace_
    if hyphen.text != "-" or not glued or not piece.is_alpha or not piece.is_lower or piece.lower_ in HYPHEN_COMPOUNDS:
        return cand
    return replace(cand, end=piece.idx + len(piece), last=k + 2)


def trim(doc: Doc, cand: Candidate, context: NameContext) -> Candidate | None:
    """Drop leading descriptions and function words and trailing lowercase words; None if nothing is left."""
    lower_words = context.lower_words
    first, last = _one_line_outside_brackets(doc, cand.first, cand.last)
    while first + 1 < last and is_title_word(doc[first]) and doc[first + 1].text[:1].islower():
        first += 1  # "Presidente al Hospital": a title and what follows it, not one name
    while first < last and _junk_at_start(doc, first, last, cand.label, context):
        first += 1
    while last > first and _junk_at_end(doc[last - 1]):
        last -= 1
    while cand.label != "PER" and last - first > 1 and is_role_word(doc[last - 1].text) and _name_follows(doc, last):
        last -= 1  # "Green MEP Caroline Lucas": the title belongs to the person after it
    while cand.label == "PER" and last - first > 2 and (
        is_title_word(doc[first]) or doc[first].lower_ in PARTY_WORDS or after_title_of(doc, first)
    ):
        first += 1  # "MEP Caroline Lucas", "Democrat Sarah Teather", "(Secretary of) State Hillary Clinton"
    if 1 < last - first <= 4 and doc[first].lower_ in OFFICE_TITLES and all(
            t.text[:1].isupper() and not is_role_word(t.text) and t.is_alpha for t in doc[first + 1 : last]):
        first += 1  # "Presidente (Sebastián) Piñera", which the model may take for a thing: a title, then a name
        cand = replace(cand, label="PER")
    while first < last and _junk_at_start(doc, first, last, cand.label, context):
        first += 1  # "(Jefe de Gobierno) de la Ciudad de México"
    if cand.label != "PER":
        first = _institution_inside(doc, first, last, context)
    if first == last:
        return None
    if last - first == 1 and _junk_alone(doc[first], lower_words):
        return None
    if cand.label == "PER" and first > 0 and doc[first - 1].lower_ in HONORIFICS and doc[first - 1].text[:1].isupper():
        first -= 1  # "Mr Blair": the honorific is part of how the article names him
    return replace(cand, start=doc[first].idx, end=doc[last - 1].idx + len(doc[last - 1]), first=first, last=last)


_OPENING = frozenset("([{")
_CLOSING = frozenset(")]}")
_BRACKETS = _OPENING | _CLOSING


def _one_line_outside_brackets(doc: Doc, first: int, last: int) -> tuple[int, int]:
    """The tokens of a span after its last line break or unmatched closing bracket, and before its first
    unmatched opening one: a name never runs across a line (`VATICANO` / `Niños`) or a bracket (`[Vladimir] Putin`)."""
    while last > first and "\n" in doc[last - 1].text:
        last -= 1  # "Belleville Rendezvous\n": the line break after a name is no part of it
    depth = 0
    for i in range(first, last):
        text = doc[i].text
        if "\n" in text or text in _CLOSING and depth == 0 or len(text) > 1 and _BRACKETS & set(text):
            first = i + 1  # a bracket inside a word (`[W]e`, `INFORMEX).-No`) is no name's either
        elif text in _OPENING:
            depth += 1
        elif text in _CLOSING:
            depth -= 1
    depth = 0
    for i in range(last - 1, first - 1, -1):
        text = doc[i].text
        if text in _CLOSING:
            depth += 1
        elif text in _OPENING:
            if depth == 0:
                last = i
            else:
                depth -= 1
    return first, max(first, last)


_OF_WORDS = frozenset({"de", "del", "la", "las", "el", "los", "of", "the"})


def _institution_inside(doc: Doc, first: int, last: int, context: NameContext) -> int:
    """`Estudiantes de la Facultad de Ciencias`, `Niños del Hospital Infantil`: where an institution's name starts
    after common plural nouns (its people) and `de`, the span is that institution's name (not after a part of it,
    `Unidad de Investigación de la Universidad`, `Palacio de Gobierno`); one that starts with an institution word
    (`Asociación de Amigos del Museo`) names a body of its own."""
    if first >= last or doc[first].lower_ in INSTITUTION_HEADS:
        return first
    for k in range(first + 2, last - 1):
        word = doc[k]
        if word.lower_ in INSTITUTION_HEADS and word.text[:1].isupper() and doc[k - 1].lower_ in _OF_WORDS:
            before = [t for t in doc[first:k] if t.lower_ not in _OF_WORDS]
            if before and all(t.text[:1].isupper() and t.lower_.endswith("s") and context.is_common(t.text)
                              for t in before):
                return k
            return first
    return first


def is_title_word(token: Token) -> bool:
    """A word of a person's title (`Senator`, `Gov.`, `Speaker`, `Leader`), in any case."""
    return is_role_word(token.text) or token.lower_ in TITLE_WORDS


def after_title_of(doc: Doc, i: int) -> bool:
    """Token `i` completes a title (`Secretary of State`, `Speaker of the House`, `ministro de Economía`):
    it follows `of`/`de` (and an article) after a title word."""
    j = i - 1
    if j >= 0 and doc[j].lower_ in ("the", "la", "el", "los", "las"):
        j -= 1
    if j < 1 or doc[j].lower_ not in ("of", "de", "del"):
        return False
    return doc[j - 1].text[:1].isupper() and is_title_word(doc[j - 1])  # a formal title, capitalised


def _name_follows(doc: Doc, i: int) -> bool:
    while i < len(doc) and doc[i].is_space:
        i += 1
    return i < len(doc) and doc[i].text[:1].isupper()


def _junk_at_start(doc: Doc, i: int, last: int, label: EntityType, context: NameContext) -> bool:
    token = doc[i]
    if token.is_space or token.is_punct or not token.text[:1].isupper() and not token.text[:1].isdigit():
        return True
    pos = token.pos_
    if pos == "DET" or (not pos and token.is_stop):
        # "El País", "La Haya", "The Guardian": a capitalised article mid-sentence is part of the name,
        # and so is one before a single name at the start of a sentence ("El Salvador es..."), unless
        # the text names it without the article too ("El Mundial" / "este Mundial") or the word is a
        # common noun ("El Parlamento")
        rest_is_name = all(is_capitalised(t) for t in doc[i + 1 : last]) and last > i + 1
        word = doc[i + 1].text
        single = last - i == 2 and word not in context.bare_capitalised
        single = single and not (label != "LOC" and context.is_common(word))
        if last - i == 2 and len(word) > 1 and word.isalpha() and word.isupper() and not token.text.isupper():
            return True  # "El PP", "La ONU": an acronym does not take the article in its name (but "EL PAÍS")
        return not (rest_is_name and (not starts_sentence(token) or single))
    if pos in _CLOSED_POS:
        return True
    if pos in _OPEN_NON_NAME_POS:
        return token.is_stop or starts_sentence(token) or token.text.lower() in context.lower_words
    return False


def _junk_at_end(token: Token) -> bool:
    return (token.is_space or token.is_punct or token.text[:1].islower() or token.text in ("'s", "’s", "'")
            or _SCORE.fullmatch(token.text) is not None)  # "Argentina 3-0": a result after a team's name


_SCORE = re.compile(r"\d{1,2}[-–]\d{1,2}")


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
    """Names like `Organización para la Seguridad y Cooperación en Europa` or `Ley de ...`, which NER cuts up."""
    chains: list[Candidate] = []
    i = 0
    while i < len(doc):
        token = doc[i]
        label: EntityType | None = (
            "ORG" if token.lower_ in INSTITUTION_HEADS else "MISC" if token.lower_ in MISC_HEADS else None
        )
        if label is None or not token.text[:1].isupper() or token.text.isupper():
            i += 1
            continue
        end = j = i + 1
        while True:
            gap = j
            if _where_it_is(doc, gap):
                break  # "Banco de Sangre de la Cruz Roja en la Ciudad de México": where it is, not its name
            while gap < len(doc) and gap - j < 2 and _chain_connector(doc[gap]):
                gap += 1
            if gap < len(doc) and _another_institution(doc, j, gap):
                break  # "la Secretaría de Salud y la Comisión Federal de ...": two institutions listed
            if gap < len(doc) and _chain_word(doc[gap]):
                end = j = gap + 1
            elif gap > j and gap + 1 < len(doc) and _acronym(doc[gap]) and _chain_word(doc[gap + 1]):
                end = j = gap + 2  # "Consejo Ciudadano del DIF Nacional": an acronym the name goes on after
            else:
                break
        if end - i >= 2:
            chains.append(Candidate(token.idx, doc[end - 1].idx + len(doc[end - 1]), label, i, end))
        i = max(end, i + 1)
    return chains


_CONJUNCTIONS = frozenset({"y", "e", "and"})


def _another_institution(doc: Doc, j: int, gap: int) -> bool:
    """A conjunction and an article, then a word that heads an institution's name: a second noun phrase, so a
    second institution (`el Banco Central y el Fondo Monetario`); without the article it may be one name
    (`Instituto Politécnico y Universidad Estatal de Virginia`), and so it is with other words (`Organización
    para la Seguridad y la Cooperación en Europa`)."""
    return (
        gap == j + 2 and doc[j].lower_ in _CONJUNCTIONS and doc[j + 1].lower_ in _DEFINITE
        and doc[gap].lower_ in INSTITUTION_HEADS
    )


_LOCATIVE = frozenset({"en", "in"})
_DEFINITE = frozenset({"el", "la", "los", "las", "the"})


def _where_it_is(doc: Doc, i: int) -> bool:
    """`en la Ciudad de México`, `in the City of London`: a place the institution is in, after `en` and an
    article; a place in a name goes without one (`Organización para la Seguridad y Cooperación en Europa`)."""
    return i + 1 < len(doc) and doc[i].lower_ in _LOCATIVE and doc[i + 1].lower_ in _DEFINITE


def _acronym(token: Token) -> bool:
    text = token.text
    return len(text) > 1 and text.isalpha() and text.isupper()


def _chain_connector(token: Token) -> bool:
    return token.text in _CHAIN_CONNECTORS


def _chain_word(token: Token) -> bool:
    """A capitalised content word that can continue a name (not an acronym or a compound)."""
    text = token.text
    return text[:1].isupper() and text[1:].islower() and "-" not in text and not token.is_stop


def apply_chains(doc: Doc, cands: list[Candidate], chains: Iterable[Candidate]) -> list[Candidate]:
    """Replace the fragments a chain covers by the chain (authored matches always win).

    `cands` are in text order, and so are the chains, which never overlap one another: what a chain
    covers is found by bisection, and no chain covers what an earlier one replaced."""
    starts = [c.start for c in cands]
    firsts = [c.first for c in cands]
    reach = list(accumulate((c.end for c in cands), max, initial=-1))  # reach[k]: the furthest end of cands[:k]
    removed: set[Candidate] = set()
    applied: list[Candidate] = []
    for chain in chains:
        lo, hi = bisect_right(firsts, chain.first), bisect_left(firsts, chain.last)
        chain = _before_coordinated_name(doc, chain, cands[lo:hi])
        if chain is None:
            continue
        inside = bisect_left(starts, chain.start)
        if reach[inside] > chain.start:
            continue  # a name the model found runs into it from before: leave both alone
        covered = cands[inside : bisect_left(starts, chain.end)]
        if any(c.ruler_id for c in covered):
            continue
        crossing = [c for c in covered if c.end > chain.end]
        tail = _acronym_after(doc, chain) if crossing else None
        if crossing and (tail is None or any(c.last != tail.last for c in crossing)):
            continue  # the model found something longer that crosses it: leave both alone
        if any(c.label == "PER" and c.first <= chain.first + 2 and c.last == chain.last for c in covered):
            continue  # "Administración Trump" is a person's government, not a new name
        if any(c.label == "PER" and c.last - c.first > 1 and c.first > chain.first and is_title_word(doc[c.first - 1])
               for c in covered):
            continue  # "Senate Minority Leader Harry Reid": a title before a person's name, not an institution
        if len(covered) == 1 and (covered[0].start, covered[0].end) == (chain.start, chain.end):
            continue
        removed.update(covered)
        applied.append(chain)
        if tail is not None:
            applied.append(tail)  # "... e Industrias Textiles del IPN": the acronym the chain stopped at is a name
    return sorted([c for c in cands if c not in removed] + applied, key=lambda c: c.start)


def _acronym_after(doc: Doc, chain: Candidate) -> Candidate | None:
    """The acronym right after a chain and `de` (`del IPN`): the institution the chain belongs to, a name of its own.
    Not after a kind and an adjective alone (`Consejo General del INE`), which needs the acronym to name one thing."""
    k = chain.last
    if k + 1 >= len(doc) or doc[k].lower_ not in ("de", "del", "of") or not _acronym(doc[k + 1]):
        return None
    if not any(t.is_lower for t in doc[chain.first : chain.last]):
        return None
    token = doc[k + 1]
    return Candidate(token.idx, token.idx + len(token), "ORG", token.i, token.i + 1)


def _before_coordinated_name(doc: Doc, chain: Candidate, inside: list[Candidate]) -> Candidate | None:
    """`la Comisión Europea y Alemania`: the chain ends before `y` when a place name follows it
    (`inside`: the names that start inside the chain, in order)."""
    for c in inside:
        if chain.first < c.first < chain.last and c.label == "LOC" and doc[c.first - 1].lower_ in _AND:
            end = c.first - 1
            if end - chain.first < 2:
                return None
            return replace(chain, end=doc[end - 1].idx + len(doc[end - 1]), last=end)
    return chain


def join_adjacent(doc: Doc, cands: list[Candidate], context: NameContext | None = None) -> list[Candidate]:
    """Names the small models cut: `Andrés` + `Manuel López Obrador`, `Miguel “Piojo` + `Herrera`; in English
    `Liberal` + `Democrat`, `Scottish Executive`, `Old Labour`."""
    cands = _with_first_names(doc, _with_arabic_articles(doc, _with_nicknames(doc, cands), context))
    if doc.lang_ != "en":
        return cands
    taken = {i for c in cands for i in range(c.first, c.last)}
    result: list[Candidate] = []
    for cand in cands:
        if not cand.ruler_id and cand.label != "PER":
            cand = _with_capitalised_head(doc, cand, taken)
            if cand.label == "MISC" and cand.last - cand.first == 1:
                cand = _with_capitalised_tail(doc, cand, taken)
        previous = result[-1] if result else None
        party = previous is not None and doc[previous.first : cand.last].text.lower() in PARTY_NAMES
        if (
            previous is not None and not previous.ruler_id and not cand.ruler_id
            and (previous.label == "MISC" or party) and cand.label != "PER" and previous.last == cand.first
        ):
            result[-1] = replace(cand, start=previous.start, first=previous.first)
            continue
        result.append(cand)
    return result


def _with_nicknames(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """`Miguel “Piojo” Herrera`, `Antonio "LA" Reid`: a given name, a nickname in quotation marks and a surname
    are one person's name, whatever pieces the model made of them."""
    joined: list[tuple[int, int]] = []
    for i in range(1, len(doc) - 3):
        if not doc[i].is_quote or not _given_name_word(doc[i - 1]):
            continue
        close = next((j for j in range(i + 2, min(i + 5, len(doc) - 1)) if doc[j].is_quote), None)
        if close is None or not _given_name_word(doc[close + 1]) or not all(
                t.is_alpha and t.text[:1].isupper() for t in doc[i + 1 : close]):
            continue
        first = next((c.first for c in cands if c.first < i <= c.last), i - 1)
        last = next((c.last for c in cands if c.first <= close + 1 < c.last), close + 2)
        joined.append((first, last))
    if not joined:
        return cands
    kept = [c for c in cands if not any(c.first < last and first < c.last for first, last in joined)]
    added = [Candidate(doc[first].idx, doc[last - 1].idx + len(doc[last - 1]), "PER", first, last)
             for first, last in joined]
    return sorted(kept + added, key=lambda c: c.first)


def _with_arabic_articles(doc: Doc, cands: list[Candidate], context: NameContext | None) -> list[Candidate]:
    """`opina Al Khatteeb`, `Ali Al Khatteeb`: `Al` capitalised inside a sentence, right before a name that is no
    common word, is the Arabic article of that name (Spanish writes its contraction `al` in lowercase there, but a
    title in capitals may not: `Llegan Al Estadio Azteca`; in English `Al` is a given name)."""
    result = []
    for cand in cands:
        k = cand.first - 1
        first = doc[cand.first].text
        if k >= 0 and doc[k].text == "Al" and not doc[k].is_sent_start and not cand.ruler_id \
                and first[:1].isupper() and not (context is not None and context.is_common(first)) \
                and not (result and result[-1].last > k):
            cand = replace(cand, start=doc[k].idx, first=k)
        result.append(cand)
    return result


def _given_name_word(token: Token) -> bool:
    return token.is_alpha and token.text[:1].isupper() and not token.is_sent_start \
        and token.lower_ not in ARTICLES_WITH_CONTRACTIONS


def _with_first_names(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """A capitalised word the model kept apart right before a person's name is its first name."""
    result: list[Candidate] = []
    for cand in cands:
        previous = result[-1] if result else None
        if (
            previous is not None and cand.label == "PER" and not previous.ruler_id and not cand.ruler_id
            and previous.last == cand.first and previous.last - previous.first == 1
            and _chain_word(doc[previous.first]) and _may_be_first_name(doc, previous)
        ):
            result[-1] = replace(cand, start=previous.start, first=previous.first)
            continue
        result.append(cand)
    return result


def _may_be_first_name(doc: Doc, cand: Candidate) -> bool:
    """Whether a one-word name right before a person's may be the first name: not a title (`Senator`) or a
    party (`Democrat Hillary Clinton`), nor, in English, whose model tags people reliably, a word it took for a
    place or an organisation (`Secretary of State Hillary Clinton`)."""
    token = doc[cand.first]
    if is_title_word(token) or token.lower_ in PARTY_WORDS:
        return False
    return doc.lang_ != "en" or cand.label not in ("ORG", "LOC")


def _name_word(token: Token, taken: set[int]) -> bool:
    """A capitalised word in mid-sentence that no other name holds and that is no title."""
    return (
        token.i not in taken and _chain_word(token) and not starts_sentence(token)
        and not is_role_word(token.text) and token.lower_ not in HONORIFICS
    )


def _with_capitalised_head(doc: Doc, cand: Candidate, taken: set[int]) -> Candidate:
    """`Liberal Democrats`, `Old Labour`: capitalised words right before the name belong to it (even at a
    sentence start when they make a party's name)."""
    first = cand.first
    while first > 0 and (
        _name_word(doc[first - 1], taken)
        or first - 1 not in taken and doc[first - 1 : cand.last].text.lower() in PARTY_NAMES
    ):
        first -= 1
    return cand if first == cand.first else replace(cand, start=doc[first].idx, first=first)


def _with_capitalised_tail(doc: Doc, cand: Candidate, taken: set[int]) -> Candidate:
    """`Scottish Executive`: a nationality word takes the capitalised words that follow it."""
    end = cand.last
    while end < len(doc) and (_name_word(doc[end], taken) or _closing_title(doc, end, taken)):
        end += 1
    return cand if end == cand.last else replace(cand, end=doc[end - 1].idx + len(doc[end - 1]), last=end)


def _closing_title(doc: Doc, i: int, taken: set[int]) -> bool:
    """`the Scottish Executive`: a capitalised title word ends a name when no name follows it."""
    token = doc[i]
    following = doc[i + 1] if i + 1 < len(doc) else None
    return (
        i not in taken and _chain_word(token) and not starts_sentence(token)
        and (following is None or not following.text[:1].isupper())
    )


def without_weekdays(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """`Congress Friday passed`: a day of the week between a name and its verb says when, and is no part of the
    name (but `Black Friday sales`, `on Super Tuesday,`)."""
    result = []
    for cand in cands:
        last = cand.last
        if not cand.ruler_id and last - cand.first > 1 and doc[last - 1].lower_ in WEEKDAYS and last < len(doc) \
                and doc[last].pos_ in ("VERB", "AUX"):
            last -= 1
            cand = replace(cand, end=doc[last - 1].idx + len(doc[last - 1]), last=last)
        result.append(cand)
    return result


#: Marks that separate two names and never stand inside one (`Getty/Instagram`, `Politico, Democratic`).
_SEPARATORS = frozenset({"/", ",", ";"})


def split_at_separators(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """Names run together across a slash, a comma or a semicolon are two names (not a model number across a
    slash, `PCG-X505/P`); a part that is no capitalised word is dropped."""
    result = []
    for cand in cands:
        cuts = [i for i in range(cand.first, cand.last) if doc[i].text in _SEPARATORS and not (
            doc[i].text == "/" and _digit_beside(doc, i)
        )]
        if not cuts or cand.ruler_id:
            result.append(cand)
            continue
        begin = cand.first
        for cut in [*cuts, cand.last]:
            if cut > begin and doc[begin].text[:1].isupper():
                end = doc[cut - 1].idx + len(doc[cut - 1])
                result.append(replace(cand, start=doc[begin].idx, end=end, first=begin, last=cut))
            begin = cut + 1
    return result


def _digit_beside(doc: Doc, i: int) -> bool:
    """A digit in the word before or after token `i`."""
    beside = (doc[i - 1].text if i > 0 else "") + (doc[i + 1].text if i + 1 < len(doc) else "")
    return any(c.isdigit() for c in beside)


def without_title_heads(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """`Miss Universe Alicia Machado`: a person's name the model starts inside a title (right after a title
    word) loses its first word when the article names the person without it elsewhere."""
    source = doc.text
    names = {c.text(source) for c in cands}
    result = []
    for cand in cands:
        first = cand.first
        if (
            cand.label == "PER" and not cand.ruler_id and cand.last - first > 2 and first > 0
            and doc[first - 1].text[:1].isupper() and is_title_word(doc[first - 1])
            and len(doc[first + 1 : cand.last].text.split()) > 1 and doc[first + 1 : cand.last].text in names
        ):
            cand = replace(cand, start=doc[first + 1].idx, first=first + 1)
        result.append(cand)
    return result


def split_merged(doc: Doc, cands: list[Candidate], context: NameContext | None = None) -> list[Candidate]:
    """Split spans that join two names found on their own elsewhere ("Estados Unidos Rusia", "Biden-Putin"),
    or an organisation's name and a person's (`del Instituto Federal Electoral Alfredo Figueroa`)."""
    source = doc.text
    texts: dict[str, set[EntityType]] = {}
    times: dict[str, int] = {}
    for c in cands:
        texts.setdefault(c.text(source), set()).add(c.label)
        times[c.text(source)] = times.get(c.text(source), 0) + 1
    longest = sorted(((len(t), t) for t in texts), reverse=True)[:2]
    result: list[Candidate] = []
    for cand in cands:
        own = cand.text(source)
        known = _OtherNames(texts, own, next((n for n, t in longest if t != own), 0))
        parts = None
        if not cand.ruler_id:
            # a name written the same way twice is one name (`North Korea` and `North`, `Korea` elsewhere),
            # not two run together by the model
            repeated = times[own] > 1
            parts = (
                _hyphen_parts(doc, cand, known) or (None if repeated else _token_parts(doc, cand, known))
                or _lowercase_parts(doc, cand, known) or _acronym_parts(doc, cand)
                or (_person_after_organisation(doc, cand, known, context) if context is not None else None)
            )
        result.extend(parts or [cand])
    return result


class _OtherNames:
    """The texts of an article's names with their labels, but for one name's own text."""

    def __init__(self, texts: dict[str, set[EntityType]], own: str, longest: int) -> None:
        self._texts = texts
        self._own = own
        self.longest = longest
        """The length of the longest of them: no longer text is one."""

    def __contains__(self, text: object) -> bool:
        return text != self._own and text in self._texts

    def __getitem__(self, text: str) -> set[EntityType]:
        if text == self._own:
            raise KeyError(text)
        return self._texts[text]


def _chars(doc: Doc, first: int, last: int) -> int:
    """The length of the text of tokens `first` to `last - 1`, without reading it."""
    return doc[last - 1].idx + len(doc[last - 1]) - doc[first].idx if last > first else 0


def _lowercase_parts(doc: Doc, cand: Candidate, known: _OtherNames) -> list[Candidate] | None:
    """`Iglesias y Montero` (two names known on their own) or `Fan a Efe` (no name holds a lowercase `a`)."""
    cuts = []
    for i in range(cand.first + 1, cand.last - 1):
        word = doc[i]
        if not word.text[:1].islower():
            continue
        if (
            word.lower_ in _SPLITTING
            and _chars(doc, cand.first, i) <= known.longest and _chars(doc, i + 1, cand.last) <= known.longest
            and doc[cand.first : i].text in known and doc[i + 1 : cand.last].text in known
        ):
            cuts.append(i)
        elif cand.label == "PER" and word.lower_ not in _NAME_PARTICLES:
            cuts.append(i)
    if not cuts:
        return None
    parts, begin = [], cand.first
    for cut in [*cuts, cand.last]:
        if cut > begin:
            text = doc[begin:cut].text
            label = sorted(known[text])[0] if text in known else cand.label
            parts.append(Candidate(doc[begin].idx, doc[cut - 1].idx + len(doc[cut - 1]), label, begin, cut))
        begin = cut + 1
    return parts


def _acronym_parts(doc: Doc, cand: Candidate) -> list[Candidate] | None:
    """`BBC Farouk Soussa, economista`: a medium's acronym run into the name of the person it quotes,
    who the apposition after the comma describes; split into the organisation and the person."""
    head, rest = doc[cand.first], doc[cand.first + 1 : cand.last]
    if not (2 <= len(head.text) <= 5 and head.text.isalpha() and head.text.isupper()) or len(rest) < 2:
        return None
    if not all(t.text.replace("-", "").isalpha() and t.text[:1].isupper() and not t.text.isupper() for t in rest):
        return None
    after = [t for t in doc[cand.last : cand.last + 4] if t.lower_ not in ("el", "la", "the", "a", "an")]
    if len(after) < 2 or after[0].text != "," or not is_role_word(after[1].lower_):
        return None
    return [Candidate(head.idx, head.idx + len(head), "ORG", cand.first, cand.first + 1),
            Candidate(rest[0].idx, cand.end, "PER", cand.first + 1, cand.last)]


def _hyphen_parts(doc: Doc, cand: Candidate, known: _OtherNames) -> list[Candidate] | None:
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


#: The most words of a person's name told apart from an organisation's before it: a given name and a surname
#: (`Universidad Pompeu Fabra Lorenzo Gabrielli`; more would take an organisation's own words).
_PERSON_WORDS = 2


def _person_after_organisation(
    doc: Doc, cand: Candidate, known: _OtherNames, context: NameContext
) -> list[Candidate] | None:
    """`la investigadora de la Universidad Texas A&M Christine Blackburn`, `le dice a BBC Mundo Peggy`: a
    person's name run on from an organisation's, its last word used on its own elsewhere as a person's name
    or after a post whose holder is named. The person's name is the capitalised words at the end that are no
    common word or acronym; what is before it must be an organisation's: an institution word first, an
    acronym in it (without dots: `George R.R. Martin` has initials), or a name of several words the article
    uses alone (not `Rosa María Figueroa`, which starts with a common word but no organisation)."""
    if cand.ruler_id or cand.last - cand.first < 2:
        return None
    last = doc[cand.last - 1].text
    if last not in known or not ("PER" in known[last] or _after_a_post_of(doc, cand.first)):
        return None
    cut = cand.last
    while cut > cand.first and cand.last - cut < _PERSON_WORDS:
        word = doc[cut - 1]
        if not word.is_alpha or not word.text[:1].isupper() or word.text.isupper() or context.is_common(word.text):
            break
        cut -= 1
    if cut == cand.first or cut == cand.last or not doc[cut - 1].text[:1].isupper():
        return None  # "Hospital General de Durango": a place ends an organisation's name after `de`
    prefix = doc[cand.first : cut]
    if len(prefix) == 1 and prefix[0].lower_ in INSTITUTION_HEADS:
        return None  # "la Fundación Carlos Slim": an institution named after a person
    organisation = (
        prefix[0].lower_ in INSTITUTION_HEADS
        or any(len(t.text) > 1 and "." not in t.text and t.text.replace("&", "").isupper() for t in prefix)
        or len(prefix) > 1 and prefix.text in known and bool(known[prefix.text] - {"PER"})
    )  # a lone word the model took for something else may be a first name (`Haile's`)
    if not organisation:
        return None
    return [
        Candidate(prefix.start_char, prefix.end_char, "ORG", cand.first, cut),
        Candidate(doc[cut].idx, cand.end, "PER", cut, cand.last),
    ]


def _after_a_post_of(doc: Doc, i: int) -> bool:
    """Token `i` follows a post and `de` (`el exconsejero del`, `la investigadora de la`): a holder is named."""
    j = i - 1
    if j >= 0 and doc[j].lower_ in ("la", "el", "los", "las", "the"):
        j -= 1
    if j < 1 or doc[j].lower_ not in ("de", "del", "of") or not doc[j - 1].is_lower:
        return False
    post = doc[j - 1].text
    return is_role_word(post) or post.startswith("ex") and is_role_word(post[2:])  # "exconsejero"


def _token_parts(doc: Doc, cand: Candidate, known: _OtherNames) -> list[Candidate] | None:
    """Segment into ≥2 known place or organisation names separated only by spaces."""
    if cand.label == "PER" or cand.last - cand.first < 2:
        return None
    n = cand.last - cand.first
    starts = [doc[cand.first + k].idx for k in range(n)]
    # best[end]: where the last part of the first segmentation of the first `end` tokens found begins, or -1
    best = [-1] * (n + 1)
    best[0] = 0
    for end in range(1, n + 1):
        end_char = doc[cand.first + end - 1].idx + len(doc[cand.first + end - 1])
        # parts longer than any known name are no name: start at the first part short enough
        for begin in range(bisect_left(starts, end_char - known.longest, 0, end), end):
            if best[begin] < 0:
                continue
            text = doc[cand.first + begin : cand.first + end].text
            if text in known and known[text] - {"PER"}:
                best[end] = begin
                break
    if best[n] < 0:
        return None
    segments: list[tuple[int, int]] = []
    end = n
    while end > 0:
        segments.append((best[end], end))
        end = best[end]
    segments.reverse()
    if len(segments) < 2:
        return None
    parts = []
    for begin, end in segments:
        first, last = cand.first + begin, cand.first + end
        text = doc[first:last].text
        label = sorted(known[text] - {"PER"})[0]
        parts.append(Candidate(doc[first].idx, doc[last - 1].idx + len(doc[last - 1]), label, first, last))
    return parts

