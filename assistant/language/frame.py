"""The typed reading of one message: :class:`Frame`.

Everything downstream — routing, retrieval signals, the eligibility checker, the answer
renderer, the conversation — reads the frame; nothing else re-parses the question. Every
value keeps the words it came from (:class:`Evidence`), so an answer can show what was
understood and the person can correct it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from ..regulation.document import Level
from ..eligibility.evaluate import OtherFacts
from ..eligibility.rules import Education, Locality, OrgLevel
from .textnorm import Lang
from .script import Script

Intent = Literal["greeting", "help", "eligibility", "regulation", "out_of_scope"]


class Evidence(BaseModel):
    """A fact read from the message: which fact, the value, and the person's words."""

    fact: str
    value: str
    words: str
    approximate: bool = Field(default=False, description="«почти 5 лет», «около 3»: the value is the figure said, "
                                                         "not what the person has")


class FigureRead(BaseModel):
    """A number of years and what it measures (see :mod:`assistant.language.figures`)."""

    value: float
    kind: str
    words: str
    position_id: str | None = Field(default=None, description="the position its clause names («1 год соцпедагогом»)")
    position_words: str | None = Field(default=None, description="the words that named it («соцпедагогом»)")
    chapters: list[int] = Field(default_factory=list, description="years as a head: the chapters of the organisations "
                                                                  "its sentence names («…, но в обычной школе» → [3])")


class Candidate(BaseModel):
    """A position the message names, with how sure the reading is."""

    position_id: str
    score: float
    words: str


class Person(OtherFacts):
    """What a conversation knows of one person it is about (the asker, or someone they ask for): the post and
    the facts last checked for them, so that «а мне?» after a colleague's check goes back to one's own."""

    position_id: str | None = None
    level: Level | None = None
    variant: str | None = None
    education: Education | None = None
    locality: Locality | None = None
    org_level: OrgLevel | None = None
    years: float | None = None
    years_range: list[float] = Field(default_factory=list)
    told: list[FigureRead] = Field(default_factory=list)


Subject = Literal["self", "other"]


class Frame(OtherFacts):
    """One message, read once (the facts beyond the main experience are those the checker's routes need)."""

    question: str = Field(description="the message as typed")
    text: str = Field(description="the message as read (Latin-script Kazakh transliterated)")
    lang: Lang
    script: Script
    intent: Intent = "regulation"
    asks_permission: bool = Field(default=False, description="«могу ли / бола ма …»: a verdict is wanted")
    polar: bool = Field(default=False, description="a yes/no question («Проводит ли …?», «… айналыса ма?»)")
    kinds_from_polar: bool = Field(default=False, description="the duties kind came only from a yes/no question "
                                                              "naming a position: a follow-up keeps the kind before")
    kinds: dict[str, float] = Field(default_factory=dict, description="clause kinds asked about, with weights")
    kinds_from_levels_only: bool = Field(default=False, description="the only kind cue was a level's name")
    out_of_scope_topic: str | None = None

    target: list[Candidate] = Field(default_factory=list, description="the position asked about, best first")
    context: list[Candidate] = Field(default_factory=list, description="positions the person holds or held")
    position_id: str | None = None
    position_candidates: list[str] = Field(default_factory=list, description="when the name fits several")
    position_guessed: list[str] = Field(
        default_factory=list, description="the position was a generic name's default, not chosen by the words: "
                                          "the positions it may mean (a verdict or a figure asks which)")
    own_position: bool = Field(default=False, description="the only position named is the person's own («я воспитатель»): "
                                                          "the subject of the message, but no position sought")
    setting_unmatched: list[int] = Field(default_factory=list, description="chapters of the organisations the "
                                         "message names when none of the posts its name fits is in them "
                                         "(«логопед в колледже»)")
    offered: list[Candidate] = Field(default_factory=list, description="the posts a description leads to with no clear "
                                     "margin, best first; score: the lead over all posts, in standard deviations")
    position_narrowed: list[str] = Field(default_factory=list, description="the posts a name fitted before the "
                                         "conversation's organisation chose one of them: a verdict that differs "
                                         "among them is asked")
    described: bool = Field(default=False, description="the position(s) found by the work the message describes, not by a name")
    deputy_of_previous: bool = Field(default=False, description="«а его заместителю?», «оның орынбасарына?»")

    level: Level | None = None
    level_candidates: list[Level] = Field(default_factory=list, description="several levels sought: asked which")
    education: Education | None = None
    education_other: list[Education] = Field(default_factory=list, description="other educations the message tells "
                                             "beside the one read first («колледж … университет»): a verdict that "
                                             "would differ on one of them is asked, not given")
    education_bare: bool = Field(default=False, description="read from an institution's name alone («Колледж, должность "
                                                             "…»): it may be the workplace, so it never decides a «no»")
    locality: Locality | None = None
    org_level: OrgLevel | None = None
    variant: str | None = None

    figures: list[FigureRead] = Field(default_factory=list)
    told: list[FigureRead] = Field(default_factory=list, description="figures the person gave in earlier turns of the "
                                                                    "conversation (their story), oldest first")
    years: float | None = None
    years_candidates: list[float] = Field(default_factory=list, description="figures that disagree: asked back")
    years_range: list[float] = Field(default_factory=list, description="«почти 5», «3-4 года»: the years meant, low and high")
    years_said: str | None = Field(default=None, description="with years_range: the person's words («почти 5 лет»), "
                                                             "carried with the range")
    years_at_least: bool = Field(default=False, description="the years are those of a setting only («последние 2 года "
                                                            "в школе»): the experience is at least that, earlier years count")
    years_added: bool = Field(default=False, description="the years are a sum: told before plus years added in a "
                                                         "post of the regulation («до этого ещё 2 года воспитателем»)")
    years_unclear: bool = Field(default=False, description="years added to earlier ones («ещё 2 года»): asked back")

    subject: Subject | None = Field(default=None, description="whom the message is about: the asker («мне», «у меня») "
                                                                 "or another person («ей», «коллеге»); None: not said")
    subject_named: bool = Field(default=False, description="a person named by who they are («коллеге», «кандидат»), "
                                                           "not by a pronoun only")
    people: dict[str, Person] = Field(default_factory=dict, description="the persons of the conversation before this "
                                                                         "turn, by subject")
    correction: bool = Field(default=False, description="«нет, у меня высшее»: replaces a fact of the last turn")
    new_person: bool = Field(default=False, description="«второй кандидат: …»: facts of the person before do not carry")
    follow_up: bool = Field(default=False, description="elliptical: leans on the previous turn")
    evidence: list[Evidence] = Field(default_factory=list)

    def said(self, fact: str) -> bool:
        return any(e.fact == fact for e in self.evidence)
