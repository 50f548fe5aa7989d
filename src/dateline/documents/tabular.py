"""Readers for JSON lines and CSV, with the field names of SCHEMA.md or a mapping of them."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator, Mapping
from typing import IO, Any

from dateline.documents.wire import decode
from dateline.records import Origin, RawRecord, Reject

FIELDS = ("id", "text", "title", "published", "source", "url", "language")
#: Other names a field goes by when no mapping says otherwise.
ALIASES = {"published": ("published", "date"), "text": ("text",)}


def pick_fields(row: Mapping[str, Any], mapping: Mapping[str, str]) -> dict[str, str | None]:
    """The SCHEMA.md fields of a row, through the user's mapping, as strings or None."""
    picked: dict[str, str | None] = {}
    for name in FIELDS:
        names = (mapping[name],) if name in mapping else ALIASES.get(name, (name,))
        value = next((row[n] for n in names if row.get(n) not in (None, "")), None)
        picked[name] = None if value is None else str(value)
    return picked


def _record(row: Any, origin: Origin, mapping: Mapping[str, str], size: int) -> RawRecord | Reject:
    if not isinstance(row, dict):
        return Reject("json", origin, f"a JSON {type(row).__name__}, not an object")
    text_name = mapping.get("text", "text")
    value = row.get(text_name)
    if value is None or value == "":
        keys = ", ".join(sorted(map(str, row))[:12])
        return Reject("missing-text", origin, f"no {text_name!r} field (fields: {keys})")
    if not isinstance(value, str):
        return Reject("missing-text", origin, f"{text_name!r} is a {type(value).__name__}")
    return RawRecord(pick_fields(row, mapping), origin, size=size)


def read_jsonl(
    stream: IO[bytes], path: str, max_bytes: int, mapping: Mapping[str, str]
) -> Iterator[RawRecord | Reject]:
    """One object per line; a line over ``max_bytes`` is skipped without being held whole."""
    number = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        origin = Origin(path, number)
        if len(line) > max_bytes:
            size = len(line)
            while line and not line.endswith(b"\n"):
                line = stream.readline(1 << 20)
                size += len(line)
            yield Reject("too-large", origin, f"{size} bytes, limit {max_bytes}")
            continue
        if not line.strip():
            continue
        text = decode(line, origin)
        if isinstance(text, Reject):
            yield text
            continue
        try:
            row = json.loads(text)
        except (ValueError, RecursionError) as error:
            yield Reject("json", origin, str(error)[:200], text[:200])
            continue
        yield _record(row, origin, mapping, len(line))


class LineTooLong(Exception):
    """A CSV line over the size limit, skipped without being held whole."""


class _Lines:
    """The lines of a text stream for the csv module, each at most ``limit`` characters: the
    rest of a longer line is read past in pieces, and the iterator raises ``LineTooLong`` for
    it (once; the next call goes on with the next line)."""

    def __init__(self, text: IO[str], limit: int) -> None:
        self.text, self.limit, self.number = text, limit, 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self.text.readline(self.limit + 1)
        if not line:
            raise StopIteration
        self.number += 1
        if len(line) > self.limit and not line.endswith(("\n", "\r")):
            size = len(line)
            while line and not line.endswith(("\n", "\r")):
                line = self.text.readline(1 << 20)
                size += len(line)
            raise LineTooLong(f"line of {size} characters, limit {self.limit}")
        return line


def read_csv(
    stream: IO[bytes], path: str, max_bytes: int, mapping: Mapping[str, str]
) -> Iterator[RawRecord | Reject]:
    """One record per row, under a header row; ``.tsv`` files are split on tabs."""
    csv.field_size_limit(min(sys.maxsize, max(max_bytes, 131072)))
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    delimiter = "\t" if path.removesuffix(".gz").endswith(".tsv") else ","
    lines = _Lines(text, max_bytes)
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = next(reader, None)
    except (csv.Error, LineTooLong) as error:
        yield Reject("csv", Origin(path, 1), f"header: {error}")
        return
    if header is None:
        yield Reject("empty", Origin(path), "no header row")
        return
    header = [h.strip() for h in header]
    row_number = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except LineTooLong as error:
            yield Reject("too-large", Origin(path, lines.number), str(error))
            continue
        except csv.Error as error:
            yield Reject("csv", Origin(path, lines.number), str(error))
            return
        row_number += 1
        origin = Origin(path, lines.number)
        if not any(c.strip() for c in cells):
            continue
        joined = "\x1f".join(cells)
        if any("\udc80" <= ch <= "\udcff" for ch in joined):
            raw = joined.encode("utf-8", "surrogateescape")
            yield Reject("encoding", origin, "invalid UTF-8", raw[:200].decode("utf-8", "replace"))
            continue
        if len(cells) != len(header):
            yield Reject(
                "csv", origin, f"{len(cells)} cells for {len(header)} columns", joined[:200]
            )
            continue
        size = len(joined.encode("utf-8"))
        if size > max_bytes:
            yield Reject("too-large", origin, f"{size} bytes, limit {max_bytes}")
            continue
        yield _record(dict(zip(header, cells, strict=True)), origin, mapping, size)
