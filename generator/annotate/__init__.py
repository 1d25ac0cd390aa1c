"""Stage 3: annotate cleaned articles with entities, quotations, definitions and a summary.

The package imports spaCy only when the Annotator is first used: a build whose annotations
all come from the cache never loads it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model import KnownEntity
from .spacy_models import MODELS, RULES_MODEL

if TYPE_CHECKING:
    from .annotator import Annotator
    from .pipelines import load_pipeline

__all__ = ["Annotator", "KnownEntity", "MODELS", "RULES_MODEL", "load_pipeline"]


def __getattr__(name: str) -> Any:
    if name == "Annotator":
        from .annotator import Annotator

        return Annotator
    if name == "load_pipeline":
        from .pipelines import load_pipeline

        return load_pipeline
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
