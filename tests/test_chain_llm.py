"""The chain with an LLM endpoint: a local fake OpenAI-compatible server over real HTTP.

The replies of issue 15's «Why» are the fixtures: the model phrases, the verdict and the figures
come from the checker and the clauses, and junk falls back to the extractive answer with a notice.
"""

from __future__ import annotations

import pytest

from assistant.answering.chain import Assistant
from assistant.answering.conversation import MemorySessionStore

ELIGIBILITY_QUESTION = ("У меня среднее специальное образование, 2,5 года стажа в детском саду в селе. "
                        "Могу ли я стать методистом детского сада?")  # checker: eligible, minimum 1
NOT_ELIGIBLE_QUESTION = ("У меня ТиПО, 0,5 года стажа в детском саду в городе, могу ли я стать методистом "
                         "детского сада?")  # checker: not_eligible, minimum 3, shortfall 2,5
KK_QUESTION = ("Менде жоғары білім бар, қалада балабақшада 4 жыл педагогикалық өтілім бар. Мектепке дейінгі ұйым "
               "әдіскері педагог-шебер бола аламын ба?")  # checker: not_eligible, minimum 5, has 4
DUTIES_QUESTION = "Какие обязанности у методиста детского сада?"
GENERAL_QUESTION = "Кто организует методическую работу в детском саду?"  # several clauses retrieved
SUPPORTED = "Методист организует методическую работу в дошкольной организации"
FALLBACK_RU = "Языковая модель недоступна, ответ составлен напрямую из текста."


@pytest.fixture
def assistant(hash_retriever, fake_llm):
    settings = hash_retriever.settings.model_copy(update={"llm_base_url": fake_llm.base_url, "llm_timeout_s": 1.0,
                                                          "llm_deadline_s": 3.0})
    return Assistant(settings, retriever=hash_retriever, sessions=MemorySessionStore())


@pytest.fixture
def extractive(hash_retriever):
    return Assistant(hash_retriever.settings, retriever=hash_retriever, sessions=MemorySessionStore())


def body(answer) -> str:
    """The answer after the line of facts read («Я понял так: …»)."""
    return answer.answer.split("\n\n", 1)[1]


def ask(assistant, fake_llm, reply: str, question: str = NOT_ELIGIBLE_QUESTION):
    fake_llm.queue(content=reply)
    return assistant.answer(question)


def assert_fell_back(answer, extractive, question: str, reason: str) -> None:
    """The extractive answer itself, with its own citations, and a notice naming why."""
    plain = extractive.answer(question)
    assert answer.mode == "extractive" and answer.answer == plain.answer
    assert [c.id for c in answer.citations] == [c.id for c in plain.citations]
    assert answer.notice and reason in answer.notice


# -- 1. the verdict and the figures are rendered, not generated ---------------------------------------

def test_the_checker_tool_is_called_and_a_supported_explanation_follows_the_verdict(assistant, fake_llm):
    fake_llm.queue(tool_call=("eligibility_check", {"position": "ch2.p2", "education": "tvet",
                                                    "locality": "rural", "years": 2.5}))
    fake_llm.queue(content="В сельской местности нужен стаж в дошкольных организациях не менее 1 года [ch2.p2.c12].")
    answer = assistant.answer(ELIGIBILITY_QUESTION)
    assert answer.mode == "llm" and answer.notice is None
    assert answer.answer.startswith("Я понял так:")  # the facts read come first
    assert body(answer) == ("Да: требование к стажу для «Методист организации дошкольного воспитания и обучения» "
                            "выполнено.\n\nВ сельской местности нужен стаж в дошкольных организациях не менее 1 года "
                            "[ch2.p2.c12].")
    assert [c.id for c in answer.citations] == ["ch2.p2.c12"]
    tool_reply = fake_llm.requests[1]["messages"][-1]
    assert tool_reply["role"] == "tool" and '"verdict":"eligible"' in tool_reply["content"].replace(" ", "")


@pytest.mark.parametrize("reply", [
    "Вы подходите, стаж не нужен [ch2.p2.c12].",
    "Да, вы можете стать методистом [ch2.p2.c12].",
    "Для этой должности достаточно 2 лет стажа [ch2.p2.c12].",
    "Вам хватит вашего стажа (ch2.p2.c12).",
])
def test_a_reply_stating_a_verdict_never_shows_it(assistant, extractive, fake_llm, reply):
    answer = ask(assistant, fake_llm, reply)
    assert answer.eligibility.verdict.value == "not_eligible"
    assert body(answer).startswith("Нет: требование к стажу")
    assert_fell_back(answer, extractive, NOT_ELIGIBLE_QUESTION, "ничего не осталось")


