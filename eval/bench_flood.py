"""Flood benchmark (issue 16): one client floods with worst-case questions while another asks normal ones.

    python eval/bench_flood.py [--seconds 30] [--flood 60] [--others 2]

``assistant serve`` runs on a free loopback port with its default cost limits (2 answers in
progress per address, one answer slot per core, 5 s wait for a slot) and the per-minute rate
limit off: the other client stands for many people, and the flooder is held by cost alone.
The flooder connects from 127.0.0.2 (all of 127.0.0.0/8 is loopback on Linux) and keeps
``--flood`` requests of ``{"question": "т" * 1000}`` in flight for ``--seconds`` (each coming back
as soon as a refusal's Retry-After allows: its whole allowance, all the time); the other
client connects from 127.0.0.1 with ``--others`` concurrent normal questions (distinct, kk/ru).

Prints the other client's latency p50/p95/max and status counts, and the flooder's status
counts. Target: the other client's p95 under 2 s with no error, the flooder refused with
429/503 beyond its allowance. Traffic goes to loopback only; every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.channels.web.local_server import LocalServer  # noqa: E402  (after the path, when run as a script)
from eval.bench_load import question_pool  # noqa: E402

WORST_CASE = "т" * 1000
TARGET_P95_S = 2.0


async def flooder(url: str, deadline: float, statuses: Counter) -> None:
    transport = httpx.AsyncHTTPTransport(local_address="127.0.0.2")
    async with httpx.AsyncClient(base_url=url, timeout=60, transport=transport,
                                 limits=httpx.Limits(max_connections=200)) as client:
        while time.perf_counter() < deadline:
            try:
                response = await client.post("/api/ask", json={"question": WORST_CASE})
            except httpx.HTTPError as exc:
                statuses[type(exc).__name__] += 1
                continue
            statuses[response.status_code] += 1
            # within its allowance: it comes back when told to (a client that never waits is a flood of
            # requests, not of cost, and is the reverse proxy's to stop)
            wait = float(response.headers.get("Retry-After", 0))
            await asyncio.sleep(min(wait, max(0.0, deadline - time.perf_counter())))


async def other(url: str, deadline: float, questions, latencies: list[float], statuses: Counter) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            try:
                status = (await client.post("/api/ask", json={"question": next(questions)})).status_code
            except httpx.HTTPError as exc:
                status = type(exc).__name__
            statuses[status] += 1
            if status == 200:
                latencies.append(time.perf_counter() - began)


async def run(url: str, seconds: float, flood: int, others: int) -> tuple[list[float], Counter, Counter]:
    latencies: list[float] = []
    flood_statuses, other_statuses = Counter(), Counter()
    questions = itertools.cycle(question_pool())
    deadline = time.perf_counter() + seconds
    await asyncio.gather(*(flooder(url, deadline, flood_statuses) for _ in range(flood)),
                         *(other(url, deadline, questions, latencies, other_statuses) for _ in range(others)))
    return latencies, flood_statuses, other_statuses


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100)[int(share * 100) - 1] if len(values) > 1 else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--flood", type=int, default=60, help="flooder requests in flight at once")
    parser.add_argument("--others", type=int, default=2, help="the other client's requests in flight at once")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        env = {"ASSISTANT_DATABASE_URL": f"sqlite:///{scratch}/bench.sqlite3", "ASSISTANT_LLM_BASE_URL": "",
               "ASSISTANT_RATE_LIMIT_PER_MINUTE": "0"}
        with LocalServer(env, log=Path(scratch) / "server.log") as server:
            with httpx.Client(base_url=server.url, timeout=60) as warm:  # load the models before timing
                warm.post("/api/ask", json={"question": "Тәрбиешінің міндеттері қандай?"})
            latencies, flood_statuses, other_statuses = asyncio.run(run(server.url, args.seconds, args.flood,
                                                                        args.others))
    p50, p95 = percentile(latencies, 0.50), percentile(latencies, 0.95)
    print(f"flood: {args.flood} worst-case requests in flight from 127.0.0.2 for {args.seconds:g} s")
    print(f"  flooder statuses: {dict(sorted(flood_statuses.items(), key=str))}")
    print(f"other client ({args.others} in flight from 127.0.0.1): {len(latencies)} answered, "
          f"statuses {dict(sorted(other_statuses.items(), key=str))}")
    print(f"  latency p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {max(latencies, default=0) * 1000:.0f} ms "
          f"(target p95 < {TARGET_P95_S:g} s, no error)")
    ok = p95 < TARGET_P95_S and set(other_statuses) == {200}
    print("target met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
