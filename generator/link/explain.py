"""Related stories in words: what `digest related` prints, to check and tune the scores."""

from __future__ import annotations

from ..model import Corpus, CorpusEntity, RelatedLink
from .related import (COMMON_PLACE_SHARE, EVENT_DAYS, EVENT_MIN, EVIDENCE_SCALE, MIN_EVENT_WORDS, MIN_EVIDENCE,
                      MIN_NAMES, MIN_TOLD, MIN_UP_FRONT, UNDATED_DAYS, RelatedIndex)

TITLE_CHARS = 72


def _title(text: str) -> str:
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1] + "…"


def related_listing(corpus: Corpus, also_mentions: str = "also mentions", none: str = "no related story") -> str:
    """Every story's related list: score, slug, title and the names shown as the reason.

    `also_mentions` and `none` are the labels, in the site's language (its UI strings)."""
    lines: list[str] = []
    for article in corpus.articles:
        lines.append(f"{article.slug}  {_title(article.title)}")
        for link in corpus.related.get(article.slug, []):
            lines.append(f"  {link.score:.3f}  {link.article.slug}  {_title(link.article.title)}")
            lines.append(f"         {also_mentions}: {', '.join(link.shared)}")
        if not corpus.related.get(article.slug):
            lines.append(f"  ({none})")
    return "\n".join(lines) + "\n"


def explanation(index: RelatedIndex, slug: str, limit: int = 10, *, subject: CorpusEntity | None = None,
                more_about: list[RelatedLink] | None = None) -> str:
    """The best candidates of one story, shown or not, with the parts of each score and what adds to them,
    and which section each went to: related coverage, "more about" its main subject (`subject`), or none."""
    i = index.position[slug]
    article = index.articles[i]
    config = index.config
    lines = [
        f"{slug}  {_title(article.title)}",
        f"score = names^{config.entity_weight:g} × events^{1 - config.entity_weight:g}; shown when score ≥ "
        f"{config.threshold:g}, shared name evidence ≥ {MIN_EVIDENCE:g} from ≥ {MIN_NAMES} names (no tag, nor a "
        f"place in more than {COMMON_PLACE_SHARE:.0%} of the stories), ≥ {MIN_EVENT_WORDS} specific event words "
        f"shared, and event similarity ≥ {EVENT_MIN:g} × "
        f"(1 + days apart / {EVENT_DAYS}) × 2·{EVIDENCE_SCALE:g} / ({EVIDENCE_SCALE:g} + name evidence); undated: "
        f"{UNDATED_DAYS} days, ≥ {MIN_UP_FRONT} counted name or event word said in both headlines or leads, and "
        f"≥ {MIN_TOLD} said in both or ≥ {MIN_TOLD} names or specific event words said up front in one and told in "
        f"the other (features in more than {index.limit} stories are ignored)",
    ]
    explained = index.explain(slug, limit)
    about = {link.article.slug for link in more_about or []}
    if not explained:
        lines.append("  no candidate: the story shares no counted entity, term or tag with another")
    for rank, e in enumerate(explained, 1):
        j = index.position[e.article.slug]
        mark = ("related coverage" if e.shown else "more about" if e.article.slug in about
                else f"not shown: {index.why_hidden(i, j) or 'beyond the first ' + str(config.max)}")
        lines.append(f"{rank:2}. {e.score:.3f} [{mark}]  {e.article.slug}  {_title(e.article.title)}")
        lines.append(f"      names {e.overlap:.3f} (evidence {e.evidence:.3f}, subjects in both headlines "
                     f"{e.headline_subjects})  events {e.events:.3f} (needed {e.needed:.3f}, "
                     f"{'undated' if not (e.article.date and article.date) else f'{e.days:.0f} days apart'}; "
                     f"{e.event_words} specific words shared)")
        for c in e.features:
            lines.append(f"      + {c.label} ({c.kind}, in {c.stories} stories)  evidence {c.points:.3f}")
        if e.words:
            words = ", ".join(f"{w.label} {w.points:.3f}" for w in e.words)
            lines.append(f"      event words (part of the event similarity): {words}")
        lines.append(f"      said up front in both (headline or lead): {', '.join(e.up_front) or 'nothing'}")
        lines.append(f"      said up front in one, told in the other: {', '.join(e.told) or 'nothing'}")
    lines.append(f"main subject: {subject.name} ({subject.type})" if subject else
                 "main subject: none (the headline names no person or organisation with a page)")
    for link in more_about or []:
        lines.append(f"  more about: {link.article.slug}  {link.article.date or 'undated'}  {_title(link.article.title)}")
    return "\n".join(lines) + "\n"
