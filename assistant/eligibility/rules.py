"""The experience rules of the regulation, as data (``corpus/rules/*.yaml``).

The law's numbers and their evidence quotes live only in the YAML files; this
module gives them a typed shape and loads them once. A position's rules are a
list of *routes* (alternatives joined by «немесе» / «және (немесе)»): a route
applies to some qualification levels, educations, localities, organisation
levels and variants of the position, and is met when all its conditions are.
"""

from __future__ import annotations

from enum import Enum
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..regulation.corpus import CORPUS_DIR
from ..regulation.document import Level
from ..errors import CorpusError

RULES_DIR = CORPUS_DIR / "rules"


class Education(str, Enum):
    HIGHER = "higher"
    POSTGRADUATE = "postgraduate"
    TVET = "tvet"


class Locality(str, Enum):
    URBAN = "urban"
    RURAL = "rural"


class OrgLevel(str, Enum):
    """Chapter 8 distinguishes regional (oblast, cities of republican significance) and district centres."""

    REGIONAL = "regional"
    DISTRICT = "district"


class Fact(str, Enum):
    """What a condition looks at: the facts a person may state about themselves."""

    YEARS = "years"
    NESTED_YEARS = "nested_years"
    LEADERSHIP_YEARS = "leadership_years"
    CIVIL_SERVICE_YEARS = "civil_service_years"
    ENTERPRISE_YEARS = "enterprise_years"
    CATEGORIES_HELD = "categories_held"
    RETRAINING = "retraining"
    ACADEMIC_DEGREE = "academic_degree"


YEAR_FACTS = {Fact.YEARS, Fact.NESTED_YEARS, Fact.LEADERSHIP_YEARS, Fact.CIVIL_SERVICE_YEARS, Fact.ENTERPRISE_YEARS}
FLAG_FACTS = {Fact.RETRAINING, Fact.ACADEMIC_DEGREE}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Condition(Strict):
    """One thing a route needs: an amount of experience, a category held, or a flag."""

    fact: Fact
    kind: str | None = Field(default=None, description="experience kind id (vocabulary.yaml) for year facts")
    min_years: float | None = None
    exclusive: bool = Field(default=False, description="«N жылдан астам»: strictly more than min_years")
    any_of: list[str] = Field(default_factory=list, description="categories, for categories_held")
    quote: str | None = Field(default=None, description="evidence; the route's quote when absent")

    @model_validator(mode="after")
    def _consistent(self) -> Condition:
        if self.fact in YEAR_FACTS and (self.min_years is None or self.kind is None):
            raise ValueError(f"a {self.fact.value} condition needs min_years and kind")
        if self.fact is Fact.CATEGORIES_HELD and not self.any_of:
            raise ValueError("a categories_held condition needs any_of")
        return self


class Route(Strict):
    """One alternative way to meet a requirement, with its evidence quote."""

    id: str
    levels: list[Level] = Field(default_factory=lambda: [Level.PEDAGOG])
    education: list[Education] = Field(default_factory=lambda: list(Education))
    locality: Locality | None = None
    org_level: OrgLevel | None = None
    variant: str | None = None
    requires: list[Condition] = Field(default_factory=list, description="empty: no experience required")
    quote: str

    @property
    def years_condition(self) -> Condition | None:
        return next((c for c in self.requires if c.fact is Fact.YEARS), None)

    def condition_quote(self, condition: Condition) -> str:
        return condition.quote or self.quote


class Variant(Strict):
    """A kind of the position that the clause gives its own rules (e.g. a small school's head)."""

    id: str
    title_kk: str
    title_ru: str
    quote: str


class Admission(str, Enum):
    """Whether a clause admits technical and vocational education (ТжКБ / ТиПО) to a position."""

    YES = "yes"
    NO = "no"
    UNCLEAR = "unclear"  # «өзге де кәсіптік білім»: a college diploma may or may not be meant


class EntryPart(Strict):
    """The education a requirements clause admits, with its quote."""

    quote: str | None
    tvet: Admission
    retraining: bool = Field(default=False, description="a retraining document is an alternative to the education")


class EntryEducation(EntryPart):
    """A position's entry education (``corpus/rules/entry_education.yaml``); chapter 8 splits it by
    the centre's level, some clauses by a kind of the position (a special school's deputy)."""

    clause: str
    note: str | None = None
    by_org_level: dict[OrgLevel, EntryPart] = Field(default_factory=dict)
    by_variant: dict[str, EntryPart] = Field(default_factory=dict)

    def part(self, org_level: OrgLevel | None, variant: str | None = None) -> EntryPart:
        if variant in self.by_variant:
            return self.by_variant[variant]
        return self.by_org_level.get(org_level, self) if org_level else self

    def parts(self) -> list[EntryPart]:
        return [self, *self.by_org_level.values(), *self.by_variant.values()]


