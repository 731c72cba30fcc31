"""Prometheus metrics of the web service: requests, latency, answers by mode, abstentions, errors.

Each application owns its registry (tests build many apps in one process). When the
server runs several workers, ``assistant serve`` sets ``PROMETHEUS_MULTIPROC_DIR`` and
``/metrics`` aggregates every worker's values from there.
"""

from __future__ import annotations

import os

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

from ...answering.answer import Answer

# Answers take tens of milliseconds (extractive) to seconds (LLM).
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
# Tokens of one LLM answer: the prompt is bounded (Settings.llm_max_prompt_chars), the reply by max_tokens.
TOKEN_BUCKETS = (250, 500, 1000, 2000, 4000, 8000, 16000)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "assistant_http_requests", "HTTP requests served", ["method", "route", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "assistant_http_request_duration_seconds", "HTTP request latency", ["route"],
            buckets=LATENCY_BUCKETS, registry=self.registry,
        )
        self.answers = Counter(
            "assistant_answers", "Answers given, by mode and route", ["mode", "route", "lang"], registry=self.registry
        )
        self.abstentions = Counter(
            "assistant_abstentions", "Answers where the assistant declined to answer", ["lang"], registry=self.registry
        )
        self.llm_tokens = Histogram(
            "assistant_llm_tokens_per_answer", "Tokens the LLM used for one answer (prompt and reply, every round)",
            ["lang"], buckets=TOKEN_BUCKETS, registry=self.registry,
        )
        self.translations = Counter(
            "assistant_quote_translations", "Quoted Kazakh items of Russian answers sent for an unofficial "
            "translation, by whether it was shown (passed its checks) or not", ["outcome"], registry=self.registry,
        )
        self.errors = Counter(
            "assistant_errors", "Requests that ended in an error, by kind", ["kind"], registry=self.registry
        )

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(route).observe(seconds)

    def observe_answer(self, answer: Answer) -> None:
        self.answers.labels(answer.mode, answer.route, answer.lang).inc()
        if answer.abstained:
            self.abstentions.labels(answer.lang).inc()
        if answer.llm_tokens is not None:  # counted whether the reply was shown or rejected by the guards
            self.llm_tokens.labels(answer.lang).observe(answer.llm_tokens)
        translations = answer._translations
        if translations is not None:
            self.translations.labels("shown").inc(translations[0])
            self.translations.labels("not_shown").inc(translations[1])

    def observe_error(self, kind: str) -> None:
        self.errors.labels(kind).inc()

    def render(self) -> tuple[bytes, str]:
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            registry = CollectorRegistry()
            MultiProcessCollector(registry)
            return generate_latest(registry), CONTENT_TYPE_LATEST
        return generate_latest(self.registry), CONTENT_TYPE_LATEST
