"""``assistant eval answers QUESTIONS [--eligibility FILE] [--json]``: the chain's answers judged
deterministically (no LLM judge).

Over answerable questions, per language: citation hit@1/@3 (a gold clause among the first
1/3 citations), must_mention coverage (numbers match as digits or Kazakh number words),
language match (the answer's own sentences — not its «> » quotes nor «…» quoted text — are
in the question's language). Over unanswerable ones: abstention precision and recall. Over
the eligibility file: the verdict accuracy of ``answer`` on the free-text questions.
Latency p50/p95 of every answer.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path
from statistics import quantiles
from typing import TYPE_CHECKING

from pydantic import BaseModel

from ..language.textnorm import detect_lang, normalise
from .gold import Question, first_gold_rank, load_questions

if TYPE_CHECKING:
    from ..answering.answer import Answer
    from ..answering.chain import Assistant

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


def judge(assistant: Assistant, q: Question) -> Judged:
    started = time.perf_counter()
    answer: Answer = assistant.answer(q.question)
    latency = (time.perf_counter() - started) * 1000
    cited = [c.id for c in answer.citations]
    rank = None if answer.abstained else first_gold_rank(assistant.retriever.document, cited, q.gold_clauses)
    needles = q.must_mention
    mentioned = sum(mentions(answer.answer, n) for n in needles) / len(needles) if needles else 1.0
    return Judged(
        id=q.id, lang=q.lang, answerable=q.answerable, rank=rank, mentioned=mentioned,
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


def eligibility_accuracy(assistant: Assistant, path: Path) -> tuple[dict, list[float]]:
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    right, times = 0, []
    for case in cases:
        started = time.perf_counter()
        answer = assistant.answer(case["question"])
        times.append((time.perf_counter() - started) * 1000)
        verdict = answer.eligibility.verdict.value if answer.eligibility is not None else None
        right += verdict == ("eligible" if case["eligible"] else "not_eligible")
    return {"n": len(cases), "accuracy": round(right / len(cases), 4) if cases else 0.0}, times


def evaluate(assistant: Assistant, questions: list[Question], eligibility: Path | None = None) -> tuple[dict, list[Judged]]:
    judged = [judge(assistant, q) for q in questions]
    answerable = [j for j in judged if j.answerable]
    report = {lang: summary([j for j in answerable if j.lang == lang]) for lang in ("kk", "ru")}
    report["all"] = summary(answerable)
    report["abstention"] = abstention(judged)
    times = [j.latency_ms for j in judged]
    if eligibility is not None:
        report["eligibility"], more = eligibility_accuracy(assistant, eligibility)
        times += more
    report["latency_ms"] = latency(times)
    return report, judged


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("answers", help="citation hits, must-mention, language, abstention, latency")
    p.add_argument("questions", type=Path)
    p.add_argument("--eligibility", type=Path, help="also the verdict accuracy on these free-text cases")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=answers_command)


def answers_command(args: argparse.Namespace) -> int:
    from ..answering.chain import get_assistant

    questions = load_questions(args.questions)
    if args.eligibility is not None and not args.eligibility.is_file():
        from ..errors import InputError

        raise InputError(f"no eligibility file at {args.eligibility}")
    assistant = get_assistant()
    assistant.load()
    report, judged = evaluate(assistant, questions, args.eligibility)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return 0
    print_table(report, judged)
    return 0


def print_table(report: dict, judged: list[Judged]) -> None:
    print(f"{'':4} {'n':>4} {'hit@1':>7} {'hit@3':>7} {'mention':>8} {'lang':>6}")
    for lang in ("kk", "ru", "all"):
        m = report[lang]
        print(f"{lang:4} {m['n']:>4} {m['citation_hit@1']:>7.3f} {m['citation_hit@3']:>7.3f} "
              f"{m['must_mention']:>8.3f} {m['language_match']:>6.3f}")
    a = report["abstention"]
    print(f"abstention precision {a['precision']:.3f} recall {a['recall']:.3f}")
    if "eligibility" in report:
        e = report["eligibility"]
        print(f"eligibility (free text through answer): n={e['n']} accuracy {e['accuracy']:.3f}")
    print(f"latency p50 {report['latency_ms']['p50']} ms, p95 {report['latency_ms']['p95']} ms")
    misses = [j for j in judged if j.answerable and (j.rank is None or j.rank > 3)]
    for j in misses[:20]:
        print(f"  miss {j.id} ({j.lang}): cited {', '.join(j.cited) or '—'}")
