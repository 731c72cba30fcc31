"""The webhook route of the web service over real HTTP, and ``assistant bot set-webhook``."""

from __future__ import annotations

import threading
import time

import httpx
import pytest
import uvicorn

from assistant.channels.cli import main
from assistant.settings import get_settings
from assistant.channels.web.app import create_app

from .conftest import SECRET, TOKEN, bot_settings
from .fake_bot_api import FakeBotAPI

HEADER = "X-Telegram-Bot-Api-Secret-Token"


class Server:
    """The FastAPI application under uvicorn on a free port of 127.0.0.1."""

    def __init__(self, app) -> None:
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, name="uvicorn", daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "the web service did not start"
            time.sleep(0.05)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(15)


@pytest.fixture(scope="module")
def fake_api(api):
    """The module's own fake Bot API (no bot polls it here: a webhook set on it disturbs no one)."""
    return api


@pytest.fixture(scope="module")
def web(fake_api, assistant, tmp_path_factory):
    settings = bot_settings(fake_api.url, str(tmp_path_factory.mktemp("web") / "web.sqlite3"))
    app = create_app(settings, assistant_factory=lambda _: assistant)
    with Server(app) as url:
        deadline = time.monotonic() + 20
        while httpx.get(f"{url}/health").status_code != 200:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        yield url


def update(api: FakeBotAPI, chat_id: int, text: str) -> dict:
    return api.make_update({"message": {"message_id": 1, "date": int(time.time()), "text": text,
                                        "chat": {"id": chat_id, "type": "private"},
                                        "from": {"id": chat_id, "is_bot": False, "first_name": "Мұғалім"}}})


def test_an_update_without_the_secret_or_with_a_wrong_one_is_refused(web, fake_api):
    mark = fake_api.mark()
    body = update(fake_api, 8001, "Тәрбиешінің лауазымдық міндеттері")
    missing = httpx.post(f"{web}/telegram/webhook", json=body)
    wrong = httpx.post(f"{web}/telegram/webhook", json=body, headers={HEADER: SECRET[:-1] + "x"})
    assert missing.status_code == 403 and wrong.status_code == 403
    assert wrong.json()["detail"] == f"missing or wrong {HEADER}"
    time.sleep(0.3)
    assert fake_api.sent(8001, mark) == []  # nothing reached the bot


def test_an_update_with_the_secret_is_answered_by_the_bot(web, fake_api, assistant):
    mark = fake_api.mark()
    question = "Должностные обязанности вожатого в школе"
    response = httpx.post(f"{web}/telegram/webhook", json=update(fake_api, 8002, question),
                          headers={HEADER: SECRET}, timeout=30)
    assert response.status_code == 200 and response.json() == {"ok": True}
    [answer] = fake_api.sent(8002, mark)  # sent while the request was handled
    assert answer.result["text"] == assistant.answer(question).answer.strip()
    assert "cite:ru:ch3.p14.c92" in [b["callback_data"] for row in answer.params["reply_markup"]["inline_keyboard"]
                                     for b in row]


def test_a_body_that_is_not_an_update_is_refused_with_a_reason(web):
    response = httpx.post(f"{web}/telegram/webhook", json={"hello": 1}, headers={HEADER: SECRET})
    assert response.status_code == 400 and "update_id" in response.json()["detail"]


def test_without_a_token_the_route_says_no_bot_is_configured(assistant, tmp_path):
    settings = bot_settings("http://127.0.0.1:9", str(tmp_path / "web.sqlite3"), telegram_token=None)
    with Server(create_app(settings, assistant_factory=lambda _: assistant)) as url:
        response = httpx.post(f"{url}/telegram/webhook", json={"update_id": 1}, headers={HEADER: SECRET})
    assert response.status_code == 404


@pytest.fixture
def bot_env(monkeypatch, fake_api):
    for name, value in {"TOKEN": TOKEN, "WEBHOOK_SECRET": SECRET, "API_SERVER": fake_api.url}.items():
        monkeypatch.setenv(f"ASSISTANT_TELEGRAM_{name}", value)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_set_webhook_registers_the_url_with_the_secret(bot_env, fake_api, capsys):
    assert main(["bot", "set-webhook", "https://school.example/telegram/webhook"]) == 0
    assert fake_api.webhook["url"] == "https://school.example/telegram/webhook"
    assert fake_api.webhook["secret_token"] == SECRET
    assert sorted(fake_api.webhook["allowed_updates"]) == ["callback_query", "message"]
    assert "webhook set" in capsys.readouterr().out
    assert main(["bot", "delete-webhook"]) == 0 and fake_api.webhook is None


def test_set_webhook_refuses_a_url_that_is_not_https_and_says_why(bot_env, fake_api, capsys):
    assert main(["bot", "set-webhook", "http://school.example/telegram/webhook"]) == 2
    assert "https://" in capsys.readouterr().err and fake_api.webhook is None


def test_set_webhook_reports_telegrams_refusal_in_one_sentence(bot_env, fake_api, capsys):
    fake_api.fail_methods.add("setWebhook")
    try:
        assert main(["bot", "set-webhook", "https://school.example/telegram/webhook"]) == 2
    finally:
        fake_api.fail_methods.discard("setWebhook")
    err = capsys.readouterr().err
    assert err.startswith("assistant: Telegram:") and TOKEN not in err


def test_set_webhook_refuses_a_secret_telegram_would_not_accept(bot_env, fake_api, monkeypatch, capsys):
    monkeypatch.setenv("ASSISTANT_TELEGRAM_WEBHOOK_SECRET", "a secret with spaces")
    get_settings.cache_clear()
    assert main(["bot", "set-webhook", "https://school.example/telegram/webhook"]) == 2
    assert "A-Z, a-z, 0-9, _ or -" in capsys.readouterr().err and fake_api.webhook is None
