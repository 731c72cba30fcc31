"""The guided check's steps: what to ask a person about one position, in order, with options and labels.

One module decides the questions of the guided check for every channel: the widget's form
(``GET /api/eligibility/options?position=…``) and the bot's ``/check`` ask the same steps. They come
from the position's rules (``corpus/rules/``): a step is asked only if a route of the position depends
on it, and a step with a single possible answer is not asked (its answer is *implied*). The choices
come first (the kind of the position, the level, education, locality, the organisation's level), then
the years and the other facts the routes' conditions look at (categories held, years of civil service,
of leadership, of the «соңғы N жыл» part, retraining, an academic degree), in the order the clause
names them. With the choices made, a fact that can no longer change the verdict (a route is already
met, or every route that needs it already fails) is not asked. Every fact is one the checker
(:func:`assistant.eligibility.check`) accepts; the labels of levels, categories and kinds of experience
come from the document model and the rules' vocabulary.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from ..errors import InputError, UnknownReference
from ..regulation.document import Document, Level
from .checker import MAX_YEARS
from .entry import entry_status
from .evaluate import Facts, Situation, route_status
from .explain import QUESTIONS
from .options import EDUCATION_LABEL, LOCALITY_LABEL, ORG_LEVEL_LABEL, Choice
from .result import Status
from .rules import FLAG_FACTS, Education, Fact, Locality, OrgLevel, PositionRules, Route, load_rules

GENERAL = "general"  # the kind step's answer for the position's general case (no kind of its own)
CHOICE_STEPS = ("variant", "level", "education", "locality", "org_level")
FACT_STEPS = tuple(f.value for f in Fact)  # «years» first; the others in the order the routes name them

# strict: a JSON number only; a string is not read as one («1_0» would be 10 to Python)
Years = Annotated[float, Field(ge=0, le=MAX_YEARS, strict=True)]


class CheckAnswers(BaseModel):
    """The answers of a guided check (and the facts of one check); an absent answer is «not said»."""

    model_config = ConfigDict(extra="forbid")

    variant: str | None = Field(default=None, max_length=60,
                                description=f"a kind of the position with its own rules («{GENERAL}»: the general case)")
    level: Level | None = Field(default=None, description="target qualification level; the position itself when absent")
    education: Education | None = None
    locality: Locality | None = None
    org_level: OrgLevel | None = None
    years: Years | None = Field(default=None, description="years of experience of the kind the rule asks")
    nested_years: Years | None = Field(default=None, description="of which, the part a «оның ішінде» rule names")
    leadership_years: Years | None = None
    civil_service_years: Years | None = None
    enterprise_years: Years | None = None
    categories_held: list[Annotated[str, Field(max_length=60)]] | None = Field(
        default=None, max_length=20, description="categories held (ids of the rules' vocabulary); [] for none")
    retraining: bool | None = None
    academic_degree: bool | None = None

    def checker_facts(self) -> dict[str, Any]:
        """The answers as :func:`assistant.eligibility.check`'s keyword arguments."""
        facts = self.model_dump()
        if facts["variant"] == GENERAL:
            facts["variant"] = None
        return facts


class StepKind(str, Enum):
    CHOICE = "choice"
    NUMBER = "number"
    YES_NO = "yes_no"
    MULTI_CHOICE = "multi_choice"


class Step(BaseModel):
    """One question of the guided check."""

    name: str = Field(description="the answer's field in CheckAnswers and in POST /api/eligibility")
    kind: StepKind
    label: str = Field(description="a short label (a form field's)")
    question: str = Field(description="the question as a sentence (a chat's)")
    hint: str | None = Field(default=None, description="what the rule counts (its kinds of experience)")
    options: list[Choice] = Field(default_factory=list, description="choice, yes_no and multi_choice steps")
    default: str | None = Field(default=None, description="the answer assumed until one is given (the level)")
    required: bool = Field(default=False, description="the checker cannot run without it (the years)")
    minimum: float | None = None
    maximum: float | None = None
    value: str | float | bool | list[str] | None = Field(default=None, description="the answer given")

    @property
    def answered(self) -> bool:
        return self.value is not None


