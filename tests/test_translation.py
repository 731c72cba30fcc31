"""Unofficial Russian translations of the quoted Kazakh items (issue 15, item 4), over the fake server.

A translation is shown after its Kazakh item, marked «неофициальный перевод», only when every number
of the item is in it (and no other), its length is within bounds, it is Russian and it is no junk;
the text, the citations and the verdict are otherwise those of the answer without it.
"""

from __future__ import annotations

import time

import pytest

from assistant.answering.chain import Assistant
from assistant.answering.conversation import MemorySessionStore
from assistant.answering.translation import BLOCK_TITLE, MARK, check, split_reply

EXPERIENCE_QUESTION = "Сколько стажа нужно методисту детского сада?"  # three items of ch2.p2.c12 quoted
NOT_ELIGIBLE_QUESTION = ("У меня ТиПО, 0,5 года стажа в детском саду в городе, могу ли я стать методистом "
                         "детского сада?")
KK_QUESTION = "Мектепке дейінгі ұйым әдіскеріне қанша өтіл керек?"

GOOD = [
    "документ о высшем и (или) послевузовском педагогическом или ином профессиональном образовании по "
    "соответствующему профилю или о прохождении курсов переподготовки, требования к стажу работы не "
    "предъявляются, или документ о техническом и профессиональном образовании, стаж педагогической работы в "
    "дошкольных организациях: в городской местности - не менее 3 лет, в сельской местности - не менее 1 года",
    "и (или) для педагога-мастера при наличии высшего и (или) послевузовского педагогического образования стаж "
    "педагогической работы в дошкольных организациях: в городской местности - не менее 5 лет, в сельской "
    "местности - не менее 3 лет",
    "для педагога-модератора, педагога-эксперта, педагога-исследователя при наличии технического и "
    "профессионального образования по соответствующему профилю стаж педагогической работы в дошкольных "
    "организациях: в городской местности - не менее 5 лет, в сельской местности - не менее 3 лет.",
]
ELIGIBILITY_GOOD = ("документ о техническом и профессиональном образовании, стаж педагогической работы в "
                    "дошкольных организациях: в городской местности - не менее 3 лет")


@pytest.fixture
def assistant(hash_retriever, fake_llm):
    settings = hash_retriever.settings.model_copy(update={"llm_base_url": fake_llm.base_url, "llm_timeout_s": 4.0,
                                                          "llm_deadline_s": 12.0})
    return Assistant(settings, retriever=hash_retriever, sessions=MemorySessionStore())


def numbered(translations: list[str]) -> str:
    return "\n".join(f"{n}. {t}" for n, t in enumerate(translations, 1))


def untranslated(assistant, fake_llm, question: str):
    """The answer as it is when the translation request fails (the phrasing reply rejected as empty)."""
    fake_llm.queue(content="")
    fake_llm.queue(status=500)
    return assistant.answer(question)


def without_translations(text: str) -> str:
    text = text.split(f"\n\n{BLOCK_TITLE}")[0]
    return "\n".join(line for line in text.splitlines() if not line.startswith(f"  ({MARK})"))


def quoted(answer) -> list[str]:
    return [line[2:] for line in answer.answer.splitlines() if line.startswith("> ")]


def test_a_good_translation_is_shown_after_each_kazakh_item_marked(assistant, fake_llm):
    plain = untranslated(assistant, fake_llm, EXPERIENCE_QUESTION)
    fake_llm.queue(content="")  # the phrasing is rejected: the extractive answer, with its quotes, is shown
    fake_llm.queue(content=numbered(GOOD), usage=(300, 200))
    answer = assistant.answer(EXPERIENCE_QUESTION)
    request = fake_llm.requests[-1]
    assert "tools" not in request and request["max_tokens"] == assistant.settings.llm_max_tokens
    assert request["messages"][1]["content"] == numbered(quoted(plain))  # one request, the items numbered
    lines = answer.answer.splitlines()
    for item, translation in zip(quoted(plain), GOOD):
        at = lines.index(f"> {item}")
        assert lines[at + 1] == f"  ({MARK}) {translation}"  # after the official Kazakh text
    assert without_translations(answer.answer) == plain.answer
    assert [c.id for c in answer.citations] == [c.id for c in plain.citations]
    assert answer.citations[0].quote == plain.citations[0].quote
    assert answer.citations[0].translation == "; ".join(GOOD)
    assert answer.notice == plain.notice and answer.mode == plain.mode
    assert answer.llm_tokens == plain.llm_tokens + 500


