"""Limits that protect the service: body size, per-request timeout, per-client rate, answers at once.

The first two are pure ASGI middleware (they must act before any route reads the body,
and must answer even when a route hangs); the rate limit is a dependency of the API
routers, so that the widget script, health checks and metrics are never throttled.
Answers are admitted by cost as well as by count (:class:`AnswerAdmission`): a client
may have only a few in progress, and the process computes only a few at once.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from anyio import CapacityLimiter, to_thread
from fastapi import HTTPException, Request
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..service import RateLimiter
from .problems import problem_response


class BodyTooLarge(Exception):
    pass


class BodySizeLimit:
    """Refuses request bodies over ``max_bytes`` with 413 and the reason, before they are parsed.

    A declared length is refused before the body is read; a streamed (chunked) body as soon as it
    passes the limit: the route's own error about the cut-off body («not valid JSON») is replaced
    by the size reason.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self._declared_length(scope) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        seen, refused = 0, False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal refused
            if seen <= self.max_bytes:
                await send(message)
            elif not refused:  # the route caught BodyTooLarge (a parse error): its answer is replaced
                refused = True
                await self._refuse(scope, receive, send)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except BodyTooLarge:
            if not refused:
                await self._refuse(scope, receive, send)

    @staticmethod
    def _declared_length(scope: Scope) -> int:
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                return int(value) if value.isdigit() else 0
        return 0

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        reason = f"the request body is larger than {self.max_bytes} bytes"
        await problem_response(413, reason)(scope, receive, send)


class SecurityHeaders:
    """``X-Content-Type-Options: nosniff`` on every response, and ``Cache-Control: no-store`` on JSON
    ones (answers and errors are per request: no cache, shared or not, should keep them)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                if headers.get("content-type", "").startswith("application/json"):
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, with_headers)


class RequestTimeout:
    """Answers 504 when a request has not started its response within ``seconds``.

    Once the response has started (a stream), the deadline is lifted: a stream bounds
    its own work.
    """

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app, self.seconds = app, seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        try:
            async with asyncio.timeout(self.seconds) as deadline:

                async def watching_send(message: Message) -> None:
                    nonlocal started
                    if message["type"] == "http.response.start":
                        started = True
                        deadline.reschedule(None)
                    await send(message)

                await self.app(scope, receive, watching_send)
        except TimeoutError:
            if started or not deadline.expired():
                raise  # raised by the app itself, or a stream already under way
            scope.setdefault("state", {})["timed_out"] = True
            reason = f"the request took longer than {self.seconds:g} s; try again or ask a shorter question"
            await problem_response(504, reason)(scope, receive, send)


async def rate_limit(request: Request) -> None:
    """Dependency of the API routers: 429 with Retry-After past the client's allowance (a lookup: async)."""
    limiter: RateLimiter = request.app.state.services.limiter
    client = client_address(request)
    # a shared store (database, Redis) is I/O: off the event loop
    wait = await to_thread.run_sync(limiter.retry_after, client) if limiter.blocking else limiter.retry_after(client)
    if wait is not None:
        raise HTTPException(
            status_code=429,
            detail=f"too many requests from this address; try again in {wait} s",
            headers={"Retry-After": str(wait)},
        )


def client_address(request: Request) -> str:
    """The address a client is counted by (the proxy's client when the proxy is trusted: see proxies.py)."""
    return request.client.host if request.client else "unknown"


class AnswerAdmission:
    """Who may start computing an answer now.

    One answer can cost far more than one request (a long question, a slow model), so a
    count per minute alone lets one client fill every core within its allowance. Here a
    client address has at most ``per_client`` answers in progress (more: 429 at once), the
    process computes at most ``slots`` at once, and a question waits at most ``wait_s`` for
    a slot (then 503 with Retry-After: a short, honest refusal rather than a 504 after 30 s).
    """

    def __init__(self, slots: int, per_client: int, wait_s: float) -> None:
        self.slots = CapacityLimiter(slots)  # created in the event loop (Services.start)
        self.per_client, self.wait_s = per_client, wait_s
        self._in_progress: Counter[str] = Counter()  # touched only from the event loop: no lock

    @asynccontextmanager
    async def admit(self, client: str) -> AsyncIterator[None]:
        if self.per_client > 0 and self._in_progress[client] >= self.per_client:
            raise HTTPException(429, f"this address already has {self.per_client} questions being answered; "
                                     "ask again when they are done", headers={"Retry-After": "1"})
        self._in_progress[client] += 1
        try:
            with anyio.move_on_after(self.wait_s) as waiting:
                await self.slots.acquire()
            if waiting.cancelled_caught:
                raise HTTPException(503, "the service is busy answering other questions; try again in a few seconds",
                                    headers={"Retry-After": "2"})
            try:
                yield
            finally:
                self.slots.release()
        finally:
            self._in_progress[client] -= 1
            if not self._in_progress[client]:
                del self._in_progress[client]
