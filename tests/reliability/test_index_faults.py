"""A corrupted or stale local index under the web service: detected at start, rebuilt, and the
service becomes ready and answers with citations (the hashing embedder keeps it quick)."""

from __future__ import annotations

import chromadb
import pytest

from assistant.answering.chain import Assistant
from assistant.answering.conversation import MemorySessionStore
from assistant.search.retrieval import Retriever
from assistant.settings import Settings

from .conftest import serve
from .test_vector_store_faults import QUESTION, wait_until


def corrupt(index_dir) -> None:
    (index_dir / "chroma" / "chroma.sqlite3").write_bytes(b"not a database" * 100)


def half_built(index_dir) -> None:
    client = chromadb.PersistentClient(path=str(index_dir / "chroma"))
    client.get_collection("regulation").modify(metadata={"state": "building"})


@pytest.mark.parametrize("damage", [corrupt, half_built])
def test_a_damaged_index_is_rebuilt_and_the_service_answers(tmp_path, damage):
    settings = Settings(embedder="hash", index_dir=tmp_path / "index", llm_base_url=None, rate_limit_per_minute=0,
                        database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    Retriever(settings).load(progress=False)
    chromadb.api.shared_system_client.SharedSystemClient.clear_system_cache()  # as a new process would
    damage(settings.index_dir)
    chromadb.api.shared_system_client.SharedSystemClient.clear_system_cache()

    retriever = Retriever(settings)
    client = serve(settings, Assistant(settings, retriever=retriever, sessions=MemorySessionStore()), wait=60)
    try:
        wait_until(lambda: client.get("/health").status_code == 200)
        answer = client.post("/api/ask", json={"question": QUESTION})
        assert answer.status_code == 200 and answer.json()["citations"]
        assert retriever.vectors.staleness() is None  # rebuilt, current
    finally:
        client.__exit__(None, None, None)
