"""Stores on fsspec filesystems: ingest, events, stats, recode and export behave the same on a
local path, on ``file://`` and on ``memory://`` (inline, and on a Dask cluster of threads), with
the same event ids; on object storage a batch shows once its commit mark is written."""

from __future__ import annotations

import csv
import importlib.util
import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import fsspec
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import dateline
import dateline.pipeline
from conftest import EXAMPLES, assert_accounted
from dateline.cli import cli
from dateline.records import Document, Origin
from dateline.store.writer import Batch, StoreWriter
from scale_inputs import write_articles


class WithoutConsults:
    """The real coder, less its events of CAMEO root 04: a recode that changes the events."""

    def __init__(self, coder: dateline.pipeline.Coder) -> None:
        self.coder = coder

    def code(self, documents: Sequence[Document]) -> list[dict[str, Any]]:
        return [e for e in self.coder.code(documents) if e["cameo_root"] != "04"]


def round_trip(store: str, tmp_path: Path, coder: dateline.pipeline.Coder, **engine: Any) -> dict[str, Any]:
    """Ingest the examples twice, read them back, recode them, export them: what was seen."""
    settings = dateline.load_settings(environ={}, batch_size=4)
    first = dateline.ingest([str(EXAMPLES)], store=store, settings=settings, coder=coder, **engine)
    again = dateline.ingest([str(EXAMPLES)], store=store, settings=settings, coder=coder, **engine)
    assert_accounted(first)
    assert again.stored == 0 and again.duplicate == first.stored
    with dateline.open_store(store) as reader:
        documents = sorted((d["id"], d["text_hash"]) for d in reader.documents(with_text=False))
        events = [e["event_id"] for e in reader.events()]
        stats = reader.stats()
        roots = {e["event_id"]: e["cameo_root"] for e in reader.events()}
        clusters = list(reader.iter_clusters(dateline.EventFilter()))
        assert not reader.snapshot.unassigned  # each batch's clusters were stored with it
    assert [run["read"] for run in stats["runs"]] == [first.read, first.read]
    done = dateline.pipeline.recode(store, settings=settings, coder=WithoutConsults(coder))
    with dateline.open_store(store) as reader:
        recoded = [e["event_id"] for e in reader.events()]
        assert reader.stats()["generation"] == done.generation
        out = tmp_path / "events.csv"
        written = dateline.export(reader, "csv", out)
    with open(out, encoding="utf-8", newline="") as handle:
        exported = [row["event_id"] for row in csv.DictReader(handle)]
    assert written == len(recoded) and sorted(exported) == sorted(recoded)
    return {
        "counts": first.as_dict(), "documents": documents, "events": sorted(events),
        "stored": stats["documents"], "recoded": sorted(recoded),
        "consults": sorted(e for e, root in roots.items() if root == "04"),
        "clusters": clusters,
    }


@pytest.fixture(scope="module")
def on_a_path(tmp_path_factory: pytest.TempPathFactory, coder: dateline.pipeline.Coder) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("path")
    seen = round_trip(str(folder / "store"), folder, coder)
    assert seen["counts"]["stored"] > 8 and seen["consults"]
    assert seen["recoded"] == sorted(set(seen["events"]) - set(seen["consults"]))
    assert sum(c["count"] for c in seen["clusters"]) == len(seen["events"])
    return seen


def test_a_file_url_store_is_the_same_as_a_path(
    on_a_path: dict[str, Any], tmp_path: Path, coder: dateline.pipeline.Coder
) -> None:
    assert round_trip(f"file://{tmp_path}/store", tmp_path, coder) == on_a_path
    # The same layout on disk, which any Parquet reader reads as it is.
    stored = duckdb.sql(f"SELECT count(*) FROM '{tmp_path}/store/documents/*.parquet'").fetchall()
    assert stored == [(on_a_path["stored"],)]
    assert not list((tmp_path / "store").glob("*/.tmp-*"))


def test_a_memory_store_is_the_same_as_a_path(
    on_a_path: dict[str, Any], memory_url: str, tmp_path: Path, coder: dateline.pipeline.Coder
) -> None:
    assert round_trip(memory_url, tmp_path, coder) == on_a_path


@pytest.mark.slow
def test_a_memory_store_written_by_dask_workers_is_the_same_as_a_path(
    on_a_path: dict[str, Any], memory_url: str, tmp_path: Path, coder: dateline.pipeline.Coder
) -> None:
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster:
        seen = round_trip(memory_url, tmp_path, coder, engine="dask",
                          scheduler=cluster.scheduler_address)
    assert seen == on_a_path


