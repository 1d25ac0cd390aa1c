"""Definitional sentences (`X es una referencia a ...`) and acronym expansions, found conservatively.

A wrong glossary entry is worse than a missing one, so the defined term must look like a
proper name or an acronym, and an ordinary `X es un ...` does not define a person.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping

from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH_STOP_WORDS
from spacy.lang.es.stop_words import STOP_WORDS as SPANISH_STOP_WORDS

from ..model import Definition, EntityType
from .entity_words import PARTY_WORDS
from .reporting import REPORTING_VERBS
from .roles import HONORIFICS, is_role_word
from .sentences import TextLayout

_NAME_WORD = r"[A-ZÁÉÍÓÚÑÜ][\w'’.-]*"
_CONNECTOR = r"(?:de|del|de la|de los|para|para la|y|e|en|of|the|and|for|on)"
_TERM = rf"(?P<term>{_NAME_WORD}(?:\s+(?:{_CONNECTOR}\s+)?{_NAME_WORD}){{0,7}})"
#: Phrases that only ever define a term, whatever the term is.
_STRONG = (
    r"(?:es|son) (?:una |la )?(?:referencia|alusión) a|es el nombre (?:de|que (?:recibe|se da a))"
    r"|(?:es|son) (?:la |las |una )?(?:siglas?|abreviatura) de"
    r"|(?:is|are) (?:a )?reference to|is (?:short|an acronym|an abbreviation) for|is the name (?:of|given to)"
)
_STRONG_DEF = re.compile(rf"{_TERM}\s+(?P<cue>{_STRONG})\s+(?P<rest>\S.*)", re.S)
#: "X es un ...", and verbs that define a term but that people also do ("se refiere a" = "speaks of").
_COPULA = r"es (?:un|una)|is (?:a|an)|se refiere a|hace referencia a|refers to|stands for"
_COPULA_DEF = re.compile(rf"{_TERM}\s+(?P<cue>{_COPULA})\s+(?P<rest>\S.*)", re.S)
_RELATIVE_DEF = re.compile(rf"{_TERM},\s+(?P<cue>que es (?:un|una|el|la)|which is (?:a|an|the))\s+(?P<rest>[^,;]+)")
_ARTICLE = re.compile(r"^(?:El|La|Los|Las|The)\s+")
#: English apposition: `the Tax Foundation, a conservative think tank, said ...`, `Motorola, the US handset
#: maker, ...` (up to the next comma or stop; one capitalised word may open it: `US`, `UK-based`).
_APPOSITIVE_DEF = re.compile(
    rf"(?<![\w'’-]){_TERM},\s+(?P<cue>an?|the)\s+"
    rf"(?P<rest>(?:[A-Z][\w'’.-]*\s+)?[a-z][^,;:()\"“”«»]*?)(?=\s*(?:[,;:)]|\.(?:\s|$)|$))"
)
#: Words in an apposition after `the` that make it a clause or a pointer, not a description (`Google, the
#: firm said, ...`, `the BBC, the one he joined`).
_NOT_DESCRIPTIVE = REPORTING_VERBS | frozenset(
    "he she it they we i you one ones same next last first following is are was were which whom whose".split()
)
#: How many words at an apposition's start may say it describes a person (`a former England captain`,
#: `a Democrat whose office ...`): a name the model mistyped is then a person's.
_PERSON_WORDS = 3
#: Words after `a`/`an` that begin a measure or a time, not what the name is (`Reuters, a day later, ...`).
_NOT_A_KIND = frozenset(
    "few lot number bit couple total year day week month decade time while moment percent quarter half".split()
)
_APPOSITION_WORDS = (2, 18)
#: Words only English writes often: they tell an English text from a Spanish one.
_ENGLISH_MARKERS = frozenset("the and of to is was that with for on".split())
_SPANISH_MARKERS = frozenset("el la los las que del y es con por para".split())
_SAMPLE = 3000
#: `(OTAN)`, and `(FBI, por sus siglas en inglés)` / `(FBI, for its initials in Spanish)`: an acronym of the
#: name in another language, whose initials cannot match.
_ACRONYM_AFTER = re.compile(
    r"\(([A-ZÁÉÍÓÚÑ]{2,10})(?P<foreign>[,;]\s*(?:por sus siglas|siglas|sigla|by its initials|for its initials)"
    r"\s+(?:en|in)\s+[a-záéíóúñ]+)?\)"
)
#: `OMS (Organización Mundial de la Salud)`, `OTAN (sigla de Organización del ...)`.
_ACRONYM_BEFORE = re.compile(
    r"\b([A-ZÁÉÍÓÚÑ]{2,10})\s*\("
    r"(?:(?:sigla|siglas|acrónimo|abreviatura) de |short for |stands for )?([^()\n]{5,150})\)"
)
_NAME_BEFORE = re.compile(rf"{_NAME_WORD}(?:\s+(?:{_CONNECTOR}\s+)?{_NAME_WORD}){{1,9}}$")
_PARTITIVE = re.compile(r"(?:de|of)\s", re.I)
_STOP_WORDS = SPANISH_STOP_WORDS | ENGLISH_STOP_WORDS
_SMALL_WORDS = frozenset("de del la las los el y e en para por of the and for on a al".split())


def sentence_definitions(layout: TextLayout, types: Mapping[str, EntityType]) -> list[Definition]:
    """Definitional sentences; `types` maps the entities' surface forms to their type."""
    found: list[Definition] = []
    first_use: dict[str, int] = {}
    previous_start = 0
    english = _english(layout.text)
    for index, (start, end) in enumerate(layout.sentences):
        sentence = layout.sentence_text(index)
        definition = None if layout.quoted(start) else _sentence_definition(sentence, types)
        if definition is None and english and not layout.quoted(start):
            definition = _appositive(sentence, types)
        if definition is not None:
            term, text, strong = definition
            if term not in first_use:
                first_use[term] = layout.text.find(term)
            # an ordinary "X es un..." defines X where X is introduced, not in later comment on it
            if strong or first_use[term] >= previous_start:
                found.append(Definition(term, text, layout.sentence_text(index), start, end))
        previous_start = start
    return found


