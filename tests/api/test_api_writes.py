"""POST /api/documents: refused without writes on or without the token; size-limited; ingests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import dateline
from dateline.api import create_app

TOKEN = "s3cret-token"
ARTICLE = {
    "id": "api-1", "title": "Talks in Astana", "published": "2023-03-14", "source": "Example",
    "text": "ASTANA, March 14. Kazakh President Kassym-Jomart Tokayev met with Uzbek President "
            "Shavkat Mirziyoyev in Astana on Tuesday, the Kazakh presidential press service said.",
}


@pytest.fixture
def writer(tmp_path: Path, coder: Any) -> Iterator[TestClient]:
    settings = dateline.load_settings(
        environ={}, store=str(tmp_path / "store"), api_token=TOKEN, api_max_body_bytes=4000)
    with TestClient(create_app(settings, coder=coder)) as client:
        yield client


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_writes_are_off_without_a_token(tmp_path: Path) -> None:
    settings = dateline.load_settings(environ={}, store=str(tmp_path / "store"))
    with TestClient(create_app(settings)) as client:
        assert client.post("/api/documents", json=ARTICLE).status_code == 403
        assert client.post("/api/documents", json=ARTICLE, headers=auth()).status_code == 403
        assert client.get("/api/health").json()["writes"] is False


@pytest.mark.parametrize(
    "headers",
    [{}, auth("wrong"), auth(TOKEN + "x"), {"Authorization": TOKEN}, {"Authorization": f"Basic {TOKEN}"}],
)
def test_missing_or_wrong_token_is_401(writer: TestClient, headers: dict[str, str]) -> None:
    response = writer.post("/api/documents", json=ARTICLE, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_ingest_one_then_again(writer: TestClient) -> None:
    assert writer.get("/api/events").status_code == 503  # no store yet
    done = writer.post("/api/documents", json=ARTICLE, headers=auth())
    assert done.status_code == 200, done.text
    counts = done.json()
    assert (counts["read"], counts["stored"], counts["duplicate"]) == (1, 1, 0)
    assert counts["events"] >= 1 and counts["documents"] == ["api-1"]
    doc = writer.get("/api/documents/api-1").json()
    assert doc["title"] == "Talks in Astana" and doc["events"]
    assert any(s["kind"] == "actor" for s in doc["spans"])
    again = writer.post("/api/documents", json=[ARTICLE], headers=auth()).json()
    assert (again["read"], again["stored"], again["duplicate"]) == (1, 0, 1)


def test_many_at_once_with_a_reject(writer: TestClient) -> None:
    other = {**ARTICLE, "id": "feed/2", "text": ARTICLE["text"].replace("Astana", "Tashkent")}
    counts = writer.post("/api/documents", json=[ARTICLE, other, {"text": "   "}], headers=auth()).json()
    assert (counts["read"], counts["stored"]) == (3, 2)
    assert counts["rejected"] == {"empty": 1} and counts["documents"] == ["api-1", "feed/2"]
    listing = writer.get("/api/documents").json()
    assert {d["id"] for d in listing["items"]} == {"api-1", "feed/2"}
    assert "Tashkent" in writer.get("/api/documents/feed/2").json()["text"]


@pytest.mark.parametrize(
    "body",
    ['{"title": "no text"}', '{"text": ""}', '{"text": "x", "colour": "red"}', "[]", "not json", '"text"'],
)
def test_bad_bodies_are_422(writer: TestClient, body: str) -> None:
    headers = {**auth(), "Content-Type": "application/json"}
    response = writer.post("/api/documents", content=body, headers=headers)
    assert response.status_code == 422, response.text


def test_too_large_is_413(writer: TestClient) -> None:
    big = {"text": "Putin met Rahmon. " * 400}
    assert writer.post("/api/documents", json=big, headers=auth()).status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it comes
        yield b'{"text": "'
        for _ in range(100):
            yield b"Putin met Rahmon. " * 5
        yield b'"}'

    assert writer.post("/api/documents", content=chunks(), headers=auth()).status_code == 413


def test_settings_are_validated() -> None:
    with pytest.raises(dateline.ConfigError, match="api_max_body_bytes"):
        dateline.load_settings(environ={"DATELINE_API_MAX_BODY_BYTES": "0"})
    settings = dateline.load_settings(environ={"DATELINE_API_TOKEN": "abc"})
    assert settings.api_token == "abc" and "abc" not in repr(settings)
