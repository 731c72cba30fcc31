"""Slots of a free-text eligibility question in Kazakh or Russian, and checking it.

The message is read once by :mod:`assistant.language` into a frame (the position asked
about, the level, education, locality, each figure of years with what it measures, facts
stated as absent); :func:`slots_from_frame` is the checker's view of that frame and
``extract_slots`` reads a question and takes that view. ``None`` is what it does not say.
``check_question`` merges them with the previous turn's slots («а в селе?»)
and runs :func:`~assistant.eligibility.checker.check`, or says what to ask.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from ..regulation.document import Document, Level
from ..errors import AmbiguousReference, AssistantError, UnknownReference
from ..language.textnorm import Lang, fold_kazakh, normalise
from .checker import check
from .explain import QUESTIONS
from .evaluate import OtherFacts
from .result import EligibilityResult, Missing
from .rules import Education, Locality, OrgLevel


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
    years_candidates: list[float] = Field(default_factory=list, description="figures that disagree: asked back")
    level_candidates: list[Level] = Field(default_factory=list, description="several levels sought: asked back")

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


SLOT_FIELDS = ("position_id", "position_candidates", "level", "education", "locality", "org_level", "variant",
               "years", "years_candidates", "level_candidates", "nested_years", "leadership_years", "civil_service_years", "enterprise_years",
               "categories_held", "retraining", "academic_degree")


def slots_from_frame(frame) -> Slots:
    """The checker's slots of a message's :class:`~assistant.language.Frame` (read once, elsewhere)."""
    values = {f: getattr(frame, f) for f in SLOT_FIELDS}
    matched = next((e.words for e in frame.evidence if e.fact == "position"), None)
    return Slots(lang=frame.lang, position_matched=matched, **values)


def extract_slots(question: str, lang: Lang | None = None, document: Document | None = None) -> Slots:
    from ..language import read  # the language layer reads the message; slots are its checker view

    return slots_from_frame(read(question, lang, doc=document))


# --- checking ------------------------------------------------------------------------------


def check_question(question: str, previous_slots: Slots | None = None, document: Document | None = None) -> QuestionCheck:
    """Slots of the question (over the previous turn's), then the checker, or what to ask. A question on
    its own goes through the same guards as in the chat (:func:`~assistant.eligibility.guards.check_frame`).
    ``document`` as for :func:`~assistant.eligibility.checker.check` (``None``: the packaged regulation)."""
    if previous_slots is None:
        from ..language import read
        from .guards import check_frame

        return check_frame(read(question, doc=document), document)
    return check_slots(extract_slots(question, document=document).merged_over(previous_slots), document)


def check_slots(slots: Slots, document: Document | None = None) -> QuestionCheck:
    """The checker on slots already read, or what to ask (``document`` as for :func:`~.checker.check`)."""
    missing = _missing_basics(slots)
    if missing:
        return QuestionCheck(slots=slots, missing=missing, message=_ambiguity(slots))
    try:
        result = check(
            slots.position_id, slots.level, slots.education, slots.locality, slots.years,
            variant=slots.variant, org_level=slots.org_level, nested_years=slots.nested_years,
            leadership_years=slots.leadership_years, civil_service_years=slots.civil_service_years,
            enterprise_years=slots.enterprise_years, categories_held=slots.categories_held,
            retraining=slots.retraining, academic_degree=slots.academic_degree, document=document,
        )
    except (AmbiguousReference, UnknownReference, AssistantError) as exc:
        return QuestionCheck(slots=slots, message=str(exc))
    return QuestionCheck(slots=slots, result=result, missing=result.missing)


POSITION_QUESTION = ("Қай лауазым туралы сұрап отырсыз?", "О какой должности вы спрашиваете?")
YEARS_QUESTION = ("Жұмыс өтіліңіз неше жыл?", "Сколько лет у вас стажа?")
QUESTIONS_BASIC = {"position": POSITION_QUESTION, "years": YEARS_QUESTION, **QUESTIONS}


def _missing_basics(slots: Slots) -> list[Missing]:
    facts = [f for f, absent in (("position", slots.position_id is None), ("years", slots.years is None)) if absent]
    missing = [Missing(fact=f, question_kk=QUESTIONS_BASIC[f][0], question_ru=QUESTIONS_BASIC[f][1]) for f in facts]
    if slots.level is None and slots.level_candidates:  # two levels sought: ask which, never pick
        kk = " / ".join(lv.kk for lv in slots.level_candidates)
        ru = " / ".join(lv.ru for lv in slots.level_candidates)
        missing.append(Missing(fact="level", question_kk=f"Қай біліктілік деңгейі туралы сұрайсыз: {kk}?",
                               question_ru=f"О каком уровне квалификации вы спрашиваете: {ru}?"))
    if slots.years is None and slots.years_candidates:  # two figures could be the experience: ask, never pick
        listed = " / ".join(f"{v:g}".replace(".", ",") for v in slots.years_candidates)
        missing = [m for m in missing if m.fact != "years"] + [Missing(
            fact="years", question_kk=f"Педагогикалық жұмыс өтіліңіз қанша: {listed} жыл?",
            question_ru=f"Какой у вас педагогический стаж: {listed} (лет)?")]
    return missing


def _ambiguity(slots: Slots) -> str | None:
    if slots.position_id is None and slots.position_candidates:
        return "the question fits several positions: " + ", ".join(slots.position_candidates)
    return None


def years_in(text: str) -> list[float]:
    """Every number of years a text states (for tests and tools)."""
    from ..language.figures import read_figures

    return [f.value for f in read_figures(fold_kazakh(normalise(text)))]

