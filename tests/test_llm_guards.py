"""The guards of an LLM reply, function by function (the chain-level fixtures are in test_chain_llm.py)."""

from __future__ import annotations

import pytest

from assistant.regulation.corpus import load_document
from assistant.answering.llm_guards import (Rejected, cited_clauses, figures_in, guard_reply, notice, rule_figures,
                                  states_verdict)


@pytest.fixture(scope="module")
def doc():
    return load_document()


@pytest.mark.parametrize("text, values", [
    ("не менее пяти лет", [(5, True)]), ("кемінде бес жыл", [(5, True)]), ("3-х лет", [(3, True)]),
    ("1,5 года", [(1.5, True)]), ("полтора года", [(1.5, True)]), ("жарты жыл", [(0.5, True)]),
    ("екі жарым жыл", [(2.5, True)]), ("три с половиной года", [(3.5, True)]), ("бір жыл", [(1, True)]),
    ("он жыл", [(10, True)]), ("он ведёт учёт", []), ("одна из категорий", []), ("бірінші санат", []),
    ("5-11 сыныптар", [(5, False), (11, False)]), ("по пункту 12 [ch2.p2.c12]", []), ("үшін", []),
])
def test_figures_are_read_in_digits_and_words_of_both_languages(text, values):
    assert [(m.value, m.duration) for m in figures_in(text)] == values


def test_a_year_is_a_date_not_1995_years():
    (mention,) = figures_in("1995 жылға дейін")
    assert mention.value == 1995 and mention.date and not mention.duration


def test_rule_figures_of_a_clause_come_from_the_rules_and_its_text(doc):
    assert rule_figures(doc.clause("ch2.p2.c12")) == {1.0, 3.0, 5.0}


@pytest.mark.parametrize("sentence, lang", [
    ("Вы подходите.", "ru"), ("Да, можно.", "ru"), ("У вас нет нужного стажа.", "ru"), ("Стажа хватит.", "ru"),
    ("Сіз сәйкес келесіз.", "kk"), ("Өтіліңіз жеткілікті.", "kk"), ("Иә, бола аласыз.", "kk"), ("Жоқ.", "kk"),
    ("в детском саду Иә.", "ru"),  # a Kazakh yes inside a Russian answer (found by the property test)
])
def test_verdicts_are_seen(sentence, lang):
    assert states_verdict(sentence, lang)


@pytest.mark.parametrize("sentence, lang", [("Методист организует работу.", "ru"),
                                            ("Ол да әдістемелік жұмысты ұйымдастырады.", "kk")])
def test_sentences_without_a_verdict_are_not(sentence, lang):
    assert not states_verdict(sentence, lang)


def test_citations_in_any_form_resolve_within_the_retrieved_clauses_only(doc):
    retrieved = {c: doc.clause(c) for c in ("ch2.p2.c12", "ch3.p14.c92")}
    assert cited_clauses("по пункту 12, (ch2.p2.c12), 12-тармақ, 2.2.12", retrieved) == (["ch2.p2.c12"], False)
    assert cited_clauses("пункт 92", retrieved) == (["ch3.p14.c92"], False)  # 92 is printed twice; one retrieved
    assert cited_clauses("[ch2.p2.c13.l5]", retrieved)[1] and cited_clauses("пункту 104", retrieved)[1]


def test_a_rejection_says_why_in_the_answer_language(doc):
    retrieved = {"ch2.p2.c12": doc.clause("ch2.p2.c12")}
    with pytest.raises(Rejected) as caught:
        guard_reply("</s>", "сұрақ", "kk", retrieved, "", 2000)
    assert notice(caught.value.reason, "kk") == ("Тілдік модельдің жауабы көрсетілмеді (жауапта үлгі таңбалары бар); "
                                                  "жауап мәтіннен тікелей алынды.")
