"""Facts told during a check about a head's post go on with the check: a deputy's post named for one's years as
a head (or for having none) is the person's history, not a post sought, and «мемлекеттік қызметте болмадым»
asks for no duties clause. Verdicts through the guards, as the chain does."""

import pytest

from assistant.eligibility.guards import check_frame
from assistant.language import read
from assistant.language.dialogue import carry
from tests.language.conversation import talk, verdict

DIRECTOR = "Хочу стать директором школы. Высшее педагогическое, педстаж у меня 9 лет, последние 4 года без перерыва."


def test_a_deputys_years_and_a_category_told_go_on_with_the_heads_check():
    frame = talk(DIRECTOR, "Заместителем директора был 1 год. Квалификация — педагог-эксперт. Подхожу?")
    assert frame.position_id == "ch3.p1" and frame.intent == "eligibility"
    assert frame.leadership_years == 1.0 and frame.categories_held == ["expert"]


def test_no_deputy_post_held_is_a_fact_of_the_check_not_a_post_asked_about():
    frame = talk("Колледж директоры болу үшін қандай талаптар бар? Жоғары білімім бар, колледжде 6 жыл оқытушы болдым.",
                 "Директордың орынбасары болған жоқпын, біліктілігім — педагог-сарапшы. Бола ма?")
    assert frame.position_id.startswith("ch9")  # the college (chapter 9 has no paragraph)
    assert frame.intent == "eligibility" and frame.leadership_years == 0.0


def test_the_civil_service_denied_asks_for_no_duties_clause():
    frame = read("санатым жоқ, басшы да орынбасар да болмағанмын, мемлекеттік қызметте де болмадым")
    assert "duties" not in frame.kinds and frame.civil_service_years == 0.0
    assert "duties" in read("Мұғалімнің лауазымдық міндеттері қандай?").kinds


def test_a_question_outside_the_regulation_keeps_the_post_for_the_turn_after_it():
    frame = carry(read("Балабақшадағы логопедке педагог-сарапшы үшін қанша өтіл керек?"),
                  read("аттестацияға құжаттарды қашан тапсыру керек?"), "regulation")
    assert frame.intent == "out_of_scope" and frame.position_id == "ch2.p7"
    after = carry(frame, read("Жогары билимим бар, мамандыгым бойынша 3 жыл. Сарапшыга бола ма?"), "out_of_scope")
    assert after.position_id == "ch2.p7" and verdict(after) == "eligible"


def test_another_deputy_of_the_same_school_named_after_a_deputy_is_that_one():
    frame = talk("Второй кандидат — учитель физики, высшее педагогическое, педстаж 4 года, категорий никаких. "
                 "Его хотим замом по научно-методической работе. Можно?",
                 "а его же — замом по воспитательной работе?")
    assert frame.position_id == "ch3.p5"


CANDIDATE = ("Рассматриваем кандидата на директора городской школы. Высшее педагогическое. Педстаж 3 года, потом 6 лет "
             "был госслужащим в отделе образования акимата. Категорий нет. Подходит?")


def test_a_story_of_past_jobs_does_not_move_the_post_to_their_organisation():
    frame = talk(CANDIDATE, "Уточнение от него: в отделе образования он был 4 года, а ещё 2 — в частной фирме. "
                            "Всё равно проходит?")
    assert frame.position_id == "ch3.p1"


def test_a_figure_no_fact_took_that_would_turn_the_verdict_is_asked_about():
    frame = talk(CANDIDATE, "Уточнение от него: в отделе образования он был 4 года, а ещё 2 — в частной фирме. "
                            "Всё равно проходит?")
    outcome = check_frame(frame)
    assert outcome.result is None and outcome.missing[0].fact == "civil_service_years"
    assert "«4 года»" in outcome.missing[0].question_ru


@pytest.mark.parametrize("question", [
    ("Коллега говорит, что на модератора хватает и 1 года. У меня педстаж 2 года, учитель английского, высшее. "
     "Я прохожу на модератора?"),
    ("Бұрын 6 жыл полицияда қызмет еттім, қазір мектепте педагог-кәсіби бағдар берушімін. Педагогикалық өтілім 2 жыл, "
     "жоғары білім. Педагог-сарапшыға бола ма?"),
])
def test_figures_of_one_message_beside_its_named_experience_are_not_asked_about(question):
    assert verdict(read(question)) is not None  # one message's figures are weighed against each other elsewhere
