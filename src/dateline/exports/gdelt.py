"""Events as GDELT 2.0 event records: the 61 tab-separated columns of the GDELT 2.0 Event
Codebook, in its order, one row per event, no header row (GDELT's files have none).

What goes in each column:

- ``GlobalEventID``: a stable 63-bit integer from ``event_id`` (the first 8 bytes of its
  BLAKE2b hash, top bit cleared), so the same event gets the same id in every export.
- ``Day`` (YYYYMMDD), ``MonthYear`` (YYYYMM), ``Year``, ``FractionDate``: the date the event
  took place (else the publication date). GDELT has no partial dates, so an event dated to a
  month is written as the **first of that month** and one dated to a year as **1 January**
  (``2022-02`` -> ``20220201``; ``2019`` -> ``20190101``); the precision is kept in the other
  formats. ``FractionDate`` is the year plus the share of it gone by before that day
  ((day of year - 1) / days in the year), to 4 decimals.
- ``Actor1*`` (source) and ``Actor2*`` (target): ``Code`` the CAMEO actor code, ``Name`` the
  resolved name (else the words of the text), ``CountryCode`` the country, ``Type1Code`` the role
  (``GOV``, ``MIL``, ...). Known group, ethnic, religion and the other type codes are empty.
- ``IsRootEvent``: 1 when the event is in the article's first sentence, else 0 (GDELT: the lead
  paragraph; dateline does not keep paragraph numbers for events).
- ``EventCode``, ``EventBaseCode`` (its first three digits), ``EventRootCode``, ``QuadClass``,
  ``GoldsteinScale``: from the CAMEO code.
- ``NumMentions``, ``NumSources``, ``NumArticles``: 1 each (one event found in one article);
  ``AvgTone`` is empty: dateline does not measure tone.
- ``Actor1Geo_*`` and ``Actor2Geo_*``: not geocoded by dateline; ``Type`` 0, as GDELT writes for
  no location, and the rest empty.
- ``ActionGeo_*``: from the event's location. ``Type`` 1 (country) when only the country is
  known, else 4 (world city) or 3 (US city); ``FullName`` "place, country"; ``CountryCode`` the
  **ISO 3166 alpha-3** code: GDELT writes FIPS 10-4 codes here, but dateline has no FIPS table,
  so a reader joining on FIPS codes must map them first; ``Lat``/``Long`` as geocoded;
  ``ADM1Code``, ``ADM2Code`` and ``FeatureID`` empty. No location: ``Type`` 0, the rest empty.
- ``DATEADDED``: the publication date as YYYYMMDDHHMMSS with the time 000000 (GDELT: when the
  event was added, in UTC); empty when the article has no date.
- ``SOURCEURL``: the article's URL where it is known, else empty.

Tabs and line breaks inside values are written as spaces; no value is quoted.
"""

from __future__ import annotations

import calendar
import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from dateline.exports._common import (
    OutPath,
    atomic_text,
    cell,
    country_names,
    document_url,
    event_day,
    number,
    part,
    whole_day,
)

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")

#: The GDELT 2.0 event columns, in the codebook's order.
COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{name}" for name in _ACTOR),
    *(f"Actor2{name}" for name in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{name}" for name in _GEO),
    *(f"Actor2Geo_{name}" for name in _GEO),
    *(f"ActionGeo_{name}" for name in _GEO),
    "DATEADDED", "SOURCEURL",
)

_COUNTRY, _US_CITY, _WORLD_CITY = 1, 3, 4


def global_event_id(event_id: str) -> int:
    """A stable integer id (0 <= id < 2**63) for a dateline ``event_id``."""
    digest = hashlib.blake2b(event_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


def _actor(values: dict[str, Any], prefix: str, actor: Mapping[str, Any]) -> None:
    if not actor:
        return
    values[f"{prefix}Code"] = actor.get("code")
    values[f"{prefix}Name"] = actor.get("name") or actor.get("text")
    values[f"{prefix}CountryCode"] = actor.get("country")
    values[f"{prefix}Type1Code"] = actor.get("role")


def _action_geo(values: dict[str, Any], location: Mapping[str, Any], names: Mapping[str, str]) -> None:
    country, place = location.get("country"), location.get("name")
    if not (country or place):
        return
    kind = _COUNTRY if not place else _US_CITY if country == "USA" else _WORLD_CITY
    country_name = names.get(country or "", country)
    full = ", ".join(str(p) for p in (place, country_name) if p)
    values.update({
        "ActionGeo_Type": kind, "ActionGeo_FullName": full, "ActionGeo_CountryCode": country,
        "ActionGeo_Lat": location.get("lat"), "ActionGeo_Long": location.get("lon"),
    })


def gdelt_row(event: Mapping[str, Any], names: Mapping[str, str] | None = None) -> list[str]:
    """One event as the 61 GDELT 2.0 fields, in ``COLUMNS`` order; ``names`` are country names
    by code (read from the packaged table when not given)."""
    values: dict[str, Any] = dict.fromkeys(COLUMNS)
    values["GlobalEventID"] = global_event_id(str(event["event_id"]))
    day = event_day(event)
    if day is not None:
        fraction = (day.timetuple().tm_yday - 1) / (366 if calendar.isleap(day.year) else 365)
        values.update({
            "Day": day.strftime("%Y%m%d"), "MonthYear": day.strftime("%Y%m"), "Year": day.year,
            "FractionDate": f"{day.year + fraction:.4f}",
        })
    _actor(values, "Actor1", part(event, "source"))
    _actor(values, "Actor2", part(event, "target"))
    cameo = str(event.get("cameo") or "")
    values.update({
        "IsRootEvent": 1 if event.get("sentence") == 0 else 0,
        "EventCode": cameo or None, "EventBaseCode": cameo[:3] or None,
        "EventRootCode": event.get("cameo_root") or cameo[:2] or None,
        "QuadClass": event.get("quad_class"), "GoldsteinScale": number(event.get("goldstein")),
        "NumMentions": 1, "NumSources": 1, "NumArticles": 1,
        "Actor1Geo_Type": 0, "Actor2Geo_Type": 0, "ActionGeo_Type": 0,
    })
    _action_geo(values, part(event, "location"), country_names() if names is None else names)
    published = whole_day(event.get("published"))
    if published is not None:
        values["DATEADDED"] = published.strftime("%Y%m%d") + "000000"
    values["SOURCEURL"] = document_url(event)
    return [cell(values[name]) for name in COLUMNS]


def write_gdelt(events: Iterable[Mapping[str, Any]], out: OutPath) -> int:
    """Write ``events`` to ``out`` as GDELT 2.0 event records (tab-separated, no header);
    return the number of rows written."""
    names = country_names()
    count = 0
    with atomic_text(out) as handle:
        for event in events:
            handle.write("\t".join(gdelt_row(event, names)) + "\n")
            count += 1
    return count