BAD = {
    "a number missing": GOOD[0].replace(", в сельской местности - не менее 1 года", ""),
    "a number changed": GOOD[0].replace("не менее 3 лет", "не менее 2 лет"),
    "a number added": GOOD[0] + ", а для руководителя - не менее 7 лет",
    "in Kazakh": "тиісті бейін бойынша жоғары және (немесе) жоғары оқу орнынан кейінгі педагогикалық білім, "
                 "мектепке дейінгі ұйымдардағы педагогикалық жұмыс өтілі: қалалық жерде - кемінде 3 жыл, "
                 "ауылдық жерде - кемінде 1 жыл",
    "in English": "a document of higher education, teaching experience in preschool organisations: in a city at "
                  "least 3 years, in a village at least 1 year",
    "too short": "стаж: 3 года в городе, 1 год в селе",
    "too long": GOOD[0] + ". Настоящее требование распространяется на всех педагогов дошкольных организаций "
                "независимо от формы собственности, ведомственной подчинённости и языка обучения, а также на "
                "совместителей. Стаж исчисляется по трудовой книжке или иному документу, подтверждающему трудовую "
                "деятельность работника. При переводе работника в другую организацию стаж сохраняется полностью, "
                "если перерыв в работе не превысил установленного законодательством срока. Руководитель организации "
                "вправе проверить подлинность представленных документов и запросить дополнительные сведения.",
    "template tokens": GOOD[0] + " <|im_end|>",
    "empty": "",
}


@pytest.mark.parametrize("case", BAD)
def test_a_translation_failing_a_check_is_not_shown_the_others_are(assistant, fake_llm, case):
    plain = untranslated(assistant, fake_llm, EXPERIENCE_QUESTION)
    fake_llm.queue(content="")
    fake_llm.queue(content=numbered([BAD[case], *GOOD[1:]]))
    answer = assistant.answer(EXPERIENCE_QUESTION)
    lines = answer.answer.splitlines()
    first, *rest = quoted(plain)
    assert lines[lines.index(f"> {first}") + 1] == f"> {rest[0]}"  # the Kazakh text alone
    for item, translation in zip(rest, GOOD[1:]):
        assert lines[lines.index(f"> {item}") + 1] == f"  ({MARK}) {translation}"
    assert answer.citations[0].translation is None  # not every item of the quote passed
    assert without_translations(answer.answer) == plain.answer


def test_a_reply_that_cannot_be_split_back_shows_no_translation(assistant, fake_llm):
    plain = untranslated(assistant, fake_llm, EXPERIENCE_QUESTION)
    fake_llm.queue(content="")
    fake_llm.queue(content=" ".join(GOOD))  # not numbered
    assert assistant.answer(EXPERIENCE_QUESTION).answer == plain.answer


def test_an_eligibility_answer_gets_its_quote_translated_and_keeps_its_verdict(assistant, fake_llm):
    plain = untranslated(assistant, fake_llm, NOT_ELIGIBLE_QUESTION)
    fake_llm.queue(content="")
    fake_llm.queue(content=f"1. {ELIGIBILITY_GOOD}")
    answer = assistant.answer(NOT_ELIGIBLE_QUESTION)
    assert answer.eligibility.verdict == plain.eligibility.verdict
    assert answer.eligibility.model_dump() == plain.eligibility.model_dump()
    assert [c.id for c in answer.citations] == [c.id for c in plain.citations] == ["ch2.p2.c12"]
    assert answer.citations[0].translation == ELIGIBILITY_GOOD
    assert answer.answer.startswith(plain.answer)
    assert answer.answer.endswith(f"{BLOCK_TITLE}\n• {plain.citations[0].label}: {ELIGIBILITY_GOOD}")


def test_an_answer_phrased_by_the_llm_gets_the_translation_of_its_citations(assistant, fake_llm):
    reply = "Методист организует методическую работу в дошкольной организации [ch2.p2.c12]."
    fake_llm.queue(content=reply)
    fake_llm.queue(content=f"1. {ELIGIBILITY_GOOD}")
    answer = assistant.answer(NOT_ELIGIBLE_QUESTION)
    assert answer.mode == "llm" and reply in answer.answer
    assert answer.citations[0].translation == ELIGIBILITY_GOOD and MARK in answer.answer.lower()


def test_a_kazakh_answer_gets_no_translation(assistant, fake_llm):
    fake_llm.queue(content="")
    answer = assistant.answer(KK_QUESTION)
    assert len(fake_llm.requests) == 1  # the phrasing only
    assert MARK not in answer.answer and all(c.translation is None for c in answer.citations)


