"""👍/👎 under an answer: written to the same feedback store as the web service's ``POST /api/feedback``."""

from __future__ import annotations

import asyncio

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from ....answering.answer import Lang
from ....errors import UnknownReference
from ....storage.database import FeedbackRecord
from .. import texts
from ..context import BotContext
from ..keyboards import FeedbackButton, without_feedback

async def feedback_handler(query: CallbackQuery, callback_data: FeedbackButton, message: Message,
                           ctx: BotContext, lang: Lang) -> None:
    record = FeedbackRecord(answer_id=callback_data.answer_id, rating=callback_data.rating)
    try:
        await asyncio.to_thread(ctx.storage.save_feedback, record)
    except UnknownReference:
        await query.answer(texts.FEEDBACK_UNKNOWN[lang])
        return
    await query.answer(texts.FEEDBACK_THANKS[lang])
    # The buttons go once used; the citation buttons stay.
    await message.edit_reply_markup(reply_markup=without_feedback(message.reply_markup))


def build_router() -> Router:
    """A fresh router (a router belongs to one dispatcher; tests and the web app each build their own)."""
    router = Router(name="feedback")
    router.callback_query.register(feedback_handler, FeedbackButton.filter(), F.message.as_("message"))
    return router
