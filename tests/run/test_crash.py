"""Crash safety: runs killed (kill -9) at random moments leave a store that opens and shows only
whole, committed batches; run again, they store every document exactly once and leave no file
behind; two runs at once over overlapping inputs store each document once and account for it.
(bench/crash_trials.py runs the same trials, many times, over the benchmark corpus.)"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import dateline
from conftest import SEED
from dateline.store import layout
from dateline.store.writer import Batch, StoreWriter
from scale_inputs import write_articles

COUNT = 60
SEED_OF_KILLS = 20240917


def ingest(path: Path, store: Path, engine: str) -> subprocess.Popen[bytes]:
    workers = ["--workers", "2"] if engine == "local" else []
    return subprocess.Popen(
        [sys.executable, "-m", "dateline", "ingest", str(path), "--store", str(store), "-q",
         "--batch-size", "3", "--engine", engine, *workers],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )


def leftovers(store: Path) -> list[str]:
    """Temporary files, and part files of batches without a commit mark."""
    committed = {p.name for p in (store / "batches").glob("part-*.parquet")}
    return sorted(
        f"{table}/{p.name}" for table in layout.TABLES for p in (store / table).iterdir()
        if p.name.startswith(".tmp-") or p.name not in committed
    )


def visible(store: Path) -> tuple[list[str], int, dict[str, int]]:
    """The ids the views show, the events, and what the committed batches account for."""
    with dateline.open_store(store) as reader:
        ids = [d["id"] for d in reader.documents(with_text=False)]
        events = reader.scalar("SELECT count(*) FROM events")
        stats = reader.stats()
        for run in stats["runs"]:
            assert run["read"] == run["stored"] + run["duplicate"] + sum(run["rejected"].values())
    return ids, events, {"stored": stats["stored"], "events": stats["events"]}


@pytest.mark.slow
def test_killed_at_random_moments_then_run_again(tmp_path: Path) -> None:
    path = write_articles(tmp_path / "in.jsonl", COUNT)
    expected = [f"gen-{i:04d}" for i in range(COUNT)]
    rng = random.Random(SEED_OF_KILLS)
    for trial, engine in enumerate(["inline", "local", "inline"]):
        store = tmp_path / f"store-{trial}"
        run = ingest(path, store, engine)
        deadline = time.monotonic() + 240
        while not (store / "batches").is_dir() or not any((store / "batches").glob("part-*")):
            assert run.poll() is None, run.stderr.read() if run.stderr else ""
            assert time.monotonic() < deadline, "no batch was committed in time"
            time.sleep(0.01)
        time.sleep(rng.uniform(0, 1.0))  # a random moment after the first commit
        os.killpg(run.pid, signal.SIGKILL)
        run.wait(timeout=30)
        for part in (store / "documents").glob("part-*.parquet"):
            pq.read_metadata(part)  # a whole file under every visible name
        ids, events, accounted = visible(store)
        assert 0 < len(ids) == len(set(ids)) == accounted["stored"]
        assert events == accounted["events"]

        again = ingest(path, store, engine)
        assert again.wait(timeout=300) == 0, again.stderr.read() if again.stderr else ""
        after, events, accounted = visible(store)
        assert sorted(after) == expected and accounted["stored"] == COUNT
        assert events == accounted["events"] == 2 * COUNT  # two events per generated article
        assert leftovers(store) == []


@pytest.mark.slow
def test_two_runs_at_once_over_overlapping_inputs(tmp_path: Path) -> None:
    """One inline and one with local workers, into one store, with a third of the input shared:
    each document is stored once, and the runs' duplicates add up to the overlap."""
    first = write_articles(tmp_path / "first.jsonl", 40)
    second = tmp_path / "second.jsonl"
    lines = [write_articles(tmp_path / "all.jsonl", 60).read_text().splitlines()[i] for i in range(20, 60)]
    second.write_text("\n".join(lines) + "\n")
    store = tmp_path / "store"
    runs = [ingest(first, store, "inline"), ingest(second, store, "local")]
    for run in runs:
        assert run.wait(timeout=300) == 0, run.stderr.read() if run.stderr else ""
    with dateline.open_store(store) as reader:
        stats = reader.stats()
        ids = [d["id"] for d in reader.documents(with_text=False)]
        hashes = [d["text_hash"] for d in reader.documents(with_text=False)]
        events = reader.scalar("SELECT count(*) FROM events")
    assert sorted(ids) == [f"gen-{i:04d}" for i in range(60)] and len(set(hashes)) == 60
    assert [r["read"] for r in stats["runs"]] == [40, 40]
    assert sum(r["stored"] for r in stats["runs"]) == 60
    assert sum(r["duplicate"] for r in stats["runs"]) == 20
    assert events == 120 and leftovers(store) == []


def test_the_first_commit_removes_what_a_killed_commit_left(tmp_path: Path) -> None:
    """A commit killed between its renames leaves part files with no commit mark, and perhaps
    a temporary file; the next writer's first commit removes them, under the store's lock, and
    leaves the committed batches and a recode's files alone."""
    store = tmp_path / "store"
    dateline.ingest([str(SEED)], store=store, events=False)
    [committed] = (store / "batches").glob("part-*.parquet")
    batch = committed.name[len("part-"):-len(".parquet")]
    orphan = layout.new_id()
    table = pq.read_table(store / layout.part_path("documents", batch))
    pq.write_table(table, store / layout.part_path("documents", orphan))
    empty = pa.Table.from_pylist([], schema=layout.REJECTS)
    pq.write_table(empty, store / layout.part_path("rejects", orphan))
    (store / "events" / f".tmp-part-{orphan}.parquet").write_bytes(b"PAR1 half")
    (store / "batches" / f".tmp-part-{orphan}.parquet").write_bytes(b"PAR1")
    recoded = store / layout.generation_part_path("20990101T000000000000-cafebabe", batch)
    pq.write_table(pa.Table.from_pylist([], schema=layout.EVENT_FILES), recoded)
    before = sorted(p.name for p in store.rglob("part-*.parquet"))

    writer = StoreWriter(store)
    writer.commit(Batch([], []), read=0)
    left = sorted(p.name for p in store.rglob("*.parquet"))
    assert f"part-{orphan}.parquet" not in left and not list(store.rglob(".tmp-*"))
    assert set(before) - set(left) == {f"part-{orphan}.parquet"}  # both orphans had that name
    assert recoded.exists() and (store / layout.part_path("documents", batch)).exists()
    with dateline.open_store(store) as reader:
        assert reader.stats()["documents"] == 1
