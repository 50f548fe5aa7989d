"""Fuzzing targets: every reader, the dateline parser, the date-expression parser, the normaliser.

A helper module, not a test module: ``tests/reliability/test_fuzz.py`` runs each target for a
few hundred inputs, ``bench/fuzz.py`` for 100,000 or more. Each target is a hypothesis strategy
(inputs built from the format's own pieces, broken on purpose: cut short, bytes flipped,
encodings mixed, entities declared, nesting deep) and a check of what must hold for any input:

- readers: every input becomes documents or rejects with a known reason, nothing raises; one
  record or reject per non-blank JSON line and per wire-dump header (nothing lost); documents
  hold normalised, storable text (the store's Parquet tables are built from them);
- parsers: a value or None, never an exception; a dateline's body is the end of the text it
  came from; a resolved date is a real ISO date at its precision.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import random
import re
import tempfile
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisException

import dateline
from dateline.documents.datelines import dateline_date, split_dateline
from dateline.documents.normalise import (
    INVISIBLE,
    LanguageCheck,
    clean_field,
    iso_date,
    normalise_text,
)
from dateline.documents.readers import read_records
from dateline.documents.wire import HEADER
from dateline.errors import REJECT_REASONS
from dateline.pipeline import documents_from
from dateline.records import Document, Reject
from dateline.store.writer import documents_table, rejects_table
from dateline.when.expressions import resolve

# ---------------------------------------------------------------------------------------------
# Pieces of text.

WORDS = [
    "Putin", "Rakhmon", "president", "minister", "met", "talks", "in", "on", "the", "visited",
    "Moscow", "Dushanbe", "said", "troops", "border", "June", "May", "28", "2022", "Tuesday",
    "last", "next", "week", "ago", "yesterday", "(Reuters)", "/TASS/.", "-", "—", ",", ".",
    "MOSCOW,", "KYIV", "Ukraine", "AP", "&amp;", "&lol;", "&#8217;", "&#x0;", "<b>", "</p>",
]
ODD = [
    "\x00", "\x07", "\x1b", "\x7f", "\x85", "\u00a0", "\u00ad", "\u200b", "\u200c", "\u200d",
    "\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069", "\u2028", "\u2029", "\ufeff",
    "\ufffd", "\ud800", "\udc80", "\udfff", "\U000e0041", "\u0301", "\u0627\u0644", "\u05e9",
    "\u00c3\u00a9", "\u00e2\u20ac\u2122", "\r", "\r\n", "\t", "\n\n", "  ",
]


VOCABULARY = WORDS + ODD


def texts(max_size: int = 40) -> st.SearchStrategy[str]:
    """Article-like text: words of news and odd characters, or any Unicode at all."""
    return st.one_of(
        st.lists(st.sampled_from(VOCABULARY), max_size=max_size).map(" ".join),
        st.text(max_size=max_size * 4),
    )


def encoded(text: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    """Text in UTF-8 mostly, sometimes in another encoding (and so not UTF-8)."""
    return st.tuples(text, st.sampled_from(["utf-8"] * 6 + ["latin-1", "cp1252", "utf-16", "shift_jis"])).map(
        lambda pair: pair[0].encode(pair[1], "replace") if pair[1] != "utf-8"
        else pair[0].encode("utf-8", "surrogatepass")
    )


# ---------------------------------------------------------------------------------------------
# Inputs of each format.

JSON_LEAVES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=10)
)
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)
DATES = st.one_of(
    st.dates().map(date.isoformat), st.sampled_from(["2022-06-28T10:00:00Z", "Tue, 28 Jun 2022",
                                                     "2022-13-45", "0000-00-00", "junk"]),
    st.text(max_size=12),
)
RECORDS = st.fixed_dictionaries({}, optional={
    "id": st.one_of(st.text(max_size=12), st.integers()),
    "text": st.one_of(texts(), JSON_VALUES),
    "title": st.one_of(texts(8), JSON_VALUES),
    "published": DATES, "date": DATES,
    "source": st.text(max_size=10), "url": st.text(max_size=20),
    "language": st.sampled_from(["en", "fr", "", "x" * 3]),
})


@st.composite
def _json_line(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["record"] * 4 + ["value", "deep", "bytes"]))
    if kind == "record":
        text = json.dumps(draw(RECORDS), ensure_ascii=draw(st.booleans()))
    elif kind == "value":
        text = json.dumps(draw(JSON_VALUES))
    elif kind == "deep":
        depth = draw(st.integers(100, 3000))
        text = "[" * depth + "]" * draw(st.integers(0, depth))
    else:
        return draw(st.binary(max_size=60)).replace(b"\n", b" ")
    return draw(encoded(st.just(text))).replace(b"\n", b" ")


JSONL = st.lists(_json_line(), max_size=6).map(b"\n".join)


@st.composite
def _csv(draw: st.DrawFn) -> bytes:
    header = draw(st.one_of(
        st.just(["id", "text", "published"]), st.just(["text"]),
        st.lists(st.sampled_from(["id", "text", "title", "date", "body", "", "text"]), max_size=4),
    ))
    cell = st.one_of(texts(6), st.sampled_from(['"', '""', ",", "\n", "\r\n", '"a,b"', "\t"]))
    rows = draw(st.lists(st.lists(cell, max_size=len(header) + 2), max_size=5))
    if draw(st.booleans()):
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
        text = out.getvalue()
    else:  # written by hand: quotes and commas as they come
        text = "\n".join(",".join(row) for row in [header, *rows]) + "\n"
    return draw(encoded(st.just(text)))


CSV = _csv()


@st.composite
def _wire(draw: st.DrawFn) -> bytes:
    line = st.one_of(
        st.builds(lambda d, t: f" date {d} {t}", st.dates().map(date.isoformat), texts(10)),
        st.sampled_from([" date 2022-13-45 x", "date 2022-06-28", "  date\t2022-06-28\tx", "date"]),
        texts(10),
    )
    return draw(encoded(st.lists(line, max_size=8).map("\n".join)))


WIRE = _wire()
TEXT = st.one_of(encoded(texts(60)), st.binary(max_size=300))

ENTITY_DECLARATIONS = st.sampled_from([
    "", '<!ENTITY a "x">', '<!ENTITY a "&#x41;">', '<!ENTITY a "&b;&b;"><!ENTITY b "bb">',
    '<!ENTITY % p "x">', '<!ENTITY a SYSTEM "file:///etc/passwd">', '<!ENTITY a "]>">',
    '<!ENTITY big "' + "x" * 5000 + '">',
])
ENTITY_REFERENCES = st.sampled_from(["", "&a;", "&a;" * 50, "&big;" * 200, "&b;", "&amp;", "&#0;"])


@st.composite
def _feed(draw: st.DrawFn) -> bytes:
    prolog = draw(st.sampled_from(['<?xml version="1.0" encoding="utf-8"?>\n', "", "<!-- c -->",
                                   '<?xml version="1.0" encoding="utf-16"?>']))
    declarations = draw(st.lists(ENTITY_DECLARATIONS, max_size=3))
    doctype = draw(st.sampled_from(["", "rss", "feed"]))
    head = f"<!DOCTYPE {doctype} [{''.join(declarations)}]>" if doctype else ""
    refs = draw(ENTITY_REFERENCES)

    def item(text: str, title: str, day: str) -> str:
        if draw(st.booleans()):
            return (f"<item><title>{title}</title><pubDate>{day}</pubDate>"
                    f"<description><![CDATA[{text}]]>{refs}</description></item>")
        return f"<entry><title>{title}</title><updated>{day}</updated><content>{text}{refs}</content></entry>"

    items = draw(st.lists(st.builds(item, texts(), texts(5), DATES), max_size=4))
    root = draw(st.sampled_from(["rss", "feed", "rdf:RDF"]))
    nesting = draw(st.integers(0, 200))
    body = (f"<{root}><channel><title>F</title>{'<x>' * nesting}{''.join(items)}{'</x>' * nesting}"
            f"</channel></{root}>")
    return draw(encoded(st.just(prolog + head + body)))


FEEDS = _feed()

TAGS = ["div", "p", "article", "span", "script", "style", "table", "td", "a", "main", "h1", "nav"]
HTML_TREES = st.recursive(
    texts(12),
    lambda inner: st.builds(lambda tag, kids: f"<{tag}>{''.join(kids)}</{tag}>",
                            st.sampled_from(TAGS), st.lists(inner, max_size=3)),
    max_leaves=10,
)


@st.composite
def _page(draw: st.DrawFn) -> bytes:
    doctype = draw(st.sampled_from(["<!DOCTYPE html>", "", "<?xml version='1.0'?><!DOCTYPE html ["
                                    + '<!ENTITY a "aaaaaaaaaa">]>']))
    meta = draw(st.sampled_from(["", '<meta property="article:published_time" content="2022-06-28">',
                                 '<meta charset="shift_jis">', "<title>T</title>"]))
    depth = draw(st.integers(0, 300))
    body = draw(HTML_TREES)
    refs = draw(ENTITY_REFERENCES)
    return draw(encoded(st.just(
        f"{doctype}<html><head>{meta}</head><body>{'<div>' * depth}<article><p>{body}{refs}</p>"
        f"</article>{'</div>' * depth}</body></html>"
    )))


PAGES = _page()


@st.composite
def _warc(draw: st.DrawFn) -> tuple[bytes, bool]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    gzipped = draw(st.booleans())
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    for _ in range(draw(st.integers(0, 3))):
        payload = draw(st.one_of(PAGES, st.binary(max_size=200)))
        kind = draw(st.sampled_from(["text/html; charset=utf-8", "text/plain", "application/pdf", ""]))
        record_type = draw(st.sampled_from(["response", "response", "resource", "metadata"]))
        http = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            "https://example.org/", record_type, payload=io.BytesIO(payload),
            http_headers=http if record_type == "response" else None,
            warc_content_type=kind or None,
        )
        writer.write_record(record)
    return out.getvalue(), gzipped


WARCS = _warc()


@st.composite
def _gzipped(draw: st.DrawFn) -> tuple[bytes, str]:
    suffix, inner = draw(st.sampled_from([(".jsonl.gz", JSONL), (".txt.gz", TEXT), (".csv.gz", CSV),
                                          (".gz", WIRE)]))
    payload = draw(inner) * draw(st.sampled_from([1, 1, 1, 50, 5000]))  # some over the limit
    data = gzip.compress(payload, compresslevel=1, mtime=0)
    return draw(st.sampled_from([data, data + data, data[: len(data) // 2]])), suffix


GZIPPED = _gzipped()


# ---------------------------------------------------------------------------------------------
# What must hold.

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\r\t]")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def check_text(text: str) -> None:
    """Normalised text: no control or invisible formatting characters, no lone surrogates, NFC,
    paragraphs with no space around them and one blank line between them."""
    assert not _CONTROL.search(text), repr(text)
    assert not INVISIBLE.search(text), repr(text)
    assert unicodedata.is_normalized("NFC", text), repr(text)
    for paragraph in text.split("\n\n"):
        assert paragraph and paragraph == paragraph.strip() and "\n" not in paragraph, repr(text)
    text.encode("utf-8")


def check_document(doc: Document, settings: dateline.Settings) -> None:
    check_text(doc.text)
    assert len(doc.text) <= settings.max_chars
    if doc.title is not None:
        check_text(doc.title)
    for value in (doc.id, doc.source, doc.url, doc.language):
        assert value is None or (value == clean_field(value)), repr(value)
    assert doc.id
    if doc.published is not None:
        assert _ISO_DAY.fullmatch(doc.published) and date.fromisoformat(doc.published)


@dataclass
class Readers:
    """What the reader targets share: a scratch folder, settings with small limits, the
    language check."""

    folder: Path
    settings: dateline.Settings = field(init=False)
    language: LanguageCheck = field(init=False)

    def __post_init__(self) -> None:
        self.settings = dateline.load_settings(
            environ={}, store=str(self.folder / "store"), max_record_bytes=4_000,
            max_decompressed_bytes=40_000, max_chars=3_000,
        )
        self.language = LanguageCheck(self.settings.languages, self.settings.language_min_chars)
        self.language("The model loads now, not on the first input that is timed." * 2)

    def read(self, data: bytes, name: str, kind: str = "auto") -> tuple[list[Document], list[Reject], int]:
        """Read ``data`` as a file called ``name``; check what every reader promises."""
        path = self.folder / name
        path.write_bytes(data)
        records = list(read_records([str(path)], self.settings, kind))
        documents, rejects = documents_from(records, self.settings, self.language)
        assert len(documents) + len(rejects) == len(records)
        for reject in rejects:
            assert reject.reason in REJECT_REASONS, reject
            assert reject.origin.path == str(path)
        for doc in documents:
            check_document(doc, self.settings)
        documents_table(documents, "fuzz")  # what the store writes: Parquet tables
        rejects_table(rejects, "fuzz")
        return documents, rejects, len(records)


def _whole_input_rejected(rejects: Sequence[Reject]) -> bool:
    return len(rejects) == 1 and rejects[0].origin.offset == 0


def _lines_kept(readers: Readers, data: bytes) -> None:
    """JSON lines: one document or reject for each line that is not blank."""
    _, rejects, read = readers.read(data, "input.jsonl", "jsonl")
    expected = sum(1 for line in data.split(b"\n") if line.strip())
    assert read == expected or _whole_input_rejected(rejects), (read, expected)


def _wire_kept(readers: Readers, data: bytes) -> None:
    """Wire dumps: one document or reject per ``date`` header, one more for a preamble."""
    _, rejects, read = readers.read(data, "input.txt", "wire")
    lines = data.split(b"\n")
    headers = [n for n, line in enumerate(lines) if HEADER.match(line)]
    preamble = any(line.strip() for line in lines[: headers[0] if headers else len(lines)])
    assert read == len(headers) + preamble or _whole_input_rejected(rejects), (read, headers)


def _dateline(case: tuple[str, date | None]) -> None:
    text, reference = case
    day = dateline_date(text, reference)
    assert day is None or isinstance(day, date)
    found, body = split_dateline(text)
    if found is None:
        assert body == text
        return
    assert text.endswith(body) and len(body) < len(text)
    assert found.place and found.place.strip() == found.place
    head = text[: len(text) - len(body)]
    for part in (found.date, found.agency):
        assert part is None or part in head
    for when in (reference, date.min, date.max):
        day = dateline_date(found.date, when)
        assert day is None or isinstance(day, date)


def _date_expression(case: tuple[str, date | None, bool]) -> None:
    text, published, future = case
    when = resolve(text, published, future)
    if when is None:
        return
    assert when.basis in ("explicit", "relative", "published")
    assert when.date is not None
    if when.precision == "day":
        assert _ISO_DAY.fullmatch(when.date) and date.fromisoformat(when.date)
    elif when.precision == "month":
        assert re.fullmatch(r"\d{4}-\d{2}", when.date) and date.fromisoformat(when.date + "-01")
    else:
        assert when.precision == "year" and re.fullmatch(r"\d{4}", when.date)
        assert int(when.date) >= 1, when


def _normalise(text: str) -> None:
    normalised = normalise_text(text)
    if normalised:
        check_text(normalised)
    cleaned = clean_field(text)
    assert cleaned is None or (cleaned == clean_field(cleaned) and cleaned.encode("utf-8"))
    found = iso_date(text)
    assert found is None or isinstance(found, date)


EXPRESSION_WORDS = [
    "on", "in", "since", "by", "until", "last", "next", "this", "early", "mid", "late", "the",
    "of", "ago", "days", "day", "weeks", "week", "months", "month", "years", "year", "weekend",
    "earlier", "later", "coming", "yesterday", "tomorrow", "today", "tonight", "May", "March",
    "June", "Dec.", "sept", "Monday", "friday", "16", "16th", "sixteenth", "twenty-first", "31st",
    "2019", "1999", "2099", "99999999", "0", "00", "-", "–", "/", "2022-05-16", "12/10",
    "6/1/2022", "0000-01-01", "9999-12-31", "a", "an", "two", "twelve",
]
EXPRESSIONS = st.tuples(
    st.one_of(st.lists(st.sampled_from(EXPRESSION_WORDS), max_size=6).map(" ".join), st.text(max_size=30)),
    st.one_of(st.none(), st.dates()),
    st.booleans(),
)
DATELINE_PIECES = [
    "MOSCOW", "DUSHANBE", "KYIV", "Ukraine", "Washington", "SÃO PAULO", "ST. PETERSBURG", ",", ", ",
    " ", "June 28", "28 June", "Oct. 3, 2022", "Tuesday", ".", " (Reuters)", " (AP)", " /TASS/.",
    " -", " --", " —", ":", "(", ")", "/", " The", " president", "\n", "\t", "A", "a", "’",
]
DATELINES = st.one_of(
    st.lists(st.sampled_from(DATELINE_PIECES), max_size=16).map("".join),
    st.tuples(st.sampled_from(DATELINE_PIECES), st.integers(1, 3000)).map(lambda p: p[0] * p[1]),
    texts(),
)


# ---------------------------------------------------------------------------------------------
# The targets, and running them.


@dataclass(frozen=True)
class Target:
    name: str
    strategy: st.SearchStrategy[Any]
    check: Callable[[Any], None]


def targets(folder: Path) -> dict[str, Target]:
    """Every target; the reader targets write their inputs under ``folder``."""
    readers = Readers(folder)
    found = [
        Target("jsonl", JSONL, lambda data: _lines_kept(readers, data)),
        Target("csv", st.tuples(CSV, st.sampled_from([".csv", ".tsv"])),
               lambda case: readers.read(case[0], "input" + case[1], "csv")),
        Target("text", TEXT, lambda data: readers.read(data, "input.txt", "text")),
        Target("wire", WIRE, lambda data: _wire_kept(readers, data)),
        Target("rss", FEEDS, lambda data: readers.read(data, "input.rss", "rss")),
        Target("html", PAGES, lambda data: readers.read(data, "input.html", "html")),
        Target("warc", WARCS, lambda case: readers.read(
            case[0], "input.warc.gz" if case[1] else "input.warc", "warc")),
        Target("gzip", GZIPPED, lambda case: readers.read(case[0], "input" + case[1])),
        Target("auto", st.tuples(st.one_of(JSONL, CSV, WIRE, FEEDS, TEXT),
                                 st.sampled_from(["in", "in.json", "in.xml", "in.dat"])),
               lambda case: readers.read(case[0], case[1])),
        Target("datelines", st.tuples(DATELINES, st.one_of(st.none(), st.dates())), _dateline),
        Target("dates", EXPRESSIONS, _date_expression),
        Target("normalise", texts(60), _normalise),
    ]
    return {target.name: target for target in found}


@dataclass
class Outcome:
    """What running a target did: hypothesis examples, inputs run (the examples and their
    mutants), distinct failures (with the smallest failing example), seconds, and the slowest
    input's seconds."""

    name: str
    examples: int = 0
    inputs: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    slowest: float = 0.0
    slowest_value: Any = None


