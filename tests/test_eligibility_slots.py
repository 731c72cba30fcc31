"""Slots of free-text eligibility questions, and checking them (with follow-ups)."""

from __future__ import annotations

import pytest

from assistant.regulation.document import Level
from assistant.eligibility import Verdict, check_question, extract_slots
from assistant.eligibility.slots import years_in


@pytest.mark.parametrize("text, years", [
    ("бес жыл істедім", [5.0]), ("стаж пять лет", [5.0]), ("стаж 2,5 года", [2.5]),
    ("екі жарым жыл", [2.5]), ("полтора года стажа", [1.5]), ("полгода", [0.5]), ("4 жы", [4.0]),
    ("1995 жылға дейін бітірдім", []),
])
def test_years_are_read_from_digits_and_words(text, years):
    assert years_in(text) == years


@pytest.mark.parametrize("text, locality", [
    ("ауылда 3 жыл", "rural"), ("ауылдық жерде", "rural"), ("в селе", "rural"), ("в сельской местности", "rural"),
    ("в городе", "urban"), ("қалада", "urban"), ("қалалық мектепте", "urban"), ("калаймын", None),
])
def test_localities_in_both_languages(text, locality):
    found = extract_slots(text).locality
    assert (found.value if found else None) == locality


def test_a_kazakh_question_gives_every_slot():
    slots = extract_slots("Ауылдағы балабақшада әдіскермін, колледж бітіргенмін, өтілім екі жарым жыл. "
                          "Педагог-сарапшы бола аламын ба?")
    assert (slots.position_id, slots.level, slots.education.value, slots.locality.value, slots.years) == \
        ("ch2.p2", Level.EXPERT, "tvet", "rural", 2.5)
    assert slots.lang == "kk"


def test_a_college_named_as_a_workplace_is_not_the_education():
    slots = extract_slots("Преподаватель колледжа, высшее педагогическое, стаж по специальности 3 года")
    assert slots.education.value == "higher" and slots.lang == "ru"


def test_denied_facts_are_facts_and_a_denied_level_is_not_the_level_sought():
    slots = extract_slots("Высшее педагогическое, педстаж 3 года, категорий заместителя и квалификации эксперта нет, "
                          "на госслужбе и руководящих должностях не работала.")
    assert slots.categories_held == [] and slots.level is None
    assert slots.civil_service_years == 0 and slots.leadership_years == 0


def test_nested_and_leadership_periods_are_told_apart_from_the_main_years():
    slots = extract_slots("Педагогикалық өтілім 7 жыл (соңғы екі жылы үздіксіз), оның 3 жылы директордың орынбасары.")
    assert (slots.years, slots.nested_years, slots.leadership_years) == (7, 2, 3)
    assert extract_slots("педстаж 4 года, весь стаж в детском саду").nested_years == 4


def test_a_category_held_is_read_but_the_level_asked_for_is_not():
    slots = extract_slots("У меня есть первая категория, стаж 2 года, хочу на педагога-эксперта")
    assert slots.categories_held == ["first"] and slots.level is Level.EXPERT


def test_check_question_runs_the_checker():
    outcome = check_question("Колледж бітіргенмін, қаладағы балабақшада 2 жыл тәрбиеші болдым. Әдіскер бола аламын ба?")
    assert outcome.result.verdict is Verdict.NOT_ELIGIBLE and outcome.result.min_years == 3


def test_a_follow_up_changes_only_what_it_says():
    first = check_question("Колледж бітіргенмін, балабақшада 2 жыл тәрбиеші болдым. Әдіскер бола аламын ба?")
    assert first.result.verdict is Verdict.NEEDS_MORE_INFORMATION and first.result.missing_facts == ["locality"]
    follow = check_question("а в селе?", previous_slots=first.slots)
    assert follow.slots.position_id == "ch2.p2" and follow.slots.years == 2
    assert follow.result.verdict is Verdict.ELIGIBLE


def test_without_years_or_position_the_question_back_says_what_is_missing():
    outcome = check_question("Могу ли я стать педагогом-модератором?")
    assert outcome.result is None
    assert {m.fact for m in outcome.missing} == {"position", "years"}


