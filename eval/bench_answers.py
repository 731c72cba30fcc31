"""Benchmark: extractive answer latency against retrieval latency, in the same run.

    python eval/bench_answers.py [--questions eval/questions.jsonl] [--limit N]

Prints retrieval p50/p95 (the retriever's search alone) and answer p50/p95 (the whole
chain: routing, slots, retrieval, excerpting, rendering) over the same questions, after a
warm-up, and their ratio (target: answer p50 <= 1.5 x retrieval p50).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from statistics import quantiles

from assistant.answering.chain import get_assistant


def percentiles(values: list[float]) -> tuple[float, float]:
    cuts = quantiles(values, n=100, method="inclusive")
    return cuts[49], cuts[94]


def timed(fn, items: list[str]) -> list[float]:
    out = []
    for item in items:
        started = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - started) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=Path("eval/questions.jsonl"))
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    questions = [json.loads(line)["question"] for line in args.questions.read_text(encoding="utf-8").splitlines()]
    questions = questions[: args.limit] if args.limit else questions
    assistant = get_assistant()
    assistant.load(progress=False)
    timed(assistant.answer, questions[:20])  # warm-up: caches, linkers, first embeddings
    retrieval = timed(lambda q: assistant.retriever.search(q, k=8), questions)
    answers = timed(assistant.answer, questions)
    r50, r95 = percentiles(retrieval)
    a50, a95 = percentiles(answers)
    print(f"questions              {len(questions)}")
    print(f"retrieval p50 / p95    {r50:.1f} / {r95:.1f} ms")
    print(f"answer    p50 / p95    {a50:.1f} / {a95:.1f} ms")
    print(f"answer p50 / retrieval p50 = {a50 / r50:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
