"""Shared fixtures. The parsed regulation is loaded once per test session."""

from __future__ import annotations

import pytest

from assistant.regulation.corpus import load_document


@pytest.fixture(scope="session")
def doc():
    return load_document()


@pytest.fixture(scope="session")
def hash_retriever(tmp_path_factory):
    """A retriever over the real regulation with the tiny hashing embedder, its index built once."""
    from assistant.search.retrieval import Retriever
    from assistant.settings import Settings

    settings = Settings(embedder="hash", index_dir=tmp_path_factory.mktemp("hash-index"))
    retriever = Retriever(settings)
    retriever.load(progress=False)
    return retriever


@pytest.fixture
def fake_llm():
    """A fake OpenAI-compatible endpoint over real HTTP, replies queued by the test."""
    from tests.fakes.openai_server import FakeOpenAI

    server = FakeOpenAI().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def module_fake_llm():
    """The same, shared by a module's tests (clear ``replies`` before queuing)."""
    from tests.fakes.openai_server import FakeOpenAI

    server = FakeOpenAI().start()
    yield server
    server.stop()
