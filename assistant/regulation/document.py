"""The document model of the regulation: sections, chapters, positions, clauses.

Ids are stable and human-readable, and are reused everywhere downstream
(vector-store ids, citations, eval gold labels, eligibility rules):

* ``order.c3``          clause 3 of the order itself
* ``ch1.c2``            clause 2 of chapter 1 (introduction, no paragraphs)
* ``ch2.p2.c12``        chapter 2, paragraph 2, clause 12
* ``ch3.p14b.c92``      the second «14-параграф» of chapter 3 (the official text
                        prints that paragraph number twice, and clauses 92–94 in both)
* ``ch9.c244``          chapter 9 has a single position and no paragraph heading
* ``ch2.p2.c13.l5``     level 5 («педагог-шебер») of a competence clause
"""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, Field, PrivateAttr


class ClauseKind(str, Enum):
    ORDER = "order"
    INTRO = "intro"
    DUTIES = "duties"
    KNOWLEDGE = "knowledge"
    REQUIREMENTS = "requirements"
    COMPETENCE = "competence"


class Level(str, Enum):
    """Qualification levels, in ascending order."""

    PEDAGOG = "pedagog"
    MODERATOR = "moderator"
    EXPERT = "expert"
    RESEARCHER = "researcher"
    MASTER = "master"

    @property
    def rank(self) -> int:
        return list(Level).index(self) + 1

    @property
    def kk(self) -> str:
        return LEVEL_KK[self]

    @property
    def ru(self) -> str:
        return LEVEL_RU[self]


LEVEL_KK = {
    Level.PEDAGOG: "педагог",
    Level.MODERATOR: "педагог-модератор",
    Level.EXPERT: "педагог-сарапшы",
    Level.RESEARCHER: "педагог-зерттеуші",
    Level.MASTER: "педагог-шебер",
}
LEVEL_RU = {
    Level.PEDAGOG: "педагог",
    Level.MODERATOR: "педагог-модератор",
    Level.EXPERT: "педагог-эксперт",
    Level.RESEARCHER: "педагог-исследователь",
    Level.MASTER: "педагог-мастер",
}


class LevelText(BaseModel):
    """One level item of a competence clause («2) "педагог-модератор": …»)."""

    id: str
    level: Level
    number: int = Field(description="the item number as printed, e.g. 2 in «2)»")
    text: str
    line_start: int
    line_end: int


class Note(BaseModel):
    """An amendment note («Ескерту. …»), attached to what it annotates."""

    text: str
    line_start: int
    line_end: int


class Clause(BaseModel):
    id: str
    kind: ClauseKind
    section: int | None
    chapter: int | None
    chapter_title: str | None
    paragraph: int | None
    position_id: str | None
    position: str | None
    clause: int
    text: str
    line_start: int
    line_end: int
    levels: list[LevelText] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)

    def export(self) -> dict:
        """The flat record printed by ``assistant clauses --format jsonl``."""
        return self.model_dump(
            include={
                "id", "kind", "section", "chapter", "chapter_title", "paragraph",
                "position", "clause", "text", "line_start", "line_end",
            },
            mode="json",
        )


class Position(BaseModel):
    id: str
    section: int
    chapter: int
    chapter_title: str
    paragraph: int | None
    title: str
    line_start: int
    clause_ids: list[str] = Field(default_factory=list)


class Chapter(BaseModel):
    number: int
    title: str
    section: int | None
    line_start: int


class Section(BaseModel):
    number: int
    title: str
    line_start: int


class Document(BaseModel):
    sha256: str
    sections: list[Section]
    chapters: list[Chapter]
    positions: list[Position]
    clauses: list[Clause]
    notes: list[Note] = Field(default_factory=list)
    _index: dict[str, Clause] | None = PrivateAttr(default=None)

    def clause(self, clause_id: str) -> Clause:
        return self._clause_index()[clause_id]

    def position(self, position_id: str) -> Position:
        return {p.id: p for p in self.positions}[position_id]

    def clauses_of(self, position_id: str) -> list[Clause]:
        return [c for c in self.clauses if c.position_id == position_id]

    def _clause_index(self) -> dict[str, Clause]:
        if self._index is None:
            self._index = {c.id: c for c in self.clauses}
        return self._index
