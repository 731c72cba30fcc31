"""Rate limits across workers: two applications (two workers, or two machines) sharing one
database count the same client's requests together, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from assistant.errors import ConfigurationError
from assistant.storage.ratelimit import DatabaseRateLimiter, make_rate_limiter
from assistant.settings import Settings
from assistant.storage.database import open_storage, rate_hits
from assistant.channels.web.app import create_app

from .kill_target import EchoAssistant
from .storage_backends import fresh_database_url


def worker(url: str, store: str) -> TestClient:
    settings = Settings(database_url=url, rate_limit_per_minute=5, rate_limit_store=store)
    client = TestClient(create_app(settings, assistant_factory=lambda _: EchoAssistant()))
    client.__enter__()
    client.app.state.services.assistant.wait(5)
    return client


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_workers_sharing_the_database_share_the_limit(backend, tmp_path, monkeypatch):
    # mid-minute, so that the eight requests fall in one fixed window however long they take
    monkeypatch.setattr(DatabaseRateLimiter, "clock", staticmethod(lambda: 1_800_000_030.0))
    url = fresh_database_url(backend, tmp_path)
    first, second = worker(url, "database"), worker(url, "database")
    try:
        statuses = [(first if i % 2 else second).post("/api/ask", json={"question": "тәрбиеші"}).status_code
                    for i in range(8)]
        assert statuses == [200] * 5 + [429] * 3
        refused = first.post("/api/ask", json={"question": "тәрбиеші"})
        assert 1 <= int(refused.headers["retry-after"]) <= 60 and "too many requests" in refused.json()["detail"]
        assert first.get("/health").status_code == 200  # operations are never throttled
    finally:
        first.__exit__(None, None, None)
        second.__exit__(None, None, None)


def test_memory_limits_are_per_worker(tmp_path):
    url = fresh_database_url("sqlite", tmp_path)
    first, second = worker(url, "memory"), worker(url, "memory")
    try:
        statuses = [(first if i % 2 else second).post("/api/ask", json={"question": "q"}).status_code for i in range(8)]
        assert statuses == [200] * 8  # 4 each: under each worker's own 5
    finally:
        first.__exit__(None, None, None)
        second.__exit__(None, None, None)


def test_an_unknown_store_is_a_configuration_error(tmp_path):
    with pytest.raises(ConfigurationError, match="rate limit store"):
        make_rate_limiter("carrier-pigeon", 5, open_storage(f"sqlite:///{tmp_path / 'x.sqlite3'}"))


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_counts_of_clients_that_never_come_back_are_swept(backend, tmp_path, monkeypatch):
    url = fresh_database_url(backend, tmp_path)
    storage = open_storage(url)
    limiter = DatabaseRateLimiter(storage, per_minute=5)
    try:
        for minute, clients in ((0, ["198.51.100.1", "198.51.100.2"]), (1, ["198.51.100.3"]), (3, ["198.51.100.4"])):
            monkeypatch.setattr(DatabaseRateLimiter, "clock", staticmethod(lambda m=minute: 1_800_000_030.0 + 60 * m))
            for client in clients:
                assert limiter.retry_after(client) is None
        with storage.engine.connect() as db:
            rows = db.execute(sa.select(rate_hits.c.client)).scalars().all()
    finally:
        storage.close()
    assert rows == ["198.51.100.4"]  # the first three never returned: their minutes are over
