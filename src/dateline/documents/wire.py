"""Plain-text readers: the wire-dump format of news archives, and one-document text files.

A wire dump holds records that each open with a line `` date YYYY-MM-DD`` (the dispatch may go
on on the same line) and run to the next such line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

from dateline.records import Origin, RawRecord, Reject

HEADER = re.compile(rb"^[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})\b[ \t]*")


def decode(data: bytes, origin: Origin) -> str | Reject:
    """UTF-8 text, or a reject that says where the bytes stop being UTF-8."""
    try:
        return data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as error:
        return Reject(
            "encoding", origin, f"invalid UTF-8 at byte {error.start}",
            data[:200].decode("utf-8", "replace"),
        )


def looks_binary(head: bytes) -> bool:
    """NUL bytes or mostly control characters in the first bytes mean a binary file."""
    if not head:
        return False
    if b"\x00" in head[:8192]:
        return True
    controls = sum(1 for b in head[:8192] if b < 9 or 13 < b < 32)
    return controls / min(len(head), 8192) > 0.1


#: The most bytes of a line held at once: a longer line is read in pieces of this size.
_PIECE = 1 << 20


def _lines(stream: IO[bytes], size: int) -> Iterator[tuple[int, bool, bytes]]:
    """The stream's lines as (line number, whether the piece starts its line, piece); a line
    longer than ``size`` bytes comes in several pieces, so no line is held whole."""
    number, line_start = 0, True
    while piece := stream.readline(size):
        number += line_start
        yield number, line_start, piece
        line_start = piece.endswith(b"\n")


def read_wire(stream: IO[bytes], path: str, max_bytes: int) -> Iterator[RawRecord | Reject]:
    """One record per `` date YYYY-MM-DD`` header, streaming line by line (a line in pieces)."""
    date: str | None = None
    start, number, size = 0, 0, 0
    chunks: list[bytes] = []
    preamble = False

    def finish() -> RawRecord | Reject:
        origin = Origin(path, start)
        if size > max_bytes:
            return Reject("too-large", origin, f"{size} bytes, limit {max_bytes}")
        text = decode(b"".join(chunks), origin)
        if isinstance(text, Reject):
            return text
        return RawRecord({"text": text, "published": date}, origin, size=size)

    for number, line_start, line in _lines(stream, min(max_bytes + 1, _PIECE)):
        match = HEADER.match(line) if line_start else None
        if match:
            if date is not None:
                yield finish()
            date, start, size = match.group(1).decode(), number, len(line)
            chunks = [line[match.end():]]
            continue
        if date is None:
            preamble = preamble or bool(line.strip())
            continue
        size += len(line)
        if size <= max_bytes:
            chunks.append(line)
    if date is not None:
        yield finish()
    if preamble:
        yield Reject("truncated", Origin(path, 1), "text before the first ' date YYYY-MM-DD' line")


def read_text(stream: IO[bytes], path: str, max_bytes: int) -> Iterator[RawRecord | Reject]:
    """The whole file as one document."""
    data = stream.read(max_bytes + 1)
    origin = Origin(path)
    if len(data) > max_bytes:
        yield Reject("too-large", origin, f"over {max_bytes} bytes")
        return
    text = decode(data, origin)
    yield text if isinstance(text, Reject) else RawRecord({"text": text}, origin, size=len(data))