class GuidedCheck(BaseModel):
    """The steps of a guided check of one position, given the answers so far."""

    position_id: str
    position: str = Field(description="the position's title in the language asked")
    lang: str
    steps: list[Step]
    implied: dict[str, str] = Field(default_factory=dict,
                                    description="answers of steps with one possible answer (not asked)")

    @property
    def next_step(self) -> Step | None:
        """The first step not answered yet; None when the check can be run."""
        return next((s for s in self.steps if not s.answered), None)

    def step(self, name: str) -> Step | None:
        return next((s for s in self.steps if s.name == name), None)

    def answers(self) -> CheckAnswers:
        """The answers given with the implied ones."""
        given = {s.name: s.value for s in self.steps if s.answered}
        return CheckAnswers.model_validate({**self.implied, **given})


# The wording of the steps: label and question, Kazakh then Russian.
TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "variant": {"kk": ("Лауазымның түрі", "Лауазымның қай түрі?"),
                "ru": ("Вид должности", "Какой именно вид должности?")},
    "level": {"kk": ("Біліктілік деңгейі", "Қай біліктілік деңгейін тексереміз?"),
              "ru": ("Квалификационный уровень", "Какой уровень квалификации проверить?")},
    "education": {"kk": ("Білімі", "Біліміңіз қандай?"), "ru": ("Образование", "Какое у вас образование?")},
    "locality": {"kk": ("Елді мекен", "Қай жерде жұмыс істейсіз?"), "ru": ("Местность", "Где вы работаете?")},
    "org_level": {"kk": ("Ұйымның деңгейі", QUESTIONS["org_level"][0]),
                  "ru": ("Уровень организации", QUESTIONS["org_level"][1])},
    "years": {"kk": ("Жұмыс өтілі (жыл)", "Жұмыс өтіліңіз неше жыл? Санмен жазыңыз (мысалы: 3 немесе 2,5)."),
              "ru": ("Стаж (лет)", "Сколько лет у вас стажа? Напишите числом (например: 3 или 2,5).")},
    "nested_years": {"kk": ("Оның ішінде ережеде аталған өтіл (жыл)", QUESTIONS["nested_years"][0]),
                     "ru": ("Из него стаж, названный в норме (лет)", QUESTIONS["nested_years"][1])},
    "leadership_years": {"kk": ("Басшылық лауазымдағы өтіл (жыл)", QUESTIONS["leadership_years"][0]),
                         "ru": ("Стаж на руководящей должности (лет)", QUESTIONS["leadership_years"][1])},
    "civil_service_years": {"kk": ("Мемлекеттік қызметтегі өтіл (жыл)", QUESTIONS["civil_service_years"][0]),
                            "ru": ("Стаж госслужбы (лет)", QUESTIONS["civil_service_years"][1])},
    "enterprise_years": {"kk": ("Кәсіпорындардағы өтіл (жыл)", QUESTIONS["enterprise_years"][0]),
                         "ru": ("Стаж на предприятиях (лет)", QUESTIONS["enterprise_years"][1])},
    "categories_held": {"kk": ("Біліктілік санаттары", "Сізде қандай біліктілік санаттары бар? Барын белгілеңіз."),
                        "ru": ("Квалификационные категории", "Какие квалификационные категории у вас есть? Отметьте все.")},
    "retraining": {"kk": ("Қайта даярлау", QUESTIONS["retraining"][0]), "ru": ("Переподготовка", QUESTIONS["retraining"][1])},
    "academic_degree": {"kk": ("Ғылыми дәреже", QUESTIONS["academic_degree"][0]),
                        "ru": ("Учёная степень", QUESTIONS["academic_degree"][1])},
}
GENERAL_LABEL = {"kk": "Жалпы жағдай", "ru": "Общий случай"}
YES_NO = {"kk": (("yes", "Иә"), ("no", "Жоқ")), "ru": (("yes", "Да"), ("no", "Нет"))}
LANGS = ("kk", "ru")


