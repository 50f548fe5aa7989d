"""Gold files: the events a coder should find, read into frozen records.

Three formats are read, and ``read_gold`` tells them apart:

- the JSON-lines gold of SCHEMA.md ("Gold files"): one expected event per line, keyed by
  ``doc``; the documents come separately (``eval/seed-gold.jsonl``, ``plover-gsr-gold.jsonl``);
- PETRARCH validation XML: ``<Sentence date= id=>`` elements with a ``<Text>`` and
  ``<EventCoding sourcecode= targetcode= eventcode=>`` (or ``noevents``/``error``) markers; the
  file holds its own texts;
- PLOVER gold-standard records: one object per event with its text (see ``plover.py``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from dateline.errors import InputError

#: The codes a gold side accepts; ``None`` (or ``""``) stands for "no actor".
Codes = tuple[str | None, ...]

_VISIBLE = re.compile(r"\S")


@dataclass(frozen=True)
class GoldLocation:
    name: str | None
    country: str | None


@dataclass(frozen=True)
class GoldEvent:
    """One expected event. ``cameo`` holds the accepted CAMEO codes; a PLOVER-typed event
    holds its accepted PLOVER types in ``plover`` and is matched on those instead."""

    doc: str
    id: str
    source: Codes
    target: Codes
    required: bool = True
    symmetric: bool = False
    cameo: tuple[str, ...] = ()
    plover: tuple[str, ...] = ()
    date: str | None = None
    modality: str | None = None
    location: GoldLocation | None = None
    evidence: str | None = None


@dataclass(frozen=True)
class GoldDocument:
    """A text to code, from a gold file that carries its own texts. ``note`` says why a
    document expects no events (``noevents``, or a PETRARCH ``error`` marker)."""

    id: str
    text: str
    published: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class GoldSet:
    """What a gold file holds: the expected events and, where it has them, the texts."""

    path: str
    format: str  # jsonl, petrarch, plover
    events: tuple[GoldEvent, ...]
    documents: tuple[GoldDocument, ...] = ()


def read_gold(path: str | Path) -> GoldSet:
    """The gold events (and texts) of a PETRARCH XML file, a SCHEMA.md gold file or a file of
    PLOVER gold-standard records, told apart by their content."""
    text = read_text(path)
    if text.lstrip("\ufeff \t\r\n").startswith("<"):
        return read_petrarch(path, text)
    records = list(json_records(text, str(path)))
    if not records or "doc" in records[0]:
        return GoldSet(str(path), "jsonl", tuple(gold_from_row(r, n) for n, r in enumerate(records, 1)))
    from dateline.evaluation.plover import plover_gold

    return plover_gold(records, str(path))


def read_gold_jsonl(path: str | Path) -> GoldSet:
    """A gold file in the JSON-lines format of SCHEMA.md."""
    records = json_records(read_text(path), str(path))
    return GoldSet(str(path), "jsonl", tuple(gold_from_row(r, n) for n, r in enumerate(records, 1)))


def gold_from_row(row: Mapping[str, Any], number: int = 0) -> GoldEvent:
    """A SCHEMA.md gold row as a record; lists, single values and nulls are all accepted."""
    date, modality = row.get("date"), row.get("modality")
    evidence = row.get("evidence")
    return GoldEvent(
        doc=str(row.get("doc", "")),
        id=str(row.get("id", number)),
        source=codes(row.get("source")),
        target=codes(row.get("target")),
        required=bool(row.get("required", True)),
        symmetric=bool(row.get("symmetric")),
        cameo=tuple(str(c) for c in as_list(row.get("cameo")) if c),
        plover=plover_types(row.get("plover")),
        date=str(date) if date else None,
        modality=str(modality) if modality else None,
        location=location(row.get("location")),
        evidence=None if evidence is None else str(evidence),
    )


def as_list(value: Any) -> list[Any]:
    if value is None:
        return [None]
    return value if isinstance(value, list) else [value]


def codes(value: Any) -> Codes:
    """The accepted actor codes of one side: a code, a list of codes, or null."""
    found: list[str | None] = []
    for item in as_list(value):
        if isinstance(item, Mapping):
            item = item.get("code")
        found.append(None if item is None else str(item))
    return tuple(found)


def plover_types(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(str(v.get("event") if isinstance(v, Mapping) else v) for v in as_list(value))


def location(value: Any) -> GoldLocation | None:
    if not value:
        return None
    if not isinstance(value, Mapping):
        return GoldLocation(str(value), None)
    name, country = value.get("name"), value.get("country")
    if isinstance(name, Mapping):  # {"name": {"name": "Geneva", "country code": "CH"}}
        name = name.get("name")
    return GoldLocation(None if name is None else str(name), str(country) if country else None)


# -- JSON records: JSON lines, a JSON array, or objects with trailing commas ------------------


def json_records(text: str, path: str) -> Iterator[dict[str, Any]]:
    """The objects in ``text``: one per line, in an array, or one after another with commas
    between them and trailing commas inside them (as PLOVER's gold-standard file has)."""
    cleaned = _drop_trailing_commas(text.lstrip("\ufeff"))
    decoder = json.JSONDecoder()
    position = 0
    while True:
        while position < len(cleaned) and cleaned[position] in " \t\r\n,":
            position += 1
        if position >= len(cleaned):
            return
        try:
            value, position = decoder.raw_decode(cleaned, position)
        except json.JSONDecodeError as error:
            raise InputError(f"{path}:{error.lineno}: not JSON: {error.msg}") from error
        except RecursionError as error:
            raise InputError(f"{path}: JSON nested too deeply") from error
        for item in value if isinstance(value, list) else [value]:
            if not isinstance(item, dict):
                raise InputError(f"{path}: a JSON {type(item).__name__} where an object was expected")
            yield item


def _drop_trailing_commas(text: str) -> str:
    """``text`` without the commas that come right before a ``}`` or ``]`` (outside strings)."""
    kept: list[str] = []
    in_string = escaped = False
    for index, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char == "," and _next_visible(text, index + 1) in ("}", "]"):
            continue
        kept.append(char)
    return "".join(kept)


def _next_visible(text: str, start: int) -> str:
    match = _VISIBLE.search(text, start)
    return match.group() if match else ""


def read_text(path: str | Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot read gold file {path}: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise InputError(f"gold file {path} is not UTF-8 text") from error


# -- PETRARCH validation XML ----------------------------------------------------------------


def read_petrarch(path: str | Path, text: str | None = None) -> GoldSet:
    """Gold events and texts from PETRARCH validation records. Each ``EventCoding`` is one
    required event with its one CAMEO code; a ``---`` target is no target. A sentence's
    ``date`` is its story's date: it becomes the document's publication date, and the gold
    events carry no date of their own."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    text = read_text(path) if text is None else text
    try:
        root: Element = fromstring(text, forbid_dtd=True)
    except (ParseError, DefusedXmlException) as error:
        raise InputError(f"{path}: not usable PETRARCH XML: {error}") from error
    events: list[GoldEvent] = []
    documents: list[GoldDocument] = []
    for number, sentence in enumerate(root.iter("Sentence"), 1):
        doc = (sentence.get("id") or "").strip() or f"sentence-{number}"
        document, coded = _petrarch_sentence(sentence, doc)
        events.extend(coded)
        if document is not None:
            documents.append(document)
    return GoldSet(str(path), "petrarch", tuple(events), tuple(documents))


def _petrarch_sentence(sentence: Element, doc: str) -> tuple[GoldDocument | None, list[GoldEvent]]:
    events: list[GoldEvent] = []
    notes: list[str] = []
    for coding in sentence.iter("EventCoding"):
        if coding.get("noevents") is not None:
            notes.append("noevents")
        elif coding.get("error") is not None:
            notes.append(f"error:{coding.get('error')}")
        elif coding.get("eventcode"):
            target = (coding.get("targetcode") or "").strip()
            events.append(GoldEvent(
                doc=doc, id=f"E{len(events) + 1}",
                source=((coding.get("sourcecode") or "").strip(),),
                target=(None if target in ("", "---") else target,),
                cameo=(str(coding.get("eventcode")).strip(),),
            ))
    body = sentence.find("Text")
    text = " ".join((body.text or "").split()) if body is not None else ""
    if not text:
        return None, events
    return GoldDocument(doc, text, _petrarch_date(sentence.get("date")), ",".join(notes) or None), events


def _petrarch_date(value: str | None) -> str | None:
    match = re.fullmatch(r"\s*(\d{4})-?(\d{2})-?(\d{2})\s*", value or "")
    return f"{match[1]}-{match[2]}-{match[3]}" if match else None
