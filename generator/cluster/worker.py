"""What runs on a Dask worker: a plugin that holds the worker's Annotator, and the task that annotates one batch."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from distributed import WorkerPlugin, get_worker

from ..cache import ruler_fingerprint
from ..model import Annotations, Article, GlossaryEntry, KnownEntity
from .versions import VersionMismatch, Versions, local_versions, mismatch

if TYPE_CHECKING:
    from ..annotate.annotator import Annotator

#: The plugin's name on every worker (registered once per cluster: later builds find it with its pipelines loaded).
PLUGIN = "digest-annotator"


@dataclass
class AuthoredNames:
    """The glossary terms and authored entities of a build, for the workers' entity rulers."""

    glossary: list[GlossaryEntry] = field(default_factory=list)
    known: list[KnownEntity] = field(default_factory=list)
    fingerprint: str = ""


def authored_names(glossary: list[GlossaryEntry], known: list[KnownEntity]) -> AuthoredNames:
    return AuthoredNames(glossary, known, ruler_fingerprint(glossary, known))


class AnnotatorPlugin(WorkerPlugin):
    """One worker's Annotator: each pipeline loads once per worker and serves every batch of every build."""

    name = PLUGIN
    idempotent = True  # a second build keeps the plugin (and the loaded pipelines) already on the workers

    def __init__(self) -> None:
        self.annotator: Annotator | None = None
        self.versions: Versions = {}
        self.address = ""
        self._names = ""
        self._lock: threading.Lock | None = None

    def setup(self, worker: Any) -> None:
        from ..annotate.annotator import Annotator

        self.annotator = Annotator()
        self.versions = local_versions()
        self.address = str(worker.address)
        self._names = ruler_fingerprint((), ())
        self._lock = threading.Lock()

    def annotate(self, articles: list[Article], names: AuthoredNames, versions: Versions) -> list[Annotations]:
        """The annotations of a batch; VersionMismatch when this worker's versions are not the build's."""
        refused = mismatch(self.address, self.versions, versions)
        if refused:
            raise VersionMismatch(refused)
        assert self.annotator is not None and self._lock is not None
        # A worker with several threads runs batches at once; they take turns on its one Annotator.
        with self._lock:
            if names.fingerprint != self._names:
                self.annotator.configure(names.glossary, names.known)
                self._names = names.fingerprint
            return self.annotator.annotate(articles)


def annotate_batch(articles: list[Article], names: AuthoredNames, versions: Versions) -> list[Annotations]:
    """The task: a batch of slim cleaned articles annotated by this worker's plugin."""
    plugin: AnnotatorPlugin = get_worker().plugins[PLUGIN]
    return plugin.annotate(articles, names, versions)
