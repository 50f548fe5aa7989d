"""The store's layout on disk, and the Parquet schema of each table.

    STORE/
      documents/part-BATCH.parquet   one file per batch: the stored documents, with their text
      events/part-BATCH.parquet      the events coded from those documents
      clusters/part-BATCH.parquet    the cluster of each of those events (dateline.corpus.clusters)
      rejects/part-BATCH.parquet     the records that could not be documents, with reasons
      batches/part-BATCH.parquet     one row per batch: the accounting; written last, it is the
                                     batch's commit mark (rows of uncommitted batches are unseen)
      events/part-GEN--BATCH.parquet the events of BATCH's documents as ``dateline recode`` coded
                                     them again, in generation GEN (and clusters/, their clusters)
      generation                     the id of the current generation of events (absent: the
                                     first, that ingest wrote); written last by a recode, it is
                                     the switch to the new generation

Events carry the generation that coded them (``null`` for the first); the ``events`` view shows
only those of the current generation, so a recode cut short before its switch leaves the events
as they were. Files of older generations stay until they are deleted.

``dateline compact`` merges the parts into a few large files per table (``TABLE/compact-ID.parquet``),
writes the tables of counts (``counts_day_root/``, ``counts_day_dyad/``, ``counts_pair/``: see
:mod:`dateline.corpus.counts`) and names them all in ``manifest.json``, written last;
:mod:`dateline.store.parts` says which files a reader reads.

Every file is written under a temporary name and renamed, so a reader never sees half a file;
on object storage, which has no rename, each file is written whole under its final name, and
the batch's row is still written last (see :mod:`dateline.store.files`). Paths here are relative
to the store's root; :mod:`dateline.store.files` reads and writes them.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pyarrow as pa

if TYPE_CHECKING:
    from dateline.store.files import StoreFiles

TABLES = ("documents", "events", "rejects", "batches")

_ORIGIN = pa.string()

DOCUMENTS = pa.schema([
    ("id", pa.string()),
    ("text", pa.string()),
    ("text_hash", pa.string()),
    ("title", pa.string()),
    ("published", pa.string()),
    ("source", pa.string()),
    ("dateline", pa.struct([("place", pa.string()), ("date", pa.string()), ("agency", pa.string())])),
    ("url", pa.string()),
    ("language", pa.string()),
    ("origin", _ORIGIN),
    ("batch", pa.string()),
])

_ACTOR = pa.struct([
    ("text", pa.string()), ("name", pa.string()), ("code", pa.string()),
    ("country", pa.string()), ("role", pa.string()),
])

EVENTS = pa.schema([
    ("event_id", pa.string()),
    ("doc_id", pa.string()),
    ("sentence", pa.int32()),
    ("published", pa.string()),
    ("date", pa.string()),
    ("date_precision", pa.string()),
    ("date_basis", pa.string()),
    ("source", _ACTOR),
    ("target", _ACTOR),
    ("cameo", pa.string()),
    ("cameo_root", pa.string()),
    ("quad_class", pa.int8()),
    ("goldstein", pa.float64()),
    ("plover", pa.struct([("event", pa.string()), ("mode", pa.string())])),
    ("modality", pa.string()),
    ("location", pa.struct([
        ("name", pa.string()), ("country", pa.string()),
        ("lat", pa.float64()), ("lon", pa.float64()),
    ])),
    ("evidence", pa.struct([("text", pa.string()), ("trigger", pa.string()), ("rule", pa.string())])),
    ("confidence", pa.float64()),
    ("batch", pa.string()),
])

#: The schema of the events files: the events, and the generation that coded them (see above).
EVENT_FILES = EVENTS.append(pa.field("generation", pa.string()))

REJECTS = pa.schema([
    ("reason", pa.string()),
    ("detail", pa.string()),
    ("origin", _ORIGIN),
    ("excerpt", pa.string()),
    ("batch", pa.string()),
])

BATCHES = pa.schema([
    ("batch", pa.string()),
    ("run", pa.string()),
    ("written", pa.timestamp("ms", tz="UTC")),
    ("read", pa.int64()),
    ("stored", pa.int64()),
    ("duplicate", pa.int64()),
    ("rejected", pa.int64()),
    ("events", pa.int64()),
])


def new_id() -> str:
    """A sortable unique id for a run or a batch: UTC time, then random hex."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f") + "-" + uuid.uuid4().hex[:8]


def part_path(table: str, batch: str) -> str:
    """The file of ``batch`` in ``table``, relative to the store's root."""
    return f"{table}/part-{batch}.parquet"


def part_batch(name: str) -> str | None:
    """The batch a file named ``part-BATCH.parquet`` belongs to; None for any other name,
    and for a recode's ``part-GEN--BATCH.parquet``."""
    if name.startswith("part-") and name.endswith(".parquet") and "--" not in name:
        return name[len("part-"):-len(".parquet")]
    return None


GENERATION_FILE = "generation"


def current_generation(files: StoreFiles) -> str | None:
    """The current generation of events: None for the first (no recode has switched yet)."""
    text = (files.read_text(GENERATION_FILE) or "").strip()
    return text or None


def set_generation(files: StoreFiles, generation: str) -> None:
    """Make ``generation`` current, at once (a rename on a disk, one put on object storage)."""
    files.write_text(GENERATION_FILE, generation + "\n")


def generation_part_path(generation: str, batch: str, table: str = "events") -> str:
    """The events (or clusters) file of ``batch`` in ``generation``, relative to the store's root."""
    return f"{table}/part-{generation}--{batch}.parquet"
