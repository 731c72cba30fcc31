"""The one storage layer on SQLite and on PostgreSQL: answers, feedback, sessions, several
workers sharing one database, a database locked or briefly unavailable."""

from __future__ import annotations

import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from assistant.answering.conversation import Session, Turn
from assistant.errors import NotReady, UnknownReference
from assistant.settings import Settings
from assistant.storage.database import AnswerRecord, DatabaseSessionStore, FeedbackRecord, SQLStorage, open_storage
from assistant.channels.web.app import create_app

from .kill_target import EchoAssistant
from .storage_backends import fresh_database_url


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    return fresh_database_url(request.param, tmp_path)


@pytest.fixture
def store(url):
    storage = open_storage(url)
    yield storage
    storage.close()


def record(answer_id: str, **changes) -> AnswerRecord:
    values = dict(answer_id=answer_id, question="Тәрбиешінің міндеттері? 😀 '; DROP TABLE answers; --", lang="kk",
                  answer="…", mode="extractive", route="regulation", citations=["ch2.p4.c24"], latency_ms=3.5)
    return AnswerRecord(**(values | changes))


def ident(i: int) -> str:
    return f"{i:032x}"


def test_answers_and_feedback_round_trip(store):
    store.save_answer(record(ident(1), abstained=True))
    store.save_feedback(FeedbackRecord(answer_id=ident(1), rating="down", comment="пункт не тот"))
    store.save_feedback(FeedbackRecord(answer_id=ident(1), rating="up"))
    [item] = store.review()
    assert (item.feedback.rating, item.feedback.comment) == ("up", "пункт не тот")
    assert item.answer == store.answer(ident(1)) and item.answer.abstained and item.answer.citations == ["ch2.p4.c24"]
    assert item.answer.question.endswith("DROP TABLE answers; --")
    with pytest.raises(UnknownReference):
        store.save_feedback(FeedbackRecord(answer_id=ident(2), rating="up"))
    assert store.answer(ident(2)) is None and store.feedback_count() == 1


def test_review_filters_by_rating_newest_first(store):
    for i, rating in enumerate(["up", "down", "down"]):
        store.save_answer(record(ident(i)))
        store.save_feedback(FeedbackRecord(answer_id=ident(i), rating=rating))
    assert [i.answer.answer_id for i in store.review(rating="down")] == [ident(2), ident(1)]
    assert len(store.review(limit=1)) == 1


def test_workers_share_answers_feedback_and_sessions(url):
    worker_a, worker_b = open_storage(url), open_storage(url)
    try:
        worker_a.save_answer(record(ident(7)))
        worker_b.save_feedback(FeedbackRecord(answer_id=ident(7), rating="up"))  # another worker, same answer
        assert worker_a.review()[0].feedback.rating == "up"
        session = Session(id="s1")
        session.add(Turn(question="тәрбиеші", lang="kk", route="regulation", position_ids=["ch2.p4"]))
        DatabaseSessionStore(worker_a).save(session)
        again = DatabaseSessionStore(worker_b).get("s1")
        assert again is not None and again.last.position_ids == ["ch2.p4"]
    finally:
        worker_a.close()
        worker_b.close()


def test_sessions_expire_and_are_swept(store):
    sessions = DatabaseSessionStore(store, ttl_s=60, sweep_every=2)
    old = Session(id="old", updated=time.time() - 120)
    store.save_session(old)
    assert sessions.get("old") is None and sessions.get("missing") is None
    sessions.save(Session(id="new"))
    sessions.save(Session(id="newer"))  # the second save sweeps
    assert store.session("old") is None and sessions.get("new") is not None


def test_concurrent_writers_lose_nothing(store):
    ids = [ident(100 + i) for i in range(200)]
    for answer_id in ids:
        store.save_answer(record(answer_id))
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda a: store.save_feedback(FeedbackRecord(answer_id=a, rating="down")), ids))
    assert store.feedback_count() == len(ids)


def hold_sqlite_lock(path: str, seconds: float, locked: threading.Event) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN EXCLUSIVE")
    locked.set()
    time.sleep(seconds)
    db.execute("COMMIT")
    db.close()


@contextmanager
def locked_store(tmp_path, retry_s: float, hold_s: float):
    """A store with one answer, whose SQLite file another process-like connection locks for ``hold_s``."""
    path = str(tmp_path / "locked.sqlite3")
    store = SQLStorage(f"sqlite:///{path}", retry_s=retry_s)
    store.save_answer(record(ident(1)))
    locked = threading.Event()
    holder = threading.Thread(target=hold_sqlite_lock, args=(path, hold_s, locked))
    holder.start()
    locked.wait(5)
    try:
        yield store
    finally:
        holder.join()


def test_a_locked_sqlite_database_is_waited_for_and_the_feedback_is_stored(tmp_path):
    with locked_store(tmp_path, retry_s=5.0, hold_s=1.5) as store:
        store.save_feedback(FeedbackRecord(answer_id=ident(1), rating="up"))  # waits for the lock, then commits
    assert store.feedback_count() == 1


def test_a_database_locked_too_long_is_not_ready_and_stores_nothing(tmp_path):
    with locked_store(tmp_path, retry_s=0.6, hold_s=2.5) as store:
        with pytest.raises(NotReady, match="nothing was stored"):
            store.save_feedback(FeedbackRecord(answer_id=ident(1), rating="up"))
    assert store.feedback_count() == 0  # refused, so not acknowledged: the client tries again


@pytest.mark.parametrize(("retry_s", "status", "stored"), [(5.0, 200, 1), (0.6, 503, 0)])
def test_feedback_over_http_on_a_locked_database_is_stored_or_refused_never_lost(tmp_path, retry_s, status, stored):
    with locked_store(tmp_path, retry_s=retry_s, hold_s=1.5) as store:
        app = create_app(Settings(rate_limit_per_minute=0), assistant_factory=lambda _: EchoAssistant(), storage=store)
        with TestClient(app) as client:
            response = client.post("/api/feedback", json={"answer_id": ident(1), "rating": "down"})
    assert response.status_code == status
    if status == 503:
        assert response.headers["retry-after"] and "nothing was stored" in response.json()["detail"]
    assert store.feedback_count() == stored


def test_postgresql_connections_cut_by_the_server_are_replaced(tmp_path):
    url = fresh_database_url("postgresql", tmp_path)
    store = open_storage(url)
    admin = sa.create_engine(store.engine.url, isolation_level="AUTOCOMMIT")
    for i in range(10):
        store.save_answer(record(ident(i)))
        with admin.connect() as db:  # what a server restart or a failover does to open connections
            cut = db.execute(sa.text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                     "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar()
        assert cut >= 1
        store.save_feedback(FeedbackRecord(answer_id=ident(i), rating="down"))
    admin.dispose()
    assert store.feedback_count() == 10
    store.close()
