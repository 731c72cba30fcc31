"""Soak benchmark of the web service on loopback: steady mixed traffic for minutes.

    python eval/bench_soak.py [--minutes 10] [--rate 6] [--window 60] [--workers 1] [--url URL --pid PID]

``assistant serve`` starts on a free loopback port (rate limit off, a scratch database),
then requests arrive at a steady ``--rate`` per second, whatever the answers' speed (an
open loop: a slow server sees its backlog grow, it cannot slow the clients down), in a mix
of ``POST /api/ask`` (40 %), ``/api/ask/stream`` (20 %), ``/api/eligibility`` (20 %) and
``/api/feedback`` on an earlier answer (20 %).

Every ``--window`` seconds it prints the requests, errors, latency percentiles and the
server's peak resident memory (all its processes); at the end the totals and the verdict: no
errors, and no unbounded memory growth (the second half of the run may not raise the peak
RSS by more than ``--max-growth-mb``). Exit status 1 when the verdict fails. Traffic goes to
127.0.0.1 only; the run stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "eval")]

from assistant.channels.web.local_server import LocalServer  # noqa: E402  (after the path, when run as a script)
from bench_load import SERVER_ENV, peak_rss_mb, question_pool  # noqa: E402

MIX = [("ask", 0.4), ("stream", 0.2), ("eligibility", 0.2), ("feedback", 0.2)]
MAX_IN_FLIGHT = 256  # a bound on the backlog, so that a stalled server cannot exhaust the client


@dataclass
class Window:
    started: float
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)


def rss_mb(pid: int | None) -> float:
    """The server's peak resident memory so far (all its processes): flat when memory is bounded."""
    return peak_rss_mb(pid) if pid else float("nan")


