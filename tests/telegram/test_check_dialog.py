"""``/check`` end to end: the guided dialog to the checker's verdict, and cancelling it."""

from __future__ import annotations

from assistant.eligibility import Verdict, check
from assistant.eligibility.dialog import CheckAnswers, guided_check
from assistant.channels.telegram.routers.check import VERDICT_MARK

from .conftest import Chat, buttons, has_feedback


def choose(chat: Chat, message, data: str):
    """Presses an option; returns the next prompt the bot sends."""
    calls = chat.press(message, data, then="sendMessage")
    edit = next(c for c in calls if c.method == "editMessageText")
    assert edit.result["text"].endswith("✓") and "reply_markup" not in edit.result  # the choice, buttons gone
    return [c for c in calls if c.method == "sendMessage"][-1]


def check_in_russian(chat: Chat, position: str):
    """Russian chosen, /check started and a position typed; returns the list of matches."""
    menu = chat.say("/start")[0]
    chat.press(menu, "lang:ru", then="sendMessage")
    chat.say("/check")
    [found] = chat.say(position)
    return found


def test_the_whole_dialog_ends_in_the_checkers_verdict_with_its_clause(chat):
    [prompt] = chat.say("/check")
    assert "Лауазымның атауын жазыңыз" in prompt.result["text"] and buttons(prompt) == [("✖ Бас тарту", "chk:cancel:")]

    [found] = chat.say("методист детского сада")
    assert "chk:position:ch2.p2" in [d for _, d in buttons(found)]
    assert "Мектепке дейінгі тәрбие және оқыту ұйымының әдіскері" in found.result["text"]

    levels = choose(chat, found, "chk:position:ch2.p2")
    assert [d for _, d in buttons(levels)] == [f"chk:level:{v}" for v in
                                               ("pedagog", "moderator", "expert", "researcher", "master")] + ["chk:cancel:"]
    education = choose(chat, levels, "chk:level:pedagog")
    assert [d for _, d in buttons(education)][:3] == ["chk:education:higher", "chk:education:postgraduate",
                                                      "chk:education:tvet"]
    locality = choose(chat, education, "chk:education:tvet")
    assert [d for _, d in buttons(locality)][:2] == ["chk:locality:urban", "chk:locality:rural"]
    years = choose(chat, locality, "chk:locality:rural")
    assert "Жұмыс өтіліңіз неше жыл" in years.result["text"]

    [again] = chat.say("көп")
    assert again.result["text"] == "Жыл санын 0-ден 60-ке дейінгі санмен жазыңыз."
    [verdict] = chat.say("1,5 жыл")
    expected = check("ch2.p2", "pedagog", "tvet", "rural", 1.5)
    assert verdict.result["text"] == f"✅ {expected.explanation_kk}"
    assert [d for _, d in buttons(verdict)] == [f"cite:kk:{expected.citation.id}"]


def test_a_position_with_kinds_asks_the_kind_and_a_single_level_is_not_asked(chat, api):
    found = check_in_russian(chat, "директор школы")
    kinds = choose(chat, found, "chk:position:ch3.p1")
    assert [d for _, d in buttons(kinds)][:2] == ["chk:variant:general", "chk:variant:specialised"]
    assert ("Общий случай", "chk:variant:general") in buttons(kinds)
    years = choose(chat, kinds, "chk:variant:small_school")
    # The clause sets one level for the head of a school, for every education and locality: not asked.
    assert "Сколько лет у вас стажа" in years.result["text"] and "стаж педагогической работы" in years.result["text"]
    [nested] = chat.say("4")
    assert nested.result["text"] == asked(guided_check("ch3.p1", CheckAnswers(variant="small_school", years=4),
                                                             "ru").next_step)
    [verdict] = chat.say("2")  # the route of the years is met: nothing more is asked
    expected = check("ch3.p1", "pedagog", None, None, 4, variant="small_school", nested_years=2)
    assert verdict.result["text"] == f"{VERDICT_MARK[expected.verdict]} {expected.explanation_ru}"
    assert expected.verdict is Verdict.ELIGIBLE
    assert [d for _, d in buttons(verdict)] == [f"cite:ru:{expected.citation.id}"]


