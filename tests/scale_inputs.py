"""Inputs for the engine tests: short generated articles, and a coder that is slow on purpose.

A helper module, not a test module: worker processes import ``SlowCoder`` from here by name.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dateline.records import Document

PAIRS = [
    ("Russia", "Tajikistan", "Moscow"), ("China", "Kazakhstan", "Beijing"),
    ("France", "Germany", "Paris"), ("India", "Pakistan", "New Delhi"),
    ("Turkey", "Armenia", "Ankara"), ("Japan", "South Korea", "Tokyo"),
    ("Iran", "Iraq", "Tehran"), ("Brazil", "Argentina", "Brasilia"),
]


def article(number: int) -> dict[str, str]:
    """A short dispatch that the coder finds two events in (a meeting and an accusation)."""
    a, b, city = PAIRS[number % len(PAIRS)]
    day = 1 + number % 27
    text = (
        f"{city.upper()}, June {day}. The foreign minister of {a} met the foreign minister of {b} "
        f"in {city} on June {day}, 2022, and the two sides signed an agreement on trade. "
        f"The government of {a} also accused {b} of violating the border ceasefire. "
        f"Report number {number}."
    )
    return {"id": f"gen-{number:04d}", "text": text, "published": f"2022-06-{day + 1:02d}"}


def write_articles(path: Path, count: int, extra: Sequence[dict[str, str]] = ()) -> Path:
    rows = [article(i) for i in range(count)] + list(extra)
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


class SlowCoder:
    """One event per document, ``seconds`` per document: a stand-in for spaCy's parse."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def code(self, documents: Sequence[Document]) -> list[dict[str, Any]]:
        events = []
        for doc in documents:
            time.sleep(self.seconds)
            events.append({"event_id": f"ev-{doc.id}", "doc_id": doc.id, "sentence": 0,
                           "cameo": "040", "cameo_root": "04",
                           "source": {"text": "x", "code": "XXX"}, "confidence": 0.9})
        return events
