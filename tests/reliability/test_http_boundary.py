"""The HTTP boundary (issue 16, findings 4, 6 and 8): proxy headers, Host names, body sizes,
operations routes, response headers and numbers."""

from __future__ import annotations

import pytest
from fastapi import Request
from fastapi.testclient import TestClient

from assistant.errors import ConfigurationError
from assistant.channels.web.app import create_app
from tests.web.conftest import make_settings

from .kill_target import EchoAssistant


def client_of(tmp_path, address: str = "127.0.0.1", **overrides) -> TestClient:
    app = create_app(make_settings(tmp_path, **overrides), assistant_factory=lambda _: EchoAssistant())
    return TestClient(app, client=(address, 5000))


@pytest.fixture
def client(tmp_path):
    with client_of(tmp_path) as client:
        yield client


# -- finding 4: proxy headers -------------------------------------------------------------------


def seen_address(tmp_path, connection: str, forwarded_for: str, **overrides) -> str:
    """The address the rate limit counts, as the application sees it."""
    app = create_app(make_settings(tmp_path, **overrides), assistant_factory=lambda _: EchoAssistant())

    @app.get("/whoami")
    def whoami(request: Request) -> str:
        return request.client.host

    with TestClient(app, client=(connection, 5000)) as client:
        return client.get("/whoami", headers={"X-Forwarded-For": forwarded_for}).json()


@pytest.mark.parametrize(("connection", "forwarded", "trusted", "seen"), [
    ("127.0.0.1", "203.0.113.9", [], "127.0.0.1"),  # nothing trusted by default, not even loopback
    ("10.0.0.2", "203.0.113.9", ["10.0.0.2"], "203.0.113.9"),  # the named proxy
    ("10.0.0.3", "203.0.113.9", ["10.0.0.2"], "10.0.0.3"),  # another host claiming to be one
    ("10.0.0.2", "203.0.113.9, 10.0.0.7", ["10.0.0.0/24"], "203.0.113.9"),  # a chain of trusted proxies
    ("10.0.0.2", "203.0.113.9, junk", ["10.0.0.2"], "10.0.0.2"),  # junk: ignored
    ("10.0.0.2", "' OR 1=1 --", ["10.0.0.2"], "10.0.0.2"),
    ("10.0.0.2", "", ["10.0.0.2"], "10.0.0.2"),
    ("10.0.0.2", "2001:db8::1", ["10.0.0.2"], "2001:db8::1"),
])
def test_forwarded_addresses_are_believed_only_from_named_proxies_and_only_as_ips(tmp_path, connection, forwarded,
                                                                                  trusted, seen):
    assert seen_address(tmp_path, connection, forwarded, forwarded_allow_ips=trusted) == seen


def test_a_proxy_setting_that_is_no_address_stops_the_start(tmp_path):
    with pytest.raises(ConfigurationError, match="FORWARDED_ALLOW_IPS"):
        create_app(make_settings(tmp_path, forwarded_allow_ips=["proxy.local"]))


# -- finding 6: Host names and redirects ------------------------------------------------------------


def test_an_unknown_host_is_refused_and_never_reflected(client):
    response = client.get("/api/positions/", headers={"Host": "evil.example"}, follow_redirects=False)
    assert response.status_code == 400 and "location" not in response.headers
    assert "evil.example" not in response.text


def test_no_redirect_is_built_from_the_host_even_when_any_host_is_allowed(tmp_path):
    with client_of(tmp_path, allowed_hosts=["*"]) as client:
        response = client.get("/api/positions/", headers={"Host": "evil.example"}, follow_redirects=False)
    assert response.status_code == 404 and "location" not in response.headers


def test_the_default_hosts_keep_local_use_working(tmp_path):
    with client_of(tmp_path) as client:
        for host in ("localhost:8000", "127.0.0.1:8000", "testserver"):
            assert client.get("/health", headers={"Host": host}).status_code == 200


# -- finding 8: body size, operations routes, headers, numbers -------------------------------------------


def test_a_chunked_body_over_the_limit_gets_the_size_reason(client):
    def chunks():
        yield b'{"question": "'
        for _ in range(20):
            yield b"a" * 1024
        yield b'"}'

    response = client.post("/api/ask", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json() == {"detail": "the request body is larger than 16384 bytes"}


@pytest.mark.parametrize("path", ["/metrics", "/docs", "/redoc", "/openapi.json"])
def test_operations_routes_can_be_turned_off(tmp_path, path):
    with client_of(tmp_path) as client:
        assert client.get(path).status_code == 200
    with client_of(tmp_path, metrics_enabled=False, docs_enabled=False) as client:
        assert client.get(path).status_code == 404
        assert client.get("/health").status_code == 200


@pytest.mark.parametrize("path", ["/metrics", "/docs", "/redoc", "/openapi.json", "/static-offline-docs/redoc.standalone.js"])
def test_operations_routes_can_be_kept_to_an_allowlist(tmp_path, path):
    allow = ["10.0.0.0/8"]
    with client_of(tmp_path, address="10.1.2.3", internal_allow_ips=allow) as client:
        assert client.get(path).status_code == 200
    with client_of(tmp_path, address="203.0.113.5", internal_allow_ips=allow) as client:
        assert client.get(path).status_code == 404
        assert client.get("/api/positions", params={"q": "тәрбиеші"}).status_code == 200  # the API stays public


def test_json_responses_are_neither_sniffed_nor_cached(client):
    for response in (client.get("/api/positions", params={"q": "тәрбиеші"}), client.get("/health"),
                     client.post("/api/ask", json={}), client.get("/api/clauses/nope")):
        assert response.headers["content-type"].startswith("application/json")
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["cache-control"] == "no-store"
    assert client.get("/widget.js").headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("years", ["1_0", "10", " 5", "0x10", "1e1", True])
def test_years_must_be_a_json_number(client, years):
    response = client.post("/api/eligibility", json={"position": "ch2.p4", "years": years})
    assert response.status_code == 422 and response.json()["detail"].startswith("years: ")


def test_a_json_number_of_years_is_read(client):
    assert client.post("/api/eligibility", json={"position": "ch2.p4", "years": 10}).status_code == 200
    assert client.post("/api/eligibility", json={"position": "ch2.p4", "years": 2.5}).status_code == 200
