"""What every worker must share with the build: spaCy, the models and the annotator's code.

A worker with other versions would put other annotations in the same cache, under the same keys,
so it is refused with a message naming both versions.
"""

from __future__ import annotations

import importlib.metadata

from ..annotate.spacy_models import MODELS
from ..cache import annotator_version, model_id
from ..errors import DigestError

Versions = dict[str, str]


class VersionMismatch(DigestError):
    """A worker whose spaCy, models or annotator code differ from the build's."""


def local_versions() -> Versions:
    """This process's spaCy, model packages (with their versions) and annotator code version."""
    return {
        "spaCy": importlib.metadata.version("spacy"),
        "models": ", ".join(model_id(lang).removesuffix(f" spacy {importlib.metadata.version('spacy')}")
                            for lang in sorted(MODELS)),
        "annotator code": annotator_version(),
    }


def mismatch(worker: str, theirs: Versions, ours: Versions) -> str | None:
    """Why `worker` (with `theirs`) cannot annotate for a build with `ours`; None when they agree."""
    differ = [name for name in ours if theirs.get(name) != ours[name]]
    if not differ:
        return None
    return (f"Dask worker {worker} refused: it has " + "; ".join(f"{name} {theirs.get(name, 'unknown')}" for name in differ)
            + ", this build has " + "; ".join(f"{name} {ours[name]}" for name in differ)
            + " (start the workers from the same environment as digest build: the same digest, spaCy and models, "
              "so that the cache holds the annotations of one version)")
