"""The deterministic eligibility checker: ``check(position, level, education, locality, years, …)``.

Everything the law says comes from the rules data (:mod:`.rules`); this module
validates the inputs, picks the routes of the position and level, evaluates them
(:mod:`.evaluate`), adds the conflicting provisions, and assembles the result.
"""

from __future__ import annotations

import math

from ..regulation.citation import Citation, citation as clause_citation
from ..regulation.corpus import load_document
from ..regulation.document import LEVEL_KK, LEVEL_RU, Document, Level
from .numbers import MAX_YEARS
from ..errors import InputError
from .entry import entry_status
from .evaluate import Evaluation, Facts, ScenarioOutcome, Situation, candidate_routes, evaluate, route_status
from .explain import explain, missing_questions
from .result import (ConflictReport, EligibilityResult, EntryStatus, ProvisionOutcome, Status, TraceStep,
                     Verdict)
from .rules import Conflict, Education, EntryEducation, Locality, OrgLevel, PositionRules, Route, RuleBook, load_rules



def check(
    position: str,
    level: Level | str | None = None,
    education: Education | str | None = None,
    locality: Locality | str | None = None,
    years: float | None = None,
    *,
    variant: str | None = None,
    org_level: OrgLevel | str | None = None,
    nested_years: float | None = None,
    leadership_years: float | None = None,
    civil_service_years: float | None = None,
    enterprise_years: float | None = None,
    categories_held: list[str] | None = None,
    retraining: bool | None = None,
    academic_degree: bool | None = None,
    document: Document | None = None,
) -> EligibilityResult:
    """Whether a person with these facts meets the experience rule of a position or a level.

    ``None`` means «not said»: a fact that decides the outcome and is not given
    makes the verdict ``needs_more_information`` with the fact in ``missing``.
    Raises :class:`InputError` for impossible inputs and for combinations the
    regulation sets no rule for, and the linker's errors for unknown positions.

    ``document`` is the parsed regulation whose titles name the position and whose clauses are cited
    (the assistant passes the one its settings name); ``None`` is the packaged regulation.
    """
    if document is None:
        document = load_document()  # the public default: the regulation shipped with the package
    book = load_rules()
    position_id, matched = resolve_position_name(position, document)
    rules = book.rules_for(position_id)
    facts = Facts(
        years=_years("years", years, required=True), nested_years=_years("nested_years", nested_years),
        leadership_years=_years("leadership_years", leadership_years),
        civil_service_years=_years("civil_service_years", civil_service_years),
        enterprise_years=_years("enterprise_years", enterprise_years),
        categories_held=_categories(categories_held, book), retraining=retraining, academic_degree=academic_degree,
    )
    situation = Situation(
        education=_enum(Education, education, "education"), locality=_enum(Locality, locality, "locality"),
        org_level=_enum(OrgLevel, org_level, "org_level"),
    )
    query = _Query(rules, parse_level(level), _variant(rules, variant), situation, facts, matched, document)
    return _result(book, query)


class _Query:
    """The validated inputs of one check, and the regulation they are checked against."""

    def __init__(self, rules: PositionRules, level: Level, variant: str | None, situation: Situation,
                 facts: Facts, matched: str | None, document: Document):
        self.rules, self.level, self.variant = rules, level, variant
        self.situation, self.facts, self.matched = situation, facts, matched
        self.document = document


# --- inputs ---------------------------------------------------------------------------------


def resolve_position_name(name: str, document: Document) -> tuple[str, str | None]:
    """A position id and, for a name, how it was understood (via :mod:`assistant.language.linking`)."""
    if not isinstance(name, str) or not name.strip():
        raise InputError("name a position: a title, a common name or an id such as ch2.p2")
    if name.strip() in {p.id for p in document.positions}:
        return name.strip(), None
    from ..language.linking import resolve_position  # the linker's indexes are built on first use

    match = resolve_position(name, doc=document)
    return match.position_id, f"«{name}» → «{match.title_kk}» ({match.how}, {match.score:.2f})"


def parse_level(level: Level | str | None) -> Level:
    """A level from its id, its Kazakh or Russian name; ``None`` is the base level «педагог»."""
    if level is None or isinstance(level, Level):
        return level or Level.PEDAGOG
    text = level.strip().lower()
    for lv in Level:
        if text in {lv.value, LEVEL_KK[lv], LEVEL_RU[lv]}:
            return lv
    from ..language.glossary import level_from_text

    found = level_from_text(text)
    if found is None:
        raise InputError(f"unknown qualification level «{level}»; use one of: "
                         + ", ".join(f"{lv.value} ({lv.kk})" for lv in Level))
    return found


