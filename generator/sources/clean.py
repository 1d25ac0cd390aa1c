"""Stage 2: remove the boilerplate that publishing sites inject into article text.

Two kinds of rule, both regular expressions matched against a whole stripped line:
a *line* rule removes the matching line; a *tail* rule removes the matching line and
everything after it (comment forms, newsletter sign-ups, share bars at the end).
Built-in rules are grouped by language (`*` applies to every language); a site adds
its own in `digest.toml` under `[clean]`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ..model import Article

# "READ", "LEA", "LEE" + a no-break or ordinary space: an inline link to another story.
_READ_LINK = r"(?:READ MORE|Read more)\s*[:\u00a0]\s*.+"
_QUOTE_MARK = "[\"“”«»]?"
# a social network, and the account's handle if given (`Twitter @handle`, `Twitter: @handle`, `Twitter at @handle`)
_SOCIAL = r"(?:twitter|x|facebook|instagram|tiktok)(?:\s*(?::|at|como|en)?\s*@\w+)?"

LINE_RULES: dict[str, list[str]] = {
    "*": [
        r"(?:READ|LEA|LEE|LEER)(?:\s+(?:MORE|MÁS|TAMBIÉN|ADEMÁS))?\u00a0\s*.+",
        r"(?i:share (?:this|on) (?:facebook|twitter|whatsapp).*)",
        r"(?i:compartir en (?:facebook|twitter|whatsapp).*)",
    ],
    "es": [
        r"(?i:(?:lea|lee|leer|ver) (?:también|además|más)\s*:.+)",
        r"(?i:te puede interesar\s*:.*)",
        r"(?i:suscríbete a (?:nuestro|nuestra) .*)",
        # a byline's social link, alone on its line (even inside the quotation marks a transcript wraps lines in)
        _QUOTE_MARK + r"(?i:s[ií]gue(?:nos|me)?(?: a [^.]{1,60})? en " + _SOCIAL + r")\.?" + _QUOTE_MARK,
    ],
    "en": [
        _READ_LINK,
        r"(?i:(?:read|see) also\s*:.+)",
        r"(?i:sign up for our .*newsletter.*)",
        _QUOTE_MARK + r"(?i:follow (?:[^.]{1,60} )?on " + _SOCIAL + r")\.?" + _QUOTE_MARK,
    ],
}

TAIL_RULES: dict[str, list[str]] = {
    "*": [],
    "es": [
        r"(?i:deja (?:una respuesta|un comentario)\.?)",
        r"(?i:tu dirección de correo electrónico no será publicada.*)",
        r"(?i:comentarios \(\d+\))",
    ],
    "en": [
        r"(?i:leave a (?:reply|comment)\.?)",
        r"(?i:your email address will not be published.*)",
    ],
}


@dataclass(frozen=True)
class CleanRules:
    """Extra rules from the site's config, on top of the built-in ones."""

    line_patterns: tuple[str, ...] = ()
    tail_patterns: tuple[str, ...] = ()


@lru_cache(maxsize=32)
def _compiled(lang: str, rules: CleanRules) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    lines = [*LINE_RULES["*"], *LINE_RULES.get(lang, []), *rules.line_patterns]
    tails = [*TAIL_RULES["*"], *TAIL_RULES.get(lang, []), *rules.tail_patterns]

    def join(patterns: list[str]) -> re.Pattern[str] | None:
        return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None

    return join(lines), join(tails)


def clean_text(text: str, lang: str, rules: CleanRules = CleanRules()) -> tuple[str, list[str]]:
    """Return the text without boilerplate lines, and the removed lines as they were."""
    line_rule, tail_rule = _compiled(lang, rules)
    kept: list[str] = []
    removed: list[str] = []
    lines = text.splitlines()
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped and tail_rule is not None and tail_rule.fullmatch(stripped):
            removed.extend(other.strip() for other in lines[index:] if other.strip())
            break
        if stripped and line_rule is not None and line_rule.fullmatch(stripped):
            removed.append(stripped)
            continue
        kept.append(line)
    return _squeeze_blank_lines("\n".join(kept)), removed


def _squeeze_blank_lines(text: str) -> str:
    """Collapse the runs of blank lines left where boilerplate was removed."""
    return re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", text).strip() + "\n"


def clean_article(article: Article, rules: CleanRules = CleanRules()) -> Article:
    """Stage entry point: the article with `text` and `boilerplate_removed` set."""
    text, removed = clean_text(article.body, article.lang, rules)
    return replace(article, text=text, boilerplate_removed=removed)
