"""The databases the storage tests run against: SQLite always, PostgreSQL when a URL is given.

CI starts a PostgreSQL on loopback (scripts/ci-postgres.sh) and sets
``ASSISTANT_TEST_POSTGRES_URL``; there a missing URL fails the tests instead of skipping them.
"""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

from assistant.storage.database import database_engine, metadata

POSTGRES_ENV = "ASSISTANT_TEST_POSTGRES_URL"


def postgres_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"CI must start PostgreSQL and set {POSTGRES_ENV} (scripts/ci-postgres.sh)")
        pytest.skip(f"no PostgreSQL: set {POSTGRES_ENV} (scripts/ci-postgres.sh starts one)")
    return url


def fresh_database_url(backend: str, tmp_path) -> str:
    """An empty database of the backend: a new SQLite file, or the test PostgreSQL emptied."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    url = postgres_url()
    engine = database_engine(url)
    with engine.begin() as db:
        for table in reversed(metadata.sorted_tables):
            db.execute(sa.text(f"DROP TABLE IF EXISTS {table.name} CASCADE"))
    engine.dispose()
    return url
