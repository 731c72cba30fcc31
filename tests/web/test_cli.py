"""``assistant serve`` input checks and ``assistant feedback`` (the QA view of the store)."""

from __future__ import annotations

import json

import pytest

from assistant.channels.cli import main
from assistant.settings import get_settings
from assistant.storage.database import AnswerRecord, FeedbackRecord, open_storage


@pytest.mark.parametrize("argv, message", [
    (["serve", "--port", "0"], "--port must be between 1 and 65535"),
    (["serve", "--workers", "0"], "--workers must be at least 1"),
])
def test_serve_refuses_bad_arguments_with_a_sentence(argv, message, capsys):
    assert main(argv) == 2
    assert message in capsys.readouterr().err


@pytest.fixture
def store_url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'qa.sqlite3'}"
    monkeypatch.setenv("ASSISTANT_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def test_feedback_lists_what_people_rated_with_the_answer(store_url, capsys):
    store = open_storage(store_url)
    for answer_id, rating in (("a" * 32, "down"), ("b" * 32, "up")):
        store.save_answer(AnswerRecord(answer_id=answer_id, question=f"сұрақ {rating}", lang="kk", answer="жауап",
                                       mode="extractive", route="regulation", citations=["ch2.p4.c18"], latency_ms=42))
        store.save_feedback(FeedbackRecord(answer_id=answer_id, rating=rating, comment="wrong" if rating == "down" else None))
    store.close()

    assert main(["feedback", "--rating", "down"]) == 0
    out = capsys.readouterr().out
    assert "Q: сұрақ down" in out and "cited: ch2.p4.c18" in out and 'comment: "wrong"' in out
    assert "сұрақ up" not in out

    assert main(["feedback", "--json"]) == 0
    items = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {i["feedback"]["rating"] for i in items} == {"up", "down"}
