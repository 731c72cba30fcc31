"""The entry education of every position (``corpus/rules/entry_education.yaml``) against the text of
its requirements clause, and the checker's verdicts for people whose education the clause does not admit."""

from __future__ import annotations

import re

import pytest

from assistant.eligibility import check
from assistant.eligibility.result import Status, Verdict
from assistant.eligibility.rules import Admission, load_rules

TVET_NAMED = re.compile(r"техникалық және кәсіптік|орта білімнен кейінгі|арнайы орта|кәсіптік орта|\(орта\)")
RETRAINING = re.compile(r"қайта даярл")  # «даярлауды», «даярлығын», «даярлаудан»


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def book():
    return load_rules()


def _parts(entry):
    return entry.parts()


def test_every_position_with_rules_has_an_entry_education_from_its_own_clause(book):
    assert set(book.entry) == set(book.positions)
    assert all(book.entry[pid].clause == rules.clause for pid, rules in book.positions.items())


def test_an_entry_split_by_kind_names_kinds_the_position_has(book):
    unknown = [(pid, v) for pid, entry in book.entry.items() for v in entry.by_variant
               if book.positions[pid].variant(v) is None]
    assert unknown == []


def test_every_entry_quote_is_found_in_its_requirements_clause(doc, book):
    missing = [(pid, part.quote) for pid, entry in book.entry.items() for part in _parts(entry)
               if part.quote and _squash(part.quote) not in _squash(doc.clause(entry.clause).text)]
    assert missing == []


def test_a_clause_read_as_admitting_tvet_names_it_and_one_read_as_closed_names_none(book):
    wrong = []
    for pid, entry in book.entry.items():
        for part in _parts(entry):
            named = bool(part.quote and TVET_NAMED.search(part.quote))
            if (part.tvet is Admission.YES and not named) or (part.tvet is Admission.NO and named):
                wrong.append((pid, part.tvet.value, part.quote))
    assert wrong == []


def test_the_retraining_alternative_is_read_exactly_where_the_quote_offers_it(book):
    wrong = [pid for pid, entry in book.entry.items() for part in _parts(entry)
             if part.quote and part.retraining != bool(RETRAINING.search(part.quote))]
    assert wrong == []


def test_a_college_graduate_is_told_no_for_a_post_the_clause_opens_only_to_higher_education():
    result = check("ch9", None, "tvet", None, 10, leadership_years=5)  # «жоғары … кәсіптік білім» only
    assert result.verdict is Verdict.NOT_ELIGIBLE and result.entry.status is Status.NOT_MET
    assert result.explanation_ru.startswith("Нет: требование к образованию")
    assert "Требование к образованию: «жоғары" in result.explanation_ru
    assert result.explanation_kk.startswith("Жоқ: ") and "техникалық және кәсіптік білімді атамайды" in result.explanation_kk


def test_retraining_is_asked_when_the_clause_offers_it_instead_of_higher_education():
    asked = check("ch3.p1", None, "tvet", None, 10, nested_years=3, leadership_years=5)
    assert asked.verdict is Verdict.NEEDS_MORE_INFORMATION and "retraining" in asked.missing_facts
    assert check("ch3.p1", None, "tvet", None, 10, nested_years=3, leadership_years=5,
                 retraining=True).verdict is Verdict.ELIGIBLE
    refused = check("ch3.p1", None, "tvet", None, 10, nested_years=3, leadership_years=5, retraining=False)
    assert refused.verdict is Verdict.NOT_ELIGIBLE and "документа о переподготовке у вас нет" in refused.explanation_ru


def test_the_same_person_with_higher_education_meets_it_and_sees_the_requirement_beside_the_yes():
    result = check("ch3.p1", None, "higher", None, 10, nested_years=3, leadership_years=5)
    assert result.verdict is Verdict.ELIGIBLE and result.entry.status is Status.MET
    assert "Также требование к образованию: «жоғары" in result.explanation_ru


def test_years_that_fail_stay_a_no_without_asking_the_retraining():
    result = check("ch3.p1", None, "tvet", None, 1, nested_years=1, leadership_years=0, civil_service_years=0,
                   categories_held=[])
    assert result.verdict is Verdict.NOT_ELIGIBLE and result.missing == []


def test_a_level_the_clause_sets_for_tvet_holders_is_not_decided_by_the_entry_line_but_the_entry_is():
    level = check("ch3.p9", "moderator", "tvet", None, 5)  # psychologist: «жоғары немесе орта деңгейі»
    assert level.verdict is Verdict.ELIGIBLE and not level.entry.decides
    entry = check("ch3.p9", None, "tvet", None, 5)  # the base level's requirement is the entry one: higher only
    assert entry.verdict is Verdict.NOT_ELIGIBLE and entry.entry.decides


def test_an_unclear_entry_is_shown_with_the_words_that_leave_it_open(book):
    pid = next(p for p, e in book.entry.items() if e.tvet is Admission.UNCLEAR and e.quote and not e.by_org_level)
    rules = book.positions[pid]
    variant = None
    levels = [lv for r in rules.routes if r.variant is variant for lv in r.levels]
    result = check(pid, levels[0], "tvet", None, 30, nested_years=30, leadership_years=30, civil_service_years=30,
                   enterprise_years=30)
    assert result.entry.status is Status.UNKNOWN and not result.entry.decides
    assert "пункт прямо не говорит" in result.explanation_ru
