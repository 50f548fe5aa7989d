"""The scorer agrees with ../shared/eval/score.py, and its tables say what they should."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DATA, SHARED, shared_scorer
from dateline.evaluation import read_gold, score
from dateline.evaluation.gold import gold_from_row
from dateline.evaluation.report import Report

CASES = DATA / "evaluation"
NAMES = ["symmetric", "list-targets", "none-targets", "plover", "duplicates", "month-dates"]


@pytest.fixture(scope="module")
def reference() -> ModuleType:
    return shared_scorer()


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def report(name: str, any_doc: bool = False) -> Report:
    return score(read_gold(CASES / f"{name}.gold.jsonl").events, lines(CASES / f"{name}.events.jsonl"),
                 any_doc=any_doc)


@pytest.mark.parametrize("any_doc", [False, True])
@pytest.mark.parametrize("name", NAMES)
def test_the_three_levels_agree_with_score_py(reference: ModuleType, name: str, any_doc: bool) -> None:
    gold, events = lines(CASES / f"{name}.gold.jsonl"), lines(CASES / f"{name}.events.jsonl")
    expected = reference.score(gold, events, any_doc=any_doc)
    found = report(name, any_doc).to_dict()
    assert {level: found[level] for level in reference.LEVELS} == expected


def test_agreement_over_the_whole_shared_gold(reference: ModuleType) -> None:
    # Every shared gold row, scored against events made from the gold rows themselves: some
    # reversed, some with another accepted code or type, some planned.
    def first(value: Any) -> Any:
        return value[0] if isinstance(value, list) and value else value

    for path in sorted((SHARED / "eval").glob("*-gold.jsonl")):
        gold = lines(path)
        events = []
        for number, row in enumerate(gold):
            codes, types = row.get("cameo") or ["040"], row.get("plover") or ["CONSULT"]
            ends = [{"code": first(row["source"])}, {"code": first(row["target"])}]
            events.append({
                "doc_id": row["doc"], "source": ends[number % 2], "target": ends[1 - number % 2],
                "cameo": codes[number % len(codes)], "plover": {"event": types[-1]},
                "date": row["date"], "modality": "planned" if number % 3 == 0 else "asserted",
            })
        expected = reference.score(gold, events)
        found = score([gold_from_row(r) for r in gold], events).to_dict()
        assert {level: found[level] for level in reference.LEVELS} == expected, path.name


CODES = st.sampled_from(["RUSGOV", "RUS", "TJK", "tjkgov", "CHN", "", None])
GOLD_ROWS = st.fixed_dictionaries(
    {"doc": st.sampled_from(["a", "b"]), "id": st.just("E1"),
     "source": st.one_of(CODES, st.lists(CODES, max_size=3)),
     "target": st.one_of(CODES, st.lists(CODES, max_size=3)), "symmetric": st.booleans()},
    optional={
        "required": st.sampled_from([True, False, None]),
        "cameo": st.sampled_from([["040", "042"], "042", ["050", "030"], [], None, ["", "04"]]),
        "plover": st.sampled_from([["AGREE"], ["consult", "AGREE"], "AGREE", [], None]),
        "date": st.sampled_from(["2022-06-28", "2022-05", "2019", "", None]),
        "modality": st.sampled_from(["asserted", "planned", None]),
        "location": st.sampled_from([None, {}, {"country": "TJK"}, {"country": "rus", "name": "x"}]),
    },
)
EVENTS = st.fixed_dictionaries(
    {"doc_id": st.sampled_from(["a", "b", "c", None]),
     "source": st.one_of(st.none(), CODES, st.builds(lambda c: {"code": c}, CODES)),
     "target": st.one_of(st.none(), CODES, st.builds(lambda c: {"code": c}, CODES)),
     "cameo": st.sampled_from(["040", "042", "043", "050", "04", "", None]),
     "date": st.sampled_from(["2022-06-28", "2022-05", "2019", None]),
     "modality": st.sampled_from(["asserted", "planned", None])},
    optional={
        "plover": st.sampled_from([None, {}, {"event": "AGREE"}, {"event": "consult"}]),
        "location": st.sampled_from([None, {"country": "TJK"}, {"country": "rus"}, {}]),
    },
)


@settings(max_examples=300, deadline=None)
@given(st.lists(GOLD_ROWS, max_size=5), st.lists(EVENTS, max_size=8), st.booleans())
def test_agreement_on_any_rows(
    reference: ModuleType, gold: list[dict[str, Any]], events: list[dict[str, Any]], any_doc: bool
) -> None:
    events = events + events[:2]  # some exact duplicates
    expected = reference.score(gold, events, any_doc=any_doc)
    found = score([gold_from_row(r) for r in gold], events, any_doc=any_doc).to_dict()
    assert {level: found[level] for level in reference.LEVELS} == expected


def test_symmetric_gold_matches_either_direction_and_the_rest_do_not() -> None:
    result = report("symmetric")
    # E1 is found in the reverse direction, and also takes the reversed visit as one of its
    # own (same root); E2 and E3, given one way only, are not found the other way.
    assert (result.level("who-what").found, result.level("who-what").correct) == (1, 2)
    assert [(m.gold.id, m.level) for m in result.misses] == [("E2", "who-what"), ("E3", "who-what")]


def test_none_targets_and_empty_lists() -> None:
    result = report("none-targets")
    # d1: no target matches no target only; d2: [""] is no target; d3: [] accepts nothing.
    assert result.level("who-what").found == 2
    assert [m.gold.doc for m in result.misses] == ["d3"]
    assert {(a.event.doc_id, a.event.target) for a in result.false_alarms} == {("d1", "SRB"), ("d3", None)}


def test_plover_types_are_matched_and_tabled_by_type() -> None:
    result = report("plover")
    assert result.scheme == "plover"
    assert result.level("who-what").found == 3  # REQUEST for DEMAND, agree, INVESTIGATE
    by_root = {s.label: s for s in result.by_root}
    # REQUEST is counted under DEMAND, the type the gold names first; an event with no PLOVER
    # type ("-") is a false alarm.
    assert (by_root["DEMAND"].found, by_root["DEMAND"].correct) == (1, 1)
    assert "REQUEST" not in by_root and by_root["-"].produced == 1
    assert (by_root["AGREE"].produced, by_root["AGREE"].correct) == (1, 1)
    cells = {(c.gold, c.produced): c.count for c in result.confusion}
    assert cells[("AGREE", "CONSULT")] == 1 and cells[("ASSAULT", "-")] == 1
    assert cells[("ACCUSE", "ACCUSE")] == 1


def test_duplicates_are_folded_before_counting() -> None:
    result = report("duplicates")
    who_what = result.level("who-what")
    # d1: talks (3 mentions, both directions) + praise (2) + May talks = 3; d9: 1 with no gold.
    assert (who_what.produced, who_what.correct) == (4, 3)
    assert result.level("+when").correct == 2
    assert [(a.level, a.event.date) for a in result.false_alarms] == [("who-what", "2022-06-28"),
                                                                     ("+when", "2022-05-16")]


def test_dates_by_precision_and_misses_by_level() -> None:
    result = report("month-dates")
    dates = {d.precision: (d.correct, d.matched) for d in result.dates}
    assert dates == {"day": (1, 1), "month": (1, 2), "year": (1, 2)}
    misses = {m.gold.id: m.level for m in result.misses}
    assert misses == {"E7": "+when", "E8": "+when", "E4": "+all"}
    [ashgabat] = [m for m in result.misses if m.gold.id == "E4"]
    assert ashgabat.nearest is not None and ashgabat.nearest.cameo == "043"
    data = result.to_dict()
    assert data["dates"]["month"] == {"matched": 2, "correct": 1, "accuracy": 0.5}
    assert data["misses"][0]["level"] == "+when" and data["misses"][-1]["nearest"]["cameo"] == "043"


def test_the_json_report_has_every_part() -> None:
    data = json.loads(json.dumps(report("list-targets").to_dict()))
    assert list(data) == ["who-what", "+when", "+all", "by_root", "confusion", "dates", "misses",
                          "false_alarms"]
    assert set(data["who-what"]) == {"recall", "precision", "f1", "required", "found", "produced",
                                     "correct"}
    assert data["by_root"]["19"]["produced"] == 2 and data["confusion"]["19"] == {"19": 1}
    # RUSMIL -> POL matches nothing; 071 is sent on the wrong date; 070 is not the 071 of d2.
    assert [(a["level"], a["rule"]) for a in data["false_alarms"]] == [
        ("who-what", "fight.strike"), ("+when", "aid.send"), ("+all", "aid.give")]
