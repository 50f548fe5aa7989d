"""Events as one Parquet file with the store's events schema (``store/layout.py``), less the
store's internal ``batch`` column: nested objects stay Parquet structs, ``sentence`` is int32,
``quad_class`` int8, ``goldstein`` and ``confidence`` doubles. Written with zstd compression,
in row groups, under a temporary name renamed to ``out`` when complete.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from dateline.exports._common import OutPath, atomic_path
from dateline.store import layout

#: The export's schema: the store's events table without its ``batch`` column.
SCHEMA: pa.Schema = layout.EVENTS.remove(layout.EVENTS.get_field_index("batch"))

ROW_GROUP = 10_000


def _chunks(events: Iterable[Mapping[str, Any]], size: int) -> Iterator[list[Mapping[str, Any]]]:
    iterator = iter(events)
    while chunk := list(islice(iterator, size)):
        yield chunk


def write_parquet(events: Iterable[Mapping[str, Any]], out: OutPath, row_group: int = ROW_GROUP) -> int:
    """Write ``events`` to ``out`` as Parquet, ``row_group`` events at a time; return how many."""
    count = 0
    with atomic_path(out) as tmp, pq.ParquetWriter(tmp, SCHEMA, compression="zstd") as writer:
        for chunk in _chunks(events, row_group):
            writer.write_table(pa.Table.from_pylist(chunk, schema=SCHEMA))
            count += len(chunk)
    return count
