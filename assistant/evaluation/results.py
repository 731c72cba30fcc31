"""What ``assistant eval run`` writes to results.json, and the comparison of two runs.

Each suite keeps its figures (the same shape the single-suite commands print) and one
:class:`Outcome` per question or case, keyed by ``set:id``; a later run compares its
outcomes with a baseline's to name regressions (passed before, fail now) and fixes.
The texts of the clauses the failures expected or cited travel with the results, so a
report can be read (or rebuilt) without the regulation at hand.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from ..errors import InputError
from .sets import RowProblem
from .thresholds import Check

FORMAT = "assistant-eval/1"


class ClauseInfo(BaseModel):
    id: str
    label: str = Field(description="the citation as people write it")
    kind: str
    text: str


class Outcome(BaseModel):
    """One question (or eligibility case) in one suite."""

    set: Literal["questions", "eligibility", "dialogues", "traps"]
    id: str
    row: int = Field(description="line or row of the set file")
    lang: str
    question: str
    chapter: int | None = Field(description="chapter of the first expected clause")
    kind: str | None = Field(description="kind of the first expected clause; None when none is expected")
    tags: list[str] = Field(default_factory=list)
    passed: bool
    reasons: list[str] = Field(default_factory=list, description="why it failed, in words")
    notes: list[str] = Field(default_factory=list, description="worth a look, but not a failure")
    expected: list[str] = Field(default_factory=list, description="expected clause ids")
    got: list[str] = Field(default_factory=list, description="retrieved or cited clause ids, in order")
    rank: int | None = Field(default=None, description="position of the first expected clause among them")
    answer: str | None = None
    latency_ms: float | None = None

    @property
    def key(self) -> str:
        return f"{self.set}:{self.id}"


class SuiteResult(BaseModel):
    name: str
    metrics: dict[str, Any]
    outcomes: list[Outcome]
    seconds: float


class InputSet(BaseModel):
    path: str
    rows: int = Field(description="rows that ran")
    problems: list[RowProblem] = Field(default_factory=list)


class MetricChange(BaseModel):
    suite: str
    metric: str
    before: float
    after: float
    better: bool


class OutcomeChange(BaseModel):
    suite: str
    key: str
    question: str
    reasons: list[str]


class Comparison(BaseModel):
    baseline: str
    baseline_created_at: datetime
    metrics: list[MetricChange]
    regressions: list[OutcomeChange]
    fixes: list[OutcomeChange]
    only_now: int = Field(description="outcomes with no counterpart in the baseline")
    only_before: int


class Results(BaseModel):
    format: Literal["assistant-eval/1"] = FORMAT
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    embedder: str
    inputs: dict[str, InputSet]
    suites: dict[str, SuiteResult]
    checks: list[Check]
    clauses: dict[str, ClauseInfo] = Field(default_factory=dict)
    comparison: Comparison | None = None

    @property
    def passed(self) -> bool:
        """Every threshold met and every row of the sets readable."""
        return all(c.passed for c in self.checks) and not any(i.problems for i in self.inputs.values())


def load_results(path: Path) -> Results:
    try:
        return Results.model_validate_json(path.read_bytes())
    except OSError as exc:
        raise InputError(f"cannot read the results file {path}: {exc.strerror}") from exc
    except ValidationError as exc:
        raise InputError(f"{path} is not a results.json of assistant eval run ({exc.errors()[0]['msg']})") from exc


def figures(metrics: dict[str, Any], prefix: str = "") -> dict[str, float]:
    """Every number of a suite's figures, by dotted path."""
    flat: dict[str, float] = {}
    for key, value in metrics.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat |= figures(value, f"{path}.")
        elif isinstance(value, int | float) and not isinstance(value, bool):
            flat[path] = float(value)
    return flat


def lower_is_better(metric: str) -> bool:
    return "latency" in metric


def compare(current: Results, baseline: Results, baseline_path: str) -> Comparison:
    metrics, regressions, fixes = [], [], []
    only_now = only_before = 0
    for name, suite in current.suites.items():
        before = baseline.suites.get(name)
        if before is None:
            only_now += len(suite.outcomes)
            continue
        metrics += _metric_changes(name, suite.metrics, before.metrics)
        old = {o.key: o for o in before.outcomes}
        for outcome in suite.outcomes:
            was = old.pop(outcome.key, None)
            if was is None:
                only_now += 1
            elif was.passed != outcome.passed:
                change = OutcomeChange(suite=name, key=outcome.key, question=outcome.question,
                                       reasons=outcome.reasons or was.reasons)
                (fixes if outcome.passed else regressions).append(change)
        only_before += len(old)
    return Comparison(baseline=baseline_path, baseline_created_at=baseline.created_at, metrics=metrics,
                      regressions=regressions, fixes=fixes, only_now=only_now, only_before=only_before)


def _metric_changes(suite: str, now: dict[str, Any], then: dict[str, Any]) -> list[MetricChange]:
    after, before = figures(now), figures(then)
    changes = []
    for metric, value in after.items():
        if metric in before and before[metric] != value and not metric.endswith(".n"):
            better = (value < before[metric]) if lower_is_better(metric) else (value > before[metric])
            changes.append(MetricChange(suite=suite, metric=metric, before=before[metric], after=value, better=better))
    return changes
