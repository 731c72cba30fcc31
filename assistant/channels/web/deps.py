"""FastAPI dependencies: the routes' only way to reach shared objects (tests override them).

They are ``async def`` because they only look things up: FastAPI runs a plain ``def``
dependency in a worker thread, a hop that costs more than the lookup.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from ...regulation.corpus import load_document
from ...regulation.document import Document
from ...settings import Settings
from ...storage.database import Storage
from .metrics import Metrics
from ..service import AssistantLike
from .services import Services


async def get_services(request: Request) -> Services:
    return request.app.state.services


async def get_settings(services: Annotated[Services, Depends(get_services)]) -> Settings:
    return services.settings


async def get_storage(services: Annotated[Services, Depends(get_services)]) -> Storage:
    return services.storage


async def get_metrics(services: Annotated[Services, Depends(get_services)]) -> Metrics:
    return services.metrics


async def get_assistant(services: Annotated[Services, Depends(get_services)]) -> AssistantLike:
    return services.assistant.get()


def get_document(settings: Annotated[Settings, Depends(get_settings)]) -> Document:
    # plain def: the first call parses the regulation, which must not block the event loop
    return load_document(settings.corpus_path)


ServicesDep = Annotated[Services, Depends(get_services)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
StorageDep = Annotated[Storage, Depends(get_storage)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
AssistantDep = Annotated[AssistantLike, Depends(get_assistant)]
DocumentDep = Annotated[Document, Depends(get_document)]
