"""Limits by cost, not only by count (issue 16, finding 1): one client asking worst-case questions
as fast as its rate allows must not starve everyone else.

The flood test asserts who is served and who is refused, never how fast: speed is measured by
``eval/bench_flood.py``, which prints the other client's latency under the same flood.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient

from assistant.search.embeddings import (
    QUERY_MAX_TOKENS,
    QUERY_MAX_WORD_CHARS,
    Embedder,
    HashEmbeddings,
    bounded_query,
    query_vector,
)
from assistant.channels.web.app import create_app
from tests.web.conftest import FakeAssistant, make_settings

WORST_CASE = "т" * 1000  # one «word» of 1,000 letters: ~2 s of CPU for the unbounded e5 query


class RecordingEmbedder(Embedder):
    """The hashing embedder, counting one token per character (the worst a tokenizer does), that
    records every query text it is given."""

    name = "recording"

    def __init__(self) -> None:
        self.inner, self.queries = HashEmbeddings(), []

    @property
    def identity(self) -> str:
        return self.inner.identity

    def query_tokens(self, text: str) -> int:
        return len(text)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        self.queries.append(text)
        return self.inner.embed_query(text)


def test_the_query_embedder_never_reads_more_than_the_bound_through_the_api(real_client, hash_retriever, monkeypatch):
    recording = RecordingEmbedder()
    monkeypatch.setattr(hash_retriever, "_embedder", recording)
    questions = [WORST_CASE, "т " * 500, "Тәрбиешінің " * 83, "😀" * 1000]
    for question in questions:
        assert real_client.post("/api/ask", json={"question": question}).status_code == 200
    assert recording.queries, "the dense retriever was not asked"
    for text in recording.queries:
        assert recording.query_tokens(text) <= QUERY_MAX_TOKENS
        assert max(len(word) for word in text.split()) <= QUERY_MAX_WORD_CHARS


def test_a_question_within_the_bounds_is_embedded_as_it_is():
    question = "Мектепке дейінгі ұйым\nәдіскерінің  біліктілік талаптары қандай?"
    assert bounded_query(question, RecordingEmbedder()) == question


def test_a_repeated_question_is_embedded_once():
    recording = RecordingEmbedder()
    for _ in range(3):
        query_vector(recording, "Тәрбиешінің міндеттері қандай?")
    assert recording.queries == ["Тәрбиешінің міндеттері қандай?"]


class HeldAssistant(FakeAssistant):
    """Answers at once, except the flooder's worst-case questions, which hold until released."""

    def __init__(self) -> None:
        super().__init__()
        self.release, self.holding = threading.Event(), threading.Semaphore(0)

    def answer(self, question, session=None, lang=None, default_lang=None):
        if question == WORST_CASE:
            self.holding.release()
            self.release.wait(10)
        return super().answer(question, session, lang, default_lang)


def two_clients(tmp_path, **limits) -> tuple[HeldAssistant, TestClient, TestClient]:
    held = HeldAssistant()
    app = create_app(make_settings(tmp_path, **limits), assistant_factory=lambda _: held)
    flooder = TestClient(app, client=("203.0.113.66", 4000))
    flooder.__enter__()
    app.state.services.assistant.wait(5)
    return held, flooder, TestClient(app, client=("198.51.100.7", 5000))


def test_a_flooding_client_gets_429_beyond_its_cap_while_another_client_is_served(tmp_path):
    held, flooder, other = two_clients(tmp_path, max_concurrent_answers=2, max_answers_per_client=1)
    try:
        with ThreadPoolExecutor(8) as pool:
            first = pool.submit(flooder.post, "/api/ask", json={"question": WORST_CASE})
            assert held.holding.acquire(timeout=10)  # the flooder's first answer is being computed
            flood = [pool.submit(flooder.post, "/api/ask", json={"question": WORST_CASE}) for _ in range(7)]
            refused = [f.result(timeout=10) for f in flood]
            served = other.post("/api/ask", json={"question": "Тәрбиешінің міндеттері қандай?"})
            held.release.set()
            assert first.result(timeout=10).status_code == 200
    finally:
        held.release.set()
        flooder.__exit__(None, None, None)
    assert served.status_code == 200, served.text
    assert [r.status_code for r in refused] == [429] * 7
    assert all(r.headers["Retry-After"] and "being answered" in r.json()["detail"] for r in refused)


def test_past_the_answer_slots_a_question_waits_briefly_then_gets_503_with_retry_after(tmp_path):
    held, flooder, other = two_clients(tmp_path, max_concurrent_answers=1, max_answers_per_client=1,
                                       answer_wait_s=0.3)
    try:
        with ThreadPoolExecutor(2) as pool:
            first = pool.submit(flooder.post, "/api/ask", json={"question": WORST_CASE})
            assert held.holding.acquire(timeout=10)
            busy = other.post("/api/ask/stream", json={"question": "Тәрбиешінің міндеттері қандай?"})
            held.release.set()
            assert first.result(timeout=10).status_code == 200
        later = other.post("/api/ask", json={"question": "Тәрбиешінің міндеттері қандай?"})
    finally:
        held.release.set()
        flooder.__exit__(None, None, None)
    assert busy.status_code == 503 and int(busy.headers["Retry-After"]) >= 1
    assert "busy" in busy.json()["detail"]
    assert later.status_code == 200  # the slot was given back


def test_the_answer_slots_are_given_back_after_refusals_and_errors(tmp_path):
    _, flooder, other = two_clients(tmp_path, max_concurrent_answers=1, max_answers_per_client=1,
                                       answer_wait_s=0.3)
    try:
        # refused inside the answer (over the length limit): each gives back its place and its slot
        refused = [flooder.post("/api/ask", json={"question": "ә" * 1001}).status_code for _ in range(5)]
        statuses = [other.post("/api/ask", json={"question": "тәрбиеші"}).status_code for _ in range(3)]
    finally:
        flooder.__exit__(None, None, None)
    assert refused == [422] * 5 and statuses == [200, 200, 200]
