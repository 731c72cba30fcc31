"""The checker's behaviour: verdicts, unknown facts, routes, conflicts and refused inputs."""

from __future__ import annotations

import pytest

from assistant.regulation.document import Level
from assistant.eligibility import EligibilityResult, Verdict, check
from assistant.errors import InputError


def test_exactly_the_minimum_is_enough_and_just_below_is_not():
    assert check("ch2.p2", None, "tvet", "urban", 3).verdict is Verdict.ELIGIBLE
    below = check("ch2.p2", None, "tvet", "urban", 2.9)
    assert below.verdict is Verdict.NOT_ELIGIBLE
    assert below.min_years == 3 and below.shortfall == pytest.approx(0.1)
    assert below.experience_kind == "preschool_pedagogical"


def test_an_unknown_locality_that_decides_the_outcome_is_asked_back():
    result = check("ch2.p2", None, "tvet", None, 2)
    assert result.verdict is Verdict.NEEDS_MORE_INFORMATION
    assert result.missing_facts == ["locality"]
    assert "сельской" in result.missing[0].question_ru


def test_an_unknown_locality_that_does_not_matter_is_not_asked():
    result = check("ch2.p2", None, "tvet", None, 4)
    assert result.verdict is Verdict.ELIGIBLE and result.missing == []


def test_unknown_education_is_asked_only_when_it_changes_the_answer():
    assert check("ch2.p4", "expert", None, None, 2.5).missing_facts == ["education"]
    assert check("ch2.p4", "expert", None, None, 3).verdict is Verdict.ELIGIBLE


def test_fractional_years_work():
    assert check("ch2.p3", "moderator", "higher", None, 2.5).verdict is Verdict.NOT_ELIGIBLE
    assert check("ch2.p2", None, "tvet", "rural", 2.5).verdict is Verdict.ELIGIBLE


@pytest.mark.parametrize("years", [-1, 61, float("nan"), "many"])
def test_negative_or_absurd_years_are_refused_with_a_sentence(years):
    with pytest.raises(InputError, match="years"):
        check("ch2.p2", None, "tvet", "urban", years)


def test_a_level_the_clause_sets_no_rule_for_is_refused_with_the_levels_it_has():
    with pytest.raises(InputError, match="no experience rule for «педагог-модератор»"):
        check("ch3.p1", "moderator", "higher", None, 10)


def test_a_level_the_clause_sets_only_for_higher_education_is_a_no_for_a_college_graduate():
    result = check("ch2.p7", "moderator", "tvet", None, 10)  # «біліктілігінің жоғары деңгейі болған кезде»
    assert result.verdict is Verdict.NOT_ELIGIBLE and result.closed_level and result.min_years is None
    assert "только при таком образовании: высшее, послевузовское; у вас — техническое" in result.explanation_ru
    assert "ch2.p7" in result.citation.id


def test_an_unknown_level_is_refused():
    with pytest.raises(InputError, match="unknown qualification level"):
        check("ch2.p2", "гроссмейстер", None, None, 1)


def test_levels_are_accepted_by_id_and_kazakh_and_russian_names():
    assert check("ch2.p3", "педагог-исследователь", "higher", None, 5).level is Level.RESEARCHER
    assert check("ch2.p3", "педагог-зерттеуші", "higher", None, 5).level is Level.RESEARCHER


def test_a_head_with_years_but_unknown_nested_period_and_categories_is_a_question_back():
    result = check("ch2.p1", None, "higher", "urban", 6)
    assert result.verdict is Verdict.NEEDS_MORE_INFORMATION
    assert set(result.missing_facts) == {"nested_years", "categories_held", "civil_service_years"}


def test_a_not_eligible_head_lists_every_route_with_its_status():
    result = check("ch2.p1", None, "higher", "urban", 4, nested_years=4, categories_held=[],
                   civil_service_years=0)
    assert result.verdict is Verdict.NOT_ELIGIBLE
    statuses = {r.id: r.status.value for r in result.routes}
    assert statuses == {"experience_urban": "not_met", "categories": "not_met",
                        "leadership_categories": "not_met", "civil_service": "not_met"}
    assert "госслужащего" in result.explanation_ru


