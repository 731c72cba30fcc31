"""The answering chain end to end (real regulation, real checker, hashing embedder)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from assistant.answering.chain import Assistant
from assistant.answering.conversation import MemorySessionStore
from assistant.errors import InputError
from assistant.storage.database import DatabaseSessionStore, open_storage, sessions


@pytest.fixture(scope="module")
def assistant(hash_retriever):
    return Assistant(hash_retriever.settings, retriever=hash_retriever, sessions=MemorySessionStore())


def own_sentences(text: str) -> str:
    """The assistant's own lines: not the quotes, not the cited position titles."""
    return "\n".join(line for line in text.splitlines() if not line.startswith(("> ", "• ")))


def test_a_kazakh_greeting_gets_a_kazakh_greeting(assistant):
    answer = assistant.answer("Сәлем!")
    assert answer.route == "greeting" and answer.lang == "kk" and "Сәлеметсіз бе" in answer.answer


def test_a_russian_question_on_salary_is_out_of_scope_with_the_closest_clauses(assistant):
    answer = assistant.answer("Какая зарплата у воспитателя детского сада?")
    assert answer.route == "out_of_scope" and answer.abstained and answer.lang == "ru"
    assert "не отвечают" in answer.answer and answer.citations


def test_a_kazakh_requirements_question_cites_the_clause_with_a_quote(assistant):
    answer = assistant.answer("Мектепке дейінгі тәрбие және оқыту ұйымының әдіскеріне қойылатын біліктілік талаптары")
    assert answer.route == "regulation" and not answer.abstained
    assert "ch2.p2.c12" in [c.id for c in answer.citations]
    citation = next(c for c in answer.citations if c.id == "ch2.p2.c12")
    assert citation.label.startswith("2-тарау, 2-параграф, 12-тармақ")
    assert "кемінде 3 жыл" in citation.quote
    assert "> " in answer.answer


def test_a_russian_answer_speaks_russian_and_marks_the_kazakh_quote(assistant):
    answer = assistant.answer("Должностные обязанности вожатого в школе")
    assert answer.lang == "ru"
    assert "Цитата из текста на казахском языке" in answer.answer
    assert "ch3.p14.c92" in [c.id for c in answer.citations]
    cited = next(c for c in answer.citations if c.id == "ch3.p14.c92")
    assert cited.label.startswith("глава 3, параграф 14, пункт 92") and cited.position_ru


def test_an_eligibility_question_is_answered_by_the_checker_with_its_clause(assistant):
    answer = assistant.answer("У меня среднее специальное образование, 2,5 года стажа в детском саду в селе. "
                              "Могу ли я стать методистом детского сада?")
    assert answer.route == "eligibility"
    assert answer.eligibility.verdict.value == "eligible" and answer.eligibility.min_years == 1
    assert [c.id for c in answer.citations] == ["ch2.p2.c12"]
    assert "не менее 1 года" in answer.answer


def test_a_follow_up_reuses_the_previous_facts(assistant):
    first = assistant.answer("Техникалық және кәсіптік білімім бар, балабақшада 2 жыл өтілім бар. "
                             "Мектепке дейінгі ұйымның әдіскері бола аламын ба?", session="follow-up")
    assert first.eligibility is not None and first.eligibility.verdict.value == "needs_more_information"
    follow_up = assistant.answer("ауылда ше?", session=first.session_id)
    assert follow_up.eligibility.verdict.value == "eligible"
    in_town = assistant.answer("а в городе?", session=first.session_id)
    assert in_town.eligibility.verdict.value == "not_eligible" and in_town.eligibility.shortfall == 1


def test_disagreeing_provisions_are_both_cited(assistant):
    answer = assistant.answer("Арнайы мектеп-интернат директорының орынбасары болу үшін 4 жыл өтіл жеткілікті ме?")
    ids = [c.id for c in answer.citations]
    assert "ch5.p2.c139" in ids and "ch3.p3.c54" in ids and "ch3.p4.c57" in ids
    assert answer.eligibility.conflicts and not answer.eligibility.conflicts[0].agree


def test_an_ambiguous_position_is_asked_back(assistant):
    answer = assistant.answer("Методист болу үшін 3 жыл өтіл жеткілікті ме?")
    assert answer.route == "clarify" and "Қай лауазым" in answer.answer
    assert not answer.citations


