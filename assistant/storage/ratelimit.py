"""Rate limits shared by every worker: which store counts the requests.

``Settings.rate_limit_store``:

* ``memory`` (default): a moving window in each process's memory (one worker, or limits
  that may be N times looser with N workers);
* ``database``: a fixed window per minute counted in the storage database
  (``Settings.database_url``), so that every worker on every machine sees the same count;
* ``redis://host:6379`` (or any URI of the ``limits`` library): a moving window in that
  store (needs its client package, e.g. ``redis``).
"""

from __future__ import annotations

import math
import time
from typing import Protocol

from limits import RateLimitItemPerMinute
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from ..errors import ConfigurationError
from .database import SQLStorage


class Limiter(Protocol):
    blocking: bool  # True when a call does I/O (run it off the event loop)

    def retry_after(self, client: str) -> int | None:
        """None when the request may go ahead, else the seconds to wait."""


class DatabaseRateLimiter:
    """``per_minute`` requests per client in each minute, counted in the shared database."""

    blocking = True
    clock = staticmethod(time.time)  # a test pins it: a fixed window splits at the minute's turn

    def __init__(self, storage: SQLStorage, per_minute: int) -> None:
        self.storage, self.per_minute = storage, per_minute
        self._swept: int | None = None  # the last minute this process swept the finished ones

    def retry_after(self, client: str) -> int | None:
        if self.per_minute <= 0:
            return None
        now = self.clock()
        window = int(now // 60)
        if window != self._swept:
            # once a minute per process: the counts of finished minutes go, those of clients that never
            # come back included (without it the table only grows); two threads sweeping at once is harmless
            self._swept = window
            self.storage.forget_hits(before=window)
        if self.storage.count_hit(client, window) <= self.per_minute:
            return None
        return max(1, math.ceil((window + 1) * 60 - now))


class RateLimiter:
    """A moving window of ``per_minute`` requests per client address: in process memory, or in
    the store a ``limits`` URI names (``redis://…``: shared by every worker)."""

    def __init__(self, per_minute: int, storage_uri: str = "memory://") -> None:
        self.item = RateLimitItemPerMinute(per_minute) if per_minute > 0 else None
        self.blocking = not storage_uri.startswith("memory://")
        self._limiter = MovingWindowRateLimiter(storage_from_string(storage_uri))

    def retry_after(self, client: str) -> int | None:
        """None when the request may go ahead, else the seconds to wait."""
        if self.item is None or self._limiter.hit(self.item, client):
            return None
        reset = self._limiter.get_window_stats(self.item, client).reset_time
        return max(1, math.ceil(reset - time.time()))


def make_rate_limiter(store: str, per_minute: int, storage: SQLStorage) -> Limiter:
    if store == "memory":
        return RateLimiter(per_minute)
    if store == "database":
        return DatabaseRateLimiter(storage, per_minute)
    if "://" in store:
        return RateLimiter(per_minute, storage_uri=store)
    raise ConfigurationError(f"unknown rate limit store «{store}»: use memory, database or a redis:// URL")
