"""A property-based fuzz run of the HTTP API from its own OpenAPI schema (schemathesis, in-process
over ASGI): for every operation, parameters and bodies that fit the schema and ones that do not,
no answer is a server error (5xx). Bounded to a few examples per operation and mode, so that it
runs in well under a minute. (Schemathesis's pytest plugin is not used: its lazy fixture loader
does not run on this pytest; its Hypothesis strategies are driven directly instead.)"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

import dateline
from conftest import SEED
from dateline.api import create_app

TOKEN = "fuzz-token"
EXAMPLES = 15
FIGURES = os.environ.get("FUZZ_FIGURES")  # a file to write the answers' statuses to


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory, coder: Any) -> Any:
    store = tmp_path_factory.mktemp("fuzz") / "store"
    dateline.ingest([str(SEED)], store=store, coder=coder)
    config = dateline.load_settings(environ={}, store=str(store), api_token=TOKEN,
                                    api_max_body_bytes=20_000)
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(config, coder=coder))


def operations(schema: Any) -> dict[str, Any]:
    found = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        found[f"{operation.method.upper()} {operation.path}"] = operation
    return found


def test_the_schema_has_every_endpoint(api_schema: Any) -> None:
    assert set(operations(api_schema)) == {
        "GET /api/health", "GET /api/stats", "GET /api/timeline", "GET /api/dyads", "GET /api/network",
        "GET /api/actors", "GET /api/places", "GET /api/events", "GET /api/events/{event_id}",
        "GET /api/clusters", "GET /api/documents", "GET /api/documents/{doc_id}", "POST /api/documents",
    }


def fuzz(operation: Any, mode: GenerationMode, statuses: Counter[str]) -> None:
    """Run one operation's examples; count the answers by status."""
    name = f"{operation.method.upper()} {operation.path}"
    headers = {"Authorization": f"Bearer {TOKEN}"} if operation.method.upper() == "POST" else None

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck),
              derandomize=True, database=None)
    def run(case: Any) -> None:
        response = case.call_and_validate(headers=headers, checks=[not_a_server_error])
        statuses[f"{name} {response.status_code}"] += 1

    run()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_server_errors(api_schema: Any, mode: GenerationMode) -> None:
    statuses: Counter[str] = Counter()
    for _, operation in sorted(operations(api_schema).items()):
        takes = len(operation.query) + len(operation.path_parameters) + len(operation.body)
        if takes or mode == GenerationMode.POSITIVE:  # nothing to get wrong in GET /api/health
            fuzz(operation, mode, statuses)
    assert sum(statuses.values()) >= len(operations(api_schema))
    assert not [key for key in statuses if key.rsplit(" ", 1)[1].startswith("5")]
    if FIGURES:
        with Path(FIGURES).open("a", encoding="utf-8") as out:
            out.writelines(f"{mode} {k}: {v}\n" for k, v in sorted(statuses.items()))
