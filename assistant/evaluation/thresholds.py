"""The minimum figures a run must reach (eval/thresholds.toml) and the checks against them.

The file has one table per suite; each key is the dotted path of a figure in that suite's
results (as in results.json), each value its minimum::

    [retrieval]
    "hybrid.kk.hit@5" = 0.95

A suite that was not run is not checked. A key that names no figure of a suite that ran
fails its check (a typo must not pass silently). A top-level ``as_of = 2026-12-07`` says the date
the set was written for: experience told as a start date («с сентября 2021 года») is counted up
to it, so the set measures the same thing next year.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from ..regulation.corpus import PROJECT_ROOT
from ..errors import InputError

DEFAULT_THRESHOLDS = PROJECT_ROOT / "eval" / "thresholds.toml"
SUITES = ("retrieval", "answers", "eligibility", "dialogues", "traps")


class Threshold(BaseModel):
    suite: str
    metric: str = Field(description="dotted path into the suite's figures, e.g. hybrid.kk.hit@5")
    minimum: float


class Check(BaseModel):
    suite: str
    metric: str
    minimum: float
    value: float | None = Field(description="None when the suite has no such figure")
    passed: bool


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read the thresholds file {path}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path.name} is not valid TOML: {exc}") from exc


def load_as_of(path: Path = DEFAULT_THRESHOLDS) -> date | None:
    """The date the set was written for (``as_of``), or None: count start dates up to today."""
    value = _read(path).get("as_of")
    if value is not None and (not isinstance(value, date) or hasattr(value, "hour")):
        raise InputError(f"{path.name}: as_of must be a date such as 2026-12-07, not {value!r}")
    return value


def load_thresholds(path: Path = DEFAULT_THRESHOLDS) -> list[Threshold]:
    data = _read(path)
    data.pop("as_of", None)
    thresholds = []
    for suite, table in data.items():
        if suite not in SUITES or not isinstance(table, dict):
            raise InputError(f"{path.name}: [{suite}] is not a suite; use {', '.join(f'[{s}]' for s in SUITES)}")
        for metric, minimum in table.items():
            if isinstance(minimum, bool) or not isinstance(minimum, int | float):
                raise InputError(f"{path.name}: {suite}.{metric} must be a number, not {minimum!r}")
            thresholds.append(Threshold(suite=suite, metric=metric, minimum=float(minimum)))
    return thresholds


def metric_value(metrics: dict[str, Any], path: str) -> float | None:
    """The figure at a dotted path (``hybrid.kk.hit@5``), or None if there is none."""
    value: Any = metrics
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def apply(thresholds: list[Threshold], metrics_by_suite: dict[str, dict[str, Any]]) -> list[Check]:
    """One check per threshold of a suite that ran."""
    checks = []
    for t in thresholds:
        if t.suite not in metrics_by_suite:
            continue
        value = metric_value(metrics_by_suite[t.suite], t.metric)
        checks.append(Check(suite=t.suite, metric=t.metric, minimum=t.minimum, value=value,
                            passed=value is not None and value >= t.minimum))
    return checks
