"""Hostile inputs for the readers, written into one directory at run time.

A helper module, not a test module: ``tests/reliability/test_hostile.py`` writes them at small
sizes, ``bench/hostile.py`` at the full sizes of issue #9 (a 300 MB JSON line, a gzip bomb of
10 GB). Nothing here is committed as data: every file is generated, the same bytes each time.

Each ``Case`` names a file, what it attacks, and the outcomes its records may have: the reject
reasons that may appear (``reasons``), the one that must (``must``), and whether some record of
it is stored (``stores``: True, some is; False, none is).
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

#: A record that is stored wherever it is put: it proves the reader goes on after a bad one.
GOOD_TEXT = (
    "MOSCOW, June 28 (Reuters) - Russian President Vladimir Putin met Tajik President Emomali "
    "Rakhmon in Dushanbe on Tuesday, and the two leaders held talks on trade and security."
)


@dataclass(frozen=True)
class Sizes:
    """How big the inputs are. ``FULL`` are the figures of issue #9; ``SMALL`` fit a test run
    (with ``max_record_bytes`` and ``max_decompressed_bytes`` lowered to match, see
    ``SMALL_LIMITS``)."""

    random_bytes: int = 1_000_000
    huge_line: int = 300_000_000
    bomb: int = 10_000_000_000  # bytes after decompression
    depth: int = 50_000
    sentence_free: int = 2_000_000
    entity_value: int = 100_000  # characters in one entity of the quadratic blow-up
    entity_refs: int = 2_000  # references to it


FULL = Sizes()
#: Small enough for the tests: a line just over the default ``max_record_bytes`` (5 MB), and a
#: bomb of 300 MB for a ``max_decompressed_bytes`` lowered to 50 MB (``SMALL_LIMITS``).
SMALL = Sizes(random_bytes=100_000, huge_line=6_000_000, bomb=300_000_000)
SMALL_LIMITS = {"max_decompressed_bytes": 50_000_000}


@dataclass(frozen=True)
class Case:
    name: str
    file: str
    what: str
    write: Callable[[Path, Sizes], None]
    reasons: frozenset[str] = field(default_factory=frozenset)
    must: str | None = None
    stores: bool = False


def _good_line(number: int) -> bytes:
    text = f"{GOOD_TEXT} Dispatch {number}."
    return json.dumps({"id": f"good-{number}", "text": text}).encode() + b"\n"


def random_bytes(path: Path, sizes: Sizes) -> None:
    path.write_bytes(random.Random(9).randbytes(sizes.random_bytes))


def random_gzip(path: Path, sizes: Sizes) -> None:
    path.write_bytes(b"\x1f\x8b" + random.Random(10).randbytes(sizes.random_bytes))


def _laughs(levels: int = 10) -> str:
    """The entity declarations of a billion-laughs bomb: ``&lol9;`` is 10**9 "lol"s."""
    lines = ['<!ENTITY lol "lol">']
    lines += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(2, levels)]
    lines.insert(1, '<!ENTITY lol1 "' + "&lol;" * 10 + '">')
    return "\n".join(lines)


def _quadratic(sizes: Sizes) -> tuple[str, str]:
    """One big entity and many references to it: a quadratic blow-up (value x references)."""
    return f'<!ENTITY big "{"x" * sizes.entity_value}">', "&big;" * sizes.entity_refs


def _feed(doctype: str, body: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE rss [\n{doctype}\n]>\n'
        '<rss version="2.0"><channel><title>Hostile feed</title>'
        f"<item><title>One</title><guid>hostile-1</guid><description>{GOOD_TEXT} {body}"
        "</description></item></channel></rss>\n"
    ).encode()


def _page(doctype: str, body: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html [\n{doctype}\n]>\n'
        "<html><head><title>Hostile page</title></head><body><article>"
        f"<p>{GOOD_TEXT}</p><p>{body}</p></article></body></html>\n"
    ).encode()


def laughs_rss(path: Path, sizes: Sizes) -> None:
    path.write_bytes(_feed(_laughs(), "&lol9; " * 10))


def laughs_html(path: Path, sizes: Sizes) -> None:
    path.write_bytes(_page(_laughs(), "&lol9; " * 10))


def quadratic_rss(path: Path, sizes: Sizes) -> None:
    path.write_bytes(_feed(*_quadratic(sizes)))


def quadratic_html(path: Path, sizes: Sizes) -> None:
    path.write_bytes(_page(*_quadratic(sizes)))


def quadratic_rss_utf16(path: Path, sizes: Sizes) -> None:
    """The quadratic blow-up again, in UTF-16: a byte search for ``<!ENTITY`` misses it."""
    declaration, body = _quadratic(sizes)
    data = _feed(declaration, body).decode().replace('encoding="utf-8"', 'encoding="utf-16"')
    path.write_bytes(data.encode("utf-16"))


def gzip_bomb(path: Path, sizes: Sizes) -> None:
    """``sizes.bomb`` bytes of one JSON line, in about a thousandth of that on disk: gzip members
    of 1 MiB of "a" each, one after another (a gzip file may hold many)."""
    block = 1 << 20
    member = gzip.compress(b"a" * block, compresslevel=9, mtime=0)
    with open(path, "wb") as out:
        out.write(gzip.compress(b'{"id": "bomb", "text": "', mtime=0))
        for _ in range(sizes.bomb // block):
            out.write(member)
        out.write(gzip.compress(b'"}\n', mtime=0))


def _huge(out: IO[bytes], size: int, word: bytes = b"word ") -> None:
    chunk = word * (1_000_000 // len(word))
    written = 0
    while written < size:
        out.write(chunk)
        written += len(chunk)


def huge_line(path: Path, sizes: Sizes) -> None:
    """One JSON line of ``sizes.huge_line`` bytes, then a good line after it."""
    with open(path, "wb") as out:
        out.write(b'{"id": "huge", "text": "')
        _huge(out, sizes.huge_line)
        out.write(b'"}\n')
        out.write(_good_line(1))


def huge_line_csv(path: Path, sizes: Sizes) -> None:
    """A CSV row of one line of ``sizes.huge_line`` bytes, between two good rows."""
    with open(path, "wb") as out:
        out.write(f'id,text\nh1,"{GOOD_TEXT} Before."\nh2,'.encode())
        _huge(out, sizes.huge_line)
        out.write(f'\nh3,"{GOOD_TEXT} After."\n'.encode())


def huge_line_wire(path: Path, sizes: Sizes) -> None:
    """A wire dump whose second record is one line of ``sizes.huge_line`` bytes."""
    with open(path, "wb") as out:
        out.write(f" date 2022-06-28 {GOOD_TEXT} First.\n date 2022-06-29 ".encode())
        _huge(out, sizes.huge_line)
        out.write(f"\n date 2022-06-30 {GOOD_TEXT} Third.\n".encode())


def deep_json(path: Path, sizes: Sizes) -> None:
    """Arrays, objects, and a good object with one deep field, each ``sizes.depth`` deep."""
    n = sizes.depth
    lines = [
        b"[" * n + b"]" * n,
        b'{"a": ' * n + b"1" + b"}" * n,
        json.dumps({"id": "deep", "text": GOOD_TEXT}).encode()[:-1] + b', "x": ' + b"[" * n
        + b"]" * n + b"}",
    ]
    path.write_bytes(b"\n".join(lines) + b"\n" + _good_line(2))


def deep_html(path: Path, sizes: Sizes) -> None:
    n = sizes.depth
    path.write_bytes(
        b"<html><body>" + b"<div>" * n + f"<p>{GOOD_TEXT}</p>".encode() + b"</div>" * n
        + b"</body></html>\n"
    )


def deep_rss(path: Path, sizes: Sizes) -> None:
    n = sizes.depth
    path.write_bytes(
        b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Deep</title><item>'
        b"<title>Deep</title><guid>deep-1</guid><description>" + GOOD_TEXT.encode()
        + b"</description>" + b"<x>" * n + b"</x>" * n + b"</item></channel></rss>\n"
    )


def sentence_free(path: Path, sizes: Sizes) -> None:
    """Words without a full stop, a capital or a line break, for ``sizes.sentence_free`` bytes."""
    rng = random.Random(11)
    words = ["talks", "minister", "border", "trade", "troops", "visit", "sanctions", "council"]
    text = " ".join(rng.choice(words) for _ in range(sizes.sentence_free // 6))
    path.write_text(text[: sizes.sentence_free], encoding="utf-8")


def _warc(gzipped: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    for number in (1, 2):
        html = (
            f"<html><head><title>Page {number}</title></head><body><article><p>{GOOD_TEXT} "
            f"Page {number}.</p></article></body></html>"
        ).encode() * 20
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            f"https://example.org/{number}", "response", payload=io.BytesIO(html),
            http_headers=headers, warc_headers_dict={"WARC-Date": "2022-06-28T10:00:00Z"},
        )
        writer.write_record(record)
    return out.getvalue()


def truncated_warc(path: Path, sizes: Sizes) -> None:
    """Two response records, the second cut in the middle of its page."""
    data = _warc(gzipped=False)
    path.write_bytes(data[: len(data) - 700])


def truncated_warc_gz(path: Path, sizes: Sizes) -> None:
    data = _warc(gzipped=True)
    path.write_bytes(data[: len(data) - 200])


def mixed_jsonl(path: Path, sizes: Sizes) -> None:
    """One line each in UTF-8, Latin-1, Windows-1252 and Shift-JIS, then a good line."""
    def line(text: str, encoding: str) -> bytes:
        return json.dumps({"text": text}, ensure_ascii=False).encode(encoding) + b"\n"

    path.write_bytes(
        line(f"{GOOD_TEXT} Café talks in Zürich.", "utf-8")
        + line("Le président a rencontré à Zürich le ministre de l'Économie.", "latin-1")
        + line("The minister’s “visit” to Zürich was cancelled — officials said.", "cp1252")
        + line("東京で首脳会談が行われた。", "shift_jis")
        + _good_line(3)
    )


def utf16_jsonl(path: Path, sizes: Sizes) -> None:
    """JSON lines in UTF-16, with its byte-order mark (and so NUL bytes all through)."""
    path.write_bytes((_good_line(5) + _good_line(6)).decode().encode("utf-16"))


def utf16_feed(path: Path, sizes: Sizes) -> None:
    """A feed in UTF-16, with its byte-order mark: read, as its XML declaration says."""
    data = _feed("", "").decode().replace('encoding="utf-8"', 'encoding="utf-16"')
    path.write_bytes(data.replace("<!DOCTYPE rss [\n\n]>\n", "").encode("utf-16"))


def mixed_text(path: Path, sizes: Sizes) -> None:
    """An article whose second paragraph is in Latin-1: one bad byte rejects the document."""
    path.write_bytes(
        f"{GOOD_TEXT}\n\n".encode() + "The delegation then flew to Besançon.\n".encode("latin-1")
    )


def nul_bytes(path: Path, sizes: Sizes) -> None:
    """NUL as JSON escapes (in the text, the title and the id), good lines past the first 8 KiB
    (where the binary sniff looks), then a raw NUL byte inside a JSON string."""
    text = GOOD_TEXT.replace("met", "me\u0000t")
    path.write_bytes(
        json.dumps({"id": "nul\u0000id", "title": "Title\u0000", "text": text}).encode() + b"\n"
        + b"".join(_good_line(100 + n) for n in range(50))
        + b'{"text": "raw \x00 NUL inside a JSON string"}\n'
        + _good_line(4)
    )


def nul_early(path: Path, sizes: Sizes) -> None:
    """NUL bytes in the first 8 KiB of a text file: taken for a binary file."""
    path.write_bytes(b"\x00\x00\x00" + GOOD_TEXT.encode())


def nul_text(path: Path, sizes: Sizes) -> None:
    """A text file whose NUL bytes come after the first 8 KiB (past the binary sniff)."""
    path.write_bytes(((GOOD_TEXT + " ") * 60).encode() + b"\x00\x00 more\x00 words.\n")


def bidi_zero_width(path: Path, sizes: Sizes) -> None:
    """Right-to-left script, bidi controls (a "Trojan Source" override) and zero-width marks."""
    rows = [
        ("Pu\u200btin met the Iraqi president in Baghdad (\u0628\u063a\u062f\u0627\u062f) on "
         "Tuesday, and the two leaders held talks on oil and security."),
        ("\u202eIsrael's prime minister met Palestinian officials in Jerusalem "
         "(\u05d9\u05e8\u05d5\u05e9\u05dc\u05d9\u05dd) on Monday\u202c, the \u2066ministry\u2069 "
         "said\u200f.\ufeff"),
        ("Zero\u200cwidth\u200d joiners stay\u2060, soft\u00adhyphens go: the minister of "
         "Iran visited Ankara on Wednesday for talks on trade."),
    ]
    path.write_bytes(b"".join(
        json.dumps({"id": f"bidi-{n}", "text": t}, ensure_ascii=False).encode() + b"\n"
        for n, t in enumerate(rows, 1)
    ))


def lone_surrogates(path: Path, sizes: Sizes) -> None:
    """JSON escapes of lone UTF-16 surrogates, which are not characters and cannot be UTF-8."""
    path.write_bytes(
        b'{"id": "sur\\ud800", "title": "T\\udfff", "source": "\\udc80", "text": "'
        + GOOD_TEXT.encode() + b' \\ud83d end"}\n'
    )


def non_utf8_name(path: Path, sizes: Sizes) -> None:
    """A good article under a file name that is not UTF-8 (bytes 0xE9 and 0xFF)."""
    path.write_text(GOOD_TEXT + " Under a Latin-1 name.", encoding="utf-8")


def absurd_dates(path: Path, sizes: Sizes) -> None:
    """Dates off the calendar: published in the year 1 or 9999, "99999999 days ago"."""
    rows = [
        ("0001-01-01", f"{GOOD_TEXT} They met again yesterday, and on Friday."),
        ("9999-12-31", f"{GOOD_TEXT} They will meet again tomorrow and next week."),
        ("2022-06-28", f"{GOOD_TEXT} They first met 99999999 days ago, 3000 years ago."),
    ]
    path.write_bytes(b"".join(
        json.dumps({"id": f"absurd-{n}", "published": day, "text": text}).encode() + b"\n"
        for n, (day, text) in enumerate(rows, 1)
    ))


def far_future_feed(path: Path, sizes: Sizes) -> None:
    """A feed updated in the year 9999 whose entry has a dateline but no date of its own."""
    path.write_bytes((
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Far</title>'
        "<updated>9999-12-31T23:59:59Z</updated><entry><id>far-1</id><title>Far</title>"
        f"<content>{GOOD_TEXT}</content></entry></feed>\n"
    ).encode())


def broken_csv(path: Path, sizes: Sizes) -> None:
    """Good rows around a quote that is never closed, a stray quote and a short row."""
    path.write_bytes(
        b"id,text,published\n"
        + f'c1,"{GOOD_TEXT}",2022-06-28\n'.encode()
        + b'c2,The minister said "we will not,2022-06-28\n'
        + b'c3,"A field with "stray" quotes inside",2022-06-28\n'
        + b"c4,too few cells\n"
        + f'c5,"{GOOD_TEXT} Again.",2022-06-28\n'.encode()
        + b'c6,"Opened and never closed,2022-06-28\n'
        + f"c7,{GOOD_TEXT.replace(',', ';')} Seventh.,2022-06-28\n".encode()
    )


CASES: tuple[Case, ...] = (
    Case("random-bytes", "random.bin", "random bytes", random_bytes, frozenset({"binary"}), "binary"),
    Case("random-gzip", "random.jsonl.gz", "random bytes behind a gzip magic number", random_gzip,
         frozenset({"truncated"}), "truncated"),
    Case("billion-laughs-rss", "laughs.rss", "a billion-laughs entity bomb in an RSS feed",
         laughs_rss, frozenset({"feed"}), stores=True),
    Case("billion-laughs-html", "laughs.html", "a billion-laughs entity bomb in an HTML page",
         laughs_html, frozenset({"no-article-text"}), stores=True),
    Case("quadratic-rss", "quadratic.rss", "a quadratic entity blow-up in an RSS feed",
         quadratic_rss, frozenset({"feed"}), stores=True),
    Case("quadratic-rss-utf16", "quadratic-utf16.rss", "the same in a UTF-16 feed",
         quadratic_rss_utf16, frozenset({"feed"}), stores=True),
    Case("utf16-rss", "utf16.rss", "a UTF-16 feed with its byte-order mark", utf16_feed,
         stores=True),
    Case("quadratic-html", "quadratic.html", "a quadratic entity blow-up in an HTML page",
         quadratic_html, frozenset({"no-article-text"}), stores=True),
    Case("gzip-bomb", "bomb.jsonl.gz", "a gzip bomb: one JSON line, ~1000x its size unpacked",
         gzip_bomb, frozenset({"too-large"}), "too-large"),
    Case("huge-line", "huge-line.jsonl", "a single JSON line of hundreds of MB, a good one after",
         huge_line, frozenset({"too-large"}), "too-large", stores=True),
    Case("huge-line-csv", "huge-line.csv", "a CSV row of one line of hundreds of MB",
         huge_line_csv, frozenset({"too-large"}), "too-large", stores=True),
    Case("huge-line-wire", "huge-line-wire.txt", "a wire-dump record of one line of hundreds of MB",
         huge_line_wire, frozenset({"too-large"}), "too-large", stores=True),
    Case("deep-json", "deep.jsonl", "JSON nested 50,000 deep (arrays, objects, one field)",
         deep_json, frozenset({"json"}), "json", stores=True),
    Case("deep-html", "deep.html", "HTML elements nested 50,000 deep", deep_html,
         frozenset({"no-article-text"})),
    Case("deep-rss", "deep.rss", "feed elements nested 50,000 deep", deep_rss, stores=True),
    Case("sentence-free", "sentence-free.txt", "a 2 MB article without a sentence",
         sentence_free, frozenset({"too-long"}), "too-long"),
    Case("truncated-warc", "truncated.warc", "a WARC file cut in the middle of a record",
         truncated_warc, frozenset({"truncated"}), "truncated", stores=True),
    Case("truncated-warc-gz", "truncated.warc.gz", "a gzipped WARC file cut in a record",
         truncated_warc_gz, frozenset({"truncated"}), "truncated", stores=True),
    Case("mixed-encodings-jsonl", "mixed-encodings.jsonl",
         "lines in UTF-8, Latin-1, Windows-1252 and Shift-JIS", mixed_jsonl,
         frozenset({"encoding"}), "encoding", stores=True),
    Case("utf16-jsonl", "utf16.jsonl", "JSON lines in UTF-16", utf16_jsonl,
         frozenset({"encoding"}), "encoding"),
    Case("mixed-encodings-text", "mixed-encodings.txt", "a UTF-8 article with a Latin-1 paragraph",
         mixed_text, frozenset({"encoding"}), "encoding"),
    Case("nul-bytes-jsonl", "nul.jsonl", "NUL characters in JSON fields, and a raw NUL byte",
         nul_bytes, frozenset({"json"}), "json", stores=True),
    Case("nul-bytes-text", "nul.txt", "NUL bytes in a text file after its first 8 KiB", nul_text,
         stores=True),
    Case("nul-bytes-early", "nul-early.txt", "NUL bytes at the start of a text file", nul_early,
         frozenset({"binary"}), "binary"),
    Case("bidi-zero-width", "bidi.jsonl", "right-to-left text, bidi overrides, zero-width marks",
         bidi_zero_width, stores=True),
    Case("lone-surrogates", "surrogates.jsonl", "JSON escapes of lone UTF-16 surrogates",
         lone_surrogates, stores=True),
    Case("non-utf8-name", os.fsdecode(b"caf\xe9-\xff.txt"), "a file name that is not UTF-8",
         non_utf8_name, stores=True),
    Case("absurd-dates", "absurd-dates.jsonl", "publication dates in the years 1 and 9999, and "
         '"99999999 days ago"', absurd_dates, stores=True),
    Case("far-future-feed", "far-future.atom", "a feed updated in 9999, an entry with a dateline",
         far_future_feed, stores=True),
    Case("broken-csv", "broken.csv", "a CSV with unclosed and stray quotes and a short row",
         broken_csv, frozenset({"csv"}), "csv", stores=True),
)

BY_NAME = {case.name: case for case in CASES}


def write_case(case: Case, folder: Path, sizes: Sizes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / case.file
    case.write(path, sizes)
    return path


def write_all(folder: Path, sizes: Sizes) -> list[Path]:
    """Every hostile input, in ``folder``."""
    return [write_case(case, folder, sizes) for case in CASES]


@dataclass(frozen=True)
class Run:
    """One ``dateline ingest`` in a child process: its exit status, wall-clock seconds, peak
    resident memory in bytes (from the kernel's accounting of that process) and standard
    error."""

    returncode: int
    seconds: float
    peak_rss: int
    stderr: str


def run_ingest(
    paths: Sequence[str], store: Path, *, env: Mapping[str, str] | None = None,
    timeout: float | None = None,
) -> Run:
    """``dateline ingest PATHS --store STORE -q`` as a child process, measured."""
    command = [sys.executable, "-m", "dateline", "ingest", *paths, "--store", str(store), "-q"]
    with tempfile.TemporaryFile() as errors:
        started = time.monotonic()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        timer = threading.Timer(timeout, child.kill) if timeout else None
        if timer:
            timer.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            if timer:
                timer.cancel()
        seconds = time.monotonic() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        text = errors.read().decode("utf-8", "replace")
    return Run(child.returncode, seconds, usage.ru_maxrss * 1024, text)
