"""The checker as a LangChain tool, for the chain to call instead of generating numbers."""

from __future__ import annotations

from langchain_core.tools import StructuredTool
from pydantic import BaseModel, Field

from ..regulation.document import Level
from .checker import check
from .numbers import MAX_YEARS
from .rules import Education, Locality, OrgLevel


class EligibilityArgs(BaseModel):
    """The facts of one eligibility question; leave unknown facts out (never guess them)."""

    position: str = Field(description="position id (ch2.p2), Kazakh or Russian title, or a common name")
    level: Level | None = Field(default=None, description="qualification level sought; none for the position itself")
    education: Education | None = None
    locality: Locality | None = None
    years: float = Field(description=f"years of experience of the kind the rule asks, 0 to {MAX_YEARS:g}")
    variant: str | None = Field(default=None, description="a kind of the position with its own rules")
    org_level: OrgLevel | None = None
    nested_years: float | None = Field(default=None, description="of which, the recent period a «соңғы N жыл» rule names")
    leadership_years: float | None = None
    civil_service_years: float | None = None
    enterprise_years: float | None = None
    categories_held: list[str] | None = Field(default=None, description="categories already held; [] for none")
    retraining: bool | None = None
    academic_degree: bool | None = None


def _run(**kwargs) -> dict:
    args = EligibilityArgs(**kwargs)
    facts = args.model_dump(exclude={"position", "level", "education", "locality", "years"})
    result = check(args.position, args.level, args.education, args.locality, args.years, **facts)
    return result.model_dump(mode="json")


def make_eligibility_tool() -> StructuredTool:
    return StructuredTool.from_function(
        func=_run,
        name="eligibility_check",
        description=(
            "Deterministic check of the experience rules of order No. 338 (teacher positions, Kazakhstan): "
            "whether a person with these facts meets the experience requirement of a position or of a "
            "qualification level. Returns the verdict (eligible, not_eligible, needs_more_information), the "
            "minimum years, the shortfall, the facts still missing, every alternative route, the clause "
            "citation with a quote, conflicting provisions, and explanations in Kazakh and Russian."
        ),
        args_schema=EligibilityArgs,
    )


eligibility_tool = make_eligibility_tool()
