"""Engines: the same input gives the same documents and events inline, in local processes and
on Dask, whatever the number of workers; a lost worker process loses nothing."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import psutil
import pytest

import dateline
from conftest import SHARED, assert_accounted
from scale_inputs import SlowCoder, article, write_articles


def stored(store: Path) -> tuple[list[tuple[str, str]], list[str], dict[str, Any]]:
    """(id, text hash) of every document, every event_id, sorted; and the store's stats."""
    with dateline.open_store(store) as reader:
        docs = sorted((d["id"], d["text_hash"]) for d in reader.documents(with_text=False))
        events = sorted(e["event_id"] for e in reader.events())
        return docs, events, reader.stats()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"engine": "spark"}, "unknown engine"),
        ({"engine": "local", "workers": 0}, "at least 1"),
        ({"engine": "inline", "workers": 4}, "local or the dask engine"),
        ({"engine": "local", "scheduler": "tcp://127.0.0.1:1"}, "needs the dask engine"),
        ({"engine": "dask", "workers": 2, "scheduler": "tcp://127.0.0.1:1"}, "either"),
    ],
)
def test_bad_engine_options_are_refused(options: dict[str, Any], message: str, tmp_path: Path) -> None:
    path = write_articles(tmp_path / "in.jsonl", 2)
    with pytest.raises(dateline.ConfigError, match=message):
        dateline.ingest([str(path)], store=tmp_path / "store", events=False, **options)


def test_unreachable_scheduler_is_a_clear_error(tmp_path: Path) -> None:
    import dask
    import distributed  # its defaults must be in dask.config before the override  # noqa: F401

    path = write_articles(tmp_path / "in.jsonl", 2)
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}), \
            pytest.raises(dateline.ConfigError, match="cannot reach the Dask scheduler"):
        dateline.ingest([str(path)], store=tmp_path / "store", events=False, engine="dask",
                        scheduler="tcp://127.0.0.1:9")


@pytest.mark.slow
def test_every_engine_keeps_the_first_copy_in_reading_order(tmp_path: Path) -> None:
    """Duplicates across batches (same id, or same text under another id) and rejects."""
    extra = [
        {**article(3), "text": "Another text under an id already used: the ministers met."},
        {**article(5), "id": "copy-of-5"},
        {"id": "fr", "text": "Le président a rencontré hier à Paris le premier ministre pour "
                             "discuter de la réforme des retraites."},
        {"id": "empty", "text": ""},
    ]
    path = write_articles(tmp_path / "in.jsonl", 30, extra)
    settings = dateline.load_settings(environ={}, batch_size=4)
    results = {}
    for engine, workers in [("inline", None), ("local", 2), ("dask", 2), ("local", 1)]:
        store = tmp_path / f"store-{engine}-{workers}"
        counts = dateline.ingest([str(path)], store=store, settings=settings, events=False,
                                 engine=engine, workers=workers)
        assert_accounted(counts)
        results[engine, workers] = (counts.as_dict(), stored(store)[0])
    first = results["inline", None]
    assert first[0] == {"read": 34, "stored": 30, "duplicate": 2,
                        "rejected": {"language": 1, "missing-text": 1}, "events": 0}
    assert all(result == first for result in results.values())


