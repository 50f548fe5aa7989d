"""Gold readers: SCHEMA.md JSON lines, PETRARCH validation XML, PLOVER gold-standard records."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from conftest import DATA
from dateline.errors import InputError
from dateline.evaluation import GoldEvent, GoldLocation, read_gold
from dateline.evaluation.gold import json_records
from dateline.evaluation.plover import read_plover

CASES = DATA / "evaluation"


def test_schema_gold_lines() -> None:
    gold = read_gold(CASES / "month-dates.gold.jsonl")
    assert gold.format == "jsonl" and gold.documents == ()
    first = gold.events[0]
    assert first == GoldEvent(
        doc="t", id="E5", source=("RUSGOV",), target=("CHN",), required=True, symmetric=False,
        cameo=("042",), date="2022-02", modality="asserted", location=GoldLocation(None, "CHN"),
        evidence="In February, he visited China",
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.doc = "other"  # type: ignore[misc]


def test_schema_gold_nulls_lists_and_plover_types() -> None:
    [_, empty_target, _] = read_gold(CASES / "none-targets.gold.jsonl").events
    assert empty_target.target == ("",) and empty_target.symmetric
    assert read_gold(CASES / "none-targets.gold.jsonl").events[0].target == (None,)
    assert read_gold(CASES / "none-targets.gold.jsonl").events[2].target == ()
    demand = read_gold(CASES / "plover.gold.jsonl").events[0]
    assert demand.plover == ("DEMAND", "REQUEST") and demand.cameo == ()


def test_petrarch_records_give_events_and_texts() -> None:
    gold = read_gold(CASES / "petrarch.xml")
    assert gold.format == "petrarch"
    assert [(e.doc, e.id, e.source, e.target, e.cameo) for e in gold.events] == [
        ("TEST-01", "E1", ("NORGOV",), ("SWE",), ("042",)),
        ("TEST-01", "E2", ("NOR",), (None,), ("0233",)),
    ]
    assert all(e.required and not e.symmetric and e.date is None for e in gold.events)
    first, quiet = gold.documents
    assert first.text.startswith("The Norwegian prime minister travelled to Sweden on Thursday")
    assert (first.published, first.note) == ("2015-03-12", None)
    assert (quiet.id, quiet.published, quiet.note) == ("TEST-02", "2015-03-13", "noevents")


@pytest.mark.parametrize("text", [
    '<!DOCTYPE v [<!ENTITY a "aaaa">]><Validation><Sentences><Sentence id="x">'
    "<Text>&a;</Text></Sentence></Sentences></Validation>",
    "<Validation><Sentences><Sentence id='x'><Text>unclosed</Sentence></Validation>",
])
def test_petrarch_xml_with_entities_or_broken_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bad.xml"
    path.write_text(text)
    with pytest.raises(InputError):
        read_gold(path)


def test_plover_gold_standard_records_with_trailing_commas() -> None:
    gold = read_gold(CASES / "plover-records.txt")
    assert gold.format == "plover" and read_plover(CASES / "plover-records.txt") == gold
    talks, threat, aid = gold.events
    # SRC/TAR markup: symmetric, and with no target, between the sources.
    assert talks.source == talks.target == ("CHLGOV", "PERGOV") and talks.symmetric
    assert talks.plover == ("CONSULT",) and talks.evidence == "held talks"
    assert talks.location == GoldLocation("Lima", "PER") and talks.date == "2016-05-02"
    assert (threat.source, threat.target, threat.symmetric) == (("COLREB",), (None,), False)
    assert aid.target == ("TGO", "BEN") and aid.location == GoldLocation("Togo", "TGO")
    assert [d.id for d in gold.documents] == ["GSR-TEST-0001", "GSR-TEST-0002", "GSR-TEST-0003"]
    assert gold.documents[0].published == "2016-05-02"


def test_plover_records_as_json_lines_with_other_field_names() -> None:
    gold = read_gold(CASES / "plover-records.jsonl")
    arrest, accuse, accord = gold.events
    assert (arrest.doc, arrest.id, arrest.source, arrest.target) == ("pol-1", "E1", ("EGYCOP",), ("EGYMED",))
    assert (arrest.plover, arrest.date, arrest.modality) == (("ARREST",), "2021-11-14", "asserted")
    assert (accuse.id, accuse.source, accuse.target, accuse.required) == ("E2", ("EGYCOP",), (None,), False)
    assert accord.cameo == ("057",) and accord.plover == () and accord.target == ("KEN", "UGA")
    assert [(d.id, d.published) for d in gold.documents] == [("pol-1", "2021-11-15"), ("pol-2", None)]


@pytest.mark.parametrize("text", [
    '{"a": 1}\n{"a": 2}\n',
    '[{"a": 1}, {"a": 2}]',
    '{\n "a": 1,\n},\n{\n "a": 2,\n},\n',
])
def test_json_records_in_lines_arrays_or_with_trailing_commas(text: str) -> None:
    assert list(json_records(text, "x")) == [{"a": 1}, {"a": 2}]


def test_commas_inside_strings_are_kept() -> None:
    assert list(json_records('{"t": "a, }", "u": "\\", ]",}', "x")) == [{"t": "a, }", "u": '", ]'}]


@pytest.mark.parametrize("text", ['{"a": 1}\n{"a": ', "[1, 2]"])
def test_bad_json_gold_is_an_input_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(text)
    with pytest.raises(InputError):
        read_gold(path)


def test_a_missing_gold_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_gold(tmp_path / "none.jsonl")
