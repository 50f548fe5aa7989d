"""``dateline compact``: merge the store's many small per-batch files into a few large ones.

Every batch that ingest commits writes one small file per table; queries over thousands of them
spend their time opening files. Compaction writes, per table, one file with the rows of every
batch committed so far that no earlier compaction holds (``--full``: of every batch, into one
file per table), and then names the new files in ``STORE/manifest.json`` (written aside and
renamed: one atomic switch). Besides merging, it

- sorts the events by date, so a filter on dates skips most of a file; the other tables keep
  their batch order (the counts are sorted by their keys);
- writes the tables of counts (:mod:`dateline.corpus.counts`) for the batches it merges, from
  which the timeline, the counts by month and root, the network and the dyads are answered;
- stores the clusters of batches that have none (a store written before clusters were kept).

A reader sees the store as it was before the switch or after it, never a mix: it reads the
manifest, then the parts of the batches the manifest does not hold (see
:mod:`dateline.store.parts`). Each row is in one file that it reads, so no document or event is
seen twice, and the accounting (``batches``) keeps one row per batch. Writers go on committing
while a compaction runs (their batches go to the next one); the switch is made under the store's
lock, and given up if a recode switched generations meanwhile. The files that the switch replaced
stay for ``grace_s`` seconds (readers that opened the store before it may still read them), and a
later compaction deletes them.

Compaction needs the store's lock and atomic renames: it runs on a store in a directory (a local
disk or a shared filesystem), and refuses one on object storage (an fsspec URL), where readers
still read the manifest and compacted files of a store that was compacted on disk and copied there.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from dateline.corpus import clusters, counts
from dateline.errors import StoreError
from dateline.store import layout, parts
from dateline.store.files import LocalFiles, store_files
from dateline.store.writer import StoreWriter

_SCHEMAS: dict[str, pa.Schema] = {
    "documents": layout.DOCUMENTS, "rejects": layout.REJECTS, "batches": layout.BATCHES,
    "events": layout.EVENT_FILES, "clusters": clusters.CLUSTERS,
    **{table.name: table.schema for table in counts.TABLES},
}
#: Rows per Parquet row group: the unit a filter on the sort key can skip.
_GROUP_ROWS = {"documents": 4096, "events": 131_072, "clusters": 131_072}
_DEFAULT_GROUP_ROWS = 65_536


@dataclass
class Compacted:
    """What a compaction did: the batches it merged, files merged and written, rows written per
    table, and old files deleted (those replaced by an earlier compaction, past the grace)."""

    batches: int = 0
    merged_files: int = 0
    written_files: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    deleted_files: int = 0
    full: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def compact(root: str | Path, *, full: bool = False, grace_s: float = 3600.0) -> Compacted:
    """Merge the store's per-batch files into compacted files, and delete the files that an
    earlier compaction replaced more than ``grace_s`` seconds ago. See the module's notes."""
    store = store_files(root)
    if not isinstance(store, LocalFiles):
        raise StoreError(
            f"cannot compact the store at {root}: compaction needs a store-wide lock and atomic "
            "renames, which object storage does not have. Compact a copy of the store in a "
            "directory and copy it back whole (for a file:// URL, give the directory's path)"
        )
    if not store.is_store():
        raise StoreError(f"no store at {root} (run 'dateline ingest' first)")
    writer = StoreWriter(store.root)
    try:
        return _compact(store, writer, full, grace_s)
    except (OSError, duckdb.Error) as error:
        raise StoreError(f"cannot compact the store at {root}: {error}") from error


def _compact(store: LocalFiles, writer: StoreWriter, full: bool, grace_s: float) -> Compacted:
    root = store.root
    with _compacting(root):
        with writer.locked():  # no writer is reading the files meanwhile
            done = Compacted(full=full, deleted_files=_purge(store, grace_s))
        snap = parts.snapshot(store)
        rewrite_events = full or not snap.compacted_events
        if not snap.committed or (not snap.loose and not snap.unassigned and not rewrite_events):
            return done
        done.batches = len(snap.committed) if full else len(snap.committed) - len(snap.covered)
        files: dict[str, list[str]] = {}
        written: list[Path] = []
        switched = False
        try:
            with _scratch(root) as db:
                for table in parts.BATCH_TABLES:
                    sources = snap.files[table] if full else [p for t, p in snap.loose if t == table]
                    kept = [] if full or snap.manifest is None else list(snap.manifest.files.get(table, ()))
                    files[table] = kept + _merge(root, table, _concatenated(sources), done, written)
                    done.merged_files += len(sources)
                queries, merged = _event_queries(snap, rewrite_events)
                for table, query in queries.items():
                    kept = ([] if rewrite_events or snap.manifest is None
                            else list(snap.manifest.files.get(table, ())))
                    files[table] = kept + _merge(root, table, _queried(db, query), done, written)
                done.merged_files += merged
            with writer.locked():
                if layout.current_generation(store) != snap.generation:
                    raise StoreError("a recode switched to new events during the compaction;"
                                     " run 'dateline compact' again")
                parts.write_manifest(store, parts.Manifest(
                    snap.generation, {t: tuple(names) for t, names in files.items()}, time.time()))
                switched = True
                done.deleted_files += _purge(store, grace_s)
        except BaseException:
            if not switched:  # the new files are not named anywhere: remove them
                for path in written:
                    _remove(path)
            raise
    return done


