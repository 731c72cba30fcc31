"""report.html is self-contained and shows every failure with what was expected and what was said;
the comparison with a baseline names regressions and fixes."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from assistant.evaluation.report import describe, figure_tables, render, write_outputs
from assistant.evaluation.results import ClauseInfo, InputSet, Outcome, Results, SuiteResult, compare
from assistant.evaluation.sets import RowProblem
from assistant.evaluation.thresholds import Check

EXPECTED_TEXT = "Педагогикалық жұмыс өтілі бес жыл, оның ішінде мектепке дейінгі ұйымда соңғы екі жыл"


def outcome(id_: str, passed: bool, **extra) -> Outcome:
    fields = {"set": "questions", "id": id_, "row": int(id_[1:]), "lang": "kk", "question": f"сұрақ {id_}",
              "chapter": 2, "kind": "requirements", "passed": passed, "expected": ["ch2.p1.c9"],
              "got": ["ch2.p2.c12", "ch2.p1.c9"], "latency_ms": 120.0}
    return Outcome(**fields | extra)


def results(outcomes: list[Outcome], hit5: float, when: datetime | None = None) -> Results:
    metrics = {"hybrid": {"kk": {"n": len(outcomes), "hit@5": hit5}}, "latency_ms": {"p50": 100.0, "p95": 900.0}}
    return Results(
        created_at=when or datetime.now(UTC), embedder="hash:256:v1",
        inputs={"questions": InputSet(path="eval/q.csv", rows=len(outcomes), problems=[
            RowProblem(file="q.csv", row=7, unit="row", id="q7", reason="an answerable question needs at least one gold clause")])},
        suites={"retrieval": SuiteResult(name="retrieval", metrics=metrics, outcomes=outcomes, seconds=1.5)},
        checks=[Check(suite="retrieval", metric="hybrid.kk.hit@5", minimum=0.9, value=hit5, passed=hit5 >= 0.9)],
        clauses={"ch2.p1.c9": ClauseInfo(id="ch2.p1.c9", label="2-тарау, 1-параграф, 9-тармақ", kind="requirements",
                                         text=EXPECTED_TEXT),
                 "ch2.p2.c12": ClauseInfo(id="ch2.p2.c12", label="2-тарау, 2-параграф, 12-тармақ", kind="requirements",
                                          text="...")},
    )


def test_the_report_is_self_contained():
    html = render(results([outcome("q1", False, reasons=["no expected clause among the first 5"])], 0.5))
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html)
    assert "<link" not in html and "@import" not in html and "url(" not in html
    assert "<style>" in html and "<svg" in html


def test_every_failure_shows_the_question_reason_expected_text_cited_clauses_and_answer():
    failing = outcome("q1", False, reasons=["no expected clause among the first 3 citations (first at 4)"],
                      answer="Жауап мәтіні <b>емес</b>", notes=["the answer does not mention: «бес»"])
    html = render(results([failing, outcome("q2", True)], 0.5))
    assert "сұрақ q1" in html and "first at 4" in html and EXPECTED_TEXT in html
    assert "2-тарау, 2-параграф, 12-тармақ" in html and "✔ expected" in html
    assert "Жауап мәтіні &lt;b&gt;емес&lt;/b&gt;" in html  # escaped, never markup
    assert "row 1 of q.csv" in html and "«бес»" in html
    assert "q.csv, row 7 (q7): an answerable question needs at least one gold clause" in html
    assert "✘ missed" in html and "сұрақ q2" not in html.split('id="failures"')[1]


def test_figures_are_named_in_words_and_grouped_into_tables():
    assert describe("hybrid.kk.hit@5") == "hybrid retrieval, Kazakh questions, expected clause in the top 5"
    tables = figure_tables({"hybrid": {"kk": {"n": 3, "hit@5": 1.0}, "ru": {"n": 2, "hit@5": 0.5}},
                            "latency_ms": {"p50": 1.0, "p95": 2.0}})
    assert [t.columns for t in tables] == [["n", "hit@5"], ["p50", "p95"]]
    assert [label for label, _ in tables[0].rows] == ["hybrid.kk", "hybrid.ru"]


def test_comparison_names_regressions_fixes_and_changed_figures():
    then = datetime.now(UTC) - timedelta(days=1)
    before = results([outcome("q1", True), outcome("q2", False, reasons=["was wrong"]), outcome("q3", True)], 0.67, then)
    now = results([outcome("q1", False, reasons=["now wrong"]), outcome("q2", True), outcome("q4", True)], 0.67)
    cmp = compare(now, before, "before.json")
    assert [(c.key, c.reasons) for c in cmp.regressions] == [("questions:q1", ["now wrong"])]
    assert [(c.key, c.reasons) for c in cmp.fixes] == [("questions:q2", ["was wrong"])]
    assert (cmp.only_now, cmp.only_before) == (1, 1)
    assert cmp.metrics == []  # same figures (the counts n are not compared)
    faster = results([outcome("q1", True)], 1.0)
    faster.suites["retrieval"].metrics["latency_ms"]["p95"] = 500.0
    changes = {m.metric: m.better for m in compare(faster, before, "before.json").metrics}
    assert changes == {"hybrid.kk.hit@5": True, "latency_ms.p95": True}


def test_results_and_report_are_written_and_results_round_trip(tmp_path):
    original = results([outcome("q1", True)], 1.0)
    json_path, html_path = write_outputs(original, tmp_path / "new" / "dir")
    assert Results.model_validate_json(json_path.read_text(encoding="utf-8")) == original
    assert html_path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
