"""Which files make up each table of a store, at one moment: a :class:`Snapshot`.

A table is read from two kinds of files:

- the compacted files that ``STORE/manifest.json`` names (written by ``dateline compact``,
  aside and then renamed into place): they hold every row of the batches that the compacted
  ``batches`` files list (the *covered* batches);
- the per-batch parts (``TABLE/part-BATCH.parquet``) of the committed batches that are not
  covered. Parts of covered batches are no longer read (they stay until a later compaction
  deletes them, so that a reader that opened the store just before still finds them).

Events and clusters come in generations (see :mod:`dateline.store.layout`): the compacted files
are of the generation that the manifest names, and are read only while it is the current one;
else each batch's file of the current generation is read. Counts (``dateline.corpus.counts``)
exist only as compacted files; a reader computes those of the other batches from their events,
as it does the clusters of batches that have none (a store written before clusters were kept).

A reader that takes the manifest, then lists the folders, sees each committed batch exactly once.
Every file is read through the store's :mod:`dateline.store.files` (a directory, or object
storage); the paths a snapshot lists are those that filesystem names.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dateline.corpus import counts
from dateline.errors import StoreError
from dateline.store import layout
from dateline.store.files import StoreFiles

MANIFEST = "manifest.json"

#: Tables with one part per batch, whatever the generation.
BATCH_TABLES = ("documents", "rejects", "batches")
#: Tables with one part per batch and generation.
EVENT_TABLES = ("events", "clusters")
#: Tables that only compaction writes.
COUNT_TABLES = tuple(table.name for table in counts.TABLES)
#: Every folder of a store.
FOLDERS = (*BATCH_TABLES, *EVENT_TABLES)


@dataclass(frozen=True)
class Manifest:
    """The compacted files: per table, their names (relative to the store); the generation of
    the events, clusters and counts among them; when it was written (seconds since the epoch)."""

    generation: str | None
    files: Mapping[str, tuple[str, ...]]
    written: float

    def paths(self, store: StoreFiles, table: str) -> list[str]:
        """The paths of ``table``'s compacted files, as the store's filesystem names them."""
        return [store.path(name) for name in self.files.get(table, ())]

    def to_json(self) -> str:
        return json.dumps({"version": 1, "generation": self.generation, "written": self.written,
                           "files": {k: list(v) for k, v in sorted(self.files.items())}}, indent=1)


def read_manifest(store: StoreFiles) -> Manifest | None:
    text = store.read_text(MANIFEST)
    if text is None:
        return None
    try:
        data = json.loads(text)
        return Manifest(data["generation"], {k: tuple(v) for k, v in data["files"].items()},
                        float(data["written"]))
    except (ValueError, KeyError, TypeError) as error:
        raise StoreError(f"the store's {MANIFEST} is unreadable: {error}") from error


def write_manifest(store: StoreFiles, manifest: Manifest) -> None:
    """Make ``manifest`` the store's, atomically (write aside, then rename)."""
    store.write_text(MANIFEST, manifest.to_json() + "\n")


def listing(store: StoreFiles, table: str) -> set[str]:
    """The names of the finished files in a table's folder (none for a missing folder)."""
    return {n for n in store.names(table) if n.endswith(".parquet") and not n.startswith(".")}


def part_batches(names: Iterable[str]) -> set[str]:
    """The batches that have a per-batch part among ``names`` (not of a later generation)."""
    return {batch for name in names if (batch := layout.part_batch(name)) is not None}


def covered_batches(store: StoreFiles, manifest: Manifest | None) -> frozenset[str]:
    """The batches that the compacted files hold: those of the compacted accounting."""
    if manifest is None:
        return frozenset()
    found: set[str] = set()
    for name in manifest.files.get("batches", ()):
        found.update(store.read_table(name, columns=["batch"]).column("batch").to_pylist())
    return frozenset(found)


def event_choice(names: set[str], generation: str | None, batch: str) -> str | None:
    """The name of ``batch``'s events (and clusters) file in ``generation``: the one that
    generation's recode wrote, else the one its ingest wrote; None when it has none."""
    for name in (f"part-{generation}--{batch}.parquet" if generation else None, f"part-{batch}.parquet"):
        if name is not None and name in names:
            return name
    return None


