"""The retrieval suite's figures: hit@1/3/5 and MRR of the hybrid retriever and, side by side in
the same run, of lexical-only and dense-only retrieval, per language and overall.

Questions marked ``answerable: false`` are left out. A retrieved clause counts when its id is a
gold clause id; MRR is taken over the top :data:`DEPTH` clauses (0 when no gold clause is among them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from .gold import first_gold_rank
from .sets import Question

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
    ranks = []
    for q in questions:
        hits = retriever.search(q.question, k=DEPTH, mode=mode)
        ranks.append(first_gold_rank([h.clause_id for h in hits], q.gold_clauses))
    return ranks


def format_table(report: dict[str, dict[str, dict]]) -> str:
    lines = [f"{'retriever':<9} {'lang':<4} {'n':>4} {'hit@1':>6} {'hit@3':>6} {'hit@5':>6} {'mrr':>6}"]
    for mode, by_lang in report.items():
        for lang, m in by_lang.items():
            lines.append(f"{mode:<9} {lang:<4} {m['n']:>4} {m['hit@1']:>6.3f} {m['hit@3']:>6.3f} "
                         f"{m['hit@5']:>6.3f} {m['mrr']:>6.3f}")
    return "\n".join(lines)
