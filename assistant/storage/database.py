"""Durable store of answers, the feedback people give on them, and conversation sessions.

One storage layer for every worker of every machine: SQLAlchemy over the database named by
``Settings.database_url``, SQLite by default (one file, WAL: readers never block the
writer, and the workers of one machine share it), PostgreSQL for several machines
(``postgresql://user:password@host/db``, driven by pg8000). The API workers keep nothing
of their own, so any of them can take any request.

An answer is logged when it is given (question, answer text, citations, latency), so
feedback that arrives later, possibly at another worker, finds it by ``answer_id``.

A database that is locked or briefly unavailable is retried with backoff; when it stays
away the call raises :class:`NotReady` (HTTP 503): feedback is acknowledged only once it
is committed, so it is never silently lost.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from contextlib import nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, Protocol, TypeVar

import sqlalchemy as sa
from pydantic import BaseModel, Field
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.pool import StaticPool

from ..answering.conversation import Session
from ..errors import ConfigurationError, NotReady, UnknownReference

log = logging.getLogger(__name__)

Rating = Literal["up", "down"]
T = TypeVar("T")


def _now() -> datetime:
    return datetime.now(UTC)


class AnswerRecord(BaseModel):
    """One answer as given: what was asked, what was said, what was cited, how fast."""

    answer_id: str
    question: str
    lang: str
    answer: str
    mode: str
    route: str
    abstained: bool = False
    citations: list[str] = Field(default_factory=list, description="cited clause ids, in order")
    latency_ms: float
    created_at: datetime = Field(default_factory=_now)


class FeedbackRecord(BaseModel):
    answer_id: str
    rating: Rating
    comment: str | None = None
    created_at: datetime = Field(default_factory=_now)


class ReviewItem(BaseModel):
    """Feedback joined with the answer it rates: what QA staff read."""

    feedback: FeedbackRecord
    answer: AnswerRecord


class Storage(Protocol):
    def save_answer(self, record: AnswerRecord) -> None: ...

    def save_feedback(self, feedback: FeedbackRecord) -> None:
        """Store (or replace) the feedback on one answer; UnknownReference if no such answer."""

    def answer(self, answer_id: str) -> AnswerRecord | None: ...

    def review(self, limit: int = 100, rating: Rating | None = None) -> list[ReviewItem]:
        """The latest feedback first, each with its answer."""

    def close(self) -> None: ...


# The columns keep the types of the first (sqlite3) schema, so existing files open as they are.
metadata = sa.MetaData()
answers = sa.Table(
    "answers", metadata,
    sa.Column("answer_id", sa.Text, primary_key=True),
    sa.Column("created_at", sa.Text, nullable=False),  # ISO 8601 in UTC: sorts as text
    sa.Column("question", sa.Text, nullable=False),
    sa.Column("lang", sa.Text, nullable=False),
    sa.Column("answer", sa.Text, nullable=False),
    sa.Column("mode", sa.Text, nullable=False),
    sa.Column("route", sa.Text, nullable=False),
    sa.Column("abstained", sa.Integer, nullable=False),
    sa.Column("citations", sa.Text, nullable=False),  # JSON list of clause ids
    sa.Column("latency_ms", sa.Float, nullable=False),
)
feedback = sa.Table(
    "feedback", metadata,
    sa.Column("answer_id", sa.Text, sa.ForeignKey("answers.answer_id"), primary_key=True),
    sa.Column("created_at", sa.Text, nullable=False, index=True),
    sa.Column("rating", sa.Text, sa.CheckConstraint("rating IN ('up', 'down')"), nullable=False),
    sa.Column("comment", sa.Text),
)
sessions = sa.Table(
    "sessions", metadata,
    sa.Column("session_id", sa.Text, primary_key=True),
    sa.Column("updated", sa.Float, nullable=False, index=True),
    sa.Column("data", sa.Text, nullable=False),  # the Session as JSON
)

# Requests of one client in one minute, when the rate limit is counted in the database.
rate_hits = sa.Table(
    "rate_hits", metadata,
    sa.Column("client", sa.Text, primary_key=True),
    sa.Column("window", sa.Integer, primary_key=True),  # minutes since the epoch
    sa.Column("hits", sa.Integer, nullable=False),
)


def database_engine(database_url: str, wait_s: float = 5.0) -> Engine:
    """An engine for ``sqlite:///PATH``, ``sqlite:///:memory:`` or ``postgresql://…``, whose errors never
    show the bound parameters (``hide_parameters``): they are what people typed."""
    try:
        url = sa.engine.make_url(database_url)
    except sa.exc.ArgumentError as exc:
        raise ConfigurationError("the database URL cannot be read; use sqlite:///PATH or postgresql://…") from exc
    if url.get_backend_name() == "postgresql":
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+pg8000")  # pure Python, BSD licence
        return sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5, hide_parameters=True)
    if url.get_backend_name() != "sqlite":
        raise ConfigurationError(
            f"unsupported database URL «{database_url.split(':', 1)[0]}:…»; use sqlite:///PATH or postgresql://…"
        )
    return _sqlite_engine(url, wait_s)


def _sqlite_engine(url: sa.engine.URL, wait_s: float) -> Engine:
    memory = url.database in (None, "", ":memory:")
    if not memory:
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(
        url, connect_args={"check_same_thread": False, "timeout": wait_s},  # SQLite's own wait on a lock
        poolclass=StaticPool if memory else None,  # one in-memory database, not one per thread
        hide_parameters=True,  # an error logged or raised never quotes a question, an answer or a comment
    )

    @sa.event.listens_for(engine, "connect")
    def _pragmas(connection, _record) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # NORMAL is durable across application crashes (even SIGKILL) in WAL mode; only an
        # OS crash can lose the last transactions, which is acceptable for a feedback log.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


def _transient(exc: DBAPIError) -> bool:
    """A database that is locked, busy or briefly unreachable (worth a retry), not a bad statement."""
    return isinstance(exc, OperationalError) or exc.connection_invalidated


class SQLStorage:
    """The :class:`Storage` over SQLAlchemy; thread-safe (a pool of connections)."""

    def __init__(self, database_url: str, retry_s: float = 10.0) -> None:
        self.url = database_url
        self.retry_s = retry_s  # how long a locked or unreachable database is retried before NotReady (503)
        self.engine = database_engine(database_url, wait_s=min(5.0, retry_s))
        memory = self.engine.dialect.name == "sqlite" and isinstance(self.engine.pool, StaticPool)
        self._lock = threading.Lock() if memory else nullcontext()  # one shared connection
        self._run(lambda: metadata.create_all(self.engine))

    # -- retries ------------------------------------------------------------------
    def _run(self, work: Callable[[], T]) -> T:
        delay, deadline = 0.05, time.monotonic() + self.retry_s
        while True:
            try:
                with self._lock:
                    return work()
            except (DBAPIError, OSError) as exc:  # a driver may let a reset socket through unwrapped
                if isinstance(exc, DBAPIError) and not _transient(exc):
                    raise
                if isinstance(exc, OSError) or exc.connection_invalidated:
                    self.engine.dispose()  # the pooled connections are dead too: open new ones
                if time.monotonic() + delay > deadline:
                    log.error("database unavailable after retries: %s", exc)
                    raise NotReady("the database is busy or unavailable; nothing was stored, try again") from exc
                log.warning("database busy or unavailable, retrying: %s", getattr(exc, "orig", exc))
                time.sleep(delay)
                delay = min(delay * 2, 1.0)

    def _upsert(self, table: sa.Table):
        return (postgresql if self.engine.dialect.name == "postgresql" else sqlite).insert(table)

    # -- answers and feedback ----------------------------------------------------------
    def save_answer(self, record: AnswerRecord) -> None:
        row = record.model_dump(exclude={"created_at", "citations"})
        row |= {"created_at": record.created_at.isoformat(), "citations": json.dumps(record.citations),
                "abstained": int(record.abstained)}

        def work() -> None:
            with self.engine.begin() as db:
                db.execute(answers.insert(), row)

        self._run(work)

    def save_feedback(self, record: FeedbackRecord) -> None:
        insert = self._upsert(feedback).values(answer_id=record.answer_id, created_at=record.created_at.isoformat(),
                                               rating=record.rating, comment=record.comment)
        statement = insert.on_conflict_do_update(
            index_elements=[feedback.c.answer_id],
            set_={"created_at": insert.excluded.created_at, "rating": insert.excluded.rating,
                  "comment": sa.func.coalesce(insert.excluded.comment, feedback.c.comment)},
        )

        def work() -> bool:
            # Looked up first: drivers report a foreign key violation under different classes.
            with self.engine.begin() as db:
                if db.execute(sa.select(answers.c.answer_id).where(answers.c.answer_id == record.answer_id)).first():
                    db.execute(statement)
                    return True
                return False

        if not self._run(work):
            raise UnknownReference(f"no answer has the id «{record.answer_id}»")

    def answer(self, answer_id: str) -> AnswerRecord | None:
        def work():
            with self.engine.connect() as db:
                return db.execute(sa.select(answers).where(answers.c.answer_id == answer_id)).mappings().first()

        row = self._run(work)
        return _answer_from_row(row) if row else None

    def review(self, limit: int = 100, rating: Rating | None = None) -> list[ReviewItem]:
        query = (
            sa.select(answers, feedback.c.created_at.label("f_created_at"), feedback.c.rating, feedback.c.comment)
            .join(feedback, feedback.c.answer_id == answers.c.answer_id)
            .order_by(feedback.c.created_at.desc()).limit(limit)
        )
        if rating is not None:
            query = query.where(feedback.c.rating == rating)

        def work():
            with self.engine.connect() as db:
                return db.execute(query).mappings().all()

        return [
            ReviewItem(feedback=FeedbackRecord(answer_id=r["answer_id"], created_at=r["f_created_at"],
                                               rating=r["rating"], comment=r["comment"]),
                       answer=_answer_from_row(r))
            for r in self._run(work)
        ]

    def feedback_count(self) -> int:
        def work() -> int:
            with self.engine.connect() as db:
                return db.execute(sa.select(sa.func.count()).select_from(feedback)).scalar_one()

        return self._run(work)

    # -- conversation sessions -----------------------------------------------------------
    def session(self, session_id: str) -> Session | None:
        def work():
            with self.engine.connect() as db:
                return db.execute(sa.select(sessions.c.data).where(sessions.c.session_id == session_id)).scalar()

        data = self._run(work)
        return Session.model_validate_json(data) if data else None

    def save_session(self, session: Session) -> None:
        insert = self._upsert(sessions).values(session_id=session.id, updated=session.updated,
                                               data=session.model_dump_json())
        statement = insert.on_conflict_do_update(
            index_elements=[sessions.c.session_id],
            set_={"updated": insert.excluded.updated, "data": insert.excluded.data})

        def work() -> None:
            with self.engine.begin() as db:
                db.execute(statement)

        self._run(work)

    def forget_sessions(self, older_than: float) -> int:
        """Delete sessions last used before ``older_than`` (a time.time() value); how many went."""
        def work() -> int:
            with self.engine.begin() as db:
                return db.execute(sessions.delete().where(sessions.c.updated < older_than)).rowcount

        return self._run(work)

    # -- rate limit counts ------------------------------------------------------------------
    def count_hit(self, client: str, window: int) -> int:
        """Count one request of ``client`` in minute ``window``; the count so far (this one included)."""
        insert = self._upsert(rate_hits).values(client=client, window=window, hits=1)
        statement = insert.on_conflict_do_update(
            index_elements=[rate_hits.c.client, rate_hits.c.window], set_={"hits": rate_hits.c.hits + 1},
        ).returning(rate_hits.c.hits)

        def work() -> int:
            with self.engine.begin() as db:
                return db.execute(statement).scalar_one()

        return self._run(work)

    def forget_hits(self, before: int) -> int:
        """Delete the counts of every minute before ``before``; how many went."""
        def work() -> int:
            with self.engine.begin() as db:
                return db.execute(rate_hits.delete().where(rate_hits.c.window < before)).rowcount

        return self._run(work)

    def close(self) -> None:
        self.engine.dispose()


class SQLiteStorage(SQLStorage):
    """The store in one SQLite file (or ``:memory:``)."""

    def __init__(self, path: str | Path) -> None:
        super().__init__(f"sqlite:///{path}")


class DatabaseSessionStore:
    """Conversation sessions in the database: a follow-up may reach any worker on any machine.

    Sessions unused for ``ttl_s`` are not returned, and are deleted now and then.
    """

    def __init__(self, storage: SQLStorage, ttl_s: float = 6 * 3600, sweep_every: int = 500) -> None:
        self.storage, self.ttl_s, self.sweep_every = storage, ttl_s, sweep_every
        self._saves = 0

    def get(self, session_id: str) -> Session | None:
        session = self.storage.session(session_id)
        if session is None or time.time() - session.updated > self.ttl_s:
            return None
        return session

    def save(self, session: Session) -> None:
        self.storage.save_session(session)
        self._saves += 1
        if self._saves % self.sweep_every == 0:
            self.storage.forget_sessions(time.time() - self.ttl_s)


def _answer_from_row(row) -> AnswerRecord:
    data = {c.name: row[c.name] for c in answers.columns}
    data["abstained"] = bool(data["abstained"])
    data["citations"] = json.loads(data["citations"])
    return AnswerRecord(**data)


def open_storage(database_url: str) -> SQLStorage:
    """``sqlite:///relative/or/absolute/path``, ``sqlite:///:memory:`` or ``postgresql://user:pw@host/db``."""
    return SQLStorage(database_url)
