"""Fixtures of the bot tests: a fake Bot API over real HTTP, the real aiogram Bot polling it, the real chain.

The bot runs :meth:`TelegramBot.poll` in a thread of its own (its own event loop), as
``assistant bot`` runs it; a test pushes updates into the fake and waits for the calls
the bot makes. The chain is the real one over the real regulation (the session-scoped
``hash_retriever``); the only stand-in is :class:`FailsOn`, which passes every question
to the real assistant except one that makes the handler fail.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass

import pytest

from assistant.answering.chain import Assistant
from assistant.answering.conversation import MemorySessionStore
from assistant.settings import Settings
from assistant.storage.database import SQLiteStorage
from assistant.channels.telegram.bot import TelegramBot, create_bot

from .fake_bot_api import Call, FakeBotAPI

TOKEN = "123456789:TEST-token_of-the-fake-bot-api"
SECRET = "webhook-secret-for-tests_0123456789"
FAILING_QUESTION = "Бұл сұрақ өңдеушіні құлатады"


class FailsOn:
    """The real assistant, except that one question raises (a failing handler)."""

    def __init__(self, assistant: Assistant, question: str) -> None:
        self.assistant, self.question = assistant, question

    @property
    def ready(self) -> bool:
        return self.assistant.ready

    def answer(self, question: str, session=None, lang=None, default_lang=None):
        if question == self.question:
            raise RuntimeError("a bug in the answering chain")
        return self.assistant.answer(question, session, lang, default_lang)


def bot_settings(api_url: str, database: str, **overrides) -> Settings:
    values = dict(telegram_token=TOKEN, telegram_webhook_secret=SECRET, telegram_api_server=api_url,
                  database_url=f"sqlite:///{database}", telegram_rate_limit_per_minute=1000, llm_base_url=None,
                  embedder="hash", default_lang="kk")
    return Settings(**(values | overrides))


class PollingBot:
    """``TelegramBot.poll`` in a thread, as ``assistant bot`` runs it; stopped as SIGTERM would stop it."""

    def __init__(self, telegram: TelegramBot) -> None:
        self.telegram = telegram
        self.loop: asyncio.AbstractEventLoop | None = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="bot-polling", daemon=True)

    def _run(self) -> None:
        async def main() -> None:
            self.loop = asyncio.get_running_loop()
            await self.telegram.poll(handle_signals=False, polling_timeout=1)

        try:
            asyncio.run(main())
        except BaseException as exc:  # noqa: BLE001 - reported by the test that stops it
            self.error = exc

    def start(self, api: FakeBotAPI) -> None:
        mark = api.mark()
        self._thread.start()
        api.wait_for(lambda calls: any(c.method == "getUpdates" for c in calls[mark:]), timeout=20)

    def stop(self) -> None:
        if self.loop is not None and self._thread.is_alive():
            asyncio.run_coroutine_threadsafe(self.telegram.stop(), self.loop).result(15)
        self._thread.join(15)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()


@pytest.fixture(scope="module")
def assistant(hash_retriever):
    return Assistant(hash_retriever.settings, retriever=hash_retriever, sessions=MemorySessionStore())


@pytest.fixture(scope="module")
def api():
    fake = FakeBotAPI(TOKEN)
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def storage(tmp_path_factory):
    store = SQLiteStorage(tmp_path_factory.mktemp("bot") / "bot.sqlite3")
    yield store
    store.close()


@pytest.fixture(scope="module")
def polling(api, assistant, storage, tmp_path_factory):
    settings = bot_settings(api.url, str(tmp_path_factory.mktemp("bot-db") / "unused.sqlite3"))
    runner = PollingBot(create_bot(settings, FailsOn(assistant, FAILING_QUESTION), storage))
    runner.start(api)
    yield runner
    runner.stop()


_chat_ids = iter(range(5001, 6000))


@dataclass
class Chat:
    """One person talking to the bot through the fake API."""

    api: FakeBotAPI
    chat_id: int

    def say(self, text: str, count: int = 1, method: str = "sendMessage") -> list[Call]:
        mark = self.api.mark()
        self.api.push_message(self.chat_id, text)
        return self.api.wait_sent(self.chat_id, mark, count, method)

    def ask(self, text: str) -> list[Call]:
        """A question: waits for the answer's last message (the one with the 👍/👎 buttons)."""
        mark = self.api.mark()
        self.api.push_message(self.chat_id, text)
        self.api.wait_for(lambda calls: any(has_feedback(c) for c in self.api.sent(self.chat_id, mark)))
        return self.api.sent(self.chat_id, mark)

    def press(self, call: Call, data: str, then: str = "answerCallbackQuery", count: int = 1) -> list[Call]:
        """Presses the button with ``data`` under the message ``call`` sent; waits for ``count`` calls of ``then``."""
        assert data in [d for _, d in buttons(call)], f"no button {data} under {buttons(call)}"
        mark = self.api.mark()
        self.api.push_callback(self.chat_id, call.result["message_id"], data)
        self.api.wait_for(lambda calls: len([c for c in calls[mark:] if c.method == then]) >= count)
        return self.api.calls[mark:]


def buttons(call: Call) -> list[tuple[str, str]]:
    markup = call.params.get("reply_markup") or {}
    return [(b["text"], b.get("callback_data", "")) for row in markup.get("inline_keyboard", []) for b in row]


def has_feedback(call: Call) -> bool:
    return any(data.startswith("fb:") for _, data in buttons(call))


def shown(calls: list[Call]) -> str:
    """The text of the sent messages as a person sees it (HTML parsed by the fake)."""
    return "\n".join(c.result["text"] for c in calls if c.method == "sendMessage")


@pytest.fixture
def chat(api, polling) -> Chat:
    return Chat(api, next(_chat_ids))
