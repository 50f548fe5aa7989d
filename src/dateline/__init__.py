"""dateline: news articles in, political event data out.

The public Python API. The command line, the HTTP API and the dashboard use only what is here.

    >>> import dateline
    >>> counts = dateline.ingest(["examples/"], store="dateline-data")
    >>> with dateline.open_store("dateline-data") as store:
    ...     print(store.stats()["stored"])
"""

from __future__ import annotations

from pathlib import Path

from dateline.config import Settings, load_settings
from dateline.errors import (
    REJECT_REASONS,
    ConfigError,
    DatelineError,
    InputError,
    PipelineError,
    StoreError,
    StoreFullError,
    StoreReadOnlyError,
)
from dateline.evaluation import evaluate
from dateline.exports import export
from dateline.pipeline import build_coder, count_records, extract, ingest, read_documents
from dateline.records import Actor, Dateline, Document, Event, Origin, Place, Reject, When
from dateline.store.compact import Compacted
from dateline.store.compact import compact as _compact
from dateline.store.queries import StoreReader
from dateline.store.search import EventFilter
from dateline.store.writer import Accounting

__version__ = "0.1.0"


def open_store(store: str | Path | None = None, settings: Settings | None = None) -> StoreReader:
    """A read-only view of a store (``store``, else the configured one)."""
    return StoreReader(store or (settings or load_settings()).store)


def compact(
    store: str | Path | None = None, *, full: bool = False, settings: Settings | None = None
) -> Compacted:
    """Merge a store's per-batch files into a few large ones and keep its counts tables
    (``store``, else the configured one); see :mod:`dateline.store.compact`."""
    settings = settings or load_settings()
    return _compact(store or settings.store, full=full, grace_s=settings.compact_grace_s)


__all__ = [
    "REJECT_REASONS",
    "Accounting",
    "Actor",
    "Compacted",
    "ConfigError",
    "Dateline",
    "DatelineError",
    "Document",
    "Event",
    "EventFilter",
    "InputError",
    "Origin",
    "PipelineError",
    "Place",
    "Reject",
    "Settings",
    "StoreError",
    "StoreFullError",
    "StoreReadOnlyError",
    "StoreReader",
    "When",
    "__version__",
    "build_coder",
    "compact",
    "count_records",
    "evaluate",
    "export",
    "extract",
    "ingest",
    "load_settings",
    "open_store",
    "read_documents",
]