def acronym_definitions(layout: TextLayout) -> list[Definition]:
    """Acronyms with their expansion: `Organización del Tratado del Atlántico Norte (OTAN)` and `OTAN (...)`."""
    return sorted(_acronyms(layout), key=lambda d: d.start)


def acronym_expansions(definitions: Collection[Definition]) -> dict[str, str]:
    """Acronym → expansion, from acronym definitions (spelled by the initials, or said to be foreign)."""
    foreign: dict[str, set[str]] = {}
    return {
        d.term: d.definition for d in definitions
        if d.term.isupper() and (_initials_match(d.term, d.definition) or d.term in _said_foreign(d.sentence, foreign))
    }


def term_acronyms(text: str) -> frozenset[str]:
    """Acronyms of common nouns (`una proposición no de ley (PNL)`, `gross domestic product (GDP)`): the words
    right before the parenthesis are in lowercase and their initials spell it, so it names a kind of thing,
    not one organisation, person or place."""
    found = set()
    for match in _ACRONYM_AFTER.finditer(text):
        if not match["foreign"] and _lowercase_expansion_before(text, match.start(), match.group(1)):
            found.add(match.group(1))
    return frozenset(found)


def _lowercase_expansion_before(text: str, paren: int, acronym: str) -> bool:
    """Whether the words before `(ACR)`, all lowercase and within one phrase, spell the acronym."""
    low = max(paren - 200, 0)
    words = re.findall(r"\S+", text[low:paren])[-14:]
    for size in range(len(acronym), len(words) + 1):
        candidate = words[-size:]
        if any(w[-1] in ".,;:!?()«»\"" or not w.isalpha() or not w.islower() for w in candidate):
            return False  # the expansion never crosses punctuation, and a capital makes it a name
        content = [w for w in candidate if w not in _SMALL_WORDS]
        if candidate[0] not in _SMALL_WORDS and "".join(w[0] for w in content).upper() == acronym.upper():
            return len(content) > 1
    return False


