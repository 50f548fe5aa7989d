"""``dateline compact``: every row kept exactly once and the same answers after; readers and
writers at work meanwhile see the store whole; the accounting stays true."""

from __future__ import annotations

import fcntl
import json
import threading
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import dateline
import dateline.pipeline
from dateline.cli.compact import compact_command
from dateline.store import compact as compaction
from dateline.store import layout
from dateline.store.files import store_files
from dateline.store.queries import StoreReader
from line_coder import LineCoder, random_documents, settings, write_documents

F = dateline.EventFilter


def ingest(store: Path, path: Path, batch_size: int = 8) -> dateline.Accounting:
    return dateline.ingest([str(path)], settings=settings(store, batch_size=batch_size), coder=LineCoder())


def build(tmp_path: Path, first: int = 0, count: int = 96) -> tuple[Path, Path]:
    """A store of ``count`` documents in batches of 8, with rejects and duplicates."""
    docs = random_documents(first + count)[first:]
    path = write_documents(tmp_path / f"docs-{first}.jsonl", docs)
    with path.open("a") as handle:  # a bad record, an empty one, and a document twice
        handle.write('{"id": "broken", "text": \n{"id": "empty", "text": ""}\n' + json.dumps(docs[0]) + "\n")
    store = tmp_path / "store"
    counts = ingest(store, path)
    assert counts.stored == count and counts.duplicate == 1 and sum(counts.rejected.values()) == 2
    return store, path


def everything(store: Path) -> dict[str, Any]:
    """All that a reader can be asked, in a stable order."""
    with dateline.open_store(store) as reader:
        stats = reader.stats()
        return {
            "documents": sorted(reader.documents(), key=lambda d: d["id"]),
            "events": sorted(reader.events(), key=lambda e: e["event_id"]),
            "rejects": sorted(reader.rejects(), key=lambda r: (r["origin"], r["reason"])),
            "stats": {k: v for k, v in stats.items() if k != "runs"},
            "runs": sorted(stats["runs"], key=lambda r: r["run"]),
            "batches": sorted(reader.rows("SELECT * FROM batches ORDER BY batch"), key=lambda b: b["batch"]),
            "clusters": list(reader.iter_clusters(F())),
            "timeline": reader.timeline(F(dyad=("RUS", "UKR")), "month"),
            "roots": reader.root_timeline(F(since="2022-03"), "month"),
            "network": reader.network(F(), "code"),
            "dyads": reader.dyads(F(actor="RUS"), "country"),
            "count": reader.count_events(F(quad_class=4)),
        }


def compacted(store: Path, table: str) -> list[Path]:
    return sorted((store / table).glob("compact-*.parquet"))


def loose(store: Path) -> int:
    return sum(1 for p in store.glob("*/part-*.parquet"))


def test_every_row_once_and_the_same_answers(tmp_path: Path) -> None:
    store, _ = build(tmp_path)
    before = everything(store)
    batches = len(before["batches"])
    parts = loose(store)
    assert batches == 13 and parts == 12 * 4 + 2  # documents, events, clusters, batches; the rejects
    done = dateline.compact(store)
    assert done.batches == batches and done.written_files == 8
    assert done.rows["documents"] == 96 and done.rows["events"] == len(before["events"])
    assert done.rows["batches"] == batches and done.rows["rejects"] == 2
    assert everything(store) == before
    # Each row is in one compacted file, and the events are sorted by date.
    for table, rows in (("documents", 96), ("events", len(before["events"])), ("batches", batches)):
        [path] = compacted(store, table)
        assert pq.read_metadata(path).num_rows == rows
    dates = [d or "~" for d in pq.read_table(compacted(store, "events")[0])["date"].to_pylist()]
    assert dates == sorted(dates)
    # The merged parts stay for readers that opened the store before, until a compaction past
    # the grace period deletes them; the answers stay the same.
    assert loose(store) == parts
    again = dateline.compact(store)
    assert again.written_files == 0 and again.deleted_files == 0
    gone = compaction.compact(store, grace_s=0)
    assert gone.written_files == 0 and gone.deleted_files == parts
    assert loose(store) == 0 and everything(store) == before


def test_later_batches_are_added_and_full_rewrites(tmp_path: Path) -> None:
    store, _ = build(tmp_path)
    dateline.compact(store)
    more = write_documents(tmp_path / "more.jsonl", random_documents(130)[96:])
    assert ingest(store, more).stored == 34
    expected = everything(store)
    done = compaction.compact(store, grace_s=0)
    assert done.batches == 5
    assert len(compacted(store, "documents")) == len(compacted(store, "events")) == 2
    assert everything(store) == expected and loose(store) == 0
    full = compaction.compact(store, full=True, grace_s=0)
    assert full.batches == len(expected["batches"]) and full.merged_files == 2 * 7 + 1  # one of rejects
    for table in ("documents", "events", "clusters", "batches", "counts_pair", "counts_day_dyad"):
        assert len(compacted(store, table)) == 1, table
    assert everything(store) == expected
    # Nothing left to do.
    assert compaction.compact(store, grace_s=0).written_files == 0