def test_a_category_already_held_opens_the_route_without_years():
    result = check("ch2.p1", None, "higher", "urban", 1, categories_held=["highest"])
    assert result.verdict is Verdict.ELIGIBLE
    assert next(r for r in result.routes if r.status.value == "met").id == "categories"


def test_the_nested_last_years_decide_when_given():
    assert check("ch2.p1", None, "higher", "rural", 3, nested_years=1).verdict is Verdict.ELIGIBLE
    result = check("ch2.p1", None, "higher", "rural", 3, nested_years=0.5, categories_held=[],
                   civil_service_years=0)
    assert result.verdict is Verdict.NOT_ELIGIBLE


def test_the_special_school_deputy_shows_both_chapters_and_says_they_disagree():
    result = check("ch5.p2", None, "higher", None, 4, nested_years=4, categories_held=[])
    assert result.verdict is Verdict.ELIGIBLE
    [conflict] = result.conflicts
    assert not conflict.agree
    by_clause = {p.citation.id: p.verdict for p in conflict.provisions}
    assert by_clause == {"ch3.p3.c54": Verdict.NOT_ELIGIBLE, "ch3.p4.c57": Verdict.NOT_ELIGIBLE,
                         "ch5.p2.c139": Verdict.ELIGIBLE}
    assert "противоречат" in result.explanation_ru and "139-тармақ" in result.explanation_kk


def test_the_conflict_is_shown_from_the_chapter_3_side_too_and_agreement_is_said():
    result = check("ch3.p3", None, "higher", None, 6, variant="special_school", nested_years=2)
    assert result.verdict is Verdict.ELIGIBLE
    assert result.conflicts[0].agree


def test_an_intra_clause_disagreement_is_reported():
    result = check("ch10.p15", "moderator", "higher", None, 3)
    assert result.verdict is Verdict.ELIGIBLE
    assert [c.id for c in result.conflicts] == ["tvet_senior_master_moderator"]
    assert not result.conflicts[0].agree


def test_the_result_cites_the_clause_with_a_quote_from_it(doc):
    result = check("ch2.p2", "master", "higher", "rural", 3)
    assert result.citation.id == "ch2.p2.c12"
    assert result.citation.quote in doc.clause("ch2.p2.c12").text
    assert "2-тарау, 2-параграф, 12-тармақ" in result.explanation_kk
    assert "пункт 12" in result.explanation_ru


def test_the_trace_records_each_route_and_the_verdict():
    result = check("ch2.p2", None, "tvet", "urban", 2)
    steps = [t.step for t in result.trace]
    assert steps[0] == "position" and steps[-1] == "verdict" and "route tvet_urban" in steps


def test_the_strictly_more_than_rule_excludes_the_boundary():
    at = check("ch10.p3", None, None, None, 3, categories_held=["deputy_head_2"])
    above = check("ch10.p3", None, None, None, 3.5, categories_held=["deputy_head_2"])
    assert at.verdict is Verdict.NOT_ELIGIBLE and above.verdict is Verdict.ELIGIBLE


def test_org_level_of_a_methodical_centre_is_asked_when_it_decides():
    result = check("ch8.p5", None, "higher", None, 4)
    assert result.missing_facts == ["org_level"]
    assert check("ch8.p5", None, "higher", None, 4, org_level="district").verdict is Verdict.ELIGIBLE


def test_the_result_is_a_pydantic_model_that_serialises():
    result = check("ch2.p2", None, "higher", None, 0)
    assert isinstance(result, EligibilityResult)
    assert EligibilityResult.model_validate_json(result.model_dump_json()).verdict is Verdict.ELIGIBLE


def test_a_verdict_by_a_category_never_prints_a_missing_kind_as_none():
    from assistant.eligibility import check

    result = check("ch2.p1", None, "higher", "urban", 2, categories_held=["first"])
    assert "None" not in result.explanation_ru and "None" not in result.explanation_kk


def test_a_yes_by_another_route_does_not_read_as_a_shortfall():
    from assistant.eligibility import check

    result = check("ch3.p5", None, "higher", None, 2, categories_held=["expert"])
    assert result.verdict.value == "eligible"
    assert "Не хватает" not in result.explanation_ru and "выполнен другой вариант" in result.explanation_ru
