"""The fallback entity rule: a run of capitalised words not at the start of a sentence is a name."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

COMPONENT = "digest_capitalised_names"
#: Lowercase words that may join two capitalised words inside one name.
CONNECTORS = frozenset({"de", "del", "la", "las", "los", "of", "the", "for"})
#: Articles: capitalised at the end of a run they start the next phrase ("Rusia El funcionario").
ARTICLES = frozenset({"el", "la", "los", "las", "lo", "un", "una", "the", "a", "an", "le", "les"})
_OPENERS = frozenset("«“\"‘'(¿¡—-:")


def is_capitalised(token: Token) -> bool:
    """A word that starts with a capital letter (or an acronym)."""
    text = token.text
    return text[:1].isupper() and any(c.isalpha() for c in text)


def is_stop_word(token: Token) -> bool:
    """A stop word written in lowercase or title case (`US` is an acronym, not `us`)."""
    return token.is_stop and not token.text.isupper()


def starts_sentence(token: Token) -> bool:
    """True where capitalisation says nothing: sentence or line start, after an opening mark."""
    doc, i = token.doc, token.i
    # walks back to the sentence's first token at most (`token.sent` would measure the whole sentence)
    while i > 0 and not doc[i].is_sent_start:
        prev = doc[i - 1]
        if prev.is_space:
            if "\n" in prev.text:
                return True
            i -= 1
        elif prev.text == ":":
            return True  # a capital after a colon starts a quotation, a list or a title's second part
        elif prev.text in _OPENERS:
            i -= 1
        else:
            return False
    return True


@Language.component(COMPONENT)
def capitalised_names(doc: Doc) -> Doc:
    """Add MISC entities for capitalised runs that no earlier component has claimed."""
    taken = {t.i for ent in doc.ents for t in ent}
    spans: list[Span] = []
    i = 0
    while i < len(doc):
        if i in taken or not is_capitalised(doc[i]) or not _may_start(doc, i, taken):
            i += 1
            continue
        end = i + 1
        while end < len(doc) and end not in taken:
            j = end
            while j < len(doc) and doc[j].lower_ in CONNECTORS and doc[j].is_lower and j - end < 2:
                j += 1
            if j < len(doc) and j not in taken and is_capitalised(doc[j]):
                end = j + 1
            else:
                break
        while end - 1 > i and doc[end - 1].lower_ in ARTICLES:
            end -= 1  # "Rusia El funcionario": a capitalised article starts the next phrase
        spans.append(Span(doc, i, end, label="MISC"))
        i = end
    doc.ents = filter_spans([*doc.ents, *spans])
    return doc


def _may_start(doc: Doc, i: int, taken: set[int]) -> bool:
    """A stop word or a sentence's first word starts a name only before a capitalised non-stop word."""
    if not (starts_sentence(doc[i]) or is_stop_word(doc[i])):
        return True
    following = doc[i + 1] if i + 1 < len(doc) else None
    if following is None or following.i in taken:
        return False
    return is_capitalised(following) and not is_stop_word(following)
