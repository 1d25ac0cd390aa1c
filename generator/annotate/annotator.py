"""The Annotator: each language's pipeline (loaded once) run over articles, and what is extracted from its Docs."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from ..model import Annotations, Article, EntityType, GlossaryEntry
from .definitions import acronym_definitions, acronym_expansions, sentence_definitions, strong_terms
from .entities import KnownEntity, extract_entities, retype_terms, ruler_patterns
from .event_words import Lemmatize, event_words, lemmatizer
from .pieces import PIECE_LENGTH, join_annotations, split_text
from .pipelines import MODELS, lexicon, load_pipeline
from .quote_marks import find_quote_spans, inner_quote_spans
from .quotes import extract_quotes, inner_quotes, promote_speakers, quoted_title, score_quotes
from .sentences import TextLayout
from .summary import summary_sentences
from .work_titles import unquoted_titles

log = logging.getLogger(__name__)

_BATCH_SIZE = 32
#: Name of the entity ruler component that holds the authored names.
RULER = "entity_ruler"
#: The dependency parser, run after the pipeline (see `_parsed`).
PARSER = "parser"


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
        self._lexicons: dict[str, frozenset[str]] = {}
        self._lemmatizers: dict[str, Lemmatize] = {}

    def configure(
        self, glossary: Sequence[GlossaryEntry] = (), known_entities: Sequence[KnownEntity] = ()
    ) -> bool:
        """Give the entity ruler a build's authored names, so that one long-lived Annotator serves many
        builds. Cheap: the pipelines stay loaded, and nothing happens when the names did not change.
        True if they changed."""
        patterns = ruler_patterns(glossary, known_entities)
        self._known_types = {k.name: k.type for k in known_entities}
        if patterns == self._patterns:
            return False
        self._patterns = patterns
        for nlp, _ in self._pipelines.values():
            self._install_ruler(nlp)
        log.debug("entity ruler: %d patterns", len(patterns))
        return True

    def pipeline(self, lang: str) -> tuple[Language, str]:
        """The pipeline for `lang` with the authored names in its entity ruler, and its description."""
        lang = _base_language(lang)
        if lang not in self._pipelines:
            nlp, model = load_pipeline(lang, self._models.get(lang))
            self._install_ruler(nlp)
            self._pipelines[lang] = (nlp, model)
            self._lexicons[lang] = lexicon(nlp)
            self._lemmatizers[lang] = lemmatizer(nlp)
        return self._pipelines[lang]

    def _install_ruler(self, nlp: Language) -> None:
        """Put the current patterns in the pipeline's entity ruler, placed before the statistical NER."""
        if RULER in nlp.pipe_names:
            nlp.remove_pipe(RULER)  # an empty ruler warns on every document; a new one is cheap
        if self._patterns:
            before = "ner" if "ner" in nlp.pipe_names else nlp.pipe_names[-1]
            ruler = nlp.add_pipe("entity_ruler", name=RULER, before=before)
            ruler.add_patterns(self._patterns)  # type: ignore[attr-defined]

    def annotate(self, articles: Sequence[Article]) -> list[Annotations]:
        """Annotate cleaned articles (uses article.text and article.lang), one Annotations per article, same order."""
        results: list[Annotations | None] = [None] * len(articles)
        by_language: dict[str, list[int]] = {}
        for index, article in enumerate(articles):
            by_language.setdefault(_base_language(article.lang), []).append(index)
        for lang, indexes in by_language.items():
            nlp, model = self.pipeline(lang)
            whole = [i for i in indexes if len(articles[i].text) <= _longest(nlp)]
            texts = (articles[i].text for i in whole)
            for index, doc in zip(whole, _parsed(nlp, nlp.pipe(texts, batch_size=_BATCH_SIZE))):
                results[index] = self.annotate_doc(doc, lang)
            for index in indexes:
                if results[index] is None:
                    results[index] = self._in_pieces(articles[index].text, lang)
            log.debug("annotated %d %r articles with %s", len(indexes), lang, model)
        return [r if r is not None else Annotations() for r in results]

    def annotate_text(self, text: str, lang: str) -> Annotations:
        """Annotate one cleaned text."""
        nlp, _ = self.pipeline(lang)
        if len(text) > _longest(nlp):
            return self._in_pieces(text, lang)
        return self.annotate_doc(nlp(text), lang)

    def annotate_doc(self, doc: Doc, lang: str) -> Annotations:
        """The annotations of a text the pipeline for `lang` has already run over."""
        return self._extract(doc, lang)[0]

    def _in_pieces(self, text: str, lang: str) -> Annotations:
        """A long text annotated piece by piece (see `pieces`), cut outside quotations."""
        nlp, model = self.pipeline(lang)
        quotations = [(q.open_at if q.open_at >= 0 else q.start, q.close_at + 1 if q.close_at >= 0 else q.end)
                      for q in find_quote_spans(text)]
        pieces = split_text(text, _longest(nlp), quotations)
        log.debug("annotating a text of %d characters in %d pieces", len(text), len(pieces))
        found = []
        for (offset, _), doc in zip(pieces, _parsed(nlp, nlp.pipe((piece for _, piece in pieces), batch_size=1), 1)):
            annotations, sentences = self._extract(doc, lang)
            found.append((offset, annotations, sentences))
        return join_annotations(found, model)

    def _extract(self, doc: Doc, lang: str) -> tuple[Annotations, list[str]]:
        """The annotations of one Doc, and the sentences of its summary."""
        lang = _base_language(lang)
        nlp, model = self.pipeline(lang)
        if not doc.has_annotation("DEP"):
            doc = next(_parsed(nlp, iter([doc]), 1))
        words = self._lexicons[lang]
        text = doc.text  # spaCy joins the tokens' texts on every access
        spans = find_quote_spans(text)
        inner = inner_quote_spans(text, spans)
        layout = TextLayout(doc, spans)
        acronyms = acronym_definitions(layout)
        titles = [(s.start, s.start + n) for s in [*spans, *inner] if (n := quoted_title(text, s))]
        titles = sorted(titles + unquoted_titles(text))
        entities = extract_entities(doc, layout, self._known_types, acronym_expansions(acronyms), words, titles)
        types = {form: e.type for e in entities for form in e.surface_forms}
        definitions = sentence_definitions(layout, types)
        retype_terms(entities, strong_terms(definitions))
        quotes = extract_quotes(doc, layout, spans, entities)
        if promote_speakers(entities, quotes):  # a new person may be the subject of other sentences
            quotes = extract_quotes(doc, layout, spans, entities)
        quotes = sorted(quotes + inner_quotes(text, inner), key=lambda q: q.start)
        score_quotes(quotes, entities)
        summary = summary_sentences(layout)
        annotations = Annotations(
            entities=entities,
            quotes=quotes,
            definitions=sorted(definitions + acronyms, key=lambda d: d.start),
            summary=" ".join(summary),
            model=model,
            event_words=event_words(doc, self._lemmatizers[lang]),
        )
        return annotations, summary


def _parsed(nlp: Language, docs: Iterator[Doc], batch_size: int = _BATCH_SIZE) -> Iterator[Doc]:
    """The docs with their dependency parse, when the pipeline has a parser (it is not run by the pipeline,
    so that the parse never moves the sentence boundaries the entities and quotations are found in)."""
    if PARSER not in nlp.component_names:
        return docs
    return nlp.get_pipe(PARSER).pipe(docs, batch_size=batch_size)  # type: ignore[attr-defined, no-any-return]


def _longest(nlp: Language) -> int:
    """The longest text annotated in one piece: what the pipeline takes, at most `PIECE_LENGTH`."""
    return min(nlp.max_length, PIECE_LENGTH)


def _base_language(lang: str) -> str:
    """`es-MX` → `es`."""
    return lang.replace("_", "-").split("-")[0].lower() or "xx"
