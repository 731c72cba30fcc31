"""``POST /api/ask`` (one JSON answer) and ``POST /api/ask/stream`` (the same answer as server-sent events).

The chain does the work; this router only checks the input, runs the chain off the event
loop, logs the answer for feedback (question, answer, citations, latency) and counts it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated

from anyio import to_thread
from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse
from fastapi.sse import format_sse_event
from pydantic import BaseModel, Field, StringConstraints

from ....answering.answer import Answer, Lang
from ...service import AssistantLike, answer_and_record, check_length
from ..deps import AssistantDep, ServicesDep
from ..guards import client_address, rate_limit
from ..problems import PROBLEM_RESPONSES, Problem
from ..services import Services
from ..textfields import QuestionText

router = APIRouter(prefix="/api", tags=["answers"], dependencies=[Depends(rate_limit)])

RESPONSES = {**PROBLEM_RESPONSES,
             503: {"model": Problem, "description": "the index is still loading, or every answer slot is busy "
                                                    "(see Retry-After)"},
             504: {"model": Problem, "description": "the answer took too long"}}


class AskIn(BaseModel):
    question: QuestionText = Field(
        description="the question, in Kazakh or Russian (at most Settings.max_question_chars characters; "
                    "no control characters but line breaks and tabs)"
    )
    lang: Lang | None = Field(default=None, description="forces the answer language, whatever the question's; "
                                                       "absent: the language of the question")
    default_lang: Lang | None = Field(default=None, description="the client's interface language: the answer's "
                                                               "language only when the question's own cannot be told "
                                                               "(a clause id, a bare position name); a clearly Russian "
                                                               "or Kazakh question is answered in its language")
    session_id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")] | None = Field(
        default=None, description="an id the client keeps for one conversation, so that follow-ups have context; "
                                  "absent: a one-off question, and no conversation is stored"
    )


class AskOut(Answer):
    answer_id: str = Field(description="quote it in POST /api/feedback")


class Delta(BaseModel):
    text: str


class Meta(BaseModel):
    answer_id: str
    lang: Lang
    mode: str
    route: str


def _answer(assistant: AssistantLike, body: AskIn, services: Services) -> AskOut:
    """Runs in a worker thread: the chain, then the answer log."""
    check_length(body.question, services.settings.max_question_chars)
    answer, answer_id = answer_and_record(assistant, services.storage, body.question, body.session_id, body.lang,
                                          body.default_lang)
    services.metrics.observe_answer(answer)
    return AskOut(**answer.model_dump(), answer_id=answer_id)


async def answer_request(request: Request, body: AskIn, assistant: AssistantLike, services: Services) -> AskOut:
    # abandon_on_cancel: a request past its deadline is answered 504 at once (the thread finishes on its own).
    async with services.admission.admit(client_address(request)):
        out = await to_thread.run_sync(_answer, assistant, body, services, abandon_on_cancel=True)
    request.scope.setdefault("state", {})["answer_id"] = out.answer_id
    return out


@router.post("/ask", response_model=AskOut, responses=RESPONSES)
async def ask(request: Request, body: AskIn, assistant: AssistantDep, services: ServicesDep) -> AskOut:
    return await answer_request(request, body, assistant, services)


WORDS_RE = re.compile(r"\S+\s*|\s+")


def chunks(text: str, words: int = 6) -> Iterator[str]:
    """The answer text in pieces of a few words, whitespace (line breaks included) kept."""
    pieces = WORDS_RE.findall(text)
    for i in range(0, len(pieces), words):
        yield "".join(pieces[i : i + words])


def answer_events(out: AskOut) -> Iterator[bytes]:
    """meta, then the text in deltas, then the whole answer (what POST /api/ask returns)."""
    meta = Meta(answer_id=out.answer_id, lang=out.lang, mode=out.mode, route=out.route)
    yield format_sse_event(event="meta", data_str=meta.model_dump_json())
    for piece in chunks(out.answer):
        yield format_sse_event(event="delta", data_str=Delta(text=piece).model_dump_json())
    yield format_sse_event(event="done", data_str=out.model_dump_json())


STREAM_DOC = {
    "description": "server-sent events: `meta` {answer_id, lang, mode, route}, `delta` {text} (the answer text "
                   "in order), `done` (the full answer, as POST /api/ask returns it)",
    "content": {"text/event-stream": {"schema": {"type": "string"}}},
}


@router.post("/ask/stream", response_class=StreamingResponse, responses={**RESPONSES, 200: STREAM_DOC})
async def ask_stream(request: Request, body: AskIn, assistant: AssistantDep, services: ServicesDep) -> StreamingResponse:
    # The answer is computed before the stream opens, so bad input, a missing index or a
    # timeout still get their HTTP status; the text then flows as it would from a generator.
    out = await answer_request(request, body, assistant, services)
    return StreamingResponse(answer_events(out), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})

