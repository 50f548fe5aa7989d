"""``dateline recode``: a new generation of events, switched to at once; a recode cut short
leaves the old."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import dateline
import dateline.pipeline
from conftest import EXAMPLES, SEED
from dateline.cli.recode import recode_command
from dateline.records import Document
from dateline.store import layout
from dateline.store.writer import StoreWriter


def kept(event_id: str) -> bool:
    return int(hashlib.sha256(event_id.encode()).hexdigest(), 16) % 2 == 0


class HalfCoder:
    """The real coder, dropping about half of its events; or failing after some batches."""

    def __init__(self, coder: Any, fail_after: int | None = None) -> None:
        self.coder = coder
        self.fail_after = fail_after
        self.calls = 0

    def code(self, documents: Sequence[Document]) -> list[dict[str, Any]]:
        self.calls += 1
        if self.fail_after is not None and self.calls > self.fail_after:
            raise RuntimeError("the coder died")
        return [e for e in self.coder.code(documents) if kept(e["event_id"])]


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory, coder: Any) -> Path:
    path = tmp_path_factory.mktemp("recode") / "store"
    settings = dateline.load_settings(environ={}, store=str(path), batch_size=4)
    counts = dateline.ingest([str(EXAMPLES)], settings=settings, coder=coder)
    assert counts.stored > 8 and counts.events > 10
    return path


@pytest.fixture
def store(original: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "store"
    shutil.copytree(original, copy)
    return copy


def visible(store: Path) -> list[str]:
    with dateline.open_store(store) as reader:
        return sorted(e["event_id"] for e in reader.events())


def test_recode_switches_to_exactly_the_new_events(store: Path, coder: Any) -> None:
    before = visible(store)
    half = sorted(e for e in before if kept(e))
    assert 0 < len(half) < len(before)
    done = dateline.pipeline.recode(store, coder=HalfCoder(coder))
    assert done.events == len(half) and done.batches >= 3 and done.timeouts == 0
    assert visible(store) == half
    with dateline.open_store(store) as reader:
        stats = reader.stats()
        assert stats["events"] == len(half) and stats["generation"] == done.generation
        assert reader.count_events(dateline.EventFilter()) == len(half)
        assert all(e["event_id"] in half for e in reader.event_page(dateline.EventFilter(), 1000))
        assert "generation" not in next(reader.events())
    # Coding again with the whole coder brings every event back, in a third generation.
    again = dateline.pipeline.recode(store, coder=coder)
    assert again.generation != done.generation and visible(store) == before


def test_batches_ingested_after_a_recode_join_its_generation(store: Path, coder: Any) -> None:
    dateline.pipeline.recode(store, coder=HalfCoder(coder))
    half = visible(store)
    seed = Path(store).parent / "seed.txt"
    seed.write_text(SEED.read_text().replace("Rakhmon", "Rahmon"))
    counts = dateline.ingest([str(seed)], store=store, coder=coder)
    assert counts.stored == 1 and counts.events > 0
    assert len(visible(store)) == len(half) + counts.events


def test_a_recode_cut_short_leaves_the_old_events(store: Path, coder: Any) -> None:
    before = visible(store)
    # The new generation's files written, but no switch: as a crash before the rename leaves it.
    writer = StoreWriter(store)
    generation = layout.new_id()
    for batch in writer.committed():
        events = HalfCoder(coder).code(writer.batch_documents(batch))
        writer.write_generation(generation, batch, events)
    assert len(list((store / "events").glob(f"part-{generation}--*.parquet"))) > 1
    assert visible(store) == before
    # A coder that fails part way: an error, and still the old events.
    with pytest.raises(RuntimeError, match="died"):
        dateline.pipeline.recode(store, coder=HalfCoder(coder, fail_after=2))
    assert visible(store) == before
    assert not (store / layout.GENERATION_FILE).exists()


def test_recode_command(store: Path, coder: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dateline.pipeline, "build_coder", lambda settings: HalfCoder(coder))
    result = CliRunner().invoke(recode_command, ["--store", str(store), "--format", "json", "-q"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["events"] == len(visible(store)) and summary["generation"]
    text = CliRunner().invoke(recode_command, ["--store", str(store)])
    assert text.exit_code == 0 and text.output.startswith("recoded ")


def test_recode_of_no_store_is_a_clear_error(tmp_path: Path, coder: Any) -> None:
    with pytest.raises(dateline.StoreError, match="no store"):
        dateline.pipeline.recode(tmp_path / "nowhere", coder=coder)
    assert not (tmp_path / "nowhere").exists()


def test_event_files_from_before_generations_are_read(store: Path) -> None:
    before = visible(store)
    for part in (store / "events").glob("part-*.parquet"):
        table = pq.read_table(part)
        pq.write_table(table.drop_columns(["generation"]), part)
    assert visible(store) == before
