"""What the handlers share: the assistant, the checker, the feedback store, limits and each chat's preferences.

Handlers receive the :class:`BotContext` as ``ctx`` (the dispatcher's workflow data).
A chat's language and conversation id live in the dispatcher's FSM storage under a
key of their own, so that ending a /check dialog (which clears the dialog's state)
keeps them, and a persistent FSM storage would keep them across restarts too.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from aiogram.fsm.storage.base import BaseStorage, StorageKey
from aiogram.fsm.storage.memory import MemoryStorage
from pydantic import BaseModel

from ...answering.answer import Lang
from ...regulation.document import Document
from ...eligibility import EligibilityResult
from ...settings import Settings
from ...storage.database import Storage
from ..service import AssistantLike, RateLimiter

Checker = Callable[..., EligibilityResult]

PREFS_DESTINY = "prefs"


class ChatPrefs(BaseModel):
    lang: Lang | None = None
    session_id: str | None = None


@dataclass
class BotContext:
    settings: Settings
    assistant: AssistantLike
    checker: Checker
    storage: Storage
    document: Document
    fsm: BaseStorage = field(default_factory=MemoryStorage)
    limiter: RateLimiter | None = None

    def __post_init__(self) -> None:
        if self.limiter is None:
            self.limiter = RateLimiter(self.settings.telegram_rate_limit_per_minute)

    @staticmethod
    def _key(bot_id: int, chat_id: int) -> StorageKey:
        return StorageKey(bot_id=bot_id, chat_id=chat_id, user_id=chat_id, destiny=PREFS_DESTINY)

    async def prefs(self, bot_id: int, chat_id: int) -> ChatPrefs:
        return ChatPrefs(**await self.fsm.get_data(self._key(bot_id, chat_id)))

    async def save_prefs(self, bot_id: int, chat_id: int, prefs: ChatPrefs) -> None:
        await self.fsm.set_data(self._key(bot_id, chat_id), prefs.model_dump())

    async def lang(self, bot_id: int, chat_id: int) -> Lang:
        """The chat's chosen language, else the default one."""
        return (await self.prefs(bot_id, chat_id)).lang or self.settings.default_lang

    async def session_id(self, bot_id: int, chat_id: int) -> str:
        """The chat's conversation id: random, so that no other channel can guess and continue it."""
        prefs = await self.prefs(bot_id, chat_id)
        if prefs.session_id is None:
            prefs.session_id = f"tg-{secrets.token_hex(12)}"
            await self.save_prefs(bot_id, chat_id, prefs)
        return prefs.session_id
