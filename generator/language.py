"""Guess an article's language from its stop words (spaCy's lists), for files without `lang`."""

from __future__ import annotations

import re
from functools import lru_cache

SUPPORTED = ("es", "en")
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=None)
def _stop_words(lang: str) -> frozenset[str]:
    if lang == "es":
        from spacy.lang.es.stop_words import STOP_WORDS
    else:
        from spacy.lang.en.stop_words import STOP_WORDS
    # Short words only: they are frequent and rarely shared between the two languages.
    return frozenset(w for w in STOP_WORDS if len(w) <= 5)


def detect_language(text: str, default: str = "es") -> str:
    """The supported language whose stop words cover most of the first 2,000 words."""
    words = _WORD.findall(text.lower())[:2000]
    if not words:
        return default
    scores = {lang: sum(w in _stop_words(lang) for w in words) for lang in SUPPORTED}
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] > 0 else default
