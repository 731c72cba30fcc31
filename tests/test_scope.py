"""Scope by evidence: a job that is no position of the regulation, and content words the retrieved
clauses do not support, say «not covered»; questions that only sound outside stay in."""

from __future__ import annotations

import pytest

from assistant.answering import scope
from assistant.answering.chain import Assistant
from assistant.answering.conversation import MemorySessionStore
from assistant.language import read


def clause_texts(doc, position_id: str) -> list[str]:
    return [c.text for c in doc.clauses if c.position_id == position_id]


@pytest.mark.parametrize("question, word", [
    ("Мектеп күзетшісінің міндеттері қандай?", "күзетшісінің"),
    ("Мектеп жүргізушісіне қандай талаптар қойылады?", "жүргізушісіне"),
    ("Какие требования к повару детского сада?", "повару"),
    ("Что должна делать уборщица в школе? Какие у неё обязанности?", "уборщица"),
    ("Какие требования к водителю школьного автобуса?", "водителю"),
    # more words than a bare job, the job still named by an agent noun's form
    ("Какие обязанности у лаборанта в школьном кабинете химии?", "лаборанта"),
    ("Какие обязанности у сантехника в школьном общежитии?", "сантехника"),
    ("Мектеп бағбанына қандай талаптар қойылады?", "бағбанына"),
    # a level-like word asks about the job's qualification all the same
    ("Охраннику в школе нужна какая-то квалификация?", "охраннику"),
    # a Kazakh agent noun on a short stem («ас+паз»)
    ("Мектеп асханасының аспазына қандай талаптар қойылады?", "аспазына"),
    # no clause kind asked at all: the job named is still outside («құжаттар» is no word about the regulation)
    ("Мектеп автобусының жүргізушісіне қандай құжаттар керек?", "жүргізушісіне"),
])
def test_a_job_that_is_no_position_is_outside(question, word):
    verdict = scope.role_outside(read(question))
    assert verdict.outside and verdict.reason == "role" and word in verdict.unsupported


@pytest.mark.parametrize("question", [
    "Какие обязанности у тьютора?",
    "Требования к заведующей ПМПК",  # a name the linker reads, in another case
    "Что входит в обязанности логопеда в садике?",
    "соцпедагог в коледже сколько стажа нужно для эксперта",  # a typo of the organisation
    "Колледж директоры жатақхананы қадағалауға міндетті ме?",
    "Кто в колледже готовит студентов к соревнованиям? Какие у него обязанности?",  # a description
    "Кім балабақшада музыка сабағын өткізеді, оған қандай талап қойылады?",
    "Какие обязанности у экономиста школы?",  # a job the regulation itself names (ch1.c4): answered from it
    "Мектепте кітапханашы боп істеймін, маған қандай талаптар бар?",  # ch1.c4 names librarians too
    "Екінші санатқа қандай талаптар қойылады?",  # an ordinal is not an agent noun
    "Какие обязанности у наставника молодого учителя?",  # mentoring, the regulation's own word
])
def test_a_position_of_the_regulation_is_not_a_job_outside(question):
    assert not scope.role_outside(read(question)).outside


@pytest.mark.parametrize("question, position_id, word", [
    ("Во сколько начинается первый урок в школе и сколько длится перемена?", "ch3.p7", "перемена"),
    ("Қала әкімдігі мұғалімдерге тегін пәтерді қай айда таратады, кезекке қалай тұрамын?", "ch3.p7", "пәтерді"),
])
def test_content_the_clauses_do_not_support_is_outside_and_named(doc, question, position_id, word):
    verdict = scope.judge(read(question), clause_texts(doc, position_id))
    assert verdict.outside and verdict.reason == "coverage" and word in verdict.unsupported


@pytest.mark.parametrize("question, position_id", [
    ("Проводит ли школьный психолог анкетирование учеников?", "ch3.p9"),  # an action of the position
    ("Мектеп психологы оқушылармен тестілеу жүргізе ме?", "ch3.p9"),
    ("Должен ли вожатый организовывать летний отдых детей?", "ch3.p14"),
    ("Балабақша тәрбиешісі ата-аналармен жұмыс жүргізе ме?", "ch2.p4"),
    ("Кому обязательны эти характеристики — частным школам тоже?", "ch3.p7"),  # the regulation itself
    ("Сипаттамада бухгалтерге қойылатын талаптар бар ма?", "ch3.p7"),
    ("Какие обязанности у вожатого по организации дежурства в столовой?", "ch3.p14"),  # a kind is asked
])
def test_questions_that_only_sound_outside_stay_in(doc, question, position_id):
    assert not scope.judge(read(question), clause_texts(doc, position_id)).outside


