"""Counts over the events: ``/api/health``, ``/api/stats``, ``/api/timeline``, ``/api/dyads``,
``/api/network``, ``/api/actors`` and ``/api/places``. Each takes the filters of ``/api/events``."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request

import dateline
from dateline.api.app import Reader, state_of
from dateline.api.params import Filter, Level
from dateline.errors import StoreError

router = APIRouter(prefix="/api", tags=["summaries"])

LevelParam = Annotated[Level, Query(
    description="code: full actor codes (RUSGOV); country: their country (RUS).")]


@router.get("/health")
def health(request: Request) -> dict[str, Any]:
    """Whether the server is up and its store can be read; the version; whether writes are on."""
    state = state_of(request)
    settings = state.settings
    try:
        held, reader = state.readers.take()
    except StoreError:
        documents, store = 0, "missing"
    else:
        try:
            documents, store = int(reader.scalar("SELECT count(*) FROM documents")), "ok"
        finally:
            state.readers.give(held, reader)
    return {"status": "ok", "version": dateline.__version__, "store": store, "documents": documents,
            "writes": bool(settings.api_token)}


@router.get("/stats")
def stats(reader: Reader) -> dict[str, Any]:
    """What ``dateline stats`` gives (read, stored, duplicate, rejected by reason, events, per run),
    and the events by quad class, modality, CAMEO root and date precision."""
    return {**reader.stats(), "event_counts": reader.event_counts()}


@router.get("/timeline")
def timeline(
    reader: Reader, where: Filter,
    interval: Annotated[Literal["day", "week", "month", "year"], Query(description="The period counted.")] = "month",  # noqa: E501
) -> dict[str, Any]:
    """Events per day, week (from Monday), month or year, by quad class (``q1`` .. ``q4``), with
    empty periods between the first and the last filled in. Events dated less precisely than the
    interval (a year, when counting months) are not guessed into a period: ``coarser`` counts them.
    """
    return reader.timeline(where, interval)


@router.get("/dyads")
def dyads(
    reader: Reader, where: Filter, level: LevelParam = "code",
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    """Pairs of actors in either direction (``a`` < ``b``), most events first: counts, mean
    Goldstein, counts by quad class, first and last event dates."""
    return {"level": level, "items": reader.dyads(where, level, limit)}


@router.get("/network")
def network(
    reader: Reader, where: Filter, level: LevelParam = "code",
    limit: Annotated[int, Query(ge=1, le=1000, description="At most this many edges.")] = 200,
) -> dict[str, Any]:
    """The actor network: directed edges (source to target) with event counts and mean Goldstein
    value, and the nodes they join with their event counts."""
    return reader.network(where, level, limit)


@router.get("/actors")
def actors(
    reader: Reader, where: Filter, level: LevelParam = "code",
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> dict[str, Any]:
    """The actors in most events: their most frequent name, events as source, as target, in all."""
    return {"level": level, "items": reader.actors(where, level, limit)}


@router.get("/places")
def places(
    reader: Reader, where: Filter, limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
) -> dict[str, Any]:
    """Where events took place (those with coordinates): name, country, lat/lon, counts by quad
    class."""
    return {"items": reader.places(where, limit)}
