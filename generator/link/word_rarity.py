"""How rare a word is in its language, from the language's general word frequencies (wordfreq).

The commonest words of a language (function words, `decir`, `say`) carry no weight; a word
the frequency list does not know counts as the rarest. The link stage weighs a story's event
words by this and by how few stories of the corpus have them (`story_lines`).
"""

from __future__ import annotations

import logging
import math
from functools import cache

log = logging.getLogger(__name__)

#: Zipf frequency (log10 of uses per billion words) at and above which a word carries no weight:
#: 6.5 is about one use in 3,000 words (`de`, `que`, `the`, `para`, `más`).
ZIPF_CEILING = 6.5


@cache
def _frequencies(lang: str) -> dict[str, float]:
    from wordfreq import available_languages, get_frequency_dict

    if lang not in available_languages():
        log.info("no word frequencies for language %r: its words are weighted equally", lang)
        return {}
    return get_frequency_dict(lang)


@cache
def word_weight(word: str, lang: str) -> float:
    """How rare `word` (lower case) is in `lang`: 0 for the commonest words, up to `ZIPF_CEILING` for unknown ones."""
    frequency = _frequencies(lang).get(word, 0.0)
    zipf = math.log10(frequency) + 9 if frequency > 0 else 0.0
    return max(0.0, ZIPF_CEILING - zipf)
