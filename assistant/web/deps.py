"""FastAPI dependencies: the routes' only way to reach shared objects (tests override them)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from ..corpus import load_document
from ..document import Document
from ..settings import Settings
from ..storage import Storage
from .metrics import Metrics
from .services import AssistantLike, Services


def get_services(request: Request) -> Services:
    return request.app.state.services


def get_settings(services: Annotated[Services, Depends(get_services)]) -> Settings:
    return services.settings


def get_storage(services: Annotated[Services, Depends(get_services)]) -> Storage:
    return services.storage


def get_metrics(services: Annotated[Services, Depends(get_services)]) -> Metrics:
    return services.metrics


def get_assistant(services: Annotated[Services, Depends(get_services)]) -> AssistantLike:
    return services.assistant.get()


def get_document(settings: Annotated[Settings, Depends(get_settings)]) -> Document:
    return load_document(settings.corpus_path)


SettingsDep = Annotated[Settings, Depends(get_settings)]
StorageDep = Annotated[Storage, Depends(get_storage)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
AssistantDep = Annotated[AssistantLike, Depends(get_assistant)]
DocumentDep = Annotated[Document, Depends(get_document)]
