"""Experience told by a start date is counted to the month up to the reference date; a year alone
is a range, so a verdict that turns inside it is asked, never guessed."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.eligibility.guards import check_frame
from assistant.language import read
from assistant.language.dates import REFERENCE, read_dates
from assistant.language.textnorm import fold_kazakh, normalise


@pytest.fixture(autouse=True)
def december_2026():
    token = REFERENCE.set(date(2026, 12, 7))
    yield
    REFERENCE.reset(token)


def years(text: str) -> list[tuple[float, tuple[float, float] | None]]:
    return [(s.value, s.bounds) for s in read_dates(fold_kazakh(normalise(text)))]


@pytest.mark.parametrize("text, expected", [
    ("работаю в школе с сентября 2021 года", [(5.19, (5.19, 5.26))]),  # from the 30th or the 1st
    ("в школе работаю с 15 декабря 2023 года", [(2.98, None)]),  # a day short of three years
    ("с 01.09.2020 учителем", [(6.26, None)]),
    ("2024 жылдың қыркүйегінен бастап істеймін", [(2.18, (2.18, 2.26))]),
    ("2018 жылдан бері балабақшадамын", [(7.93, (7.93, 8.93))]),
    ("2023 жылдың 1 қыркүйегінен бері істеймін", [(3.19, (3.19, 3.27))]),  # a day before the month
    ("с 2015 по 2020 год учителем", [(4.0, (4.0, 6.0))]),
    ("2015 жылдан бастап 2020 жылға дейін мұғалім болдым", [(4.0, (4.0, 6.0))]),
    ("окончила институт в 2018 году", []),
    ("с 2030 года", []),
])
def test_a_start_date_is_the_years_since_it(text, expected):
    assert years(text) == expected


def test_a_start_date_governed_by_work_is_the_experience_of_the_check():
    frame = read("Я учитель биологии, высшее педагогическое, работаю в школе с сентября 2021 года. "
                 "Мне уже можно подавать на исследователя?")
    assert frame.years == 5.19 and check_frame(frame).result.verdict.value == "eligible"


def test_years_alone_whose_range_turns_the_verdict_are_asked():
    # «с 2022 по 2025»: between 2 and 4 years, across the expert's 3; the moderator's 2 is met at the low end
    told = "Учитель, высшее педагогическое, с 2022 по 2025 год работала учителем в школе. "
    across = check_frame(read(told + "Можно на педагога-эксперта?"))
    assert across.result is None and [m.fact for m in across.missing] == ["years"]
    assert check_frame(read(told + "Можно на педагога-модератора?")).result.verdict.value == "eligible"


def test_the_date_a_set_was_written_for_moves_the_count():
    token = REFERENCE.set(date(2027, 12, 7))
    try:
        assert years("работаю с 1 сентября 2021 года") == [(6.26, None)]
    finally:
        REFERENCE.reset(token)


def test_the_day_the_message_says_it_is_ends_the_count():
    assert years("В садике воспитателем с марта 2022, сейчас январь 2024.") == [(1.75, (1.75, 1.92))]
    assert years("2021 жылдың мамырынан бері, қазір 2024 жылдың сәуірі") == [(2.84, (2.84, 3.0))]


def test_years_said_and_years_counted_from_a_date_that_disagree_are_asked_between():
    frame = read("Пединститут окончила в 2012 году, но в школе работаю только с 2022-го, учитель английского, "
                 "2 полных года. На эксперта можно?")
    assert frame.years is None and frame.years_candidates == [2.0, 3.93]
