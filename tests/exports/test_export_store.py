"""Exports from a real store: each format read back with plain readers and checked against
the store's events; filters, atomic writes and the ``dateline export`` command."""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import dateline
from dateline.cli.export import export_command
from dateline.exports import FORMATS, gdelt, parquet, phoenix
from dateline.exports import csv as flat

ARTICLES = [
    {"id": "putin-xi", "published": "2023-03-20", "source": "Test Wire",
     "url": "https://example.org/putin-xi",
     "text": "Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing on Monday."},
    {"id": "macron", "published": "2023-04-05", "source": "Test Wire",
     "text": "In February, French President Emmanuel Macron visited Germany, the Elysee said."},
    {"id": "sanctions", "published": "2023-04-05", "source": "Test Wire",
     "url": "https://example.org/sanctions",
     "text": "The United States imposed new sanctions on Iran on Wednesday, the Treasury Department said."},
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, coder: dateline.pipeline.Coder) -> Path:
    root = tmp_path_factory.mktemp("exports")
    source = root / "articles.jsonl"
    source.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    counts = dateline.ingest([str(source)], store=root / "store", coder=coder,
                             settings=dateline.load_settings(environ={}))
    assert counts.stored == 3 and counts.events >= 3
    return root / "store"


@pytest.fixture(scope="module")
def events(store: Path) -> list[dict]:
    with dateline.open_store(store) as reader:
        found = list(reader.events())
    meeting = [e for e in found if e["doc_id"] == "putin-xi"]
    assert any(e["source"]["code"] == "RUSGOV" and e["target"]["code"] == "CHNGOV"
               and e["cameo_root"] == "04" and e["date"] == "2023-03-20" for e in meeting)
    return found


def _export(store: Path, to: str, out: Path, **filters: str) -> int:
    with dateline.open_store(store) as reader:
        return dateline.export(reader, to, out, **filters)


def _day(date: str) -> str:
    """The store's date as GDELT and Phoenix write it: YYYYMMDD, padded to the first day."""
    parts = date.split("-") + ["01"] * (3 - len(date.split("-")))
    return "".join(parts)


def test_gdelt_round_trip(store: Path, events: list[dict], tmp_path: Path) -> None:
    out = tmp_path / "events.gdelt.tsv"
    assert _export(store, "gdelt", out) == len(events)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert len(rows) == len(events)
    assert {len(row) for row in rows} == {61}
    by_id = {int(row[0]): dict(zip(gdelt.COLUMNS, row, strict=True)) for row in rows}
    assert len(by_id) == len(events)
    for event in events:
        row = by_id[gdelt.global_event_id(event["event_id"])]
        assert row["Day"] == _day(event["date"])
        assert row["MonthYear"] == row["Day"][:6] and row["Year"] == row["Day"][:4]
        assert row["Actor1Code"] == event["source"]["code"]
        assert row["Actor1CountryCode"] == (event["source"]["country"] or "")
        assert row["Actor2Code"] == ((event["target"] or {}).get("code") or "")
        assert row["EventCode"] == event["cameo"]
        assert row["EventBaseCode"] == event["cameo"][:3]
        assert row["EventRootCode"] == event["cameo_root"]
        assert int(row["QuadClass"]) == event["quad_class"]
        assert float(row["GoldsteinScale"]) == event["goldstein"]
        assert row["DATEADDED"] == event["published"].replace("-", "") + "000000"
        url = next(a.get("url", "") for a in ARTICLES if a["id"] == event["doc_id"])
        assert row["SOURCEURL"] == url
        if event["location"]:
            assert row["ActionGeo_CountryCode"] == event["location"]["country"]
            assert float(row["ActionGeo_Lat"]) == pytest.approx(event["location"]["lat"])


def test_phoenix_round_trip(store: Path, events: list[dict], tmp_path: Path) -> None:
    out = tmp_path / "events.phoenix.tsv"
    assert _export(store, "phoenix", out) == len(events)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert list(rows[0]) == list(phoenix.COLUMNS)
    assert [r["EventID"] for r in rows] == [e["event_id"] for e in events]
    for row, event in zip(rows, events, strict=True):
        assert row["Date"] == _day(event["date"])
        assert (row["Year"], row["Month"].zfill(2), row["Day"].zfill(2)) == (
            row["Date"][:4], row["Date"][4:6], row["Date"][6:])
        assert row["SourceActorFull"] == event["source"]["code"]
        assert row["SourceActorRole"] == (event["source"]["role"] or "")
        assert row["TargetActorFull"] == ((event["target"] or {}).get("code") or "")
        assert (row["EventCode"], row["EventRootCode"]) == (event["cameo"], event["cameo_root"])
        assert row["SentenceID"] == f"{event['doc_id']}_{event['sentence']}"
        assert row["NewsSources"] == "Test Wire"