def mutate(value: Any, rng: random.Random) -> Any:
    """``value`` with one to three random edits (the first item of a tuple): a slice cut out,
    bytes or characters put in, a slice repeated, one changed, the end cut off."""
    if isinstance(value, tuple):
        return (mutate(value[0], rng), *value[1:])
    for _ in range(rng.randint(1, 3)):
        size = len(value)
        at, to = sorted((rng.randint(0, size), rng.randint(0, size)))
        how = rng.randrange(5)
        if how == 0:
            value = value[:at] + value[to:]
        elif how == 1:
            value = value[:at] + _noise(value, rng) + value[at:]
        elif how == 2:  # repeated, up to about 4,000 bytes or characters more
            times = min(rng.randint(2, 50), 2 + 4_000 // max(1, to - at))
            value = value[:at] + value[at:to] * times + value[to:]
        elif how == 3 and size:
            at = min(at, size - 1)
            value = value[:at] + _noise(value, rng)[:1] + value[at + 1:]
        else:
            value = value[:at]
    return value


def _noise(like: Any, rng: random.Random) -> Any:
    if isinstance(like, bytes):
        return bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
    return "".join(rng.choice(VOCABULARY) if rng.random() < 0.5 else chr(rng.randrange(0x110000))
                   for _ in range(rng.randint(1, 4)))


def run_target(
    target: Target, examples: int, *, mutants: int = 9, derandomize: bool = True,
    deadline_s: float = 5.0, reraise: bool = False,
) -> Outcome:
    """Run ``target`` on ``examples`` hypothesis examples and ``mutants`` mutants of each (random
    edits, seeded by the example, so a failure is found again); each input must finish within
    ``deadline_s`` seconds. Hypothesis shrinks a failing example before it is reported."""
    outcome = Outcome(target.name)

    def timed(value: Any) -> float:
        started = time.perf_counter()
        target.check(value)
        return time.perf_counter() - started

    def check(value: Any) -> None:
        outcome.inputs += 1
        took = timed(value)
        if took > outcome.slowest:  # timed again: a pause of the machine or a first import
            took = min(took, timed(value))  # is not the input's doing
            if took > outcome.slowest:
                outcome.slowest, outcome.slowest_value = took, value
        assert took <= deadline_s, f"took {took:.2f} s, over {deadline_s} s: {value!r:.300}"

    @settings(max_examples=examples, derandomize=derandomize, database=None, deadline=None,
              suppress_health_check=list(HealthCheck), report_multiple_bugs=True)
    @given(target.strategy, st.integers(0, 2**32))
    def run(example: Any, seed: int) -> None:
        outcome.examples += 1
        check(example)
        rng = random.Random(seed)
        for _ in range(mutants):
            value = mutate(example, rng)
            try:
                check(value)
            except AssertionError as error:
                raise AssertionError(f"{error} (mutant {value!r:.300})") from error

    started = time.perf_counter()
    try:
        run()
    except (Exception, HypothesisException) as error:  # a failure: keep it, report it
        if reraise:
            raise
        errors = getattr(error, "exceptions", None) or [error]
        outcome.failures = [f"{type(e).__name__}: {str(e)[:300]}" for e in errors]
    outcome.seconds = time.perf_counter() - started
    return outcome


def scratch() -> Path:
    """A fresh folder for the reader targets' inputs: in memory (/dev/shm) where there is one,
    since opening a file on disk can cost more than reading it."""
    memory = Path("/dev/shm")
    folder = memory if memory.is_dir() and os.access(memory, os.W_OK) else None
    return Path(tempfile.mkdtemp(prefix="dateline-fuzz-", dir=folder))
