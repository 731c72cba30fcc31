"""Property-based fuzzing of the HTTP API from its own OpenAPI schema (schemathesis): every
operation, over the real chain and a real server on loopback, answers without a 5xx."""

from __future__ import annotations

from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode

from assistant.channels.web.app import create_app
from tests.telegram.test_webhook import Server

from .conftest import real_assistant, real_settings

CASES: Counter[str] = Counter()
STATUSES: Counter[str] = Counter()


@pytest.fixture(scope="module")
def served(hash_retriever, tmp_path_factory):
    settings = real_settings(hash_retriever, tmp_path_factory.mktemp("fuzz"))
    assistant = real_assistant(hash_retriever, settings)
    app = create_app(settings, assistant_factory=lambda _: assistant)
    with Server(app) as url:
        app.state.services.assistant.wait(10)
        yield url


@pytest.fixture(scope="module")
def api_schema(served):
    return schemathesis.openapi.from_url(f"{served}/openapi.json")


OPERATIONS = [("POST", "/api/ask"), ("POST", "/api/ask/stream"), ("POST", "/api/feedback"),
              ("POST", "/api/eligibility"), ("GET", "/api/eligibility/options"), ("GET", "/api/positions"),
              ("GET", "/api/clauses/{clause_id}"), ("POST", "/telegram/webhook"), ("GET", "/health"),
              ("GET", "/metrics")]  # the widget and the demo page are not in the schema


# Inputs that break the schema exist only for operations that declare some.
WITHOUT_DECLARED_INPUT = {("POST", "/telegram/webhook"), ("GET", "/health"), ("GET", "/metrics")}
RUNS = [(m, p, mode) for m, p in OPERATIONS for mode in GenerationMode
        if mode is GenerationMode.POSITIVE or (m, p) not in WITHOUT_DECLARED_INPUT]


@pytest.mark.parametrize(("method", "path", "mode"), RUNS, ids=[f"{m} {p} {mode.value}" for m, p, mode in RUNS])
def test_no_operation_answers_with_a_server_error(api_schema, served, method, path, mode):
    """Inputs that fit the schema (positive) and inputs that break it (negative)."""
    operation = api_schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
              database=None)
    def fuzz(case):
        response = case.call_and_validate(base_url=served, checks=[not_a_server_error], timeout=30)
        CASES[f"{method} {path}"] += 1
        STATUSES[f"{method} {path} {mode.value}: {response.status_code}"] += 1

    fuzz()


def test_every_operation_of_the_schema_is_fuzzed(api_schema):
    listed = {(r.ok().method.upper(), r.ok().path) for r in api_schema.get_all_operations()}
    assert listed == set(OPERATIONS)


def test_the_fuzzer_reached_every_operation(capsys):
    """Runs after the fuzzing above (file order): each operation was called, the answers counted."""
    assert CASES, "the fuzzing test did not run"
    for path in ("POST /api/ask", "POST /api/ask/stream", "POST /api/feedback", "POST /api/eligibility"):
        assert CASES[path] >= 20, CASES
    assert not [s for s in STATUSES if s.endswith(": 5")]
    with capsys.disabled():
        print(f"\nfuzzed {sum(CASES.values())} requests over {len(CASES)} operations:")
        for line in sorted(STATUSES):
            print(f"  {line} × {STATUSES[line]}")
