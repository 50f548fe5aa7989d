"""Regression gates: the seed's and the PLOVER development set's scores must not fall below the
floors in tests/data/score-floors.json (raised as the coder improves)."""

from __future__ import annotations

import json
from typing import Any

import pytest

import dateline
from conftest import DATA, SEED, SHARED

FLOORS = json.loads((DATA / "score-floors.json").read_text())
EVAL = SHARED / "eval"


def _check(report: Any, floors: dict) -> None:
    scores = report.to_dict()
    for level, wanted in floors.items():
        for measure, floor in wanted.items():
            assert scores[level][measure] >= floor, (level, measure, scores[level])


@pytest.mark.skipif(not EVAL.exists(), reason="../shared/eval is not beside this checkout")
def test_seed_gate(coder: dateline.pipeline.Coder) -> None:
    report = dateline.evaluate(EVAL / "seed-gold.jsonl", SEED, coder=coder, any_doc=True)
    _check(report, FLOORS["seed"])


@pytest.mark.skipif(not EVAL.exists(), reason="../shared/eval is not beside this checkout")
def test_plover_development_gate(coder: dateline.pipeline.Coder) -> None:
    report = dateline.evaluate(EVAL / "plover-gsr-gold.jsonl", EVAL / "plover-gsr-docs.jsonl",
                               coder=coder)
    _check(report, FLOORS["plover-gsr"])