@pytest.mark.parametrize("question", ["", "   ", "x" * 1001])
def test_empty_or_too_long_questions_are_refused(assistant, question):
    with pytest.raises(InputError):
        assistant.answer(question)


def test_an_explicit_language_wins(assistant):
    answer = assistant.answer("Тәрбиешінің лауазымдық міндеттері", lang="ru")
    assert answer.lang == "ru" and "Должностные обязанности" in answer.answer


def test_a_verdict_that_depends_on_which_position_a_name_means_asks_which(assistant):
    # «психолог» may be the kindergarten's, the school's, the orphanage's or the college's: their rules differ
    answer = assistant.answer("Психолог, высшее, стаж 3 года. Могу ли я стать педагогом-экспертом?")
    assert answer.eligibility is None or answer.eligibility.verdict.value == "needs_more_information"
    assert answer.route == "clarify" and len(answer.choices) >= 2


def test_an_approximate_figure_that_straddles_the_minimum_is_asked_not_rounded(assistant):
    # «около 5 лет» may be 4.5 or 5.5 against the 5 the master level needs: the exact years are asked
    answer = assistant.answer("воспитатель в садике около 5 лет, высшее дошкольное. хочу на мастера подать, по стажу пройду?")
    assert answer.route == "clarify" and "Сколько точно" in answer.answer


def test_an_approximate_figure_wholly_under_the_minimum_is_a_no_in_the_persons_words(assistant):
    # «почти 5 лет» is under 5 at both ends of what it may mean: a «no», told with the words said, never «у вас 5 лет»
    answer = assistant.answer("воспитатель в садике почти 5 лет, высшее дошкольное. хочу на мастера подать, по стажу пройду?")
    assert answer.eligibility.verdict.value == "not_eligible"
    assert "у вас «почти 5 лет»" in answer.answer and "Не хватает" not in answer.answer
    assert "«почти 5 лет» → педагогический стаж (приблизительно)" in answer.answer.split("\n")[0]
    kazakh = assistant.answer("Балабақшада тәрбиешімін, 5 жылға жуық, жоғары білімім бар. Педагог-шебер бола аламын ба?")
    assert kazakh.eligibility.verdict.value == "not_eligible" and "сізде «5 жылға жуық»" in kazakh.answer


def test_every_eligibility_answer_starts_with_what_was_understood(assistant):
    answer = assistant.answer("Воспитатель в городском садике, колледж, стаж 2 года. Могу ли я стать методистом?")
    first = answer.answer.split("\n")[0]
    assert first.startswith("Я понял так:") and "«колледж» → техническое и профессиональное" in first
    assert "«2 года» → 2 года педагогического стажа" in first


def test_a_weakly_read_figure_is_asked_about_when_another_figure_would_turn_the_verdict():
    from assistant.eligibility.guards import _rival_figures
    from assistant.eligibility import check_slots, slots_from_frame
    from assistant.language import FigureRead, read

    frame = read("Учитель, высшее. Могу на педагога-исследователя? У меня 2")  # «2»: no experience word
    assert frame.years == 2.0 and frame.figures[-1].kind == "own"
    outcome = check_slots(slots_from_frame(frame))
    assert outcome.result.verdict.value == "not_eligible"
    assert _rival_figures(frame, outcome, None) == []  # nothing else in the message: the reading stands (None: the packaged text)
    frame.figures.append(FigureRead(value=4.0, kind="denied", words="4 года"))  # a figure set aside on a weak cue
    assert _rival_figures(frame, outcome, None) == [4.0]  # …that would turn the verdict: the person is asked
    frame.figures[-1] = FigureRead(value=4.0, kind="age", words="4 года")  # set aside by grammar: no rival
    assert _rival_figures(frame, outcome, None) == []


def test_a_channels_language_answers_only_a_question_that_does_not_tell_its_own(assistant):
    """The widget's switch and Telegram's /lang are a default (issue 13, item 5)."""
    assert assistant.answer("Какие обязанности у методиста детского сада?", default_lang="kk").lang == "ru"
    assert assistant.answer("Әдіскердің міндеттері қандай?", default_lang="ru").lang == "kk"
    assert assistant.answer("педагог-модератор", default_lang="ru").lang == "ru"
    assert assistant.answer("педагог-модератор", default_lang="kk").lang == "kk"
    assert assistant.answer("Какие обязанности у методиста детского сада?", lang="kk", default_lang="ru").lang == "kk"


def test_an_unknown_default_language_is_refused(assistant):
    with pytest.raises(InputError):
        assistant.answer("Тәрбиеші", default_lang="en")


