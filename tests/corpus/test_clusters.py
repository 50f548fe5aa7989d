"""Event clusters: the rule, stored per batch at commit, joined across batches, per generation."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import dateline
import dateline.pipeline
from dateline.corpus.clusters import assign
from dateline.store import layout
from line_coder import LineCoder, settings, write_documents


def clusters_of(lines: list[str]) -> list[str]:
    """The cluster id of each line's event, all in one batch."""
    coder = LineCoder()
    doc = dateline.Document(id="d", text="\n".join(lines), text_hash="h", published="2022-06-28")
    events = coder.code([doc])
    assert len(events) == len(lines)
    table = pa.Table.from_pylist([{**e, "batch": "b", "generation": None} for e in events],
                                 schema=layout.EVENT_FILES)
    by_event = dict(zip(*assign(table).select(["event_id", "cluster_id"]).to_pydict().values(), strict=True))
    return [by_event[e["event_id"]] for e in events]


@pytest.mark.parametrize(("first", "second", "same"), [
    # either direction for a reciprocal code (a meeting, a visit and its hosting), one otherwise
    ("RUSGOV TJKGOV 040 2022-05-16 RUS", "TJKGOV RUSGOV 040 2022-05-16 RUS", True),
    ("RUSGOV TJKGOV 042 2022-06-28 TJK", "TJKGOV RUSGOV 043 2022-06-28 TJK", True),
    ("RUSGOV UKRGOV 190 2022-03-01 UKR", "UKRMIL RUSMIL 190 2022-03-01 UKR", True),
    ("RUSGOV UKRGOV 111 2022-03-01 UKR", "UKRGOV RUSGOV 111 2022-03-01 UKR", False),
    ("RUSGOV UKRGOV 111 2022-03-01 UKR", "RUS UKRMIL 112 2022-03-01 UKR", True),
    # the parties are countries, or whole codes of international actors
    ("RUSGOV TJKGOV 040 2022-05-16 RUS", "RUS TJKMIL 041 2022-05-16 RUS", True),
    ("IGOUNO RUSGOV 040 2022-05-16 RUS", "IGOEUR RUSGOV 040 2022-05-16 RUS", False),
    ("RUSGOV - 010 2022-05-16 RUS", "RUSMIL - 010 2022-05-16 RUS", True),
    ("RUSGOV - 010 2022-05-16 RUS", "RUSMIL TJKGOV 010 2022-05-16 RUS", False),
    # the same CAMEO root
    ("RUSGOV TJKGOV 040 2022-05-16 RUS", "RUSGOV TJKGOV 057 2022-05-16 RUS", False),
    # dates that agree at their precision
    ("RUSGOV TJKGOV 040 2022-05-16 RUS", "RUSGOV TJKGOV 040 2022-05-17 RUS", False),
    ("RUSGOV TJKGOV 040 2022-05-16 RUS", "RUSGOV TJKGOV 040 2022-05 RUS", False),
    ("RUSGOV TJKGOV 040 2022-05 RUS", "RUSGOV TJKGOV 040 2022-05 RUS", True),
    ("RUSGOV TJKGOV 040 2022 RUS", "TJKGOV RUSGOV 040 2022 RUS", True),
    ("RUSGOV TJKGOV 040 - RUS", "RUSGOV TJKGOV 040 - RUS", False),
    # compatible places: one country whatever the town; none known to either
    ("RUSGOV TJKGOV 040 2022-05-16 RUS", "RUSGOV TJKGOV 040 2022-05-16 Kremlin/RUS", True),
    ("RUSGOV TJKGOV 040 2022-05-16 RUS", "RUSGOV TJKGOV 040 2022-05-16 TJK", False),
    ("RUSGOV TJKGOV 040 2022-05-16 -", "RUSGOV TJKGOV 040 2022-05-16 -", True),
    ("RUSGOV TJKGOV 040 2022-05-16 -", "RUSGOV TJKGOV 040 2022-05-16 RUS", False),
])
def test_the_rule(first: str, second: str, same: bool) -> None:
    a, b = clusters_of([first, second])
    assert (a == b) is same


