"""``/check``: a guided eligibility dialog ending in the checker's verdict with its clause.

Steps: the position (typed, then picked from the matches), its kind (only for positions
whose clause sets rules for kinds of it), the qualification level, education, locality,
years of experience. The choices offered are those the rules data has for the position,
so the dialog cannot reach a combination the regulation sets no rule for; a step with a
single possible answer, or one on which none of the position's rules depends, is not
asked. ``/cancel`` or the cancel button ends it at any step.
The verdict is :func:`assistant.eligibility.check`'s own explanation, unchanged.
"""

from __future__ import annotations

import asyncio
import re

from aiogram import Bot, F, Router
from aiogram.enums import ChatAction
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from ....answering.answer import Lang
from ....regulation.document import Document, Level
from ....eligibility import EligibilityResult, Verdict
from ....eligibility.checker import MAX_YEARS
from ....eligibility.evaluate import candidate_routes, varying_dims
from ....eligibility.rules import Education, Locality, load_rules
from ....errors import InputError
from ....eligibility.options import form_options
from ....language.naming import position_title, search_positions
from .. import texts
from ..context import BotContext
from ..keyboards import CheckChoice, cancel_keyboard, choices_keyboard, citation_rows, markup
from ..markup import Span, escape
from ..replies import plain, send

router = Router(name="check")

SEARCH_LIMIT = 8
NONE = "-"  # the value of a step that does not apply (no kinds, locality that does not matter)
CHOICE_STEPS = ("variant", "level", "education", "locality")
VERDICT_MARK = {Verdict.ELIGIBLE: "✅", Verdict.NOT_ELIGIBLE: "❌", Verdict.NEEDS_MORE_INFORMATION: "❓"}
YEARS_RE = re.compile(r"\s*(\d{1,3}(?:[.,]\d+)?)\D*")


class CheckDialog(StatesGroup):
    position = State()
    variant = State()
    level = State()
    education = State()
    locality = State()
    years = State()


def step_of(state: str | None) -> str | None:
    """«CheckDialog:level» → «level»."""
    return state.split(":", 1)[1] if state and state.startswith("CheckDialog:") else None


# --- start and cancel -------------------------------------------------------------------


async def check_handler(message: Message, state: FSMContext, lang: Lang) -> None:
    await state.clear()
    await state.set_state(CheckDialog.position)
    await message.answer(escape(texts.ASK_POSITION[lang]), reply_markup=cancel_keyboard(lang))


async def cancel_handler(message: Message, state: FSMContext, lang: Lang) -> None:
    if await state.get_state() is None:
        await message.answer(texts.NOTHING_TO_CANCEL[lang])
        return
    await state.clear()
    await message.answer(texts.CANCELLED[lang])


async def cancel_button_handler(query: CallbackQuery, message: Message, state: FSMContext, lang: Lang) -> None:
    await state.clear()
    await query.answer()
    await message.edit_text(texts.CANCELLED[lang], reply_markup=None)


# --- the steps ----------------------------------------------------------------------------


async def position_search_handler(message: Message, ctx: BotContext, lang: Lang) -> None:
    ids = await asyncio.to_thread(search_positions, ctx.document, message.text or "", SEARCH_LIMIT)
    ids = [pid for pid in ids if pid in load_rules().positions]
    if not ids:
        await message.answer(escape(texts.NO_POSITION[lang]), reply_markup=cancel_keyboard(lang))
        return
    titles = [position_title(ctx.document, pid, lang) for pid in ids]
    # Titles are long and alike («Заместитель руководителя … по …»): the message lists them
    # whole, numbered; the buttons carry the numbers.
    listing = "\n".join(f"{i}. {title}" for i, title in enumerate(titles, 1))
    options = [(pid, f"{i}. {title}") for i, (pid, title) in enumerate(zip(ids, titles, strict=True), 1)]
    await message.answer(escape(f"{texts.PICK_POSITION[lang]}\n{listing}"),
                         reply_markup=choices_keyboard("position", options, lang))