@pytest.mark.parametrize("question", ["Что должен знать воспитатель детского сада?", "учитель-предметник обязанности"])
def test_a_russian_general_question_gets_the_list_from_its_start(assistant, question):
    """The words that name the position, organisation and kind pick no item: the list is shown, not one item."""
    answer = assistant.answer(question)
    quoted = [line for line in answer.answer.splitlines() if line.startswith("> ")]
    assert len(quoted) >= 3


@pytest.mark.parametrize(("years", "said"), [("1 год", "1 год педагогического стажа"), ("5 лет", "5 лет педагогического стажа"),
                                             ("2 года", "2 года педагогического стажа")])
def test_what_was_understood_counts_the_years_in_russian(assistant, years, said):
    answer = assistant.answer(f"Могу ли я стать методистом детского сада? Стаж {years}, высшее, в городе.")
    assert said in answer.answer.splitlines()[0]


def test_a_question_asked_without_a_session_stores_no_conversation(hash_retriever, tmp_path):
    storage = open_storage(f"sqlite:///{tmp_path / 'a.db'}")
    assistant = Assistant(hash_retriever.settings, retriever=hash_retriever, sessions=DatabaseSessionStore(storage))
    answer = assistant.answer("Тәрбиеші міндеттері қандай?")
    assert answer.session_id is None and session_rows(storage) == 0
    assistant.answer("Тәрбиеші міндеттері қандай?", session="kept")
    assert session_rows(storage) == 1


def session_rows(storage) -> int:
    with storage.engine.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(sessions)).scalar_one()


def test_a_conversation_named_by_id_is_stored_and_continued(assistant):
    first = assistant.answer("Мектепке дейінгі ұйымның әдіскеріне қанша өтіл керек?", session="named-1")
    assert first.session_id == "named-1" and len(assistant.sessions.get("named-1").turns) == 1
    assistant.answer("ауылда ше?", session="named-1")
    assert len(assistant.sessions.get("named-1").turns) == 2


@pytest.mark.parametrize("question", ["Какие обязанности у педагога-психолога?", "Педагог-психологтың міндеттері қандай?"])
def test_one_kind_asked_of_one_position_quotes_one_clause(assistant, question):
    answer = assistant.answer(question)
    quotes = answer.answer.count("Цитата из текста на казахском языке:") + answer.answer.count("Мәтіннен үзінді:")
    assert quotes == 1 and answer.citations[0].id == "ch3.p9.c72"
    assert all(c.id.startswith("ch3.p9.") for c in answer.citations)  # the others are named only, after it


def test_a_general_question_shows_the_list_from_its_start_not_one_item_picked_by_a_function_word(assistant):
    answer = assistant.answer("Какие обязанности у школьного психолога?")
    first = answer.answer.split("\n> ", 2)[1]
    assert first.startswith("оқушылардың психологиялық және әлеуметтік әл-ауқатын")  # the clause's first item


def test_a_post_asked_for_an_organisation_that_has_none_is_asked_back_with_the_reason(assistant):
    answer = assistant.answer("Какие обязанности у логопеда в колледже?")
    assert answer.route == "clarify" and answer.answer.startswith("Для организаций, названных в вопросе (главы 9, 10)")
    assert answer.choices and not answer.citations


def test_no_verdict_is_given_for_a_post_the_organisation_named_does_not_have(assistant):
    answer = assistant.answer("Логопед в колледже, высшее, стаж 3 года. Могу ли стать педагогом-модератором?")
    assert answer.eligibility is None and answer.route == "clarify"


def _hit(clause_id: str, kind: str, position_id: str | None, score: float):
    from assistant.regulation.document import ClauseKind
    from assistant.search.retrieval import Hit
    return Hit(clause_id=clause_id, score=score, kind=ClauseKind(kind), chapter=None, paragraph=None, clause=1,
               position_id=position_id, position=None, text="")


def test_one_kind_of_one_position_keeps_one_clause_and_names_the_others():
    from assistant.answering.chain import one_clause_per_kind
    from assistant.language import read
    hits = [_hit("ch3.p9.c73", "knowledge", "ch3.p9", 1.0), _hit("ch3.p9.c72", "duties", "ch3.p9", 0.9),
            _hit("ch3.p9.c74", "requirements", "ch3.p9", 0.85)]
    quoted, named = one_clause_per_kind(read("Какие обязанности у педагога-психолога?"), hits, hits)
    assert [h.clause_id for h in quoted] == ["ch3.p9.c72"] and [h.clause_id for h in named] == ["ch3.p9.c73", "ch3.p9.c74"]