@pytest.mark.slow
def test_worker_processes_write_a_file_url_store(tmp_path: Path) -> None:
    """Local worker processes write the batches' files; the driver writes the commit marks."""
    path = write_articles(tmp_path / "in.jsonl", 30)
    settings = dateline.load_settings(environ={}, batch_size=4)
    url = f"file://{tmp_path}/store"
    counts = dateline.ingest([str(path)], store=url, settings=settings, events=False,
                             engine="local", workers=2)
    assert counts.as_dict() == {"read": 30, "stored": 30, "duplicate": 0, "rejected": {}, "events": 0}
    with dateline.open_store(url) as reader:
        assert sorted(d["id"] for d in reader.documents(with_text=False)) == [
            f"gen-{i:04d}" for i in range(30)]
        assert len(reader.stats()["runs"]) == 1


def test_on_object_storage_a_batch_shows_once_its_mark_is_written(memory_url: str) -> None:
    doc = Document(id="d1", text="The ministers met in Paris.", text_hash="h1", origin=Origin("in", 1))
    writer = StoreWriter(memory_url)
    done = writer.commit(Batch([doc], []), read=1)
    assert done.mark is not None and done.accounting.stored == 1
    files = fsspec.filesystem("memory")
    assert files.exists(f"{memory_url}/documents/part-{done.mark['batch']}.parquet")
    with dateline.open_store(memory_url) as reader:  # written, not committed: unseen
        assert list(reader.documents()) == [] and reader.stats()["read"] == 0
    writer.mark(done.mark)
    with dateline.open_store(memory_url) as reader:
        assert [d["id"] for d in reader.documents()] == ["d1"]
        assert reader.stats()["read"] == 1


def test_in_a_directory_the_writer_commits_the_batch_itself(tmp_path: Path) -> None:
    doc = Document(id="d1", text="The ministers met in Paris.", text_hash="h1")
    done = StoreWriter(tmp_path / "store").commit(Batch([doc], []), read=1)
    assert done.mark is None
    with dateline.open_store(tmp_path / "store") as reader:
        assert [d["id"] for d in reader.documents()] == ["d1"]


def test_a_memory_store_needs_workers_in_this_process(memory_url: str, tmp_path: Path) -> None:
    path = write_articles(tmp_path / "in.jsonl", 2)
    for engine in ({"engine": "local", "workers": 2}, {"engine": "dask", "workers": 2}):
        with pytest.raises(dateline.ConfigError, match="this process's memory"):
            dateline.ingest([str(path)], store=memory_url, events=False, **engine)


@pytest.mark.slow
def test_a_memory_store_refuses_a_dask_cluster_of_processes(memory_url: str, tmp_path: Path) -> None:
    from distributed import LocalCluster

    path = write_articles(tmp_path / "in.jsonl", 2)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, \
            pytest.raises(dateline.ConfigError, match="run in other processes"):
        dateline.ingest([str(path)], store=memory_url, events=False, engine="dask",
                        scheduler=cluster.scheduler_address)


@pytest.mark.parametrize(
    ("url", "message"),
    [("nosuchprotocol://bucket/store", "cannot open the store nosuchprotocol://"),
     ("s3://bucket/store", "s3fs")],
)
def test_a_store_url_that_cannot_be_opened_is_a_clear_error(url: str, message: str, tmp_path: Path) -> None:
    if url.startswith("s3://") and importlib.util.find_spec("s3fs") is not None:
        pytest.skip("s3fs is installed: opening an s3:// store would reach for the network")
    path = write_articles(tmp_path / "in.jsonl", 2)
    with pytest.raises(dateline.StoreError, match=message):
        dateline.ingest([str(path)], store=url, events=False)
    with pytest.raises(dateline.StoreError, match=message):
        dateline.open_store(url)


def test_the_command_line_takes_a_store_url(
    tmp_path: Path, coder: dateline.pipeline.Coder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dateline.pipeline, "build_coder", lambda settings: coder)
    url = f"file://{tmp_path}/store"
    runner = CliRunner()
    done = runner.invoke(cli, ["ingest", str(EXAMPLES), "--store", url, "-q"])
    assert done.exit_code == 0, done.output
    stats = runner.invoke(cli, ["stats", "--store", url, "--format", "json"])
    assert stats.exit_code == 0, stats.output
    counts = json.loads(stats.stdout)
    events = runner.invoke(cli, ["events", "--store", url, "--format", "jsonl"])
    assert len(events.stdout.splitlines()) == counts["events"] > 0
    out = tmp_path / "events.parquet"
    exported = runner.invoke(cli, ["export", "--store", url, "--to", "parquet", "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    assert pq.read_table(out).num_rows == counts["events"]
