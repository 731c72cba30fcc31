"""Inline keyboards and their callback data (Telegram allows at most 64 bytes of data per button)."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from ...answering.answer import Lang
from ...storage.database import Rating
from . import texts

BUTTON_CHARS = 60  # long citation labels are shortened on the button; the message shows them whole


class LangChoice(CallbackData, prefix="lang"):
    lang: Lang


class CitationButton(CallbackData, prefix="cite"):
    lang: Lang
    clause_id: str


class FeedbackButton(CallbackData, prefix="fb"):
    rating: Rating
    answer_id: str


class AskChoice(CallbackData, prefix="ask"):
    """An option of a question back («which position?»): pressing it sends ``reply`` as the next message."""

    reply: str


def choice_rows(choices: Sequence[tuple[str, str]]) -> list[list[InlineKeyboardButton]]:
    """One button per option, numbered as in the message."""
    return [[InlineKeyboardButton(text=shorten(f"{reply}. {label}"), callback_data=AskChoice(reply=reply).pack())]
            for label, reply in choices]


class CheckChoice(CallbackData, prefix="chk"):
    """One option of a step of the /check dialog; ``step="cancel"`` ends the dialog."""

    step: str
    value: str = ""


def language_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for lang, name in texts.LANG_NAMES.items():
        builder.button(text=name, callback_data=LangChoice(lang=lang))
    return builder.as_markup()


def shorten(text: str, limit: int = BUTTON_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def citation_rows(citations: Sequence[tuple[str, str]], lang: Lang) -> list[list[InlineKeyboardButton]]:
    """One button per cited clause, given as (clause id, label)."""
    return [
        [InlineKeyboardButton(text=shorten(f"📖 {label}"),
                              callback_data=CitationButton(lang=lang, clause_id=clause_id).pack())]
        for clause_id, label in citations
    ]


def feedback_row(answer_id: str) -> list[InlineKeyboardButton]:
    return [
        InlineKeyboardButton(text="👍", callback_data=FeedbackButton(rating="up", answer_id=answer_id).pack()),
        InlineKeyboardButton(text="👎", callback_data=FeedbackButton(rating="down", answer_id=answer_id).pack()),
    ]


def markup(rows: list[list[InlineKeyboardButton]]) -> InlineKeyboardMarkup | None:
    return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


def without_feedback(keyboard: InlineKeyboardMarkup | None) -> InlineKeyboardMarkup | None:
    """The same keyboard with the 👍/👎 row removed (once feedback is given)."""
    if keyboard is None:
        return None
    prefix = FeedbackButton.__prefix__ + FeedbackButton.__separator__
    rows = [row for row in keyboard.inline_keyboard
            if not any((b.callback_data or "").startswith(prefix) for b in row)]
    return markup(rows)


def choices_keyboard(step: str, options: Sequence[tuple[str, str]], lang: Lang) -> InlineKeyboardMarkup:
    """One button per (value, label) option of a dialog step, then a cancel button."""
    builder = InlineKeyboardBuilder()
    for value, label in options:
        builder.row(InlineKeyboardButton(text=shorten(label), callback_data=CheckChoice(step=step, value=value).pack()))
    builder.row(cancel_button(lang))
    return builder.as_markup()


def picks_keyboard(step: str, options: Sequence[tuple[str, str]], picked: Sequence[str],
                   lang: Lang) -> InlineKeyboardMarkup:
    """A multi-choice step: one button per option, ticked when picked; then «done» (or «none») and cancel."""
    builder = InlineKeyboardBuilder()
    for value, label in options:
        mark = "☑ " if value in picked else "☐ "
        builder.row(InlineKeyboardButton(text=shorten(mark + label), callback_data=CheckChoice(step=step, value=value).pack()))
    done = texts.PICKS_DONE[lang] if picked else texts.PICKS_NONE[lang]
    builder.row(InlineKeyboardButton(text=done, callback_data=CheckChoice(step=step).pack()))
    builder.row(cancel_button(lang))
    return builder.as_markup()


def cancel_button(lang: Lang) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=texts.CANCEL_BUTTON[lang], callback_data=CheckChoice(step="cancel").pack())


def cancel_keyboard(lang: Lang) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[cancel_button(lang)]])
