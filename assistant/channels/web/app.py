"""The FastAPI application: ``create_app()`` wires routers, limits, metrics and the assistant.

``uvicorn --factory assistant.channels.web.app:create_app`` (what ``assistant serve`` runs) builds
one application per worker; tests call ``create_app(settings, assistant_factory=…)``.
Middleware, outermost first: CORS (so that even errors reach the embedding page), security
headers, observation (metrics, log, last-resort 500), the client's address behind a trusted
proxy, the allowed Host names, the operations routes' allowlist, body size cap, per-request
timeout.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi_offline import FastAPIOffline
from starlette.middleware.trustedhost import TrustedHostMiddleware

from ...settings import Settings, get_settings
from ...storage.database import Storage
from .clients import ForwardedClient, InternalOnly, networks
from .guards import BodySizeLimit, RequestTimeout, SecurityHeaders
from .observe import ObserveRequests
from .problems import install_handlers
from .routers import (
    ask,
    clauses,
    eligibility,
    feedback,
    ops,
    positions,
    telegram,
    widget,
)
from .services import AssistantFactory, Services, default_assistant_factory

DESCRIPTION = (
    "Answers questions, in Kazakh or Russian, on the typical qualification characteristics of teacher "
    "positions (order No. 338), citing the exact clause; checks eligibility for a position or a "
    "qualification level with a deterministic checker."
)
INTERNAL_PATHS = ("/metrics", "/docs", "/redoc", "/openapi.json", "/static-offline-docs")


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

    app = _application(settings, lifespan)
    app.state.services = services
    install_handlers(app)
    for module in (ask, eligibility, positions, clauses, feedback, ops, widget, telegram):
        app.include_router(module.router)
    if settings.metrics_enabled:
        app.include_router(ops.metrics_router)
    _add_middleware(app, settings, services)
    return app


def _application(settings: Settings, lifespan) -> FastAPI:
    # No redirect to the path with or without a trailing slash: it would be built from the Host header.
    common = {"title": "Педагог лауазымдары — assistant", "description": DESCRIPTION, "version": "0.1.0",
              "lifespan": lifespan, "redirect_slashes": False}
    if not settings.docs_enabled:
        return FastAPI(docs_url=None, redoc_url=None, openapi_url=None, **common)
    # The API docs (/docs, /redoc) load their scripts from this server, never from a CDN.
    return FastAPIOffline(**common)


def _add_middleware(app: FastAPI, settings: Settings, services: Services) -> None:
    """Added innermost first (each wraps the ones before it)."""
    app.add_middleware(RequestTimeout, seconds=settings.request_timeout_s)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    internal = settings.internal_allow_ips
    app.add_middleware(InternalOnly, paths=INTERNAL_PATHS,
                       allowed=None if internal is None else networks(internal, "INTERNAL_ALLOW_IPS"))
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts, www_redirect=False)
    app.add_middleware(ForwardedClient, proxies=networks(settings.forwarded_allow_ips, "FORWARDED_ALLOW_IPS"))
    app.add_middleware(ObserveRequests, metrics=services.metrics)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST"],
        allow_headers=["Content-Type"],
        expose_headers=["Retry-After"],
        max_age=600,
    )