async def position_choice_handler(query: CallbackQuery, callback_data: CheckChoice, message: Message,
                                  state: FSMContext, bot: Bot, ctx: BotContext, lang: Lang) -> None:
    if callback_data.value not in load_rules().positions:
        await query.answer(texts.DIALOG_OVER[lang])
        return
    await state.update_data(position=callback_data.value)
    await query.answer()
    title = position_title(ctx.document, callback_data.value, lang)
    await message.edit_text(escape(f"{texts.STEP_NAMES['position'][lang]}: {title} ✓"), reply_markup=None)
    await ask_next(bot, message.chat.id, state, ctx, lang)


async def step_choice_handler(query: CallbackQuery, callback_data: CheckChoice, message: Message,
                              state: FSMContext, bot: Bot, ctx: BotContext, lang: Lang) -> None:
    step = callback_data.step
    options = dict(step_options(ctx, await state.get_data(), step, lang))
    if step != step_of(await state.get_state()) or callback_data.value not in options:
        await query.answer(texts.DIALOG_OVER[lang])  # a button of an earlier step or dialog
        return
    await state.update_data({step: callback_data.value})
    await query.answer()
    await message.edit_text(escape(f"{texts.STEP_NAMES[step][lang]}: {options[callback_data.value]} ✓"),
                            reply_markup=None)
    await ask_next(bot, message.chat.id, state, ctx, lang)


async def ask_next(bot: Bot, chat_id: int, state: FSMContext, ctx: BotContext, lang: Lang) -> None:
    """Asks the first step not yet answered; a step with one possible answer (or none) is answered here."""
    data = await state.get_data()
    for step in CHOICE_STEPS:
        if step in data:
            continue
        options = step_options(ctx, data, step, lang)
        if len(options) > 1:
            await state.set_state(getattr(CheckDialog, step))
            await bot.send_message(chat_id, escape(texts.ASK[step][lang]),
                                   reply_markup=choices_keyboard(step, options, lang))
            return
        data[step] = options[0][0] if options else NONE
        await state.update_data({step: data[step]})
    await state.set_state(CheckDialog.years)
    await bot.send_message(chat_id, escape(texts.ASK["years"][lang]), reply_markup=cancel_keyboard(lang))


async def years_handler(message: Message, state: FSMContext, bot: Bot, ctx: BotContext, lang: Lang) -> None:
    years = parse_years(message.text or "")
    if years is None:
        await message.answer(escape(texts.BAD_YEARS[lang].format(most=MAX_YEARS)), reply_markup=cancel_keyboard(lang))
        return
    data = await state.get_data()
    await state.clear()
    await bot.send_chat_action(message.chat.id, ChatAction.TYPING)
    try:
        result = await asyncio.to_thread(run_check, ctx, data, years)
    except InputError as exc:
        await send(bot, message.chat.id, plain(f"{texts.CHECK_FAILED[lang]} {exc}"))
        return
    citations = verdict_citations(ctx.document, result, lang)
    await send(bot, message.chat.id, verdict_spans(result, lang), markup(citation_rows(citations, lang)))


async def reprompt_handler(message: Message, state: FSMContext, bot: Bot, ctx: BotContext, lang: Lang) -> None:
    """Anything else during the dialog: the current step is asked again."""
    step = step_of(await state.get_state())
    if step in CHOICE_STEPS:
        options = step_options(ctx, await state.get_data(), step, lang)
        await message.answer(escape(texts.ASK[step][lang]), reply_markup=choices_keyboard(step, options, lang))
    else:
        prompt = texts.ASK["years"][lang] if step == "years" else texts.ASK_POSITION[lang]
        await message.answer(escape(prompt), reply_markup=cancel_keyboard(lang))


