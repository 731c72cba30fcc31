"""What every channel shares: the one seam between a channel and the domain.

A channel (``web/``, ``telegram/``, ``cli/``) imports this module and the domain packages, never
another channel. Here are what the answering chain must offer a channel (:class:`AssistantLike`),
«answer it and record it» (:func:`answer_and_record`: the chain's answer, then the answer log that
feedback refers to), the question-length check, the rate limiters, the control-character rules of
text people send, the JSON log configuration, the index build that ``serve`` and ``bot`` run
before they start, and the Telegram bot that the web service's webhook feeds.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
import uuid
from typing import TYPE_CHECKING, Any, Protocol

from ..answering.answer import Answer
from ..errors import AssistantError, InputError, NotReady
from ..storage.database import AnswerRecord, Storage
from ..storage.ratelimit import Limiter, RateLimiter, make_rate_limiter
from .logs import configure_logging, logging_config
from .plaintext import control_problem, strip_controls

if TYPE_CHECKING:
    from ..settings import Settings

__all__ = ["Answer", "AssistantLike", "Limiter", "RateLimiter", "answer_and_record", "build_index", "check_length",
           "configure_logging", "control_problem", "logging_config", "make_rate_limiter", "question_too_long",
           "strip_controls", "telegram_bot", "UpdateFeed"]


class AssistantLike(Protocol):
    """What a channel needs from the answering chain."""

    @property
    def ready(self) -> bool: ...

    def answer(self, question: str, session: str | None = None, lang: str | None = None,
               default_lang: str | None = None) -> Answer:
        """``session`` is the id of the conversation (a follow-up reuses its context); ``lang`` forces the
        answer's language, ``default_lang`` is used only when the question's own cannot be told."""


def question_too_long(question: str, limit: int) -> bool:
    """Whether a question is over ``Settings.max_question_chars`` (every channel's one limit)."""
    return len(question) > limit


def check_length(question: str, limit: int) -> None:
    """Raises :class:`InputError` for a question over the limit, naming its length."""
    if question_too_long(question, limit):
        raise InputError(f"the question is {len(question)} characters long; the limit is {limit}")


def answer_and_record(assistant: AssistantLike, storage: Storage, question: str, session_id: str | None = None,
                      lang: str | None = None, default_lang: str | None = None) -> tuple[Answer, str]:
    """Runs in a worker thread: the chain's answer, then the answer log that feedback refers to; returns the
    answer and its ``answer_id``."""
    began = time.perf_counter()
    answer = assistant.answer(question, session_id, lang, default_lang)
    record = AnswerRecord(
        answer_id=uuid.uuid4().hex, question=question, lang=answer.lang, answer=answer.answer, mode=answer.mode,
        route=answer.route, abstained=answer.abstained, citations=[c.id for c in answer.citations],
        latency_ms=(time.perf_counter() - began) * 1000,
    )
    storage.save_answer(record)
    return answer, record.answer_id


def build_index(in_child: bool = False) -> None:
    """On a fresh checkout the index is built here, with a progress bar, before the server starts.

    With several workers it is built in a child process, so that the supervising process
    does not keep the models and the index in memory beside the workers'.
    """
    if not in_child:
        _build_index()
        return
    child = multiprocessing.get_context("spawn").Process(target=_build_index_in_child, name="index-build")
    child.start()
    child.join()
    if child.exitcode != 0:
        raise NotReady("the index could not be built (see the message above)")


def _build_index() -> None:
    from ..search.retrieval import get_retriever

    report = get_retriever().load(progress=True)
    print(f"index {report.summary()}, {report.seconds:.1f} s", flush=True)


def _build_index_in_child() -> None:
    try:
        _build_index()
    except AssistantError as exc:
        print(f"assistant: {exc}", file=sys.stderr)
        sys.exit(2)


class UpdateFeed(Protocol):
    """What the web service's webhook route needs of the Telegram bot."""

    async def feed(self, update: dict[str, Any], timeout: float = 25.0) -> None: ...

    async def close(self) -> None: ...


def telegram_bot(settings: Settings, assistant: AssistantLike, storage: Storage) -> UpdateFeed:
    """The Telegram bot over this assistant and feedback store (aiogram, the ``bot`` extra, is imported here)."""
    from .telegram.bot import create_bot

    return create_bot(settings, assistant, storage)