def eligibility_payloads() -> list[dict]:
    """The committed eligibility cases as /api/eligibility bodies, the position by the id of the
    case's clause (a title may name two positions; a clause number printed twice is skipped)."""
    from assistant.regulation.corpus import load_document

    doc = load_document()
    payloads = []
    for line in (ROOT / "eval" / "eligibility.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        where = (case["chapter"], case["paragraph"], case["clause"])
        positions = {c.position_id for c in doc.clauses if (c.chapter, c.paragraph, c.clause) == where}
        if len(positions) != 1:
            continue
        body = {"position": positions.pop(), "years": case["years"], "education": case.get("education"),
                "locality": case.get("locality"), "level": case.get("category")}
        payloads.append({k: v for k, v in body.items() if v is not None})
    return payloads


class Traffic:
    """One request of a kind drawn from the mix; remembers answer ids for the feedback."""

    def __init__(self, client: httpx.AsyncClient, questions: list[str], cases: list[dict], seed: int = 11) -> None:
        self.client, self.questions, self.cases = client, questions, cases
        self.random = random.Random(seed)
        self.answer_ids: list[str] = []

    def pick(self) -> str:
        return self.random.choices([k for k, _ in MIX], weights=[w for _, w in MIX])[0]

    async def send(self, kind: str) -> httpx.Response:
        if kind == "feedback" and self.answer_ids:
            answer_id = self.answer_ids[self.random.randrange(len(self.answer_ids))]
            return await self.client.post("/api/feedback", json={"answer_id": answer_id,
                                                                 "rating": self.random.choice(["up", "down"])})
        if kind == "eligibility":
            return await self.client.post("/api/eligibility", json=self.random.choice(self.cases))
        question = self.random.choice(self.questions)
        if kind == "stream":
            return await self.client.post("/api/ask/stream", json={"question": question})
        response = await self.client.post("/api/ask", json={"question": question})
        if response.status_code == 200:
            self.answer_ids.append(response.json()["answer_id"])
            del self.answer_ids[:-1000]
        return response

    async def one(self, kind: str, window: Window) -> None:
        began = time.perf_counter()
        try:
            response = await self.send(kind)
            failed = None if response.status_code == 200 else f"{kind}: HTTP {response.status_code} {response.text[:120]}"
        except httpx.HTTPError as exc:
            failed = f"{kind}: {type(exc).__name__}"
        window.latencies.append((time.perf_counter() - began) * 1000)
        window.kinds[kind] = window.kinds.get(kind, 0) + 1
        if failed:
            window.errors.append(failed)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def print_window(n: int, window: Window, rss: float) -> None:
    lat = window.latencies
    print(f"{n:>3} {time.strftime('%H:%M:%S')} {len(lat):>6} {len(window.errors):>6} "
          f"{percentile(lat, .5):>8.0f} {percentile(lat, .95):>8.0f} {percentile(lat, .99):>8.0f} {rss:>8.0f}",
          flush=True)


async def soak(url: str, pid: int | None, minutes: float, rate: float, window_s: float) -> tuple[list[Window], list[float]]:
    windows, rss = [], [rss_mb(pid)]
    print(f"{'win':>3} {'time':>8} {'reqs':>6} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'peak RSS':>8}")
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        traffic = Traffic(client, question_pool(), eligibility_payloads())
        slots, tasks = asyncio.Semaphore(MAX_IN_FLIGHT), set()
        start = time.monotonic()
        end = start + minutes * 60
        window, i = Window(start), 0
        while (due := start + i / rate) < end:
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            if time.monotonic() - window.started >= window_s:
                windows.append(window)
                rss.append(rss_mb(pid))
                print_window(len(windows), window, rss[-1])
                window = Window(time.monotonic())
            await slots.acquire()
            task = asyncio.create_task(traffic.one(traffic.pick(), window))
            task.add_done_callback(lambda t: (slots.release(), tasks.discard(t)))
            tasks.add(task)
            i += 1
        await asyncio.gather(*tasks)
        windows.append(window)
        rss.append(rss_mb(pid))
        print_window(len(windows), window, rss[-1])
    return windows, rss


def verdict(windows: list[Window], rss: list[float], minutes: float, max_growth_mb: float) -> bool:
    latencies = [x for w in windows for x in w.latencies]
    errors = [e for w in windows for e in w.errors]
    kinds: dict[str, int] = {}
    for w in windows:
        for k, n in w.kinds.items():
            kinds[k] = kinds.get(k, 0) + n
    middle = rss[len(rss) // 2]
    growth = rss[-1] - middle
    print(f"\n{len(latencies)} requests in {minutes:g} min ({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))}), "
          f"{len(errors)} errors")
    print(f"latency: p50 {percentile(latencies, .5):.0f} ms, p95 {percentile(latencies, .95):.0f} ms, "
          f"p99 {percentile(latencies, .99):.0f} ms, max {max(latencies, default=float('nan')):.0f} ms")
    print(f"p95 per window (ms): {' '.join(f'{percentile(w.latencies, .95):.0f}' for w in windows)}")
    print(f"server peak RSS: {rss[0]:.0f} MB at start (after loading), {middle:.0f} MB at half time, {rss[-1]:.0f} MB at the end "
          f"(second half: {growth:+.0f} MB; limit +{max_growth_mb:g} MB)")
    for error in sorted(set(errors))[:10]:
        print(f"  error: {error}")
    ok = not errors and (growth != growth or growth <= max_growth_mb)  # NaN growth: no pid to measure
    print("verdict:", "PASS (no errors, memory flat)" if ok else "FAIL")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=6.0, help="requests per second, all kinds together")
    parser.add_argument("--window", type=float, default=60.0, help="seconds per reported window")
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--max-growth-mb", type=float, default=25.0, help="allowed RSS growth in the second half")
    parser.add_argument("--url", help="an already running service (no server is started)")
    parser.add_argument("--pid", type=int, help="its process id, for the RSS figures")
    args = parser.parse_args(argv)
    if args.url:
        windows, rss = asyncio.run(soak(args.url, args.pid, args.minutes, args.rate, args.window))
        return 0 if verdict(windows, rss, args.minutes, args.max_growth_mb) else 1
    with tempfile.TemporaryDirectory() as scratch:
        env = SERVER_ENV | {"ASSISTANT_DATABASE_URL": f"sqlite:///{scratch}/soak.sqlite3"}
        with LocalServer(env, log=Path(scratch) / "server.log", workers=args.workers) as server:
            print(f"assistant serve on {server.url} (pid {server.pid}, {args.workers} worker(s)); "
                  f"{args.rate:g} requests/s for {args.minutes:g} min")
            windows, rss = asyncio.run(soak(server.url, server.pid, args.minutes, args.rate, args.window))
    return 0 if verdict(windows, rss, args.minutes, args.max_growth_mb) else 1


if __name__ == "__main__":
    sys.exit(main())
