"""Property: no reply the fake server can return puts in front of the user a verdict other than the
checker's, a figure that is not a rule figure of a cited clause, a citation the text does not make or
a clause that was not retrieved. Replies are built from fragments: verdict words, number words,
digits, dates, clause references (retrieved and not), junk tokens and neutral words."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from assistant.answering.chain import Assistant
from assistant.answering.conversation import MemorySessionStore

from tests.test_chain_llm import ELIGIBILITY_QUESTION, KK_QUESTION, NOT_ELIGIBLE_QUESTION

# question → (the checker's verdict, its headline's start, the rule figures the checker applied)
CASES = {
    NOT_ELIGIBLE_QUESTION: ("not_eligible", "Нет: требование к стажу", {3.0}),
    ELIGIBILITY_QUESTION: ("eligible", "Да: требование к стажу", {1.0}),
    KK_QUESTION: ("not_eligible", "Жоқ: «Мектепке дейінгі", {5.0}),
}
VERDICTS = ["Да", "Нет", "Иә", "Жоқ", "вы подходите", "Вы не подходите", "вы можете", "не можете", "вам хватит",
            "достаточно", "недостаточно", "требование выполнено", "сәйкес келесіз", "сәйкес келмейсіз", "жетеді",
            "жеткілікті", "бола аласыз", "талап орындалады", "стаж не нужен", "можно", "нельзя"]
FIGURES = {"5 лет": 5, "пяти лет": 5, "бес жыл": 5, "кемінде бес жыл": 5, "3 года": 3, "3-х лет": 3, "трёх лет": 3,
           "үш жыл": 3, "1 года": 1, "бір жыл": 1, "одного года": 1, "0,5 года": 0.5, "жарты жыл": 0.5,
           "2,5 года": 2.5, "екі жарым жыл": 2.5, "полтора года": 1.5, "4 жыл": 4, "төрт жыл": 4, "6 лет": 6,
           "1995 жылға": 1995, "7": 7, "10 сынып": 10}
REFS = ["[ch2.p2.c12]", "(ch2.p2.c12)", "по пункту 12", "12-тармақ", "[ch9.c246]", "пункту 104", "(ch1.p2.c104)",
        "2.2.12", "[ch2.p2.c13.l5]"]
JUNK = ["<|im_start|>", "</s>", "<start_of_turn>", "assistant:", "!!!", "…", "\n"]
NEUTRAL = {"ru": ["методист", "организует", "методическую работу", "в детском саду", "стаж педагогической работы",
                   "не менее", "в городе", "требуется", "в дошкольных организациях"],
           "kk": ["әдіскер", "әдістемелік жұмысты ұйымдастырады", "мектепке дейінгі ұйымдарда", "қалада",
                  "педагогикалық жұмыс өтілі", "кемінде", "талап етіледі"]}
FOREIGN = ("ch9.c246", "пункту 104", "ch1.p2.c104")


def replies(lang: str) -> st.SearchStrategy[str]:
    """Sentences of fragments, mostly of the answer's language (so that some replies get through the
    whole-reply checks and reach the sentence guards), junk now and then."""
    neutral = st.sampled_from(NEUTRAL[lang])
    fragment = st.one_of(neutral, neutral, neutral, st.sampled_from(VERDICTS), st.sampled_from(list(FIGURES)),
                         st.sampled_from(REFS), st.sampled_from(REFS[:4]))
    sentence = st.lists(fragment, min_size=1, max_size=8).map(lambda parts: " ".join(parts) + ".")
    plain = st.lists(neutral, min_size=3, max_size=6).map(lambda parts: " ".join(parts) + " [ch2.p2.c12].")
    clean = st.lists(st.one_of(sentence, plain), min_size=1, max_size=5).map(" ".join)
    junky = st.tuples(clean, st.sampled_from(JUNK), clean).map(" ".join)
    return st.one_of(clean, clean, clean, clean, junky)


@pytest.fixture(scope="module")
def fake_llm(module_fake_llm):
    return module_fake_llm


@pytest.fixture(scope="module")
def assistant(hash_retriever, fake_llm):
    settings_ = hash_retriever.settings.model_copy(update={"llm_base_url": fake_llm.base_url, "llm_timeout_s": 2.0})
    return Assistant(settings_, retriever=hash_retriever, sessions=MemorySessionStore())


def model_part(answer, headline: str) -> str:
    """What of the shown text came from the model: after the facts read and the checker's headline."""
    text = answer.answer.split("\n\n", 1)[1]
    assert text.startswith(headline)
    return text.split("\n\n", 1)[1] if "\n\n" in text else ""


def verdict_pattern(phrase: str, question: str) -> str:
    """A verdict phrase as a whole word; in a Kazakh answer «да» and «нет» are verdicts only opening a
    sentence (Kazakh «да» is a particle: «ол да»)."""
    word = rf"(?<!\w){re.escape(phrase)}(?!\w)"
    if question == KK_QUESTION and phrase in ("Да", "Нет"):
        return rf"(?:^|[.!?]\s+|\n){word}"
    return word


def cited_in(text: str) -> set[str]:
    return {m.lower() for m in re.findall(r"ch\d+\.p\d+\.c\d+", text)} | ({"ch2.p2.c12"} if re.search(
        r"пункт\w* 12\b|12-тармақ|\b2\.2\.12\b", text) else set())


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), question=st.sampled_from(list(CASES)))
def test_no_reply_shows_a_verdict_or_a_figure_the_checker_and_the_clauses_did_not_give(assistant, fake_llm, data,
                                                                                         question):
    verdict, headline, allowed = CASES[question]
    text = data.draw(replies("kk" if question == KK_QUESTION else "ru"))
    fake_llm.replies.clear()
    fake_llm.queue(content=text)
    answer = assistant.answer(question)
    assert answer.eligibility.verdict.value == verdict
    shown = model_part(answer, headline)
    event(f"mode {answer.mode}")
    if answer.mode == "extractive":
        assert answer.notice  # a fallback always says why
        return
    assert not any(re.search(verdict_pattern(v, question), shown, re.IGNORECASE) for v in VERDICTS)
    assert not any(f in shown for f, value in FIGURES.items() if value not in allowed)
    assert not any(j.strip() and j in shown for j in JUNK if j not in ("…", "!!!"))
    assert not any(f in shown for f in FOREIGN)
    ids = [c.id for c in answer.citations]
    assert ids and set(ids) == cited_in(shown) and set(ids) <= {"ch2.p2.c12"}
