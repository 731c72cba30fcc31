"""``GET /api/clauses/{clause_id}``: the text of one clause, as a citation chip opens it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field

from ....answering.answer import Lang
from ....regulation.ids import is_level_id
from ....regulation.citation import cite
from ....regulation.document import Clause, Document
from ....regulation.references import resolve_clause
from ....regulation.restorations import restored_clause
from ..deps import DocumentDep
from ..guards import rate_limit
from ....language.naming import position_title
from ..problems import PROBLEM_RESPONSES, Problem

router = APIRouter(prefix="/api", tags=["clauses"], dependencies=[Depends(rate_limit)])


class LevelOut(BaseModel):
    id: str
    level: str
    name: str = Field(description="the level's name in the requested language")
    text: str


class ClauseOut(BaseModel):
    id: str
    kind: str
    chapter: int | None
    chapter_title: str | None
    paragraph: int | None
    clause: int
    position_id: str | None
    position: str | None = Field(description="Kazakh position title as printed")
    position_name: str | None = Field(description="the position's title in the requested language")
    label: str = Field(description="human citation in the requested language")
    text: str = Field(description="the clause text (Kazakh, the only official text here), as it should read: law "
                                  "titles the PDF extraction scrambled are restored (corpus/restorations.yaml)")
    restored: bool = Field(default=False, description="text differs from the printed text by a restoration")
    printed_text: str | None = Field(default=None, description="the clause text exactly as printed, when restored")
    levels: list[LevelOut]
    focus: str | None = Field(default=None, description="the level item asked for, when the id named one")
    notes: list[str]


def clause_out(doc: Document, printed: Clause, lang: str, focus: str | None = None) -> ClauseOut:
    clause = restored_clause(printed)
    name = position_title(doc, clause.position_id, lang) if clause.position_id else None
    levels = [
        LevelOut(id=item.id, level=item.level.value, name=getattr(item.level, lang), text=item.text)
        for item in clause.levels
    ]
    return ClauseOut(
        **clause.model_dump(include={"id", "chapter", "chapter_title", "paragraph", "clause", "position_id", "position", "text"}),
        kind=clause.kind.value, position_name=name, label=cite(clause, lang, name), levels=levels,
        focus=focus, notes=[note.text for note in clause.notes],
        restored=clause is not printed, printed_text=printed.text if clause is not printed else None,
    )


@router.get(
    "/clauses/{clause_id}",
    response_model=ClauseOut,
    responses={**PROBLEM_RESPONSES, 404: {"model": Problem, "description": "no such clause"}},
)
def get_clause(
    doc: DocumentDep,
    clause_id: Annotated[str, Path(max_length=40, description="clause id (ch2.p2.c12), level id (ch2.p2.c13.l5) or triple (2.2.12)")],
    lang: Annotated[Lang, Query()] = "kk",
) -> ClauseOut:
    clause = resolve_clause(doc, clause_id)
    focus = clause_id if is_level_id(clause_id) and any(i.id == clause_id for i in clause.levels) else None
    return clause_out(doc, clause, lang, focus)
