"""Every input record, from every path, as a raw record or a reject.

``read_records`` is the one entry point: it expands the paths, opens each input, picks a reader
by suffix or by sniffing, and turns any failure of an input into a reject so the batch goes on.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator, Mapping, Sequence
from typing import IO

from dateline.config import Settings
from dateline.documents.feeds import read_feed
from dateline.documents.pages import read_html, read_warc
from dateline.documents.sources import (
    FORMATS,
    Input,
    InputTooLarge,
    expand,
    open_input,
    sniff,
    wide_encoding,
)
from dateline.documents.tabular import read_csv, read_jsonl
from dateline.documents.wire import looks_binary, read_text, read_wire
from dateline.errors import InputError
from dateline.records import Origin, RawRecord, Reject


def _reader(
    kind: str, stream: IO[bytes], path: str, settings: Settings
) -> Iterator[RawRecord | Reject]:
    limit = settings.max_record_bytes
    mapping: Mapping[str, str] = settings.fields
    if kind == "wire":
        return read_wire(stream, path, limit)
    if kind == "jsonl":
        return read_jsonl(stream, path, limit, mapping)
    if kind == "csv":
        return read_csv(stream, path, limit, mapping)
    if kind == "rss":
        return read_feed(stream, path, limit)
    if kind == "html":
        return read_html(stream, path, limit)
    if kind == "warc":
        return read_warc(stream, path, limit)
    return read_text(stream, path, limit)


def read_input(source: Input, settings: Settings, kind: str = "auto") -> Iterator[RawRecord | Reject]:
    """The records of one input; an input that fails part-way ends with a reject."""
    origin = Origin(source.path)
    try:
        stream = open_input(source, settings.max_decompressed_bytes)
    except InputError as error:
        yield Reject("unreadable", origin, str(error))
        return
    try:
        try:
            head = stream.peek(8192)[:8192] if hasattr(stream, "peek") else b""
        except InputTooLarge as error:
            yield Reject("too-large", origin, str(error))
            return
        except (OSError, EOFError, zlib.error) as error:
            yield Reject("truncated", origin, f"cannot decompress: {error}")
            return
        if not head.strip():
            yield Reject("empty", origin, "the input is empty")
            return
        found = sniff(source, head) if kind == "auto" else kind
        wide = wide_encoding(head)
        if wide and found not in ("rss", "html"):  # feeds and pages declare their encoding
            yield Reject("encoding", origin, f"{wide} text (by its byte-order mark), not UTF-8")
            return
        if found != "warc" and not wide and looks_binary(head):
            yield Reject("binary", origin, "binary data, not text")
            return
        try:
            yield from _reader(found, stream, source.path, settings)
        except InputTooLarge as error:
            yield Reject("too-large", origin, str(error))
        except (EOFError, gzip.BadGzipFile, zlib.error) as error:
            yield Reject("truncated", origin, f"the input ends early: {error or 'end of file'}")
        except OSError as error:
            yield Reject("unreadable", origin, str(error))
    finally:
        if source.path != "-":
            stream.close()


def read_records(
    paths: Sequence[str], settings: Settings, kind: str = "auto"
) -> Iterator[RawRecord | Reject]:
    """Every record of every input under ``paths`` (files, directories, globs, ``-``)."""
    if kind != "auto" and kind not in FORMATS:
        raise InputError(f"unknown format {kind!r}; known: auto, {', '.join(FORMATS)}")
    for source in list(expand(paths)):
        yield from read_input(source, settings, kind)
