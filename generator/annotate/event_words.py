"""The words of a story's events: content lemmas and the pairs they form, for telling one story line from another.

Two stories of one story line (an arrest and its trial, rounds of one negotiation) share the
specific words of the event — `extradición`, `arancel`, `huracán`, `impeachment` — and often
its phrases (`muro fronterizo`, `tipo de cambio`, `trade deal`); two stories that merely share a
president do not. So each story keeps the lemmas of its nouns, verbs and adjectives that are not
a name's words (names are the entities' business), and each pair of such lemmas that follow each
other in a sentence with at most a couple of function words between them (`tipo de cambio` →
`tipo cambio`). The link stage weighs them by how rare they are in the corpus and the language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc, Token

#: A token's lemma (the pipeline's lemmatizer, run only on the words kept).
Lemmatize = Callable[[Token], str]

#: Parts of speech whose lemmas say what happened.
EVENT_POS = frozenset({"NOUN", "VERB", "ADJ"})
#: Words that may stand between the two lemmas of a phrase (`tipo de cambio`, `the price of oil`).
LINKING_POS = frozenset({"ADP", "DET"})
#: Most linking words between the two lemmas of a phrase.
MAX_GAP = 2
#: Shortest lemma kept (shorter ones are mostly abbreviations and tokenisation debris).
MIN_LETTERS = 3


def lemmatizer(nlp: Language) -> Lemmatize:
    """The pipeline's lemmatizer as a function of one token (the token's text where the pipeline has none).

    The pipelines run without their lemmatizer component (most of its work would be thrown away);
    its rules are asked only for the few words a story line is made of.
    """
    if "lemmatizer" not in nlp.component_names:
        return lambda token: token.lower_
    pipe = nlp.get_pipe("lemmatizer")
    rules = getattr(pipe, "rule_lemmatize", None) if getattr(pipe, "mode", "") == "rule" else None
    lookup = getattr(pipe, "lookup_lemmatize", None)
    find = rules or lookup
    if find is None:
        return lambda token: token.lower_

    def lemma(token: Token) -> str:
        found = find(token)
        return found[0] if found else token.lower_

    return lemma


def event_words(doc: Doc, lemma: Lemmatize) -> dict[str, int]:
    """Lemma → count, and `lemma lemma` → count for the phrases they form, of one Doc (lower case)."""
    counts: Counter[str] = Counter()
    previous: str | None = None
    gap = 0
    for token in doc:
        if token.is_sent_start:
            previous, gap = None, 0
        word = _event_lemma(token, lemma)
        if word is None:
            if token.pos_ in LINKING_POS and previous is not None and gap < MAX_GAP:
                gap += 1
            else:
                previous, gap = None, 0
            continue
        counts[word] += 1
        if previous is not None and previous != word:
            counts[f"{previous} {word}"] += 1
        previous, gap = word, 0
    return dict(counts)


def _event_lemma(token: Token, lemma: Lemmatize) -> str | None:
    """The lower-case lemma of a content word that is not a name's, or None.

    Common words are kept (a language's stop lists hold words such as `acuerdo`): the link stage
    weighs every word by how rare it is, so `decir` and `say` count for nothing there."""
    # A capitalised word inside a name is the name's; a lower-case one is a word (the small models
    # tag runs such as `el tipo de cambio subió` as names).
    if token.pos_ not in EVENT_POS or not token.is_alpha or (token.ent_type_ and not token.is_lower):
        return None
    word = lemma(token).lower()
    return word if len(word) >= MIN_LETTERS and word.isalpha() else None
