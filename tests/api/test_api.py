"""The HTTP API in-process (FastAPI's TestClient) over a real store made from the seed dispatch."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import dateline
from conftest import ROOT, SEED
from dateline.api import create_app


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, coder: Any) -> Path:
    path = tmp_path_factory.mktemp("api") / "store"
    counts = dateline.ingest([str(SEED)], store=path, coder=coder)
    assert counts.stored == 1 and counts.events > 5
    return path


@pytest.fixture(scope="module")
def client(store: Path) -> Iterator[TestClient]:
    settings = dateline.load_settings(environ={}, store=str(store))
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def everything(client: TestClient) -> list[dict[str, Any]]:
    page = client.get("/api/events", params={"limit": 1000}).json()
    assert page["total"] == len(page["items"]) and page["next"] is None
    return list(page["items"])


def items(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    response = client.get("/api/events", params={"limit": 1000, **params})
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


def test_health_and_schema(client: TestClient) -> None:
    health = client.get("/api/health").json()
    assert health == {"status": "ok", "version": dateline.__version__, "store": "ok",
                      "documents": 1, "writes": False}
    schema = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/events/{event_id}", "/api/clusters", "/api/documents/{doc_id}",
                 "/api/timeline", "/api/dyads", "/api/network", "/api/actors", "/api/stats"):
        assert path in schema["paths"], path
    limit = next(p for p in schema["paths"]["/api/events"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 1000 and limit["schema"]["minimum"] == 1
    assert "/" not in schema["paths"]  # the dashboard is not part of the API


def test_actor_filter_finds_russia(client: TestClient, everything: list[dict[str, Any]]) -> None:
    russian = items(client, actor="RUS")
    assert russian and len(russian) < len(everything) + 1
    for event in russian:
        assert "RUS" in (event["source"]["code"][:3], (event["target"] or {}).get("code", "")[:3])
    assert items(client, actor="rusgov") == [e for e in russian if "RUSGOV" in
                                             (e["source"]["code"], (e["target"] or {}).get("code"))]


def test_dyad_is_either_direction(client: TestClient) -> None:
    one, other = items(client, dyad="RUS,TJK"), items(client, dyad="TJK,RUS")
    assert one and one == other
    for event in one:
        assert {event["source"]["code"][:3], event["target"]["code"][:3]} == {"RUS", "TJK"}


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"cameo": "04"}, lambda e: e["cameo"].startswith("04")),
        ({"cameo": "042"}, lambda e: e["cameo"] == "042"),
        ({"quad_class": 1}, lambda e: e["quad_class"] == 1),
        ({"since": "2022-06", "until": "2022-06"}, lambda e: e["date"].startswith("2022-06")),
        ({"since": "2022-05-16", "until": "2022-05-16"}, lambda e: e["date"] == "2022-05-16"),
        ({"modality": "planned"}, lambda e: e["modality"] == "planned"),
        ({"country": "rus"}, lambda e: e["location"]["country"] == "RUS"),
        ({"q": "moscow"}, lambda e: "Moscow" in e["evidence"]["text"]),
        ({"source": "tass"}, lambda e: e["doc_id"]),
    ],
)
def test_filters(client: TestClient, params: dict[str, Any], check: Any) -> None:
    found = items(client, **params)
    assert found, params
    assert all(check(e) for e in found)


def test_filters_that_match_nothing(client: TestClient) -> None:
    assert items(client, quad_class=4) == []
    assert items(client, source="Reuters") == []
    assert items(client, q="no such words anywhere") == []


@pytest.mark.parametrize(
    "params",
    [{"limit": 0}, {"limit": 1001}, {"offset": -1}, {"actor": "RUS;DROP"}, {"dyad": "RUS"},
     {"cameo": "4"}, {"quad_class": 5}, {"since": "June 2022"}, {"modality": "rumoured"},
     {"country": "R1"}, {"format": "xml"}, {"cursor": "not a cursor!"}],
)
def test_bad_parameters_are_422(client: TestClient, params: dict[str, Any]) -> None:
    assert client.get("/api/events", params=params).status_code == 422


def test_pages_by_cursor_and_by_offset(client: TestClient, everything: list[dict[str, Any]]) -> None:
    ids = [e["event_id"] for e in everything]
    for first in ("/api/events?limit=3", "/api/events?limit=3&offset=0"):
        seen: list[str] = []
        url: str | None = first
        while url:
            page = client.get(url).json()
            assert page["total"] == len(ids)
            seen += [e["event_id"] for e in page["items"]]
            url = page["next"]
            assert url is None or ("cursor=" in url) == ("offset" not in first)
        assert seen == ids
    assert client.get("/api/events", params={"offset": 1, "cursor": "WyIiXQ=="}).status_code == 400
    assert client.get("/api/events", params={"cursor": "WyIiXQ=="}).status_code == 400


def test_csv_and_json_lines(client: TestClient, everything: list[dict[str, Any]]) -> None:
    by_header = client.get("/api/events?actor=RUS", headers={"Accept": "text/csv"})
    by_param = client.get("/api/events?actor=RUS&format=csv")
    assert by_header.text == by_param.text
    assert by_header.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(by_header.text)))
    assert len(rows) == int(by_header.headers["x-total-count"]) == len(items(client, actor="RUS"))
    assert {"event_id", "source.code", "target.code", "cameo", "evidence.text"} <= set(rows[0])
    lines = client.get("/api/events", headers={"Accept": "application/x-ndjson"}, params={"limit": 2})
    assert lines.headers["content-type"].startswith("application/x-ndjson")
    parsed = [json.loads(line) for line in lines.text.splitlines()]
    assert parsed == everything[:2]
    assert 'rel="next"' in lines.headers["link"]


def test_one_event(client: TestClient, everything: list[dict[str, Any]]) -> None:
    event = everything[0]
    assert client.get(f"/api/events/{event['event_id']}").json() == event
    assert client.get("/api/events/0000").status_code == 404


def test_clusters(client: TestClient, everything: list[dict[str, Any]]) -> None:
    page = client.get("/api/clusters", params={"limit": 1000}).json()
    assert "reciprocal" in page["method"]
    assert sum(c["count"] for c in page["items"]) == len(everything)
    grouped = sorted(i for c in page["items"] for i in c["event_ids"])
    assert grouped == sorted(e["event_id"] for e in everything)


def test_document_with_spans(client: TestClient, everything: list[dict[str, Any]]) -> None:
    doc_id = everything[0]["doc_id"]
    doc = client.get(f"/api/documents/{doc_id}").json()
    text = doc["text"]
    assert "Putin arrived in Dushanbe" in text and doc["published"] == "2022-06-28"
    assert len(doc["events"]) == len(everything)
    for span in doc["spans"]:
        assert text[span["start"]:span["end"]] == span["text"]
    found = {(s["kind"], s["text"]) for s in doc["spans"]}
    assert {("actor", "Putin"), ("place", "Moscow"), ("date", "May 16"), ("trigger", "arrived")} <= found
    placed = {i for s in doc["spans"] for i in s["events"]} | set(doc["unplaced"])
    assert placed == {e["event_id"] for e in everything}
    moscow = next(e for e in doc["events"] if e["date"] == "2022-05-16")
    kinds = {s["kind"] for s in doc["spans"] if moscow["event_id"] in s["events"]}
    assert kinds == {"actor", "trigger", "date", "place"}
    assert client.get("/api/documents/nope").status_code == 404
    listing = client.get("/api/documents").json()
    assert listing["total"] == 1 and listing["items"][0]["id"] == doc_id


def test_timeline_counts_every_event_once(client: TestClient, everything: list[dict[str, Any]]) -> None:
    for interval in ("day", "week", "month", "year"):
        timeline = client.get("/api/timeline", params={"interval": interval}).json()
        assert sum(p["total"] for p in timeline["items"]) + timeline["coarser"] == len(everything)
        assert all(p["total"] == p["q1"] + p["q2"] + p["q3"] + p["q4"] for p in timeline["items"])
    months = [p["period"] for p in client.get("/api/timeline").json()["items"]]
    assert months == ["2022-02", "2022-03", "2022-04", "2022-05", "2022-06"]
    assert client.get("/api/timeline", params={"interval": "hour"}).status_code == 422


def test_dyads_network_actors_places_stats(client: TestClient) -> None:
    dyads = client.get("/api/dyads", params={"level": "country"}).json()["items"]
    assert (dyads[0]["a"], dyads[0]["b"]) == ("RUS", "TJK")
    network = client.get("/api/network").json()
    assert {"RUSGOV", "TJKGOV"} <= {n["id"] for n in network["nodes"]}
    assert all(isinstance(e["goldstein"], float) and e["count"] > 0 for e in network["edges"])
    actors = client.get("/api/actors", params={"limit": 2}).json()["items"]
    assert actors[0]["code"] == "RUSGOV" and actors[0]["name"] == "Vladimir Putin"
    places = client.get("/api/places").json()["items"]
    assert "Moscow" in {p["name"] for p in places}
    stats = client.get("/api/stats").json()
    assert stats["stored"] == 1 and stats["event_counts"]["quad_class"]


def test_dashboard_pages_and_offline_assets(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "<title>dateline</title>" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert client.get("/documents/anything").text == page.text
    static = ROOT / "src/dateline/web/static"
    for path in sorted(static.iterdir()):
        assert client.get(f"/static/{path.name}").status_code == 200
        if path.suffix in {".js", ".css"}:
            outside = path.read_text().replace("http://www.w3.org/2000/svg", "")
            assert "http://" not in outside and "https://" not in outside, path.name
    world = client.get("/static/world.json").json()
    assert len(world["countries"]) > 150


def test_host_header_is_checked_when_asked(store: Path) -> None:
    settings = dateline.load_settings(environ={}, store=str(store))
    app = create_app(settings, allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://127.0.0.1") as local:
        assert local.get("/api/health").status_code == 200
        assert local.get("/api/health", headers={"Host": "rebound.example"}).status_code == 400


def test_no_store_is_503(tmp_path: Path) -> None:
    settings = dateline.load_settings(environ={}, store=str(tmp_path / "none"))
    with TestClient(create_app(settings)) as empty:
        assert empty.get("/api/events").status_code == 503
        assert empty.get("/api/health").json()["store"] == "missing"
