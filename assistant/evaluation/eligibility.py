"""``assistant eval eligibility FILE``: accuracy of the eligibility checker on a labelled set.

Two paths are scored separately: *structured* (the case's fields → ``check``) and
*free text* (the question → slots → ``check``). A case is correct when the verdict
matches its ``eligible`` label. The structured fields cannot carry every fact a
rule may need (a nested «оның ішінде … соңғы N жыл» period, categories held,
other routes); a structured ``needs_more_information`` that names only such facts
is *deferred*: listed, and left out of that accuracy. The free-text question states
those facts, so there ``needs_more_information`` counts as wrong.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from ..regulation.corpus import load_document
from ..regulation.document import ClauseKind
from ..eligibility import EligibilityResult, Verdict, check, check_question
from ..errors import AssistantError, InputError

# Facts a structured case carries; a question back about anything else is deferred.
STRUCTURED_FACTS = {"education", "locality"}


class Case(BaseModel):
    id: str
    lang: str
    question: str
    position_kk: str
    chapter: int | None
    paragraph: int | None
    clause: int
    category: str | None = None
    education: str | None = None
    locality: str | None = None
    years: float
    eligible: bool
    min_years: float | None = None
    evidence: str = ""


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


def load_cases(path: Path) -> list[Case]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read the eligibility set {path}: {exc.strerror}") from exc
    try:
        return [Case.model_validate_json(line) for line in lines if line.strip()]
    except ValidationError as exc:
        raise InputError(f"{path} is not an eligibility set: {exc.errors()[0]['msg']}") from exc


def position_of(case: Case) -> str:
    """The position a case's clause belongs to (the title tells apart the two «14-параграф»)."""
    found = [c for c in load_document().clauses if c.kind is ClauseKind.REQUIREMENTS
             and (c.chapter, c.paragraph, c.clause) == (case.chapter, case.paragraph, case.clause)]
    if len(found) > 1:
        found = [c for c in found if " ".join(c.position.split()) == " ".join(case.position_kk.split())]
    if len(found) != 1:
        raise InputError(f"case {case.id}: no single requirements clause {case.chapter}.{case.paragraph}.{case.clause}")
    return found[0].position_id


def expected(case: Case) -> Verdict:
    return Verdict.ELIGIBLE if case.eligible else Verdict.NOT_ELIGIBLE


def run_structured(case: Case) -> EligibilityResult | str:
    try:
        return check(position_of(case), case.category, case.education, case.locality, case.years)
    except AssistantError as exc:
        return f"error: {exc}"


def run_free_text(case: Case) -> EligibilityResult | str:
    try:
        return check_question(case.question).result or "no result: slots missing"
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


def score(cases: list[Case], runner, path: str, defer: bool) -> tuple[PathScore, list[Failure]]:
    failures, deferred, correct = [], [], 0
    for case in cases:
        result = runner(case)
        if defer and is_deferred(result):
            deferred.append(case.id)
        elif isinstance(result, EligibilityResult) and result.verdict is expected(case):
            correct += 1
        else:
            failures.append(Failure(id=case.id, path=path, expected=expected(case).value, got=_got(result)))
    scored = len(cases) - len(deferred)
    return PathScore(n=len(cases), accuracy=round(correct / scored, 4) if scored else 0.0,
                     deferred_ids=deferred), failures


def evaluate_file(path: Path) -> Report:
    cases = load_cases(path)
    structured, failures_s = score(cases, run_structured, "structured", defer=True)
    free_text, failures_f = score(cases, run_free_text, "free_text", defer=False)
    return Report(structured=structured, free_text=free_text, failures=failures_s + failures_f)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("eligibility", help="accuracy of the eligibility checker (structured and free text)")
    p.add_argument("file", type=Path, help="a JSONL eligibility set, e.g. eval/eligibility.jsonl")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=eligibility_command)


def eligibility_command(args: argparse.Namespace) -> int:
    report = evaluate_file(args.file)
    if args.json:
        data = report.model_dump()
        data["free_text"].pop("deferred_ids")
        print(json.dumps(data, ensure_ascii=False))
        return 0
    s, f = report.structured, report.free_text
    print(f"structured: {s.accuracy:.1%} of {s.n - len(s.deferred_ids)} scored "
          f"({len(s.deferred_ids)} deferred: {', '.join(s.deferred_ids) or 'none'})")
    print(f"free text:  {f.accuracy:.1%} of {f.n}")
    for failure in report.failures:
        print(f"  {failure.path:10} {failure.id}: expected {failure.expected}, got {failure.got}")
    return 0
