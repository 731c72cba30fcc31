"""Fixtures of the reliability tests: the real web application over the real chain.

The chain answers with the session-scoped ``hash_retriever`` (the real regulation, the tiny
hashing embedder), so these tests exercise routing, retrieval, the checker and the guards
exactly as served, without loading a real embedding model.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from assistant.answering.chain import Assistant
from assistant.answering.conversation import MemorySessionStore
from assistant.settings import Settings
from assistant.channels.web.app import create_app


def real_settings(hash_retriever, tmp_path, **overrides) -> Settings:
    values = dict(database_url=f"sqlite:///{tmp_path / 'reliability.sqlite3'}", rate_limit_per_minute=100_000,
                  llm_base_url=None)
    return hash_retriever.settings.model_copy(update=values | overrides)


def real_assistant(hash_retriever, settings: Settings) -> Assistant:
    return Assistant(settings, retriever=hash_retriever, sessions=MemorySessionStore())


def serve(settings: Settings, assistant, wait: float = 10.0) -> TestClient:
    """The application over ``assistant`` (loaded by the application's loader thread if need be)."""

    def factory(_: Settings):
        if not assistant.ready:
            assistant.load(progress=False)
        return assistant

    app = create_app(settings, assistant_factory=factory)
    client = TestClient(app, raise_server_exceptions=False)
    client.__enter__()
    app.state.services.assistant.wait(wait)
    return client


@pytest.fixture(scope="module")
def real_client(hash_retriever, tmp_path_factory):
    """The application over the real chain, no LLM; a 5xx is a failure (exceptions are not re-raised)."""
    settings = real_settings(hash_retriever, tmp_path_factory.mktemp("real-app"))
    client = serve(settings, real_assistant(hash_retriever, settings))
    yield client
    client.__exit__(None, None, None)
