"""A run killed outright (kill -9 of the driver and its workers) and run again on the same input
stores every document exactly once, with the events an uninterrupted run stores."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import dateline
from scale_inputs import write_articles

COUNT = 200


def ingest(path: Path, store: Path, engine: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "dateline", "ingest", str(path), "--store", str(store), "-q",
         "--batch-size", "2", "--engine", engine, "--workers", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )


def contents(store: Path) -> tuple[list[str], list[str], int]:
    with dateline.open_store(store) as reader:
        ids = [d["id"] for d in reader.documents(with_text=False)]
        events = [e["event_id"] for e in reader.events()]
        return ids, events, reader.stats()["stored"]


@pytest.mark.slow
def test_killed_run_then_rerun_stores_every_document_once(
    tmp_path: Path, coder: dateline.pipeline.Coder
) -> None:
    """With the local engine; the driver and the store writer that make it so are the same for
    every engine."""
    engine = "local"
    path = write_articles(tmp_path / "in.jsonl", COUNT)
    store = tmp_path / "store"
    run = ingest(path, store, engine)
    deadline = time.monotonic() + 240
    while len(list((store / "batches").glob("part-*"))) < 3 if store.exists() else True:
        assert run.poll() is None, run.stderr.read() if run.stderr else ""
        assert time.monotonic() < deadline, "no batch was committed in time"
        time.sleep(0.02)
    os.killpg(run.pid, signal.SIGKILL)  # the driver and every worker, mid-run
    run.wait(timeout=30)
    assert run.returncode == -signal.SIGKILL
    ids, _, _ = contents(store)
    assert 0 < len(ids) < COUNT, "the kill should land mid-run"

    rerun = ingest(path, store, engine)
    assert rerun.wait(timeout=300) == 0, rerun.stderr.read() if rerun.stderr else ""
    ids, events, stored = contents(store)
    assert sorted(ids) == [f"gen-{i:04d}" for i in range(COUNT)]
    assert stored == COUNT and len(set(events)) == len(events)

    clean = tmp_path / "clean"
    dateline.ingest([str(path)], store=clean, coder=coder)
    assert sorted(events) == sorted(contents(clean)[1])
