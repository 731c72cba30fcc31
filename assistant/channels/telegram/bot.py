"""The bot: the aiogram ``Bot`` and ``Dispatcher``, and the two ways updates reach them.

Long polling (:meth:`TelegramBot.poll`, what ``assistant bot`` runs) or a webhook: the
web service's ``POST /telegram/webhook`` feeds each update to :meth:`TelegramBot.feed`,
after ``assistant bot set-webhook URL`` registered the URL with its secret
(:func:`set_webhook`). Either way the same routers answer.

A failing handler is logged and the chat gets a short apology; the bot keeps running.
The token is only ever in the ``Bot`` (aiogram logs the bot's numeric id, never the
token) and :class:`~assistant.channels.telegram.logs.TokenRedactor` masks it in any log record
that might still quote it (an aiohttp error naming the URL, say).
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import PRODUCTION, TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import AiogramError
from aiogram.methods import TelegramMethod
from aiogram.types import BotCommand, ErrorEvent, LinkPreviewOptions, Update
from aiogram.types.update import UpdateTypeLookupError
from aiogram.utils.token import TokenValidationError

from ...regulation.corpus import load_document
from ...eligibility import check as check_eligibility
from ...errors import ConfigurationError, InputError, TelegramError
from ...settings import Settings
from ...storage.database import Storage
from ..service import AssistantLike
from . import texts
from .context import BotContext, Checker
from .logs import MASK
from .middlewares import ChatLanguage, ChatRateLimit
from .routers import ask, check, feedback, lang

log = logging.getLogger("assistant.telegram")

# The update types the routers handle: what Telegram is asked to send (polling and webhook).
ALLOWED_UPDATES = ["callback_query", "message"]
SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")


def make_bot(settings: Settings) -> Bot:
    """A ``Bot`` with the token from the settings, on Telegram's API or ``telegram_api_server``."""
    if settings.telegram_token is None or not settings.telegram_token.get_secret_value().strip():
        raise ConfigurationError("no Telegram bot token: set ASSISTANT_TELEGRAM_TOKEN (BotFather gives it)")
    api = TelegramAPIServer.from_base(settings.telegram_api_server) if settings.telegram_api_server else PRODUCTION
    default = DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview=LinkPreviewOptions(is_disabled=True))
    try:
        return Bot(settings.telegram_token.get_secret_value().strip(), session=AiohttpSession(api=api), default=default)
    except TokenValidationError:  # its message is not repeated: it quotes the token
        raise ConfigurationError("ASSISTANT_TELEGRAM_TOKEN is not a bot token (expected «123456:ABC…»)") from None


def build_dispatcher(context: BotContext) -> Dispatcher:
    """The routers (one per feature), the middlewares and the error handler; ``context`` reaches handlers as ``ctx``."""
    dp = Dispatcher(storage=context.fsm)
    dp["ctx"] = context
    for observer in (dp.message, dp.callback_query):
        # Outer middlewares run in this order: the language first, as the rate notice uses it.
        observer.outer_middleware(ChatLanguage())
        observer.outer_middleware(ChatRateLimit())
    dp.include_routers(*(feature.build_router() for feature in (lang, check, feedback, ask)))
    dp.errors.register(error_handler)
    return dp


async def error_handler(event: ErrorEvent, bot: Bot, ctx: BotContext) -> bool:
    """Logs the failure (no message text, no token) and apologises to the chat; the bot keeps running."""
    update = event.update
    log.error("handler failed on update %s (%s)", update.update_id, event_type(update),
              exc_info=(type(event.exception), event.exception, event.exception.__traceback__))
    query, message = update.callback_query, update.message
    chat_id = message.chat.id if message else (query.message.chat.id if query and query.message else None)
    try:
        if query is not None:
            await query.answer()
        if chat_id is not None:
            await bot.send_message(chat_id, texts.APOLOGY[await ctx.lang(bot.id, chat_id)])
    except Exception:  # noqa: BLE001 - the apology is best effort; the failure is already logged
        log.warning("could not send the apology for update %s", update.update_id)
    return True


def event_type(update: Update) -> str | None:
    """The kind of an update; None for an update with no event aiogram knows (``{"update_id": 13}``)."""
    try:
        return update.event_type
    except UpdateTypeLookupError:
        return None


