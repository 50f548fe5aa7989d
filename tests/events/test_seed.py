"""The seed dispatch, scored with the project's scorer against its gold events."""

from __future__ import annotations

import pytest

import dateline
from conftest import SEED, SHARED, shared_scorer

GOLD = SHARED / "eval" / "seed-gold.jsonl"


@pytest.fixture(scope="module")
def seed_events(coder: dateline.pipeline.Coder) -> list[dict]:
    return list(dateline.extract([str(SEED)], coder=coder))


def _score(events: list[dict]) -> dict:
    module = shared_scorer()
    gold = list(module.read_jsonl(str(GOLD)))
    return module.score(gold, events, any_doc=True)


def test_seed_scores(seed_events: list[dict]) -> None:
    result = _score(seed_events)
    assert result["who-what"]["recall"] >= 0.85 and result["who-what"]["precision"] >= 0.8
    assert result["+all"]["recall"] >= 0.85 and result["+when"]["precision"] >= 0.8


def test_the_may_16_talks_are_dated_and_placed_from_the_text(seed_events: list[dict]) -> None:
    talks = [e for e in seed_events if e["date"] == "2022-05-16"]
    assert talks and talks[0]["location"]["name"] == "Moscow"
    assert {talks[0]["source"]["code"], talks[0]["target"]["code"]} == {"RUSGOV", "TJKGOV"}
    assert talks[0]["date_basis"] == "explicit"


def test_the_ashgabat_trip_is_planned(seed_events: list[dict]) -> None:
    [trip] = [e for e in seed_events if (e["target"] or {}).get("code") == "TKM" and e["date"] != "2019"]
    assert trip["modality"] == "planned" and trip["date"] == "2022-06-29"
    assert trip["location"]["country"] == "TKM"


def test_event_records_follow_the_schema(seed_events: list[dict]) -> None:
    for event in seed_events:
        assert event["cameo_root"] == event["cameo"][:2]
        assert event["quad_class"] in (1, 2, 3, 4)
        assert event["date_precision"] in ("day", "month", "year")
        assert event["evidence"]["rule"] and event["evidence"]["text"]
        assert len({e["event_id"] for e in seed_events}) == len(seed_events)
