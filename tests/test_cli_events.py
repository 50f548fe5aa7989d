"""``dateline events``: the API's filters on the command line, and ``--clusters``."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import dateline
from conftest import EXAMPLES
from dateline.cli.events import events_command


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, coder: Any) -> Path:
    path = tmp_path_factory.mktemp("events") / "store"
    counts = dateline.ingest([str(EXAMPLES)], store=path, coder=coder)
    assert counts.stored > 5 and counts.events > 10
    return path


def events(store: Path, *args: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(events_command, ["--store", str(store), "--format", "jsonl", *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


@pytest.fixture(scope="module")
def everything(store: Path) -> list[dict[str, Any]]:
    return events(store)


def ids(rows: list[dict[str, Any]]) -> list[str]:
    return [r["event_id"] for r in rows]


def code(actor: dict[str, Any] | None) -> str:
    return (actor or {}).get("code") or ""


def test_dyad_matches_either_direction(store: Path, everything: list[dict[str, Any]]) -> None:
    found = events(store, "--dyad", "TJK,RUS")
    expected = [e for e in everything if {code(e["source"])[:3], code(e["target"])[:3]} == {"RUS", "TJK"}]
    assert found and ids(found) == ids(expected)
    directions = {(code(e["source"])[:3], code(e["target"])[:3]) for e in found}
    assert directions == {("RUS", "TJK"), ("TJK", "RUS")}
    assert ids(events(store, "--dyad", "rus,tjk")) == ids(found)


def test_bad_dyad_is_a_usage_error(store: Path) -> None:
    result = CliRunner().invoke(events_command, ["--store", str(store), "--dyad", "RUS"])
    assert result.exit_code == 2 and "--dyad" in result.output


def test_country_source_text_and_quad_class(store: Path, everything: list[dict[str, Any]]) -> None:
    found = events(store, "--country", "tjk")
    assert found and ids(found) == ids(
        [e for e in everything if (e["location"] or {}).get("country") == "TJK"])
    with dateline.open_store(store) as reader:
        sources = {d["id"]: d["source"] for d in reader.documents(with_text=False)}
    found = events(store, "--source", "tass")
    assert found and ids(found) == ids([e for e in everything if sources[e["doc_id"]] == "TASS"])
    assert len(found) < len(everything)
    found = events(store, "--text", "TALKS")
    assert found and ids(found) == ids(
        [e for e in everything if "talks" in e["evidence"]["text"].lower()])
    for quad in (1, 4):
        found = events(store, "--quad-class", str(quad))
        assert found and ids(found) == ids([e for e in everything if e["quad_class"] == quad])
    both = events(store, "--source", "TASS", "--quad-class", "4")
    assert ids(both) == ids([e for e in everything
                             if sources[e["doc_id"]] == "TASS" and e["quad_class"] == 4])


def test_cli_and_api_share_one_query(store: Path) -> None:
    where = dateline.EventFilter(dyad=("RUS", "TJK"), source="TASS", q="talks")
    with dateline.open_store(store) as reader:
        page = reader.event_page(where, 1000)
    found = events(store, "--dyad", "RUS,TJK", "--source", "TASS", "--text", "talks")
    assert found and found == page


def test_clusters_are_the_stored_ones(store: Path, everything: list[dict[str, Any]]) -> None:
    found = events(store, "--clusters")
    assert len(found) < len(everything) and max(c["count"] for c in found) > 1
    by_id = {e["event_id"]: e for e in everything}
    grouped = sorted(i for c in found for i in c["event_ids"])
    assert grouped == sorted(by_id)  # every event in one cluster
    for cluster in found:
        members = [by_id[i] for i in cluster["event_ids"]]
        assert cluster["count"] == len(members)
        assert cluster["documents"] == len({e["doc_id"] for e in members})
        assert {e["cameo_root"] for e in members} == {cluster["cameo_root"]}
        assert {e["date"] for e in members} == {cluster["date"]}
        assert {(e["location"] or {}).get("country") for e in members} == {cluster["country"]}
        assert cluster["code"] in cluster["cameo"] == sorted({e["cameo"] for e in members})
        parties = {tuple(sorted((code(e["source"])[:3], code(e["target"])[:3]))) for e in members}
        assert len(parties) == 1
    with dateline.open_store(store) as reader:
        items, total = reader.clusters(dateline.EventFilter(), 1000)
    assert items == found and total == len(found)
    narrowed = events(store, "--clusters", "--dyad", "RUS,TJK", "--limit", "2")
    assert len(narrowed) == 2
    assert all({c["dyad"][0][:3], c["dyad"][1][:3]} == {"RUS", "TJK"} for c in narrowed)


def test_clusters_as_a_table_and_csv(store: Path) -> None:
    table = CliRunner().invoke(events_command, ["--store", str(store), "--clusters"])
    assert table.exit_code == 0 and "documents" in table.output and "RUS-TJK" in table.output
    csv = CliRunner().invoke(events_command, ["--store", str(store), "--clusters", "--format", "csv"])
    header = csv.output.splitlines()[0]
    assert header == ("date,dyad,cameo_root,code,country,count,documents,sources,first_report,"
                      "last_report,modality,cluster_id")


def test_root_timeline_counts_month_and_root(store: Path, everything: list[dict[str, Any]]) -> None:
    with dateline.open_store(store) as reader:
        rows = reader.root_timeline(dateline.EventFilter(), "month")
        timeline = reader.timeline(dateline.EventFilter(), "month")
    expected = Counter((e["date"][:7], e["cameo_root"]) for e in everything if len(e["date"] or "") >= 7)
    assert {(r["period"], r["cameo_root"]): r["count"] for r in rows} == expected
    assert timeline["coarser"] == sum(1 for e in everything if len(e["date"] or "") < 7) > 0
    assert sum(i["total"] for i in timeline["items"]) == sum(expected.values())
