"""Fixtures of the web tests: the application with a small fake assistant (API tests).

The browser tests (test_browser.py) run the real application instead.
"""

from __future__ import annotations

import threading

import pytest
from fastapi.testclient import TestClient

from assistant.answering.answer import Answer, Citation
from assistant.settings import Settings
from assistant.channels.web.app import create_app


class FakeAssistant:
    """Answers with the question echoed and one citation; records what it was asked."""

    def __init__(self, ready: bool = True, fail: Exception | None = None, delay: threading.Event | None = None):
        self.ready, self.fail, self.delay = ready, fail, delay
        self.calls: list[tuple[str, str | None, str | None]] = []
        self.default_langs: list[str | None] = []

    def answer(self, question: str, session: str | None = None, lang: str | None = None,
               default_lang: str | None = None) -> Answer:
        self.calls.append((question, session, lang))
        self.default_langs.append(default_lang)
        if self.delay is not None:
            self.delay.wait(5)
        if self.fail is not None:
            raise self.fail
        citation = Citation(id="ch2.p4.c24", chapter=2, paragraph=4, clause=24, position="тәрбиеші",
                            label="2-тарау, 4-параграф, 24-тармақ", label_kk="2-тарау, 4-параграф, 24-тармақ",
                            label_ru="глава 2, параграф 4, пункт 24", quote="…")
        return Answer(answer=f"Жауап: {question}\nекінші жол", lang=lang or "kk", citations=[citation],
                      abstained=question.startswith("?"))


def make_settings(tmp_path, **overrides) -> Settings:
    values = dict(database_url=f"sqlite:///{tmp_path / 'web.sqlite3'}", rate_limit_per_minute=1000,
                  cors_origins=["https://school.example"])
    return Settings(**(values | overrides))


def start_client(app) -> TestClient:
    client = TestClient(app)
    client.__enter__()
    app.state.services.assistant.wait(5)
    return client


@pytest.fixture
def fake():
    return FakeAssistant()


@pytest.fixture
def app(tmp_path, fake):
    return create_app(make_settings(tmp_path), assistant_factory=lambda settings: fake)


@pytest.fixture
def client(app):
    client = start_client(app)
    yield client
    client.__exit__(None, None, None)
