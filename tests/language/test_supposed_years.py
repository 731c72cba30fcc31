"""A check asked for a time ahead («через год будет уже 4 года — тогда пройду?», «келесі жылы 4 жыл толады, сол
кезде бола аламын ба?»): the years the person will have are the years checked, the answer says so, and they are
not carried as today's years into later turns. Verdicts through the guards, as the chain does."""

from assistant.language import read
from assistant.language.dialogue import carry
from tests.language.conversation import talk, verdict

START = "Я старшая вожатая, колледж по направлению «Педагогика», вожатой работаю 3 года. На модератора подаваться?"




def test_the_years_of_a_time_ahead_are_checked_and_an_age_is_not_one_of_them():
    frame = talk(START, "Мне 23 года, через год будет уже 4 года стажа вожатой — тогда на эксперта пройду?")
    assert frame.years == 4.0 and frame.said("supposed") and frame.intent == "eligibility"
    assert verdict(frame) == "eligible"


def test_a_conditional_follow_up_with_its_own_future_figure_is_checked_for_it():
    frame = talk(START, "Если через год подам, когда стажа будет 2 года, — на эксперта возьмут?")
    assert frame.years == 2.0 and verdict(frame) == "not_eligible"


def test_supposed_years_are_not_todays_in_the_next_turn():
    frame = talk(START, "через год будет 4 года — тогда на эксперта пройду?", "а сейчас на эксперта?")
    assert frame.years is None  # asked again, never the 4 of a year ahead


def test_a_figure_of_today_beside_one_ahead_is_the_one_checked():
    frame = talk(START, "Через 3 года у меня будет 5 лет стажа, а сейчас 2 года. На эксперта могу?")
    assert frame.years == 2.0 and not frame.said("supposed")


def test_kazakh_latin_years_ahead_are_checked():
    frame = talk("Men mektepte aǵa vojatymyn, kolledj bitirdim, 3 jyl jumys istep júrmin. Moderator bola alamyn ba?",
                 "Kelesi jyly 4 jyl tolady. Sol kezde sarapshy bola alamyn ba?")
    assert frame.years == 4.0 and frame.said("supposed")


def test_a_diploma_promised_for_that_time_is_part_of_the_supposition_and_is_not_kept_after_it():
    frame = talk("Я логопед в школе, образование — колледж, логопедом работаю 5 лет. Можно мне на модератора?",
                 "Я учусь заочно на дефектолога, диплом вуза будет летом 2027, стажа к тому времени будет 5,5 лет. "
                 "Тогда на эксперта пройду?")
    assert frame.education.value == "higher" and frame.years == 5.5 and verdict(frame) == "eligible"
    later = carry(frame, read("а сейчас на модератора?"), "eligibility")
    assert later.education is None and later.years is None


def test_a_diploma_not_held_yet_is_not_todays_education():
    frame = read("Учусь заочно в вузе, диплом будет летом, логопедом работаю 5 лет. На эксперта можно?")
    assert frame.education is None and frame.said("education_ahead")


def test_a_name_means_in_a_later_turn_what_it_meant_before():
    frame = talk("Работаю учителем химии, высшее педагогическое, стаж 2 года, у меня вторая категория. Могу стать завучем?",
                 "Ладно. Если через год подам, когда педстажа будет 3 года, — завучем возьмут?")
    assert frame.position_id == "ch3.p4" and not frame.position_guessed and frame.years == 3.0


def test_the_exact_figure_said_with_an_approximate_one_is_the_years():
    frame = read("Я школьный психолог, высшее, по специальности почти 4 года (3 года 10 месяцев). На эксперта пройду?")
    assert frame.years == 3.83 and frame.years_range == [] and verdict(frame) == "not_eligible"


def test_a_diploma_named_with_its_field_is_the_education():
    assert read("Я старшая вожатая, колледж по направлению «Педагогика», вожатой работаю 3 года.").education.value == "tvet"


def test_a_message_telling_ones_qualifications_is_no_question_about_the_regulation():
    frame = read("2024 жылы психология бойынша педагогикалық қайта даярлаудан өтіп, құжат алдым. Енді бола ма?")
    assert "intro" not in frame.kinds
    assert "intro" in read("Кімдерге бұл құжат міндетті?").kinds
