"""``POST /api/eligibility`` (structured facts → the checker's verdict) and the form's choices.

The verdict is :func:`assistant.eligibility.check`'s own result, unchanged: every number
in it comes from the regulation's rules data and the person's facts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from ....answering.answer import Lang
from ....regulation.document import Level
from ....eligibility import EligibilityResult, check
from ....eligibility.options import FormOptions
from ....eligibility.options import form_options as options_for
from ....eligibility.rules import Education, Locality, OrgLevel
from ..deps import DocumentDep
from ..guards import rate_limit
from ..problems import PROBLEM_RESPONSES, Problem

router = APIRouter(prefix="/api/eligibility", tags=["eligibility"], dependencies=[Depends(rate_limit)])

# strict: a JSON number only; a string is not read as one («1_0» would be 10 to Python)
Years = Annotated[float, Field(ge=0, le=60, strict=True)]


class EligibilityIn(BaseModel):
    """The facts of one check; an absent fact is «not said» (the verdict may then ask for it)."""

    model_config = ConfigDict(extra="forbid")

    position: str = Field(min_length=1, max_length=300, description="a position id (ch2.p4), title or common name")
    level: Level | None = Field(default=None, description="target qualification level; the position itself when absent")
    education: Education | None = None
    locality: Locality | None = None
    years: Years = Field(description="years of (pedagogical) experience")
    variant: str | None = Field(default=None, max_length=60, description="a kind of the position with its own rules")
    org_level: OrgLevel | None = None
    nested_years: Years | None = None
    leadership_years: Years | None = None
    civil_service_years: Years | None = None
    enterprise_years: Years | None = None
    categories_held: list[Annotated[str, Field(max_length=60)]] | None = Field(default=None, max_length=10)
    retraining: bool | None = None
    academic_degree: bool | None = None


Checker = Callable[..., EligibilityResult]


async def get_checker() -> Checker:
    return check


@router.post(
    "",
    response_model=EligibilityResult,
    responses={**PROBLEM_RESPONSES, 404: {"model": Problem, "description": "no position of that name"}},
)
def check_eligibility(body: EligibilityIn, checker: Annotated[Checker, Depends(get_checker)],
                      doc: DocumentDep) -> EligibilityResult:
    facts = body.model_dump(exclude={"position"})
    return checker(body.position, **facts, document=doc)  # the regulation the settings name


@router.get("/options", response_model=FormOptions)
def form_options(lang: Annotated[Lang, Query()] = "kk") -> FormOptions:
    """The choices of the guided form, labelled in ``lang`` (the bot's /check asks with the same)."""
    return options_for(lang)