@pytest.mark.parametrize("wrong", ["Вам нужно не менее пяти лет стажа", "Нужно не менее 5 лет стажа",
                                   "Требуется 3-х летний стаж, а у вас 0,5 года", "Нужно ещё 2,5 года стажа",
                                   "Нужно полтора года стажа"])
def test_a_figure_that_is_no_rule_figure_of_the_cited_clause_is_removed(assistant, fake_llm, wrong):
    """The person's years (0,5) and the shortfall (2,5) are never the model's figures; «3-х» is the
    rule figure here only where no other figure of the sentence is wrong."""
    answer = ask(assistant, fake_llm, f"{wrong} [ch2.p2.c12]. {SUPPORTED} [ch2.p2.c12].")
    assert answer.mode == "llm"
    assert body(answer) == ("Нет: требование к стажу для «Методист организации дошкольного воспитания и обучения» не "
                            f"выполнено.\n\n{SUPPORTED} [ch2.p2.c12].")


def test_a_rule_figure_of_the_cited_clause_in_words_or_digits_is_kept(assistant, fake_llm):
    reply = "В городе нужен стаж не менее трёх лет (ch2.p2.c12). Это 3-х летний стаж по пункту 12."
    answer = ask(assistant, fake_llm, reply)
    assert answer.mode == "llm" and body(answer).endswith(reply)


def test_kazakh_figures_the_persons_years_and_a_verdict_are_removed(assistant, extractive, fake_llm):
    answer = ask(assistant, fake_llm, "Сізде 4 жыл бар, бұл жеткілікті [ch2.p2.c12].", KK_QUESTION)
    assert answer.eligibility.verdict.value == "not_eligible"
    assert_fell_back(answer, extractive, KK_QUESTION, "ештеңе қалмады")
    answer = ask(assistant, fake_llm, "Қалада кемінде бес жыл керек [ch2.p2.c12]. Сізге тағы бір жыл керек "
                                      "[ch2.p2.c12]. Кемінде төрт жыл өтіл керек [ch2.p2.c12].", KK_QUESTION)
    assert body(answer) == ("Жоқ: «Мектепке дейінгі тәрбие және оқыту ұйымының әдіскері», біліктілік деңгейі "
                            "«педагог-шебер» үшін жұмыс өтілі талабы орындалмайды.\n\nҚалада кемінде бес жыл керек "
                            "[ch2.p2.c12].")


def test_a_year_is_a_date_not_a_duration(assistant, fake_llm):
    answer = ask(assistant, fake_llm, f"Стаж до 1995 года тоже учитывается [ch2.p2.c12]. {SUPPORTED} [ch2.p2.c12].")
    assert answer.mode == "llm" and body(answer).endswith(f"\n\n{SUPPORTED} [ch2.p2.c12].")
    assert "1995" not in body(answer)  # a date the clause does not print (and not 1995 years)


# -- 2. a reply must be about the clauses shown with it ---------------------------------------------

JUNK = {
    "empty": ("", "ответ пуст"),
    "template": ("<|im_start|>", "служебные токены"),
    "template_after_text": (f"{SUPPORTED} [ch2.p2.c12].<end_of_turn>\n<start_of_turn>user", "служебные токены"),
    "echo": (NOT_ELIGIBLE_QUESTION, "повторяет вопрос"),
    "kazakh": ("Әдіскер мектепке дейінгі ұйымда әдістемелік жұмысты ұйымдастырады [ch2.p2.c12].", "на другом языке"),
    "english": ("The methodologist organises the methodical work of the kindergarten [ch2.p2.c12].",
                "на другом языке"),
    "loop_7000": (("Тәрбиеші балалардың өмірі мен денсаулығын қорғауды қамтамасыз етеді [ch2.p3.c20]. " * 90)[:7000],
                  "слишком длинный"),
    "loop_short": ("Методист организует работу и методист организует работу и методист организует работу и "
                   "методист организует работу и методист организует работу [ch2.p2.c12].", "повторяется"),
    "invented_quote": ("В пункте сказано: «методист обязан работать без выходных и праздников» [ch2.p2.c12].",
                       "цитирует текст"),
    "no_citation": (f"{SUPPORTED}.", "не ссылается"),
}


@pytest.mark.parametrize("case", JUNK)
def test_junk_falls_back_to_the_extractive_answer_with_a_notice(assistant, extractive, fake_llm, case):
    reply, reason = JUNK[case]
    answer = ask(assistant, fake_llm, reply)
    assert_fell_back(answer, extractive, NOT_ELIGIBLE_QUESTION, reason)
    assert answer.eligibility.verdict.value == "not_eligible"


