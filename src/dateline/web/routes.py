"""The dashboard's pages and static files, served by the API's app.

``/`` is the overview (timeline, map, network, events table) and ``/documents/{id}`` one article
with its events highlighted; both are the same page, which draws itself from the JSON API
(``/api/...``: each page's JSON twin). Filters live in the query string, so a view can be shared.
Everything is shipped in the package: ``static/`` (JS, CSS, ``world.json``) and ``templates/``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

import dateline

router = APIRouter(include_in_schema=False)


def _folder(name: str) -> Path:
    return Path(str(resources.files("dateline").joinpath("web", name)))


def _page() -> HTMLResponse:
    html = (_folder("templates") / "index.html").read_text(encoding="utf-8")
    return HTMLResponse(html.replace("{{version}}", dateline.__version__))


@router.get("/")
def overview() -> HTMLResponse:
    return _page()


@router.get("/documents/{doc_id:path}")
def document_page(doc_id: str) -> HTMLResponse:
    return _page()


def mount_static(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=_folder("static")), name="static")
