"""The shapes of the HTTP API's requests and answers (they make the OpenAPI schema).

The event and document fields are those of SCHEMA.md; answers may carry more fields than named.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ActorOut(_Open):
    text: str | None = None
    name: str | None = None
    code: str | None = None
    country: str | None = None
    role: str | None = None


class PlaceOut(_Open):
    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


class EventOut(_Open):
    event_id: str
    doc_id: str
    sentence: int | None = None
    published: str | None = None
    date: str | None = None
    date_precision: str | None = None
    date_basis: str | None = None
    source: ActorOut | None = None
    target: ActorOut | None = None
    cameo: str | None = None
    cameo_root: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    plover: dict[str, str | None] | None = None
    modality: str | None = None
    location: PlaceOut | None = None
    evidence: dict[str, str | None] | None = None
    confidence: float | None = None


class Page(_Open):
    total: int = Field(description="How many match the filters, over all pages.")
    next: str | None = Field(description="The URL of the next page; null on the last.")


class EventPage(Page):
    items: list[EventOut]


class DocumentSummary(_Open):
    id: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None


class DocumentPage(Page):
    items: list[DocumentSummary]


class Span(_Open):
    start: int = Field(description="Offset of the first character in the document's text.")
    end: int = Field(description="Offset just past the last character.")
    kind: str = Field(description="actor, trigger, date or place")
    text: str
    label: Any = Field(None, description="The actor code, rule id, ISO date or country code.")
    events: list[str]
    role: str | None = None
    antecedent: bool = Field(False, description="Found before the event's sentence, not in it.")


class DocumentOut(DocumentSummary):
    text: str
    events: list[EventOut]
    spans: list[Span]
    sentences: list[dict[str, int]]
    unplaced: list[str] = Field(description="Events whose sentence was not found in the text.")


class Cluster(_Open):
    cluster_id: str
    dyad: list[str | None]
    cameo_root: str | None
    code: str | None = Field(description="The best-supported CAMEO code: most mentions, then earliest.")
    date: str | None
    date_precision: str | None
    country: str | None = Field(description="The country of the event's place, where known.")
    count: int = Field(description="Mentions.")
    documents: int
    sources: int = Field(description="News sources of the documents.")
    first_report: str | None
    last_report: str | None
    event_ids: list[str]


class ClusterPage(Page):
    items: list[Cluster]
    method: str


class DocumentIn(BaseModel):
    """One article to ingest."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(None, max_length=200, description="Your id; else a hash of the text.")
    text: str = Field(min_length=1, description="The article's body.")
    title: str | None = Field(None, max_length=2000)
    published: str | None = Field(None, max_length=40, description="Publication date, ISO.")
    source: str | None = Field(None, max_length=200)
    url: str | None = Field(None, max_length=4000)


class IngestOut(_Open):
    read: int
    stored: int
    duplicate: int
    rejected: dict[str, int]
    events: int
    documents: list[str] = Field(description="The ids of the documents read (stored or already there).")