def test_years_in_another_named_position_do_not_compete_when_the_rule_counts_years_in_this_one():
    # ch3.p12.c86 counts years «әлеуметтік педагог лауазымындағы»: the teacher's years are not rivals
    outcome = check_question("8 лет работала учителем истории, а соцпедагогом в школе только 1 год. Высшее. "
                             "На педагога-модератора как соцпедагог подхожу?")
    assert outcome.result.verdict is Verdict.NOT_ELIGIBLE and outcome.result.experience_kind == "in_position"


def test_the_only_years_told_being_in_another_position_are_asked_when_the_rule_counts_this_one():
    # ch2.p10.c44 counts years «… нұсқаушысы лауазымындағы»: five years as a coach are not them
    outcome = check_question("Пять лет работал тренером-преподавателем в спортшколе. Высшее. "
                             "Могу ли я как инструктор по физкультуре детского сада получить модератора?")
    assert outcome.result is None and [m.fact for m in outcome.missing] == ["years"]
    assert "именно в этой должности" in outcome.missing[0].question_ru


def test_years_of_no_post_beside_years_in_another_are_asked_when_the_rule_counts_this_post():
    # ch3.p12.c86 counts years as a social pedagogue; «итого 5» holds 2 years as a history teacher
    outcome = check_question("Работаю соцпедагогом в школе, высшее педагогическое. До этого 2 года была учителем "
                             "истории, итого 5 лет в школе. Как соцпедагог на исследователя подхожу?")
    assert outcome.result is None and [m.fact for m in outcome.missing] == ["years"]


def test_all_work_alone_never_gives_a_yes_the_pedagogical_share_is_asked():
    outcome = check_question("Жасым 35-те, жалпы еңбек өтілім 15 жыл (тігін фабрикасында істегем). «Педагогика» бойынша "
                             "колледж бітіргенмін. Оқу шеберханасының меңгерушісі бола аламын ба?")
    assert outcome.result is None and "педагогикалық" in outcome.missing[0].question_kk


def test_years_in_another_named_position_are_still_asked_about_when_the_rule_counts_all_teaching():
    # ch3.p13.c90 counts pedagogical experience: 8 years as a teacher may count, so the verdict is not given
    outcome = check_question("8 лет работала учителем истории, а профориентатором в школе только 1 год. Высшее. "
                             "На педагога-модератора как профориентатор подхожу?")
    assert outcome.result is None and [m.fact for m in outcome.missing] == ["years"]


def test_a_denied_figure_does_not_compete_with_the_one_the_person_says_they_have():
    outcome = check_question("Четырёх лет стажа у меня нет, есть только 1. Учитель, высшее. На модератора можно?")
    assert outcome.result is not None and outcome.result.years == 1


def test_years_told_twice_are_read_by_their_surest_telling_not_rivalled_by_a_denied_figure():
    # «4 жыл өтіл жоқ, 3 жыл ғана … тәрбиеші болып сол 3 жыл істедім»: 3 years in the post; the denied 4 is no rival
    outcome = check_question("Менде 4 жыл өтіл жоқ, 3 жыл ғана. Балабақша тәрбиешісімін, колледж бітіргем, тәрбиеші "
                             "болып сол 3 жыл істедім. Зерттеушіге бола ма?")
    assert outcome.result is not None and outcome.result.years == 3.0
    assert outcome.result.verdict is Verdict.NOT_ELIGIBLE


@pytest.mark.parametrize("question", [
    "Хочу стать заведующей детским садом. Высшее, педстаж 5 лет, категорий нет, на госслужбе не была. Последние 2 года "
    "работаю в школе, а в садике работала до этого 3 года.",
    "Балабақша меңгерушісі болғым келеді. Жоғары білім, педагогикалық өтілім 5 жыл, санат жоқ, мемлекеттік қызметте "
    "болмадым. Соңғы 2 жыл мектепте істеймін, балабақшада одан бұрын 3 жыл істедім.",
])
def test_recent_years_told_in_another_kind_of_organisation_are_not_the_rules_recent_years(question):
    # ch2.p1.c9 counts the last years «мектепке дейінгі ұйымдағы»: the last two years at a school are none of them
    outcome = check_question(question)
    assert outcome.result is not None and outcome.result.verdict is Verdict.NOT_ELIGIBLE


def test_recent_years_told_in_the_rules_kind_of_organisation_count():
    outcome = check_question("Хочу стать заведующей детским садом. Высшее, педстаж 5 лет, категорий нет, на госслужбе "
                             "не была. Последние 2 года работаю в садике.")
    assert outcome.result is not None and outcome.result.verdict is Verdict.ELIGIBLE
