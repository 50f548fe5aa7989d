"""Object storage and the corpus tables: each batch's clusters are written with it, a store
compacted in a directory reads the same once copied to object storage, compaction and the
sweep of a crashed commit's files are for stores in a directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import fsspec
import pytest
from click.testing import CliRunner

import dateline
from dateline.cli.compact import compact_command
from dateline.records import Document
from dateline.store import layout
from dateline.store.writer import Batch, StoreWriter
from line_coder import LineCoder, random_documents, settings, write_documents

F = dateline.EventFilter


def ingest(store: str | Path, path: Path) -> dateline.Accounting:
    """Ingest ``path`` with the line coder, in batches of 8, as the store tests do."""
    options = settings(Path("unused"), batch_size=8)
    return dateline.ingest([str(path)], store=store, settings=options, coder=LineCoder())


def answers(store: str | Path) -> dict[str, Any]:
    """What a reader answers from events, clusters and counts, in a stable order."""
    with dateline.open_store(store) as reader:
        stats = reader.stats()
        return {
            "documents": sorted(d["id"] for d in reader.documents(with_text=False)),
            "events": sorted(reader.events(), key=lambda e: e["event_id"]),
            "stats": {k: v for k, v in stats.items() if k not in ("runs", "first", "last")},
            "clusters": list(reader.iter_clusters(F())),
            "timeline": reader.timeline(F(dyad=("RUS", "UKR")), "month"),
            "network": reader.network(F(), "code"),
            "count": reader.count_events(F(quad_class=4)),
        }


def test_each_batch_writes_its_clusters_on_object_storage(memory_url: str, tmp_path: Path) -> None:
    path = write_documents(tmp_path / "docs.jsonl", random_documents(24))
    counts = ingest(memory_url, path)
    assert counts.stored == 24 and counts.events > 24
    memory = fsspec.filesystem("memory")
    with dateline.open_store(memory_url) as reader:
        batches = [b["batch"] for b in reader.rows("SELECT batch FROM batches")]
        assert len(batches) == 3 and not reader.snapshot.unassigned
        assert reader.scalar("SELECT count(*) FROM mentions") == counts.events
    for batch in batches:
        assert memory.exists(f"{memory_url}/{layout.part_path('clusters', batch)}")
    local = tmp_path / "store"
    ingest(local, path)
    assert answers(memory_url) == answers(local)


def test_a_store_compacted_in_a_directory_reads_the_same_on_object_storage(
    memory_url: str, tmp_path: Path
) -> None:
    """The manifest, the compacted files and the counts tables are read through the same files
    layer, with the parts of batches committed after the compaction."""
    docs = random_documents(40)
    local = tmp_path / "store"
    ingest(local, write_documents(tmp_path / "first.jsonl", docs[:32]))
    done = dateline.compact(local)
    assert done.written_files and (local / "manifest.json").exists()
    ingest(local, write_documents(tmp_path / "later.jsonl", docs[32:]))
    fsspec.filesystem("memory").put(str(local), memory_url.removeprefix("memory://"), recursive=True)
    with dateline.open_store(memory_url) as reader:
        assert reader.snapshot.covered and reader.snapshot.uncounted  # compacted, and parts after
    assert answers(memory_url) == answers(local)
    again = ingest(memory_url, write_documents(tmp_path / "again.jsonl", docs))
    assert again.stored == 0 and again.duplicate == 40  # the compacted documents are known too


def test_compaction_of_an_object_store_is_refused(memory_url: str, tmp_path: Path) -> None:
    ingest(memory_url, write_documents(tmp_path / "docs.jsonl", random_documents(8)))
    with pytest.raises(dateline.StoreError, match="object storage does not have"):
        dateline.compact(memory_url)
    run = CliRunner().invoke(compact_command, ["--store", memory_url])
    assert isinstance(run.exception, dateline.StoreError) and "Compact a copy" in str(run.exception)
    assert "object storage" in CliRunner().invoke(compact_command, ["--help"]).output
    assert not fsspec.filesystem("memory").exists(f"{memory_url}/manifest.json")


def test_no_sweep_on_object_storage(memory_url: str) -> None:
    """Without a lock, a part with no commit mark may be a batch that a run is writing: it stays
    (and is never read); in a directory the first commit removes it."""
    orphan = f"{memory_url}/{layout.part_path('documents', layout.new_id())}"
    writer = StoreWriter(memory_url)
    fsspec.filesystem("memory").pipe_file(orphan, b"PAR1 half")
    done = writer.commit(Batch([Document(id="d1", text="The ministers met.", text_hash="h1")], []), read=1)
    assert done.mark is not None
    writer.mark(done.mark)
    assert writer.sweep() == [] and fsspec.filesystem("memory").exists(orphan)
    with dateline.open_store(memory_url) as reader:
        assert [d["id"] for d in reader.documents()] == ["d1"]
