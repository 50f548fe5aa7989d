"""Writing batches into the store: atomically, without duplicates, safe beside other writers.

A batch is committed under an exclusive lock on ``STORE/.lock``: the writer first learns the
documents that other writers committed since it last looked, drops the batch's documents that
are now duplicates (with their events), writes each table's file under a temporary name and
renames it, and writes the batch's accounting row last, as its commit mark.
"""

from __future__ import annotations

import fcntl
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from dateline.errors import StoreError
from dateline.records import Dateline, Document, Origin, Reject, utf8_safe
from dateline.store import layout


@dataclass
class Accounting:
    """What became of a batch's input records: ``read = stored + duplicate + rejected``."""

    read: int = 0
    stored: int = 0
    duplicate: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    events: int = 0

    def add(self, other: Accounting) -> None:
        self.read += other.read
        self.stored += other.stored
        self.duplicate += other.duplicate
        self.rejected.update(other.rejected)
        self.events += other.events

    def as_dict(self) -> dict[str, Any]:
        return {
            "read": self.read, "stored": self.stored, "duplicate": self.duplicate,
            "rejected": dict(sorted(self.rejected.items())), "events": self.events,
        }


@dataclass(frozen=True)
class Batch:
    """What a batch asks to store: documents, their event rows, and rejects."""

    documents: Sequence[Document]
    rejects: Sequence[Reject]
    events: Sequence[dict[str, Any]] = ()
    duplicates: int = 0


def _write_atomic(table: pa.Table, path: Path) -> None:
    tmp = path.with_name(f".tmp-{path.name}")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


def documents_table(documents: Sequence[Document], batch: str) -> pa.Table:
    rows = [
        {
            **doc.to_dict(),
            "dateline": None if doc.dateline is None else {
                "place": doc.dateline.place, "date": doc.dateline.date,
                "agency": doc.dateline.agency,
            },
            "batch": batch,
        }
        for doc in documents
    ]
    return pa.Table.from_pylist(rows, schema=layout.DOCUMENTS)


def rejects_table(rejects: Sequence[Reject], batch: str) -> pa.Table:
    rows = [
        {"reason": r.reason, "detail": utf8_safe(r.detail), "origin": str(r.origin),
         "excerpt": utf8_safe(r.excerpt[:500]), "batch": batch}
        for r in rejects
    ]
    return pa.Table.from_pylist(rows, schema=layout.REJECTS)


