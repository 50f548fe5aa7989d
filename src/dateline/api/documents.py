"""``/api/documents``: the stored articles, one with its events and their spans, and writes."""

from __future__ import annotations

import hashlib
import hmac
import json
import tempfile
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import TypeAdapter, ValidationError

import dateline
from dateline.api.app import AppState, Reader, country_names, state_of
from dateline.api.models import DocumentIn, DocumentOut, DocumentPage, IngestOut
from dateline.api.params import PAGE_FORMATS, FormatParam, Limit, Offset, chosen_format, page_response
from dateline.api.spans import document_spans
from dateline.records import Document
from dateline.store.search import EventFilter

router = APIRouter(prefix="/api", tags=["documents"])

# Ids are the caller's (any text, even a URL with slashes) or a content hash.
DocId = Annotated[str, Path(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]+$")]
_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
_INPUT: TypeAdapter[DocumentIn | list[DocumentIn]] = TypeAdapter(DocumentIn | list[DocumentIn])
#: The body's schema, for the OpenAPI document (the body is read by hand, to bound its size).
_ONE = DocumentIn.model_json_schema()
_bearer = HTTPBearer(auto_error=False, description="The server's api_token setting.")


@router.get("/documents", response_model=DocumentPage, responses=PAGE_FORMATS)
def list_documents(
    request: Request, reader: Reader, limit: Limit,
    source: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
    since: Annotated[str | None, Query(pattern=_DATE, description="Published on or after.")] = None,
    until: Annotated[str | None, Query(pattern=_DATE, description="Published on or before.")] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=200, description="Words in text or title.")] = None,  # noqa: E501
    offset: Offset = None, fmt: FormatParam = None,
) -> Response:
    """The stored documents without their text, by publication date, with their event counts."""
    start = offset or 0
    items, total = reader.document_page(source, since, until, q, limit, start)
    next_url = str(request.url.include_query_params(offset=start + limit)) if start + limit < total else None
    return page_response(chosen_format(request, fmt), items, total, next_url)


@router.get("/documents/{doc_id:path}", response_model=DocumentOut, responses={404: {"description": "No such document."}})  # noqa: E501
def get_document(doc_id: DocId, reader: Reader) -> dict[str, Any]:
    """A document with its text, its events, and the character spans (``text[start:end]``) of
    every actor, trigger, date and place that the coder used, each listing its events.

    The store keeps the words, not their offsets: they are found again in the text sentence by
    sentence (the method is in ``dateline.api.spans``). An actor or place that the coder took
    from earlier in the text ("he" is Putin) is marked where it last stood before the sentence,
    with ``antecedent: true``.
    """
    document = reader.document(doc_id)
    if document is None:
        raise HTTPException(404, f"no document {doc_id}")
    events = reader.event_page(EventFilter(doc_id=doc_id), 100_000)
    events.sort(key=lambda e: (e.get("sentence") or 0, e["event_id"]))
    names = country_names()
    return {**document, "events": events,
            **document_spans(document["text"] or "", events, lambda code: names.get(code))}


def same_secret(given: str, secret: str) -> bool:
    """Whether ``given`` is ``secret``, in a time that tells nothing of either: their SHA-256
    digests (of one length, whatever the lengths of the two) are compared in constant time."""
    return hmac.compare_digest(hashlib.sha256(given.encode()).digest(),
                               hashlib.sha256(secret.encode()).digest())


def _authorised(state: AppState, credentials: HTTPAuthorizationCredentials | None) -> None:
    token = state.settings.api_token
    if not token:
        raise HTTPException(403, "writes are disabled: the server has no api_token setting")
    given = credentials.credentials if credentials and credentials.scheme.lower() == "bearer" else ""
    if not given or not same_secret(given, token):
        raise HTTPException(401, "a valid bearer token is needed to write",
                            headers={"WWW-Authenticate": "Bearer"})


@router.post(
    "/documents", response_model=IngestOut,
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {
        "oneOf": [_ONE, {"type": "array", "items": _ONE, "minItems": 1}],
    }}}}},
    responses={401: {"description": "No token, or a wrong one."},
               403: {"description": "Writes are disabled (no api_token set)."},
               413: {"description": "The body is over api_max_body_bytes."}},
)
async def post_documents(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> dict[str, Any]:
    """Ingest one article or a list of them (``{id?, text, title?, published?, source?, url?}``):
    parsed, coded and stored as ``dateline ingest`` does. Needs ``Authorization: Bearer TOKEN``
    with the server's ``api_token``; bodies over ``api_max_body_bytes`` are refused with 413.
    Answers the accounting (read, stored, duplicate, rejected, events) and the documents' ids.
    """
    state = state_of(request)
    _authorised(state, credentials)
    body = await _read_body(request, state.settings.api_max_body_bytes)
    try:
        given = _INPUT.validate_json(body)
    except ValidationError as error:
        detail = json.loads(error.json(include_url=False, include_input=False))
        raise HTTPException(422, detail) from error
    items = given if isinstance(given, list) else [given]
    if not items:
        raise HTTPException(422, "no documents given")
    return await run_in_threadpool(_ingest, state, items)


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"the body is over {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise HTTPException(413, f"the body is over {limit} bytes")
    return bytes(body)


def _ingest(state: AppState, items: list[DocumentIn]) -> dict[str, Any]:
    settings = state.settings
    with state.write_lock, tempfile.TemporaryDirectory(prefix="dateline-api-") as folder:
        path = FilePath(folder) / "posted.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for item in items:
                out.write(json.dumps(item.model_dump(exclude_none=True), ensure_ascii=False) + "\n")
        ids = [r.id for r in dateline.read_documents([str(path)], format="jsonl", settings=settings)
               if isinstance(r, Document)]
        counts = dateline.ingest([str(path)], store=settings.store, format="jsonl",
                                 settings=settings, coder=state.coder())
    return {**counts.as_dict(), "documents": ids}
