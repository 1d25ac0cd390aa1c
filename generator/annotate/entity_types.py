"""Entity types: map the models' labels to ours and correct them with cues from the name and its context."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from ..model import EntityType
from .entity_spans import Candidate
from .entity_words import (
    ARTICLES_WITH_CONTRACTIONS, CLASSIFIERS, INSTITUTION_HEADS, LEGAL_FORMS, MISC_HEADS, ORG_TAILS, ORGANISATION_PARTS, PARTY_NAMES,
    PARTY_WORDS, PLATFORMS,
)
from .roles import HONORIFICS, is_role_word

#: Model label → our type; labels not listed (dates, numbers, money...) are dropped.
LABELS: dict[str, EntityType] = {
    "PER": "PER", "PERSON": "PER",
    "ORG": "ORG",
    "LOC": "LOC", "GPE": "LOC", "FAC": "LOC",
    "MISC": "MISC", "NORP": "MISC", "EVENT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC",
    "PRODUCT": "MISC", "LANGUAGE": "MISC",
}
_NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten twenty hundred uno dos tres cuatro cinco seis
    siete ocho nueve diez veinte cien""".split()
)
_PREFERENCE: tuple[EntityType, ...] = ("PER", "ORG", "LOC", "MISC")
#: How many of the model's labels of a lone word (`Pence`) its label of a full name (`Mike Pence`) outweighs.
_FULL_NAME_WEIGHT = 10
#: How many of the model's labels of full names one cue from the context outweighs.
_CONTEXT_WEIGHT = 3
#: Offices held over a territory: `el alcalde de X` names a place.
_TERRITORIAL = frozenset(
    """presidente presidenta expresidente expresidenta vicepresidente vicepresidenta alcalde alcaldesa
    gobernador gobernadora obispo arzobispo rey reina príncipe princesa canciller embajador embajadora
    cónsul senador senadora diputado diputada
    president mayor governor bishop archbishop king queen prince princess ambassador senator""".split()
)
#: A period of office: `la presidencia de X` names a person.
_TENURE = frozenset("presidencia mandato gobierno administración gestión presidency administration tenure".split())
_OF = frozenset({"de", "del", "of"})
_LIKE = frozenset({"como", "like"})
_RELATIVES = frozenset({"que", "quien", "quienes", "who", "which", "that"})
_AND = frozenset({"y", "e", "and"})
#: Lowercase words inside an institution's name (`Facultad de Filosofía y Letras`).
_NAME_LINKS = frozenset({"de", "del", "la", "las", "el", "los", "y", "e", "of", "the", "and", "for"})
#: The most words of an institution's name between a role and a comma (`del Hospital Infantil de México,`).
_INSTITUTION_WORDS = 6
#: Relative pronouns that only refer to people (British English says `England, who won`, so not `who`).
_WHO = frozenset({"quien"})
#: An age: a number after a name and a comma below this is one (`Keith Scott, 43,`).
_OLDEST = 120
#: Relations: `el hermano de X` names a person, unlike `el presidente de X`.
_KIN = frozenset(
    """hermano hermana hijo hija padre madre esposo esposa marido mujer viuda abuelo abuela tío tía primo
    prima sobrino sobrina nieto nieta compañero compañera amigo amiga colega novio novia pareja
    brother sister son daughter father mother husband wife widow friend colleague partner""".split()
)
#: Family: only a person has one (`el esposo de X`, `X's wife`); friends and colleagues an organisation may have.
#: By language: Spanish `son` is a verb (`son originarios de Beijing`).
_FAMILY = {
    "es": frozenset(
        """hermano hermana hijo hija padre madre esposo esposa marido viuda viudo abuelo abuela tío tía primo
        prima sobrino sobrina nieto nieta suegro suegra yerno nuera""".split()
    ),
    "en": frozenset(
        """brother sister son daughter father mother husband wife widow widower grandson granddaughter
        grandfather grandmother uncle aunt nephew niece cousin""".split()
    ),
}


