"""What the routes share, built once per application: settings, storage, metrics, limiter, assistant.

The assistant (index + models) is built in a background thread at startup, so that the
server answers ``/health`` (not ready yet) and serves the widget while the index loads.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ...errors import NotReady
from ...settings import Settings
from ...storage.database import Storage, open_storage
from ..service import AssistantLike, Limiter, make_rate_limiter
from .guards import AnswerAdmission
from .metrics import Metrics

log = logging.getLogger("assistant.web")


AssistantFactory = Callable[[Settings], AssistantLike]


def default_assistant_factory(settings: Settings) -> AssistantLike:
    """The chain's assistant for these settings (the process-wide one for the process's own), index loaded."""
    from ...answering.chain import assistant_for  # heavy imports (models, vector store) only when serving

    assistant = assistant_for(settings)
    if not assistant.ready:
        assistant.load(progress=False)
    return assistant


class AssistantSlot:
    """Holds the assistant once it is built; until then (or if building failed) raises NotReady.

    A build that finds a backing service away (NotReady: the Chroma server) is retried with
    backoff, so the service becomes ready by itself once that service is back.
    """

    retry_max_s = 5.0

    def __init__(self, factory: Callable[[], AssistantLike]) -> None:
        self._factory = factory
        self._assistant: AssistantLike | None = None
        self._error: str | None = None
        self._thread: threading.Thread | None = None
        self.waiting_for: str | None = None  # why the last build attempt found a backing service away

    def start(self) -> None:
        self._thread = threading.Thread(target=self._build, name="assistant-loader", daemon=True)
        self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        if self._thread is not None:
            self._thread.join(timeout)
        return self.ready

    def _build(self) -> None:
        delay = 0.5
        while True:
            try:
                self._assistant = self._factory()
                self.waiting_for = None
                log.info("assistant ready")
                return
            except NotReady as exc:  # a backing service (a Chroma server) is away: it may come back
                # the public reason names no host: the details go to the server log only
                self.waiting_for = "the vector store (a Chroma server) cannot be reached; retrying"
                log.warning("assistant waits for a backing service: %s", exc)
            except Exception as exc:  # noqa: BLE001 - reported by /health and every request, never raised
                self._error = f"{type(exc).__name__}: {exc}"
                log.exception("assistant failed to load")
                return
            time.sleep(delay)
            delay = min(2 * delay, self.retry_max_s)

    @property
    def ready(self) -> bool:
        return self._assistant is not None and bool(getattr(self._assistant, "ready", True))

    @property
    def status(self) -> str:
        if self.ready:
            return "ok"
        if self._error:
            return "failed"
        return "unavailable" if self._assistant is not None else "loading"

    @property
    def reason(self) -> str | None:
        """Why the assistant cannot answer now (None when it can, or while it simply loads)."""
        if self.ready:
            return None
        if self._assistant is not None:
            return "the vector store does not answer; the service recovers by itself when it is back"
        return self.waiting_for

    def get(self) -> AssistantLike:
        if self._error:
            raise NotReady("the assistant could not load its index; see the server log")
        if not self.ready:
            reason = self.reason or "the assistant is still loading its index"
            raise NotReady(f"{reason}; try again in a few seconds")
        assert self._assistant is not None
        return self._assistant


@dataclass
class Services:
    settings: Settings
    storage: Storage
    assistant: AssistantSlot
    metrics: Metrics = field(default_factory=Metrics)
    limiter: Limiter | None = None
    admission: AnswerAdmission | None = None

    def __post_init__(self) -> None:
        if self.limiter is None:
            self.limiter = make_rate_limiter(self.settings.rate_limit_store, self.settings.rate_limit_per_minute,
                                             self.storage)

    def start(self) -> None:
        """Inside the event loop (the lifespan): the answer slots, and the assistant's loading."""
        # Answers are CPU-bound (embedding, retrieval): more threads than cores would only
        # contend for the cores, the GIL and memory, so the others wait in the event loop.
        s = self.settings
        self.admission = AnswerAdmission(s.max_concurrent_answers or os.cpu_count() or 1,
                                         s.max_answers_per_client, s.answer_wait_s)
        self.assistant.start()

    @classmethod
    def build(cls, settings: Settings, factory: AssistantFactory, storage: Storage | None = None) -> Services:
        slot = AssistantSlot(lambda: factory(settings))
        return cls(settings=settings, storage=storage or open_storage(settings.database_url), assistant=slot)
