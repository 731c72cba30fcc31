"""Evaluating routes on a person's facts, over every value of the facts they did not give.

A route is met when all its conditions are, fails when one fails, and is
unknown otherwise. A scenario (one education, locality and organisation level)
is eligible when one applicable route is met, not eligible when all fail. When
the person did not say their education, locality or organisation level and the
routes depend on it, every value is tried: if the verdicts agree, the answer
does not depend on it; if they differ, the fact is asked back, never assumed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product

from pydantic import BaseModel

from ..regulation.document import Level
from .result import ConditionStatus, RouteStatus, Status, Verdict
from .rules import FLAG_FACTS, YEAR_FACTS, Condition, Education, Fact, Locality, OrgLevel, Route, Vocabulary

DIMENSIONS = {"education": list(Education), "locality": list(Locality), "org_level": list(OrgLevel)}


class OtherFacts(BaseModel):
    """Facts beyond the main experience that some routes need; ``None`` means «not said»."""

    nested_years: float | None = None
    leadership_years: float | None = None
    civil_service_years: float | None = None
    enterprise_years: float | None = None
    categories_held: list[str] | None = None
    retraining: bool | None = None
    academic_degree: bool | None = None


class Facts(OtherFacts):
    """What the person says about themselves; ``None`` means «not said»."""

    years: float

    def value(self, fact: Fact):
        return getattr(self, fact.value)


class Situation(BaseModel):
    """Where the person is: each field ``None`` when not said."""

    education: Education | None = None
    locality: Locality | None = None
    org_level: OrgLevel | None = None


@dataclass
class ScenarioOutcome:
    situation: Situation
    verdict: Verdict
    routes: list[Route]
    missing: set[str] = field(default_factory=set)
    min_years: float | None = None
    min_route: Route | None = None


@dataclass
class Evaluation:
    verdict: Verdict
    scenarios: list[ScenarioOutcome]
    statuses: dict[str, RouteStatus]
    missing: list[str]
    min_years: float | None
    min_route: Route | None
    unknown_dims: list[str] = field(default_factory=list)


def condition_status(condition: Condition, facts: Facts, quote: str, vocabulary: Vocabulary) -> ConditionStatus:
    given = facts.value(condition.fact)
    status = _status_of(condition, given)
    kind = vocabulary.kinds.get(condition.kind) if condition.kind else None
    shortfall = None
    if status is Status.NOT_MET and condition.fact in YEAR_FACTS:
        shortfall = round(max(condition.min_years - given, 0.0), 2)
    return ConditionStatus(
        fact=condition.fact.value, status=status, kind=condition.kind,
        kind_kk=kind.kk if kind else None, kind_ru=kind.ru if kind else None,
        min_years=condition.min_years, exclusive=condition.exclusive, given=given,
        shortfall=shortfall, any_of=condition.any_of, quote=quote,
    )


def _status_of(condition: Condition, given) -> Status:
    if given is None:
        return Status.UNKNOWN
    if condition.fact in YEAR_FACTS:
        ok = given > condition.min_years if condition.exclusive else given >= condition.min_years
    elif condition.fact in FLAG_FACTS:
        ok = bool(given)
    else:
        ok = bool(set(given) & set(condition.any_of))
    return Status.MET if ok else Status.NOT_MET


def route_status(route: Route, facts: Facts, vocabulary: Vocabulary) -> RouteStatus:
    conditions = [condition_status(c, facts, route.condition_quote(c), vocabulary) for c in route.requires]
    statuses = {c.status for c in conditions}
    if Status.NOT_MET in statuses:
        status = Status.NOT_MET
    elif Status.UNKNOWN in statuses:
        status = Status.UNKNOWN
    else:
        status = Status.MET
    return RouteStatus(
        id=route.id, status=status, education=route.education, locality=route.locality,
        org_level=route.org_level, variant=route.variant, no_experience_required=not route.requires,
        conditions=conditions, quote=route.quote,
        missing=[c.fact for c in conditions if c.status is Status.UNKNOWN] if status is Status.UNKNOWN else [],
    )


def applies(route: Route, situation: Situation) -> bool:
    return (
        (situation.education is None or situation.education in route.education)
        and (route.locality is None or situation.locality is None or route.locality == situation.locality)
        and (route.org_level is None or situation.org_level is None or route.org_level == situation.org_level)
    )


def candidate_routes(routes: list[Route], level: Level, variant: str | None) -> list[Route]:
    return [r for r in routes if level in r.levels and r.variant == variant]


def varying_dims(routes: list[Route]) -> list[str]:
    """The situation fields on which these routes differ."""
    dims = []
    if any(set(r.education) != set(Education) for r in routes):
        dims.append("education")
    if any(r.locality is not None for r in routes):
        dims.append("locality")
    if any(r.org_level is not None for r in routes):
        dims.append("org_level")
    return dims


def scenarios(situation: Situation, dims: list[str]) -> list[Situation]:
    """Every completion of ``situation`` over the dimensions the person left unsaid."""
    unknown = [d for d in dims if getattr(situation, d) is None]
    return [situation.model_copy(update=dict(zip(unknown, values)))
            for values in product(*(DIMENSIONS[d] for d in unknown))]


def scenario_outcome(situation: Situation, routes: list[Route], statuses: dict[str, RouteStatus]) -> ScenarioOutcome:
    chosen = [r for r in routes if applies(r, situation)]
    found = [statuses[r.id].status for r in chosen]
    if Status.MET in found:
        verdict = Verdict.ELIGIBLE
    elif Status.UNKNOWN in found:
        verdict = Verdict.NEEDS_MORE_INFORMATION
    else:
        verdict = Verdict.NOT_ELIGIBLE
    missing = {f for r in chosen for f in statuses[r.id].missing} if verdict is Verdict.NEEDS_MORE_INFORMATION else set()
    outcome = ScenarioOutcome(situation, verdict, chosen, missing)
    outcome.min_years, outcome.min_route = least_years(chosen, statuses)
    return outcome


def least_years(routes: list[Route], statuses: dict[str, RouteStatus]) -> tuple[float | None, Route | None]:
    """The least experience among routes that ask for experience (or nothing) and that the
    person's other facts do not already rule out."""
    best: tuple[float | None, Route | None] = (None, None)
    for route in routes:
        main = route.years_condition
        if main is None and route.requires:
            continue  # a route by categories or other facts says nothing about the years
        if any(c.status is Status.NOT_MET and c.fact != Fact.YEARS.value for c in statuses[route.id].conditions):
            continue
        years = main.min_years if main else 0.0
        if best[0] is None or years < best[0]:
            best = (years, route)
    return best


