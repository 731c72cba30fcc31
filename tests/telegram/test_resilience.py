"""A failing handler, the per-chat rate limit, and the token kept out of the logs."""

from __future__ import annotations

import logging

import pytest

from assistant.settings import Settings
from assistant.channels.telegram.bot import ALLOWED_UPDATES, build_dispatcher, create_bot, make_bot
from assistant.channels.telegram.logs import TokenRedactor, logging_config
from assistant.errors import ConfigurationError

from .conftest import FAILING_QUESTION, TOKEN, PollingBot, bot_settings, has_feedback
from .fake_bot_api import FakeBotAPI


def test_a_failing_handler_is_logged_the_chat_gets_an_apology_and_polling_goes_on(chat, api, polling, caplog):
    caplog.set_level(logging.DEBUG)
    [apology] = chat.say(FAILING_QUESTION)
    assert apology.result["text"] == "Кешіріңіз, сұрауды өңдеу кезінде қате шықты. Сәлден кейін қайталап көріңіз."
    failure = next(r for r in caplog.records if r.name == "assistant.telegram" and r.levelno == logging.ERROR)
    assert "handler failed on update" in failure.getMessage() and failure.exc_info[0] is RuntimeError

    assert has_feedback(chat.ask("Тәрбиешінің лауазымдық міндеттері")[-1])  # the next question is answered
    assert polling.alive
    assert TOKEN not in caplog.text and TOKEN.split(":")[1] not in caplog.text


def test_a_chat_past_its_rate_limit_is_told_once_and_other_chats_go_on(assistant, storage, tmp_path):
    api = FakeBotAPI(TOKEN)
    api.start()
    settings = bot_settings(api.url, str(tmp_path / "db.sqlite3"), telegram_rate_limit_per_minute=2)
    runner = PollingBot(create_bot(settings, assistant, storage))
    runner.start(api)
    try:
        mark = api.mark()
        for _ in range(4):
            api.push_message(7001, "/help")
        replies = api.wait_sent(7001, mark, count=3)
        api.push_message(7002, "/help")  # another chat has its own allowance
        api.wait_sent(7002, mark, count=1)
        texts = [c.result["text"] for c in api.sent(7001, mark)]
        assert len(texts) == 3 and sum("Мысалы" in t for t in texts) == 2
        assert any(t.startswith("Хабарлар тым жиі келіп жатыр.") for t in texts)  # one notice, not two
        assert len(replies) == 3
    finally:
        runner.stop()
        api.stop()


def test_the_token_comes_from_the_settings_and_a_bad_one_is_refused_without_quoting_it():
    with pytest.raises(ConfigurationError, match="ASSISTANT_TELEGRAM_TOKEN"):
        make_bot(Settings(telegram_token=None))
    with pytest.raises(ConfigurationError) as refused:
        make_bot(Settings(telegram_token="not-a-token-secret"))
    assert "not-a-token-secret" not in str(refused.value)


def test_the_redactor_masks_the_token_in_messages_and_tracebacks():
    redactor = TokenRedactor(TOKEN)
    try:
        raise ValueError(f"Cannot connect to http://api/bot{TOKEN}/getMe")
    except ValueError as exc:
        record = logging.LogRecord("aiogram", logging.ERROR, __file__, 1, "failed: %s", (exc,), exc_info=True)
        record.exc_info = (type(exc), exc, exc.__traceback__)
    assert redactor.filter(record)
    assert TOKEN not in record.getMessage() and "<token>" in record.getMessage()
    assert TOKEN not in record.exc_text and "<token>" in record.exc_text
    config = logging_config(TOKEN, "INFO")
    assert config["handlers"]["stderr"]["filters"] == ["token"] and "aiogram" in config["loggers"]


def test_telegram_is_asked_for_exactly_the_update_types_the_routers_handle(assistant, storage, tmp_path):
    telegram = create_bot(bot_settings("http://127.0.0.1:9", str(tmp_path / "db.sqlite3")), assistant, storage)
    assert sorted(build_dispatcher(telegram.context).resolve_used_update_types()) == sorted(ALLOWED_UPDATES)
