"""A Chroma server that is away at start, goes away while serving and comes back: /health says
not ready with a reason, /api/ask answers 503 with a reason (never a stack trace), and the
service recovers by itself. A real `chroma run` on loopback, killed and restarted."""

from __future__ import annotations

import subprocess
import time

import httpx
import pytest

from assistant.answering.chain import Assistant
from assistant.answering.conversation import MemorySessionStore
from assistant.search.retrieval import Retriever
from assistant.settings import Settings
from assistant.channels.web.services import AssistantSlot
from tests.test_vectorstore import chroma_executable, free_port, wait_for_heartbeat

from .conftest import serve

QUESTION = "Тәрбиешінің лауазымдық міндеттері қандай?"


class ChromaServer:
    def __init__(self, port: int, path) -> None:
        self.port, self.path, self.proc = port, path, None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [chroma_executable(), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={"ANONYMIZED_TELEMETRY": "False", "PATH": "/usr/bin:/bin"},
        )
        wait_for_heartbeat(self.port, self.proc)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


def wait_until(check, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "the condition did not come true in time"
        time.sleep(0.2)


def assert_unavailable(client) -> None:
    health = client.get("/health")
    assert health.status_code == 503 and health.json()["ready"] is False
    assert "Chroma" in health.json()["reason"] or "vector store" in health.json()["reason"]
    asked = client.post("/api/ask", json={"question": QUESTION})
    assert asked.status_code == 503, asked.text
    assert asked.headers["retry-after"] and "vector store" in asked.json()["detail"]
    assert "Traceback" not in asked.text and "127.0.0.1" not in asked.text


def test_the_service_waits_for_the_chroma_server_and_recovers_when_it_returns(tmp_path, monkeypatch):
    monkeypatch.setattr(AssistantSlot, "retry_max_s", 0.5)
    port = free_port()
    settings = Settings(embedder="hash", index_dir=tmp_path / "index", chroma_host="127.0.0.1", chroma_port=port,
                        collection="reliability", database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}",
                        rate_limit_per_minute=100_000, llm_base_url=None)
    assistant = Assistant(settings, retriever=Retriever(settings), sessions=MemorySessionStore())
    server = ChromaServer(port, tmp_path / "chroma-data")
    client = serve(settings, assistant, wait=1.0)  # the loader keeps retrying: the server is away
    try:
        wait_until(lambda: "reason" in client.get("/health").json())  # its first attempt has failed
        assert_unavailable(client)  # away at start
        server.start()
        wait_until(lambda: client.get("/health").status_code == 200)
        assert client.post("/api/ask", json={"question": QUESTION}).status_code == 200

        server.kill()  # away while serving
        time.sleep(1.1)  # past the remembered heartbeat
        assert_unavailable(client)
        assert client.get("/health").json()["status"] == "unavailable"

        server.start()  # back, with its data: the same client reconnects
        wait_until(lambda: client.get("/health").status_code == 200)
        answer = client.post("/api/ask", json={"question": QUESTION})
        assert answer.status_code == 200 and answer.json()["citations"]
    finally:
        client.__exit__(None, None, None)
        server.kill()
