"""The pipeline: read records, make documents, code events, and store them in batches.

Stages are plain objects passed in; nothing loads at import time. ``ingest`` accounts for
every input record: stored, skipped as a duplicate, or rejected with a reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from itertools import islice
from pathlib import Path
from typing import Any, Protocol

from dateline.config import Settings, load_settings
from dateline.documents.normalise import LanguageCheck, make_document
from dateline.documents.readers import read_records
from dateline.errors import StoreError
from dateline.records import Document, Origin, RawRecord, Reject
from dateline.run.limits import code_within
from dateline.store.writer import Accounting, StoreWriter


class Coder(Protocol):
    """A stage that turns documents into event rows (dicts in the shape of SCHEMA.md)."""

    def code(self, documents: Sequence[Document]) -> list[dict[str, Any]]: ...


Progress = Callable[[Accounting], None]


@dataclass
class Recoded:
    """What a recode did: the new generation, and how many batches, documents and events it
    coded; ``timeouts`` documents took over ``document_timeout_s`` and have no events in it."""

    generation: str
    batches: int = 0
    documents: int = 0
    events: int = 0
    timeouts: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def documents_from(
    items: Sequence[RawRecord | Reject], settings: Settings, language: LanguageCheck
) -> tuple[list[Document], list[Reject]]:
    """Documents and rejects of a batch of raw records; texts over ``max_chars`` are "too-long"."""
    documents: list[Document] = []
    rejects: list[Reject] = []
    for item in items:
        made = item if isinstance(item, Reject) else make_document(item, settings, language)
        if isinstance(made, Document) and len(made.text) > settings.max_chars:
            made = Reject(
                "too-long", made.origin or Origin(made.id),
                f"{len(made.text)} characters, over max_chars = {settings.max_chars}", made.text[:200],
            )
        if isinstance(made, Reject):
            rejects.append(made)
        else:
            documents.append(made)
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


def count_records(
    paths: Sequence[str], *, format: str = "auto", settings: Settings | None = None
) -> int | None:
    """How many records ``paths`` hold (a progress bar's total); None for standard input.

    It reads the inputs once more: quick for JSON lines, CSV and wire dumps, slower for HTML
    and WARC, whose article text is extracted as they are read.
    """
    if "-" in paths:
        return None
    settings = settings or load_settings()
    return sum(1 for _ in read_records(paths, settings, format))


def build_coder(settings: Settings) -> Coder:
    """The event coding stage, with its model and dictionaries loaded."""
    from dateline.events.stage import EventCoder

    coder = EventCoder(settings)
    nlp = getattr(coder, "nlp", None)
    if nlp is not None:  # spaCy's own guard, in step with the "too-long" check before parsing
        nlp.max_length = max(settings.max_chars, 1)
    return coder


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
        yield from code_within(coder, documents, settings.document_timeout_s)[1]


def ingest(
    paths: Sequence[str],
    *,
    store: str | Path | None = None,
    format: str = "auto",
    settings: Settings | None = None,
    coder: Coder | None = None,
    events: bool = True,
    progress: Progress | None = None,
    engine: str = "inline",
    workers: int | None = None,
    scheduler: str | None = None,
) -> Accounting:
    """Read ``paths`` into a store (``store``, else ``settings.store``); return the accounting.

    Every input record is stored, counted as a duplicate (its id or its normalised text is
    already stored), or rejected with a reason: ``read == stored + duplicate + rejected``.

    ``engine``: ``"inline"`` (this process), ``"local"`` (``workers`` processes, default: one
    per core) or ``"dask"`` (a local cluster of ``workers`` processes, or the cluster whose
    scheduler is at ``scheduler``, e.g. ``tcp://host:8786``). Every engine stores the same
    documents and events for the same input. A ``coder`` given with ``local`` or ``dask`` is
    pickled to each worker; without one, each worker builds its own once. ``progress`` is
    called with the running accounting after each batch is committed.
    """
    from dateline.run.engines import run_ingest

    settings = settings or load_settings()
    return run_ingest(
        read_records(paths, settings, format), settings, store or settings.store,
        engine=engine, workers=workers, scheduler=scheduler, coder=coder, events=events,
        progress=progress,
    )


def recode(
    store: str | Path | None = None,
    *,
    settings: Settings | None = None,
    coder: Coder | None = None,
    progress: Callable[[Recoded], None] | None = None,
) -> Recoded:
    """Code every stored document again and switch the store's events to the new coding at once.

    The new events are written as a new generation beside the old (one file per batch), unseen
    until the switch: under the store's lock, the batches committed meanwhile are coded too, and
    the ``generation`` file is renamed into place. Readers see the old events, or the new, never
    a mix; a recode cut short leaves the old. Batches ingested after the switch are coded by the
    ingest's coder, into the current generation.
    """
    from dateline.store import layout
    from dateline.store.files import store_files

    settings = settings or load_settings()
    root = store or settings.store
    if not store_files(root).is_store():
        raise StoreError(f"no store at {root} (run 'dateline ingest' first)")
    writer = StoreWriter(root)
    coder = coder or build_coder(settings)
    done = Recoded(layout.new_id())
    seen: set[str] = set()

    def code_new_batches() -> None:
        fresh = [batch for batch in writer.committed() if batch not in seen]
        for batch, documents in writer.batches_documents(fresh):
            coded, events, late = code_within(coder, documents, settings.document_timeout_s)
            writer.write_generation(done.generation, batch, events)
            seen.add(batch)
            done.batches += 1
            done.documents += len(coded)
            done.events += len(events)
            done.timeouts += len(late)
            if progress is not None:
                progress(done)

    code_new_batches()
    with writer.switching(done.generation):
        code_new_batches()  # those committed while the others were coded
    return done
