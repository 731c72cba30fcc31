"""The answers suite's judgement: the chain's answers judged deterministically (no LLM judge).

Over answerable questions, per language: citation hit@1/@3 (a gold clause among the first
1/3 citations), must_mention coverage (numbers match as digits or Kazakh number words),
language match (the answer's own sentences — not its «> » quotes nor «…» quoted text — are
in the question's language). Over unanswerable ones: abstention precision and recall. Over
the eligibility cases: the verdict accuracy of ``answer`` on the free-text questions
(:func:`assistant.evaluation.runner.run_answers`). Latency p50/p95 of every answer.
"""

from __future__ import annotations

import re
import time
from statistics import quantiles
from typing import TYPE_CHECKING

from pydantic import BaseModel

from ..language.textnorm import detect_lang, normalise
from .gold import first_gold_rank
from .sets import Question

if TYPE_CHECKING:
    from ..answering.answer import Answer
    from ..answering.chain import Assistant

# Where a person reads: must-mention is also measured on the answer's first characters (issue 13).
FIRST_CHARS = 600
NUMBER_WORDS = {"1": "бір", "2": "екі", "3": "үш", "4": "төрт", "5": "бес", "6": "алты", "7": "жеті",
                "8": "сегіз", "9": "тоғыз", "10": "он"}
QUOTED_RE = re.compile(r"«[^»]*»|\"[^\"]*\"")


class Judged(BaseModel):
    """One question's outcome, kept for the report."""

    id: str
    lang: str
    answerable: bool
    rank: int | None
    mentioned: float
    mentioned_first: float = 1.0
    language_ok: bool
    abstained: bool
    latency_ms: float
    cited: list[str]


def own_text(answer_text: str) -> str:
    """The assistant's own sentences: no «> » quote lines and no quoted «…» text."""
    lines = [line for line in answer_text.splitlines() if not line.startswith(">")]
    return QUOTED_RE.sub(" ", "\n".join(lines))


def mentions(text: str, needle: str) -> bool:
    """``needle`` in ``text``; a number also matches as its Kazakh number word."""
    haystack = normalise(text)
    if normalise(needle) in haystack:
        return True
    word = NUMBER_WORDS.get(needle.strip())
    return bool(word and re.search(rf"(?<!\w){word}(?!\w)", haystack))


def coverage(text: str, needles: list[str]) -> float:
    """The share of ``needles`` that ``text`` mentions (1.0 when none is expected)."""
    return sum(mentions(text, n) for n in needles) / len(needles) if needles else 1.0


def judge(assistant: Assistant, q: Question) -> Judged:
    started = time.perf_counter()
    answer: Answer = assistant.answer(q.question)
    latency = (time.perf_counter() - started) * 1000
    cited = [c.id for c in answer.citations]
    rank = None if answer.abstained else first_gold_rank(cited, q.gold_clauses)
    mentioned, mentioned_first = (coverage(text, q.must_mention) for text in (answer.answer, answer.answer[:FIRST_CHARS]))
    return Judged(
        id=q.id, lang=q.lang, answerable=q.answerable, rank=rank, mentioned=mentioned, mentioned_first=mentioned_first,
        language_ok=answer.lang == q.lang and detect_lang(own_text(answer.answer)) == q.lang,
        abstained=answer.abstained, latency_ms=latency, cited=cited,
    )


def summary(judged: list[Judged]) -> dict:
    n = len(judged)

    def share(values) -> float:
        return round(sum(values) / n, 4) if n else 0.0

    return {
        "n": n,
        "citation_hit@1": share(j.rank == 1 for j in judged),
        "citation_hit@3": share(j.rank is not None and j.rank <= 3 for j in judged),
        "must_mention": share(j.mentioned for j in judged),
        f"must_mention@{FIRST_CHARS}": share(j.mentioned_first for j in judged),
        "language_match": share(j.language_ok for j in judged),
    }


def abstention(judged: list[Judged]) -> dict:
    abstained = [j for j in judged if j.abstained]
    unanswerable = [j for j in judged if not j.answerable]
    right = sum(1 for j in abstained if not j.answerable)
    return {
        "precision": round(right / len(abstained), 4) if abstained else 1.0,
        "recall": round(right / len(unanswerable), 4) if unanswerable else 1.0,
    }


def latency(values: list[float]) -> dict:
    if len(values) < 2:
        return {"p50": round(values[0], 1) if values else 0.0, "p95": round(values[0], 1) if values else 0.0}
    cuts = quantiles(values, n=100, method="inclusive")
    return {"p50": round(cuts[49], 1), "p95": round(cuts[94], 1)}
