"""A coder for store tests that need events but no parser: each line of a document's text that
reads ``SOURCE TARGET CAMEO DATE [PLACE [MODALITY [GOLDSTEIN]]]`` is one event (``-`` for none).

It is a real :class:`dateline.pipeline.Coder`: ``dateline.ingest`` and ``recode`` run with it
through the real readers, batches and store writer, and its events have the store's schema,
with the CAMEO table's quad classes and Goldstein values.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import dateline
from dateline.events.codes import load_codes
from dateline.records import Document

PLACES = {"RUS": ("Moscow", 55.75, 37.62), "TJK": ("Dushanbe", 38.56, 68.79),
          "UKR": ("Kyiv", 50.45, 30.52), "USA": ("Washington", 38.9, -77.04)}


def _actor(code: str) -> dict[str, Any] | None:
    if code == "-":
        return None
    return {"text": code, "name": code, "code": code, "country": code[:3], "role": code[3:] or None}


class LineCoder:
    """Events read from the documents' lines; ``shift`` adds days to every day-precise date (a
    different coding of the same documents, for recode tests)."""

    def __init__(self, shift: int = 0) -> None:
        self.codes = load_codes()
        self.shift = shift

    def code(self, documents: Sequence[Document]) -> list[dict[str, Any]]:
        return [event for doc in documents for event in self._events(doc)]

    def _events(self, doc: Document) -> list[dict[str, Any]]:
        events = []
        for index, line in enumerate(doc.text.splitlines()):
            words = line.split()
            if len(words) < 4 or not words[2].isdigit():
                continue
            source, target, cameo, when, *rest = words
            place, modality, goldstein = (rest + ["-", "asserted", ""][len(rest):])[:3]
            date = None if when == "-" else when
            if date and len(date) == 10 and self.shift:
                day = int(date[8:]) + self.shift
                date = f"{date[:8]}{day:02d}"
            code = self.codes[cameo]
            key = f"{doc.id}|{index}|{line}"
            events.append({
                "event_id": hashlib.sha1(key.encode()).hexdigest()[:20], "doc_id": doc.id,
                "sentence": index, "published": doc.published, "date": date,
                "date_precision": None if date is None else {4: "year", 7: "month"}.get(len(date), "day"),
                "date_basis": "explicit", "source": _actor(source), "target": _actor(target),
                "cameo": cameo, "cameo_root": cameo[:2], "quad_class": code.quad_class,
                "goldstein": float(goldstein) if goldstein not in ("", "-") else
                None if goldstein == "-" else code.goldstein,
                "plover": {"event": code.plover_event, "mode": code.plover_mode},
                "modality": modality,
                "location": None if place == "-" else {
                    "name": PLACES.get(place[:3], (place,))[0] if len(place) == 3 else place.split("/")[0],
                    "country": place[-3:], "lat": None, "lon": None},
                "evidence": {"text": line, "trigger": cameo, "rule": "lines.v1"}, "confidence": 0.9,
            })
        return events


def settings(store: Path, **options: Any) -> dateline.Settings:
    """Settings for a store coded by lines: no language check (the lines are codes, not English)."""
    return dateline.load_settings(environ={}, store=str(store), language_min_chars=10**9, **options)


def write_documents(path: Path, documents: list[dict[str, Any]]) -> Path:
    """Documents as JSON lines (``id``, ``text``, ``published``, ``source``)."""
    path.write_text("".join(json.dumps(doc) + "\n" for doc in documents))
    return path


CODES = ["RUSGOV", "RUSMIL", "RUS", "UKRGOV", "UKRMIL", "TJKGOV", "USAGOV", "US", "IGOUNO", "IGOEUR",
         "CHNGOV", "UKR"]
CAMEO = ["010", "036", "040", "041", "042", "043", "046", "057", "061", "111", "112", "173", "190", "193"]


def random_documents(count: int, seed: int = 7) -> list[dict[str, Any]]:
    """``count`` documents of one to six random events each: actor codes of every shape (short,
    international, none on the target side), dates to the day, month and year or none, places
    known or not, every modality, Goldstein values that end in 5 in the hundredths or are missing."""
    rng = random.Random(seed)
    docs = []
    for n in range(count):
        lines = []
        for _ in range(rng.randint(1, 6)):
            day = f"2022-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            when = rng.choice([day, day, day, day[:7], day[:4], "-"])
            target = rng.choice([*CODES, "-"])
            place = rng.choice(["RUS", "TJK", "UKR", "-"])
            modality = rng.choice(["asserted", "asserted", "planned", "negated"])
            goldstein = rng.choice(["", "", "0.05", "-2.35", "-"])
            lines.append(" ".join([rng.choice(CODES), target, rng.choice(CAMEO), when, place, modality,
                                   goldstein]).strip())
        docs.append({"id": f"doc{n:04d}", "text": "\n".join(lines), "published": f"2022-{n % 12 + 1:02d}-15",
                     "source": rng.choice(["TASS", "Reuters", "AP", None])})
    return docs