def test_ids_do_not_depend_on_batches_or_order() -> None:
    lines = ["RUSGOV TJKGOV 040 2022-05-16 RUS", "TJKGOV RUSGOV 043 2022-05-16 RUS",
             "UKRGOV RUSGOV 111 2022-03-01 UKR"]
    together = clusters_of(lines)
    apart = [clusters_of([line])[0] for line in lines]
    assert together == apart == list(reversed(clusters_of(list(reversed(lines)))))
    assert together[0] == together[1] != together[2]


def ingest(store: Path, tmp_path: Path, name: str, docs: list[dict[str, Any]],
           coder: LineCoder | None = None) -> dateline.Accounting:
    path = write_documents(tmp_path / f"{name}.jsonl", docs)
    return dateline.ingest([str(path)], settings=settings(store, batch_size=2), coder=coder or LineCoder())


def clusters(store: Path, **filters: Any) -> list[dict[str, Any]]:
    with dateline.open_store(store) as reader:
        return list(reader.iter_clusters(dateline.EventFilter(**filters)))


MAY_16 = "RUSGOV TJKGOV 040 2022-05-16 RUS"
JUNE_28 = "RUSGOV TJKGOV 042 2022-06-28 TJK"


def test_a_new_batch_joins_the_clusters_of_earlier_ones(tmp_path: Path) -> None:
    store = tmp_path / "store"
    ingest(store, tmp_path, "one", [
        {"id": "tass-0516", "text": MAY_16, "published": "2022-05-16", "source": "TASS"},
        {"id": "tass-0628", "text": f"{JUNE_28}\nRUSGOV TJKGOV 041 2022 -", "published": "2022-06-28",
         "source": "TASS"},
    ])
    before = {p.name: p.read_bytes() for p in (store / "clusters").iterdir()}
    assert len(before) == 1
    [first] = [c for c in clusters(store) if c["date"] == "2022-05-16"]
    assert first["count"] == first["documents"] == first["sources"] == 1
    # A later batch: the talks of May 16 told from the other side, by another agency, and again by TASS.
    ingest(store, tmp_path, "two", [
        {"id": "other-0520", "text": "TJKGOV RUSGOV 040 2022-05-16 Kremlin/RUS\nTJKGOV RUSGOV 036 2022-09 -",
         "published": "2022-05-20", "source": "Example Agency"},
        {"id": "tass-0517", "text": f"{MAY_16}\nRUSGOV TJKGOV 043 2022-05-16 RUS", "published": "2022-05-17",
         "source": "TASS"},
    ])
    after = {p.name: p.read_bytes() for p in (store / "clusters").iterdir()}
    assert len(after) == 2 and all(after[name] == data for name, data in before.items())  # not redone
    found = clusters(store)
    [may] = [c for c in found if c["date"] == "2022-05-16"]
    assert may["cluster_id"] == first["cluster_id"]
    assert (may["count"], may["documents"], may["sources"]) == (4, 3, 2)
    assert may["dyad"] == ["RUS", "TJK"] and may["country"] == "RUS" and may["cameo_root"] == "04"
    assert may["code"] == "040" and may["cameo"] == ["040", "043"]  # the most mentions
    assert (may["first_report"], may["last_report"]) == ("2022-05-16", "2022-05-20")
    assert may["date_precision"] == "day" and may["modality"] == ["asserted"]
    assert [c["date"] for c in found] == ["2022", "2022-05-16", "2022-06-28", "2022-09"]
    with dateline.open_store(store) as reader:
        events = list(reader.events())
        assert sorted(i for c in found for i in c["event_ids"]) == sorted(e["event_id"] for e in events)
        # The view: one row per cluster, the same rows.
        view = {row["cluster_id"]: row for row in reader.rows("SELECT * FROM clusters")}
    assert set(view) == {c["cluster_id"] for c in found}
    assert view[may["cluster_id"]]["count"] == 4


