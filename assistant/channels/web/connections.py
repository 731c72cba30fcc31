"""Connection limits of ``assistant serve``: what uvicorn is told, from :class:`Settings`.

uvicorn's defaults leave a server open to slow and oversized connections: with httptools
(installed with uvicorn[standard]) a request head has no size limit, and neither parser has a
deadline for a request head (a connection that sends nothing, or half a header, is kept for
ever). So the server uses h11 with its head-size limit (``max_header_bytes``: larger → 400,
closed), and :class:`GuardedH11Protocol` closes a connection whose request line and headers
have not arrived ``header_timeout_s`` after it opened or after its last response. Idle
keep-alive connections close after ``keep_alive_s``; past ``max_connections`` open connections
or requests a worker answers 503. Proxy headers are handled by the application
(:mod:`assistant.channels.web.clients`), never by uvicorn (which trusts loopback by default).
"""

from __future__ import annotations

import asyncio
import resource
from functools import partial
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from ...settings import Settings


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for each request head."""

    def __init__(self, *args: Any, header_timeout_s: float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.header_timeout_s = header_timeout_s
        self._head_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._await_head()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:  # the head has arrived (or the connection ended)
            self._stop_waiting()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self.conn.their_state is h11.IDLE:  # a pipelined request may already be in
            self._await_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_waiting()
        super().connection_lost(exc)

    def _await_head(self) -> None:
        self._stop_waiting()
        if not self.transport.is_closing():
            self._head_deadline = self.loop.call_later(self.header_timeout_s, self._head_too_late)

    def _stop_waiting(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _head_too_late(self) -> None:
        self._head_deadline = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """The connection options ``assistant serve`` gives ``uvicorn.run`` (and the tests ``uvicorn.Config``)."""
    return {
        "http": partial(GuardedH11Protocol, header_timeout_s=settings.header_timeout_s),
        "h11_max_incomplete_event_size": settings.max_header_bytes,
        "timeout_keep_alive": settings.keep_alive_s,
        "limit_concurrency": settings.max_connections,
        "backlog": settings.backlog,
        "proxy_headers": False,
    }


def raise_open_files_limit(wanted: int) -> None:
    """Every connection is a file descriptor: the soft limit (often 1,024) is raised towards the hard one,
    so that ``max_connections`` is reached before the process runs out of descriptors."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
