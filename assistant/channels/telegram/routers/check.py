"""``/check``: a guided eligibility dialog ending in the checker's verdict with its clause.

The position is typed, then picked from the matches; every step after it — which, in what order,
with what options and words — is :func:`assistant.eligibility.dialog.guided_check`'s, the same the
widget's form is built from (``GET /api/eligibility/options?position=``): the kind of the position,
the level, education, locality, the organisation's level, the years, and the other facts the
position's rules look at (categories held, civil-service or leadership years, …). A step the rules
do not depend on, or with a single possible answer, is not asked; nor is a fact that can no longer
change the verdict. Choices are buttons, categories are ticked then confirmed, years are typed.
``/cancel`` or the cancel button ends it at any step.
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
from ....regulation.document import Document
from ....eligibility import EligibilityResult, Verdict
from ....eligibility.checker import MAX_YEARS
from ....eligibility.dialog import CheckAnswers, GuidedCheck, Step, StepKind, guided_check
from ....eligibility.rules import load_rules
from ....errors import InputError
from ....language.naming import position_title, search_positions
from .. import texts
from ..context import BotContext
from ..keyboards import CheckChoice, cancel_keyboard, choices_keyboard, citation_rows, markup, picks_keyboard
from ..markup import Span, escape
from ..replies import plain, send

router = Router(name="check")

SEARCH_LIMIT = 8
VERDICT_MARK = {Verdict.ELIGIBLE: "✅", Verdict.NOT_ELIGIBLE: "❌", Verdict.NEEDS_MORE_INFORMATION: "❓"}
YEARS_RE = re.compile(r"\s*(\d{1,3}(?:[.,]\d+)?)\D*")
DONE = ""  # the value of the button that confirms the categories ticked


class CheckDialog(StatesGroup):
    """The position, then one state per step of the guided check (its ``name``)."""

    position = State()
    variant = State()
    level = State()
    education = State()
    locality = State()
    org_level = State()
    years = State()
    nested_years = State()
    leadership_years = State()
    civil_service_years = State()
    enterprise_years = State()
    categories_held = State()
    retraining = State()
    academic_degree = State()


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
    await state.update_data(position=callback_data.value, answers={}, picked=[])
    await query.answer()
    title = position_title(ctx.document, callback_data.value, lang)
    await message.edit_text(escape(f"{texts.POSITION_NAME[lang]}: {title} ✓"), reply_markup=None)
    await ask_next(bot, message.chat.id, state, ctx, lang)


async def step_choice_handler(query: CallbackQuery, callback_data: CheckChoice, message: Message,
                              state: FSMContext, bot: Bot, ctx: BotContext, lang: Lang) -> None:
    """A button of the current step: a choice, a yes/no, or a category ticked (then confirmed)."""
    step = await current_step(state, lang)
    options = {o.value: o.label for o in step.options} if step else {}
    if step is None or callback_data.step != step.name or (callback_data.value not in options
                                                            and not (step.kind is StepKind.MULTI_CHOICE
                                                                     and callback_data.value == DONE)):
        await query.answer(texts.DIALOG_OVER[lang])  # a button of an earlier step or dialog
        return
    await query.answer()
    data = await state.get_data()
    if step.kind is StepKind.MULTI_CHOICE and callback_data.value != DONE:
        picked = [v for v in options if (v in data["picked"]) != (v == callback_data.value)]
        await state.update_data(picked=picked)
        await message.edit_reply_markup(reply_markup=picks_keyboard(step.name, list(options.items()), picked, lang))
        return
    if step.kind is StepKind.MULTI_CHOICE:
        value, shown = data["picked"], ", ".join(options[v] for v in data["picked"]) or texts.NONE_HELD[lang]
    else:
        value = callback_data.value == "yes" if step.kind is StepKind.YES_NO else callback_data.value
        shown = options[callback_data.value]
    await answer_step(state, step.name, value)
    await message.edit_text(escape(f"{step.label}: {shown} ✓"), reply_markup=None)
    await ask_next(bot, message.chat.id, state, ctx, lang)


async def typed_handler(message: Message, state: FSMContext, bot: Bot, ctx: BotContext, lang: Lang) -> None:
    """Text during a step: the number a number step asks for; otherwise the step is asked again."""
    step = await current_step(state, lang)
    if step is None or step.kind is not StepKind.NUMBER:
        await reprompt_handler(message, state, bot, ctx, lang)
        return
    years = parse_years(message.text or "")
    if years is None:
        await message.answer(escape(texts.BAD_YEARS[lang].format(most=MAX_YEARS)), reply_markup=cancel_keyboard(lang))
        return
    await answer_step(state, step.name, years)
    await ask_next(bot, message.chat.id, state, ctx, lang)


async def ask_next(bot: Bot, chat_id: int, state: FSMContext, ctx: BotContext, lang: Lang) -> None:
    """Asks the guided check's next step; once none is left, runs the check."""
    guided = await guided_so_far(state, lang, ctx.document)
    step = guided.next_step
    if step is None:
        await finish(bot, chat_id, state, ctx, guided, lang)
        return
    await state.set_state(getattr(CheckDialog, step.name))
    await state.update_data(picked=[])
    text, keyboard = prompt(step, [], lang)
    await bot.send_message(chat_id, text, reply_markup=keyboard)