def person_cue(doc: Doc, cand: Candidate) -> bool:
    """A title before the name (`el famoso escritor chino Mo Yan`, `su traductor, Fan Yan`), or `X administration`."""
    before = _word_before(doc, cand.first, skip_adjectives=True)
    if before is not None and is_role_word(before.text):
        return True
    comma = _word_before(doc, cand.first)
    if comma is not None and comma.text == ",":
        role = _word_before(doc, comma.i)
        if role is not None and role.text[:1].islower() and is_role_word(role.text):
            return True
        if _holder_of_a_post(doc, cand, comma.i):
            return True
    after = doc[cand.last] if cand.last < len(doc) else None
    if after is not None and after.lower_ == "administration":
        return True
    # `el director de Verde Valle, quien ...`, `con Almeyda en Verde Valle, quien ...`: after a preposition the
    # name is a complement, and a relative clause after it may be about the head of the phrase
    complement = before is not None and (before.lower_ in _OF or before.pos_ == "ADP") and not _personal_a(doc, cand)
    return _apposition(doc, cand) == "PER" or _age_follows(doc, cand.last) or not complement and _who_follows(
        doc, cand.last, cand.label
    )


def _personal_a(doc: Doc, cand: Candidate) -> bool:
    """`le recordó a Yuya, quien ...`: Spanish marks a verb's object with `a` when it is a person (or an
    animate collective), so a relative clause after it is about the name, not about a noun before."""
    before = _word_before(doc, cand.first)
    return before is not None and before.lower_ == "a" and doc[cand.first].dep_ in ("obj", "iobj")


def _holder_of_a_post(doc: Doc, cand: Candidate, comma: int) -> bool:
    """`la directora del Hospital, Mariella Enoc`: a full name after a role of an institution and a comma; not
    a list's member (`los presidentes de Francia, Reino Unido y ...`)."""
    if cand.last - cand.first < 2:
        return False
    if cand.last + 1 < len(doc) and doc[cand.last].lower_ in _AND | {","} and doc[cand.last + 1].text[:1].isupper():
        return False
    for k in range(comma - 3, max(comma - 3 - _INSTITUTION_WORDS, 0) - 1, -1):
        name = doc[k + 2 : comma]
        if not all(t.text[:1].isupper() or t.lower_ in _NAME_LINKS for t in name):
            return False
        role = doc[k]
        if doc[k + 1].lower_ in _OF and role.text[:1].islower() and is_role_word(role.text) and role.lower_ not in _KIN:
            return name[0].text[:1].isupper()
    return False


def _who_follows(doc: Doc, i: int, label: EntityType) -> bool:
    """`Ruiz, quien dijo ...`: only people are `quien`; `quienes` after a place is its people (`San Francisco
    Ozolotepec, quienes ...`), after anything else people."""
    if i + 1 >= len(doc) or doc[i].text != ",":
        return False
    following = doc[i + 1].lower_
    return following in _WHO or following == "quienes" and label != "LOC"


def _age_follows(doc: Doc, i: int) -> bool:
    """`Keith Scott, 43, was ...`, `Ana Ruiz, de 43 años`: only people have an age, and it follows their name."""
    if i + 2 >= len(doc) or doc[i].text != ",":
        return False
    following = doc[i + 1]
    if following.lower_ == "de":
        following = doc[i + 2]
        closing = doc[i + 3] if i + 3 < len(doc) else None
        return following.like_num and closing is not None and closing.lower_ in ("años", "año")
    return following.text.isdigit() and int(following.text) < _OLDEST and doc[i + 2].text in (",", ".")


def non_person_cue(doc: Doc, cand: Candidate) -> bool:
    """An article right before the name (`del Pentágono`), a number in it (`Bucarest Nine`), `el
    presidente de X`, or a place it ends in (`Ford de México`)."""
    before = _word_before(doc, cand.first)
    if before is not None and before.lower_ in ARTICLES_WITH_CONTRACTIONS and doc[cand.first].lower_ not in HONORIFICS:
        return True
    if any(t.like_num or t.lower_ in _NUMBER_WORDS or t.text == "NUMBER" for t in doc[cand.first : cand.last]):
        return True
    return _of_a_title(doc, cand) or _of_a_place(doc, cand)


