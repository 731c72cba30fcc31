"""What describing instead of naming costs: embedding the duty items (once, with the index), loading them
(once per process), and reading one describing question (per question).

    python -m eval.bench_describe [--sample 40]

Embedding all items is estimated from a sample (all ~1,250 take minutes on two cores).
"""

from __future__ import annotations

import argparse
import statistics
import time

from assistant.search.duties import DutyIndex, get_duty_index
from assistant.search.embeddings import make_embedder
from assistant.language import read
from assistant.settings import get_settings

QUESTIONS = [
    "Кто в детском саду ведёт музыкальные занятия с малышами?",
    "Мектепте оқушыларға болашақ мамандығын таңдауға көмектесетін маманның міндеттері қандай?",
    "Как называется сотрудник колледжа, который отвечает за работу со студентами в общежитии?",
]


def seconds(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", type=int, default=40, help="items embedded to estimate the full build")
    args = parser.parse_args()
    settings = get_settings()
    embedder = make_embedder(settings)
    print(f"embedder load: {seconds(lambda: embedder.embed_query('x')):.2f} s")
    items = DutyIndex(settings, embedder).items()
    sample = [i.text for i in items[: args.sample]]
    spent = seconds(lambda: embedder.embed_documents(sample))
    print(f"duty items: {len(items)}; {spent / len(sample) * 1000:.0f} ms per item "
          f"→ full build ≈ {spent / len(sample) * len(items):.0f} s (once, stored beside the index)")
    index = get_duty_index()
    print(f"load stored vectors: {seconds(index.ready) * 1000:.0f} ms (ready: {index.ready()})")
    read(QUESTIONS[0])  # warm the linker and the query path
    plain = [seconds(lambda: read("Какие обязанности у методиста детского сада?")) for _ in range(5)]
    described = [seconds(lambda q=q: read(q + f" {n}")) for n in range(3) for q in QUESTIONS]  # uncached queries
    print(f"read a named question: median {statistics.median(plain) * 1000:.0f} ms")
    print(f"read a describing question: median {statistics.median(described) * 1000:.0f} ms, "
          f"max {max(described) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
