"""Rows of each format from hand-made events: padded dates, locations, ids, clean fields."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from dateline.exports import csv as flat
from dateline.exports import gdelt, parquet, phoenix, plover
from dateline.exports._common import whole_day

EVENT = {
    "event_id": "e1", "doc_id": "d1", "sentence": 2, "published": "2022-06-28",
    "date": "2022-05-16", "date_precision": "day", "date_basis": "explicit",
    "source": {"text": "Putin", "name": "Vladimir Putin", "code": "RUSGOV", "country": "RUS", "role": "GOV"},
    "target": {"text": "Rakhmon", "name": "Emomali Rakhmon", "code": "TJKGOV", "country": "TJK",
               "role": "GOV"},
    "cameo": "0421", "cameo_root": "04", "quad_class": 1, "goldstein": 1.9,
    "plover": {"event": "CONSULT", "mode": "visit"}, "modality": "asserted",
    "location": {"name": "Moscow", "country": "RUS", "lat": 55.75, "lon": 37.62},
    "evidence": {"text": "they had\ttalks in Moscow\non May 16", "trigger": "had talks", "rule": "r"},
    "confidence": 0.9,
}


def _gdelt(**changes: object) -> dict[str, str]:
    return dict(zip(gdelt.COLUMNS, gdelt.gdelt_row({**EVENT, **changes}), strict=True))


def test_gdelt_has_the_61_codebook_columns_in_order() -> None:
    columns = gdelt.COLUMNS
    assert len(columns) == len(set(columns)) == 61
    assert columns[:6] == ("GlobalEventID", "Day", "MonthYear", "Year", "FractionDate", "Actor1Code")
    assert columns[14:16] == ("Actor1Type3Code", "Actor2Code")
    assert columns[25:35] == ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
                              "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone")
    assert columns[35:43] == ("Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode",
                              "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code", "Actor1Geo_Lat",
                              "Actor1Geo_Long", "Actor1Geo_FeatureID")
    assert columns[51] == "ActionGeo_Type" and columns[58] == "ActionGeo_FeatureID"
    assert columns[-2:] == ("DATEADDED", "SOURCEURL")


@pytest.mark.parametrize(("date", "day", "fraction"), [
    ("2022-05-16", "20220516", "2022.3699"),
    ("2022-02", "20220201", "2022.0849"),
    ("2019", "20190101", "2019.0000"),
    ("2020-12-31", "20201231", "2020.9973"),
    (None, "20220628", "2022.4877"),  # no event date: the publication date
])
def test_gdelt_dates_are_whole_days(date: str | None, day: str, fraction: str) -> None:
    row = _gdelt(date=date)
    assert (row["Day"], row["MonthYear"], row["Year"]) == (day, day[:6], day[:4])
    assert row["FractionDate"] == fraction
    assert row["DATEADDED"] == "20220628000000"


def test_gdelt_fields() -> None:
    row = _gdelt(url="https://example.org/a")
    assert row["Actor1Code"] == "RUSGOV" and row["Actor1Name"] == "Vladimir Putin"
    assert row["Actor1CountryCode"] == "RUS" and row["Actor1Type1Code"] == "GOV"
    assert row["Actor2Code"] == "TJKGOV" and row["Actor2Type1Code"] == "GOV"
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"]) == ("0421", "042", "04")
    assert (row["QuadClass"], row["GoldsteinScale"], row["IsRootEvent"]) == ("1", "1.9", "0")
    assert row["ActionGeo_Type"] == "4" and row["ActionGeo_CountryCode"] == "RUS"
    assert row["ActionGeo_FullName"] == "Moscow, Russia"
    assert (row["ActionGeo_Lat"], row["ActionGeo_Long"]) == ("55.75", "37.62")
    assert row["Actor1Geo_Type"] == "0" and row["Actor1Geo_FullName"] == "" and row["AvgTone"] == ""
    assert row["SOURCEURL"] == "https://example.org/a"
    country = _gdelt(location={"name": None, "country": "DEU", "lat": 51.2, "lon": 10.5}, sentence=0)
    assert (country["ActionGeo_Type"], country["ActionGeo_FullName"]) == ("1", "Germany")
    assert country["IsRootEvent"] == "1"
    assert _gdelt(location={"name": "Chicago", "country": "USA"})["ActionGeo_Type"] == "3"
    nowhere = _gdelt(location=None, target=None)
    assert nowhere["ActionGeo_Type"] == "0" and nowhere["ActionGeo_Lat"] == ""
    assert nowhere["Actor2Code"] == "" and nowhere["SOURCEURL"] == ""


def test_global_event_id_is_a_stable_63_bit_integer() -> None:
    ids = {gdelt.global_event_id(f"event-{i}") for i in range(1000)}
    assert len(ids) == 1000 and all(0 <= i < 2**63 for i in ids)
    assert gdelt.global_event_id("e1") == gdelt.global_event_id("e1") == int(_gdelt()["GlobalEventID"])


def test_tabs_and_line_breaks_never_split_a_row(tmp_path: Path) -> None:
    odd = {**EVENT, "source": {**EVENT["source"], "name": "Vladimir\tPutin\n"}}  # type: ignore[dict-item]
    assert gdelt.write_gdelt([odd], tmp_path / "g.tsv") == 1
    [line] = (tmp_path / "g.tsv").read_text().splitlines()
    assert line.count("\t") == 60 and "Vladimir Putin" in line
    assert phoenix.write_phoenix([odd], tmp_path / "p.tsv") == 1
    assert [line.count("\t") for line in (tmp_path / "p.tsv").read_text().splitlines()] == [25, 25]


def test_phoenix_row() -> None:
    row = dict(zip(phoenix.COLUMNS, phoenix.phoenix_row({**EVENT, "date": "2019"}), strict=True))
    assert len(phoenix.COLUMNS) == 26
    assert (row["Date"], row["Year"], row["Month"], row["Day"]) == ("20190101", "2019", "1", "1")
    assert (row["SourceActorFull"], row["SourceActorEntity"], row["SourceActorRole"]) == (
        "RUSGOV", "RUS", "GOV")
    assert (row["EventCode"], row["EventRootCode"], row["GoldsteinScore"]) == ("0421", "04", "1.9")
    assert (row["LocationName"], row["CountryCode"], row["Lat"]) == ("Moscow", "RUS", "55.75")
    assert row["SentenceID"] == "d1_2" and row["Issues"] == row["StateName"] == ""


def test_plover_object_keeps_the_dateline_record(tmp_path: Path) -> None:
    obj = plover.plover_object({**EVENT, "target": None, "location": None})
    assert obj["event_type"] == "CONSULT" and obj["mode"] == "visit" and obj["context"] == []
    assert obj["source"] == {"name": "Vladimir Putin", "country": "RUS", "sector": "GOV", "code": "RUSGOV"}
    assert obj["target"] is None and obj["location"] is None
    assert obj["dateline"]["cameo"] == "0421" and obj["dateline"]["date_precision"] == "day"
    assert plover.write_plover(iter([EVENT, EVENT]), tmp_path / "p.jsonl") == 2
    lines = (tmp_path / "p.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["e1", "e1"]


def test_csv_spreads_nested_objects(tmp_path: Path) -> None:
    assert flat.write_csv([EVENT, {**EVENT, "target": None}], tmp_path / "e.csv") == 2
    with (tmp_path / "e.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["location_lat"] == "55.75" and rows[0]["target_code"] == "TJKGOV"
    assert rows[0]["evidence_text"] == EVENT["evidence"]["text"]  # type: ignore[index]
    assert rows[1]["target_code"] == "" and "batch" not in rows[0]


def test_parquet_is_written_in_row_groups(tmp_path: Path) -> None:
    events = ({**EVENT, "event_id": f"e{i}"} for i in range(5))
    assert parquet.write_parquet(events, tmp_path / "e.parquet", row_group=2) == 5
    file = pq.ParquetFile(tmp_path / "e.parquet")
    assert file.metadata.num_row_groups == 3 and file.schema_arrow.equals(parquet.SCHEMA)
    assert parquet.write_parquet([], tmp_path / "none.parquet") == 0
    assert pq.read_table(tmp_path / "none.parquet").num_rows == 0


@pytest.mark.parametrize(("value", "day"), [
    ("2022-06-28", "2022-06-28"), ("2022-06", "2022-06-01"), ("2022", "2022-01-01"),
    ("", None), (None, None), ("June", None), ("2022-13", None),
])
def test_whole_day(value: str | None, day: str | None) -> None:
    found = whole_day(value)
    assert (found.isoformat() if found else None) == day
