"""``assistant eval retrieval FILE [--json]``: hit@1/3/5 and MRR of the hybrid retriever and,
side by side in the same run, of lexical-only and dense-only retrieval, per language and overall.

Questions marked ``answerable: false`` are left out. A retrieved clause counts when it
matches a gold label (:func:`assistant.evaluation.gold.matches_gold`); MRR is taken over
the top :data:`DEPTH` clauses (0 when no gold clause is among them).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from .gold import Question, first_gold_rank, load_questions

if TYPE_CHECKING:  # the retriever (chromadb, models) is imported only when a suite runs
    from ..search.retrieval import Mode, Retriever

MODES: tuple[Mode, ...] = ("hybrid", "lexical", "dense")
DEPTH = 10
CUTOFFS = (1, 3, 5)


class Metrics(BaseModel):
    n: int
    hit_at_1: float = Field(alias="hit@1")
    hit_at_3: float = Field(alias="hit@3")
    hit_at_5: float = Field(alias="hit@5")
    mrr: float

    @classmethod
    def of(cls, ranks: list[int | None]) -> Metrics:
        n = len(ranks)

        def share(values: list[float]) -> float:
            return round(sum(values) / n, 4) if n else 0.0

        hits = {f"hit@{c}": share([1.0 if r is not None and r <= c else 0.0 for r in ranks]) for c in CUTOFFS}
        return cls.model_validate({"n": n, **hits, "mrr": share([1.0 / r if r else 0.0 for r in ranks])})


def question_ranks(retriever: Retriever, questions: list[Question], mode: Mode) -> list[int | None]:
    """Rank of the first gold clause for each question (None when not in the top DEPTH)."""
    doc = retriever.document
    ranks = []
    for q in questions:
        hits = retriever.search(q.question, k=DEPTH, mode=mode)
        ranks.append(first_gold_rank(doc, [h.clause_id for h in hits], q.gold_clauses))
    return ranks


def evaluate(retriever: Retriever, questions: list[Question]) -> dict[str, dict[str, dict]]:
    """``{mode: {"kk": M, "ru": M, "all": M}}`` with M = {n, hit@1, hit@3, hit@5, mrr}."""
    answerable = [q for q in questions if q.answerable]
    report: dict[str, dict[str, dict]] = {}
    for mode in MODES:
        ranks = question_ranks(retriever, answerable, mode)
        by_lang = {
            lang: Metrics.of([r for q, r in zip(answerable, ranks) if q.lang == lang]) for lang in ("kk", "ru")
        }
        by_lang["all"] = Metrics.of(ranks)
        report[mode] = {key: m.model_dump(by_alias=True) for key, m in by_lang.items()}
    return report


def format_table(report: dict[str, dict[str, dict]]) -> str:
    lines = [f"{'retriever':<9} {'lang':<4} {'n':>4} {'hit@1':>6} {'hit@3':>6} {'hit@5':>6} {'mrr':>6}"]
    for mode, by_lang in report.items():
        for lang, m in by_lang.items():
            lines.append(f"{mode:<9} {lang:<4} {m['n']:>4} {m['hit@1']:>6.3f} {m['hit@3']:>6.3f} "
                         f"{m['hit@5']:>6.3f} {m['mrr']:>6.3f}")
    return "\n".join(lines)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("retrieval", help="hit@k and MRR of hybrid, lexical and dense retrieval")
    parser.add_argument("file", type=Path, help="question set (JSONL), e.g. eval/questions.jsonl")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.set_defaults(handler=retrieval_command)


def retrieval_command(args: argparse.Namespace) -> int:
    from ..search.retrieval import get_retriever

    questions = load_questions(args.file)
    report = evaluate(get_retriever(), questions)
    print(json.dumps(report) if args.json else format_table(report))
    return 0
