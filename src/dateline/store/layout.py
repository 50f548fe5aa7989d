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

Every file is written under a temporary name and renamed, so a reader never sees half a file.
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

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


def table_dir(root: Path, table: str) -> Path:
    return root / table


def part_path(root: Path, table: str, batch: str) -> Path:
    return table_dir(root, table) / f"part-{batch}.parquet"


def part_glob(root: Path, table: str) -> str:
    return str(table_dir(root, table) / "part-*.parquet")


def has_parts(root: Path, table: str) -> bool:
    folder = table_dir(root, table)
    return folder.is_dir() and any(n.startswith("part-") for n in os.listdir(folder))


GENERATION_FILE = "generation"


def current_generation(root: Path) -> str | None:
    """The current generation of events: None for the first (no recode has switched yet)."""
    try:
        text = (root / GENERATION_FILE).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return text or None


def set_generation(root: Path, generation: str) -> None:
    """Make ``generation`` current, atomically (write aside, then rename)."""
    path = root / GENERATION_FILE
    tmp = path.with_name(f".tmp-{path.name}")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(generation + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def generation_part_path(root: Path, generation: str, batch: str, table: str = "events") -> Path:
    """The events (or clusters) file of ``batch`` in ``generation``."""
    return table_dir(root, table) / f"part-{generation}--{batch}.parquet"
