"""The typed records that pass between stages: frozen dataclasses, never nested dicts.

A stage takes records and returns new ones; nothing here is mutated after it is made.
The field names follow the data contracts in SCHEMA.md.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

_SURROGATE = re.compile("[\ud800-\udfff]")


def utf8_safe(text: str) -> str:
    """``text`` as UTF-8 can hold it: a byte that a file name smuggled in as a surrogate escape
    (U+DC80-U+DCFF) is written ``\\xNN``, any other lone surrogate becomes U+FFFD."""
    return _SURROGATE.sub(_unsurrogate, text)


def _unsurrogate(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else "\ufffd"


@dataclass(frozen=True)
class Origin:
    """Where a record was read from: a path (or ``-``) and the record's place in it."""

    path: str
    offset: int = 0

    def __str__(self) -> str:
        path = utf8_safe(self.path)
        return f"{path}:{self.offset}" if self.offset else path


@dataclass(frozen=True)
class Dateline:
    """The opening line of a dispatch: ``DUSHANBE, June 28. /TASS/.``."""

    place: str | None = None
    date: str | None = None
    agency: str | None = None


@dataclass(frozen=True)
class RawRecord:
    """One input record as a reader found it, before normalising.

    ``fields`` holds the reader's values under the names of SCHEMA.md (``id``, ``text``,
    ``title``, ``published``, ``source``, ``url``, ``language``); ``hints`` holds dates that
    are not publication dates but can give a dateline its year (a crawl date, a feed date).
    """

    fields: dict[str, str | None]
    origin: Origin
    size: int = 0
    hints: tuple[str, ...] = ()
    strip_dateline: bool = True


@dataclass(frozen=True)
class Reject:
    """An input record that could not become a document, and why."""

    reason: str
    origin: Origin
    detail: str = ""
    excerpt: str = ""


@dataclass(frozen=True)
class Document:
    """A normalised article: the unit that is stored, deduplicated and coded."""

    id: str
    text: str
    text_hash: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    dateline: Dateline | None = None
    url: str | None = None
    language: str | None = None
    origin: Origin | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["origin"] = str(self.origin) if self.origin else None
        return data


@dataclass(frozen=True)
class Actor:
    """An actor of an event: the words in the text and the CAMEO actor code they resolve to."""

    text: str
    code: str
    name: str | None = None
    country: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class Place:
    """Where an event took place."""

    name: str | None
    country: str | None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class When:
    """When an event took place: an ISO date cut to its precision, and how it was found."""

    date: str | None
    precision: str | None = None  # day, month, year
    basis: str = "published"  # explicit, relative, published


@dataclass(frozen=True)
class Evidence:
    text: str
    trigger: str
    rule: str


@dataclass(frozen=True)
class Event:
    """One coded event (SCHEMA.md, "Event records")."""

    event_id: str
    doc_id: str
    sentence: int
    published: str | None
    when: When
    source: Actor
    target: Actor | None
    cameo: str
    quad_class: int
    goldstein: float
    plover_event: str | None
    plover_mode: str | None
    modality: str
    location: Place | None
    evidence: Evidence
    confidence: float
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def cameo_root(self) -> str:
        return self.cameo[:2]
