"""``assistant feedback export``: disliked answers as question-set rows that QA label and add to a set."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest

from assistant.channels.cli import main
from assistant.evaluation.sets import QUESTION_COLUMNS, load_question_set
from assistant.settings import get_settings
from assistant.storage.database import AnswerRecord, FeedbackRecord, open_storage

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def store_url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'qa.sqlite3'}"
    monkeypatch.setenv("ASSISTANT_DATABASE_URL", url)
    get_settings.cache_clear()
    store = open_storage(url)
    rated = [("a1", "Балабақша меңгерушісіне қанша өтіл керек?", "down", "сан қате"),
             ("a2", "Какая зарплата у воспитателя?", "up", None),
             ("a3", "балабақша  меңгерушісіне қанша өтіл керек?", "down", None),  # the same question again
             ("a4", "Что должен знать методист; и завуч?", "down", "нет ответа")]
    for minute, (answer_id, question, rating, comment) in enumerate(rated):
        store.save_answer(AnswerRecord(answer_id=answer_id * 8, question=question, lang="ru" if "Что" in question or "Какая" in question else "kk",
                                       answer="Жауап\n> дәйексөз", mode="extractive", route="regulation",
                                       citations=["ch2.p1.c9", "ch2.p2.c12"], latency_ms=40))
        store.save_feedback(FeedbackRecord(answer_id=answer_id * 8, rating=rating, comment=comment,
                                           created_at=START + timedelta(minutes=minute)))
    store.close()
    yield url
    get_settings.cache_clear()


def test_csv_export_has_the_question_columns_one_row_per_disliked_question(store_url, capsys):
    assert main(["feedback", "export"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0])[: len(QUESTION_COLUMNS)] == QUESTION_COLUMNS
    assert [r["question"] for r in rows] == ["Что должен знать методист; и завуч?", "балабақша  меңгерушісіне қанша өтіл керек?"]
    newest_kk = rows[1]
    assert newest_kk["id"] == "fb-a3a3a3a3" and newest_kk["times_rated"] == "2" and newest_kk["rating"] == "down"
    assert newest_kk["cited"] == "ch2.p1.c9; ch2.p2.c12" and newest_kk["gold_clauses"] == "" and newest_kk["answerable"] == ""
    assert rows[0]["comment"] == "нет ответа" and rows[0]["tags"] == "feedback"


def test_jsonl_export_of_every_rating(store_url, capsys):
    assert main(["feedback", "export", "--format", "jsonl", "--rating", "all"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["rating"] for r in rows] == ["down", "down", "up"]
    assert rows[2]["question"] == "Какая зарплата у воспитателя?" and rows[2]["answerable"] is None


def test_an_exported_file_runs_once_labelled_and_unlabelled_rows_are_reported(store_url, tmp_path, doc, capsys):
    path = tmp_path / "disliked.csv"
    assert main(["feedback", "export", "--out", str(path)]) == 0
    assert "2 questions written" in capsys.readouterr().err
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads the Cyrillic as UTF-8
    unlabelled = load_question_set(path, doc)
    assert unlabelled.items == [] and {p.row for p in unlabelled.problems} == {2, 3}
    text = path.read_text(encoding="utf-8-sig").replace(",,,,,feedback", ",true,2.1.9,,,feedback", 1)
    path.write_text(text, encoding="utf-8")
    labelled = load_question_set(path, doc)
    assert [q.id for q in labelled.items] == ["fb-a4a4a4a4"] and labelled.items[0].gold_clauses == ["ch2.p1.c9"]


def test_the_review_listing_still_works_beside_export(store_url, capsys):
    assert main(["feedback", "--rating", "up"]) == 0
    assert "Q: Какая зарплата у воспитателя?" in capsys.readouterr().out


def test_a_bad_limit_is_refused_with_a_sentence(store_url, capsys):
    assert main(["feedback", "export", "--limit", "0"]) == 2
    assert "--limit must be at least 1" in capsys.readouterr().err
