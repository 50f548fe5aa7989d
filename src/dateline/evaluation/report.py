"""What the scorer reads (produced events) and what it writes (the report), as frozen records.

``Report.to_dict()`` is the JSON of ``dateline eval --format json``: the three levels keyed as
``eval/score.py --json`` keys them, then ``by_root``, ``confusion``, ``dates``, ``misses`` and
``false_alarms``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dateline.evaluation.gold import GoldEvent

LEVELS = ("who-what", "+when", "+all")
PRECISIONS = ("day", "month", "year")


@dataclass(frozen=True)
class Produced:
    """A coder's event as the scorer sees it (SCHEMA.md "Event records"), values as given."""

    doc_id: str | None
    source: str | None
    target: str | None
    cameo: str | None
    plover: str
    date: str | None
    modality: str | None
    country: str | None  # of the location
    sentence: str | None = None
    trigger: str | None = None
    rule: str | None = None

    @classmethod
    def from_dict(cls, event: Mapping[str, Any]) -> Produced:
        plover, location = event.get("plover"), event.get("location")
        evidence = event.get("evidence")
        evidence = evidence if isinstance(evidence, Mapping) else {"text": evidence}
        return cls(
            doc_id=_text(event.get("doc_id")),
            source=_text(_actor_code(event.get("source"))),
            target=_text(_actor_code(event.get("target"))),
            cameo=_text(event.get("cameo")),
            plover=str((plover.get("event") if isinstance(plover, Mapping) else None) or ""),
            date=_text(event.get("date")),
            modality=_text(event.get("modality")),
            country=_text(location.get("country")) if isinstance(location, Mapping) else None,
            sentence=_text(evidence.get("text")),
            trigger=_text(evidence.get("trigger")),
            rule=_text(evidence.get("rule")),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc_id, "source": self.source, "target": self.target, "cameo": self.cameo,
            "plover": self.plover or None, "date": self.date, "modality": self.modality,
            "location": self.country, "evidence": self.sentence, "trigger": self.trigger,
            "rule": self.rule,
        }


def _actor_code(actor: Any) -> Any:
    if not actor:
        return None
    return actor.get("code") if isinstance(actor, Mapping) else actor


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True)
class Score:
    """Counts at one level, or for one root: recall over required gold events, precision over
    produced events (duplicates folded)."""

    label: str
    required: int = 0
    found: int = 0
    produced: int = 0
    correct: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.required if self.required else 0.0

    @property
    def precision(self) -> float:
        return self.correct / self.produced if self.produced else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "recall": round(self.recall, 3), "precision": round(self.precision, 3),
            "f1": round(self.f1, 3), "required": self.required, "found": self.found,
            "produced": self.produced, "correct": self.correct,
        }


@dataclass(frozen=True)
class DateScore:
    """Of the required gold events dated to ``precision`` and found at who-what, how many were
    found with their date right."""

    precision: str
    matched: int = 0
    correct: int = 0

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.matched if self.matched else None

    def to_dict(self) -> dict[str, Any]:
        accuracy = self.accuracy
        return {"matched": self.matched, "correct": self.correct,
                "accuracy": None if accuracy is None else round(accuracy, 3)}


@dataclass(frozen=True)
class ConfusionCell:
    gold: str
    produced: str
    count: int


@dataclass(frozen=True)
class Miss:
    """A required gold event not found at ``level`` (the first level it fails); ``nearest`` is
    an event that matched it at the level before, if any."""

    level: str
    gold: GoldEvent
    nearest: Produced | None = None

    def to_dict(self) -> dict[str, Any]:
        gold = self.gold
        return {
            "level": self.level, "doc": gold.doc, "id": gold.id, "source": list(gold.source),
            "target": list(gold.target), "symmetric": gold.symmetric,
            **({"plover": list(gold.plover)} if gold.plover else {"cameo": list(gold.cameo)}),
            "date": gold.date, "modality": gold.modality,
            "location": gold.location.country if gold.location else None,
            "evidence": gold.evidence,
            "nearest": self.nearest.to_dict() if self.nearest else None,
        }


@dataclass(frozen=True)
class FalseAlarm:
    """A produced event that matches no gold event at ``level`` (the first level it fails)."""

    level: str
    event: Produced

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, **self.event.to_dict()}


@dataclass(frozen=True)
class Report:
    """Everything ``evaluate`` finds. ``scheme`` says what a root is: a CAMEO root (``04``)
    or, for PLOVER-typed gold, a PLOVER event type (``CONSULT``)."""

    levels: tuple[Score, ...]
    by_root: tuple[Score, ...] = ()
    confusion: tuple[ConfusionCell, ...] = ()
    dates: tuple[DateScore, ...] = ()
    misses: tuple[Miss, ...] = ()
    false_alarms: tuple[FalseAlarm, ...] = ()
    scheme: str = "cameo"

    def level(self, name: str) -> Score:
        """The score at one of ``LEVELS``."""
        for score in self.levels:
            if score.label == name:
                return score
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        confusion: dict[str, dict[str, int]] = {}
        for cell in self.confusion:
            confusion.setdefault(cell.gold, {})[cell.produced] = cell.count
        return {
            **{score.label: score.to_dict() for score in self.levels},
            "by_root": {score.label: score.to_dict() for score in self.by_root},
            "confusion": confusion,
            "dates": {score.precision: score.to_dict() for score in self.dates},
            "misses": [miss.to_dict() for miss in self.misses],
            "false_alarms": [alarm.to_dict() for alarm in self.false_alarms],
        }