def _years(name: str, value: float | None, required: bool = False) -> float | None:
    if value is None:
        if required:
            raise InputError(f"give the years of experience (a number from 0 to {MAX_YEARS:g})")
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{name} must be a number of years, not «{value}»") from None
    if math.isnan(number) or number < 0:
        raise InputError(f"{name} cannot be negative or undefined ({value}); give the years of experience from 0 to {MAX_YEARS:g}")
    if number > MAX_YEARS:
        raise InputError(f"{name} = {value} is not a plausible length of service (more than {MAX_YEARS:g} years)")
    return number


def _enum(enum: type, value, name: str):
    if value is None or isinstance(value, enum):
        return value
    try:
        return enum(str(value).strip().lower())
    except ValueError:
        raise InputError(f"unknown {name} «{value}»; use one of: {', '.join(e.value for e in enum)}") from None


def _categories(values: list[str] | None, book: RuleBook) -> list[str] | None:
    if values is None:
        return None
    known = book.vocabulary.categories
    unknown = [v for v in values if v not in known]
    if unknown:
        raise InputError(f"unknown categories {unknown}; use: {', '.join(known)}")
    return list(values)


def _variant(rules: PositionRules, variant: str | None) -> str | None:
    if variant is None or rules.variant(variant):
        return variant
    listed = ", ".join(v.id for v in rules.variants) or "none"
    raise InputError(f"position {rules.position} has no variant «{variant}» (its variants: {listed})")


# --- evaluation -------------------------------------------------------------------------------


def _evaluate_query(book: RuleBook, query: _Query) -> tuple[list[Route], Evaluation, bool]:
    """The routes of the level, their evaluation, and whether the level is closed to the person's
    education (the clause sets it only for others: «біліктілігінің жоғары деңгейі болған кезде …»)."""
    routes = candidate_routes(query.rules.routes, query.level, query.variant)
    if not routes:
        raise InputError(_no_rule_message(query))
    found = evaluate(routes, query.situation, query.facts, book.vocabulary)
    if found is not None:
        return routes, found, False
    statuses = {r.id: route_status(r, query.facts, book.vocabulary) for r in routes}
    closed = ScenarioOutcome(query.situation, Verdict.NOT_ELIGIBLE, routes)
    return routes, Evaluation(Verdict.NOT_ELIGIBLE, [closed], statuses, [], None, None), True


def _with_entry(found: Evaluation, entry: EntryStatus | None) -> tuple[Verdict, list[str]]:
    """The verdict and the facts to ask once the entry education is held against the person's."""
    if entry is None or not entry.decides:
        return found.verdict, found.missing
    if entry.status is Status.NOT_MET:
        return Verdict.NOT_ELIGIBLE, []
    if found.verdict is Verdict.NOT_ELIGIBLE:  # the years already fail: the retraining would not change it
        return found.verdict, []
    return Verdict.NEEDS_MORE_INFORMATION, list(dict.fromkeys([*found.missing, "retraining"]))


def _no_rule_message(query: _Query) -> str:
    levels = sorted({lv for r in query.rules.routes for lv in r.levels}, key=lambda lv: lv.rank)
    title = query.document.position(query.rules.position).title
    return (f"the regulation sets no experience rule for «{query.level.kk}» for «{title}» "
            f"(clause {query.rules.clause}); it sets rules for: {', '.join(lv.kk for lv in levels)}")


def _result(book: RuleBook, query: _Query) -> EligibilityResult:
    routes, found, closed = _evaluate_query(book, query)
    entry = entry_status(book.entry.get(query.rules.position), query.situation, query.facts, routes, query.variant)
    verdict, missing = _with_entry(found, entry)
    shown = [r for r in routes if any(r in o.routes for o in found.scenarios)]
    decisive = _decisive_route(shown, found)
    main = decisive.years_condition if decisive else None
    kind = book.vocabulary.kinds.get(main.kind) if main else None
    position = query.document.position(query.rules.position)
    result = EligibilityResult(
        position_id=position.id, position_kk=position.title, position_ru=_russian_title(position.id),
        matched=query.matched, level=query.level, variant=query.variant, years=query.facts.years,
        **query.situation.model_dump(), verdict=verdict, min_years=found.min_years,
        shortfall=_shortfall(found, query.facts.years), experience_kind=main.kind if main else None,
        experience_kind_kk=kind.kk if kind else None, experience_kind_ru=kind.ru if kind else None,
        missing=missing_questions(missing, book.vocabulary),
        routes=[found.statuses[r.id] for r in shown], conditions=_conditions(query, book.entry, entry),
        entry=entry, closed_level=closed,
        citation=citation(query.document, query.rules.clause, decisive.quote if decisive else shown[0].quote),
        conflicts=_conflicts(book, query), other_variants=_other_variants(query),
        trace=_trace(query, shown, found, entry, verdict),
    )
    result.explanation_kk, result.explanation_ru = explain(result, "kk"), explain(result, "ru")
    return result


