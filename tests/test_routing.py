"""Routing before retrieval: greetings, help, and topics the regulation does not cover."""

from __future__ import annotations

import pytest

from assistant.answering.routing import asks_permission, is_greeting, is_help, out_of_scope_topic


@pytest.mark.parametrize("text", ["Сәлем!", "салеметсизбе", "Привет", "Здравствуйте.", "Добрый день", "Қайырлы күн"])
def test_greetings(text):
    assert is_greeting(text)


@pytest.mark.parametrize("text", ["/help", "помощь", "Что ты умеешь?", "көмек"])
def test_help(text):
    assert is_help(text)


@pytest.mark.parametrize("text", [
    "Сколько получает учитель начальных классов, какой оклад?",
    "мұғалімнің айлығы қанша",
    "Положена ли надбавка за категорию педагог-эксперт?",
    "Сколько дней длится отпуск у воспитателя?",
    "Жазғы демалыс қашан басталады?",
    "когда ближайшая аттестация в нашем районе",
    "Какие документы сдавать на аттестацию?",
    "тестілеуден неше балл алу керек",
    "В каком возрасте педагоги выходят на пенсию?",
    "Можно ли работать по совместительству воспитателем?",
    "Какой испытательный срок у нового учителя?",
    "Мұғалімнің сағат жүктемесі қанша?",
])
def test_topics_the_regulation_does_not_cover_are_out_of_scope(text):
    assert out_of_scope_topic(text)


@pytest.mark.parametrize("text", [
    "Какие требования к педагогу-модератору для учителя?",
    "Әдіскер аттестаттау жөнінде не істейді?",
    "Обязанности методиста по аттестации педагогов",
    "Мен колледжде оқытушымын, жарты ставка жатақхана тәрбиешісімін, міндеттерім қандай?",
    "тәрбиешінің біліктілік талаптары",
    "Что должен знать учитель истории?",
])
def test_questions_about_the_regulation_are_in_scope(text):
    assert out_of_scope_topic(text) is None


@pytest.mark.parametrize("text, expected", [
    ("педагог-модератор бола аламын ба", True),
    ("Могу ли я получить категорию эксперт?", True),
    ("требования к педагогу-модератору", False),
])
def test_asking_for_permission(text, expected):
    assert asks_permission(text) is expected
