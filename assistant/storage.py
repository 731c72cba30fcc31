"""Durable store of answers and the feedback people give on them, for QA staff to review.

The interface is deliberately small (:class:`Storage`: save an answer, save feedback on
it, read them back) so that another database can replace SQLite behind
:func:`open_storage`. SQLite runs in WAL mode: readers never block the writer, and
several server workers can share one file.

An answer is logged when it is given (question, answer text, citations, latency), so
feedback that arrives later, possibly at another worker, finds it by ``answer_id``.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, Protocol

from pydantic import BaseModel, Field

from .errors import ConfigurationError, UnknownReference

Rating = Literal["up", "down"]


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


SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    answer_id  TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    question   TEXT NOT NULL,
    lang       TEXT NOT NULL,
    answer     TEXT NOT NULL,
    mode       TEXT NOT NULL,
    route      TEXT NOT NULL,
    abstained  INTEGER NOT NULL,
    citations  TEXT NOT NULL,
    latency_ms REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    answer_id  TEXT PRIMARY KEY REFERENCES answers(answer_id),
    created_at TEXT NOT NULL,
    rating     TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment    TEXT
);
CREATE INDEX IF NOT EXISTS feedback_created ON feedback(created_at);
"""

ANSWER_COLUMNS = "a.answer_id, a.created_at, a.question, a.lang, a.answer, a.mode, a.route, a.abstained, a.citations, a.latency_ms"


class SQLiteStorage:
    """One connection per process, serialised by a lock (calls come from a thread pool)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=10)
        self._db.execute("PRAGMA journal_mode=WAL")
        # NORMAL is durable across application crashes in WAL mode; only an OS crash can
        # lose the last transactions, which is acceptable for a feedback log.
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(SCHEMA)

    def save_answer(self, record: AnswerRecord) -> None:
        row = (
            record.answer_id, record.created_at.isoformat(), record.question, record.lang, record.answer,
            record.mode, record.route, int(record.abstained), json.dumps(record.citations), record.latency_ms,
        )
        with self._lock:
            self._db.execute("INSERT INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row)

    def save_feedback(self, feedback: FeedbackRecord) -> None:
        row = (feedback.answer_id, feedback.created_at.isoformat(), feedback.rating, feedback.comment)
        with self._lock:
            try:
                self._db.execute(
                    "INSERT INTO feedback VALUES (?, ?, ?, ?) ON CONFLICT(answer_id) DO UPDATE SET "
                    "created_at = excluded.created_at, rating = excluded.rating, "
                    "comment = COALESCE(excluded.comment, feedback.comment)",
                    row,
                )
            except sqlite3.IntegrityError as exc:
                raise UnknownReference(f"no answer has the id «{feedback.answer_id}»") from exc

    def answer(self, answer_id: str) -> AnswerRecord | None:
        with self._lock:
            row = self._db.execute(f"SELECT {ANSWER_COLUMNS} FROM answers a WHERE a.answer_id = ?", (answer_id,)).fetchone()
        return _answer_from_row(row) if row else None

    def review(self, limit: int = 100, rating: Rating | None = None) -> list[ReviewItem]:
        query = (
            f"SELECT f.answer_id, f.created_at, f.rating, f.comment, {ANSWER_COLUMNS} "
            "FROM feedback f JOIN answers a USING (answer_id) "
            "WHERE (? IS NULL OR f.rating = ?) ORDER BY f.created_at DESC LIMIT ?"
        )
        with self._lock:
            rows = self._db.execute(query, (rating, rating, limit)).fetchall()
        return [
            ReviewItem(
                feedback=FeedbackRecord(answer_id=r[0], created_at=r[1], rating=r[2], comment=r[3]),
                answer=_answer_from_row(r[4:]),
            )
            for r in rows
        ]

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _answer_from_row(row: tuple) -> AnswerRecord:
    keys = ["answer_id", "created_at", "question", "lang", "answer", "mode", "route", "abstained", "citations", "latency_ms"]
    data = dict(zip(keys, row, strict=True))
    data["abstained"] = bool(data["abstained"])
    data["citations"] = json.loads(data["citations"])
    return AnswerRecord(**data)


def open_storage(database_url: str) -> Storage:
    """``sqlite:///relative/or/absolute/path`` (``sqlite:////abs`` also works) or ``sqlite:///:memory:``."""
    prefix = "sqlite:///"
    if not database_url.startswith(prefix):
        raise ConfigurationError(
            f"unsupported database URL «{database_url.split(':', 1)[0]}:…»; use sqlite:///PATH"
        )
    return SQLiteStorage(database_url[len(prefix):])
