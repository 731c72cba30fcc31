"""Slots of a free-text eligibility question in Kazakh or Russian, and checking it.

``extract_slots`` reads what a question says — the position (via
:mod:`assistant.linking`), the level, education, locality, the years (digits or
words: «бес жыл», «пять лет», «2,5 года», «екі жарым жыл», «полтора года») and
the facts other routes need (categories held, leadership, civil service, a
nested «соңғы N жыл» period) — and leaves ``None`` for what it does not say.
``check_question`` merges them with the previous turn's slots («а в селе?»)
and runs :func:`~assistant.eligibility.checker.check`, or says what to ask.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from ..document import Level
from ..errors import AmbiguousReference, AssistantError, UnknownReference
from ..textnorm import Lang, detect_lang, fold_kazakh, normalise
from .checker import check
from .cues import (
    CIVIL_NONE, DEGREE_CUES, ENTERPRISE_NONE, LEADERSHIP_NONE, LOCALITY_CUES, NESTED_WHOLE, NO_EXPERIENCE,
    NO_OTHER_EXPERIENCE, ORG_LEVEL_CUES, RETRAINING_CUES, VARIANT_CUES, affirmed, education_of, find,
    TARGET_CUES, held_categories, says_no_category, segments, without_negated, year_mentions,
)
from .explain import QUESTIONS
from .evaluate import OtherFacts
from .result import EligibilityResult, Missing
from .rules import Education, Locality, OrgLevel, load_rules


class Slots(OtherFacts):
    """What a question says; ``None`` for what it does not."""

    lang: Lang = "kk"
    position_id: str | None = None
    position_candidates: list[str] = Field(default_factory=list, description="when the name fits several")
    position_matched: str | None = None
    level: Level | None = None
    education: Education | None = None
    locality: Locality | None = None
    org_level: OrgLevel | None = None
    variant: str | None = None
    years: float | None = None

    def merged_over(self, previous: Slots | None) -> Slots:
        """These slots, with the previous turn's values where this turn says nothing."""
        if previous is None:
            return self
        said = {k: v for k, v in self.model_dump().items() if v not in (None, [])}
        if self.categories_held == []:
            said["categories_held"] = []
        keep_candidates = self.position_id is None and not self.position_candidates
        merged = previous.model_copy(update=said)
        return merged.model_copy(update={"position_candidates": previous.position_candidates}) if keep_candidates else merged


class QuestionCheck(BaseModel):
    """The outcome of a free-text question: the slots, and the result or what to ask."""

    slots: Slots
    result: EligibilityResult | None = None
    missing: list[Missing] = Field(default_factory=list)
    message: str | None = Field(default=None, description="why no result (ambiguous or unknown position, bad input)")


# --- extraction ----------------------------------------------------------------------------


def extract_slots(question: str, lang: Lang | None = None) -> Slots:
    text = normalise(question)
    folded = fold_kazakh(text)
    slots = Slots(lang=lang or detect_lang(question))
    _position(question, slots)
    slots.level = _level(without_negated(folded))
    slots.education = education_of(folded)
    slots.locality = find(LOCALITY_CUES, folded)
    slots.org_level = find(ORG_LEVEL_CUES, folded)
    _years(folded, slots)
    _other_facts(folded, slots)
    return slots


def _position(question: str, slots: Slots) -> None:
    from ..linking import link_positions  # the linker's indexes are built on first use

    links = link_positions(question)
    if not links:
        return
    best = [link for link in links if link.score == links[0].score]
    if len(best) > 1:  # «тәрбиеші болдым … әдіскер бола аламын ба?»: the position sought is the target
        targeted = [link for link in best if _is_target(question, link.matched)]
        best = targeted if len(targeted) == 1 else best
    if len(best) == 1:
        slots.position_id, slots.position_matched = best[0].position_id, best[0].matched
    else:
        slots.position_candidates = [link.position_id for link in best]


def _is_target(question: str, matched: str) -> bool:
    """Whether the words naming a position sit in the part of the question that asks for it."""
    folded = fold_kazakh(normalise(question))
    name = fold_kazakh(normalise(matched))
    return any(name in segment and TARGET_CUES.search(segment) for segment in segments(folded))


