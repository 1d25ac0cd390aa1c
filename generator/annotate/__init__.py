"""Stage 3: annotate cleaned articles with entities, quotations, definitions and a summary."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc

from ..model import Annotations, Article, EntityType, GlossaryEntry
from .definitions import acronym_definitions, acronym_expansions, sentence_definitions, strong_terms
from .entities import KnownEntity, extract_entities, retype_terms, ruler_patterns
from .pipelines import MODELS, RULES_MODEL, load_pipeline
from .quote_marks import find_quote_spans
from .quotes import extract_quotes, promote_speakers, score_quotes
from .sentences import TextLayout
from .summary import summarize

__all__ = ["Annotator", "KnownEntity", "MODELS", "RULES_MODEL", "load_pipeline"]

log = logging.getLogger(__name__)

_BATCH_SIZE = 32


class Annotator:
    """Runs each language's pipeline (loaded once) over articles and extracts their annotations."""

    def __init__(
        self,
        glossary: Sequence[GlossaryEntry] = (),
        known_entities: Sequence[KnownEntity] = (),
        models: dict[str, str] | None = None,
    ) -> None:
        """`models` overrides the pipeline package per language (e.g. to force the fallback)."""
        self._patterns = ruler_patterns(glossary, known_entities)
        self._known_types: dict[str, EntityType] = {k.name: k.type for k in known_entities}
        self._models = {**MODELS, **(models or {})}
        self._pipelines: dict[str, tuple[Language, str]] = {}

    def pipeline(self, lang: str) -> tuple[Language, str]:
        """The pipeline for `lang` with the authored names in its entity ruler, and its description."""
        lang = _base_language(lang)
        if lang not in self._pipelines:
            nlp, model = load_pipeline(lang, self._models.get(lang))
            if self._patterns:
                before = "ner" if "ner" in nlp.pipe_names else nlp.pipe_names[-1]
                ruler = nlp.add_pipe("entity_ruler", before=before)
                ruler.add_patterns(self._patterns)
            self._pipelines[lang] = (nlp, model)
        return self._pipelines[lang]

    def annotate(self, articles: Sequence[Article]) -> list[Annotations]:
        """Annotate cleaned articles (uses article.text and article.lang), one Annotations per article, same order."""
        results: list[Annotations | None] = [None] * len(articles)
        by_language: dict[str, list[int]] = {}
        for index, article in enumerate(articles):
            by_language.setdefault(_base_language(article.lang), []).append(index)
        for lang, indexes in by_language.items():
            nlp, model = self.pipeline(lang)
            texts = (articles[i].text for i in indexes)
            for index, doc in zip(indexes, nlp.pipe(texts, batch_size=_BATCH_SIZE)):
                results[index] = self._annotations(doc, model)
            log.debug("annotated %d %r articles with %s", len(indexes), lang, model)
        return [r if r is not None else Annotations() for r in results]

    def annotate_text(self, text: str, lang: str) -> Annotations:
        """Annotate one cleaned text."""
        nlp, model = self.pipeline(lang)
        return self._annotations(nlp(text), model)

    def _annotations(self, doc: Doc, model: str) -> Annotations:
        spans = find_quote_spans(doc.text)
        layout = TextLayout(doc, spans)
        acronyms = acronym_definitions(layout)
        entities = extract_entities(doc, layout, self._known_types, acronym_expansions(acronyms))
        types = {form: e.type for e in entities for form in e.surface_forms}
        definitions = sentence_definitions(layout, types)
        retype_terms(entities, strong_terms(definitions))
        quotes = extract_quotes(doc, layout, spans, entities)
        promote_speakers(entities, quotes)
        score_quotes(quotes, entities)
        return Annotations(
            entities=entities,
            quotes=quotes,
            definitions=sorted(definitions + acronyms, key=lambda d: d.start),
            summary=summarize(layout),
            model=model,
        )


def _base_language(lang: str) -> str:
    """`es-MX` → `es`."""
    return lang.replace("_", "-").split("-")[0].lower() or "xx"
