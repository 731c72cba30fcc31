"""The web application as a separate server process for the SIGKILL test: the real storage
(``ASSISTANT_DATABASE_URL``), a stand-in assistant (the test is about feedback writes)."""

from __future__ import annotations

from assistant.answering.answer import Answer
from assistant.settings import Settings
from assistant.channels.web.app import create_app


class EchoAssistant:
    ready = True

    def answer(self, question: str, session: str | None = None, lang: str | None = None,
               default_lang: str | None = None) -> Answer:
        return Answer(answer=question, lang=lang or "kk")


def app():
    return create_app(Settings(), assistant_factory=lambda _: EchoAssistant())
