"""Who a conversation is about, and what the person told before: each person keeps their own post and
facts («а коллеге …?», «а мне …?»), and a figure told in an earlier turn serves a later post the rule
counts it for. Verdicts are checked through the guards, as the chain does."""

from datetime import date

import pytest

from assistant.language import read
from assistant.language.dates import REFERENCE
from assistant.language.dialogue import carry
from tests.language.conversation import talk, verdict

ASKER = "Я учитель физики в школе, высшее, педстаж 6 лет. Могу на эксперта?"


def test_a_colleague_named_gets_none_of_the_askers_facts():
    frame = talk(ASKER, "а моей коллеге на эксперта?")
    assert frame.subject == "other" and frame.years is None and frame.education is None


def test_the_asker_comes_back_to_their_own_post_and_facts_after_a_colleague():
    frame = talk(ASKER, "а коллеге-психологу? у неё колледж, психологом 1 год", "а ей на модератора?",
                 "а мне на исследователя?")
    assert (frame.subject, frame.position_id, frame.years, frame.education.value) == ("self", "ch3.p7", 6.0, "higher")
    assert frame.level.value == "researcher"


def test_a_pronoun_after_a_candidate_is_that_candidate():
    frame = talk("Кандидат на методиста дома детского творчества: высшее, педстаж 4 года. Берём?",
                 "а ему на модератора?")
    assert frame.years == 4.0 and frame.education.value == "higher"


def test_the_asker_with_a_post_of_the_same_name_elsewhere_is_asked_about_their_own():
    frame = talk("Моя подруга музыкальный руководитель в детском саду, высшее, 4 года. Ей на эксперта можно?",
                 "А мне? Я музыкальный руководитель в школе, колледж, 1 год.")
    assert frame.position_id == "ch6.p5" and frame.level.value == "expert" and frame.years == 1.0


def test_the_pedagogical_experience_told_before_serves_a_post_that_counts_it():
    frame = talk("Жалпы педагогикалық өтілім 7 жыл: 5 жыл мектепте мұғалім болдым, соңғы 2 жыл балабақшада "
                 "тәрбиешімін. Жоғары білімім бар. Тәрбиеші ретінде сарапшы бола аламын ба?",
                 "Ал мектепке мұғалім болып қайта оралсам, зерттеуші бола аламын ба?")
    assert frame.position_id == "ch3.p7" and frame.locality is None  # «оралсам» is no city
    assert verdict(frame) == "eligible"


def test_years_said_in_this_very_post_decide_when_the_total_would_not():
    frame = talk("Тәрбиешімін: соңғы 2 жыл балабақшада тәрбиешімін, оған дейін 5 жыл мектепте мұғалім болдым, "
                 "барлығы 7 жыл. Жоғары білім. Сарапшы бола аламын ба?")
    assert verdict(frame) == "eligible"  # 2 years in this post meet the expert's 2 (ch2.p4.c20)


def test_a_corrected_start_year_is_counted_again_from_the_new_one():
    token = REFERENCE.set(date(2026, 12, 7))
    try:
        frame = talk("Мен мектепте математика мұғалімімін, жоғары білім, 2015 жылдың қыркүйегінен бері істеймін. "
                     "Педагог-шебер бола аламын ба?", "кешіріңіз, 2015 емес, 2022 жылдың қыркүйегі. Сонда да бола ма?")
        assert frame.correction and 4.1 < frame.years < 4.3  # to the day: September 2022 to December 2026
        assert verdict(frame) == "not_eligible"
    finally:
        REFERENCE.reset(token)


@pytest.mark.parametrize("question", ["Там с моими 2 годами на эксперта тоже нет?", "С её 2 годами на эксперта тоже нет?"])
def test_a_no_that_asks_does_not_deny_the_figure(question):
    assert [f.kind for f in read(question).figures] == ["own"]