def test_one_unsupported_word_never_decides(doc):
    words = ["бассейн", "планшет"]
    assert scope.supported(words, "бассейн планшет", clause_texts(doc, "ch6.p11")) == [True, False]
    frame = read("Нужен ли в бассейне планшет?")
    assert not scope.judge(frame, clause_texts(doc, "ch6.p11")).outside


def test_grammar_and_known_words_are_not_content():
    assert scope.content_words("Какие требования к методисту детского сада?") == []
    assert scope.supported(["селе"], "методист в селе", ["ауылдық жерде кемінде 1 жыл"]) == [True]  # the glossary
    assert scope.content_words("Мектеп медбикесінің міндеттері қандай?") == ["медбикесінің"]


@pytest.fixture(scope="module")
def assistant(hash_retriever):
    return Assistant(hash_retriever.settings, retriever=hash_retriever, sessions=MemorySessionStore())


def test_the_chain_says_not_covered_and_which_words(assistant):
    answer = assistant.answer("Мектеп күзетшісінің міндеттері қандай?")
    assert answer.route == "out_of_scope" and answer.abstained and answer.lang == "kk"
    assert "«күзетшісінің»" in answer.answer and "жауап бермейді" in answer.answer


def test_the_chain_answers_a_duty_that_sounds_outside(assistant):
    answer = assistant.answer("Проводит ли школьный психолог анкетирование учеников?")
    assert answer.route == "regulation" and not answer.abstained
    assert any(c.id.startswith("ch3.p9.") for c in answer.citations)


def test_a_description_no_post_stands_out_for_is_answered_as_the_closest_not_as_the_answer(assistant):
    """«Кто в колледже отвечает за трудоустройство выпускников?»: no post's duties stand out (the regulation does
    not speak of graduates' employment); the posts shown are said to be the closest, never presented as the answer."""
    from assistant.answering import phrases
    from assistant.language.frame import Candidate

    frame = read("Кто в колледже отвечает за трудоустройство выпускников?")
    frame.described, frame.position_id = True, None
    frame.offered = [Candidate(position_id="ch10.p21", score=2.4, words="кто"), Candidate(position_id="ch10.p22", score=2.0, words="кто")]
    frame.position_candidates = ["ch10.p21", "ch10.p22"]
    from assistant.answering.chain import State
    from assistant.answering.conversation import Session

    state = assistant._regulation(State(question=frame.text, lang="ru", session=Session(), frame=frame))
    assert state.answer.answer.startswith(phrases.DESCRIBED_UNSURE["ru"])
    assert {c.id.rsplit(".", 1)[0] for c in state.answer.citations} <= {"ch10.p21", "ch10.p22"}


@pytest.mark.parametrize("question, position_id", [
    # a weak word of requirements («можно ли») names no clause kind: the words decide
    ("Можно ли уволить учителя по окончании срочного трудового договора?", "ch3.p7"),
    ("Как молодому учителю получить подъёмные и жильё по программе «С дипломом — в село!»?", "ch3.p7"),
])
def test_a_weak_kind_word_does_not_keep_a_question_with_unsupported_words_in(doc, question, position_id):
    verdict = scope.judge(read(question), clause_texts(doc, position_id), doc)
    assert verdict.outside and verdict.reason == "coverage"


@pytest.mark.parametrize("question, position_id", [
    # a weak word of a named post's work still asks its duties; a Russian «не» asks no «what»
    ("Соцпедагог в школе занимается пенсиями и пособиями детей-сирот? Или это вообще не к нему?", "ch3.p12"),
    ("Психолог в школе проводит диагностику и тестирование детей или это не его работа?", "ch3.p9"),
])
def test_a_question_about_a_named_posts_work_stays_in(doc, question, position_id):
    frame = read(question)
    assert frame.intent != "out_of_scope"
    assert not scope.judge(frame, clause_texts(doc, position_id), doc).outside


def test_a_word_found_in_most_clauses_is_no_evidence_that_a_question_is_covered(doc):
    # «жұмыс» (work) is in most clauses: «жұмыс уақыты қанша сағат?» asks working hours, which no clause sets
    verdict = scope.judge(read("Мектеп психологының жұмыс уақыты қанша сағат?"), clause_texts(doc, "ch3.p9"), doc)
    assert verdict.outside and "жұмыс" not in verdict.content and set(verdict.unsupported) == {"уақыты", "сағат"}