def test_a_quote_of_the_clause_passes(assistant, fake_llm):
    reply = "В пункте сказано: «мектепке дейінгі ұйымдардағы педагогикалық жұмыс өтілі» [ch2.p2.c12]."
    assert ask(assistant, fake_llm, reply).mode == "llm"


def duties_ids(hash_retriever) -> list[str]:
    return [h.clause_id for h in hash_retriever.search(DUTIES_QUESTION, k=8)]


def prompt_ids(assistant, fake_llm) -> list[str]:
    """The clauses the model is shown for a general question (the retrieved set it may cite)."""
    fake_llm.queue(content="")
    assistant.answer(GENERAL_QUESTION)
    prompt = next(r for r in reversed(fake_llm.requests) if r.get("tools"))["messages"][1]["content"]  # not the translation
    return [line[1:-1] for line in prompt.splitlines() if line.startswith("[") and line.endswith("]")]


def test_citations_shown_are_exactly_those_the_kept_text_cites_in_any_form(assistant, fake_llm, hash_retriever):
    ids = prompt_ids(assistant, fake_llm)
    shown, doc = ids[0], hash_retriever.document
    other = next(cid for cid in ids[1:] if sum(doc.clause(c).clause == doc.clause(cid).clause for c in ids) == 1)
    number = doc.clause(other).clause
    reply = f"{SUPPORTED} ({shown}). Он также ведёт учёт по пункту {number}."
    answer = ask(assistant, fake_llm, reply, GENERAL_QUESTION)
    assert answer.mode == "llm" and answer.answer == reply
    assert [c.id for c in answer.citations] == [shown, other]
    assert answer.citations[1].quote  # a clause the extractive answer did not show gets its items quoted


def test_a_sentence_citing_a_clause_not_retrieved_is_removed(assistant, fake_llm, hash_retriever):
    retrieved = prompt_ids(assistant, fake_llm)
    foreign = next(c for c in hash_retriever.document.clauses if c.id not in retrieved and c.chapter == 9
                   and c.clause not in {hash_retriever.document.clause(r).clause for r in retrieved})
    reply = f"Методист отвечает за всё по пункту {foreign.clause}. Он ведёт отчёты [{foreign.id}]. {SUPPORTED} [{retrieved[0]}]."
    answer = ask(assistant, fake_llm, reply, GENERAL_QUESTION)
    assert answer.answer == f"{SUPPORTED} [{retrieved[0]}]."
    assert [c.id for c in answer.citations] == [retrieved[0]]


# -- 3. bounded cost ---------------------------------------------------------------------------------

def test_the_prompt_holds_the_items_that_answer_within_its_budget(hash_retriever, fake_llm):
    settings = hash_retriever.settings.model_copy(update={"llm_base_url": fake_llm.base_url, "llm_max_prompt_chars": 800,
                                                          "llm_max_tokens": 77})
    assistant = Assistant(settings, retriever=hash_retriever, sessions=MemorySessionStore())
    fake_llm.queue(content="x")
    assistant.answer(DUTIES_QUESTION)
    request = fake_llm.requests[0]
    prompt = request["messages"][1]["content"]
    assert request["max_tokens"] == 77
    first = hash_retriever.document.clause(duties_ids(hash_retriever)[0])
    assert len(first.text) > 800 and len(prompt) < 800 + 100 + len(DUTIES_QUESTION)  # ids and line breaks aside
    assert first.text not in prompt


def test_tokens_are_counted_whether_the_reply_is_shown_or_not(assistant, fake_llm):
    fake_llm.queue(content=f"{SUPPORTED} [ch2.p2.c12].", usage=(900, 40))
    assert assistant.answer(NOT_ELIGIBLE_QUESTION).llm_tokens == 940
    fake_llm.queue(content="<|im_start|>", usage=(900, 3))
    assert assistant.answer(NOT_ELIGIBLE_QUESTION).llm_tokens == 903


@pytest.mark.parametrize("script", [dict(status=500), dict(raw="garbage"), dict(delay=2.0, content="late")])
def test_a_failing_endpoint_falls_back_to_the_extractive_answer(assistant, fake_llm, script):
    fake_llm.queue(**script)
    answer = assistant.answer(ELIGIBILITY_QUESTION)
    assert answer.mode == "extractive"
    assert answer.notice == FALLBACK_RU
    assert answer.eligibility.verdict.value == "eligible" and answer.citations