def _said_foreign(sentence: str, seen: dict[str, set[str]]) -> set[str]:
    """The acronyms the sentence says are another language's (`(FBI, por sus siglas en inglés)`); each
    sentence is read once (`seen`), however many acronyms it holds."""
    if sentence not in seen:
        seen[sentence] = {m.group(1) for m in _ACRONYM_AFTER.finditer(sentence) if m["foreign"]}
    return seen[sentence]


def strong_terms(definitions: Collection[Definition]) -> set[str]:
    """Terms defined by a phrase that only terms take ("es una referencia a"): never people."""
    strong: dict[str, bool] = {}  # by sentence: one long sentence may hold many acronyms
    for d in definitions:
        if d.sentence not in strong:
            strong[d.sentence] = _STRONG_DEF.match(d.sentence) is not None
    return {d.term for d in definitions if strong[d.sentence]}


def _sentence_definition(sentence: str, types: Mapping[str, EntityType]) -> tuple[str, str, bool] | None:
    """(term, definition, whether the phrase only ever defines terms) or None."""
    match = _STRONG_DEF.match(sentence)
    if match and _is_name(match["term"], types):
        return match["term"], _predicate(match), True
    for pattern in (_COPULA_DEF, _RELATIVE_DEF):
        match = pattern.match(sentence) if pattern is _COPULA_DEF else pattern.search(sentence)
        if match is None or _PARTITIVE.match(match["rest"]):
            continue  # "Cataluña es una de las regiones...": a fact about X, not what X is
        term = _ARTICLE.sub("", match["term"])
        # people and places have entity pages; a glossary term is a thing or an organisation
        person = term.split()[-1] in types and types[term.split()[-1]] == "PER"  # "President Chavez"
        if _is_name(term, types) and types.get(term, "MISC") in ("ORG", "MISC") and not person:
            return term, _predicate(match), False
    return None


def _english(text: str) -> bool:
    """Whether the text is English rather than Spanish, by the function words of its beginning."""
    words = re.findall(r"[a-z]+", text[:_SAMPLE].lower())
    return sum(w in _ENGLISH_MARKERS for w in words) > sum(w in _SPANISH_MARKERS for w in words)


def _appositive(sentence: str, types: Mapping[str, EntityType]) -> tuple[str, str, bool] | None:
    """`the Tax Foundation, a conservative think tank, ...`, `Motorola, the US handset maker, ...`: an
    organisation or a thing the article names, followed by a noun phrase set off by commas, which says what
    it is."""
    for match in _APPOSITIVE_DEF.finditer(sentence):
        term = _known_tail(match["term"], types)
        rest = match["rest"].split()
        if term is None or types[term] not in ("ORG", "MISC") or rest[0] in _NOT_A_KIND:
            continue
        if not _APPOSITION_WORDS[0] <= len(rest) <= _APPOSITION_WORDS[1] or not rest[0][:1].isalpha():
            continue
        if match["cue"] == "the" and (not rest[-1].isalpha() or not rest[-1].islower()
                                      or any(w.lower() in _NOT_DESCRIPTIVE for w in rest)):
            continue  # a definite apposition names what the thing is only as a noun phrase
        if term.split()[0].lower() in HONORIFICS or any(is_role_word(w) or w.lower() in PARTY_WORDS for w in rest[:_PERSON_WORDS]):
            continue  # `Mr. Trump, the developer ...`, `Scheiderman, a Democrat ...`: a person, whatever the type
        text = f"{match['cue']} {' '.join(rest)}"
        return term, text[:1].upper() + text[1:] + ".", False
    return None


def _known_tail(words: str, types: Mapping[str, EntityType]) -> str | None:
    """The longest tail of `words` that is a name the article recognised (`But Tax Foundation` → `Tax Foundation`)."""
    parts = words.split()
    for k in range(len(parts)):
        tail = " ".join(parts[k:])
        if tail in types:
            return tail
    return None