def test_the_regulation_about_itself_keeps_its_clauses_together():
    from assistant.answering.chain import one_clause_per_kind
    from assistant.language import read
    hits = [_hit("ch1.c1", "intro", None, 1.0), _hit("ch1.c2", "intro", None, 0.9)]
    quoted, named = one_clause_per_kind(read("Бұл үлгілік біліктілік сипаттамалары кімдерге міндетті?"), hits, hits)
    assert quoted == hits and named == []


@pytest.mark.parametrize("question", ["Какой дресс-код у учителей?", "Мұғалімдердің жалақысы қанша?",
                                      "Педагог-психолог консультирует родителей учеников?"])
def test_no_answer_shows_an_unfilled_placeholder(assistant, question):
    assert "{" not in assistant.answer(question).answer


def test_every_phrase_is_defined_once():
    import ast
    from pathlib import Path
    import assistant.answering.phrases as phrases
    names = [t.id for node in ast.parse(Path(phrases.__file__).read_text(encoding="utf-8")).body
             if isinstance(node, ast.Assign) for t in node.targets if isinstance(t, ast.Name)]
    assert sorted({n for n in names if names.count(n) > 1}) == []


def test_a_no_never_rests_on_an_education_read_from_an_institutions_name_alone(assistant):
    # «Колледж, должность замдиректора …»: the college is the workplace as likely as the diploma — asked, not «no»
    answer = assistant.answer("Колледж, должность замдиректора по учебно-воспитательной работе. Стаж в организациях "
                              "образования 4 года. Подхожу на эту должность?")
    assert answer.eligibility is None or answer.eligibility.verdict.value != "not_eligible"


def test_a_name_of_many_posts_with_only_words_of_kind_and_level_asks_which(assistant):
    # «методист» is the kindergarten's, the orphanage's, the additional education's …: «стаж» and «эксперт»
    # choose none of them (a level's word in any form is no word of what is asked)
    answer = assistant.answer("Сколько стажа нужно методисту на педагога-эксперта?")
    assert answer.route == "clarify" and len(answer.choices) >= 3


def test_the_understood_line_shows_every_fact_a_route_reads(assistant):
    # years as a head, the civil service denied, the categories held: each can be corrected only if shown
    answer = assistant.answer("Педстаж 8 лет, из них 3 года заместителем директора, высшее, категория педагог-эксперт, "
                              "на госслужбе не был. Могу стать директором школы?")
    first = answer.answer.split("\n")[0]
    assert "«3 года» → 3 года стажа на руководящей должности" in first
    assert "0 лет стажа на госслужбе" in first and "имеющиеся категории: педагог-эксперт" in first
    kazakh = assistant.answer("Педагогикалық өтілім 6 жыл, санатым жоқ, мемлекеттік қызметте болмадым. Мектеп директоры "
                              "бола аламын ба?")
    assert "санаттар жоқ" in kazakh.answer.split("\n")[0]


def test_a_verdict_never_rests_on_the_organisation_a_conversation_guessed(assistant):
    # «тәрбие ісі жөніндегі орынбасар» is the school's, the orphanage's or the college's: after a college deputy it is
    # read as the college's, but the verdicts differ — which one is asked
    from assistant.answering.conversation import Session

    session = Session()
    assistant.answer("Колледжде директордың оқу-тәрбие жұмысы жөніндегі орынбасарына қандай талаптар қойылады?", session)
    answer = assistant.answer("Тәрбие ісі жөніндегі орынбасарға ше? Жоғары білімім бар, педагогикалық өтілім 3 жыл. "
                              "Бола аламын ба?", session)
    assert answer.route == "clarify" and (answer.eligibility is None or answer.eligibility.verdict.value == "needs_more_information")


def test_a_reply_that_names_another_post_answers_no_pending_choice():
    # «Какие обязанности у методиста?» asks which methodist; «а у педагога-организатора?» is another post, not a pick
    # among the methodists by a word their titles share
    from assistant.language import carry, read

    asked = read("Какие обязанности у методиста?")
    assert len(asked.position_candidates) > 1
    merged = carry(asked, read("а у педагога-организатора?"), "clarify")
    assert merged.position_id not in asked.position_candidates
