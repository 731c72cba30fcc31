"""Free-text questions → the chain's answer with its citations; a citation button → the full clause text.

Each chat is one conversation (its session id goes to the chain, so follow-ups keep
their context). Answers are logged in the same store as the web service's, so that 👍/👎
(:mod:`.feedback`) rate them. The answer follows the language of the question, as on
every channel; the chosen language governs the bot's own messages.
"""

from __future__ import annotations

import asyncio

from aiogram import Bot, F, Router
from aiogram.enums import ChatAction
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from ....answering.answer import Answer, Lang
from ....errors import BadReference, InputError, NotReady
from ....regulation.references import resolve_clause
from ...service import answer_and_record, question_too_long, strip_controls
from .. import texts
from ..citations import clause_spans
from ..context import BotContext
from ..keyboards import (
    AskChoice,
    CitationButton,
    choice_rows,
    citation_rows,
    feedback_row,
    markup,
)
from ..markup import Span
from ..replies import plain, send


async def ask_handler(message: Message, bot: Bot, ctx: BotContext, lang: Lang) -> None:
    # control characters (a NUL cannot even be stored in PostgreSQL) are dropped: the rest is the question
    question = strip_controls(message.text or "")
    if question_too_long(question, ctx.settings.max_question_chars):
        await message.answer(texts.TOO_LONG[lang].format(limit=ctx.settings.max_question_chars))
        return
    await ask_in_chat(bot, ctx, message.chat.id, question, lang)


async def choice_handler(query: CallbackQuery, callback_data: AskChoice, message: Message,
                         bot: Bot, ctx: BotContext, lang: Lang) -> None:
    """A pressed option of a question back: its reply goes on in the same conversation."""
    await query.answer()
    await ask_in_chat(bot, ctx, message.chat.id, callback_data.reply, lang)


async def ask_in_chat(bot: Bot, ctx: BotContext, chat_id: int, question: str, lang: Lang) -> None:
    """The chain's answer to a question of this chat's conversation, with its buttons."""
    await bot.send_chat_action(chat_id, ChatAction.TYPING)
    session_id = await ctx.session_id(bot.id, chat_id)
    try:
        answer, answer_id = await asyncio.to_thread(answer_and_record, ctx.assistant, ctx.storage, question, session_id,
                                                     None, lang)
    except NotReady:
        await bot.send_message(chat_id, texts.NOT_READY[lang])
        return
    except InputError as exc:
        await send(bot, chat_id, plain(f"{texts.BAD_INPUT[lang]} {exc}"))
        return
    await send(bot, chat_id, answer_spans(answer), answer_keyboard(answer, answer_id))


async def unknown_command_handler(message: Message, bot: Bot, lang: Lang) -> None:
    await send(bot, message.chat.id, plain(texts.help_text(lang)))


async def not_text_handler(message: Message, lang: Lang) -> None:
    await message.answer(texts.NOT_TEXT[lang])


def answer_spans(answer: Answer) -> list[Span]:
    spans = [Span(answer.notice + "\n\n", "i")] if answer.notice else []
    return spans + [Span(answer.answer)]


def answer_keyboard(answer: Answer, answer_id: str) -> InlineKeyboardMarkup | None:
    rows = choice_rows([(c.label, c.reply) for c in answer.choices])
    rows += citation_rows([(c.id, c.label) for c in answer.citations], answer.lang)
    return markup(rows + [feedback_row(answer_id)])


async def citation_handler(query: CallbackQuery, callback_data: CitationButton, message: Message,
                           bot: Bot, ctx: BotContext) -> None:
    try:
        clause = resolve_clause(ctx.document, callback_data.clause_id)
    except BadReference:
        await query.answer(texts.CLAUSE_UNKNOWN[callback_data.lang])
        return
    await query.answer()
    await send(bot, message.chat.id, clause_spans(ctx.document, clause, callback_data.lang))


async def unknown_button_handler(query: CallbackQuery) -> None:
    """A button no feature knows (an old keyboard, forged data): answered, so that it stops spinning."""
    await query.answer()


def build_router() -> Router:
    """A fresh router (a router belongs to one dispatcher; tests and the web app each build their own)."""
    router = Router(name="ask")
    router.message.register(ask_handler, StateFilter(None), F.text, ~F.text.startswith("/"))
    router.message.register(unknown_command_handler, StateFilter(None), F.text.startswith("/"))
    router.message.register(not_text_handler, StateFilter(None))
    router.callback_query.register(citation_handler, CitationButton.filter(), F.message.as_("message"))
    router.callback_query.register(choice_handler, AskChoice.filter(), F.message.as_("message"))
    router.callback_query.register(unknown_button_handler)  # last of all
    return router
