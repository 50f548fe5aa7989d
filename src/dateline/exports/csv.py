"""Events as a flat CSV file: a header row, then one row per event.

The columns are the fields of the store's events table, in its order, with each nested object
spread over columns named ``OBJECT_FIELD``: ``source_text``, ``source_name``, ``source_code``,
``source_country``, ``source_role``, the same for ``target``, ``plover_event``, ``plover_mode``,
``location_name``, ``location_country``, ``location_lat``, ``location_lon``, ``evidence_text``,
``evidence_trigger``, ``evidence_rule``; then ``document_url`` and ``document_source`` (the
article's URL and outlet, where known). Missing values are empty. The file is RFC 4180 CSV
(comma-separated, fields with commas, quotes or line breaks quoted), UTF-8, no BOM.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from typing import Any

import pyarrow as pa

from dateline.exports._common import OutPath, atomic_text, number, part
from dateline.store import layout


def _columns() -> tuple[tuple[str, str | None], ...]:
    spread: list[tuple[str, str | None]] = []
    for field in layout.EVENTS:
        if field.name == "batch":
            continue
        if pa.types.is_struct(field.type):
            spread += [(field.name, child.name) for child in field.type]
        else:
            spread.append((field.name, None))
    return (*spread, ("document", "url"), ("document", "source"))


_SPREAD = _columns()

#: The CSV header: the store's event fields, nested ones spread as ``OBJECT_FIELD``.
COLUMNS: tuple[str, ...] = tuple(f"{name}_{child}" if child else name for name, child in _SPREAD)


def _text(value: Any) -> Any:
    return number(value) if isinstance(value, float) else value


def csv_row(event: Mapping[str, Any]) -> list[Any]:
    """One event as the values of ``COLUMNS``, in order (``None`` for a missing value)."""
    return [
        _text(part(event, name).get(child) if child else event.get(name))
        for name, child in _SPREAD
    ]


def write_csv(events: Iterable[Mapping[str, Any]], out: OutPath) -> int:
    """Write ``events`` to ``out`` as a flat CSV with a header; return the number of rows."""
    count = 0
    with atomic_text(out) as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for event in events:
            writer.writerow(csv_row(event))
            count += 1
    return count