def _predicate(match: re.Match[str]) -> str:
    cue = match["cue"].split()
    if cue[0] in ("es", "son", "is", "are"):
        head = " ".join(cue[1:]) + " "  # keep "una referencia a", "un grupo"
    elif cue[0] in ("que", "which"):
        head = " ".join(cue[2:]) + " "
    else:
        head = ""  # "stands for X", "se refiere a X": the definition is X
    text = head + " ".join(match["rest"].split())
    return text[:1].upper() + text[1:]


def _is_name(term: str, names: Collection[str]) -> bool:
    """A proper name or an acronym: a recognised entity, or several capitalised words."""
    words = term.split()
    if words[0].lower() in _STOP_WORDS and not term.isupper():
        return False  # "Pero Ahmed", "Whilst Angels": a sentence-initial word, not part of the name
    if len(words) == 1:
        return term in names or (term.isupper() and len(term) > 1)
    content = [w for w in words if w not in _SMALL_WORDS]
    return len(content) >= 2 and all(w[:1].isupper() for w in content) or term in names


def _acronyms(layout: TextLayout) -> Iterator[Definition]:
    text = layout.text
    for match in _ACRONYM_AFTER.finditer(text):
        acronym = match.group(1)
        before = _foreign_name_before if match["foreign"] else _expansion_before
        found = before(text, match.start(), acronym)
        if found is not None:
            start, expansion = found
            yield _acronym_definition(layout, acronym, expansion, start, match.end())
    for match in _ACRONYM_BEFORE.finditer(text):
        acronym, inside = match.group(1), " ".join(match.group(2).split())
        if _initials_match(acronym, inside):
            yield _acronym_definition(layout, acronym, inside, match.start(), match.end())


def _expansion_before(text: str, paren: int, acronym: str) -> tuple[int, str] | None:
    """The shortest run of words before `(ACR)` whose capitals spell the acronym, with its offset."""
    low = max(paren - 200, 0)
    words = [(m.start() + low, m.group()) for m in re.finditer(r"\S+", text[low:paren])][-14:]
    for size in range(len(acronym), len(words) + 1):
        candidate = words[-size:]
        if any(w[-1] in ".,;:!?()«»\"" for _, w in candidate):
            return None  # the expansion never crosses punctuation
        expansion = " ".join(w for _, w in candidate)
        if candidate[0][1][:1].isupper() and _initials_match(acronym, expansion):
            return candidate[0][0], expansion
    return None


def _foreign_name_before(text: str, paren: int, acronym: str) -> tuple[int, str] | None:
    """The capitalised name right before `(FBI, por sus siglas en inglés)`: at least two capitalised words."""
    end = paren
    while end > 0 and text[end - 1].isspace():
        end -= 1
    match = _NAME_BEFORE.search(text, max(end - 150, 0), end)
    if match is None:
        return None
    words = match.group().split()
    while words and (words[0].lower() in _STOP_WORDS or words[0].lower() in _SMALL_WORDS):
        words = words[1:]  # "La Oficina ..." at a sentence start: the article is no part of the name
    if len([w for w in words if w[:1].isupper()]) < 2:
        return None
    expansion = " ".join(words)
    return end - len(" ".join(match.group().split()[-len(words):])), expansion


def _initials_match(acronym: str, expansion: str) -> bool:
    words = [w for w in re.split(r"[\s-]+", expansion) if w and w.lower() not in _SMALL_WORDS]
    if not words or not all(w[:1].isupper() for w in words):
        return False
    return "".join(w[0] for w in words).upper() == acronym.upper()


def _acronym_definition(layout: TextLayout, acronym: str, expansion: str, start: int, end: int) -> Definition:
    sentence = layout.sentence_text(layout.sentence_index(start))
    return Definition(acronym, expansion, sentence, max(start, 0), end)