def asked(step) -> str:
    return step.question + (f"\n({step.hint})" if step.hint else "")


def test_a_kindergarten_head_in_a_city_is_asked_categories_and_civil_service(chat, api):
    """The steps are the guided check's: the routes by categories and by civil service are asked too."""
    found = check_in_russian(chat, "заведующий детским садом")
    kinds = choose(chat, found, "chk:position:ch2.p1")
    locality = choose(chat, kinds, "chk:variant:general")
    assert [d for _, d in buttons(locality)][:2] == ["chk:locality:urban", "chk:locality:rural"]
    years = choose(chat, locality, "chk:locality:urban")
    [categories] = chat.say("3")  # too few for the years' route: its «of which» part is not asked
    assert categories.result["text"].startswith("Какие квалификационные категории у вас есть?")
    options = buttons(categories)
    assert ("☐ руководитель-менеджер", "chk:categories_held:head_manager") in options
    assert options[-2:] == [("Ни одной", "chk:categories_held:"), ("✖ Отмена", "chk:cancel:")]
    calls = chat.press(categories, "chk:categories_held:head_leader", then="editMessageReplyMarkup")
    ticked = next(c for c in calls if c.method == "editMessageReplyMarkup").params["reply_markup"]["inline_keyboard"]
    assert ["☑ руководитель-лидер"] in [[b["text"] for b in row] for row in ticked]
    assert ticked[-2][0]["text"] == "✔ Готово"
    chat.press(categories, "chk:categories_held:head_leader", then="editMessageReplyMarkup")  # unticked again
    civil = choose(chat, categories, "chk:categories_held:")
    assert "госслужащим" in civil.result["text"]
    edit = [c for c in api.calls if c.method == "editMessageText"][-1]
    assert edit.result["text"] == "Квалификационные категории: ни одной ✓"
    [verdict] = chat.say("6")
    expected = check("ch2.p1", None, None, "urban", 3, categories_held=[], civil_service_years=6)
    assert verdict.result["text"] == f"✅ {expected.explanation_ru}"
    assert years.result["text"].startswith("Сколько лет у вас стажа")


def test_cancel_at_any_step_ends_the_dialog(chat, api):
    chat.say("/check")
    [found] = chat.say("тәрбиеші")
    calls = chat.press(found, "chk:cancel:", then="editMessageText")
    assert next(c for c in calls if c.method == "editMessageText").result["text"] == "Тексеру тоқтатылды."

    # After the cancel, text is a question again, not a position search.
    assert has_feedback(chat.ask("Тәрбиешінің лауазымдық міндеттері")[-1])
    # A button of the cancelled dialog is answered, and changes nothing.
    calls = chat.press(found, "chk:position:ch2.p4")
    assert next(c for c in calls if c.method == "answerCallbackQuery").params["text"].startswith("Бұл тексеру аяқталған")

    chat.say("/check")
    [found] = chat.say("тәрбиеші")
    levels = choose(chat, found, found.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"])
    assert levels.params["reply_markup"]
    [cancelled] = chat.say("/cancel")
    assert cancelled.result["text"] == "Тексеру тоқтатылды."
    [nothing] = chat.say("/cancel")
    assert nothing.result["text"] == "Тоқтататын ештеңе жоқ."


def test_an_unknown_position_is_said_and_asked_again(chat):
    chat.say("/check")
    [reply] = chat.say("ғарышкер")
    assert reply.result["text"] == "Мұндай лауазым табылмады. Атауын басқаша жазып көріңіз."
    assert buttons(reply) == [("✖ Бас тарту", "chk:cancel:")]