def _decisive_route(shown: list[Route], found: Evaluation) -> Route | None:
    met = [r for r in shown if found.statuses[r.id].status is Status.MET]
    return met[0] if met else (found.min_route or (shown[0] if shown else None))


def _shortfall(found: Evaluation, years: float) -> float | None:
    if found.verdict is Verdict.ELIGIBLE or found.min_years is None:
        return None
    return round(max(found.min_years - years, 0.0), 2)


def _conditions(query: _Query, entries: dict[str, EntryEducation], entry: EntryStatus | None) -> list[str]:
    """The entry education shown beside a «педагог» verdict (unless the entry line already shows it)."""
    known = entries.get(query.rules.position)
    quote = known.part(query.situation.org_level, query.variant).quote if known else None
    if query.level is not Level.PEDAGOG or quote is None or (entry and entry.status is not Status.MET):
        return []
    return [quote]


def _other_variants(query: _Query) -> list[str]:
    return [] if query.variant else [f"{v.id}: {v.title_kk} / {v.title_ru}" for v in query.rules.variants]


def _russian_title(position_id: str) -> str | None:
    from ..language.glossary import russian_title

    try:
        return russian_title(position_id)
    except Exception:  # noqa: BLE001 — a missing Russian title must not hide the verdict
        return None


def citation(document: Document, clause_id: str, quote: str) -> Citation:
    """The verdict's citation of a clause of ``document`` (language-neutral: both labels; ``label`` is the Kazakh one)."""
    clause = document.clause(clause_id)
    return clause_citation(clause, quote, "kk", _russian_title(clause.position_id) if clause.position_id else None)


# --- conflicts --------------------------------------------------------------------------------


def _conflicts(book: RuleBook, query: _Query) -> list[ConflictReport]:
    reports = []
    for conflict in book.conflicts_of(query.rules.position, query.variant, query.level):
        outcomes = _provision_outcomes(book, conflict, query)
        if len(outcomes) > 1:
            reports.append(ConflictReport(
                id=conflict.id, agree=len({o.verdict for o in outcomes}) == 1,
                summary_kk=conflict.summary_kk, summary_ru=conflict.summary_ru, provisions=outcomes,
            ))
    return reports


def _provision_outcomes(book: RuleBook, conflict: Conflict, query: _Query) -> list[ProvisionOutcome]:
    outcomes = []
    for provision in conflict.provisions:
        routes = candidate_routes(book.rules_for(provision.position).routes, provision.level, provision.variant)
        routes = [r for r in routes if not provision.routes or r.id in provision.routes]
        found = evaluate(routes, query.situation, query.facts, book.vocabulary) if routes else None
        if found is not None:
            outcomes.append(ProvisionOutcome(
                citation=citation(query.document, provision.clause, provision.quote), position_id=provision.position,
                variant=provision.variant, verdict=found.verdict, min_years=found.min_years,
            ))
    return outcomes


# --- trace ------------------------------------------------------------------------------------


def _trace(query: _Query, shown: list[Route], found: Evaluation, entry: EntryStatus | None,
           verdict: Verdict) -> list[TraceStep]:
    steps = [
        TraceStep(step="position", detail=f"{query.rules.position} ({query.matched or 'by id'}), clause {query.rules.clause}"),
        TraceStep(step="level", detail=f"{query.level.value}" + (f", variant {query.variant}" if query.variant else "")),
        TraceStep(step="situation", detail=", ".join(f"{k}={v.value if v else 'not said'}"
                                                     for k, v in query.situation)),
        TraceStep(step="facts", detail=", ".join(f"{k}={v}" for k, v in query.facts.model_dump().items()
                                                 if v is not None)),
    ]
    for route in shown:
        status = found.statuses[route.id]
        parts = [f"{c.fact} {'>' if c.exclusive else '≥'} {c.min_years:g}: {c.status.value}" if c.min_years is not None
                 else f"{c.fact}: {c.status.value}" for c in status.conditions]
        steps.append(TraceStep(step=f"route {route.id}", detail=f"{status.status.value}"
                               + (f" ({'; '.join(parts)})" if parts else " (no experience required)")))
    for outcome in found.scenarios:
        if len(found.scenarios) > 1:
            steps.append(TraceStep(step="scenario", detail=f"{_situation_text(outcome.situation)}: {outcome.verdict.value}"))
    if entry is not None:
        steps.append(TraceStep(step="entry education", detail=f"{entry.status.value} (ТжКБ admitted: {entry.tvet}, "
                               f"retraining alternative: {entry.retraining}, decides: {entry.decides})"))
    steps.append(TraceStep(step="verdict", detail=verdict.value
                           + (f", missing: {', '.join(found.missing)}" if found.missing else "")))
    return steps


def _situation_text(situation: Situation) -> str:
    return ", ".join(f"{k}={v.value}" for k, v in situation if v is not None) or "any"
