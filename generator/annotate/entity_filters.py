"""Junk a small statistical model tags as names: placeholders, respectful nouns, portfolios, capitals by position."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from .capitalised_names import starts_sentence
from .entity_spans import Candidate
from .entity_words import (ARTICLES, DEFINITE_ARTICLES, FIELD_HEADS, PARTY_WORDS, PORTFOLIO_ROLES, POSSESSIVES,
                           REVERENTIAL_TITLES, ROLE_ACRONYMS)
from .name_context import NameContext
from .roles import is_role_word

#: Words a corpus writes in place of what it masked (the Spanish Fake News Corpus writes `*NUMBER*`).
PLACEHOLDERS = frozenset({"NUMBER"})
_PORTFOLIO_JOINS = frozenset({"y", "e", ","})
_CLITICS = frozenset("lo la le los las les se me te nos no ya también".split())
_PARTICIPLES = ("ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas")


def is_placeholder(token: Token) -> bool:
    """`*NUMBER*`, `*NUMBER*%`: a masked number, not a name."""
    doc = token.doc
    if token.i == 0 or doc[token.i - 1].text != "*":
        return False
    word, star, rest = token.text.partition("*")
    if star:  # `*NUMBER*%`: the tokenizer keeps the closing star and what follows it on the word
        return word in PLACEHOLDERS and not any(c.isalpha() for c in rest)
    return word in PLACEHOLDERS and token.i + 1 < len(doc) and doc[token.i + 1].text.startswith("*")


def is_junk(doc: Doc, cand: Candidate, context: NameContext) -> bool:
    """True for a trimmed model span that names nothing."""
    tokens = doc[cand.first : cand.last]
    if any(is_placeholder(t) for t in tokens) or not any(c.isalpha() for c in tokens.text):
        return True  # "*NUMBER*", "23,4%"
    if _reverential(doc, cand):
        return True  # "Santo Padre", "His Holiness": an office's name of respect, like a title alone
    if len(tokens) == 1:
        token = tokens[0]
        if (is_role_word(token.text) or token.lower_ in PORTFOLIO_ROLES) and (
                not token.text.isupper() or token.lower_ in ROLE_ACRONYMS):
            return True  # "Papa", "Señor", "Licenciado", "MEP": a title alone
        if _after_possessive(doc, cand.first):
            return True  # "su Maestro"
        if _capitalised_only_by_position(token, context, cand.label):
            return True
        if _opens_a_quoted_clause(token, cand.label):
            return True  # `refirió "Eres guapo, ...`, `como "Guía para firmar un contrato"`
        if _shouted(token, context):
            return True  # "no estoy castigada ni HARTO", "Jajajaja": capitals of emphasis, a laugh
    return _portfolio(doc, cand, context)


def _shouted(token: Token, context: NameContext) -> bool:
    """A common word written in capitals for emphasis before the word it qualifies (`de HARTO rumor`, `an
    immature WHITE college boy`), never as a name elsewhere, or a written laugh. An acronym is rarely a whole
    common word of five letters or more."""
    text = token.text
    if _LAUGH.fullmatch(text.lower()):
        return True
    doc = token.doc
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if not (len(text) >= 5 and text.isalpha() and text.isupper() and following is not None and following.is_lower
            and following.pos_ in ("NOUN", "ADJ")):
        return False  # a name in capitals is told things and tells them (`a EL UNIVERSAL que`, `POLITICO reported`)
    lower = text.lower()
    forms = {lower, *(lower[: -len(end)] + add for end, add in _INFLECTIONS if lower.endswith(end))}
    return (bool(forms & context.lexicon) and text.capitalize() not in context.bare_capitalised
            and lower not in PARTY_WORDS)


#: Endings of a plural or a feminine, and what the word's lemma ends with instead (`necesarios` → `necesario`).
_INFLECTIONS = (("s", ""), ("es", ""), ("a", "o"), ("as", "o"))


_LAUGH = re.compile(r"(?:ja|je|ha|he|jaja|haha)(?:ja|je|ha|he|j|h|a)+")


def _reverential(doc: Doc, cand: Candidate) -> bool:
    """The span, without a leading article or with the possessive the model left out (`His` + `Holiness`), is
    a form of address."""
    words = [t.lower_ for t in doc[cand.first : cand.last] if not t.is_space]
    if words and words[0] in DEFINITE_ARTICLES:
        words = words[1:]
    if " ".join(words) in REVERENTIAL_TITLES:
        return True
    return cand.first > 0 and " ".join([doc[cand.first - 1].lower_, *words]) in REVERENTIAL_TITLES


def _after_possessive(doc: Doc, i: int) -> bool:
    return i > 0 and doc[i - 1].lower_ in POSSESSIVES and doc[i - 1].text[:1].islower()


def _capitalised_only_by_position(token: Token, context: NameContext, label: str) -> bool:
    """A sentence's first word that the text never capitalises anywhere else ("Encuestas", "Bastó"),
    unless it acts as a name: an unknown word that is a subject (`Horn agregó`, `Agüero, en cambio,
    aseguró`), the first of a list of names or of a longer name, or one with an apposition; a common
    word only when the model saw a person acting (`Iglesias presentó`)."""
    text = token.text
    if not _at_sentence_start(token) or text.isupper() or any(c.isupper() for c in text[1:]):
        return False
    if text in context.bare_capitalised:
        return False
    doc = token.doc
    following = _after_clitics(doc, token.i + 1)
    acts = following is not None and following.pos_ in ("VERB", "AUX") and not following.lower_.endswith(_PARTICIPLES)
    if context.is_common(text):
        return not (label == "PER" and acts)
    if acts or following is not None and following.text[:1].isupper():
        return False  # "Horn agregó", "Andrés Manuel López Obrador"
    nxt = doc[token.i + 2] if token.i + 2 < len(doc) else None
    listed = following is not None and following.lower_ in ("y", "e", "and", ",")
    if listed and nxt is not None and nxt.text[:1].isupper():
        return False  # the first of a list of names
    apposition = following is not None and following.text == "," and nxt is not None and nxt.lower_ in ARTICLES
    return not (apposition or _subject_of_a_parenthetical(token))


_QUOTE_OPENERS = frozenset("«“\"‘'")
_QUOTE_CLOSERS = frozenset("»”\"’'")
#: How far into a quotation its verb is looked for: a quoted clause, not a title, has one early.
_QUOTED_VERB_WINDOW = 8


def _opens_a_quoted_clause(token: Token, label: str) -> bool:
    """The first word of a quotation with a verb in it, capitalised because the quotation starts there; not a
    name addressed (`"Chumel, ¿ya contaste ...`), the subject of the quoted clause (`"Maduro debe irse"`,
    `"Madrid y Barcelona son ..."`), a possessor (`"Sonny's injury`), one the model calls a person, nor the
    first of several capitalised words (`"Cien Años"`)."""
    doc = token.doc
    i = token.i
    if not _after_opening_quote(doc, i) or i + 1 >= len(doc) or label == "PER":
        return False
    following = doc[i + 1]
    listed = following.lower_ in ("y", "e", "and") and i + 2 < len(doc) and doc[i + 2].text[:1].isupper()
    if following.text in (",", "'s", "’s") or following.text[:1].isupper() or following.text in _QUOTE_CLOSERS or listed:
        return False  # a name addressed, a possessor, the first of several names
    acting = _after_clitics(doc, i + 1)
    while acting is not None and acting.pos_ == "ADV" and acting.i + 1 < len(doc):
        acting = doc[acting.i + 1]  # "Phillips still needs"
    if acting is not None and acting.pos_ in ("VERB", "AUX"):
        return False  # `"Maduro debe irse"`, `"Ramírez no sabe"`: a name, the quoted clause's subject
    for k in range(i + 2, min(i + _QUOTED_VERB_WINDOW, len(doc))):
        if doc[k].text in _QUOTE_CLOSERS or doc[k].is_space and "\n" in doc[k].text:
            return False
        if doc[k].pos_ in ("VERB", "AUX") and doc[k].is_lower:
            return True
    return False


def _after_opening_quote(doc: Doc, i: int) -> bool:
    """Token `i` right after a quote mark that opens (written against the word, apart from the one before:
    `dijo "Eres`, not `considerably." CBI`)."""
    if i == 0 or doc[i - 1].text not in _QUOTE_OPENERS or doc[i - 1].whitespace_:
        return False
    before = doc[i - 2] if i > 1 else None
    return before is None or bool(before.whitespace_) or before.is_space or before.text in "([—-"


def _after_clitics(doc: Doc, i: int) -> Token | None:
    """The token at `i`, or after the pronouns and negation that sit before a verb (`Montero lo apoyó`)."""
    while i < len(doc) and doc[i].lower_ in _CLITICS:
        i += 1
    return doc[i] if i < len(doc) else None


def _subject_of_a_parenthetical(token: Token) -> bool:
    """`Agüero, en cambio, aseguró ...`: the word is the subject of a verb after a short aside."""
    doc = token.doc
    i = token.i + 1
    if i >= len(doc) or doc[i].text != ",":
        return False
    for k in range(i + 1, min(i + 5, len(doc) - 1)):
        if doc[k].text == ",":
            after = doc[k + 1]
            verb = after.pos_ in ("VERB", "AUX")
            return verb or after.is_lower and after.is_alpha and after.lower_ not in ARTICLES
    return False


def _at_sentence_start(token: Token) -> bool:
    """At a sentence start, or right after a capitalised article that starts one (`El Dato`)."""
    if starts_sentence(token):
        return True
    previous = token.doc[token.i - 1] if token.i > 0 else None
    if previous is None or previous.lower_ not in DEFINITE_ARTICLES:
        return False
    return previous.text[:1].isupper() and starts_sentence(previous)


def _before_portfolios(doc: Doc, k: int, context: NameContext) -> int:
    """Back from token `k` over the portfolios listed before a name (`Economía, Hacienda y`, `Terapia
    celular y`), to the token before them; each token is walked over once per document (`context.walks` remembers)."""
    walked = []
    while k > 1 and (
        doc[k].lower_ in _PORTFOLIO_JOINS or doc[k].text[:1].isupper() and context.is_common(doc[k].text)
        or _lowercase_adjective_of_a_field(doc, k, context)
    ):
        if k in context.walks:
            k = context.walks[k]
            break
        walked.append(k)
        k -= 1
    for j in walked:
        context.walks[j] = k
    return k


def _lowercase_adjective_of_a_field(doc: Doc, k: int, context: NameContext) -> bool:
    """`Terapia celular`: an adjective in lowercase after a capitalised common word of a listed field."""
    previous = doc[k - 1]
    return doc[k].pos_ == "ADJ" and doc[k].is_lower and previous.text[:1].isupper() and context.is_common(previous.text)


def _portfolio(doc: Doc, cand: Candidate, context: NameContext) -> bool:
    """`exministro de Economía`, `secretario de Análisis Estratégico y Cambio Político`, `en materia de Empleo
    Público y Transparencia`: a field or a portfolio, in common words."""
    if cand.label == "PER" and cand.last - cand.first > 1 and cand.first > 0 and doc[cand.first - 1].text[:1].isupper():
        return False  # "Secretary of State Hillary Clinton": the holder of the title, right after it
    words = [t for t in doc[cand.first : cand.last] if t.is_alpha and len(t) > 3]
    if not words or not all(context.is_common(t.text) for t in words):
        return False
    k = _before_portfolios(doc, cand.first - 1, context)
    if k < 1 or doc[k].lower_ not in ("de", "en", "of", "in"):
        return False
    head = doc[k - 1]
    return head.lower_ in PORTFOLIO_ROLES or head.text in FIELD_HEADS