def _level(question: str) -> Level | None:
    from ..glossary import level_from_text

    return level_from_text(question)


def _years(folded: str, slots: Slots) -> None:
    mentions = year_mentions(folded)
    main = [m for m in mentions if m.role is None]
    if main:
        slots.years = main[0].value
    elif find(NO_EXPERIENCE, folded):
        slots.years = 0.0
    elif mentions:
        slots.years = mentions[0].value
    for m in mentions:
        if m.role == "nested" and slots.nested_years is None:
            slots.nested_years = m.value
        if m.role == "leadership" and slots.leadership_years is None:
            slots.leadership_years = m.value
    whole = find(NESTED_WHOLE, folded) or find(NO_OTHER_EXPERIENCE, folded)
    if slots.nested_years is None and slots.years is not None and whole:
        slots.nested_years = slots.years


def _other_facts(folded: str, slots: Slots) -> None:
    none_other = bool(find(NO_OTHER_EXPERIENCE, folded))
    if slots.leadership_years is None and (none_other or find(LEADERSHIP_NONE, folded)):
        slots.leadership_years = 0.0
    if none_other or find(CIVIL_NONE, folded):
        slots.civil_service_years = 0.0
    if none_other or find(ENTERPRISE_NONE, folded):
        slots.enterprise_years = 0.0
    held = held_categories(folded)
    slots.categories_held = held or ([] if says_no_category(folded) else None)
    slots.retraining = affirmed(RETRAINING_CUES, folded)
    slots.academic_degree = affirmed(DEGREE_CUES, folded)
    if slots.position_id:
        rules = load_rules().rules_for(slots.position_id)
        slots.variant = next((v.id for v in rules.variants if v.id in VARIANT_CUES
                              and VARIANT_CUES[v.id].search(folded)), None)


# --- checking ------------------------------------------------------------------------------


def check_question(question: str, previous_slots: Slots | None = None) -> QuestionCheck:
    """Slots of the question (over the previous turn's), then the checker, or what to ask."""
    slots = extract_slots(question).merged_over(previous_slots)
    missing = _missing_basics(slots)
    if missing:
        return QuestionCheck(slots=slots, missing=missing, message=_ambiguity(slots))
    try:
        result = check(
            slots.position_id, slots.level, slots.education, slots.locality, slots.years,
            variant=slots.variant, org_level=slots.org_level, nested_years=slots.nested_years,
            leadership_years=slots.leadership_years, civil_service_years=slots.civil_service_years,
            enterprise_years=slots.enterprise_years, categories_held=slots.categories_held,
            retraining=slots.retraining, academic_degree=slots.academic_degree,
        )
    except (AmbiguousReference, UnknownReference, AssistantError) as exc:
        return QuestionCheck(slots=slots, message=str(exc))
    return QuestionCheck(slots=slots, result=result, missing=result.missing)


POSITION_QUESTION = ("Қай лауазым туралы сұрап отырсыз?", "О какой должности вы спрашиваете?")
YEARS_QUESTION = ("Жұмыс өтіліңіз неше жыл?", "Сколько лет у вас стажа?")
QUESTIONS_BASIC = {"position": POSITION_QUESTION, "years": YEARS_QUESTION, **QUESTIONS}


def _missing_basics(slots: Slots) -> list[Missing]:
    facts = [f for f, absent in (("position", slots.position_id is None), ("years", slots.years is None)) if absent]
    return [Missing(fact=f, question_kk=QUESTIONS_BASIC[f][0], question_ru=QUESTIONS_BASIC[f][1]) for f in facts]


def _ambiguity(slots: Slots) -> str | None:
    if slots.position_id is None and slots.position_candidates:
        return "the question fits several positions: " + ", ".join(slots.position_candidates)
    return None


def years_in(text: str) -> list[float]:
    """Every number of years a text states (for tests and tools)."""
    return [m.value for m in year_mentions(fold_kazakh(normalise(text)))]

