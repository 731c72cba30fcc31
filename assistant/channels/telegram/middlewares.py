"""Outer middlewares of messages and button presses: the chat's language, and the per-chat rate limit."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, Message, TelegramObject

from . import texts
from .context import BotContext

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]

MAX_NOTICES = 10_000


def chat_of(event: TelegramObject) -> int | None:
    if isinstance(event, Message):
        return event.chat.id
    if isinstance(event, CallbackQuery):
        return event.message.chat.id if event.message else event.from_user.id
    return None


class ChatLanguage(BaseMiddleware):
    """Gives handlers ``lang``: the language the chat chose (the default until it chooses)."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        chat_id = chat_of(event)
        ctx: BotContext = data["ctx"]
        data["lang"] = await ctx.lang(data["bot"].id, chat_id) if chat_id is not None else ctx.settings.default_lang
        return await handler(event, data)


class ChatRateLimit(BaseMiddleware):
    """Drops a chat's updates past its allowance; the chat is told once per window when to come back."""

    def __init__(self) -> None:
        self._noticed_until: dict[int, float] = {}

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        chat_id = chat_of(event)
        ctx: BotContext = data["ctx"]
        wait = ctx.limiter.retry_after(f"telegram:{chat_id}") if chat_id is not None else None
        if wait is None:
            return await handler(event, data)
        notice = texts.RATE_LIMITED[data["lang"]].format(seconds=wait)
        if isinstance(event, CallbackQuery):
            await event.answer(notice)  # a pressed button always gets an answer, or it keeps spinning
        elif self._first_notice(chat_id, wait):
            await event.answer(notice)
        return None

    def _first_notice(self, chat_id: int, wait: int) -> bool:
        now = time.monotonic()
        if self._noticed_until.get(chat_id, 0) > now:
            return False
        if len(self._noticed_until) >= MAX_NOTICES:
            self._noticed_until = {c: t for c, t in self._noticed_until.items() if t > now}
        self._noticed_until[chat_id] = now + wait
        return True
