"""Shared fixtures. The parsed regulation is loaded once per test session."""

from __future__ import annotations

import pytest

from assistant.corpus import load_document


@pytest.fixture(scope="session")
def doc():
    return load_document()


@pytest.fixture(scope="session")
def hash_retriever(tmp_path_factory):
    """A retriever over the real regulation with the tiny hashing embedder, its index built once."""
    from assistant.retrieval import Retriever
    from assistant.settings import Settings

    settings = Settings(embedder="hash", index_dir=tmp_path_factory.mktemp("hash-index"))
    retriever = Retriever(settings)
    retriever.load(progress=False)
    return retriever
