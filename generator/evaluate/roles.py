"""Whether a speaker given by name is the one a gold description means (`the mayor` → `Mayor Ann Lee`).

Derived gold sets give a speaker as the source is written (`the Vermont senator`); the annotator gives the
fullest name. The name is right when the article itself gives that person the description's role: as a
title right before the name (`Sen. Bernie Sanders`, `Mayor Ann Lee`) or in an apposition after it (`Ann Lee,
the city's mayor`). An organisation named by its head noun (`the commission`) is the one whose name holds it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Entity

#: Words that open a description rather than a name.
_DETERMINERS = frozenset("the a an this that el la los las un una este esta ese esa".split())
#: Where the head of a description ends: a complement, a relative clause or an apposition follows.
_HEAD_ENDS = re.compile(r"\s(?:of|de|del|at|in|en|from|for|who|that|which|que|quien|and|y)\s|,|\(")
#: Abbreviated titles written before a name, by the role they stand for.
_TITLE_FORMS: dict[str, tuple[str, ...]] = {
    "senator": ("sen",), "governor": ("gov",), "representative": ("rep",), "congressman": ("rep",),
    "congresswoman": ("rep",), "president": ("pres",), "secretary": ("sec",), "general": ("gen",),
    "senador": ("sen",), "senadora": ("sen",), "presidente": ("pdte",), "presidenta": ("pdta",),
    "doctor": ("dr",), "doctora": ("dra",), "professor": ("prof",),
}
_NAME_GAP = r"(?:[A-Z\"“][\w.'’\"”-]*\s+){0,3}"
"""Up to three capitalised words between a title and the name (`Sen. Bernard "Bernie" Sanders`)."""
_APPOSITION_GAP = r"(?:(?!(?:of|de|del|to|a)\s)[\w'’-]+\s+){0,3}"
"""Up to three words of an apposition before its head, none a complement's (`a friend of the mayor`)."""


def description_head(gold: str) -> str | None:
    """The head noun of a description (`mayor` of `the city's mayor`), or None for a name."""
    words = gold.strip().split()
    if len(words) < 2 or words[0].lower() not in _DETERMINERS:
        return None
    chunk = _HEAD_ENDS.split(" " + gold.strip() + " ", maxsplit=1)[0].split()
    head = chunk[-1].lower().strip(".’'") if len(chunk) >= 2 else ""
    return head if head.isalpha() else None


def described_as(predicted: str, gold: str, text: str, entities: Sequence[Entity]) -> bool:
    """Whether the article gives `predicted` the role of the description `gold`."""
    head = description_head(gold)
    if head is None:
        return False
    entity = next((e for e in entities if e.name == predicted), None)
    if entity is not None and entity.type == "ORG":
        return head in predicted.lower().split()
    forms = _own_forms(predicted, entity, entities)
    titles = "|".join(re.escape(t) for t in (head, *_TITLE_FORMS.get(head, ())))
    for form in forms:
        name = re.escape(form)
        before = rf"\b(?i:{titles})\b\.?,?\s+{_NAME_GAP}{name}\b"
        after = rf"\b{name},\s+(?i:(?:the|a|an|el|la|un|una)\s+)?{_APPOSITION_GAP}(?i:{titles})\b"
        if re.search(before, text) or re.search(after, text):
            return True
    return False


def _own_forms(predicted: str, entity: Entity | None, entities: Sequence[Entity]) -> list[str]:
    """The ways the article writes the person, but for a form another person shares (`Obama` of two)."""
    forms = [predicted, *(entity.surface_forms if entity is not None else ())]
    others = {w.lower() for e in entities if e is not entity and e.name != predicted
              for form in e.surface_forms for w in form.split()}
    return [f for f in dict.fromkeys(forms) if len(f.split()) > 1 or f.lower() not in others]
