"""results.json and one self-contained report.html (inline CSS and SVG: opens offline, no CDN).

The report is a function of :class:`~assistant.evaluation.results.Results` alone: the
summary against the minimums, every figure, charts per language, chapter, clause kind
(and tag, when the set has tags), the latency distribution, the comparison with a
baseline, and every failure with the expected clauses' text and what was cited and answered.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from pydantic import BaseModel

from .results import Outcome, Results, SuiteResult, figures

TEMPLATE = "report.html.j2"
LATENCY_EDGES_MS = (100, 250, 500, 1000, 2000, 5000)
# Words for the parts of a figure's dotted path (hybrid.kk.hit@5 → «hybrid retrieval, Kazakh, …»).
WORDS = {
    "hybrid": "hybrid retrieval", "lexical": "lexical retrieval only", "dense": "dense retrieval only",
    "kk": "Kazakh questions", "ru": "Russian questions", "all": "all questions",
    "hit@1": "expected clause ranked 1st", "hit@3": "expected clause in the top 3",
    "hit@5": "expected clause in the top 5", "mrr": "mean reciprocal rank (1 = always 1st)",
    "citation_hit@1": "expected clause cited 1st", "citation_hit@3": "expected clause among the first 3 citations",
    "must_mention": "share of expected words in the answer",
    "must_mention@600": "share of expected words in the answer's first 600 characters",
    "language_match": "answered in the question's language",
    "abstention": "questions outside the regulation",
    "precision": "when it says «not in the regulation», it is right",
    "recall": "share of them it recognises", "eligibility": "eligibility verdicts through the chat",
    "accuracy": "share right", "structured": "checker on the structured fields",
    "free_text": "checker on the question as typed", "latency_ms": "time per question",
    "p50": "median (ms)", "p95": "95% are faster than (ms)", "deferred": "deferred", "n": "count",
    "latin": "Kazakh in Latin letters", "cyrillic_passed": "the same questions in Cyrillic, share passed",
    "passed": "share passed", "parity": "1 − how far Latin falls behind Cyrillic",
    "wrong_verdicts": "wrong «yes/no» verdicts (count)", "no_wrong_verdict": "share with no wrong verdict",
    "asked_back": "asked back instead of a verdict (count)", "dialogues": "dialogues",
    "first_turns": "first turns passed", "follow_ups": "follow-up turns passed",
}
SUITE_TITLES = {"retrieval": "Retrieval", "answers": "Answers", "eligibility": "Eligibility checker",
                "dialogues": "Dialogues (turn by turn)", "traps": "Traps (distracting figures)"}
LANG_NAMES = {"kk": "Kazakh (kk)", "ru": "Russian (ru)"}
KIND_NAMES = {"intro": "introduction", "duties": "duties", "knowledge": "must know", "requirements": "requirements",
              "competence": "competence levels", None: "none (unanswerable)"}


class Bar(BaseModel):
    label: str
    passed: int
    n: int

    @property
    def share(self) -> float:
        return self.passed / self.n if self.n else 0.0


class Chart(BaseModel):
    title: str
    bars: list[Bar]


class Table(BaseModel):
    columns: list[str]
    rows: list[tuple[str, list[float | None]]]


def describe(metric: str) -> str:
    """A figure's dotted path in words, for people who do not read results.json."""
    return ", ".join(WORDS.get(part, part) for part in metric.split("."))


def figure_tables(metrics: dict) -> list[Table]:
    """A suite's figures as tables: figures under the same parent make a row, same columns a table."""
    groups: dict[str, dict[str, float]] = defaultdict(dict)
    for path, value in figures(metrics).items():
        parent, _, leaf = path.rpartition(".")
        groups[parent][leaf] = value
    tables: dict[tuple[str, ...], Table] = {}
    for parent, row in groups.items():
        columns = tuple(row)
        table = tables.setdefault(columns, Table(columns=list(columns), rows=[]))
        table.rows.append((parent, [row.get(c) for c in columns]))
    return list(tables.values())


def breakdown(title: str, outcomes: list[Outcome], group: Callable[[Outcome], list[str]]) -> Chart:
    counts: dict[str, list[int]] = {}
    for outcome in outcomes:
        for label in group(outcome):
            tally = counts.setdefault(label, [0, 0])
            tally[0] += outcome.passed
            tally[1] += 1
    return Chart(title=title, bars=[Bar(label=k, passed=p, n=n) for k, (p, n) in counts.items()])


def charts(suite: SuiteResult) -> list[Chart]:
    outcomes = sorted(suite.outcomes, key=lambda o: (o.chapter or 0, o.lang, o.kind or ""))
    found = [
        breakdown("by language", sorted(outcomes, key=lambda o: o.lang), lambda o: [LANG_NAMES.get(o.lang, o.lang)]),
        breakdown("by chapter", outcomes, lambda o: [f"chapter {o.chapter}" if o.chapter else KIND_NAMES[None]]),
        breakdown("by clause kind", sorted(outcomes, key=lambda o: o.kind or "~"), lambda o: [KIND_NAMES.get(o.kind, o.kind)]),
    ]
    if any(o.tags for o in outcomes):
        found.append(breakdown("by tag", sorted(outcomes, key=lambda o: sorted(o.tags)), lambda o: o.tags or ["(no tag)"]))
    return found


def latency_bins(suite: SuiteResult) -> list[Bar]:
    """How many questions took each time band (bars share n so their heights compare)."""
    values = [o.latency_ms for o in suite.outcomes if o.latency_ms is not None]
    edges = (0, *LATENCY_EDGES_MS, float("inf"))
    bars = []
    for low, high in zip(edges, edges[1:]):
        label = f"≥ {low / 1000:g} s" if high == float("inf") else (
            f"< {high:g} ms" if high < 1000 else f"< {high / 1000:g} s")
        bars.append(Bar(label=label, passed=sum(low <= v < high for v in values), n=len(values)))
    return bars


def figure(value: float | None, column: str) -> str:
    """Counts as whole numbers, times in whole milliseconds, shares with three decimals."""
    if value is None:
        return ""
    if column in ("n", "deferred") or re.fullmatch(r"p\d+", column):
        return f"{value:.0f}"
    return f"{value:.3f}"


def colour(share: float) -> str:
    return "#2e7d32" if share >= 0.95 else "#f9a825" if share >= 0.85 else "#c62828"


def render(results: Results) -> str:
    env = Environment(loader=FileSystemLoader(Path(__file__).parent), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters |= {"describe": describe, "colour": colour, "figure": figure}
    suites = results.suites.values()
    return env.get_template(TEMPLATE).render(
        r=results, titles=SUITE_TITLES, tables={s.name: figure_tables(s.metrics) for s in suites},
        charts={s.name: charts(s) for s in suites}, failures={s.name: [o for o in s.outcomes if not o.passed] for s in suites},
        noted={s.name: [o for o in s.outcomes if o.passed and o.notes and s.name == "answers"] for s in suites},
        latency={s.name: latency_bins(s) for s in suites if any(o.latency_ms for o in s.outcomes)},
        problems=[p for i in results.inputs.values() for p in i.problems],
    )


def write_outputs(results: Results, out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    json_path, html_path = out / "results.json", out / "report.html"
    json_path.write_text(results.model_dump_json(indent=1), encoding="utf-8")
    html_path.write_text(render(results), encoding="utf-8")
    return json_path, html_path
