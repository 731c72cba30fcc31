"""The guided check's steps (assistant/eligibility/dialog.py): derived from each position's rules."""

from __future__ import annotations

import pytest

from assistant.eligibility import check
from assistant.eligibility.dialog import GENERAL, CheckAnswers, StepKind, guided_check
from assistant.eligibility.result import Verdict
from assistant.eligibility.rules import load_rules
from assistant.errors import InputError, UnknownReference
from assistant.regulation.document import Level


def names(position: str, lang: str = "kk", **answers) -> list[str]:
    return [s.name for s in guided_check(position, CheckAnswers(**answers), lang).steps]


def test_a_kindergarten_head_in_a_city_is_asked_the_facts_of_every_route():
    steps = guided_check("ch2.p1", CheckAnswers(variant=GENERAL, locality="urban"), "ru")
    assert [s.name for s in steps.steps] == ["variant", "locality", "years", "nested_years", "categories_held",
                                             "civil_service_years"]
    assert steps.implied == {"level": "pedagog"}  # one level: not asked
    categories = steps.step("categories_held")
    vocabulary = load_rules().vocabulary.categories
    assert categories.kind is StepKind.MULTI_CHOICE and categories.value is None
    assert [(c.value, c.label) for c in categories.options][:2] == [("first", vocabulary["first"].ru),
                                                                   ("highest", "высшая квалификационная категория")]
    assert {"head_leader", "deputy_head_1"} <= {c.value for c in categories.options}
    assert "second" not in {c.value for c in categories.options}  # no route of the position names it
    assert steps.step("nested_years").hint == load_rules().vocabulary.kinds["recent_preschool"].ru
    assert steps.step("civil_service_years").kind is StepKind.NUMBER and not steps.step("civil_service_years").required
    assert steps.step("years").required  # the checker cannot run without the years
    assert [(c.value, c.label) for c in steps.step("variant").options][0] == (GENERAL, "Общий случай")


def test_a_fact_that_can_no_longer_change_the_verdict_is_not_asked():
    city = dict(variant=GENERAL, locality="urban")
    # enough years and the last two in a preschool organisation: the first route is met, nothing more to ask
    done = guided_check("ch2.p1", CheckAnswers(**city, years=6, nested_years=2))
    assert done.next_step is None
    assert check("ch2.p1", **done.answers().checker_facts()).verdict is Verdict.ELIGIBLE
    # too few years: the years' route fails, its «of which» part is not asked; the other routes are
    short = names("ch2.p1", **city, years=3)
    assert "nested_years" not in short and {"categories_held", "civil_service_years"} <= set(short)


def test_a_kindergarten_head_with_a_category_or_civil_service_gets_a_definite_verdict():
    city = dict(variant=GENERAL, locality="urban", years=3)
    held = guided_check("ch2.p1", CheckAnswers(**city, categories_held=["head_manager"]))
    assert held.next_step is None
    assert check("ch2.p1", **held.answers().checker_facts()).verdict is Verdict.ELIGIBLE
    none = guided_check("ch2.p1", CheckAnswers(**city, categories_held=[], civil_service_years=4))
    assert none.next_step is None
    assert check("ch2.p1", **none.answers().checker_facts()).verdict is Verdict.NOT_ELIGIBLE


def test_a_step_the_rules_do_not_depend_on_is_not_asked():
    school_head = names("ch3.p1", variant="small_school")
    assert "locality" not in school_head and "education" not in school_head and "level" not in school_head
    # the preschool methodist: education and locality matter for the «педагог» level
    assert names("ch2.p2")[:3] == ["level", "education", "locality"]
    # with higher education no route depends on the locality, nor on any fact but the (required) years
    assert names("ch2.p2", level="pedagog", education="higher") == ["level", "education", "years"]


def test_levels_are_named_by_the_document_model_and_the_level_defaults_to_the_checkers():
    for lang in ("kk", "ru"):
        level = guided_check("ch2.p2", None, lang).step("level")
        assert [(c.value, c.label) for c in level.options] == [(lv.value, getattr(lv, lang)) for lv in Level]
        assert level.default == "pedagog" and level.kind is StepKind.CHOICE
    assert guided_check("ch2.p2", None, "kk").step("level").label == "Біліктілік деңгейі"


def test_the_entry_education_asks_the_retraining_of_a_tvet_holder():
    step = guided_check("ch2.p7", CheckAnswers(education="tvet"), "ru").step("retraining")
    assert step.kind is StepKind.YES_NO and [(c.value, c.label) for c in step.options] == [("yes", "Да"), ("no", "Нет")]
    assert "retraining" not in names("ch2.p7", education="higher")


def test_unknown_positions_and_answers_the_rules_do_not_offer_are_refused_with_a_reason():
    with pytest.raises(UnknownReference, match="no position with the id «ch99.p1»"):
        guided_check("ch99.p1")
    with pytest.raises(InputError, match="only «pedagog» at the step level"):
        guided_check("ch3.p1", CheckAnswers(level="master"))
    with pytest.raises(InputError, match="not an answer of the step variant"):
        guided_check("ch3.p1", CheckAnswers(variant="special_preschool"))
    with pytest.raises(InputError, match="unknown language"):
        guided_check("ch3.p1", lang="en")


def test_the_general_case_is_no_variant_to_the_checker():
    assert CheckAnswers(variant=GENERAL).checker_facts()["variant"] is None
    assert CheckAnswers(variant="small_school").checker_facts()["variant"] == "small_school"


@pytest.mark.parametrize("pick", [0, -1], ids=["first-options-few-years", "last-options-many-years"])
def test_answering_every_step_served_gives_a_definite_verdict_for_every_position(pick):
    """Whatever the answers, once every served step is answered the checker needs nothing more."""
    undecided = []
    for position in load_rules().positions:
        answers: dict = {}
        while (step := guided_check(position, CheckAnswers(**answers), "ru").next_step) is not None:
            answers[step.name] = {
                StepKind.CHOICE: lambda s: s.options[pick].value, StepKind.NUMBER: lambda s: [1.0, 40.0][pick],
                StepKind.YES_NO: lambda s: pick != 0, StepKind.MULTI_CHOICE: lambda s: [s.options[0].value] * -pick,
            }[step.kind](step)
        facts = guided_check(position, CheckAnswers(**answers)).answers().checker_facts()
        if check(position, **facts).verdict is Verdict.NEEDS_MORE_INFORMATION:
            undecided.append((position, answers))
    assert undecided == []
