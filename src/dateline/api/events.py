"""``/api/events``, ``/api/events/{event_id}`` and ``/api/clusters``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import Response

from dateline.api.app import Reader
from dateline.api.models import ClusterPage, EventOut, EventPage
from dateline.api.params import (
    EVENT_COLUMNS,
    PAGE_FORMATS,
    Cursor,
    Filter,
    FormatParam,
    Limit,
    Offset,
    chosen_format,
    decode_cursor,
    encode_cursor,
    page_response,
)

router = APIRouter(prefix="/api", tags=["events"])

EventId = Annotated[str, Path(max_length=128, pattern=r"^[A-Za-z0-9_.:-]+$")]

CLUSTER_METHOD = (
    "Stored clusters: mentions of one event, in one document or several, with the same parties "
    "(countries, or whole codes of international actors; either direction for reciprocal codes "
    "such as meetings), CAMEO root, date at the same precision, and place country (or none)."
)


@router.get("/events", response_model=EventPage, responses=PAGE_FORMATS)
def list_events(
    request: Request, reader: Reader, where: Filter, limit: Limit, offset: Offset = None,
    cursor: Cursor = None, fmt: FormatParam = None,
) -> Response:
    """Events that match every filter given, in a stable order (event date, document, sentence).

    Pages: ``limit`` items from ``offset``, or after ``cursor``; ``next`` is the URL of the next
    page (by cursor, or by offset when ``offset`` was given), null on the last. As CSV or JSON
    lines with ``format=csv|jsonl`` or an ``Accept: text/csv`` or ``application/x-ndjson`` header;
    their ``X-Total-Count`` and ``Link`` headers give the total and the next page.
    """
    if offset is not None and cursor:
        raise HTTPException(400, "give offset or cursor, not both")
    after = decode_cursor(cursor) if cursor else None
    items = reader.event_page(where, limit + 1, offset or 0, after)
    total = reader.count_events(where)
    next_url = None
    if len(items) > limit:
        items = items[:limit]
        if offset is not None:
            next_url = str(request.url.include_query_params(offset=offset + limit))
        else:
            last = items[-1]
            key = (last["date"] or "~", last["doc_id"], last["sentence"], last["event_id"])
            next_url = str(request.url.include_query_params(cursor=encode_cursor(key)))
    return page_response(chosen_format(request, fmt), items, total, next_url, EVENT_COLUMNS)


@router.get("/events/{event_id}", response_model=EventOut, responses={404: {"description": "No such event."}})
def get_event(event_id: EventId, reader: Reader) -> dict[str, Any]:
    """One event, by its id."""
    event = reader.event(event_id)
    if event is None:
        raise HTTPException(404, f"no event {event_id}")
    return event


@router.get("/clusters", response_model=ClusterPage, responses=PAGE_FORMATS)
def list_clusters(
    request: Request, reader: Reader, where: Filter, limit: Limit, offset: Offset = None,
    fmt: FormatParam = None,
) -> Response:
    """Events that report the same happening, grouped: the stored clusters.

    The visit that three articles report is one cluster of three events (``method`` gives the
    rule). Each cluster gives its id, dyad, root, date and precision, place country, the
    best-supported code and every code seen, how many mentions (``count``), documents and news
    sources, the first and last report, the mean Goldstein value, the modalities seen and the
    event ids, summed over the events that pass the filters.
    """
    start = offset or 0
    items, total = reader.clusters(where, limit, start)
    next_url = None
    if start + limit < total:
        next_url = str(request.url.include_query_params(offset=start + limit))
    return page_response(chosen_format(request, fmt), items, total, next_url, method=CLUSTER_METHOD)