class StoreWriter:
    """Commits batches into one store directory; one per process."""

    def __init__(self, root: str | Path, run: str | None = None) -> None:
        self.root = Path(root)
        self.run = run or layout.new_id()
        self.ids: set[str] = set()
        self.hashes: set[str] = set()
        self._known_batches: set[str] = set()
        try:
            for table in layout.TABLES:
                layout.table_dir(self.root, table).mkdir(parents=True, exist_ok=True)
            self._lock_path = self.root / ".lock"
            self._lock_path.touch(exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create the store at {self.root}: {error}") from error

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with open(self._lock_path, "rb") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def refresh(self) -> None:
        """Learn the ids and text hashes of documents committed since the last look."""
        folder = layout.table_dir(self.root, "batches")
        committed = {
            name[len("part-"):-len(".parquet")]
            for name in os.listdir(folder)
            if name.startswith("part-") and name.endswith(".parquet")
        }
        for batch in sorted(committed - self._known_batches):
            path = layout.part_path(self.root, "documents", batch)
            if path.exists():
                table = pq.read_table(path, columns=["id", "text_hash"])
                self.ids.update(table.column("id").to_pylist())
                self.hashes.update(table.column("text_hash").to_pylist())
            self._known_batches.add(batch)

    def is_duplicate(self, doc: Document) -> bool:
        return doc.id in self.ids or doc.text_hash in self.hashes

    def commit(self, batch: Batch, read: int) -> Accounting:
        """Store a batch; documents already stored (or twice in the batch) count as duplicates."""
        try:
            with self._locked():
                return self._commit(batch, read)
        except OSError as error:
            raise StoreError(f"cannot write to the store at {self.root}: {error}") from error

    def _commit(self, batch: Batch, read: int) -> Accounting:
        self.refresh()
        kept: list[Document] = []
        duplicates = batch.duplicates
        for doc in batch.documents:
            if self.is_duplicate(doc):
                duplicates += 1
                continue
            kept.append(doc)
            self.ids.add(doc.id)
            self.hashes.add(doc.text_hash)
        kept_ids = {doc.id for doc in kept}
        events = [e for e in batch.events if e["doc_id"] in kept_ids]
        accounting = Accounting(
            read=read, stored=len(kept), duplicate=duplicates,
            rejected=Counter(r.reason for r in batch.rejects), events=len(events),
        )
        name = layout.new_id()
        if kept:
            _write_atomic(documents_table(kept, name),
                          layout.part_path(self.root, "documents", name))
        if events:
            generation = layout.current_generation(self.root)
            table = pa.Table.from_pylist([{**e, "batch": name, "generation": generation} for e in events],
                                         schema=layout.EVENT_FILES)
            _write_atomic(table, layout.part_path(self.root, "events", name))
        if batch.rejects:
            _write_atomic(rejects_table(batch.rejects, name),
                          layout.part_path(self.root, "rejects", name))
        row = {
            "batch": name, "run": self.run, "written": datetime.now(UTC),
            "read": accounting.read, "stored": accounting.stored,
            "duplicate": accounting.duplicate, "rejected": sum(accounting.rejected.values()),
            "events": accounting.events,
        }
        _write_atomic(pa.Table.from_pylist([row], schema=layout.BATCHES),
                      layout.part_path(self.root, "batches", name))
        self._known_batches.add(name)
        return accounting

    def committed(self) -> list[str]:
        """The committed batches, oldest first."""
        folder = layout.table_dir(self.root, "batches")
        return sorted(
            name[len("part-"):-len(".parquet")] for name in os.listdir(folder)
            if name.startswith("part-") and name.endswith(".parquet")
        )

    def batch_documents(self, batch: str) -> list[Document]:
        """The documents that ``batch`` stored (none for a batch of rejects or duplicates only)."""
        path = layout.part_path(self.root, "documents", batch)
        if not path.exists():
            return []
        return [_document(row) for row in pq.read_table(path).to_pylist()]

    def write_generation(self, generation: str, batch: str, events: Sequence[dict[str, Any]]) -> None:
        """Write the events of ``batch``'s documents as ``generation`` codes them (unseen until
        :meth:`switch`). A batch with no events gets an empty file, so that a rerun knows it is done."""
        rows = [{**e, "batch": batch, "generation": generation} for e in events]
        try:
            _write_atomic(pa.Table.from_pylist(rows, schema=layout.EVENT_FILES),
                          layout.generation_part_path(self.root, generation, batch))
        except OSError as error:
            raise StoreError(f"cannot write to the store at {self.root}: {error}") from error

    @contextmanager
    def switching(self, generation: str) -> Iterator[None]:
        """Hold the store's lock (no batch commits meanwhile), then make ``generation`` current
        if the block ends without an error."""
        try:
            with self._locked():
                yield
                layout.set_generation(self.root, generation)
        except OSError as error:
            raise StoreError(f"cannot write to the store at {self.root}: {error}") from error


def _document(row: dict[str, Any]) -> Document:
    dateline = row.get("dateline")
    origin = row.get("origin")
    path, _, offset = (origin or "").rpartition(":")
    return Document(
        id=row["id"], text=row["text"], text_hash=row["text_hash"], title=row.get("title"),
        published=row.get("published"), source=row.get("source"),
        dateline=Dateline(**dateline) if dateline else None, url=row.get("url"),
        language=row.get("language"),
        origin=None if not origin else Origin(path, int(offset)) if path and offset.isdigit()
        else Origin(origin),
    )