def guided_check(position_id: str, answers: CheckAnswers | None = None, lang: str = "kk",
                 document: Document | None = None) -> GuidedCheck:
    """The steps to ask about ``position_id`` (an id such as ``ch2.p1``), with the answers given so far;
    the position is named from ``document`` (None: the packaged regulation).

    Raises :class:`UnknownReference` for a position without rules and :class:`InputError` for an
    answer the position's rules do not offer at its step.
    """
    if lang not in LANGS:
        raise InputError(f"unknown language «{lang}»; use kk or ru")
    book = load_rules()
    if position_id not in book.positions:
        raise UnknownReference(f"no position with the id «{position_id}»; use an id such as ch2.p1 "
                               f"(GET /api/positions lists them)")
    rules = book.rules_for(position_id)
    given = (answers or CheckAnswers()).model_dump(exclude_none=True)
    walk = _Walk(rules, given, lang)
    for name in CHOICE_STEPS:
        walk.choice(name)
    walk.facts()
    from ..language.naming import position_title  # the Russian titles are read on first use
    from ..regulation.corpus import load_document

    doc = document if document is not None else load_document()
    return GuidedCheck(position_id=position_id, position=position_title(doc, position_id, lang),
                       lang=lang, steps=walk.steps, implied=walk.implied)


