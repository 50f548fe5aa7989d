"""Writing batches into the store: atomically, without duplicates, safe beside other writers.

In a store directory, a batch is committed under an exclusive lock on ``STORE/.lock``: the
writer first learns the documents that other writers committed since it last looked, drops the
batch's documents that are now duplicates (with their events), writes each table's file under a
temporary name and renames it (the events with their assignment to clusters,
:mod:`dateline.corpus.clusters`), and writes the batch's accounting row last, as its commit mark.

On object storage (an fsspec URL) there is no lock and no rename: the writer writes the batch's
table files (clusters included) whole under their final names and hands the commit mark back
(``Committed.mark``) for the run's driver to write, so that one process commits every batch of a
run, each once. Duplicates are then caught by the driver's check alone: one run at a time per
store.

What a commit cut short leaves behind (a killed process, a full disk) is never read: readers
see only files named ``part-*`` of batches with a commit mark. A write that fails removes its
batch's files at once; in a directory, a writer's first commit removes those of earlier commits
that were killed (under the lock no commit is under way, so a part file without its mark is an
orphan; object storage has no lock, so nothing is swept there). A disk that is full or a store
that cannot be written is reported as such (:class:`~dateline.errors.StoreFullError`,
:class:`~dateline.errors.StoreReadOnlyError`).
"""

from __future__ import annotations

import errno
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from dateline.corpus import clusters
from dateline.errors import StoreError, StoreFullError, StoreReadOnlyError
from dateline.records import Dateline, Document, Origin, Reject, utf8_safe
from dateline.store import layout, parts
from dateline.store.files import store_files


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


@dataclass(frozen=True)
class Committed:
    """A batch written into the store: its accounting, and the commit mark (the batch's row)
    still to write where the writer could not write it itself (object storage), else None."""

    accounting: Accounting
    mark: dict[str, Any] | None = None


_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}


