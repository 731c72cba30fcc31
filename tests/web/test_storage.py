from __future__ import annotations

import sqlite3

import pytest

from assistant.errors import ConfigurationError, UnknownReference
from assistant.storage.database import AnswerRecord, FeedbackRecord, SQLiteStorage, open_storage


def record(answer_id: str = "a" * 32, **changes) -> AnswerRecord:
    values = dict(answer_id=answer_id, question="Тәрбиешінің міндеттері?", lang="kk", answer="…", mode="extractive",
                  route="regulation", citations=["ch2.p4.c24", "ch2.p4.c25"], latency_ms=12.5)
    return AnswerRecord(**(values | changes))


def test_feedback_is_stored_with_its_answer_and_survives_a_reopen(tmp_path):
    path = tmp_path / "store.sqlite3"
    store = open_storage(f"sqlite:///{path}")
    store.save_answer(record())
    store.save_feedback(FeedbackRecord(answer_id="a" * 32, rating="down", comment="пункт не тот"))
    store.close()

    reopened = SQLiteStorage(path)
    [item] = reopened.review()
    assert item.feedback.rating == "down" and item.feedback.comment == "пункт не тот"
    assert item.answer.question == "Тәрбиешінің міндеттері?"
    assert item.answer.citations == ["ch2.p4.c24", "ch2.p4.c25"]
    assert item.answer.latency_ms == 12.5
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_new_feedback_on_an_answer_replaces_the_rating_and_keeps_the_comment(tmp_path):
    store = SQLiteStorage(tmp_path / "s.sqlite3")
    store.save_answer(record())
    store.save_feedback(FeedbackRecord(answer_id="a" * 32, rating="down", comment="wrong clause"))
    store.save_feedback(FeedbackRecord(answer_id="a" * 32, rating="up"))
    [item] = store.review()
    assert (item.feedback.rating, item.feedback.comment) == ("up", "wrong clause")


def test_review_filters_by_rating_newest_first(tmp_path):
    store = SQLiteStorage(":memory:")
    for i, rating in enumerate(["up", "down", "down"]):
        answer_id = f"{i:032d}"
        store.save_answer(record(answer_id))
        store.save_feedback(FeedbackRecord(answer_id=answer_id, rating=rating))
    assert [i.answer.answer_id for i in store.review(rating="down")] == [f"{2:032d}", f"{1:032d}"]
    assert len(store.review(limit=1)) == 1


def test_feedback_on_an_unknown_answer_is_refused(tmp_path):
    store = SQLiteStorage(":memory:")
    with pytest.raises(UnknownReference):
        store.save_feedback(FeedbackRecord(answer_id="b" * 32, rating="up"))
    assert store.answer("b" * 32) is None


@pytest.mark.parametrize("url", ["mysql://db/assistant", "not a url", "oracle://x"])
def test_only_sqlite_and_postgresql_urls_are_understood(url):
    with pytest.raises(ConfigurationError):
        open_storage(url)
