"""Conversation state kept between turns, so that follow-ups («а в селе?»,
«ал педагог-шебер үшін ше?», «а для методиста?») reuse the previous turn's
position and facts.

The store is behind a tiny interface; the default keeps sessions in memory,
bounded, for one process.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from typing import Any, Protocol

from pydantic import BaseModel, Field

MAX_TURNS = 10


class Turn(BaseModel):
    question: str
    lang: str
    route: str
    position_ids: list[str] = Field(default_factory=list)
    kinds: list[str] = Field(default_factory=list)
    slots: dict[str, Any] | None = None
    frame: dict[str, Any] | None = None  # the message as read (assistant.language.Frame), merged with the turns before


class Session(BaseModel):
    id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    turns: list[Turn] = Field(default_factory=list)
    updated: float = Field(default_factory=time.time)

    @property
    def last(self) -> Turn | None:
        return self.turns[-1] if self.turns else None

    def add(self, turn: Turn) -> None:
        self.turns = (self.turns + [turn])[-MAX_TURNS:]
        self.updated = time.time()


class SessionStore(Protocol):
    def get(self, session_id: str) -> Session | None: ...
    def save(self, session: Session) -> None: ...


class MemorySessionStore:
    """Sessions in process memory: least recently used ones are dropped past ``capacity``."""

    def __init__(self, capacity: int = 10_000, ttl_s: float = 6 * 3600):
        self._sessions: OrderedDict[str, Session] = OrderedDict()
        self._lock = threading.Lock()
        self.capacity, self.ttl_s = capacity, ttl_s

    def get(self, session_id: str) -> Session | None:
        with self._lock:
            session = self._sessions.get(session_id)
            if session is None or time.time() - session.updated > self.ttl_s:
                return None
            self._sessions.move_to_end(session_id)
            return session.model_copy(deep=True)

    def save(self, session: Session) -> None:
        with self._lock:
            self._sessions[session.id] = session.model_copy(deep=True)
            self._sessions.move_to_end(session.id)
            while len(self._sessions) > self.capacity:
                self._sessions.popitem(last=False)
