"""``GET /api/positions``: the 91 positions, or those matching what a person is typing (autocomplete,
:func:`assistant.language.naming.search_positions`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from ....answering.answer import Lang
from ....regulation.document import Document
from ....language.naming import position_title, search_positions
from ..deps import DocumentDep
from ..guards import rate_limit
from ..problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/api", tags=["positions"], dependencies=[Depends(rate_limit)])


class PositionOut(BaseModel):
    id: str
    name: str = Field(description="the title in the requested language")
    title: str = Field(description="the Kazakh title as printed")
    title_ru: str
    chapter: int
    chapter_title: str
    paragraph: int | None


def position_out(doc: Document, position_id: str, lang: str) -> PositionOut:
    position = doc.position(position_id)
    return PositionOut(
        id=position.id, name=position_title(doc, position.id, lang), title=position.title,
        title_ru=position_title(doc, position.id, "ru"), chapter=position.chapter,
        chapter_title=position.chapter_title, paragraph=position.paragraph,
    )


@router.get("/positions", response_model=list[PositionOut], responses=PROBLEM_RESPONSES)
def positions(
    doc: DocumentDep,
    q: Annotated[str, Query(max_length=200, description="what is typed so far; empty lists every position")] = "",
    lang: Annotated[Lang, Query()] = "kk",
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> list[PositionOut]:
    ids = search_positions(doc, q, limit) if q.strip() else [p.id for p in doc.positions][:limit]
    return [position_out(doc, pid, lang) for pid in ids]
