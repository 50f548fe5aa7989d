"""Fuzzing benchmark: every reader, the dateline and date parsers and the normaliser, at length.

    .venv/bin/python bench/fuzz.py [--examples N] [--mutants K] [--only NAME ...] [--no-derandomize]
                                   [--deadline S] [--json FILE]

Each target (``tests/reliability/fuzz_targets.py``) is run for ``--examples`` hypothesis
examples (default 10,000), each followed by ``--mutants`` random edits of it (default 9), so
100,000 inputs per target by default. Hypothesis is derandomised (the same inputs every run)
unless ``--no-derandomize``, and its example database is off. For every input the target's
properties must hold (readers: documents or rejects with a known reason, nothing lost, text
normalised and storable; parsers: a value or None, real ISO dates, a dateline's body the end of
its text) within ``--deadline`` seconds. Prints, per target: examples, inputs run, failures
(hypothesis shrinks each to its smallest input), seconds, inputs per second, and the slowest
input's seconds (``--json`` also writes the slowest input itself).
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import sys
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "reliability"))

from fuzz_targets import Target, run_target, scratch, targets  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--examples", type=int, default=10_000, help="hypothesis examples per target")
    parser.add_argument("--mutants", type=int, default=9, help="random edits run after each example")
    parser.add_argument("--only", nargs="*", default=None, metavar="NAME", help="these targets only")
    parser.add_argument("--derandomize", action=argparse.BooleanOptionalAction, default=True,
                        help="the same inputs every run (default) or fresh ones")
    parser.add_argument("--deadline", type=float, default=5.0, help="seconds one input may take")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    options = parser.parse_args()
    warnings.simplefilter("ignore")  # feedparser's deprecation notes, once per entry
    logging.getLogger("warcio").setLevel(logging.ERROR)  # a warning per broken target URI

    folder = scratch()
    try:
        rows = run(targets(folder), options)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    total = sum(row["inputs"] for row in rows)
    failed = sum(len(row["failures"]) for row in rows)
    print(f"{'all':10} {'':9} {total:9d} {failed:8d}")
    if options.json:
        options.json.write_text(json.dumps(rows, indent=1) + "\n")
    sys.exit(1 if failed else 0)


def run(found: dict[str, Target], options: argparse.Namespace) -> list[dict[str, Any]]:
    """Each target in turn, with a line of figures as it ends."""
    names = options.only or list(found)
    print(f"{'target':10} {'examples':>9} {'inputs':>9} {'failures':>8} {'seconds':>8} "
          f"{'inputs/s':>8} {'slowest s':>9}", flush=True)
    rows = []
    for name in names:
        outcome = run_target(found[name], options.examples, mutants=options.mutants,
                             derandomize=options.derandomize, deadline_s=options.deadline)
        rate = outcome.inputs / outcome.seconds if outcome.seconds else 0.0
        print(f"{name:10} {outcome.examples:9d} {outcome.inputs:9d} {len(outcome.failures):8d} "
              f"{outcome.seconds:8.1f} {rate:8.0f} {outcome.slowest:9.2f}", flush=True)
        for failure in outcome.failures:
            print(f"    {failure}", flush=True)
        rows.append({"target": name, "examples": outcome.examples, "inputs": outcome.inputs,
                     "failures": outcome.failures, "seconds": round(outcome.seconds, 1),
                     "slowest_s": round(outcome.slowest, 3),
                     "slowest_input": repr(outcome.slowest_value)[:500]})
    return rows


if __name__ == "__main__":
    main()