@pytest.mark.slow
def test_a_lost_worker_process_loses_nothing(tmp_path: Path) -> None:
    path = write_articles(tmp_path / "in.jsonl", 40)
    store = tmp_path / "store"
    settings = dateline.load_settings(environ={}, batch_size=2)
    before = {p.pid for p in psutil.Process().children()}
    outcome: dict[str, Any] = {}
    warnings: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: warnings.append(record.getMessage())  # type: ignore[method-assign]
    logging.getLogger("dateline.run.local").addHandler(handler)

    def run() -> None:
        try:
            outcome["counts"] = dateline.ingest(
                [str(path)], store=store, settings=settings, coder=SlowCoder(0.1),
                engine="local", workers=2,
            )
        except BaseException as error:
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 120
    while not list((store / "batches").glob("part-*")) if store.exists() else True:
        assert time.monotonic() < deadline, "no batch was committed"
        time.sleep(0.05)
    workers = [p for p in psutil.Process().children()
               if p.pid not in before and "spawn_main" in " ".join(p.cmdline())]
    assert workers
    os.kill(workers[0].pid, signal.SIGKILL)
    thread.join(timeout=180)
    logging.getLogger("dateline.run.local").removeHandler(handler)
    assert "error" not in outcome, outcome.get("error")
    assert warnings == ["a worker process died; starting a new pool (1 of 3)"]
    counts = outcome["counts"]
    assert counts.read == 40 and counts.stored + counts.duplicate == 40
    docs, events, stats = stored(store)
    assert [d[0] for d in docs] == [f"gen-{i:04d}" for i in range(40)]
    assert events == sorted(f"ev-gen-{i:04d}" for i in range(40))
    assert stats["documents"] == 40


def corpus_slice(tmp_path: Path, source: str) -> Path:
    path = tmp_path / "articles.jsonl"
    if source == "generated":
        return write_articles(path, 40)
    corpus = SHARED / "corpora" / "bench-articles.jsonl"
    if not corpus.exists():
        pytest.skip("the benchmark corpus (../shared/corpora) is not here")
    with open(corpus, encoding="utf-8") as lines:
        path.write_text("".join(next(lines) for _ in range(40)), encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.parametrize("source", ["generated", "bench-articles"])
def test_local_and_dask_engines_give_the_same_events(
    source: str, tmp_path: Path, coder: dateline.pipeline.Coder
) -> None:
    path = corpus_slice(tmp_path, source)
    inline = tmp_path / "inline"
    dateline.ingest([str(path)], store=inline, coder=coder,
                    settings=dateline.load_settings(environ={}, batch_size=8))
    found = {"inline": stored(inline)}
    for engine in ("local", "dask"):
        store = tmp_path / engine
        done = subprocess.run(
            [sys.executable, "-m", "dateline", "ingest", str(path), "--store", str(store),
             "--engine", engine, "--workers", "2", "--batch-size", "8", "-q"],
            capture_output=True, text=True, check=False, timeout=300,
        )
        assert done.returncode == 0, done.stderr
        assert "read 40, stored 40" in done.stderr
        found[engine] = stored(store)
    docs, events, stats = found["inline"]
    assert len(docs) == 40 and events and len(set(events)) == len(events)
    assert found["local"][:2] == found["dask"][:2] == (docs, events)
    assert found["local"][2]["events"] == found["dask"][2]["events"] == stats["events"]
    with dateline.open_store(tmp_path / "dask") as reader:
        [run] = reader.stats()["runs"]  # every worker's batches belong to the one run
        assert run["read"] == 40


def test_progress_reaches_every_record(tmp_path: Path) -> None:
    path = write_articles(tmp_path / "in.jsonl", 9)
    seen: list[int] = []
    counts = dateline.ingest([str(path)], store=tmp_path / "store", events=False,
                             settings=dateline.load_settings(environ={}, batch_size=4),
                             progress=lambda c: seen.append(c.read))
    assert seen == [4, 8, 9] and counts.read == 9
    assert dateline.count_records([str(path)]) == 9
    assert dateline.count_records(["-"]) is None
    assert json.loads(path.read_text().splitlines()[0])["id"] == "gen-0000"


def test_the_dask_settings_in_the_docs_are_the_local_clusters() -> None:
    """docs/SCALE.md gives the local cluster's Dask settings as YAML for users' own workers."""
    import yaml

    from dateline.run.dask import LOCAL_CLUSTER

    text = (Path(__file__).resolve().parents[2] / "docs" / "SCALE.md").read_text(encoding="utf-8")
    [block] = [b.split("\n", 1)[1] for b in text.split("```")[1:] if b.startswith("yaml\n")]

    def flat(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in tree.items():
            name = f"{prefix}{key}"
            out.update(flat(value, name + ".") if isinstance(value, dict) else {name: value})
        return out

    documented = flat(yaml.safe_load(block))
    assert documented == LOCAL_CLUSTER
