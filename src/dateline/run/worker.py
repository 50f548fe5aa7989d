"""What a worker does with a batch: make documents of raw records, then code and commit them.

A ``Worker`` is built once per process (or Dask worker) and holds what a run needs there: the
settings, the language check, the coder (spaCy and the dictionaries) and its own
``StoreWriter``. It gets batches, never the whole corpus, so its memory is bounded by the batch
size (and ``max_chars``):

- ``prepare``: a batch of raw records becomes documents and rejects (normalising, language,
  "too-long");
- ``commit``: the driver's fresh documents of that batch are coded within the time limit and
  committed with the batch's rejects and duplicate count, in one atomic batch of the store (on
  object storage, written, with the commit mark handed back for the driver to write).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dateline.config import Settings
from dateline.documents.normalise import LanguageCheck
from dateline.pipeline import Coder, build_coder, documents_from
from dateline.records import Document, RawRecord, Reject
from dateline.run.limits import code_within
from dateline.store.writer import Batch, Committed, StoreWriter


@dataclass(frozen=True)
class Prepared:
    """A batch of raw records made into documents and rejects; ``read`` records in all."""

    documents: Sequence[Document]
    rejects: Sequence[Reject]
    read: int


@dataclass(frozen=True)
class Job:
    """A batch to code and commit: the documents the run has not seen yet, and the rest."""

    documents: Sequence[Document]
    rejects: Sequence[Reject]
    duplicates: int
    read: int


class Worker:
    """One process's part of a run: it prepares batches and codes and commits them."""

    def __init__(
        self, settings: Settings, store: str | Path, run: str, *, events: bool = True,
        coder: Coder | None = None,
    ) -> None:
        self.settings = settings
        self.language = LanguageCheck(settings.languages, settings.language_min_chars)
        self.writer = StoreWriter(store, run)
        self.events = events
        self._coder = coder

    @property
    def coder(self) -> Coder | None:
        """The coder, built on first use: a re-run whose documents are all stored loads no model."""
        if self._coder is None and self.events:
            self._coder = build_coder(self.settings)
        return self._coder

    def prepare(self, records: Sequence[RawRecord | Reject]) -> Prepared:
        documents, rejects = documents_from(records, self.settings, self.language)
        return Prepared(documents, rejects, len(records))

    def commit(self, job: Job) -> Committed:
        events: list[dict[str, Any]] = []
        late: list[Reject] = []
        if not job.documents or self.coder is None:
            kept = list(job.documents)
        else:
            kept, events, late = code_within(self.coder, job.documents, self.settings.document_timeout_s)
        batch = Batch(kept, [*job.rejects, *late], events, job.duplicates)
        return self.writer.commit(batch, read=job.read)