@pytest.mark.parametrize("script", [dict(status=500), dict(raw="garbage"), dict(delay=5.0, content="late")])
def test_a_failing_translation_request_leaves_the_answer_as_it_was(assistant, fake_llm, hash_retriever, script):
    fake_llm.queue(content="")
    fake_llm.queue(**script)
    answer = assistant.answer(EXPERIENCE_QUESTION)
    fake_llm.queue(content="")  # the phrasing rejected the same way, no translation asked for
    plain = Assistant(assistant.settings.model_copy(update={"llm_deadline_s": 3.0}), retriever=hash_retriever,
                      sessions=MemorySessionStore())
    fake_llm.queue(status=500)
    expected = plain.answer(EXPERIENCE_QUESTION)
    assert answer.answer == expected.answer and MARK not in answer.answer
    assert answer.notice == expected.notice and all(c.translation is None for c in answer.citations)


def test_a_failing_endpoint_is_not_asked_again_for_a_translation(assistant, fake_llm):
    fake_llm.queue(status=500)
    answer = assistant.answer(EXPERIENCE_QUESTION)
    assert len(fake_llm.requests) == 1 and answer.mode == "extractive" and MARK not in answer.answer


def test_without_an_llm_nothing_changes(hash_retriever):
    answer = Assistant(hash_retriever.settings, retriever=hash_retriever,
                       sessions=MemorySessionStore()).answer(EXPERIENCE_QUESTION)
    assert MARK not in answer.answer and answer.citations[0].translation is None


# -- the checks, one by one -------------------------------------------------------------------------

@pytest.mark.parametrize("original, translation, reason", [
    ("осы Қағидалардың 5-тармағына сәйкес жүргізіледі", "проводится в соответствии с пунктом 5 настоящих Правил", None),
    ("осы Қағидалардың 5-тармағына сәйкес жүргізіледі", "проводится в соответствии с пунктом настоящих Правил",
     "numbers differ"),
    ("кемінде бес жыл жұмыс өтілі болуы тиіс", "стаж работы должен быть не менее пяти лет", None),
    ("кемінде 5 жыл жұмыс өтілі болуы тиіс", "стаж работы должен быть не менее пяти лет", None),
    ("кемінде 5 жыл жұмыс өтілі болуы тиіс", "стаж работы должен быть не менее 5 лет, с 2019 года", "numbers differ"),
    ("кемінде бес жыл жұмыс өтілі болуы тиіс", "стаж работы должен быть не менее четырёх лет", "numbers differ"),
    ("кемінде бес жыл жұмыс өтілі болуы тиіс", "стаж работы должен быть не менее многих лет", "numbers differ"),
    ("балаларды тәрбиелеу", "воспитание детей", None),
    ("балаларды тәрбиелеу", "в", "length ratio 0.05"),
    ("балаларды тәрбиелеу", "balalardy tarbieleu", "not Russian"),
    ("балаларды тәрбиелеу", "assistant: воспитание детей", "template tokens"),
])
def test_check(original, translation, reason):
    assert check(original, translation) == reason


def test_split_reply_numbers_continuations_and_duplicates():
    assert split_reply("1. а\nб\n2) в\n\n3. г\n3. д") == {1: "а б", 2: "в"}


def test_the_translation_gets_only_the_time_left_of_the_answers_deadline(hash_retriever, fake_llm):
    settings = hash_retriever.settings.model_copy(update={"llm_base_url": fake_llm.base_url, "llm_timeout_s": 1.0,
                                                          "llm_deadline_s": 1.5})
    assistant = Assistant(settings, retriever=hash_retriever, sessions=MemorySessionStore())
    fake_llm.queue(content="", delay=0.8)  # the phrasing uses most of the deadline
    fake_llm.queue(content=numbered(GOOD), delay=0.9)  # within its own timeout, not within the time left
    answer = assistant.answer(EXPERIENCE_QUESTION)
    assert MARK not in answer.answer and len(fake_llm.requests) == 2
    deadline = time.monotonic() + 2
    while fake_llm.cancelled < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert fake_llm.cancelled == 1  # the request was closed, so the server stops working on it


def test_translations_shown_and_not_shown_are_counted_in_the_metrics(assistant, fake_llm):
    from assistant.channels.web.metrics import Metrics

    fake_llm.queue(content="")
    fake_llm.queue(content=numbered([BAD["in Kazakh"], *GOOD[1:]]))
    answer = assistant.answer(EXPERIENCE_QUESTION)
    assert "_translations" not in answer.model_dump_json()
    metrics = Metrics()
    metrics.observe_answer(answer)
    text = metrics.render()[0].decode()
    assert 'assistant_quote_translations_total{outcome="shown"} 2.0' in text
    assert 'assistant_quote_translations_total{outcome="not_shown"} 1.0' in text
