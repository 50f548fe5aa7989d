"""Events in the Phoenix event data format: a tab-separated file with a header row and the 26
columns of the Phoenix data sets, one row per event.

What goes in each column:

- ``EventID``: dateline's ``event_id``.
- ``Date`` (YYYYMMDD), ``Year``, ``Month``, ``Day``: the date the event took place (else the
  publication date); as in the GDELT export, an event dated to a month is written as the first of
  that month and one dated to a year as 1 January.
- ``SourceActorFull``/``TargetActorFull``: the CAMEO actor code (``RUSGOV``); ``...Entity``
  the country (or, without one, the code); ``...Role`` the role code (``GOV``);
  ``...Attribute`` empty.
- ``EventCode``, ``EventRootCode``, ``QuadClass`` (1-4), ``GoldsteinScore``: from the CAMEO code.
- ``Issues``: empty (dateline codes no issues).
- ``Lat``, ``Lon``, ``LocationName``, ``CountryCode`` (ISO 3166 alpha-3): the event's location;
  ``StateName`` empty.
- ``SentenceID``: ``DOCID_N``, the article's id and the sentence's number in it (from 0).
- ``URLs``: the article's URL where known; ``NewsSources``: the outlet that published it.

Tabs and line breaks inside values are written as spaces; no value is quoted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from dateline.exports._common import OutPath, atomic_text, cell, document_url, event_day, part

#: The Phoenix columns, in order; the first line of the file.
COLUMNS: tuple[str, ...] = (
    "EventID", "Date", "Year", "Month", "Day",
    "SourceActorFull", "SourceActorEntity", "SourceActorRole", "SourceActorAttribute",
    "TargetActorFull", "TargetActorEntity", "TargetActorRole", "TargetActorAttribute",
    "EventCode", "EventRootCode", "QuadClass", "GoldsteinScore", "Issues",
    "Lat", "Lon", "LocationName", "StateName", "CountryCode",
    "SentenceID", "URLs", "NewsSources",
)


def _actor(values: dict[str, Any], prefix: str, actor: Mapping[str, Any]) -> None:
    if not actor:
        return
    values[f"{prefix}ActorFull"] = actor.get("code")
    values[f"{prefix}ActorEntity"] = actor.get("country") or actor.get("code")
    values[f"{prefix}ActorRole"] = actor.get("role")


def phoenix_row(event: Mapping[str, Any]) -> list[str]:
    """One event as the Phoenix fields, in ``COLUMNS`` order."""
    values: dict[str, Any] = dict.fromkeys(COLUMNS)
    values["EventID"] = event.get("event_id")
    day = event_day(event)
    if day is not None:
        values.update({"Date": day.strftime("%Y%m%d"), "Year": day.year, "Month": day.month,
                       "Day": day.day})
    _actor(values, "Source", part(event, "source"))
    _actor(values, "Target", part(event, "target"))
    cameo = event.get("cameo")
    location = part(event, "location")
    sentence = event.get("sentence")
    values.update({
        "EventCode": cameo, "EventRootCode": event.get("cameo_root") or (cameo or "")[:2] or None,
        "QuadClass": event.get("quad_class"), "GoldsteinScore": event.get("goldstein"),
        "Lat": location.get("lat"), "Lon": location.get("lon"),
        "LocationName": location.get("name"), "CountryCode": location.get("country"),
        "SentenceID": f"{event.get('doc_id')}_{sentence}" if sentence is not None else None,
        "URLs": document_url(event), "NewsSources": part(event, "document").get("source"),
    })
    return [cell(values[name]) for name in COLUMNS]


def write_phoenix(events: Iterable[Mapping[str, Any]], out: OutPath) -> int:
    """Write ``events`` to ``out`` as a Phoenix TSV (with a header row); return the number of
    event rows written."""
    count = 0
    with atomic_text(out) as handle:
        handle.write("\t".join(COLUMNS) + "\n")
        for event in events:
            handle.write("\t".join(phoenix_row(event)) + "\n")
            count += 1
    return count
