"""Where records come from: paths, directories, globs, ``.gz`` files and standard input.

``expand`` turns what the user typed into a list of inputs; ``open_input`` gives a binary
stream over one input (decompressing ``.gz`` with a limit); ``sniff`` picks a reader from
the name and the first bytes.
"""

from __future__ import annotations

import glob
import gzip
import io
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from dateline.errors import InputError

FORMATS = ("wire", "text", "jsonl", "csv", "rss", "html", "warc")

_SUFFIXES = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".csv": "csv", ".tsv": "csv",
    ".rss": "rss", ".atom": "rss", ".xml": "rss",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".warc": "warc",
}

STDIN = "-"


@dataclass(frozen=True)
class Input:
    """One file (or standard input) to read."""

    path: str

    @property
    def name(self) -> str:
        return self.path

    @property
    def gzipped(self) -> bool:
        return self.path.endswith(".gz") and not self.path.endswith(".warc.gz")


def expand(paths: Sequence[str]) -> Iterator[Input]:
    """Each path as inputs: a file, every file under a directory (sorted), a glob, or ``-``."""
    for path in paths:
        if path == STDIN:
            yield Input(STDIN)
        elif os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Input(os.path.join(root, name))
        elif os.path.exists(path):
            yield Input(path)
        else:
            matches = sorted(glob.glob(path, recursive=True))
            if not matches:
                raise InputError(f"no such file, directory or glob: {path}")
            yield from expand(matches)


class LimitedReader(io.RawIOBase):
    """A stream that raises ``InputTooLarge`` once more than ``limit`` bytes are read."""

    def __init__(self, inner: IO[bytes], limit: int) -> None:
        self.inner, self.limit, self.count = inner, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.inner.read(len(buffer))
        self.count += len(data)
        if self.count > self.limit:
            raise InputTooLarge(f"more than {self.limit} bytes after decompression")
        buffer[: len(data)] = data
        return len(data)


class InputTooLarge(Exception):
    """Raised inside a reader when a decompressed input passes its size limit."""


def open_input(source: Input, max_decompressed: int) -> IO[bytes]:
    """A buffered binary stream over the input's (decompressed) bytes."""
    try:
        raw: IO[bytes] = (
            sys.stdin.buffer if source.path == STDIN else open(source.path, "rb")  # noqa: SIM115
        )
    except OSError as error:
        raise InputError(f"cannot open {source.path}: {error.strerror}") from error
    if source.gzipped or (_starts_with(raw, b"\x1f\x8b") and not _is_warc_name(source.path)):
        unpacked = gzip.GzipFile(fileobj=raw, mode="rb")
        limited = LimitedReader(unpacked, max_decompressed)  # type: ignore[arg-type]
        return io.BufferedReader(limited, buffer_size=1 << 16)
    return raw


def _is_warc_name(path: str) -> bool:
    return ".warc" in Path(path).name


def _starts_with(stream: IO[bytes], magic: bytes) -> bool:
    peek = getattr(stream, "peek", None)
    return bool(peek and peek(len(magic))[: len(magic)] == magic)


#: Byte-order marks of the encodings that are not UTF-8 but are text (UTF-32 before UTF-16:
#: the UTF-32-LE mark begins with the UTF-16-LE one).
BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"),
)


def wide_encoding(head: bytes) -> str | None:
    """UTF-16 or UTF-32 when the input opens with that byte-order mark, else None."""
    return next((name for bom, name in BOMS if head.startswith(bom)), None)


def sniff(source: Input, head: bytes) -> str:
    """The format of an input, from its name, else from its first bytes."""
    name = source.path[:-3] if source.gzipped else source.path
    suffix = Path(name).suffix.lower()
    if ".warc" in Path(name).name.lower():
        return "warc"
    if suffix in _SUFFIXES and suffix not in (".xml", ".json"):
        return _SUFFIXES[suffix]
    wide = wide_encoding(head)
    if wide:
        head = head.decode(wide.lower(), "ignore").encode()
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:2048].lower()
    if text.startswith(b"warc/"):
        return "warc"
    if text.startswith(b"date ") and text[5:9].isdigit():
        return "wire"
    if text.startswith((b"{", b"[")):
        return "jsonl"
    if text.startswith(b"<"):
        if b"<rss" in text or b"<feed" in text or b"<rdf:rdf" in text:
            return "rss"
        return "html"
    return _SUFFIXES.get(suffix, "text")