class PositionRules(Strict):
    position: str
    clause: str
    routes: list[Route] = Field(default_factory=list)
    variants: list[Variant] = Field(default_factory=list)
    no_numeric_rule: str | None = Field(default=None, description="why the clause states no number")
    notes: list[str] = Field(default_factory=list, description="judgement calls made in reading the clause")

    def variant(self, variant_id: str) -> Variant | None:
        return next((v for v in self.variants if v.id == variant_id), None)


class Provision(Strict):
    """One side of a conflict: a position (variant, level) whose rule another provision contradicts."""

    position: str
    clause: str
    variant: str | None = None
    level: Level = Level.PEDAGOG
    routes: list[str] = Field(default_factory=list, description="only these routes; all when empty")
    quote: str

    def covers(self, position_id: str, variant: str | None, level: Level) -> bool:
        return (self.position, self.variant, self.level) == (position_id, variant, level)


class Conflict(Strict):
    id: str
    summary_kk: str
    summary_ru: str
    provisions: list[Provision]


class Label(Strict):
    kk: str
    ru: str


class Kind(Label):
    cls: str = Field(description="pedagogical, speciality, position, organisation, leadership, …")
    chapters: list[int] = Field(default_factory=list, description="the chapters whose organisations the experience "
                                                                  "must be in (empty: any organisation)")


class Vocabulary(Strict):
    kinds: dict[str, Kind]
    categories: dict[str, Label]


class RuleBook(BaseModel):
    positions: dict[str, PositionRules]
    conflicts: list[Conflict]
    vocabulary: Vocabulary
    entry: dict[str, EntryEducation] = Field(default_factory=dict)

    def rules_for(self, position_id: str) -> PositionRules:
        return self.positions[position_id]

    def conflicts_of(self, position_id: str, variant: str | None, level: Level) -> list[Conflict]:
        return [c for c in self.conflicts if any(p.covers(position_id, variant, level) for p in c.provisions)]


def _expand_route(raw: dict) -> list[dict]:
    """YAML shorthands: ``years``/``kind`` for the main condition, ``per_level`` for a table of levels."""
    raw = dict(raw)
    extra = list(raw.pop("requires", []))
    kind = raw.pop("kind", None)
    per_level = raw.pop("per_level", None)
    exclusive = raw.pop("exclusive", False)
    if per_level is None:
        years = raw.pop("years", None)
        main = [] if years is None else [dict(fact="years", kind=kind, min_years=years, exclusive=exclusive)]
        return [{**raw, "requires": main + extra}]
    return [
        {**raw, "id": f"{raw['id']}.{level}", "levels": [level],
         "requires": [dict(fact="years", kind=kind, min_years=years, exclusive=exclusive)] + extra}
        for level, years in per_level.items()
    ]


def _position_rules(raw: dict) -> PositionRules:
    routes = [r for item in raw.get("routes", []) for r in _expand_route(item)]
    return PositionRules.model_validate({**raw, "routes": routes})


def _read_yaml(path: Path) -> dict:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise CorpusError(f"cannot read the rules file {path.name}: {exc}") from exc


@lru_cache(maxsize=2)
def load_rules(directory: Path = RULES_DIR) -> RuleBook:
    """Every rules file of ``directory``, validated; loaded on first use, then shared."""
    positions: dict[str, PositionRules] = {}
    for path in sorted(directory.glob("ch*.yaml")):
        for raw in _read_yaml(path).get("positions", []):
            rules = _position_rules(raw)
            if rules.position in positions:
                raise CorpusError(f"position {rules.position} has rules in two places ({path.name})")
            positions[rules.position] = rules
    conflicts = [Conflict.model_validate(c) for c in _read_yaml(directory / "conflicts.yaml").get("conflicts", [])]
    vocabulary = Vocabulary.model_validate(_read_yaml(directory / "vocabulary.yaml"))
    entry = {pid: EntryEducation.model_validate(raw)
             for pid, raw in _read_yaml(directory / "entry_education.yaml").get("positions", {}).items()}
    return RuleBook(positions=positions, conflicts=conflicts, vocabulary=vocabulary, entry=entry)