#: Where a document keeps the texts of the places the model found in it, read once.
_PLACES_KEY = "digest_place_texts"


def _of_a_place(doc: Doc, cand: Candidate) -> bool:
    """`Ford de México`, `Altos Hornos de México`: a name that ends in `de` and a name the model takes for a
    place on its own elsewhere in the text is a firm's or a team's branch there, not a person's (`Luis de
    Guindos`, `Francisco de Anda` ... `De Anda dijo`)."""
    places = doc.user_data.get(_PLACES_KEY)
    if places is None:  # a place named on its own, not a surname's tail (`De Anda prometió`)
        places = doc.user_data[_PLACES_KEY] = frozenset(
            e.text for e in doc.ents if LABELS.get(e.label_) == "LOC" and not (e.start and doc[e.start - 1].lower_ in _OF)
        )
    for k in range(cand.first + 1, cand.last - 1):
        if doc[k].lower_ in _OF and doc[k + 1 : cand.last].text in places:
            return True
    return False


def name_type(doc: Doc, cand: Candidate) -> EntityType | None:
    """The type the name's own words, a classifier noun or a dateline give it (`Universidad ...`, `... Times`,
    `la revista X`, `LONDRES.`)."""
    if cand.dateline:
        return "LOC"  # `LONDRES.`, `MIDWAY ATOLL -`: where the story was written
    words = [t.lower_ for t in doc[cand.first : cand.last]]
    if words and words[0] in ARTICLES_WITH_CONTRACTIONS:
        words = words[1:]
    if not words:
        return None
    text = " ".join(words)
    if text in PARTY_NAMES or (len(words) == 1 and (words[0] in PARTY_WORDS or words[0] in PLATFORMS)):
        return "ORG"
    if words[0] in INSTITUTION_HEADS or "&" in words:
        return "ORG"  # `Universidad ...`; `Johnson & Johnson`, `Procter & Gamble`: partners' firms
    if words[0] in MISC_HEADS and _kind_first(doc, words) and not (cand.label == "PER" and person_cue(doc, cand)):
        # `Ley Olímpica`, `Bill of Rights`; but `Bill Clinton`, and with a person's cue `Bill de Blasio` or `Bill
        # Clinton` in a Spanish story: a given name
        return "MISC"
    if len(words) > 1 and any(w in ORG_TAILS and (n == len(words) - 1 or words[n + 1] in _OF)
                              for n, w in enumerate(words[1:], start=1)):
        return "ORG"
    if _legal_form_follows(doc, cand.last):
        return "ORG"
    if cand.label == "PER" and _model_code_ends(doc, cand):
        return "MISC"
    classifier = _classifier_before(doc, cand.first)
    if classifier is not None:
        return classifier
    apposition = _apposition(doc, cand)
    return apposition if apposition != "PER" else None


def _kind_first(doc: Doc, words: Sequence[str]) -> bool:
    """The name's first word may be its kind: Spanish puts the kind first (`Ley Olímpica`, `Copa del Rey`),
    English last (`the Finance Bill`) but before `of` (`Bill of Rights`, `War of 1812`) or in an operation's
    name; `Bill Clinton` is no bill."""
    return doc.lang_ != "en" or len(words) == 1 or words[1] in _OF or words[0] == "operation"


#: A code of capitals or digits that ends a product's or a model's name (`GO`, `XL`, `E6`), not a person's.
_CODE = re.compile(r"(?=.*[A-Z])[A-Z0-9]{2,3}")
#: A king's or a pope's number (`Felipe VI`, `Benedicto XVI`, `Taibo II`): part of a person's name.
_REGNAL = re.compile(r"[IVX]+")


def _model_code_ends(doc: Doc, cand: Candidate) -> bool:
    """`Pokémon GO`, `Pixel XL`, `Walther PPK`: a name in ordinary case that ends in a short code of capitals."""
    if cand.last - cand.first < 2:
        return False
    last, first = doc[cand.last - 1].text, doc[cand.first].text
    return bool(_CODE.fullmatch(last)) and not _REGNAL.fullmatch(last) and not first.isupper()