def create_bot(settings: Settings, assistant: AssistantLike, storage: Storage,
               checker: Checker = check_eligibility) -> TelegramBot:
    """The bot over the same assistant, checker and feedback store as the web service."""
    context = BotContext(settings=settings, assistant=assistant, checker=checker, storage=storage,
                         document=load_document(settings.corpus_path))
    return TelegramBot(context)


class TelegramBot:
    """A bot and its dispatcher over one :class:`BotContext`."""

    def __init__(self, context: BotContext, bot: Bot | None = None) -> None:
        self.context = context
        self.bot = bot or make_bot(context.settings)
        self.dispatcher = build_dispatcher(context)

    async def poll(self, handle_signals: bool = True, polling_timeout: int = 30) -> None:
        """Long polling until stopped (Ctrl-C, SIGTERM or :meth:`stop`); a webhook, if set, is removed first."""
        try:
            await delete_webhook(self.bot)
            async with telegram_errors(self.bot):
                await register_commands(self.bot)
            await self.dispatcher.start_polling(
                self.bot, handle_signals=handle_signals, polling_timeout=polling_timeout,
                allowed_updates=ALLOWED_UPDATES, close_bot_session=False,
            )
        finally:
            await self.close()

    async def stop(self) -> None:
        await self.dispatcher.stop_polling()

    async def feed(self, update: dict[str, Any], timeout: float = 25.0) -> None:
        """One update from the webhook; a reply the handlers return as a method is sent here."""
        parsed = Update.model_validate(update, context={"bot": self.bot})
        if event_type(parsed) is None:
            return  # nothing the bot handles (an empty update, a kind newer than aiogram): accepted, ignored
        reply = await self.dispatcher.feed_webhook_update(self.bot, parsed, _timeout=timeout)
        if isinstance(reply, TelegramMethod):
            await self.dispatcher.silent_call_request(self.bot, reply)

    async def close(self) -> None:
        await self.bot.session.close()


async def set_webhook(bot: Bot, settings: Settings, url: str, drop_pending_updates: bool = False) -> None:
    """Registers ``url`` (HTTPS) with Telegram, with the secret it must send back on every update."""
    validate_webhook_url(url)
    secret = settings.telegram_webhook_secret
    if secret is None or not secret.get_secret_value():
        raise ConfigurationError("set ASSISTANT_TELEGRAM_WEBHOOK_SECRET first: Telegram sends it with every "
                                 "update, and the web service refuses updates without it")
    if not SECRET_RE.fullmatch(secret.get_secret_value()):
        raise ConfigurationError("ASSISTANT_TELEGRAM_WEBHOOK_SECRET must be 1-256 characters A-Z, a-z, 0-9, _ or - "
                                 "(Telegram's rule)")
    async with telegram_errors(bot):
        await bot.set_webhook(url, secret_token=secret.get_secret_value(), allowed_updates=ALLOWED_UPDATES,
                              drop_pending_updates=drop_pending_updates)
        await register_commands(bot)


async def delete_webhook(bot: Bot) -> None:
    async with telegram_errors(bot):
        await bot.delete_webhook(drop_pending_updates=False)


async def register_commands(bot: Bot) -> None:
    """The command menu, in Kazakh (the default) and in Russian for Russian-speaking clients."""
    for language, names in texts.COMMANDS.items():
        commands = [BotCommand(command=name, description=text) for name, text in names.items()]
        await bot.set_my_commands(commands, language_code=None if language == "kk" else language)


@asynccontextmanager
async def telegram_errors(bot: Bot) -> AsyncIterator[None]:
    """Telegram's refusals and network failures as one sentence, with the token masked."""
    try:
        yield
    except AiogramError as exc:
        raise TelegramError(f"Telegram: {str(exc).replace(bot.token, MASK)}") from None


def validate_webhook_url(url: str) -> str:
    """Telegram delivers updates only to HTTPS URLs."""
    if not url.startswith("https://") or len(url) <= len("https://"):
        raise InputError(f"the webhook URL must start with https:// (Telegram requires HTTPS), not «{url}»")
    return url

