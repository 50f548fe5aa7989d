"""The API's limits: the largest page (a setting), the write token compared in constant time, and
no route that serves a file by its path (path traversal on a real server, over a raw socket, so
that no client tidies the path first)."""

from __future__ import annotations

import hmac
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient

import dateline
from conftest import EXAMPLES, SEED
from dateline.api import create_app
from dateline.api import documents as documents_api

MARKER = "marker-that-must-never-be-served"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, coder: Any) -> Path:
    root = tmp_path_factory.mktemp("limits") / "store"
    dateline.ingest([str(SEED), str(EXAMPLES / "articles.jsonl")], store=root, coder=coder)
    return root


def client(store: Path, **settings: Any) -> TestClient:
    return TestClient(create_app(dateline.load_settings(environ={}, store=str(store), **settings)))


@pytest.mark.parametrize("path", ["/api/events", "/api/clusters", "/api/documents"])
def test_pages_are_no_larger_than_the_setting(store: Path, path: str) -> None:
    with client(store, api_max_page_size=2) as api:
        assert api.get(path, params={"limit": 2}).status_code == 200
        over = api.get(path, params={"limit": 3})
        assert over.status_code == 422 and "largest page, 2" in over.text
        assert len(api.get(path).json()["items"]) <= 2  # the default shrinks to the largest page
        name = path.split("/")[-1]
        limit = next(p for p in api.get("/openapi.json").json()["paths"][path]["get"]["parameters"]
                     if p["name"] == "limit")
        assert limit["schema"]["maximum"] == 2 and limit["schema"]["default"] == 2, name
    with client(store) as api:
        assert api.get(path, params={"limit": 1000}).status_code == 200
        assert api.get(path, params={"limit": 1001}).status_code == 422


def test_the_token_is_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Through hmac.compare_digest, over digests of one length: neither the place of the first
    wrong character nor the length of the token given changes what is compared."""
    compared: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(documents_api.hmac, "compare_digest", spy)
    secret = "correct-horse-battery-staple"
    for given in ("Xorrect-horse-battery-staple", "correct-horse-battery-stapleX", "c", secret * 50):
        assert not documents_api.same_secret(given, secret)
    assert documents_api.same_secret(secret, secret)
    assert len(compared) == 5
    assert {len(a) for a, _ in compared} == {len(b) for _, b in compared} == {32}
    assert all(isinstance(a, bytes) and isinstance(b, bytes) for a, b in compared)


@pytest.fixture(scope="module")
def server(store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path]]:
    """``dateline serve``'s app under uvicorn on a loopback port; and a secret file beside it."""
    secret = tmp_path_factory.mktemp("secret") / "secret.txt"
    secret.write_text(MARKER)
    settings = dateline.load_settings(environ={}, store=str(store))
    app = create_app(settings, allowed_hosts=["127.0.0.1", "localhost"])
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    uv = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=uv.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.02)
    yield listener.getsockname()[1], secret
    uv.should_exit = True
    thread.join(timeout=30)


def raw_get(port: int, target: str) -> tuple[int, bytes]:
    """GET ``target`` exactly as written (no client normalises it): status and body."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        conn.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


def traversals(secret: Path) -> list[str]:
    static = Path(str(dateline.__file__)).parent / "web" / "static"
    up_to_secret = os.path.relpath(secret, static)
    up_to_code = "../../api/app.py"  # dateline/web/static/../../api/app.py
    plain = [up_to_secret, up_to_code, "../" * 12 + "etc/passwd", "/etc/passwd", str(secret)]
    encoded = [p.replace("/", "%2f").replace("..", "%2e%2e") for p in plain]
    doubled = [p.replace("/", "%252f").replace("..", "%252e%252e") for p in plain]
    backslashed = [p.replace("/", "\\") for p in plain]
    return plain + encoded + doubled + backslashed + [p.replace("../", "..;/") for p in plain]


ROUTES: dict[str, Callable[[str], str]] = {
    "static": lambda p: "/static/" + p,
    "static, doubled slash": lambda p: "/static//" + p,
    "document": lambda p: "/api/documents/" + p,
    "event": lambda p: "/api/events/" + p,
    "dashboard document page": lambda p: "/documents/" + p,
    "root": lambda p: "/" + p,
}


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_no_route_serves_a_file_by_its_path(server: tuple[int, Path], route: str) -> None:
    port, secret = server
    app_code = (Path(str(dateline.__file__)).parent / "api" / "app.py").read_text()
    dashboard = raw_get(port, "/")[1]
    tried = 0
    for attempt in traversals(secret):
        target = ROUTES[route](attempt).replace(" ", "%20")
        status, body = raw_get(port, target)
        tried += 1
        assert MARKER.encode() not in body, target
        assert b"root:x:0:0" not in body and b"def create_app" not in body, target
        assert app_code.encode()[:200] not in body, target
        # A miss, a refusal, or the dashboard's page (it draws the document from the JSON API).
        assert status in (400, 404, 405, 422) or (status == 200 and body == dashboard), (target, status)
    assert tried >= 20
    assert raw_get(port, "/static/app.js")[0] == 200  # the static files are served, by name
