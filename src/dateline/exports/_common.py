"""What the export formats share: atomic output files, event dates as whole days, clean cells.

Every writer streams: it takes an iterable of event dicts (the SCHEMA.md shape), writes each one
as it comes, and holds no more than one row (Parquet: one row group) at a time. Output goes to a
temporary file beside ``out`` that is renamed over ``out`` only when the last row is written, so
a failed export never leaves a half-written file under the name asked for. A text format whose
``out`` ends in ``.gz`` is gzip-compressed.
"""

from __future__ import annotations

import gzip
import io
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

from dateline.actors.knowledge import read_table

#: Where an export is written: a path, as a string or a path object.
OutPath = str | os.PathLike[str]

_BLANKS = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


@contextmanager
def atomic_path(out: OutPath) -> Iterator[Path]:
    """A temporary path beside ``out``; renamed to ``out`` when the block ends without error."""
    path = Path(out)
    tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


@contextmanager
def atomic_text(out: OutPath) -> Iterator[TextIO]:
    """A UTF-8 text file written atomically to ``out`` (gzip-compressed when it ends in .gz)."""
    path = Path(out)
    with atomic_path(path) as tmp, open(tmp, "wb") as raw:
        if path.suffix == ".gz":
            # The name inside the archive is the output's, not the temporary one; mtime 0
            # keeps the bytes of two exports of the same events the same.
            with gzip.GzipFile(filename=path.stem, mode="wb", fileobj=raw, mtime=0) as packed, \
                    io.TextIOWrapper(packed, encoding="utf-8", newline="") as text:
                yield text
        else:
            with io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:
                yield text


def whole_day(value: str | None) -> date | None:
    """An ISO date cut to its precision, as a whole day: a month or a year is padded to its
    first day (``2022-02`` -> 2022-02-01, ``2019`` -> 2019-01-01); ``None`` if unreadable."""
    if not value:
        return None
    parts = value.split("-")
    try:
        numbers = [int(p) for p in parts[:3]] + [1] * (3 - min(len(parts), 3))
        return date(numbers[0], numbers[1], numbers[2])
    except ValueError:
        return None


def event_day(event: Mapping[str, Any]) -> date | None:
    """The day an event took place (padded per :func:`whole_day`), else its publication day."""
    return whole_day(event.get("date")) or whole_day(event.get("published"))


def part(event: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    """A nested object of an event (``source``, ``target``, ``location``, ...), or ``{}``."""
    value = event.get(name)
    return value if isinstance(value, Mapping) else {}


def document_url(event: Mapping[str, Any]) -> str | None:
    """The URL of the event's article: from ``document`` (added by ``export``), else ``url``."""
    url = part(event, "document").get("url") or event.get("url")
    return str(url) if url else None


def number(value: Any) -> str:
    """A number as text without a useless fraction: 1.0 -> ``1``, -2.5 -> ``-2.5``."""
    if value is None:
        return ""
    if isinstance(value, bool | int):
        return str(int(value))
    text = f"{float(value):.6f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def cell(value: Any) -> str:
    """A value as one field of a tab-separated row: no tabs or line breaks; ``None`` is empty."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return number(value)
    return str(value).translate(_BLANKS)


def country_names() -> dict[str, str]:
    """Country names by CAMEO and ISO alpha-3 code, from the packaged countries table."""
    names: dict[str, str] = {}
    for row in read_table(resources.files("dateline.data") / "countries.tsv"):
        name = row.get("name", "")
        for code in (row.get("code", "")[:3], row.get("iso3", "")):
            if code and name:
                names.setdefault(code, name)
    return names
