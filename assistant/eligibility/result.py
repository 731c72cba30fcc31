"""What the eligibility checker returns: a verdict with its reasons, citation and trace."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, Field

from ..regulation.citation import Citation
from ..regulation.document import Level
from .rules import Education, Locality, OrgLevel


class Verdict(str, Enum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    NEEDS_MORE_INFORMATION = "needs_more_information"


class Status(str, Enum):
    """The status of one condition or one route."""

    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


class Missing(BaseModel):
    """A fact the checker needs and was not given, with the question to ask back."""

    fact: str
    question_kk: str
    question_ru: str


class ConditionStatus(BaseModel):
    fact: str
    status: Status
    kind: str | None = None
    kind_kk: str | None = None
    kind_ru: str | None = None
    min_years: float | None = None
    exclusive: bool = False
    given: float | bool | list[str] | None = None
    shortfall: float | None = None
    any_of: list[str] = Field(default_factory=list)
    quote: str


class RouteStatus(BaseModel):
    """One alternative of the requirement («немесе»), and whether the person meets it."""

    id: str
    status: Status
    education: list[Education]
    locality: Locality | None = None
    org_level: OrgLevel | None = None
    variant: str | None = None
    no_experience_required: bool = False
    conditions: list[ConditionStatus] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    quote: str


class EntryStatus(BaseModel):
    """The position's entry education against the person's: met, not met, or not known."""

    status: Status
    quote: str
    tvet: str = Field(description="whether the clause admits technical and vocational education: yes, no, unclear")
    retraining: bool = Field(description="whether a retraining document is an alternative")
    decides: bool = Field(description="whether it changes the verdict (a «no», or the retraining asked)")
    note: str | None = None


class TraceStep(BaseModel):
    step: str
    detail: str


class ProvisionOutcome(BaseModel):
    """One provision of a conflict, evaluated on the same facts."""

    citation: Citation
    position_id: str
    variant: str | None
    verdict: Verdict
    min_years: float | None


class ConflictReport(BaseModel):
    id: str
    agree: bool = Field(description="whether the provisions give the same verdict on these facts")
    summary_kk: str
    summary_ru: str
    provisions: list[ProvisionOutcome]


class EligibilityResult(BaseModel):
    position_id: str
    position_kk: str
    position_ru: str | None = None
    matched: str | None = Field(default=None, description="how the position name was understood")
    level: Level
    variant: str | None = None
    education: Education | None = None
    locality: Locality | None = None
    org_level: OrgLevel | None = None
    years: float
    years_said: str | None = Field(default=None, description="the person's own words for an approximate figure («почти 5 "
                                   "лет»), shown instead of the value the verdict was tried at")
    verdict: Verdict
    min_years: float | None = Field(default=None, description="the least experience any applicable route asks")
    shortfall: float | None = None
    experience_kind: str | None = None
    experience_kind_kk: str | None = None
    experience_kind_ru: str | None = None
    missing: list[Missing] = Field(default_factory=list)
    routes: list[RouteStatus] = Field(default_factory=list)
    conditions: list[str] = Field(default_factory=list, description="other requirements of the clause, quoted")
    entry: EntryStatus | None = Field(default=None, description="the entry education, when the person's is known")
    closed_level: bool = Field(default=False, description="the clause sets this level only for other educations")
    citation: Citation
    conflicts: list[ConflictReport] = Field(default_factory=list)
    other_variants: list[str] = Field(default_factory=list, description="kinds of the position with their own rules")
    trace: list[TraceStep] = Field(default_factory=list)
    explanation_kk: str = ""
    explanation_ru: str = ""

    @property
    def missing_facts(self) -> list[str]:
        return [m.fact for m in self.missing]
