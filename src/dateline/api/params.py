"""Query parameters shared by several endpoints, each validated, and the answers' formats."""

from __future__ import annotations

import base64
import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Annotated, Any, Literal

from fastapi import Depends, HTTPException, Query, Request
from fastapi.responses import Response

from dateline.store.search import EventFilter

_CODE = r"^[A-Za-z0-9]{1,16}$"
_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
_TEXT = 200

Level = Literal["code", "country"]
Format = Literal["json", "csv", "jsonl"]


def event_filter(
    actor: Annotated[str | None, Query(pattern=_CODE, description="An actor code or its start: RUS, RUSGOV (source or target).")] = None,  # noqa: E501
    dyad: Annotated[str | None, Query(pattern=r"^[A-Za-z0-9]{1,16},[A-Za-z0-9]{1,16}$", description="Two actor codes (or starts), either direction: RUS,TJK.")] = None,  # noqa: E501
    cameo: Annotated[str | None, Query(pattern=r"^\d{2,4}$", description="A CAMEO code or root: 04, 042.")] = None,  # noqa: E501
    quad_class: Annotated[int | None, Query(ge=1, le=4, description="1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.")] = None,  # noqa: E501
    since: Annotated[str | None, Query(pattern=_DATE, description="Event date on or after: 2022, 2022-06, 2022-06-28.")] = None,  # noqa: E501
    until: Annotated[str | None, Query(pattern=_DATE, description="Event date on or before (2022-06 takes all of June).")] = None,  # noqa: E501
    modality: Annotated[Literal["asserted", "planned", "negated", "hypothetical"] | None, Query()] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2,8}$", description="Country code of the event's place.")] = None,  # noqa: E501
    source: Annotated[str | None, Query(min_length=1, max_length=_TEXT, description="News source of the document: TASS.")] = None,  # noqa: E501
    q: Annotated[str | None, Query(min_length=1, max_length=_TEXT, description="Words in the evidence sentence.")] = None,  # noqa: E501
) -> EventFilter:
    pair = tuple(dyad.split(",")) if dyad else None
    return EventFilter(
        actor=actor, dyad=(pair[0], pair[1]) if pair else None, cameo=cameo, quad_class=quad_class,
        since=since, until=until, modality=modality, country=country, source=source, q=q,
    )


Filter = Annotated[EventFilter, Depends(event_filter)]


def page_limit(
    request: Request,
    limit: Annotated[int, Query(ge=1, description="At most this many items (1 to the server's api_max_page_size, 1000 by default).")] = 100,  # noqa: E501
) -> int:
    """A page's ``limit``, at most the ``api_max_page_size`` setting (asked over it: 422)."""
    largest: int = request.app.state.dateline.settings.api_max_page_size
    if limit > largest and "limit" not in request.query_params:
        return largest  # the default, on a server whose pages are smaller
    if limit > largest:
        raise HTTPException(422, f"limit {limit} is over the largest page, {largest}: "
                                 "take the next pages with offset or cursor")
    return limit


Limit = Annotated[int, Depends(page_limit)]
Offset = Annotated[int | None, Query(ge=0, le=100_000_000, description="Skip this many items.")]
Cursor = Annotated[str | None, Query(
    max_length=1000, pattern=r"^[A-Za-z0-9_-]+={0,2}$",
    description="Continue after the item this cursor names (from a page's next).",
)]
FormatParam = Annotated[Format | None, Query(
    alias="format", description="json (default), csv or jsonl; else chosen by the Accept header.",
)]


def encode_cursor(key: Sequence[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(key)).encode()).decode()


def decode_cursor(cursor: str) -> tuple[str, str, int, str]:
    """The sort key a cursor names; a cursor that was not made here is refused with 400."""
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        date, doc, sentence, event = key
        if not (isinstance(date, str) and isinstance(doc, str) and isinstance(event, str)
                and isinstance(sentence, int) and not isinstance(sentence, bool)
                and -(2**31) <= sentence < 2**31):
            raise ValueError(key)
    except (ValueError, TypeError, UnicodeDecodeError) as error:
        raise HTTPException(400, "bad cursor: pass the one a page's 'next' gives") from error
    return date, doc, sentence, event


def chosen_format(request: Request, given: Format | None) -> Format:
    if given:
        return given
    accept = request.headers.get("accept", "").lower()
    if "text/csv" in accept:
        return "csv"
    if any(kind in accept for kind in ("application/x-ndjson", "application/jsonl", "application/jsonlines")):
        return "jsonl"
    return "json"


def flat(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested fields as dotted columns: ``source.code``; lists as JSON."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict):
            out.update(flat(value, f"{prefix}{key}."))
        elif isinstance(value, list):
            out[f"{prefix}{key}"] = json.dumps(value, ensure_ascii=False)
        else:
            out[f"{prefix}{key}"] = value
    return out


def to_csv(rows: Iterable[dict[str, Any]], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(flat(row))
    return buffer.getvalue()


def page_response(
    fmt: Format, items: list[dict[str, Any]], total: int, next_url: str | None,
    columns: list[str] | None = None, **extra: Any,
) -> Response:
    """A page as JSON (``items``, ``total``, ``next``), CSV or JSON lines (with the total and the
    next page's URL in the ``X-Total-Count`` and ``Link`` headers)."""
    if fmt == "json":
        page = {"items": items, "total": total, "next": next_url, **extra}
        return Response(json.dumps(page, ensure_ascii=False, default=str), media_type="application/json")
    headers = {"X-Total-Count": str(total)}
    if next_url:
        headers["Link"] = f'<{next_url}>; rel="next"'
    if fmt == "jsonl":
        body = "".join(json.dumps(row, ensure_ascii=False, default=str) + "\n" for row in items)
        return Response(body, media_type="application/x-ndjson", headers=headers)
    names = columns or list(dict.fromkeys(k for row in items for k in flat(row)))
    return Response(to_csv(items, names), media_type="text/csv; charset=utf-8",
                    headers=headers)


#: The columns of an events CSV, in order.
EVENT_COLUMNS = [
    "event_id", "doc_id", "sentence", "published", "date", "date_precision", "date_basis",
    "source.text", "source.name", "source.code", "source.country", "source.role",
    "target.text", "target.name", "target.code", "target.country", "target.role",
    "cameo", "cameo_root", "quad_class", "goldstein", "plover.event", "plover.mode", "modality",
    "location.name", "location.country", "location.lat", "location.lon",
    "evidence.text", "evidence.trigger", "evidence.rule", "confidence",
]

#: What the page formats look like in the OpenAPI schema.
PAGE_FORMATS: dict[int | str, dict[str, Any]] = {200: {"content": {
    "text/csv": {"schema": {"type": "string"}},
    "application/x-ndjson": {"schema": {"type": "string"}},
}}}
