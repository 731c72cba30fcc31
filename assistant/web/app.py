"""The FastAPI application: ``create_app()`` wires routers, limits, metrics and the assistant.

``uvicorn --factory assistant.web.app:create_app`` (what ``assistant serve`` runs) builds
one application per worker; tests call ``create_app(settings, assistant_factory=…)``.
Middleware, outermost first: CORS (so that even errors reach the embedding page),
observation (metrics, log, last-resort 500), body size cap, per-request timeout.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi_offline import FastAPIOffline

from ..settings import Settings, get_settings
from ..storage import Storage
from .guards import BodySizeLimit, RequestTimeout
from .observe import ObserveRequests
from .problems import install_handlers
from .routers import ask, clauses, eligibility, feedback, ops, positions, telegram, widget
from .services import AssistantFactory, Services, default_assistant_factory

DESCRIPTION = (
    "Answers questions, in Kazakh or Russian, on the typical qualification characteristics of teacher "
    "positions (order No. 338), citing the exact clause; checks eligibility for a position or a "
    "qualification level with a deterministic checker."
)


def create_app(
    settings: Settings | None = None,
    assistant_factory: AssistantFactory = default_assistant_factory,
    storage: Storage | None = None,
) -> FastAPI:
    settings = settings or get_settings()
    services = Services.build(settings, assistant_factory, storage)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services.start()
        yield
        services.storage.close()

    # The API docs (/docs, /redoc) load their scripts from this server, never from a CDN.
    app = FastAPIOffline(title="Педагог лауазымдары — assistant", description=DESCRIPTION, version="0.1.0",
                         lifespan=lifespan)
    app.state.services = services
    install_handlers(app)
    for module in (ask, eligibility, positions, clauses, feedback, ops, widget, telegram):
        app.include_router(module.router)
    app.add_middleware(RequestTimeout, seconds=settings.request_timeout_s)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(ObserveRequests, metrics=services.metrics)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST"],
        allow_headers=["Content-Type"],
        expose_headers=["Retry-After"],
        max_age=600,
    )
    return app
