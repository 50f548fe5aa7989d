"""The Parquet store: committed batches only, no duplicates, safe beside another writer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import dateline
from conftest import EXAMPLES, SEED
from dateline.store import layout


def test_files_of_an_uncommitted_batch_are_not_seen(tmp_path: Path) -> None:
    store = tmp_path / "store"
    dateline.ingest([str(SEED)], store=store)
    # A crash after a batch's document file was renamed into place but before its commit mark.
    [part] = (store / "documents").glob("part-*.parquet")
    table = pq.read_table(part)
    orphan = table.set_column(
        table.schema.get_field_index("batch"), "batch",
        [["20990101T000000000000-deadbeef"] * table.num_rows],
    ).set_column(table.schema.get_field_index("id"), "id", [["orphan"] * table.num_rows])
    pq.write_table(orphan, store / layout.part_path("documents", "20990101T000000000000-deadbeef"))
    (store / "documents" / ".tmp-part-half-written.parquet").write_bytes(b"PAR1 half")
    with dateline.open_store(store) as reader:
        assert [d["id"] for d in reader.documents()] != ["orphan"]
        assert reader.stats()["documents"] == 1
    # ... and its document is not taken for a duplicate by the next run.
    counts = dateline.ingest([str(EXAMPLES / "articles.jsonl")], store=store)
    assert counts.stored == 3


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(dateline.StoreError, match="no store"):
        dateline.open_store(tmp_path / "nowhere")


def test_read_only_store_is_a_clear_error(tmp_path: Path) -> None:
    store = tmp_path / "store"
    dateline.ingest([str(SEED)], store=store)
    for folder in [store, *store.iterdir()]:
        if folder.is_dir():
            folder.chmod(0o555)
    try:
        if (store / "probe").parent.stat().st_mode & 0o200 == 0:
            try:
                (store / "probe").write_text("x")
                pytest.skip("running as a user who can write anyway (root)")
            except PermissionError:
                pass
        with pytest.raises(dateline.StoreError):
            dateline.ingest([str(EXAMPLES / "articles.jsonl")], store=store)
        with dateline.open_store(store) as reader:
            assert reader.stats()["documents"] == 1
    finally:
        for folder in [store, *store.iterdir()]:
            if folder.is_dir():
                folder.chmod(0o755)


def test_store_path_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "a-file"
    path.write_text("not a store")
    with pytest.raises(dateline.StoreError, match="cannot create the store"):
        dateline.ingest([str(SEED)], store=path)


def test_two_writers_at_once_store_each_document_once(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(6):
        lines = "".join(
            f'{{"id": "d{i}-{j}", "text": "Report {i}-{j}: ministers met in Astana to '
            f'discuss trade and water."}}\n' for j in range(40)
        )
        (folder / f"part{i}.jsonl").write_text(lines)
    store = tmp_path / "store"
    command = [sys.executable, "-m", "dateline", "ingest", str(folder), "--store", str(store),
               "-q", "--batch-size", "7"]
    runs = [subprocess.Popen(command, stderr=subprocess.PIPE) for _ in range(2)]
    for run in runs:
        assert run.wait(timeout=120) == 0
    with dateline.open_store(store) as reader:
        stats = reader.stats()
        ids = [d["id"] for d in reader.documents(with_text=False)]
    assert len(ids) == len(set(ids)) == 240
    assert stats["read"] == 480 and stats["stored"] == 240 and stats["duplicate"] == 240
