"""Writing batches into the store: atomically, without duplicates, safe beside other writers.

A batch is committed under an exclusive lock on ``STORE/.lock``: the writer first learns the
documents that other writers committed since it last looked, drops the batch's documents that
are now duplicates (with their events), writes each table's file under a temporary name and
renames it (the events with their assignment to clusters, :mod:`dateline.corpus.clusters`), and
writes the batch's accounting row last, as its commit mark.

What a commit cut short leaves behind (a killed process, a full disk) is never read: readers
see only files named ``part-*`` of batches with a commit mark. A write that fails removes its
batch's files at once; a writer's first commit removes those of earlier commits that were
killed (under the lock no commit is under way, so a part file without its mark is an orphan).
A disk that is full or a store that cannot be written is reported as such
(:class:`~dateline.errors.StoreFullError`, :class:`~dateline.errors.StoreReadOnlyError`).
"""

from __future__ import annotations

import errno
import fcntl
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from dateline.corpus import clusters
from dateline.errors import StoreError, StoreFullError, StoreReadOnlyError
from dateline.records import Dateline, Document, Origin, Reject
from dateline.store import layout, parts


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


_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}


def store_error(root: Path, error: OSError, doing: str = "write to") -> StoreError:
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


def _write_atomic(table: pa.Table, path: Path) -> None:
    tmp = path.with_name(f".tmp-{path.name}")
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a half-written file only takes space
        raise


def _batch_of(name: str) -> str | None:
    """The batch a ``part-BATCH.parquet`` file belongs to; None for other files and for a
    recode's ``part-GEN--BATCH.parquet`` (written outside the lock, for a committed batch)."""
    if not (name.startswith("part-") and name.endswith(".parquet")) or "--" in name:
        return None
    return name[len("part-"):-len(".parquet")]


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
        {"reason": r.reason, "detail": r.detail, "origin": str(r.origin),
         "excerpt": r.excerpt[:500], "batch": batch}
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
        self._swept = False
        self._lock_path = self.root / ".lock"
        try:
            for table in parts.FOLDERS:
                layout.table_dir(self.root, table).mkdir(parents=True, exist_ok=True)
            self._lock_path.touch(exist_ok=True)
            for folder in (self.root, *(layout.table_dir(self.root, t) for t in layout.TABLES)):
                if not os.access(folder, os.W_OK | os.X_OK):  # say so before any work is done
                    raise OSError(errno.EACCES, os.strerror(errno.EACCES), str(folder))
        except OSError as error:
            raise store_error(self.root, error, "create") from error

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with open(self._lock_path, "rb") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def locked(self) -> AbstractContextManager[None]:
        """Hold the store's lock: no batch is committed, no generation switched meanwhile."""
        return self._locked()

    def refresh(self) -> None:
        """Learn the ids and text hashes of documents committed since the last look."""
        new = sorted(set(parts.committed_batches(self.root)) - self._known_batches)
        for ids, hashes in parts.document_keys(self.root, new):
            self.ids.update(ids)
            self.hashes.update(hashes)
        self._known_batches.update(new)

    def is_duplicate(self, doc: Document) -> bool:
        return doc.id in self.ids or doc.text_hash in self.hashes

    def commit(self, batch: Batch, read: int) -> Accounting:
        """Store a batch; documents already stored (or twice in the batch) count as duplicates."""
        try:
            with self._locked():
                if not self._swept:
                    self.sweep()
                return self._commit(batch, read)
        except OSError as error:
            raise store_error(self.root, error) from error

    def sweep(self) -> list[Path]:
        """Remove what commits that were cut short left (temporary files, and part files of
        batches without a commit mark); the paths removed. Call it under the store's lock."""
        committed = set(self.committed())
        removed = []
        for table in (*layout.TABLES, "clusters"):
            folder = layout.table_dir(self.root, table)
            if not folder.is_dir():
                continue
            for name in os.listdir(folder):
                batch = _batch_of(name[len(".tmp-"):] if name.startswith(".tmp-") else name)
                if batch is None or (not name.startswith(".tmp-") and batch in committed):
                    continue
                (folder / name).unlink(missing_ok=True)
                removed.append(folder / name)
        self._swept = True
        return removed

    def _commit(self, batch: Batch, read: int) -> Accounting:
        self.refresh()
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
            generation = layout.current_generation(self.root)
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
        tables.append(("batches", pa.Table.from_pylist([row], schema=layout.BATCHES)))  # the mark: last
        try:
            for table_name, table in tables:
                _write_atomic(table, layout.part_path(self.root, table_name, name))
        except BaseException:
            if not layout.part_path(self.root, "batches", name).exists():  # not committed
                for table_name, _ in tables:  # so the files written are orphans
                    layout.part_path(self.root, table_name, name).unlink(missing_ok=True)
            raise
        for doc in kept:
            self.ids.add(doc.id)
            self.hashes.add(doc.text_hash)
        self._known_batches.add(name)
        return accounting

    def committed(self) -> list[str]:
        """The committed batches, oldest first."""
        return parts.committed_batches(self.root)

    def batch_documents(self, batch: str) -> list[Document]:
        """The documents that ``batch`` stored (none for a batch of rejects or duplicates only)."""
        return next(self.batches_documents([batch]))[1]

    def batches_documents(self, batches: Sequence[str]) -> Iterator[tuple[str, list[Document]]]:
        """Each of ``batches`` with the documents it stored, one batch at a time (read in one
        pass over compacted files)."""
        for batch, rows in parts.documents_by_batch(self.root, batches):
            yield batch, [_document(row) for row in rows]

    def write_generation(self, generation: str, batch: str, events: Sequence[dict[str, Any]]) -> None:
        """Write the events of ``batch``'s documents as ``generation`` codes them (unseen until
        :meth:`switch`). A batch with no events gets an empty file, so that a rerun knows it is done."""
        rows = [{**e, "batch": batch, "generation": generation} for e in events]
        table = pa.Table.from_pylist(rows, schema=layout.EVENT_FILES)
        try:
            _write_atomic(clusters.assign(table),
                          layout.generation_part_path(self.root, generation, batch, "clusters"))
            _write_atomic(table, layout.generation_part_path(self.root, generation, batch))
        except OSError as error:
            raise store_error(self.root, error) from error

    @contextmanager
    def switching(self, generation: str) -> Iterator[None]:
        """Hold the store's lock (no batch commits meanwhile), then make ``generation`` current
        if the block ends without an error."""
        try:
            with self._locked():
                yield
                layout.set_generation(self.root, generation)
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
