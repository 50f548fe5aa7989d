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
from dateline.store.queries import StoreReader
from dateline.store.search import EventFilter
from dateline.store.writer import Accounting

__version__ = "0.1.0"


def open_store(store: str | Path | None = None, settings: Settings | None = None) -> StoreReader:
    """A read-only view of a store (``store``, else the configured one)."""
    return StoreReader(store or (settings or load_settings()).store)


__all__ = [
    "REJECT_REASONS",
    "Accounting",
    "Actor",
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
    "count_records",
    "evaluate",
    "export",
    "extract",
    "ingest",
    "load_settings",
    "open_store",
    "read_documents",
]
