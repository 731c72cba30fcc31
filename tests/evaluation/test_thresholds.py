"""eval/thresholds.toml: loading, and checks against a run's figures."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.errors import InputError
from assistant.evaluation.thresholds import DEFAULT_THRESHOLDS, apply, load_as_of, load_thresholds, metric_value

FIGURES = {
    "retrieval": {"hybrid": {"kk": {"hit@5": 0.97, "mrr": 0.9}}, "latency_ms": {"p50": 12.0}},
    "eligibility": {"structured": {"accuracy": 1.0}, "free_text": {"accuracy": 0.93}},
}


def write(tmp_path, text: str):
    path = tmp_path / "thresholds.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_committed_thresholds_cover_every_target_of_the_issues():
    keys = {(t.suite, t.metric) for t in load_thresholds(DEFAULT_THRESHOLDS)}
    assert {("retrieval", "hybrid.kk.hit@5"), ("retrieval", "hybrid.ru.hit@5"), ("retrieval", "hybrid.all.mrr"),
            ("answers", "kk.citation_hit@3"), ("answers", "ru.citation_hit@3"), ("answers", "all.language_match"),
            ("answers", "abstention.precision"), ("answers", "abstention.recall"),
            ("eligibility", "structured.accuracy"), ("eligibility", "free_text.accuracy")} <= keys


def test_a_figure_is_found_by_its_dotted_path():
    assert metric_value(FIGURES["retrieval"], "hybrid.kk.hit@5") == 0.97
    assert metric_value(FIGURES["retrieval"], "hybrid.kk") is None
    assert metric_value(FIGURES["retrieval"], "hybrid.ru.hit@5") is None


def test_checks_pass_at_the_minimum_fail_below_and_skip_suites_that_did_not_run(tmp_path):
    thresholds = load_thresholds(write(tmp_path, """
[retrieval]
"hybrid.kk.hit@5" = 0.97
"hybrid.kk.mrr" = 0.95
"hybrid.kk.hit@6" = 0.5
[eligibility]
"free_text.accuracy" = 0.95
[answers]
"all.language_match" = 1
"""))
    checks = {(c.suite, c.metric): c for c in apply(thresholds, FIGURES)}
    assert checks[("retrieval", "hybrid.kk.hit@5")].passed
    assert not checks[("retrieval", "hybrid.kk.mrr")].passed
    assert checks[("retrieval", "hybrid.kk.hit@6")].value is None and not checks[("retrieval", "hybrid.kk.hit@6")].passed
    assert not checks[("eligibility", "free_text.accuracy")].passed
    assert ("answers", "all.language_match") not in checks


@pytest.mark.parametrize("text, message", [
    ('[retrieval\n"x" = 1', "not valid TOML"),
    ('[speed]\n"x" = 1', "is not a suite"),
    ('[answers]\n"kk.citation_hit@3" = "high"', "must be a number"),
    ('[answers]\n"kk.citation_hit@3" = true', "must be a number"),
])
def test_a_broken_thresholds_file_is_an_input_error(tmp_path, text, message):
    with pytest.raises(InputError, match=message):
        load_thresholds(write(tmp_path, text))


def test_the_day_a_set_was_written_for_is_read_beside_its_minimums(tmp_path):
    path = tmp_path / "thresholds.toml"
    path.write_text('as_of = 2026-12-07\n\n[traps]\n"accuracy" = 0.5\n', encoding="utf-8")
    assert load_as_of(path) == date(2026, 12, 7) and [t.metric for t in load_thresholds(path)] == ["accuracy"]
    path.write_text('as_of = "last week"\n', encoding="utf-8")
    with pytest.raises(InputError, match="as_of must be a date"):
        load_as_of(path)
