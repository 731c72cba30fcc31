"""One place that sees every request: metrics, one structured log line, and the last-resort 500.

The log line holds no personal data: method, route template, status, latency, and the
answer id when one was given (the feedback store links that id to the question).
"""

from __future__ import annotations

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .metrics import Metrics
from .problems import problem_response

log = logging.getLogger("assistant.web")

ERROR_KIND = {404: "not_found", 422: "input", 429: "rate_limited", 503: "not_ready", 504: "timeout"}


def route_of(scope: Scope) -> str:
    """The route template (``/api/clauses/{clause_id}``), never the raw path: bounded label values."""
    route = scope.get("route")
    return getattr(route, "path", None) or "unmatched"


class ObserveRequests:
    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        began, status, started = time.perf_counter(), 500, False

        async def recording_send(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                status, started = message["status"], True
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        except Exception:
            log.exception("unhandled error", extra={"path": scope.get("path")})
            if started:
                raise  # the response had started: nothing more can be said to the client
            await problem_response(500, "internal error; it has been logged")(scope, receive, send)
        finally:
            self._record(scope, status, time.perf_counter() - began)

    def _record(self, scope: Scope, status: int, seconds: float) -> None:
        route = route_of(scope)
        self.metrics.observe_request(scope["method"], route, status, seconds)
        if status >= 400:
            self.metrics.observe_error(ERROR_KIND.get(status, "internal" if status >= 500 else "client"))
        state = scope.get("state", {})
        log.info(
            "request",
            extra={
                "method": scope["method"], "route": route, "status": status,
                "ms": round(seconds * 1000, 1), "answer_id": state.get("answer_id"),
            },
        )
