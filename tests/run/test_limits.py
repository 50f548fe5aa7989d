"""Limits: "too-long" before parsing, and a per-document time limit that cannot stall a batch."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

import dateline
from conftest import assert_accounted
from dateline.records import Document
from dateline.run.limits import DocumentTimeout, code_within, deadline


def spin(seconds: float) -> None:
    """Busy Python code (an interrupt lands between bytecodes, as in the coder's own code)."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


class MonsterCoder:
    """Codes one event per document, and spins far too long on a text holding "MONSTER"."""

    def __init__(self) -> None:
        self.calls = 0

    def code(self, documents: Sequence[Document]) -> list[dict[str, Any]]:
        self.calls += 1
        events = []
        for doc in documents:
            if "MONSTER" in doc.text:
                spin(30)
            events.append({"event_id": f"e-{doc.id}", "doc_id": doc.id})
        return events


def doc(number: int, text: str = "Ministers met.") -> Document:
    return Document(id=f"d{number}", text=f"{text} ({number})", text_hash=f"h{number}")


def test_deadline_interrupts_the_main_thread() -> None:
    start = time.perf_counter()
    with pytest.raises(DocumentTimeout), deadline(0.2):
        spin(10)
    assert time.perf_counter() - start < 3


def test_deadline_interrupts_a_worker_thread() -> None:
    outcome: list[str] = []

    def work() -> None:
        try:
            with deadline(0.2):
                spin(10)
            outcome.append("finished")
        except DocumentTimeout:
            outcome.append("timeout")

    thread = threading.Thread(target=work)
    start = time.perf_counter()
    thread.start()
    thread.join(timeout=10)
    assert outcome == ["timeout"] and time.perf_counter() - start < 3


@pytest.mark.parametrize("in_thread", [False, True])
def test_deadline_that_is_not_reached_leaves_no_trace(in_thread: bool) -> None:
    outcome: list[str] = []

    def work() -> None:
        with deadline(0.3):
            spin(0.05)
        spin(0.5)  # past the deadline, outside the block: nothing may fire
        outcome.append("finished")

    if in_thread:
        thread = threading.Thread(target=work)
        thread.start()
        thread.join(timeout=10)
    else:
        work()
    assert outcome == ["finished"]


def test_no_limit_when_zero() -> None:
    with deadline(0):
        spin(0.05)


def test_a_monster_in_a_batch_is_rejected_and_the_rest_is_coded() -> None:
    coder = MonsterCoder()
    documents = [doc(1), doc(2, "MONSTER"), doc(3)]
    start = time.perf_counter()
    kept, events, rejects = code_within(coder, documents, 0.3)
    assert time.perf_counter() - start < 5
    assert [d.id for d in kept] == ["d1", "d3"]
    assert [e["doc_id"] for e in events] == ["d1", "d3"]
    assert [(r.reason, r.origin.path) for r in rejects] == [("timeout", "d2")]


def test_ingest_rejects_a_monster_as_timeout_and_an_overlong_text_as_too_long(tmp_path: Path) -> None:
    lines = [f'{{"id": "a{i}", "text": "Report {i}: the ministers met in Astana."}}' for i in range(5)]
    lines.append('{"id": "m", "text": "The ministers met in Astana for a MONSTER of a meeting."}')
    lines.append('{"id": "long", "text": "' + "The ministers met in Astana. " * 40 + '"}')
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n")
    settings = dateline.load_settings(
        environ={}, store=str(tmp_path / "store"), document_timeout_s=0.3, max_chars=500,
        batch_size=3,
    )
    counts = dateline.ingest([str(tmp_path / "in.jsonl")], settings=settings, coder=MonsterCoder())
    assert_accounted(counts)
    assert (counts.stored, dict(counts.rejected)) == (5, {"timeout": 1, "too-long": 1})
    with dateline.open_store(settings.store) as store:
        reasons = {r["reason"]: r for r in store.rejects()}
        assert set(reasons) == {"timeout", "too-long"}
        assert "over max_chars = 500" in reasons["too-long"]["detail"]
        assert "MONSTER" in reasons["timeout"]["excerpt"]
        assert sorted(d["id"] for d in store.documents()) == [f"a{i}" for i in range(5)]


def test_limits_are_settings() -> None:
    settings = dateline.load_settings(
        environ={"DATELINE_MAX_CHARS": "20_000", "DATELINE_DOCUMENT_TIMEOUT_S": "2.5"}
    )
    assert (settings.max_chars, settings.document_timeout_s) == (20_000, 2.5)
    for environ in ({"DATELINE_MAX_CHARS": "0"}, {"DATELINE_DOCUMENT_TIMEOUT_S": "-1"},
                    {"DATELINE_DOCUMENT_TIMEOUT_S": "soon"}):
        with pytest.raises(dateline.ConfigError):
            dateline.load_settings(environ=environ)


def test_reasons_are_catalogued() -> None:
    assert {"too-long", "timeout"} <= set(dateline.REJECT_REASONS)
