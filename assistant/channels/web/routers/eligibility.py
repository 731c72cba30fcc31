"""``POST /api/eligibility`` (structured facts → the checker's verdict) and the guided check's steps
(``GET /api/eligibility/options?position=``, from :mod:`assistant.eligibility.dialog`).

The verdict is :func:`assistant.eligibility.check`'s own result, unchanged: every number
in it comes from the regulation's rules data and the person's facts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import Field

from ....answering.answer import Lang
from ....regulation.document import Level
from ....eligibility import EligibilityResult, check
from ....eligibility.dialog import CheckAnswers, GuidedCheck, Years, guided_check
from ....eligibility.options import FormOptions
from ....eligibility.options import form_options as options_for
from ....eligibility.rules import Education, Locality, OrgLevel
from ..deps import DocumentDep
from ..guards import rate_limit
from ..problems import PROBLEM_RESPONSES, Problem

router = APIRouter(prefix="/api/eligibility", tags=["eligibility"], dependencies=[Depends(rate_limit)])


class EligibilityIn(CheckAnswers):
    """The facts of one check; an absent fact is «not said» (the verdict may then ask for it). The guided
    check's steps (``GET /api/eligibility/options?position=``) name these fields."""

    position: str = Field(min_length=1, max_length=300, description="a position id (ch2.p4), title or common name")
    years: Years = Field(description="years of experience of the kind the rule asks")


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
    facts = body.checker_facts()
    del facts["position"]
    return checker(body.position, **facts, document=doc)  # the regulation the settings name


@router.get(
    "/options",
    response_model=GuidedCheck | FormOptions,
    responses={**PROBLEM_RESPONSES, 404: {"model": Problem, "description": "no position with that id"}},
)
def form_options(
    doc: DocumentDep,
    lang: Annotated[Lang, Query()] = "kk",
    position: Annotated[str | None, Query(min_length=1, max_length=60, description="a position id (ch2.p1)")] = None,
    variant: Annotated[str | None, Query(max_length=60)] = None,
    level: Annotated[Level | None, Query()] = None,
    education: Annotated[Education | None, Query()] = None,
    locality: Annotated[Locality | None, Query()] = None,
    org_level: Annotated[OrgLevel | None, Query()] = None,
) -> GuidedCheck | FormOptions:
    """With a ``position``: the guided check's steps for it (the same the bot's /check asks), given the
    choices made so far, each with its kind, label, question and labelled options; every step names a
    field of ``POST /api/eligibility``. Without: the fixed choices (levels, education, locality)."""
    if position is None:
        return options_for(lang)
    answers = CheckAnswers(variant=variant, level=level, education=education, locality=locality, org_level=org_level)
    return guided_check(position, answers, lang, doc)
