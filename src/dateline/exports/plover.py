"""Events as PLOVER/POLECAT-style JSON lines: one JSON object per line, one per event.

Each object holds the PLOVER view of the event at the top level, and the whole dateline record
(the SCHEMA.md shape: CAMEO code, modality, date precision and basis, evidence, ...) under
``"dateline"``, so nothing is lost::

    {"id": "37833a8036b36158e174", "date": "2023-03-20",
     "event_type": "CONSULT", "mode": null, "context": [],
     "source": {"name": "Vladimir Putin", "country": "RUS", "sector": "GOV", "code": "RUSGOV"},
     "target": {"name": "Xi Jinping", "country": "CHN", "sector": "GOV", "code": "CHNGOV"},
     "location": {"name": "Beijing", "country": "CHN", "lat": 39.9, "lon": 116.4},
     "text": "Russian President Vladimir Putin met Chinese President Xi Jinping ...",
     "url": null,
     "dateline": {"event_id": "37833a8036b36158e174", "cameo": "040", ...}}

``date`` is the event's date cut to its precision, as dateline stores it (``2023-03-20``,
``2023-02``, ``2019``); ``dateline.date_precision`` says which. ``context`` is always empty:
dateline codes no PLOVER contexts. ``sector`` is the CAMEO role code; ``target`` and
``location`` are ``null`` when unknown.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from dateline.exports._common import OutPath, atomic_text, document_url, part


def _actor(actor: Mapping[str, Any]) -> dict[str, Any] | None:
    if not actor:
        return None
    return {"name": actor.get("name") or actor.get("text"), "country": actor.get("country"),
            "sector": actor.get("role"), "code": actor.get("code")}


def plover_object(event: Mapping[str, Any]) -> dict[str, Any]:
    """One event as a PLOVER-style object, with the dateline record under ``"dateline"``."""
    plover = part(event, "plover")
    location = part(event, "location")
    return {
        "id": event.get("event_id"),
        "date": event.get("date"),
        "event_type": plover.get("event"),
        "mode": plover.get("mode"),
        "context": [],
        "source": _actor(part(event, "source")),
        "target": _actor(part(event, "target")),
        "location": {key: location.get(key) for key in ("name", "country", "lat", "lon")}
        if location else None,
        "text": part(event, "evidence").get("text"),
        "url": document_url(event),
        "dateline": dict(event),
    }


def write_plover(events: Iterable[Mapping[str, Any]], out: OutPath) -> int:
    """Write ``events`` to ``out`` as PLOVER-style JSON lines; return the number written."""
    count = 0
    with atomic_text(out) as handle:
        for event in events:
            handle.write(json.dumps(plover_object(event), ensure_ascii=False, default=str) + "\n")
            count += 1
    return count
