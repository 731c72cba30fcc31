"""Every error a client sees: a status code and one readable sentence, never a stack trace.

:class:`AssistantError` subclasses map to statuses here (input → 422, unknown reference
→ 404, not ready → 503); validation errors are flattened into one sentence; anything
unexpected is logged on the server and answered with a bare 500.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from ...errors import (
    AmbiguousReference,
    AssistantError,
    ConfigurationError,
    InputError,
    NotReady,
    UnknownReference,
)

log = logging.getLogger("assistant.web")


class Problem(BaseModel):
    """The body of every error response."""

    detail: str = Field(description="what went wrong, in one sentence")
    candidates: list[str] | None = Field(default=None, description="ids to choose from, for an ambiguous reference")


# Documented on every route that can answer with them.
PROBLEM_RESPONSES: dict[int | str, dict] = {
    413: {"model": Problem, "description": "the request body is over Settings.max_body_bytes"},
    422: {"model": Problem, "description": "invalid input, with the reason"},
    429: {"model": Problem, "description": "rate limit reached; see Retry-After"},
}

STATUS_OF: list[tuple[type[AssistantError], int]] = [
    (UnknownReference, 404),
    (AmbiguousReference, 422),
    (InputError, 422),
    (NotReady, 503),
    (ConfigurationError, 503),
    (AssistantError, 422),
]


def problem_response(status: int, detail: str, candidates: list[str] | None = None,
                     headers: dict[str, str] | None = None) -> JSONResponse:
    body = Problem(detail=detail, candidates=candidates).model_dump(exclude_none=True)
    return JSONResponse(body, status_code=status, headers=headers)


def status_of(exc: AssistantError) -> int:
    return next(status for cls, status in STATUS_OF if isinstance(exc, cls))


def validation_sentence(exc: RequestValidationError) -> str:
    """«question: String should have at most 1000 characters; lang: …»."""
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path"))
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg", "invalid"))
    return "; ".join(parts) or "invalid request"


async def on_assistant_error(request: Request, exc: AssistantError) -> JSONResponse:
    status = status_of(exc)
    headers = {"Retry-After": "5"} if status == 503 else None
    candidates = exc.candidates if isinstance(exc, AmbiguousReference) else None
    if status == 503:
        log.warning("service unavailable", extra={"path": request.url.path, "reason": str(exc)})
    return problem_response(status, str(exc), candidates, headers)


async def on_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    return problem_response(422, validation_sentence(exc))


async def on_http_error(request: Request, exc: HTTPException) -> JSONResponse:
    if exc.status_code == 400 and exc.detail == "There was an error parsing the body":
        # FastAPI's answer to a body that is not UTF-8 JSON: bad input like any other, with a reason
        return problem_response(422, "the request body is not valid JSON in UTF-8")
    return problem_response(exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))


def install_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AssistantError, on_assistant_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(HTTPException, on_http_error)
