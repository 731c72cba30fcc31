"""``/health`` (ready only once the index is loaded) and ``/metrics`` (Prometheus, when enabled)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from ..deps import MetricsDep, get_services
from ..services import Services

router = APIRouter(tags=["operations"])
# included only when Settings.metrics_enabled; Settings.internal_allow_ips may restrict who reads it
metrics_router = APIRouter(tags=["operations"])


class Health(BaseModel):
    status: Literal["ok", "loading", "unavailable", "failed"]
    ready: bool
    reason: str | None = None  # why not ready, when a backing service (the Chroma server) is away


@router.get(
    "/health",
    response_model=Health,
    responses={503: {"model": Health, "description": "the index is still loading, failed to load, or its "
                                                    "vector store (a Chroma server) does not answer"}},
)
def health(services: Annotated[Services, Depends(get_services)]) -> JSONResponse:
    slot = services.assistant
    ready = slot.ready
    body = Health(status=slot.status, ready=ready, reason=slot.reason)
    return JSONResponse(body.model_dump(exclude_none=True), status_code=200 if ready else 503)


@metrics_router.get("/metrics", response_class=Response, responses={200: {"content": {"text/plain": {}}}})
def metrics(metrics: MetricsDep) -> Response:
    body, content_type = metrics.render()
    return Response(body, media_type=content_type)