def _event_queries(snap: parts.Snapshot, rewrite: bool) -> tuple[dict[str, str], int]:
    """SQL for the new files of events, clusters and counts: of every batch (``rewrite``), or of
    the batches that no compacted file holds; and how many files they read."""
    events = snap.files["events"] if rewrite else [p for t, p in snap.loose if t == "events"]
    stored = snap.files["clusters"] if rewrite else [p for t, p in snap.loose if t == "clusters"]
    assigned = [_read(stored)] if stored else []
    if snap.unassigned:
        assigned.append(f"({clusters.assignment_sql(_read(snap.unassigned))})")
    queries: dict[str, str] = {}
    merged = len(events) + len(stored)
    if events:
        queries["events"] = f"SELECT * FROM {_read(events)} ORDER BY date"
    if assigned:
        union = " UNION ALL BY NAME ".join(f"SELECT * FROM {source}" for source in assigned)
        queries["clusters"] = union
    for table in counts.TABLES:
        stored_counts = snap.files[table.name] if rewrite else []
        merged += len(stored_counts)
        partial = [f"SELECT * FROM {_read(stored_counts)}"] if stored_counts else []
        if snap.uncounted:  # the events that no compacted counts hold
            partial.append(table.from_events_sql(_read(snap.uncounted)))
        if partial:
            queries[table.name] = table.merge_sql("(" + " UNION ALL BY NAME ".join(partial) + ")")
    return queries, merged


def _merge(root: Path, table: str, batches: Iterator[pa.RecordBatch], done: Compacted,
           written: list[Path]) -> list[str]:
    """Write ``batches`` as one new compacted file of ``table`` (none if there are no rows); the
    names (relative to the store) of the files written."""
    schema = _SCHEMAS[table]
    name = f"{table}/compact-{layout.new_id()}.parquet"
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".tmp-{path.name}")
    rows, pending, size = 0, list[pa.RecordBatch](), _GROUP_ROWS.get(table, _DEFAULT_GROUP_ROWS)
    with pq.ParquetWriter(tmp, schema, compression="zstd") as out:
        for batch in batches:
            pending.append(_conform(batch, schema))
            rows += batch.num_rows
            if sum(b.num_rows for b in pending) >= size:
                out.write_table(pa.Table.from_batches(pending, schema), row_group_size=size)
                pending = []
        if pending:
            out.write_table(pa.Table.from_batches(pending, schema), row_group_size=size)
    if rows == 0:
        _remove(tmp)
        return []
    os.replace(tmp, path)
    written.append(path)
    done.written_files += 1
    done.rows[table] = done.rows.get(table, 0) + rows
    return [name]


def _conform(batch: pa.RecordBatch, schema: pa.Schema) -> pa.RecordBatch:
    """A batch with ``schema``'s columns, in its order and types (missing ones null)."""
    columns = [batch.column(f.name).cast(f.type) if f.name in batch.schema.names
               else pa.nulls(batch.num_rows, f.type) for f in schema]
    return pa.RecordBatch.from_arrays(columns, schema=schema)


def _concatenated(files: list[str]) -> Iterator[pa.RecordBatch]:
    """The rows of ``files`` in order (each batch's rows stay together)."""
    for path in files:
        yield from pq.ParquetFile(path).iter_batches(batch_size=4096)


def _queried(db: duckdb.DuckDBPyConnection, query: str) -> Iterator[pa.RecordBatch]:
    yield from db.sql(query).to_arrow_reader(65_536)


def _read(files: list[str]) -> str:
    listed = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
    return f"read_parquet([{listed}], union_by_name=true)"


@contextmanager
def _scratch(root: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB connection that spills large sorts into a folder of the store, removed after."""
    spill = root / ".tmp-compact"
    db = duckdb.connect(":memory:")
    try:
        db.execute(f"SET temp_directory = '{str(spill).replace(chr(39), chr(39) * 2)}'")
        yield db
    finally:
        db.close()
        shutil.rmtree(spill, ignore_errors=True)


@contextmanager
def _compacting(root: Path) -> Iterator[None]:
    """One compaction at a time per store (another one is an error, not a wait)."""
    path = root / ".compact.lock"
    with open(path, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise StoreError(f"another compaction of {root} is running") from error
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _purge(store: LocalFiles, grace_s: float) -> int:
    """Delete the files that the current manifest replaced, once it is ``grace_s`` seconds old:
    the parts of the batches it holds, and compacted files it does not name. Returns how many."""
    root = store.root
    manifest = parts.read_manifest(store)
    now = time.time()
    if manifest is None or now - manifest.written < grace_s:
        return 0
    doomed: list[Path] = []
    covered = parts.covered_batches(store, manifest)
    for table in parts.BATCH_TABLES:
        names = parts.listing(store, table)
        doomed += [root / layout.part_path(table, b) for b in covered if f"part-{b}.parquet" in names]
    if manifest.generation == layout.current_generation(store):  # else the parts are still read
        names = parts.listing(store, "events")
        assigned = parts.listing(store, "clusters")
        for batch in covered:
            chosen = parts.event_choice(names, manifest.generation, batch)
            if chosen is not None:
                doomed.append(root / "events" / chosen)
                if chosen in assigned:
                    doomed.append(root / "clusters" / chosen)
    named = {name for names in manifest.files.values() for name in names}
    for table in _SCHEMAS:
        for name in parts.listing(store, table):
            path = root / table / name
            if (name.startswith("compact-") and f"{table}/{name}" not in named
                    and now - _mtime(path) >= grace_s):
                doomed.append(path)
    for path in doomed:
        _remove(path)
    return len(doomed)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return time.time()


def _remove(path: Path) -> None:
    with suppress(FileNotFoundError):
        path.unlink()