def test_years_as_a_head_told_in_another_kind_of_organisation_do_not_count_for_a_centre_of_additional_education():
    # ch6.p1.c154 counts «қосымша білім беру ұйымы басшысының орынбасары немесе басшысы лауазымындағы өтілі»
    frame = talk("Хочу стать директором дома детского творчества. Высшее педагогическое, педстаж 8 лет, последние "
                 "3 года непрерывно. Заместителем директора работала 4 года, но в гимназии. Категорий нет, на "
                 "госслужбе не была. Подхожу?")
    assert frame.leadership_years == 4.0 and verdict(frame) == "not_eligible"
    placed_nowhere = talk("Хочу стать директором дома детского творчества. Высшее педагогическое, педстаж 8 лет, "
                          "последние 3 года непрерывно. Заместителем директора работала 4 года. Подхожу?")
    assert verdict(placed_nowhere) == "eligible"


@pytest.mark.parametrize("question", ["Педстаж 25 лет, могу ли я уже выйти на пенсию по выслуге?",
                                      "Мұғаліммін, өтілім 25 жыл, зейнетке шыға аламын ба?"])
def test_years_told_about_a_pension_ask_nothing_the_regulation_decides(question):
    assert read(question).intent == "out_of_scope"


def test_a_question_for_the_text_after_a_check_is_answered_from_the_text():
    check = "Я учитель истории, высшее, стаж 4 года. Могу на эксперта?"
    assert talk(check, "а что должен уметь педагог-эксперт?").intent == "regulation"
    assert talk(check, "а сколько лет стажа нужно на мастера?").intent == "regulation"
    assert talk("Мұғаліммін, жоғары білім, өтілім 4 жыл. Сарапшы бола аламын ба?",
                "шеберге қанша жыл өтіл керек?").intent == "regulation"


def test_a_level_asked_for_oneself_after_questions_about_the_text_is_a_check_again():
    frame = None
    for text, route in [("Я учитель истории, высшее, стаж 4 года. Могу на эксперта?", None),
                        ("а что должен уметь педагог-эксперт?", "eligibility"),
                        ("а мне сколько не хватает до мастера?", "regulation")]:
        frame = carry(frame, read(text), route)
    assert frame.intent == "eligibility" and verdict(frame) == "not_eligible"


@pytest.mark.parametrize("message", [
    "жоқ, кешіріңіз, жоғары білімім бар деп айтайын деп едім, бірақ ол әлі жоқ — қазір сырттай оқып жатырмын",
    "Я сейчас учусь заочно на дефектолога, диплом вуза будет летом 2027",
])
def test_an_education_studied_for_or_not_there_yet_is_not_held(message):
    assert read(message).education is None


def test_a_correction_that_names_an_education_not_held_yet_keeps_the_one_held():
    frame = talk("Колледж бітірдім, балабақшада 4 жыл тәрбиеші болып істеймін. Әдіскер бола аламын ба?",
                 "жоқ, жоғары білімім бар деп айтайын деп едім, бірақ ол әлі жоқ — қазір оқып жатырмын. Сонда ше?")
    assert frame.education.value == "tvet"
    assert read("Высшее есть, сейчас учусь в магистратуре.").education.value == "higher"


@pytest.mark.parametrize("follow_up", ["Мен мұғаліммін, санатым жоқ, өтілім 4 жыл, жоғары білімім бар. Осы қызметке бола аламын ба?",
                                       "Я учитель физики, высшее, стаж 4 года, категории нет. На эту должность меня возьмут?"])
def test_this_post_is_the_post_talked_about_before_not_the_askers_own_job(follow_up):
    frame = talk("Мектеп директорының оқу ісі жөніндегі орынбасарына қандай талап қойылады?", follow_up, route="regulation")
    assert frame.position_id == "ch3.p4" and "duties" not in frame.kinds


@pytest.mark.parametrize("message", ["Я учитель математики, стаж 5 лет. Какие у меня должностные обязанности?",
                                     "Балабақшада тәрбиешімін, өтілім 3 жыл. Тәрбиеші нені білуге тиіс?"])
def test_a_question_for_the_text_told_with_ones_years_asks_the_text_not_a_verdict(message):
    frame = read(message)
    assert frame.intent == "regulation" and "requirements" not in frame.kinds


def test_ones_years_with_a_post_sought_still_ask_a_verdict():
    assert read("Балабақшаға меңгеруші болғым келеді. Жоғары білім, педагогикалық өтілім 4 жыл, "
                "мемлекеттік қызметте болмадым.").intent == "eligibility"