def store_error(root: str | Path, error: OSError, doing: str = "write to") -> StoreError:
    """The store error that an OS error means: a full disk, a read-only store, or another.
    ``doing``: "create" when the store was being opened for writing, before any batch."""
    reason = os.strerror(error.errno) if error.errno else str(error)
    done = ("nothing was written to it" if doing == "create"
            else "the batch under way was not stored; the batches committed before it are intact")
    if error.errno in _FULL:
        return StoreFullError(
            f"the store at {root} is out of space ({reason}): {done}. Free some space and run "
            "the same command again: it stores only what is missing"
        )
    if error.errno in _READ_ONLY:
        return StoreReadOnlyError(
            f"the store at {root} is read-only ({reason}): {done}, and it can still be read"
        )
    return StoreError(f"cannot {doing} the store at {root}: {error}")


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
    """Commits batches into one store (a directory or an fsspec URL); one per process."""

    def __init__(self, root: str | Path, run: str | None = None) -> None:
        self.files = store_files(root)
        self.root = self.files.location
        self.run = run or layout.new_id()
        self.ids: set[str] = set()
        self.hashes: set[str] = set()
        self._known_batches: set[str] = set()
        self._swept = False
        try:
            self.files.create(parts.FOLDERS)  # a store that cannot be written: said before any work
        except OSError as error:
            raise store_error(self.root, error, "create") from error

    def locked(self) -> AbstractContextManager[None]:
        """Hold the store's lock: no batch is committed, no generation switched meanwhile (on
        object storage, which has no lock, nothing is held: one run at a time)."""
        return self.files.locked()

    def refresh(self) -> None:
        """Learn the ids and text hashes of documents committed since the last look."""
        new = sorted(set(parts.committed_batches(self.files)) - self._known_batches)
        for ids, hashes in parts.document_keys(self.files, new):
            self.ids.update(ids)
            self.hashes.update(hashes)
        self._known_batches.update(new)

    def is_duplicate(self, doc: Document) -> bool:
        return doc.id in self.ids or doc.text_hash in self.hashes

    def commit(self, batch: Batch, read: int) -> Committed:
        """Store a batch; documents already stored (or twice in the batch) count as duplicates.

        In a directory the batch is committed here, under the store's lock. On object storage
        its files are written and its mark is returned, for the caller to write with
        :meth:`mark` (duplicates of documents stored meanwhile by others are not looked for).
        """
        try:
            if not self.files.locks:
                return Committed(*self._write(batch, read))
            with self.files.locked():
                if not self._swept:
                    self.sweep()
                self.refresh()
                accounting, row = self._write(batch, read)
                self._known_batches.add(row["batch"])
                return Committed(accounting)
        except OSError as error:
            raise store_error(self.root, error) from error

    def mark(self, row: dict[str, Any]) -> None:
        """Write a batch's commit mark (its row in ``batches/``): readers see the batch from now."""
        try:
            self.files.write_table(pa.Table.from_pylist([row], schema=layout.BATCHES),
                                   layout.part_path("batches", row["batch"]))
        except OSError as error:
            raise store_error(self.root, error) from error
        self._known_batches.add(row["batch"])

    def sweep(self) -> list[str]:
        """Remove what commits that were cut short left (temporary files, and part files of
        batches without a commit mark); their paths, relative to the store. Call it under the
        store's lock. On object storage, which has no lock (a part without its mark may be a
        batch that another run is writing), nothing is removed."""
        self._swept = True
        if not self.files.locks:
            return []
        committed = set(self.committed())
        removed = []
        for table in parts.FOLDERS:
            for name in self.files.names(table):
                batch = layout.part_batch(name[len(".tmp-"):] if name.startswith(".tmp-") else name)
                if batch is None or (not name.startswith(".tmp-") and batch in committed):
                    continue
                self.files.remove(f"{table}/{name}")
                removed.append(f"{table}/{name}")
        return removed

    def _write(self, batch: Batch, read: int) -> tuple[Accounting, dict[str, Any]]:
        """Write the batch's files: in a directory its mark too (last), on object storage all
        but the mark. Its accounting, and its mark."""
        kept: list[Document] = []
        duplicates = batch.duplicates
        ids: set[str] = set()
        hashes: set[str] = set()
        for doc in batch.documents:
            if self.is_duplicate(doc) or doc.id in ids or doc.text_hash in hashes:
                duplicates += 1
                continue
            kept.append(doc)
            ids.add(doc.id)
            hashes.add(doc.text_hash)
        kept_ids = {doc.id for doc in kept}
        events = [e for e in batch.events if e["doc_id"] in kept_ids]
        accounting = Accounting(
            read=read, stored=len(kept), duplicate=duplicates,
            rejected=Counter(r.reason for r in batch.rejects), events=len(events),
        )
        name = layout.new_id()
        tables: list[tuple[str, pa.Table]] = []
        if kept:
            tables.append(("documents", documents_table(kept, name)))
        if events:
            generation = layout.current_generation(self.files)
            table = pa.Table.from_pylist([{**e, "batch": name, "generation": generation} for e in events],
                                         schema=layout.EVENT_FILES)
            tables.append(("events", table))
            tables.append(("clusters", clusters.assign(table)))
        if batch.rejects:
            tables.append(("rejects", rejects_table(batch.rejects, name)))
        row = {
            "batch": name, "run": self.run, "written": datetime.now(UTC),
            "read": accounting.read, "stored": accounting.stored,
            "duplicate": accounting.duplicate, "rejected": sum(accounting.rejected.values()),
            "events": accounting.events,
        }
        if self.files.locks:  # the mark, last; on object storage the driver writes it
            tables.append(("batches", pa.Table.from_pylist([row], schema=layout.BATCHES)))
        try:
            for table_name, table in tables:
                self.files.write_table(table, layout.part_path(table_name, name))
        except BaseException:
            if not self.files.exists(layout.part_path("batches", name)):  # not committed
                for table_name, _ in tables:  # so the files written are orphans
                    self.files.remove(layout.part_path(table_name, name))
            raise
        if self.files.locks:  # committed; on object storage, not until the driver's mark
            for doc in kept:
                self.ids.add(doc.id)
                self.hashes.add(doc.text_hash)
        return accounting, row

    def committed(self) -> list[str]:
        """The committed batches, oldest first."""
        return parts.committed_batches(self.files)

    def batch_documents(self, batch: str) -> list[Document]:
        """The documents that ``batch`` stored (none for a batch of rejects or duplicates only)."""
        return next(self.batches_documents([batch]))[1]

    def batches_documents(self, batches: Sequence[str]) -> Iterator[tuple[str, list[Document]]]:
        """Each of ``batches`` with the documents it stored, one batch at a time (read in one
        pass over compacted files)."""
        for batch, rows in parts.documents_by_batch(self.files, batches):
            yield batch, [_document(row) for row in rows]

    def write_generation(self, generation: str, batch: str, events: Sequence[dict[str, Any]]) -> None:
        """Write the events of ``batch``'s documents as ``generation`` codes them (unseen until
        :meth:`switch`). A batch with no events gets an empty file, so that a rerun knows it is done."""
        rows = [{**e, "batch": batch, "generation": generation} for e in events]
        table = pa.Table.from_pylist(rows, schema=layout.EVENT_FILES)
        try:
            self.files.write_table(clusters.assign(table),
                                   layout.generation_part_path(generation, batch, "clusters"))
            self.files.write_table(table, layout.generation_part_path(generation, batch))
        except OSError as error:
            raise store_error(self.root, error) from error

    @contextmanager
    def switching(self, generation: str) -> Iterator[None]:
        """Hold the store's lock (no batch commits meanwhile; on object storage, which has no
        lock, run no ingest during a recode), then make ``generation`` current if the block ends
        without an error."""
        try:
            with self.files.locked():
                yield
                layout.set_generation(self.files, generation)
        except OSError as error:
            raise store_error(self.root, error) from error


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
