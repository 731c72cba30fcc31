"""``/start`` (language choice), ``/lang`` and ``/help`` (example questions in the chosen language)."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from ....answering.answer import Lang
from .. import texts
from ..context import BotContext
from ..keyboards import LangChoice, language_keyboard
from ..markup import escape
from ..replies import plain, send

async def start_handler(message: Message, state: FSMContext) -> None:
    await state.clear()  # /start leaves any dialog under way
    await message.answer(escape(texts.CHOOSE_LANG), reply_markup=language_keyboard())


async def lang_handler(message: Message) -> None:
    await message.answer(escape(texts.CHOOSE_LANG), reply_markup=language_keyboard())


async def choose_lang_handler(query: CallbackQuery, callback_data: LangChoice, message: Message,
                              bot: Bot, ctx: BotContext) -> None:
    lang = callback_data.lang
    prefs = await ctx.prefs(bot.id, message.chat.id)
    prefs.lang = lang
    await ctx.save_prefs(bot.id, message.chat.id, prefs)
    await query.answer(texts.LANG_SET[lang])
    await message.edit_text(escape(texts.LANG_SET[lang]), reply_markup=None)
    await send(bot, message.chat.id, plain(texts.greeting(lang)))


async def help_handler(message: Message, bot: Bot, lang: Lang) -> None:
    await send(bot, message.chat.id, plain(texts.help_text(lang)))


def build_router() -> Router:
    """A fresh router (a router belongs to one dispatcher; tests and the web app each build their own)."""
    router = Router(name="lang")
    router.message.register(start_handler, CommandStart())
    router.message.register(lang_handler, Command("lang"))
    router.callback_query.register(choose_lang_handler, LangChoice.filter(), F.message.as_("message"))
    router.message.register(help_handler, Command("help"))
    return router