class _Walk:
    """The steps of one position, narrowing its routes with each answer."""

    def __init__(self, rules: PositionRules, given: dict[str, Any], lang: str):
        self.rules, self.given, self.lang = rules, given, lang
        self.routes: list[Route] = list(rules.routes)
        self.steps: list[Step] = []
        self.implied: dict[str, str] = {}
        self.open = False  # a choice is still to be made: the routes are those of every answer

    # --- the choices ----------------------------------------------------------------------

    def choice(self, name: str) -> None:
        options = self._options(name)
        value = self.given.get(name)
        value = value.value if isinstance(value, Enum) else value
        values = [o.value for o in options]
        default = None
        if len(options) > 1:
            if value is not None and value not in values:
                raise InputError(f"«{value}» is not an answer of the step {name} for position {self.rules.position}; "
                                 f"use one of: {', '.join(values)}")
            if name == "level":  # the checker's own default, else the lowest level the position has
                default = Level.PEDAGOG.value if Level.PEDAGOG.value in values else values[0]
            self.steps.append(self._step(name, StepKind.CHOICE, options, value=value, default=default))
        elif len(options) == 1:
            if value is not None and value != values[0]:
                raise InputError(f"position {self.rules.position} has only «{values[0]}» at the step {name}, "
                                 f"not «{value}»")
            self.implied[name] = value = values[0]
        chosen = value or default
        if chosen is not None and options:
            self.routes = [r for r in self.routes if _fits(r, name, chosen)]
        elif len(options) > 1:
            self.open = True

    def _options(self, name: str) -> list[Choice]:
        routes, lang = self.routes, self.lang
        if name == "variant":
            kinds = [Choice(value=v.id, label=getattr(v, f"title_{lang}")) for v in self.rules.variants]
            return [Choice(value=GENERAL, label=GENERAL_LABEL[lang]), *kinds] if kinds else []
        if name == "level":
            levels = {lv for r in routes for lv in r.levels}
            return [Choice(value=lv.value, label=getattr(lv, lang)) for lv in Level if lv in levels]
        if name == "education":
            if all(set(r.education) == set(Education) for r in routes):
                return []
            return [Choice(value=e.value, label=label) for e, label in EDUCATION_LABEL[lang].items()
                    if any(e in r.education for r in routes)]
        field, labels = {"locality": ("locality", LOCALITY_LABEL), "org_level": ("org_level", ORG_LEVEL_LABEL)}[name]
        if all(getattr(r, field) is None for r in routes):
            return []
        return [Choice(value=v.value, label=label) for v, label in labels[lang].items()]

    # --- the facts ------------------------------------------------------------------------

    def facts(self) -> None:
        needed = self._needed()
        for name in self._fact_names():
            value = self.given.get(name)
            if value is None and name != Fact.YEARS.value and not self.open and name not in needed:
                continue  # the verdict no longer depends on it
            self.steps.append(self._fact_step(name, value))

    def _fact_names(self) -> list[str]:
        """«years», then every other fact the routes look at, in the order the clause names them."""
        names = [Fact.YEARS.value] + [c.fact.value for r in self.routes for c in r.requires]
        if self._entry_asks_retraining():
            names.append(Fact.RETRAINING.value)
        return list(dict.fromkeys(names))

    def _situation(self) -> Situation:
        known = {**self.implied, **self.given}
        return Situation(**{d: known.get(d) for d in ("education", "locality", "org_level")})

    def _facts_so_far(self) -> Facts:
        return Facts.model_construct(**{f: self.given.get(f) for f in FACT_STEPS})

    def _entry_asks_retraining(self) -> bool:
        """Whether the entry education holds the person's (ТжКБ) against a retraining document."""
        entry = load_rules().entry.get(self.rules.position)
        variant = self.given.get("variant", self.implied.get("variant"))
        found = entry_status(entry, self._situation(), self._facts_so_far().model_copy(update={"retraining": None}),
                             self.routes, None if variant == GENERAL else variant)
        return found is not None and found.decides and found.status is not Status.NOT_MET

    def _needed(self) -> set[str]:
        """The facts on which the verdict still depends: those of the routes not yet failed (none once a
        route is met), and the retraining the entry education asks for while a route may be met."""
        vocabulary = load_rules().vocabulary
        statuses = [route_status(r, self._facts_so_far(), vocabulary) for r in self.routes]
        needed = set() if any(s.status is Status.MET for s in statuses) else {
            c.fact for s in statuses if s.status is Status.UNKNOWN for c in s.conditions if c.status is Status.UNKNOWN}
        if self._entry_asks_retraining() and any(s.status is not Status.NOT_MET for s in statuses):
            needed.add(Fact.RETRAINING.value)
        return needed

    def _fact_step(self, name: str, value: Any) -> Step:
        fact = Fact(name)
        if fact is Fact.CATEGORIES_HELD:
            vocabulary = load_rules().vocabulary.categories
            held = {a for r in self.routes for c in r.requires if c.fact is fact for a in c.any_of}
            options = [Choice(value=cid, label=getattr(label, self.lang)) for cid, label in vocabulary.items()
                       if cid in held]
            return self._step(name, StepKind.MULTI_CHOICE, options, value=value)
        if fact in FLAG_FACTS:
            options = [Choice(value=v, label=label) for v, label in YES_NO[self.lang]]
            return self._step(name, StepKind.YES_NO, options, value=value)
        return self._step(name, StepKind.NUMBER, value=value, hint=self._kinds(fact), minimum=0.0, maximum=MAX_YEARS,
                          required=fact is Fact.YEARS)

    def _kinds(self, fact: Fact) -> str | None:
        """The kinds of experience the routes count for this fact, in the rules' own words."""
        kinds = load_rules().vocabulary.kinds
        ids = dict.fromkeys(c.kind for r in self.routes for c in r.requires if c.fact is fact and c.kind)
        return "; ".join(getattr(kinds[k], self.lang) for k in ids if k in kinds) or None

    def _step(self, name: str, kind: StepKind, options: list[Choice] | None = None, **fields: Any) -> Step:
        label, question = TEXTS[name][self.lang]
        return Step(name=name, kind=kind, label=label, question=question, options=options or [], **fields)


def _fits(route: Route, name: str, value: str) -> bool:
    """Whether ``route`` is one of the answer ``value`` at the step ``name``."""
    if name == "variant":
        return route.variant == (None if value == GENERAL else value)
    if name == "level":
        return Level(value) in route.levels
    if name == "education":
        return Education(value) in route.education
    found = getattr(route, name)
    return found is None or found.value == value