def test_best_supported_code_then_earliest(tmp_path: Path) -> None:
    store = tmp_path / "store"
    ingest(store, tmp_path, "docs", [
        {"id": "late", "text": "RUSGOV TJKGOV 042 2022-05-16 RUS", "published": "2022-05-18"},
        {"id": "early", "text": "TJKGOV RUSGOV 043 2022-05-16 RUS", "published": "2022-05-16"},
    ])
    [cluster] = clusters(store)
    assert cluster["code"] == "043"  # one mention each: the earlier reported
    assert (cluster["sources"], cluster["first_report"]) == (0, "2022-05-16")


def test_filters_count_the_mentions_that_pass(tmp_path: Path) -> None:
    store = tmp_path / "store"
    ingest(store, tmp_path, "docs", [
        {"id": "a", "text": MAY_16, "published": "2022-05-16", "source": "TASS"},
        {"id": "b", "text": "TJKGOV RUSGOV 040 2022-05-16 RUS planned", "published": "2022-05-10",
         "source": "AP"},
    ])
    [both] = clusters(store)
    [asserted] = clusters(store, modality="asserted")
    [ap] = clusters(store, source="AP")
    assert both["cluster_id"] == asserted["cluster_id"] == ap["cluster_id"]
    assert (both["count"], asserted["count"], ap["count"]) == (2, 1, 1)
    assert both["modality"] == ["asserted", "planned"] and ap["modality"] == ["planned"]
    with dateline.open_store(store) as reader:
        assert reader.clusters(dateline.EventFilter(cameo="05"), 10) == ([], 0)
        assert reader.clusters(dateline.EventFilter(dyad=("TJK", "RUS")), 10)[1] == 1


def test_a_recode_has_its_own_clusters(tmp_path: Path) -> None:
    store = tmp_path / "store"
    docs = [{"id": f"d{i}", "text": f"{MAY_16}\nRUSGOV TJKGOV 040 2022-05-1{i} RUS",
             "published": "2022-05-20"} for i in range(3)]
    ingest(store, tmp_path, "docs", docs)
    before = clusters(store)
    assert [(c["date"], c["count"]) for c in before] == [
        ("2022-05-10", 1), ("2022-05-11", 1), ("2022-05-12", 1), ("2022-05-16", 3)]
    done = dateline.pipeline.recode(store, settings=settings(store), coder=LineCoder(shift=1))
    after = clusters(store)
    assert [(c["date"], c["count"]) for c in after] == [
        ("2022-05-11", 1), ("2022-05-12", 1), ("2022-05-13", 1), ("2022-05-17", 3)]
    assert len(list((store / "clusters").glob(f"part-{done.generation}--*.parquet"))) == done.batches
    # A batch ingested after the switch (by the new coding) joins the new generation's clusters.
    ingest(store, tmp_path, "late", [{"id": "late", "text": "TJKGOV RUSGOV 040 2022-05-16 RUS",
                                      "published": "2022-05-21"}], coder=LineCoder(shift=1))
    [late] = [c for c in clusters(store) if c["date"] == "2022-05-17"]
    assert late["count"] == 4 and late["cluster_id"] == after[-1]["cluster_id"]


def test_a_store_without_clusters_gets_them_on_the_fly_and_from_compact(tmp_path: Path) -> None:
    store = tmp_path / "store"
    ingest(store, tmp_path, "docs", [
        {"id": "a", "text": f"{MAY_16}\n{JUNE_28}", "published": "2022-06-28", "source": "TASS"},
        {"id": "b", "text": MAY_16, "published": "2022-05-16", "source": "AP"},
        {"id": "c", "text": JUNE_28, "published": "2022-06-28", "source": "AP"},
    ])
    expected = clusters(store)
    shutil.rmtree(store / "clusters")  # as a store written before clusters were kept
    assert clusters(store) == expected
    assert dateline.compact(store).written_files
    [compacted] = (store / "clusters").glob("compact-*.parquet")
    assert pq.read_table(compacted).num_rows == sum(c["count"] for c in expected)
    assert clusters(store) == expected
    # And a new batch is clustered with them.
    ingest(store, tmp_path, "more", [{"id": "d", "text": "TJKGOV RUSGOV 043 2022-06-28 TJK",
                                      "published": "2022-06-29"}])
    assert [c["count"] for c in clusters(store)] == [2, 3]
