"""``assistant eval run``: the suites end to end on small sets (hashing embedder), --check, --baseline."""

from __future__ import annotations

import json

import pytest

from assistant.channels.cli import main
from assistant.evaluation.results import load_results

from .conftest import MISLABELLED, write_jsonl

EASY = """
[retrieval]
"hybrid.all.hit@5" = 0.5
[answers]
"all.language_match" = 1.0
[eligibility]
"structured.accuracy" = 1.0
"""


@pytest.fixture
def thresholds(tmp_path):
    def write(text: str = EASY):
        path = tmp_path / "thresholds.toml"
        path.write_text(text, encoding="utf-8")
        return path
    return write


def run(*args) -> int:
    return main(["eval", "run", *map(str, args)])


def test_all_suites_run_on_one_assistant_and_write_results_and_report(tmp_path, sample_questions, sample_cases,
                                                                      hash_chain, thresholds, capsys):
    out = tmp_path / "out"
    assert run("--questions", sample_questions, "--eligibility", sample_cases, "--out", out,
               "--thresholds", thresholds(), "--check") == 0
    printed = capsys.readouterr().out
    assert "all minimums met" in printed and str(out / "report.html") in printed
    results = load_results(out / "results.json")
    assert list(results.suites) == ["retrieval", "answers", "eligibility"]
    assert len(results.suites["retrieval"].outcomes) == 5  # the unanswerable question is not retrieved for
    assert len(results.suites["answers"].outcomes) == 6 + 2  # questions, then the cases through the chat
    assert set(results.suites["retrieval"].metrics) == {"hybrid", "lexical", "dense", "latency_ms"}
    assert results.suites["answers"].metrics["eligibility"]["n"] == 2
    assert [c.metric for c in results.checks] == ["hybrid.all.hit@5", "all.language_match", "structured.accuracy"]
    assert "<svg" in (out / "report.html").read_text(encoding="utf-8")


def test_named_suites_run_alone(tmp_path, sample_cases, thresholds):
    out = tmp_path / "out"
    assert run("eligibility", "--eligibility", sample_cases, "--out", out, "--thresholds", thresholds()) == 0
    results = load_results(out / "results.json")
    assert list(results.suites) == ["eligibility"] and list(results.inputs) == ["eligibility"]
    assert [c.suite for c in results.checks] == ["eligibility"]


def test_check_fails_when_a_minimum_is_missed_and_passes_without_check(tmp_path, sample_questions, hash_chain,
                                                                       thresholds, capsys):
    questions = write_jsonl(tmp_path / "q.jsonl", [MISLABELLED] + [json.loads(sample_questions.read_text().splitlines()[0])])
    strict = thresholds('[retrieval]\n"hybrid.all.hit@5" = 1.0\n')
    args = ("retrieval", "--questions", questions, "--out", tmp_path / "out", "--thresholds", strict, "--modes", "hybrid")
    assert run(*args, "--check") == 1
    assert "MISSED" in capsys.readouterr().out
    assert run(*args) == 0
    failed = [o for o in load_results(tmp_path / "out" / "results.json").suites["retrieval"].outcomes if not o.passed]
    assert [o.id for o in failed] == ["x001"] and failed[0].expected == ["ch9.c244"] and len(failed[0].got) == 5


def test_check_fails_when_a_row_is_left_out_and_the_other_rows_still_run(tmp_path, sample_cases, thresholds, capsys):
    rows = [json.loads(line) for line in sample_cases.read_text(encoding="utf-8").splitlines()]
    broken = write_jsonl(tmp_path / "cases.jsonl", rows + [{**rows[0], "id": "e999", "years": "many"}])
    out = tmp_path / "out"
    assert run("eligibility", "--eligibility", broken, "--out", out, "--thresholds", thresholds(), "--check") == 1
    assert "cases.jsonl, line 3 (e999): years" in capsys.readouterr().err
    results = load_results(out / "results.json")
    assert results.inputs["eligibility"].rows == 2 and len(results.inputs["eligibility"].problems) == 1
    assert all(c.passed for c in results.checks) and not results.passed


def test_baseline_comparison_names_regressions_and_fixes(tmp_path, sample_questions, hash_chain, thresholds):
    rows = [json.loads(line) for line in sample_questions.read_text(encoding="utf-8").splitlines()]
    first = write_jsonl(tmp_path / "before.jsonl", [MISLABELLED] + rows)
    assert run("retrieval", "--questions", first, "--out", tmp_path / "before", "--thresholds", thresholds()) == 0
    fixed = {**MISLABELLED, "gold_clauses": ["ch2.p1.c8"]}  # the kindergarten head's «must know»
    broken = {**rows[0], "gold_clauses": ["ch9.c244"]}
    second = write_jsonl(tmp_path / "after.jsonl", [fixed, broken] + rows[1:])
    assert run("retrieval", "--questions", second, "--out", tmp_path / "after", "--thresholds", thresholds(),
               "--baseline", tmp_path / "before" / "results.json") == 0
    comparison = load_results(tmp_path / "after" / "results.json").comparison
    assert [c.key for c in comparison.regressions] == [f"questions:{rows[0]['id']}"]
    assert [c.key for c in comparison.fixes] == ["questions:x001"]
    report = (tmp_path / "after" / "report.html").read_text(encoding="utf-8")
    assert "Regressions" in report and "Fixes" in report


def test_a_file_given_as_a_suite_and_a_bad_baseline_are_refused_with_a_sentence(tmp_path, sample_questions, capsys):
    assert run(sample_questions) == 2
    assert "unknown suite" in capsys.readouterr().err
    bad = tmp_path / "results.json"
    bad.write_text("{}", encoding="utf-8")
    assert run("eligibility", "--baseline", bad, "--out", tmp_path / "out") == 2
    assert "is not a results.json" in capsys.readouterr().err


def test_the_single_suite_commands_still_work_beside_run(sample_cases, capsys):
    assert main(["eval", "eligibility", str(sample_cases), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["structured"]["n"] == 2
