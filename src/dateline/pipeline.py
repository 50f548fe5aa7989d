"""The pipeline: read records, make documents, code events, and store them in batches.

Stages are plain objects passed in; nothing loads at import time. ``ingest`` accounts for
every input record: stored, skipped as a duplicate, or rejected with a reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import Any, Protocol

from dateline.config import Settings, load_settings
from dateline.documents.normalise import LanguageCheck, make_document
from dateline.documents.readers import read_records
from dateline.records import Document, RawRecord, Reject
from dateline.store.writer import Accounting, Batch, StoreWriter


class Coder(Protocol):
    """A stage that turns documents into event rows (dicts in the shape of SCHEMA.md)."""

    def code(self, documents: Sequence[Document]) -> list[dict[str, Any]]: ...


Progress = Callable[[Accounting], None]


def batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def documents_from(
    items: Sequence[RawRecord | Reject], settings: Settings, language: LanguageCheck
) -> tuple[list[Document], list[Reject]]:
    documents: list[Document] = []
    rejects: list[Reject] = []
    for item in items:
        made = item if isinstance(item, Reject) else make_document(item, settings, language)
        (rejects if isinstance(made, Reject) else documents).append(made)  # type: ignore[arg-type]
    return documents, rejects


def read_documents(
    paths: Sequence[str], *, format: str = "auto", settings: Settings | None = None
) -> Iterator[Document | Reject]:
    """Every input record as a document or a reject, without a store."""
    settings = settings or load_settings()
    language = LanguageCheck(settings.languages, settings.language_min_chars)
    for chunk in batches(read_records(paths, settings, format), settings.batch_size):
        documents, rejects = documents_from(chunk, settings, language)
        yield from rejects
        yield from documents


def build_coder(settings: Settings) -> Coder:
    """The event coding stage, with its model and dictionaries loaded."""
    from dateline.events.stage import EventCoder

    return EventCoder(settings)


def extract(
    paths: Sequence[str], *, format: str = "auto", settings: Settings | None = None,
    coder: Coder | None = None,
) -> Iterator[dict[str, Any]]:
    """The events of every document under ``paths``, without a store (rejects are skipped)."""
    settings = settings or load_settings()
    coder = coder or build_coder(settings)
    language = LanguageCheck(settings.languages, settings.language_min_chars)
    for chunk in batches(read_records(paths, settings, format), settings.batch_size):
        documents, _ = documents_from(chunk, settings, language)
        yield from coder.code(documents)


def ingest(
    paths: Sequence[str],
    *,
    store: str | Path | None = None,
    format: str = "auto",
    settings: Settings | None = None,
    coder: Coder | None = None,
    events: bool = True,
    progress: Progress | None = None,
) -> Accounting:
    """Read ``paths`` into a store (``store``, else ``settings.store``); return the accounting.

    Every input record is stored, counted as a duplicate (its id or its normalised text is
    already stored), or rejected with a reason: ``read == stored + duplicate + rejected``.
    """
    settings = settings or load_settings()
    writer = StoreWriter(Path(store or settings.store))
    if events and coder is None:
        coder = build_coder(settings)
    language = LanguageCheck(settings.languages, settings.language_min_chars)
    total = Accounting()
    for chunk in batches(read_records(paths, settings, format), settings.batch_size):
        documents, rejects = documents_from(chunk, settings, language)
        writer.refresh()
        fresh: list[Document] = []
        ids: set[str] = set()
        hashes: set[str] = set()
        duplicates = 0
        for doc in documents:
            if writer.is_duplicate(doc) or doc.id in ids or doc.text_hash in hashes:
                duplicates += 1
                continue
            fresh.append(doc)
            ids.add(doc.id)
            hashes.add(doc.text_hash)
        coded = coder.code(fresh) if events and coder is not None and fresh else []
        total.add(writer.commit(Batch(fresh, rejects, coded, duplicates), read=len(chunk)))
        if progress is not None:
            progress(total)
    return total