def _legal_form_follows(doc: Doc, i: int) -> bool:
    """`Telmex, S.A.`, `Acme Inc.`: a company's legal form right after the name (a comma between at most)."""
    if i < len(doc) and doc[i].text == ",":
        i += 1
    return i < len(doc) and doc[i].lower_.rstrip(".") in LEGAL_FORMS


def resolve_type(doc: Doc, cands: Sequence[Candidate]) -> tuple[EntityType, bool]:
    """The type of one entity from its mentions' labels and their context, and whether a cue (not only
    the model) gave it."""
    named = Counter(t for c in cands if (t := name_type(doc, c)) is not None)
    if named:
        return max(_PREFERENCE, key=lambda t: (named[t], -_PREFERENCE.index(t))), True
    votes = _model_votes(doc, cands)
    # a cue outweighs a few labels of the kind of mention that counts most in this entity
    label_weight = _FULL_NAME_WEIGHT if _mixed(doc, cands) else 1
    for cand in cands:
        if (vote := context_vote(doc, cand)) is not None:
            votes[vote] += _CONTEXT_WEIGHT * label_weight
    best = max(_PREFERENCE, key=lambda t: (votes[t], -_PREFERENCE.index(t)))
    person = any(person_cue(doc, c) for c in cands)
    not_person = any(non_person_cue(doc, c) for c in cands)
    if person and not not_person:
        return "PER", True
    if best == "PER" and not_person:
        others = Counter({t: n for t, n in votes.items() if t != "PER"})
        return (others.most_common(1)[0][0] if others else "ORG"), True
    return best, False


def _model_votes(doc: Doc, cands: Sequence[Candidate]) -> Counter[EntityType]:
    """The model's labels of the entity's mentions, a full name's outweighing a lone word's: it tags a full
    name (`Mike Pence`) far more reliably than the surname or first name that stands for it (`Pence` as an
    organisation, `Melania` as a place), which only break ties."""
    if not _mixed(doc, cands):
        return Counter(c.label for c in cands)
    votes: Counter[EntityType] = Counter()
    for cand in cands:
        votes[cand.label] += _FULL_NAME_WEIGHT if _full(doc, cand) else 1
    return votes


def _full(doc: Doc, cand: Candidate) -> bool:
    """A mention of several words, or an acronym (`CEM`): not a lone surname or first name."""
    if cand.last - cand.first > 1:
        return True
    text = doc[cand.first].text.replace(".", "")
    return len(text) > 1 and text.isalpha() and text.isupper()


def _mixed(doc: Doc, cands: Sequence[Candidate]) -> bool:
    """The entity is named both in full (several words or an acronym) and by one word alone."""
    return any(_full(doc, c) for c in cands) and not all(_full(doc, c) for c in cands)


def context_vote(doc: Doc, cand: Candidate) -> EntityType | None:
    """What the words around one mention say: `el portavoz del Kremlin` (ORG), `el obispo de Córdoba`
    (LOC), `la presidencia de Biden` (PER), `en Samara` (LOC), `United's chief executive` (ORG), `el esposo de
    X`, `X's wife` (PER)."""
    if _organisation_part_follows(doc, cand.last):
        return "ORG"
    if _family_follows(doc, cand.last):
        return "PER"
    before = _word_before(doc, cand.first)
    if before is None or not before.text.islower():
        return None
    single = cand.last - cand.first == 1
    if before.lower_ in ("en", "in") and single:
        return "LOC"
    article = before.lower_ in ARTICLES_WITH_CONTRACTIONS
    of = before if before.lower_ in _OF else _word_before(doc, before.i)
    if of is None or of.lower_ not in _OF:
        return None
    head = _word_before(doc, of.i, skip_adjectives=True)
    if head is None or not head.text.islower():
        return None
    if article and head.lower_ != "the" and is_role_word(head.text) and head.lower_ not in _KIN:
        return "ORG"  # people work for institutions: "un funcionario de la Casa Blanca"
    if not article and head.lower_ in _FAMILY.get(doc.lang_, ()):
        return "PER"  # "el esposo de Ana Ruiz", "the widow of John Smith"
    if not article and single and head.lower_ in _TENURE:
        return "PER"
    if not article and single and head.lower_ in _TERRITORIAL:
        return "LOC"
    return None


