"""NUL and other control characters at the boundary, on SQLite and on PostgreSQL (issue 16, finding 3).

PostgreSQL cannot store NUL in text: a question or comment holding one gave 500, and the logged
database error quoted its parameters (the question and the answer). Questions with control
characters are refused with the reason; comments are stored without them; database errors never
show their parameters.
"""

from __future__ import annotations

import json
import logging

import pytest
import sqlalchemy as sa

from assistant.storage.database import AnswerRecord, open_storage

from .conftest import real_assistant, real_settings, serve
from .storage_backends import fresh_database_url

QUESTION = "Тәрбиешінің міндеттері қандай?"


@pytest.fixture(params=["sqlite", "postgresql"], scope="module")
def client(request, hash_retriever, tmp_path_factory):
    url = fresh_database_url(request.param, tmp_path_factory.mktemp(f"controls-{request.param}"))
    settings = real_settings(hash_retriever, tmp_path_factory.mktemp("controls"), database_url=url)
    client = serve(settings, real_assistant(hash_retriever, settings))
    yield client
    client.__exit__(None, None, None)


@pytest.mark.parametrize("path", ["/api/ask", "/api/ask/stream"])
@pytest.mark.parametrize("control", ["\u0000", "\u0007", "\u001b[31m", "\u007f", "\u0085"])
def test_a_question_with_a_control_character_is_refused_with_the_reason(client, path, control):
    response = client.post(path, json={"question": f"{QUESTION[:10]}{control}{QUESTION[10:]}"})
    assert response.status_code == 422, response.text
    assert f"control character U+{ord(control[0]):04X} at position 11" in response.json()["detail"]


@pytest.mark.parametrize("path", ["/api/ask", "/api/ask/stream"])
def test_a_lone_surrogate_is_refused_with_a_reason(client, path):
    body = json.dumps({"question": f"{QUESTION}\ud800"})  # escaped: the JSON is valid, the text is not
    response = client.post(path, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422 and response.json()["detail"].startswith("question:")


@pytest.mark.parametrize("path", ["/api/ask", "/api/ask/stream"])
def test_line_breaks_and_tabs_are_ordinary_text(client, path):
    assert client.post(path, json={"question": "Тәрбиешінің\tміндеттері\r\nқандай?\n"}).status_code == 200


def test_a_comment_is_stored_without_its_control_characters(client):
    answer_id = client.post("/api/ask", json={"question": QUESTION}).json()["answer_id"]
    response = client.post("/api/feedback", json={"answer_id": answer_id, "rating": "down",
                                                  "comment": "пункт\u0000 не\u0007 тот\nвообще\t!"})
    assert response.status_code == 200, response.text
    store = open_storage(client.app.state.services.settings.database_url)
    try:
        [item] = [i for i in store.review(limit=1000) if i.feedback.answer_id == answer_id]
    finally:
        store.close()
    assert item.feedback.comment == "пункт не тот\nвообще\t!"


def test_a_database_error_never_shows_what_people_typed(client, caplog):
    store = client.app.state.services.storage
    assert store.engine.hide_parameters
    secret = "менің құпия сұрағым 4242"
    row = AnswerRecord(answer_id="f" * 32, question=secret, lang="kk", answer=secret, mode="extractive",
                       route="regulation", latency_ms=1.0)
    store.save_answer(row)
    with caplog.at_level(logging.DEBUG), pytest.raises(sa.exc.IntegrityError) as raised:
        store.save_answer(row)  # the same id again: the database refuses it
    assert secret not in str(raised.value) and secret not in caplog.text
