"""Languages: an article's, guessed from its stop words (spaCy's lists) for files without `lang`,
and the site's interface language, set in the config or the one most of its articles are in."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..config import SiteConfig

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


#: The interface's language when nothing decides it: no `language` set and no articles, or a tie.
#: English, because the theme's other languages fall back to its strings.
FALLBACK = "en"


@dataclass(frozen=True)
class SiteLanguage:
    """The language of a site's interface, and how it was decided."""

    code: str
    detected_from: int | None = None
    """How many articles are in `code`, when it was detected (None: set in the config)."""
    articles: int = 0

    @property
    def note(self) -> str | None:
        """What the build says about a detected language (None when the config set it)."""
        if self.detected_from is None:
            return None
        if not self.articles:
            return (f"site language: {self.code} (no articles to detect it from); "
                    "set language in digest.toml to choose")
        return (f"site language: {self.code} (detected from {self.detected_from} of {self.articles} articles); "
                "set language in digest.toml to choose")

    def applied(self, config: SiteConfig) -> SiteConfig:
        """`config` with this language (a new value when it differs; the config read from the file is kept)."""
        return config if config.language == self.code else replace(config, language=self.code)


def site_language(config: SiteConfig, languages: Iterable[str]) -> SiteLanguage:
    """The interface's language: `language` from the config, else the one most articles are in.

    `languages`: each article's language (its `lang`, or the one detected from its text).
    A tie goes to FALLBACK when it is one of the tied languages, else to the first in alphabetical order.
    """
    if config.language:
        return SiteLanguage(config.language)
    counts = Counter(lang.split("-")[0].lower() for lang in languages)
    if not counts:
        return SiteLanguage(FALLBACK, 0, 0)
    most = max(counts.values())
    tied = sorted(lang for lang, n in counts.items() if n == most)
    code = FALLBACK if FALLBACK in tied else tied[0]
    return SiteLanguage(code, most, sum(counts.values()))