def test_a_reader_that_opened_before_reads_on(tmp_path: Path) -> None:
    store, _ = build(tmp_path)
    with StoreReader(store) as reader:
        before = sorted(e["event_id"] for e in reader.events())
        dateline.compact(store)
        assert sorted(e["event_id"] for e in reader.events()) == before
        assert reader.count_events(F()) == len(before)
    with StoreReader(store) as reader:
        assert reader.snapshot.covered and sorted(e["event_id"] for e in reader.events()) == before


def test_ingest_and_recode_after_compaction(tmp_path: Path) -> None:
    store, path = build(tmp_path)
    compaction.compact(store, grace_s=0)
    compaction.compact(store, grace_s=0)  # deletes the parts
    assert loose(store) == 0
    again = ingest(store, path)
    assert again.stored == 0 and again.duplicate == 97  # the duplicates found in the compacted files
    before = everything(store)
    done = dateline.pipeline.recode(store, settings=settings(store), coder=LineCoder(shift=1))
    assert done.documents == 96
    shifted = everything(store)
    assert len(shifted["events"]) == len(before["events"]) and shifted["events"] != before["events"]
    # The compacted events are of the old generation: the next compaction writes the new ones.
    result = compaction.compact(store, grace_s=0)
    assert result.rows["events"] == len(before["events"])
    assert everything(store) == shifted
    with StoreReader(store) as fast, StoreReader(store, counts=False) as direct:
        assert fast.timeline(F(), "day") == direct.timeline(F(), "day")


def test_a_recode_switch_during_compaction_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store, _ = build(tmp_path)
    before = everything(store)
    merge = compaction._merge

    def merge_while_switching(*args: Any) -> list[str]:
        # as a recode's switch would:
        layout.set_generation(store_files(store), "20990101T000000000000-recoded")
        return merge(*args)

    monkeypatch.setattr(compaction, "_merge", merge_while_switching)
    with pytest.raises(dateline.StoreError, match="recode"):
        dateline.compact(store)
    assert not (store / "manifest.json").exists() and not list(store.glob("*/compact-*"))
    (store / "generation").unlink()
    assert everything(store) == before


def test_one_compaction_at_a_time(tmp_path: Path) -> None:
    store, _ = build(tmp_path, count=8)
    with open(store / ".compact.lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        with pytest.raises(dateline.StoreError, match="another compaction"):
            dateline.compact(store)
    assert dateline.compact(store).written_files


def test_writers_and_readers_while_compacting(tmp_path: Path) -> None:
    store, _ = build(tmp_path, count=16)
    late = write_documents(tmp_path / "late.jsonl", random_documents(216)[16:])
    errors: list[BaseException] = []

    def write() -> None:
        try:
            ingest(store, late, batch_size=3)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    writer = threading.Thread(target=write)
    writer.start()
    rounds = 0
    while writer.is_alive() or rounds < 2:
        compaction.compact(store, grace_s=0)
        with StoreReader(store) as reader:  # a whole store at every moment: each document once
            ids = [d["id"] for d in reader.documents(with_text=False)]
            stats = reader.stats()
            assert len(ids) == len(set(ids)) == stats["stored"]
            assert stats["read"] == stats["stored"] + stats["duplicate"] + sum(stats["rejected"].values())
            assert reader.count_events(F()) == stats["events"]
        rounds += 1
    writer.join()
    assert not errors and rounds >= 2
    fresh = tmp_path / "fresh"
    ingest(fresh, tmp_path / "docs-0.jsonl")
    ingest(fresh, late, batch_size=3)
    result, expected = everything(store), everything(fresh)
    for key in ("documents", "events", "rejects", "clusters", "timeline", "network", "count"):
        assert result[key] == expected[key], key
    assert result["stats"]["stored"] == 216


def test_the_command(tmp_path: Path) -> None:
    store, _ = build(tmp_path, count=8)
    run = CliRunner().invoke(compact_command, ["--store", str(store), "--format", "json"])
    assert run.exit_code == 0, run.output
    assert json.loads(run.output)["rows"]["documents"] == 8
    run = CliRunner().invoke(compact_command, ["--store", str(store), "--grace", "0"])
    assert run.exit_code == 0 and run.output.startswith("nothing to compact") and "deleted" in run.output
    missing = CliRunner().invoke(compact_command, ["--store", str(tmp_path / "nowhere")])
    assert missing.exit_code != 0
