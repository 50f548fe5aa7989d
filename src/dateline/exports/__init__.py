"""Exports: the store's events in the formats that event-data users already have tools for.

One module per format, each with a streaming ``write_<format>(events, out) -> rows written``:

    gdelt     GDELT 2.0 event records: 61 tab-separated columns, no header (gdelt.py)
    phoenix   Phoenix event data: 26 tab-separated columns with a header (phoenix.py)
    plover    PLOVER/POLECAT-style JSON lines, the dateline record under "dateline" (plover.py)
    csv       the event fields as a flat CSV with a header (csv.py)
    parquet   one Parquet file with the store's events schema (parquet.py)

``export`` reads a store's events (with the filters of ``StoreReader.events``), adds the URL and
outlet of each event's article, and hands them to the writer of the format asked for. Every file
is written under a temporary name and renamed when complete. docs/EXPORTS.md describes each
format's columns, with examples of reading them in pandas and in R.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import islice
from typing import Any

from dateline.errors import ConfigError
from dateline.exports._common import OutPath
from dateline.exports.csv import write_csv
from dateline.exports.gdelt import write_gdelt
from dateline.exports.parquet import write_parquet
from dateline.exports.phoenix import write_phoenix
from dateline.exports.plover import write_plover
from dateline.store.queries import StoreReader

Writer = Callable[[Iterable[Mapping[str, Any]], OutPath], int]

#: The export formats by name, each with its writer.
FORMATS: dict[str, Writer] = {
    "gdelt": write_gdelt,
    "phoenix": write_phoenix,
    "plover": write_plover,
    "csv": write_csv,
    "parquet": write_parquet,
}

_LOOKUP_CHUNK = 2000


def with_documents(
    events: Iterable[Mapping[str, Any]], lookup: StoreReader, chunk: int = _LOOKUP_CHUNK
) -> Iterator[dict[str, Any]]:
    """The events, each with ``"document": {"url", "source"}`` from its stored article.

    Articles are looked up ``chunk`` events at a time, in one query per chunk, so only one chunk
    of events is held at once. ``lookup`` must not be the reader the events are read from: a
    DuckDB connection runs one query at a time.
    """
    iterator = iter(events)
    while batch := list(islice(iterator, chunk)):
        ids = sorted({str(e["doc_id"]) for e in batch if e.get("doc_id")})
        found = {
            row["id"]: {"url": row["url"], "source": row["source"]}
            for row in lookup.rows(
                "SELECT id, url, source FROM documents WHERE list_contains(?::VARCHAR[], id)", [ids]
            )
        } if ids else {}
        for event in batch:
            document = found.get(event.get("doc_id"))
            yield {**event, "document": document} if document and "document" not in event else dict(event)


def export(store_reader: StoreReader, to: str, out: OutPath, **filters: Any) -> int:
    """Write the events of ``store_reader`` to the file ``out`` in the format ``to`` (one of
    ``FORMATS``); return the number of events written.

    ``filters`` are those of ``StoreReader.events``: ``actor``, ``cameo``, ``since``, ``until``,
    ``modality``, ``limit``. The events stream from the store to the file, a chunk at a time.

        >>> with dateline.open_store("dateline-data") as store:
        ...     dateline.export(store, "gdelt", "events.tsv", actor="RUS", since="2022-01-01")

    Raises ``ConfigError`` for an unknown format and ``OSError`` when ``out`` cannot be written.
    """
    writer = FORMATS.get(to)
    if writer is None:
        raise ConfigError(f"unknown export format {to!r} (one of {', '.join(FORMATS)})")
    events = store_reader.events(**filters)
    with StoreReader(store_reader.root) as lookup:
        return writer(with_documents(events, lookup), out)


__all__ = [
    "FORMATS",
    "export",
    "with_documents",
    "write_csv",
    "write_gdelt",
    "write_parquet",
    "write_phoenix",
    "write_plover",
]
