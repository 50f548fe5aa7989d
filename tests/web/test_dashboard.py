"""`dateline serve` as a real process over a store made from the seed, and the dashboard driven
in Debian's headless Chromium (Playwright; no browser is downloaded). Screenshots go to
tests/screenshots/ (not committed)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import dateline
from conftest import ROOT, SEED

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
SHOTS = ROOT / "tests" / "screenshots"

# In CI the browser tests must run (CI installs chromium); elsewhere they need it installed.
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists() and not os.environ.get("CI"),
                                    reason="needs /usr/bin/chromium (apt-get install chromium)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str, method: str = "GET") -> tuple[int, str]:
    request = urllib.request.Request(url, method=method, data=b"{}" if method == "POST" else None,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def serve_command() -> list[str]:
    from dateline.cli import cli

    if "serve" in cli.commands:
        return [sys.executable, "-m", "dateline", "serve"]
    return [sys.executable, "-m", "dateline.cli.serve"]  # until the command is registered


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, coder: Any) -> Iterator[str]:
    store = tmp_path_factory.mktemp("web") / "store"
    dateline.ingest([str(SEED)], store=store, coder=coder)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATELINE_")}
    process = subprocess.Popen([*serve_command(), "--store", str(store), "--port", str(port)],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            if process.poll() is not None:
                pytest.fail(f"dateline serve exited: {process.stderr.read() if process.stderr else ''}")
            try:
                if fetch(base + "/api/health")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("dateline serve did not answer")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_served_command_answers(server: str) -> None:
    assert json.loads(fetch(server + "/api/health")[1])["status"] == "ok"
    assert "/api/events" in json.loads(fetch(server + "/openapi.json")[1])["paths"]
    events = json.loads(fetch(server + "/api/events?actor=RUS")[1])
    assert events["total"] > 0 and events["items"]
    doc = json.loads(fetch(f"{server}/api/documents/{events['items'][0]['doc_id']}")[1])
    assert "Putin arrived in Dushanbe" in doc["text"]
    status, html = fetch(server + "/")
    assert status == 200 and 'id="timeline"' in html
    assert fetch(server + "/api/documents", method="POST")[0] in (401, 403)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    """A page that records any request away from the server and any script error."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    outside: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: None if r.url.startswith((server, "data:")) else outside.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()
    assert outside == [], "the dashboard must work offline"
    assert errors == []


def ready(page: Any, view: str) -> None:
    page.wait_for_selector(f'body[data-ready="{view}"]', state="attached", timeout=15_000)


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def cells(page: Any, column: int) -> list[str]:
    return [str(t) for t in page.locator(f"#events tbody tr td:nth-child({column})").all_inner_texts()]


@pytest.mark.browser
@needs_chromium
def test_overview(page: Any, server: str) -> None:
    page.goto(server + "/")
    ready(page, "overview")
    total = json.loads(fetch(server + "/api/events")[1])["total"]
    assert page.locator("#timeline rect.bar").count() > 0
    assert page.locator("#map path").count() > 150
    assert page.locator("#map circle.place").count() > 0
    assert page.locator('#network g.node[data-actor="RUSGOV"]').count() == 1
    assert page.locator("#events tbody tr").count() == total
    assert page.locator("#events-total").inner_text() == f"{total} matching"
    assert "Putin arrived in Dushanbe" in page.locator("#events").inner_text()
    shot(page, "overview.png")


@pytest.mark.browser
@needs_chromium
def test_filters_live_in_the_url(page: Any, server: str) -> None:
    page.goto(server + "/?actor=TJK&interval=day")
    ready(page, "overview")
    assert page.locator("#filters input[name=actor]").input_value() == "TJK"
    assert page.locator("#interval").input_value() == "day"
    rows = list(zip(cells(page, 2), cells(page, 4), strict=True))
    assert rows and all("TJK" in source + target for source, target in rows)
    shot(page, "filtered.png")
    page.fill("#filters input[name=actor]", "")
    page.fill("#filters input[name=dyad]", "RUS,TJK")
    page.select_option("#filters select[name=modality]", "asserted")
    page.click("#filters button[type=submit]")
    ready(page, "overview")
    assert "dyad=RUS%2CTJK" in page.url and "modality=asserted" in page.url and "actor=" not in page.url
    assert set(cells(page, 5)) == {"asserted"}
    page.click('#network g.node[data-actor="RUSGOV"]')
    ready(page, "overview")
    assert "actor=RUSGOV" in page.url
    page.go_back()
    ready(page, "overview")
    assert "actor=" not in page.url


@pytest.mark.browser
@needs_chromium
def test_document_view_highlights_what_the_coder_used(page: Any, server: str) -> None:
    page.goto(server + "/")
    ready(page, "overview")
    page.locator("#events tbody tr", has_text="in Moscow on May 16").first.locator("td.evidence a").click()
    ready(page, "document")
    assert "/documents/" in page.url and "event=" in page.url
    marks = {kind: page.locator(f"#doc-text mark.{kind}").all_inner_texts()
             for kind in ("actor", "trigger", "date", "place")}
    assert "Putin" in marks["actor"] and "arrived" in marks["trigger"]
    assert "May 16" in marks["date"] and "Moscow" in marks["place"]
    focused = page.locator(".event-card.focus")
    assert focused.count() == 1 and "2022-05-16" in focused.inner_text()
    assert page.locator("#doc-text mark.focus", has_text="Moscow").count() == 1
    doc_id = page.url.split("/documents/")[1].split("?")[0]
    events = json.loads(fetch(f"{server}/api/documents/{doc_id}")[1])["events"]
    assert page.locator(".event-card").count() == len(events)
    shot(page, "document.png")
    page.click("#back")
    ready(page, "overview")
