"""Related stories in words: what `digest related` prints, to check and tune the scores."""

from __future__ import annotations

from ..model import Corpus
from .related import MIN_EVIDENCE, MIN_TEXT, MIN_TOPIC, RelatedIndex

TITLE_CHARS = 72


def _title(text: str) -> str:
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1] + "…"


def related_listing(corpus: Corpus) -> str:
    """Every story's related list: score, slug, title and the names shown as the reason."""
    lines: list[str] = []
    for article in corpus.articles:
        lines.append(f"{article.slug}  {_title(article.title)}")
        for link in corpus.related.get(article.slug, []):
            lines.append(f"  {link.score:.3f}  {link.article.slug}  {_title(link.article.title)}")
            lines.append(f"         también menciona / also mentions: {', '.join(link.shared)}")
        if not corpus.related.get(article.slug):
            lines.append("  (no related story)")
    return "\n".join(lines) + "\n"


def explanation(index: RelatedIndex, slug: str, limit: int = 10) -> str:
    """The best candidates of one story, shown or not, with the parts of each score and what adds to them."""
    i = index.position[slug]
    article = index.articles[i]
    config = index.config
    lines = [
        f"{slug}  {_title(article.title)}",
        f"score = overlap^{config.entity_weight:g} × text^{1 - config.entity_weight:g}; shown when score ≥ "
        f"{config.threshold:g}, evidence ≥ {MIN_EVIDENCE:g}, text similarity ≥ {MIN_TEXT:g} and a subject in "
        f"both headlines or text similarity without names ≥ {MIN_TOPIC:g} "
        f"(features in more than {index.limit} stories are ignored)",
    ]
    explained = index.explain(slug, limit)
    if not explained:
        lines.append("  no candidate: the story shares no counted entity, term or tag with another")
    for rank, e in enumerate(explained, 1):
        j = index.position[e.article.slug]
        mark = "shown" if e.shown else f"not shown: {index.why_hidden(i, j) or 'beyond the first ' + str(config.max)}"
        lines.append(f"{rank:2}. {e.score:.3f} [{mark}]  {e.article.slug}  {_title(e.article.title)}")
        lines.append(f"      overlap {e.overlap:.3f} (evidence {e.evidence:.3f})  "
                     f"text similarity {e.text:.3f} (without names {e.topic:.3f})  "
                     f"subjects in both headlines {e.headline_subjects}")
        for c in e.features:
            lines.append(f"      + {c.label} ({c.kind}, in {c.stories} stories)  evidence {c.points:.3f}")
        if e.words:
            words = ", ".join(f"{w.label} {w.points:.3f}" for w in e.words)
            lines.append(f"      words (part of the text similarity): {words}")
    return "\n".join(lines) + "\n"