def _organisation_part_follows(doc: Doc, i: int) -> bool:
    """`'s board`, `'s chief executive`, `'s largest shareholders`: what only an organisation has follows."""
    if i + 1 >= len(doc) or doc[i].text not in ("'s", "’s"):
        return False
    k = i + 1
    while k < len(doc) - 1 and doc[k].pos_ == "ADJ" and doc[k].is_lower:
        k += 1  # "largest", "chief"
    word = doc[k]
    return word.is_lower and (word.lower_ in ORGANISATION_PARTS or word.lower_ == "executive" and doc[k - 1].lower_ == "chief")


def _family_follows(doc: Doc, i: int) -> bool:
    """`'s wife`, `'s eldest son`: a relative of the name's follows, and only a person has relatives."""
    if i + 1 >= len(doc) or doc[i].text not in ("'s", "’s"):
        return False
    k = i + 1
    while k < len(doc) - 1 and doc[k].pos_ == "ADJ" and doc[k].is_lower:
        k += 1  # "eldest", "late"
    return doc[k].is_lower and doc[k].lower_ in _FAMILY.get(doc.lang_, ())


def _of_a_title(doc: Doc, cand: Candidate) -> bool:
    """`el presidente de México`: a name after a title and `de` is a place or an institution, not a person."""
    of = _word_before(doc, cand.first)
    if of is None or of.lower_ not in _OF:
        return False
    role = _word_before(doc, of.i, skip_adjectives=True)
    return role is not None and role.text[:1].islower() and is_role_word(role.text) and role.lower_ not in _KIN


def _classifier_before(doc: Doc, first: int) -> EntityType | None:
    """`la revista Letras Libres`, `la universidad norteamericana Johns Hopkins`, `temas como Reinas`."""
    word = _word_before(doc, first, skip_adjectives=True)
    if word is not None and word.lower_ in _LIKE:
        word = _word_before(doc, word.i)
    if word is None or not word.text[:1].islower():
        return None
    return CLASSIFIERS.get(word.lower_)


def _apposition(doc: Doc, cand: Candidate) -> EntityType | None:
    """`Smartmatic, una compañía de ...` (ORG), `Juan Carlos Osorio, el estratega de México` (PER)."""
    i = cand.last
    if i + 2 >= len(doc) or doc[i].text != ",":
        return None
    i += 1
    if doc[i].pos_ == "DET" or doc[i].lower_ in ARTICLES_WITH_CONTRACTIONS or doc[i].lower_ in ("un", "una", "a", "an"):
        i += 1
    while i < len(doc) and doc[i].pos_ == "ADJ" and doc[i].text[:1].islower():
        i += 1
    if i >= len(doc) or not doc[i].text[:1].islower() or not _closes_apposition(doc, i + 1):
        return None
    if is_role_word(doc[i].text) and doc[i].lower_ not in CLASSIFIERS:
        return "PER"
    return CLASSIFIERS.get(doc[i].lower_)


def _closes_apposition(doc: Doc, i: int) -> bool:
    """The phrase from token `i` ends without a verb: `X, el estratega de México, tuvo...` but not
    `en Francia, el líder republicano comenzó...` (a new clause)."""
    while i < len(doc) and not (doc[i].is_punct or doc[i].is_space):
        if doc[i].lower_ in _RELATIVES:
            return True  # "Ochoa, el portero que contabilizó..."
        if doc[i].pos_ in ("VERB", "AUX"):
            return False
        i += 1
    return True


def _word_before(doc: Doc, i: int, *, skip_adjectives: bool = False) -> Token | None:
    j = i - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    if skip_adjectives:
        skipped = 0
        while j > 0 and skipped < 2 and doc[j].pos_ == "ADJ" and doc[j].text[:1].islower():
            j -= 1
            skipped += 1
    return doc[j] if j >= 0 else None
