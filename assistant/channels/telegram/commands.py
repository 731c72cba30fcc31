"""``assistant bot`` (the Telegram bot, long polling) and ``assistant bot set-webhook URL`` / ``delete-webhook``."""

from __future__ import annotations

import argparse
import asyncio
import logging.config
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aiogram import Bot

    from ...settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "bot", help="run the Telegram bot by long polling (token: ASSISTANT_TELEGRAM_TOKEN), or manage its webhook",
    )
    p.add_argument("--log-level", choices=["debug", "info", "warning", "error"], default="info")
    p.set_defaults(handler=poll_command)
    actions = p.add_subparsers(dest="bot_action", metavar="ACTION")
    w = actions.add_parser("set-webhook", help="have Telegram send updates to URL (https://…/telegram/webhook) "
                                               "with the secret ASSISTANT_TELEGRAM_WEBHOOK_SECRET")
    w.add_argument("url")
    w.add_argument("--drop-pending-updates", action="store_true", help="discard updates Telegram still holds")
    w.set_defaults(handler=set_webhook_command)
    d = actions.add_parser("delete-webhook", help="stop webhook delivery (polling also removes it on start)")
    d.set_defaults(handler=delete_webhook_command)


def poll_command(args: argparse.Namespace) -> int:
    from ...answering.chain import get_assistant
    from ...settings import get_settings
    from ...storage.database import open_storage
    from ..service import build_index
    from .bot import create_bot, make_bot
    from .logs import logging_config

    settings = get_settings()
    make_bot(settings)  # a missing or malformed token fails here, before the index loads
    logging.config.dictConfig(logging_config(settings.telegram_token.get_secret_value(), args.log_level.upper()))
    build_index()
    storage = open_storage(settings.database_url)
    try:
        telegram = create_bot(settings, get_assistant(), storage)
        asyncio.run(telegram.poll())
    finally:
        storage.close()
    return 0


def set_webhook_command(args: argparse.Namespace) -> int:
    from ...settings import get_settings
    from .bot import set_webhook, validate_webhook_url

    validate_webhook_url(args.url)
    settings = get_settings()
    asyncio.run(_with_bot(settings, lambda bot: set_webhook(bot, settings, args.url, args.drop_pending_updates)))
    print(f"webhook set: {args.url}")
    return 0


def delete_webhook_command(args: argparse.Namespace) -> int:
    from ...settings import get_settings
    from .bot import delete_webhook

    asyncio.run(_with_bot(get_settings(), delete_webhook))
    print("webhook deleted")
    return 0


async def _with_bot(settings: Settings, action: Callable[[Bot], Awaitable[None]]) -> None:
    from .bot import make_bot

    bot = make_bot(settings)
    try:
        await action(bot)
    finally:
        await bot.session.close()