def evaluate(routes: list[Route], situation: Situation, facts: Facts, vocabulary: Vocabulary) -> Evaluation | None:
    """The combined outcome over every unsaid dimension, or ``None`` when no route applies at all."""
    statuses = {r.id: route_status(r, facts, vocabulary) for r in routes}
    outcomes = [scenario_outcome(s, routes, statuses) for s in scenarios(situation, varying_dims(routes))]
    admitted = [o for o in outcomes if o.routes]
    if not admitted:
        return None
    if situation.education is None and len(admitted) < len(outcomes):
        # a level the clause sets only for some educations («біліктілігінің жоғары деңгейі болған жағдайда
        # педагог-шебер …»): with the education unsaid, a «yes» would assume it, so an education no route
        # admits counts as a «no» and the education is asked
        closed = [ScenarioOutcome(o.situation, Verdict.NOT_ELIGIBLE, []) for o in outcomes if not o.routes]
        return _combine(admitted + closed, statuses, situation)
    return _combine(admitted, statuses, situation)


def _combine(outcomes: list[ScenarioOutcome], statuses: dict[str, RouteStatus], situation: Situation) -> Evaluation:
    verdicts = {o.verdict for o in outcomes}
    deciding = _deciding_dims(outcomes, situation)
    missing = sorted(set().union(*(o.missing for o in outcomes)))
    verdict = verdicts.pop() if len(verdicts) == 1 else Verdict.NEEDS_MORE_INFORMATION
    if len(verdicts) > 1 and not deciding:  # the verdict changes only when several facts change together
        deciding = [d for d in DIMENSIONS if getattr(situation, d) is None and
                    len({getattr(o.situation, d) for o in outcomes}) > 1]
    if verdict is Verdict.NEEDS_MORE_INFORMATION:
        missing = deciding + missing
    mins = {o.min_years for o in outcomes if o.routes}  # an education the clause does not admit sets no minimum
    min_years = mins.pop() if len(mins) == 1 else None
    min_route = next(o.min_route for o in outcomes if o.routes) if min_years is not None else None
    return Evaluation(verdict, outcomes, statuses, missing if verdict is Verdict.NEEDS_MORE_INFORMATION else [],
                      min_years, min_route, deciding)


def _deciding_dims(outcomes: list[ScenarioOutcome], situation: Situation) -> list[str]:
    """Unsaid dimensions whose value alone changes the verdict."""
    deciding = []
    for dim in DIMENSIONS:
        if getattr(situation, dim) is not None:
            continue
        for a in outcomes:
            if any(a.verdict != b.verdict and _differ_only_in(a.situation, b.situation, dim) for b in outcomes):
                deciding.append(dim)
                break
    return deciding


def _differ_only_in(a: Situation, b: Situation, dim: str) -> bool:
    return all(getattr(a, d) == getattr(b, d) for d in DIMENSIONS if d != dim) and getattr(a, dim) != getattr(b, dim)
