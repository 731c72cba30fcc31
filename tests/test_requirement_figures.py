"""«How many years for <level>?» is answered with the rule's figures first, in the question's
language, computed from corpus/rules (issue 13), then the clause is quoted."""

from __future__ import annotations

import pytest

from assistant.answering.chain import Assistant
from assistant.answering.conversation import MemorySessionStore
from assistant.regulation.document import Level
from assistant.eligibility.explain import years_text
from assistant.eligibility.rules import load_rules
from assistant.eligibility.summary import requirement_summary


def _levels(rules):
    return sorted({lv for r in rules.routes if r.variant is None for lv in r.levels}, key=lambda lv: lv.rank)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_position_and_level_states_every_figure_its_rule_sets(lang):
    missing = []
    for pid, rules in load_rules().positions.items():
        for level in _levels(rules):
            text = requirement_summary(pid, level, lang, pid, 0)
            for route in rules.routes:
                if route.variant is None and level in route.levels and route.years_condition:
                    figure = years_text(route.years_condition.min_years, lang, genitive=True)
                    if figure not in text:
                        missing.append((pid, level.value, figure))
    assert missing == []


def test_a_level_the_clause_sets_nothing_for_says_so():
    text = requirement_summary("ch3.p1", Level.MASTER, "ru", "Директор школы", 48)
    assert "пункт не устанавливает стаж для этого уровня" in text


@pytest.fixture(scope="module")
def assistant(hash_retriever):
    return Assistant(hash_retriever.settings, retriever=hash_retriever, sessions=MemorySessionStore())


@pytest.mark.parametrize("question, first_line, figure", [
    ("Учителю на педагога-мастера сколько нужно стажа?", "Требования к стажу — «Учителя-предметники", "не менее 5 лет"),
    ("Пән мұғаліміне педагог-шебер үшін қанша өтіл керек?", "Жұмыс өтіліне қойылатын талап", "кемінде 5 жыл"),
])
def test_a_question_about_the_years_a_level_needs_gets_the_figure_first(assistant, question, first_line, figure):
    answer = assistant.answer(question)
    head = answer.answer.split("\n\n")[0]
    assert head.startswith(first_line) and figure in head and "педагог-" in head


def test_a_follow_up_on_the_locality_narrows_the_figures(assistant):
    first = assistant.answer("Сколько стажа нужно методисту детского сада?", "locality")
    village = assistant.answer("а в селе?", first.session_id).answer.split("\n\n")[0]
    assert "в сельской местности" in village and "в городе" not in village
