"""PLOVER gold-standard records: one object per event, with the text it was coded from.

The fields are found by name, so that the Open Event Data Alliance's gold-standard file
(``PLOVER_GSR_CAMEO.txt``: objects with trailing commas) and JSON lines in the POLECAT manner
are read alike. The first name found wins:

========== ===================================================================================
id         ``id``, ``doc``, ``doc_id``, ``story_id``, ``sentence_id``
text       ``text``, ``sentence``, ``story``, ``content``
type       ``event``, ``event_type``, ``eventType``, ``plover``, ``plover_event``, ``type``
cameo      ``cameo``, ``cameo_code``, ``eventcode``, ``event_code`` (when no type is given)
source     ``source``, ``actor1``, ``source_actor``, ``src``, or ``actor1_code``/``_country``
target     ``target``, ``actor2``, ``target_actor``, ``tgt``, or ``actor2_code``/``_country``
========== ===================================================================================

An actor is a code (``"HUN"``), an object (``{"code": "HUN", "sector": "GOV"}``: code and
sector make ``HUNGOV``) or a list of them (any of them will do). A record is symmetric when
it says so (``symmetric``) or when its markup marks the actors ``SRC/TAR``; a symmetric record
with no target is one between its sources ("A and B agreed"). The record's ``date`` (or
``event_date``) is the event's date and, unless a ``published`` date is given, the document's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from dateline.evaluation.gold import (
    Codes,
    GoldDocument,
    GoldEvent,
    GoldLocation,
    GoldSet,
    json_records,
    plover_types,
    read_text,
)

ID = ("id", "doc", "doc_id", "story_id", "sentence_id")
TEXT = ("text", "sentence", "story", "content")
TYPE = ("event", "event_type", "eventType", "plover", "plover_event", "type")
CAMEO = ("cameo", "cameo_code", "eventcode", "event_code")
SOURCE = ("source", "actor1", "source_actor", "src")
TARGET = ("target", "actor2", "target_actor", "tgt")
EVIDENCE = ("eventText", "event_text", "evidence", "trigger")
LOCATION = ("eventLoc", "event_location", "location", "geo")
DATE = ("event_date", "date")
PUBLISHED = ("published", "publication_date", "story_date", "pub_date")
ACTOR_CODE = ("code", "actor_code", "country", "country_code")
ACTOR_SECTOR = ("sector", "agent", "role", "actor_type")
PLACE_NAME = ("name", "placeName", "place")
PLACE_COUNTRY = ("country", "country_code", "countryCode", "country code")

_ISO3 = re.compile(r"[A-Z]{3}")
_ROLE = re.compile(r"[A-Z*]{3}")


def read_plover(path: str | Path) -> GoldSet:
    """The gold events and documents of a file of PLOVER gold-standard records."""
    return plover_gold(list(json_records(read_text(path), str(path))), str(path))


def plover_gold(records: Sequence[Mapping[str, Any]], path: str) -> GoldSet:
    """The gold events and documents of PLOVER gold-standard records."""
    events: list[GoldEvent] = []
    documents: dict[str, GoldDocument] = {}
    per_doc: dict[str, int] = {}
    for number, record in enumerate(records, 1):
        doc = str(first(record, ID) or f"record-{number}")
        per_doc[doc] = per_doc.get(doc, 0) + 1
        events.append(plover_event(record, doc, f"E{per_doc[doc]}"))
        text = first(record, TEXT)
        if isinstance(text, str) and text.strip() and doc not in documents:
            published = first(record, PUBLISHED) or first(record, DATE)
            documents[doc] = GoldDocument(doc, text.strip(), str(published) if published else None)
    return GoldSet(path, "plover", tuple(events), tuple(documents.values()))


def plover_event(record: Mapping[str, Any], doc: str, id: str) -> GoldEvent:
    """One record as a gold event."""
    source = actor_codes(record, SOURCE, "actor1")
    target = actor_codes(record, TARGET, "actor2")
    info = record.get("textInfo")
    markup = info.get("markup") if isinstance(info, Mapping) else record.get("markup")
    stated = record.get("symmetric")
    symmetric = bool(stated) if stated is not None else "SRC/TAR" in str(markup or "")
    if symmetric and not target:
        target = source
    kind = plover_types(first(record, TYPE))
    cameo = () if kind else tuple(str(c) for c in _flat(first(record, CAMEO)) if c)
    date, modality, evidence = first(record, DATE), record.get("modality"), first(record, EVIDENCE)
    return GoldEvent(
        doc=doc, id=id, source=source or (None,), target=target or (None,),
        required=bool(record.get("required", True)), symmetric=symmetric,
        cameo=cameo, plover=tuple(k.upper() for k in kind),
        date=str(date) if date else None, modality=str(modality) if modality else None,
        location=place(first(record, LOCATION)),
        evidence=str(evidence) if evidence else None,
    )


def actor_codes(record: Mapping[str, Any], names: Sequence[str], prefix: str) -> Codes:
    """The codes of one side; empty when the record names no actor there."""
    value = first(record, names)
    if value is None:  # actor1_code / actor1_country (+ actor1_sector / actor1_agent)
        value = {k: record.get(f"{prefix}_{k}") for k in (*ACTOR_CODE, *ACTOR_SECTOR)}
    found: list[str | None] = []
    for item in _flat(value):
        code = actor_code(item)
        if code:
            found.append(code)
    return tuple(found)


def actor_code(item: Any) -> str | None:
    """``"HUN"``, or ``{"code": "HUN", "sector": "GOV"}`` as ``HUNGOV``."""
    if isinstance(item, str):
        return item.strip() or None
    if not isinstance(item, Mapping):
        return None
    code = first(item, ACTOR_CODE)
    if not code:
        return None
    code = str(code).strip()
    sector = first(item, ACTOR_SECTOR)
    if isinstance(sector, str) and _ROLE.fullmatch(sector.strip()) and not code.endswith(sector.strip()):
        code += sector.strip()
    return code


def place(value: Any) -> GoldLocation | None:
    """Where the event took place; only a three-letter code counts as a country."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, str):
        return GoldLocation(value, None) if value.strip() else None
    if not isinstance(value, Mapping):
        return None
    name = first(value, PLACE_NAME)
    if isinstance(name, Mapping):
        value, name = name, first(name, PLACE_NAME)
    country = first(value, PLACE_COUNTRY)
    country = str(country).upper() if isinstance(country, str) and _ISO3.fullmatch(country.upper()) else None
    return GoldLocation(str(name) if name else None, country) if (name or country) else None


def first(record: Mapping[str, Any], names: Sequence[str]) -> Any:
    """The first of ``names`` that the record has with a value that is not null or empty."""
    for name in names:
        value = record.get(name)
        if value not in (None, "", [], {}):
            return value
    return None


def _flat(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]