async def finish(bot: Bot, chat_id: int, state: FSMContext, ctx: BotContext, guided: GuidedCheck, lang: Lang) -> None:
    await state.clear()
    await bot.send_chat_action(chat_id, ChatAction.TYPING)
    try:
        result = await asyncio.to_thread(run_check, ctx, guided)
    except InputError as exc:
        await send(bot, chat_id, plain(f"{texts.CHECK_FAILED[lang]} {exc}"))
        return
    citations = verdict_citations(result, lang)
    await send(bot, chat_id, verdict_spans(result, lang), markup(citation_rows(citations, lang)))


async def reprompt_handler(message: Message, state: FSMContext, bot: Bot, ctx: BotContext, lang: Lang) -> None:
    """Anything else during the dialog: the current step is asked again."""
    step = await current_step(state, lang)
    if step is None:
        await message.answer(escape(texts.ASK_POSITION[lang]), reply_markup=cancel_keyboard(lang))
        return
    text, keyboard = prompt(step, (await state.get_data()).get("picked", []), lang)
    await message.answer(text, reply_markup=keyboard)


async def stale_choice_handler(query: CallbackQuery, lang: Lang) -> None:
    await query.answer(texts.DIALOG_OVER[lang])


# --- the steps (assistant.eligibility.dialog's), the check, the verdict --------------------


async def guided_so_far(state: FSMContext, lang: Lang, document: Document | None = None) -> GuidedCheck:
    data = await state.get_data()
    return guided_check(data["position"], CheckAnswers(**data["answers"]), lang, document)


async def current_step(state: FSMContext, lang: Lang) -> Step | None:
    """The step the dialog is at (None while the position is asked)."""
    name = step_of(await state.get_state())
    if name in (None, "position"):
        return None
    step = (await guided_so_far(state, lang)).next_step
    return step if step is not None and step.name == name else None


async def answer_step(state: FSMContext, name: str, value) -> None:
    data = await state.get_data()
    await state.update_data(answers={**data["answers"], name: value}, picked=[])


def prompt(step: Step, picked: list[str], lang: Lang):
    """The step's question (with what the rule counts) and its buttons."""
    text = escape(step.question + (f"\n({step.hint})" if step.hint else ""))
    options = [(o.value, o.label) for o in step.options]
    if step.kind is StepKind.MULTI_CHOICE:
        return text, picks_keyboard(step.name, options, picked, lang)
    if step.kind is StepKind.NUMBER:
        return text, cancel_keyboard(lang)
    return text, choices_keyboard(step.name, options, lang)


def parse_years(text: str) -> float | None:
    """«3», «2,5», «3 жыл», «5 лет» → the number; None when it is not a plausible number of years."""
    match = YEARS_RE.fullmatch(text)
    if not match:
        return None
    years = float(match.group(1).replace(",", "."))
    return years if 0 <= years <= MAX_YEARS else None


def run_check(ctx: BotContext, guided: GuidedCheck) -> EligibilityResult:
    return ctx.checker(guided.position_id, **guided.answers().checker_facts(), document=ctx.document)


def verdict_spans(result: EligibilityResult, lang: Lang) -> list[Span]:
    explanation = result.explanation_ru if lang == "ru" else result.explanation_kk
    return [Span(f"{VERDICT_MARK[result.verdict]} {explanation}")]


def verdict_citations(result: EligibilityResult, lang: Lang) -> list[tuple[str, str]]:
    """The verdict's clause, then the clauses of provisions that disagree with it."""
    cited = [result.citation] + [p.citation for c in result.conflicts for p in c.provisions]
    return list({c.id: (c.id, c.label_ru if lang == "ru" else c.label_kk) for c in cited}.values())


def build_router() -> Router:
    """A fresh router (a router belongs to one dispatcher; tests and the web app each build their own)."""
    router = Router(name="check")
    typed = (F.text, ~F.text.startswith("/"))
    pressed = F.message.as_("message")
    steps = StateFilter(*(s for s in CheckDialog.__states__ if s is not CheckDialog.position))
    router.message.register(check_handler, Command("check"))
    router.message.register(cancel_handler, Command("cancel"))
    router.callback_query.register(cancel_button_handler, StateFilter(CheckDialog),
                                   CheckChoice.filter(F.step == "cancel"), pressed)
    router.message.register(position_search_handler, CheckDialog.position, *typed)
    router.callback_query.register(position_choice_handler, CheckDialog.position,
                                   CheckChoice.filter(F.step == "position"), pressed)
    router.callback_query.register(step_choice_handler, steps, CheckChoice.filter(), pressed)
    router.message.register(typed_handler, steps, *typed)
    router.message.register(reprompt_handler, StateFilter(CheckDialog))
    router.callback_query.register(stale_choice_handler, CheckChoice.filter())
    return router