async def stale_choice_handler(query: CallbackQuery, lang: Lang) -> None:
    await query.answer(texts.DIALOG_OVER[lang])


# --- options, the check, the verdict -----------------------------------------------------


def step_options(ctx: BotContext, data: dict, step: str, lang: Lang) -> list[tuple[str, str]]:
    """(value, label) of each answer the rules data allows at this step, given the earlier answers."""
    rules = load_rules().rules_for(data["position"])
    variant = _value(data.get("variant"))
    if step == "variant":
        kinds = [(v.id, v.title_ru if lang == "ru" else v.title_kk) for v in rules.variants]
        return [(NONE, texts.GENERAL_VARIANT[lang])] + kinds if kinds else []
    labels = {c.value: c.label for c in getattr(form_options(lang), step)}
    if step == "level":
        levels = {lv for r in rules.routes if r.variant == variant for lv in r.levels}
        return [(lv.value, labels[lv.value]) for lv in Level if lv in levels]
    routes = candidate_routes(rules.routes, Level(data["level"]), variant)
    education = _value(data.get("education"))
    if step == "locality" and education is not None:
        routes = [r for r in routes if Education(education) in r.education]
    if step not in varying_dims(routes):
        return []  # the routes do not depend on it: not asked
    if step == "education":
        return [(e.value, labels[e.value]) for e in Education if any(e in r.education for r in routes)]
    return [(loc.value, labels[loc.value]) for loc in Locality]


def _value(value: str | None) -> str | None:
    return None if value in (None, NONE) else value


def parse_years(text: str) -> float | None:
    """«3», «2,5», «3 жыл», «5 лет» → the number; None when it is not a plausible number of years."""
    match = YEARS_RE.fullmatch(text)
    if not match:
        return None
    years = float(match.group(1).replace(",", "."))
    return years if 0 <= years <= MAX_YEARS else None


def run_check(ctx: BotContext, data: dict, years: float) -> EligibilityResult:
    return ctx.checker(
        data["position"], data["level"], _value(data.get("education")), _value(data.get("locality")), years,
        variant=_value(data.get("variant")), document=ctx.document,
    )


def verdict_spans(result: EligibilityResult, lang: Lang) -> list[Span]:
    explanation = result.explanation_ru if lang == "ru" else result.explanation_kk
    return [Span(f"{VERDICT_MARK[result.verdict]} {explanation}")]


def verdict_citations(doc: Document, result: EligibilityResult, lang: Lang) -> list[tuple[str, str]]:
    """The verdict's clause, then the clauses of provisions that disagree with it."""
    cited = [result.citation] + [p.citation for c in result.conflicts for p in c.provisions]
    return list({c.id: (c.id, c.label_ru if lang == "ru" else c.label_kk) for c in cited}.values())


def build_router() -> Router:
    """A fresh router (a router belongs to one dispatcher; tests and the web app each build their own)."""
    router = Router(name="check")
    typed = (F.text, ~F.text.startswith("/"))
    pressed = F.message.as_("message")
    choice_states = StateFilter(*(getattr(CheckDialog, s) for s in CHOICE_STEPS))
    router.message.register(check_handler, Command("check"))
    router.message.register(cancel_handler, Command("cancel"))
    router.callback_query.register(cancel_button_handler, StateFilter(CheckDialog),
                                   CheckChoice.filter(F.step == "cancel"), pressed)
    router.message.register(position_search_handler, CheckDialog.position, *typed)
    router.callback_query.register(position_choice_handler, CheckDialog.position,
                                   CheckChoice.filter(F.step == "position"), pressed)
    router.callback_query.register(step_choice_handler, choice_states, CheckChoice.filter(F.step.in_(CHOICE_STEPS)),
                                   pressed)
    router.message.register(years_handler, CheckDialog.years, *typed)
    router.message.register(reprompt_handler, StateFilter(CheckDialog))
    router.callback_query.register(stale_choice_handler, CheckChoice.filter())
    return router