@dataclass(frozen=True)
class Snapshot:
    """The files of every table at one moment, and what a reader must compute from events."""

    store: StoreFiles
    generation: str | None
    manifest: Manifest | None
    covered: frozenset[str]
    committed: tuple[str, ...]
    #: Whether the manifest's compacted events, clusters and counts are of the current generation.
    compacted_events: bool
    files: dict[str, list[str]] = field(default_factory=dict)
    #: Events files (of batches not compacted) with no clusters file: assigned on the fly.
    unassigned: list[str] = field(default_factory=list)
    #: Events files not counted in compacted counts: counted on the fly.
    uncounted: list[str] = field(default_factory=list)
    #: Per-batch files of batches not compacted, that a compaction would merge: (table, path).
    loose: list[tuple[str, str]] = field(default_factory=list)


def snapshot(store: StoreFiles) -> Snapshot:
    """The files to read now: the manifest first, then the folders' listings."""
    manifest = read_manifest(store)
    generation = layout.current_generation(store)
    covered = covered_batches(store, manifest)
    names = {table: listing(store, table) for table in FOLDERS}
    committed = tuple(sorted(covered | part_batches(names["batches"])))
    current = manifest is not None and manifest.generation == generation
    snap = Snapshot(store, generation, manifest, covered, committed, current)
    uncovered = [b for b in committed if b not in covered]
    for table in BATCH_TABLES:
        parts = [(table, store.path(layout.part_path(table, b))) for b in uncovered
                 if f"part-{b}.parquet" in names[table]]
        snap.files[table] = (manifest.paths(store, table) if manifest else []) + [p for _, p in parts]
        snap.loose.extend(parts)
    for table in (*EVENT_TABLES, *COUNT_TABLES):
        snap.files[table] = manifest.paths(store, table) if manifest and current else []
    for batch in uncovered if current else committed:
        name = event_choice(names["events"], generation, batch)
        if name is None:
            continue
        events = store.path(f"events/{name}")
        snap.files["events"].append(events)
        snap.uncounted.append(events)
        snap.loose.append(("events", events))
        if name in names["clusters"]:
            clusters = store.path(f"clusters/{name}")
            snap.files["clusters"].append(clusters)
            snap.loose.append(("clusters", clusters))
        else:
            snap.unassigned.append(events)
    return snap


def committed_batches(store: StoreFiles) -> list[str]:
    """The committed batches, oldest first: those compacted, and those with a commit mark."""
    return sorted(covered_batches(store, read_manifest(store)) | part_batches(listing(store, "batches")))


def document_keys(store: StoreFiles, batches: Sequence[str]) -> Iterator[tuple[list[str], list[str]]]:
    """The ids and text hashes of the documents of ``batches`` (committed ones), file by file."""
    wanted = set(batches)
    names = listing(store, "documents")
    loose = [b for b in batches if f"part-{b}.parquet" in names]
    for batch in loose:
        table = store.read_table(layout.part_path("documents", batch), columns=["id", "text_hash"])
        yield table.column("id").to_pylist(), table.column("text_hash").to_pylist()
    rest = wanted - set(loose)
    manifest = read_manifest(store) if rest else None
    for name in manifest.files.get("documents", ()) if manifest else ():
        table = store.read_table(name, columns=["id", "text_hash", "batch"])
        keep = [i for i, b in enumerate(table.column("batch").to_pylist()) if b in rest]
        if keep:
            table = table.take(keep)
            yield table.column("id").to_pylist(), table.column("text_hash").to_pylist()


def documents_by_batch(
    store: StoreFiles, batches: Sequence[str]
) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Each of ``batches`` (committed ones) with its documents' rows (none for a batch that
    stored none), one batch at a time: from its part, or streamed from the compacted files
    (which keep a batch's documents together)."""
    wanted = set(batches)
    names = listing(store, "documents")
    done: set[str] = set()
    for batch in batches:
        if f"part-{batch}.parquet" in names:
            done.add(batch)
            yield batch, store.read_table(layout.part_path("documents", batch)).to_pylist()
    manifest = read_manifest(store) if wanted - done else None
    for name in manifest.files.get("documents", ()) if manifest else ():
        current: str | None = None
        rows: list[dict[str, Any]] = []
        with store.open(name) as handle:
            for chunk in pq.ParquetFile(handle).iter_batches(batch_size=2048):
                asked = pa.array(sorted(wanted - done))
                if not pc.any(pc.is_in(chunk.column("batch"), value_set=asked)).as_py():
                    continue  # none of this chunk's documents are asked for: not decoded
                for row in chunk.to_pylist():
                    if row["batch"] not in wanted or row["batch"] in done:
                        continue
                    if row["batch"] != current:
                        if current is not None:
                            done.add(current)
                            yield current, rows
                        current, rows = row["batch"], []
                    rows.append(row)
        if current is not None:
            done.add(current)
            yield current, rows
    for batch in batches:
        if batch not in done:
            yield batch, []