def test_plover_round_trip(store: Path, events: list[dict], tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    assert _export(store, "plover", out) == len(events)
    objects = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(objects) == len(events)
    for obj, event in zip(objects, events, strict=True):
        assert (obj["id"], obj["date"]) == (event["event_id"], event["date"])
        assert (obj["event_type"], obj["mode"]) == (event["plover"]["event"], event["plover"]["mode"])
        assert obj["context"] == []
        assert obj["source"]["country"] == event["source"]["country"]
        assert obj["source"]["sector"] == event["source"]["role"]
        assert obj["text"] == event["evidence"]["text"]
        kept = {k: v for k, v in obj["dateline"].items() if k != "document"}
        assert kept == json.loads(json.dumps(event))


def test_csv_round_trip(store: Path, events: list[dict], tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    assert _export(store, "csv", out) == len(events)
    with out.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert reader.fieldnames == list(flat.COLUMNS)
    assert {"source_code", "target_country", "location_lat", "plover_event"} <= set(flat.COLUMNS)
    for row, event in zip(rows, events, strict=True):
        assert row["event_id"] == event["event_id"] and row["date"] == event["date"]
        assert row["source_code"] == event["source"]["code"]
        assert row["target_code"] == ((event["target"] or {}).get("code") or "")
        assert (row["cameo"], row["modality"]) == (event["cameo"], event["modality"])
        assert float(row["goldstein"]) == event["goldstein"]
        assert row["evidence_text"] == event["evidence"]["text"]
        assert row["document_source"] == "Test Wire"
    assert len(rows) == len(events)


def test_parquet_round_trip(store: Path, events: list[dict], tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    assert _export(store, "parquet", out) == len(events)
    table = pq.read_table(out)
    assert table.schema.equals(parquet.SCHEMA)
    assert table.to_pylist() == events
    assert [p.name for p in tmp_path.iterdir()] == ["events.parquet"]


def test_filters_are_those_of_events(store: Path, events: list[dict], tmp_path: Path) -> None:
    out = tmp_path / "sanctions.csv"
    wanted = [e for e in events if e["cameo"].startswith("16")]
    assert wanted
    assert _export(store, "csv", out, cameo="16") == len(wanted)
    assert _export(store, "gdelt", out, actor="ZZZ") == 0
    assert out.read_text() == ""
    assert _export(store, "csv", out, since="2099-01-01") == 0
    assert out.read_text().splitlines() == [",".join(flat.COLUMNS)]


def test_gzip_when_the_name_says_so(store: Path, events: list[dict], tmp_path: Path) -> None:
    out = tmp_path / "events.tsv.gz"
    assert _export(store, "gdelt", out) == len(events)
    with gzip.open(out, "rt", encoding="utf-8") as handle:
        assert len(handle.read().splitlines()) == len(events)


def test_unknown_format_is_a_config_error(store: Path, tmp_path: Path) -> None:
    with pytest.raises(dateline.ConfigError, match="unknown export format"):
        _export(store, "xlsx", tmp_path / "x")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("to", sorted(FORMATS))
def test_a_failed_export_leaves_the_old_file_and_no_temporary(to: str, tmp_path: Path) -> None:
    out = tmp_path / "events.out"
    out.write_text("before")

    def failing() -> Iterator[dict]:
        yield {"event_id": "x", "doc_id": "d", "sentence": 0, "date": "2023-01-02",
               "source": {"code": "RUS"}, "cameo": "040", "cameo_root": "04"}
        raise RuntimeError("cut short")

    with pytest.raises(RuntimeError, match="cut short"):
        FORMATS[to](failing(), out)
    assert out.read_text() == "before"
    assert [p.name for p in tmp_path.iterdir()] == ["events.out"]


def test_export_command(store: Path, events: list[dict], tmp_path: Path) -> None:
    out = tmp_path / "rus.tsv"
    done = CliRunner().invoke(export_command, ["--store", str(store), "--to", "phoenix",
                                               "--out", str(out), "--actor", "RUS"])
    assert done.exit_code == 0, done.output
    wanted = [e for e in events if e["source"]["code"].startswith("RUS")
              or ((e["target"] or {}).get("code") or "").startswith("RUS")]
    assert wanted
    assert len(out.read_text().splitlines()) == 1 + len(wanted)
    assert f"wrote {len(wanted)} events (phoenix)" in done.output


def test_export_command_errors(store: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    bad = runner.invoke(export_command, ["--store", str(store), "--to", "xlsx", "--out", "x"])
    assert bad.exit_code == 2
    missing = runner.invoke(export_command, ["--store", str(store), "--to", "csv",
                                             "--out", str(tmp_path / "no" / "such" / "x.csv")])
    assert missing.exit_code == 1 and "cannot write" in missing.output
    assert "dateline export" in (export_command.help or "")
    assert "Example" in (export_command.help or "")
