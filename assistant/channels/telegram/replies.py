"""Sending rendered text: split into messages, the keyboard on the last one."""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import InlineKeyboardMarkup, Message

from .markup import Span, to_messages


async def send(bot: Bot, chat_id: int, spans: list[Span],
               keyboard: InlineKeyboardMarkup | None = None) -> list[Message]:
    """The spans as one or more HTML messages; the keyboard goes under the last (the buttons follow the text)."""
    texts = to_messages(spans)
    sent = []
    for i, text in enumerate(texts):
        sent.append(await bot.send_message(chat_id, text, reply_markup=keyboard if i == len(texts) - 1 else None))
    return sent


def plain(text: str) -> list[Span]:
    return [Span(text)]
