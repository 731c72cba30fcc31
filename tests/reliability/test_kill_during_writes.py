"""A server process killed with SIGKILL in the middle of a burst of feedback writes: after a
restart, every feedback the server acknowledged (200) is in the database, on SQLite and on
PostgreSQL. A real uvicorn process, really killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from assistant.storage.database import answers, open_storage
from tests.test_vectorstore import free_port

from .storage_backends import fresh_database_url

ROOT = Path(__file__).resolve().parents[2]
WRITERS = 8
ANSWERS = 3000


def start_server(url: str, port: int, log) -> subprocess.Popen:
    env = {**os.environ, "ASSISTANT_DATABASE_URL": url, "ASSISTANT_RATE_LIMIT_PER_MINUTE": "0"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "tests.reliability.kill_target:app", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while True:
        assert proc.poll() is None, "the server exited"
        assert time.monotonic() < deadline, "the server did not start"
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.1)


def writer(base: str, ids: list[str], acknowledged: list[tuple[str, str]]) -> None:
    with httpx.Client(base_url=base, timeout=10) as client:
        for i, answer_id in enumerate(ids):
            rating = "up" if i % 2 else "down"
            try:
                response = client.post("/api/feedback", json={"answer_id": answer_id, "rating": rating})
            except httpx.HTTPError:
                return  # the server is gone: whatever was in flight was never acknowledged
            if response.status_code == 200:
                acknowledged.append((answer_id, rating))


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_every_acknowledged_feedback_survives_a_sigkill(backend, tmp_path):
    url = fresh_database_url(backend, tmp_path)
    ids = [f"{i:032x}" for i in range(ANSWERS)]
    store = open_storage(url)
    with store.engine.begin() as db:  # the answers the feedback rates, in one transaction
        db.execute(answers.insert(), [dict(answer_id=a, created_at="2026-01-01T00:00:00+00:00", question="q",
                                           lang="kk", answer="a", mode="extractive", route="regulation",
                                           abstained=0, citations="[]", latency_ms=1.0) for a in ids])
    store.close()

    port = free_port()
    with open(tmp_path / "server.log", "wb") as log:
        proc = start_server(url, port, log)
        acknowledged: list[tuple[str, str]] = []
        threads = [threading.Thread(target=writer, args=(f"http://127.0.0.1:{port}", ids[k::WRITERS], acknowledged))
                   for k in range(WRITERS)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 60
        while len(acknowledged) < 200 and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)  # in the middle of the burst
        proc.wait(10)
        for thread in threads:
            thread.join(30)
        assert 200 <= len(acknowledged) < ANSWERS, "the burst was not cut in the middle"

        proc = start_server(url, port, log)  # the restart: the database opens as it was left
        proc.terminate()
        proc.wait(10)

    store = open_storage(url)
    stored = {item.answer.answer_id: item.feedback.rating for item in store.review(limit=ANSWERS)}
    store.close()
    missing = [(a, r) for a, r in acknowledged if stored.get(a) != r]
    assert not missing, f"{len(missing)} of {len(acknowledged)} acknowledged feedback rows were lost"
