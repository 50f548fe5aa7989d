"""Fuzzing, briefly: every target of ``fuzz_targets.py`` for a few hundred inputs (hypothesis
examples and mutants of each), derandomised so a run is repeatable. ``bench/fuzz.py`` runs
the same targets for 100,000 inputs or more."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from fuzz_targets import Target, mutate, run_target, targets
from hypothesis import strategies as st

NAMES = ["jsonl", "csv", "text", "wire", "rss", "html", "warc", "gzip", "auto", "datelines",
         "dates", "normalise"]
#: Hypothesis examples per target (each with 3 mutants): the page readers are the slow ones.
EXAMPLES = {"html": 40, "warc": 40, "auto": 60}


def test_every_target_is_run() -> None:
    assert sorted(targets(Path("/nonexistent"))) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_target_holds_for_a_few_hundred_inputs(name: str, tmp_path: Path) -> None:
    target = targets(tmp_path)[name]
    outcome = run_target(target, EXAMPLES.get(name, 100), mutants=3, reraise=True)
    assert outcome.inputs >= 4 * EXAMPLES.get(name, 100) * 0.9  # hypothesis may stop a bit early
    assert not outcome.failures


def test_a_failing_target_is_reported_with_its_smallest_input() -> None:
    target = Target("fails", st.text(), lambda text: None if "x" not in text else 1 / 0)
    outcome = run_target(target, 300, mutants=0)
    assert outcome.failures and "ZeroDivisionError" in outcome.failures[0]


def test_mutants_edit_bytes_and_text_and_keep_the_rest_of_a_case() -> None:
    rng = random.Random(1)
    values = [mutate(b"<rss><item>text</item></rss>", rng) for _ in range(50)]
    assert len(set(values)) > 30 and all(isinstance(v, bytes) for v in values)
    text, published = mutate(("May 16", None), rng)
    assert isinstance(text, str) and published is None
