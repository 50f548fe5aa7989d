"""The evaluation harness: gold files in, a report on how well the coder finds their events.

    >>> from dateline.evaluation import evaluate
    >>> report = evaluate("../shared/eval/seed-gold.jsonl", "examples/tass-2022-06-28-dushanbe.txt",
    ...                   any_doc=True)
    >>> report.level("who-what").recall

``gold`` reads gold files, ``scoring`` scores events against them (the levels of
``eval/score.py``, per root, confusion, dates, misses, false alarms), ``report`` holds the
result, ``harness`` codes the documents and scores them.
"""

from __future__ import annotations

from dateline.evaluation.gold import GoldDocument, GoldEvent, GoldLocation, GoldSet, read_gold
from dateline.evaluation.harness import code_documents, evaluate
from dateline.evaluation.report import LEVELS, Produced, Report, Score
from dateline.evaluation.scoring import score

__all__ = [
    "LEVELS",
    "GoldDocument",
    "GoldEvent",
    "GoldLocation",
    "GoldSet",
    "Produced",
    "Report",
    "Score",
    "code_documents",
    "evaluate",
    "read_gold",
    "score",
]
