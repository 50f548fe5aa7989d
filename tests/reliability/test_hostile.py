"""Hostile input: each is rejected with a reason or coded, in bounded time and memory, and the
accounting holds (read = stored + duplicate + rejected). The inputs are written by
``hostile_inputs.py`` at small sizes; ``bench/hostile.py`` runs them at full size."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from hostile_inputs import (
    BY_NAME,
    CASES,
    GOOD_TEXT,
    SMALL,
    SMALL_LIMITS,
    Case,
    Sizes,
    run_ingest,
    write_all,
    write_case,
)

import dateline
from conftest import assert_accounted
from dateline.documents.feeds import without_entities
from dateline.documents.normalise import INVISIBLE
from dateline.documents.readers import read_records

#: Seconds one hostile input may take to ingest here (coding included); most take under two.
BOUND_S = 60


def _ingest(case: Case, tmp_path: Path, coder: dateline.pipeline.Coder) -> tuple[
    dateline.Accounting, list[dict], list[dict], float
]:
    path = write_case(case, tmp_path / "in", SMALL)
    settings = dateline.load_settings(environ={}, store=str(tmp_path / "store"), **SMALL_LIMITS)
    started = time.monotonic()
    counts = dateline.ingest([str(path)], settings=settings, coder=coder)
    took = time.monotonic() - started
    with dateline.open_store(settings.store) as store:
        assert store.stats()["read"] == counts.read
        return counts, list(store.documents()), list(store.rejects()), took


@pytest.mark.parametrize("name", [case.name for case in CASES])
def test_hostile_input_is_rejected_with_a_reason_or_coded(
    name: str, tmp_path: Path, coder: dateline.pipeline.Coder
) -> None:
    case = BY_NAME[name]
    counts, documents, rejects, took = _ingest(case, tmp_path, coder)
    assert_accounted(counts)
    assert took < BOUND_S
    reasons = {r["reason"] for r in rejects}
    assert reasons <= case.reasons, rejects
    if case.must:
        assert case.must in reasons, counts.as_dict()
    assert bool(documents) == case.stores, counts.as_dict()
    for doc in documents:
        assert not INVISIBLE.search(doc["text"]) and "\x00" not in doc["text"]
        assert len(doc["text"]) < 20_000  # no entity was expanded, nothing grew


def test_bidi_and_zero_width_characters_are_dropped_and_letters_kept(
    tmp_path: Path, coder: dateline.pipeline.Coder
) -> None:
    _, documents, _, _ = _ingest(BY_NAME["bidi-zero-width"], tmp_path, coder)
    texts = {doc["id"]: doc["text"] for doc in documents}
    assert texts["bidi-1"].startswith("Putin met the Iraqi president in Baghdad (بغداد)")
    assert "(ירושלים)" in texts["bidi-2"] and "\u202e" not in texts["bidi-2"]
    assert "Zero\u200cwidth\u200d joiners stay, softhyphens go" in texts["bidi-3"]
    with dateline.open_store(tmp_path / "store") as store:
        sources = {e["source"]["code"] for e in store.events() if e["doc_id"] == "bidi-1"}
    assert any(code.startswith("RUS") for code in sources), sources  # "Pu<ZWSP>tin" is Putin


def test_lone_surrogates_and_nul_become_storable(tmp_path: Path, coder: dateline.pipeline.Coder) -> None:
    _, documents, _, _ = _ingest(BY_NAME["lone-surrogates"], tmp_path, coder)
    (doc,) = documents
    assert doc["id"] == "sur\ufffd" and doc["title"] == "T\ufffd" and doc["source"] == "\\x80"
    assert doc["text"].endswith("\ufffd end")
    _, documents, _, _ = _ingest(BY_NAME["nul-bytes-jsonl"], tmp_path / "nul", coder)
    first = next(doc for doc in documents if doc["id"] == "nulid")
    assert first["title"] == "Title" and " met " in first["text"]


def test_a_file_name_that_is_not_utf8_is_read_and_shown(
    tmp_path: Path, coder: dateline.pipeline.Coder
) -> None:
    _, documents, _, _ = _ingest(BY_NAME["non-utf8-name"], tmp_path, coder)
    assert documents[0]["origin"].endswith("caf\\xe9-\\xff.txt")


def test_absurd_dates_are_coded_without_failing(tmp_path: Path, coder: dateline.pipeline.Coder) -> None:
    counts, _, _, _ = _ingest(BY_NAME["absurd-dates"], tmp_path, coder)
    assert counts.stored == 3 and counts.events > 0
    with dateline.open_store(tmp_path / "store") as store:
        for event in store.events():
            assert event["date"] is None or 1 <= int(event["date"][:4]) <= 9999


@pytest.mark.parametrize("name", ["huge-line", "huge-line-csv", "huge-line-wire"])
def test_an_over_long_line_is_never_held_whole(name: str, tmp_path: Path) -> None:
    """A 60 MB line under a 1 MB record limit: the reader holds a few MB at most."""
    case = BY_NAME[name]
    path = write_case(case, tmp_path, Sizes(huge_line=60_000_000))
    settings = dateline.load_settings(environ={}, max_record_bytes=1_000_000)
    tracemalloc.start()
    try:
        records = list(read_records([str(path)], settings))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8_000_000, peak
    assert [getattr(r, "reason", None) for r in records].count("too-large") == 1
    assert sum(1 for r in records if not hasattr(r, "reason")) >= 1  # the good one after it


@pytest.mark.parametrize("name", ["quadratic-rss", "quadratic-rss-utf16", "billion-laughs-rss",
                                  "quadratic-html", "billion-laughs-html"])
def test_an_entity_bomb_is_read_in_little_time_and_memory(name: str, tmp_path: Path) -> None:
    """Expanded, the quadratic bomb is 200 MB of text and took 15 s and 1 GB to read."""
    path = write_case(BY_NAME[name], tmp_path, SMALL)
    tracemalloc.start()
    started = time.monotonic()
    try:
        records = list(read_records([str(path)], dateline.load_settings(environ={})))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 10
    assert peak < 50_000_000, peak
    (record,) = records
    assert GOOD_TEXT[20:60] in (getattr(record, "fields", None) or {}).get("text", "")


def test_entities_declared_in_a_feed_are_not_expanded() -> None:
    feed = (
        '<?xml version="1.0" encoding="utf-16"?><!-- c --><!DOCTYPE rss [<!ENTITY a "'
        + "x" * 1000 + '">]><!DOCTYPE b [<!ENTITY b "y">]><rss>' + "&a;" * 100 + "</rss>"
    ).encode("utf-16")
    safe = without_entities(feed)
    assert safe is not None and b"<!ENTITY" not in safe and b"DOCTYPE" not in safe
    assert safe.count(b"&a;") == 100 and len(safe) < 1000
    assert without_entities(b'<rss><![CDATA[<!ENTITY a "x">]]></rss>') is None


def test_feedparser_failures_are_rejects(tmp_path: Path) -> None:
    """feedparser raised UnicodeDecodeError on a non-UTF-8 byte in the XML declaration."""
    path = tmp_path / "bad.rss"
    path.write_bytes(b'<?xml version="1.0" encoding="ut\x9bf-8"?>\n<rss><channel></channel></rss>')
    settings = dateline.load_settings(environ={})
    (reject,) = read_records([str(path)], settings)
    assert getattr(reject, "reason", None) == "feed"


def test_a_broken_warc_header_is_a_reject_not_a_crash(tmp_path: Path) -> None:
    """warcio raised AttributeError on a response record without a target URI."""
    body = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html></html>"
    record = (
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http; msgtype=response\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode() + body + b"\r\n\r\n"
    )
    path = tmp_path / "bad.warc"
    path.write_bytes(record)
    (reject,) = read_records([str(path)], dateline.load_settings(environ={}))
    assert getattr(reject, "reason", None) == "warc"


def test_a_decompression_limit_below_the_read_buffer_is_a_reject(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "big.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "' + b"a" * 200_000 + b'"}\n'))
    settings = dateline.load_settings(environ={}, max_decompressed_bytes=10_000)
    (reject,) = read_records([str(path)], settings)
    assert getattr(reject, "reason", None) == "too-large"


@pytest.mark.slow
def test_the_whole_hostile_directory_ingests_with_exit_zero(tmp_path: Path) -> None:
    """Every hostile input in one directory, through the command: exit 0, the identity holds
    in the store, peak memory under 3 GB."""
    folder = tmp_path / "hostile"
    write_all(folder, SMALL)
    env = {**os.environ, **{f"DATELINE_{k.upper()}": str(v) for k, v in SMALL_LIMITS.items()}}
    run = run_ingest([str(folder)], tmp_path / "store", env=env, timeout=600)
    assert run.returncode == 0, run.stderr
    assert run.peak_rss < 3 * 1024**3
    with dateline.open_store(tmp_path / "store") as store:
        stats = store.stats()
    rejected = sum(stats["rejected"].values())
    assert stats["read"] == stats["stored"] + stats["duplicate"] + rejected
    assert f"read {stats['read']}, stored {stats['stored']}" in run.stderr
    assert stats["stored"] > 0 and rejected >= len([c for c in CASES if c.must])


def test_stdin_gets_the_same_treatment(tmp_path: Path) -> None:
    """Hostile bytes on standard input: one reject, exit 0."""
    done = subprocess.run(
        [sys.executable, "-m", "dateline", "ingest", "-", "--store", str(tmp_path / "store"), "-q"],
        input=b"\x00\x01\x02" * 1000, capture_output=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"rejected 1 (binary 1)" in done.stderr


def test_the_generated_inputs_are_the_same_each_time(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for case in CASES:
        if case.name.startswith("truncated-warc"):
            continue  # WARC record ids and dates are made fresh by warcio
        write_case(case, first, SMALL)
        write_case(case, second, SMALL)
        assert (first / case.file).read_bytes() == (second / case.file).read_bytes(), case.name
