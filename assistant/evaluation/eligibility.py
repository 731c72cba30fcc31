"""The eligibility suite: accuracy of the checker on labelled cases (:class:`.sets.Case`).

Two paths are scored separately: *structured* (the case's fields → ``check``) and
*free text* (the question → slots → ``check``). A case is correct when the verdict
matches its ``eligible`` label. The structured fields cannot carry every fact a
rule may need (a nested «оның ішінде … соңғы N жыл» period, categories held,
other routes); a structured ``needs_more_information`` that names only such facts
is *deferred*: listed, and left out of that accuracy. The free-text question states
those facts, so there ``needs_more_information`` counts as wrong.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from ..regulation.document import Document
from ..eligibility import EligibilityResult, Verdict, check, check_question
from ..errors import AssistantError
from .sets import Case

# Facts a structured case carries; a question back about anything else is deferred.
STRUCTURED_FACTS = {"education", "locality"}


class Failure(BaseModel):
    id: str
    path: str
    expected: str
    got: str


class PathScore(BaseModel):
    n: int
    accuracy: float
    deferred_ids: list[str] = Field(default_factory=list)


class Report(BaseModel):
    structured: PathScore
    free_text: PathScore
    failures: list[Failure]


def position_of(case: Case, document: Document) -> str:
    """The position whose requirements clause a case names."""
    return document.clause(case.clause).position_id


def expected(case: Case) -> Verdict:
    return Verdict.ELIGIBLE if case.eligible else Verdict.NOT_ELIGIBLE


def run_structured(case: Case, document: Document) -> EligibilityResult | str:
    try:
        return check(position_of(case, document), case.category, case.education, case.locality, case.years,
                     document=document)
    except AssistantError as exc:
        return f"error: {exc}"


def run_free_text(case: Case, document: Document) -> EligibilityResult | str:
    try:
        return check_question(case.question, document=document).result or "no result: slots missing"
    except AssistantError as exc:
        return f"error: {exc}"


def is_deferred(result: EligibilityResult | str) -> bool:
    return (isinstance(result, EligibilityResult) and result.verdict is Verdict.NEEDS_MORE_INFORMATION
            and not set(result.missing_facts) & STRUCTURED_FACTS)


def _got(result: EligibilityResult | str) -> str:
    if isinstance(result, str):
        return result
    missing = f" (missing: {', '.join(result.missing_facts)})" if result.missing else ""
    return f"{result.verdict.value}{missing}, min_years={result.min_years}"


def score(cases: list[Case], runner, path: str, defer: bool, document: Document) -> tuple[PathScore, list[Failure]]:
    failures, deferred, correct = [], [], 0
    for case in cases:
        result = runner(case, document)
        if defer and is_deferred(result):
            deferred.append(case.id)
        elif isinstance(result, EligibilityResult) and result.verdict is expected(case):
            correct += 1
        else:
            failures.append(Failure(id=case.id, path=path, expected=expected(case).value, got=_got(result)))
    scored = len(cases) - len(deferred)
    return PathScore(n=len(cases), accuracy=round(correct / scored, 4) if scored else 0.0,
                     deferred_ids=deferred), failures


def evaluate_cases(cases: list[Case], document: Document) -> Report:
    """Both paths on every case against the regulation ``document``: the figures, and each wrong verdict."""
    structured, failures_s = score(cases, run_structured, "structured", defer=True, document=document)
    free_text, failures_f = score(cases, run_free_text, "free_text", defer=False, document=document)
    return Report(structured=structured, free_text=free_text, failures=failures_s + failures_f)
