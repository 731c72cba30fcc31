"""Structure-aware parser of the regulation text (extracted from the official PDF).

The text is read line by line. Headings start at column 0 and run until a blank
line; clauses start with six spaces and «N. ». Everything else continues the
current block. Quirks of the official text are handled where they occur and
are pinned by tests (tests/test_parse.py).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from .ids import clause_id, level_id, position_id
from .document import (
    Chapter, Clause, ClauseKind, Document, Level, LevelText, Note, Position, Section,
)
from ..errors import CorpusError

# «1- Параграф.», «11- параграф.», «2-параграф.», «Параграф 16.»
PARAGRAPH_RE = re.compile(r"^(?:(\d+)\s*-\s*[Пп]араграф|[Пп]араграф\s+(\d+))\.\s*(.*)$")
CHAPTER_RE = re.compile(r"^(\d+)-тарау\.\s*(.*)$")
# «1-бөлім.» and «Бөлім 2.»; the chapter-9 heading is glued to the section-2 heading.
SECTION_RE = re.compile(r"^(?:(\d+)-бөлім|Бөлім\s+(\d+))\.\s*(.*)$")
GLUED_CHAPTER_RE = re.compile(r"\s(\d+)-тарау\.\s*")
CLAUSE_RE = re.compile(r"^ {6}(\d+)\.\s+(.*)$")
NOTE_RE = re.compile(r"^\s*Ескерту\.")
SIGNATURE_RE = re.compile(r"^\s*Министр\s")
APPENDIX_START_RE = re.compile(r"^\s*бекітілген\s*$")
LEVEL_RE = re.compile(
    r'^\s+([1-5])\)\s*"?\s*(шебер-педагог|педагог(?:\s*[-–]\s*(модератор|сарапшы|зерттеуші|шебер))?)\s*"?\s*:'
)
LEVEL_BY_SUFFIX = {
    None: Level.PEDAGOG, "модератор": Level.MODERATOR, "сарапшы": Level.EXPERT,
    "зерттеуші": Level.RESEARCHER, "шебер": Level.MASTER,
}

# Latin letters the PDF uses in place of Kazakh ones («Бiлiктiлiкке»).
_LATIN_LOOKALIKES = str.maketrans({"i": "і", "I": "І"})
# Clause headings, matched on a lower-cased, Latin-normalised start of the text.
KIND_HEADINGS = [
    (ClauseKind.DUTIES, re.compile(r"^лауазымдық міндеттері")),
    (ClauseKind.KNOWLEDGE, re.compile(r"^білуге (тиіс|міндетті)")),
    (ClauseKind.REQUIREMENTS, re.compile(r"^біліктілікке қойылатын талаптар")),
    (ClauseKind.COMPETENCE, re.compile(r"^кәсіби құзыр\w*\s+айқындай")),
]
# A position's clauses always come in this order; a clause without a heading
# (clause 316) takes its kind from its place.
KIND_ORDER = [ClauseKind.DUTIES, ClauseKind.KNOWLEDGE, ClauseKind.REQUIREMENTS, ClauseKind.COMPETENCE]


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines into one string without changing any word.

    A line ending in «letter-» continues a hyphenated compound («педагог-» +
    «сарапшы»), so it is joined without a space; so are brackets and
    punctuation that the PDF wrapped onto a line of their own.
    """
    text = ""
    for raw in lines:
        part = " ".join(raw.split())
        if not part:
            continue
        if not text:
            text = part
        elif re.search(r"\w-$", text) or text.endswith("(") or part[0] in ").,;:":
            text += part
        else:
            text += " " + part
    return text


def kind_from_heading(text: str) -> ClauseKind | None:
    head = text[:80].translate(_LATIN_LOOKALIKES).lower()
    for kind, pattern in KIND_HEADINGS:
        if pattern.match(head):
            return kind
    return None


@dataclass
class _Block:
    """Lines gathered for one clause or heading while scanning."""

    kind: str
    number: int
    first: int
    lines: list[tuple[int, str]] = field(default_factory=list)
    notes: list[list[tuple[int, str]]] = field(default_factory=list)
    note_open: bool = False

    def add(self, lineno: int, line: str) -> None:
        if NOTE_RE.match(line):
            self.notes.append([])
            self.note_open = True
        if not self.note_open:
            self.lines.append((lineno, line))
            return
        self.notes[-1].append((lineno, line))
        # Every amendment note of this act ends with «…бұйрығымен.»
        if line.rstrip().endswith("бұйрығымен."):
            self.note_open = False

    def span(self) -> tuple[int, int]:
        numbered = [n for n, line in self.lines if line.strip()]
        return numbered[0], numbered[-1]


@dataclass
class _Scanner:
    lines: list[str]
    sha256: str
    sections: list[Section] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    block: _Block | None = None
    heading: list[tuple[int, str]] | None = None
    in_appendix: bool = False
    started: bool = False

    # -- driving loop -------------------------------------------------------
    def run(self) -> Document:
        for lineno, line in enumerate(self.lines, start=1):
            self.feed(lineno, line)
        self.close_heading()
        self.close_block()
        return Document(
            sha256=self.sha256, sections=self.sections, chapters=self.chapters,
            positions=self.positions, clauses=self.clauses, notes=self.notes,
        )

    def feed(self, lineno: int, line: str) -> None:
        if self.heading is not None:
            if line.strip():
                self.heading.append((lineno, line))
                return
            self.close_heading()
            return
        if self.is_heading(line):
            self.close_block()
            self.heading = [(lineno, line)]
            return
        match = CLAUSE_RE.match(line)
        if match and self.accepts_clause(int(match.group(1))):
            self.close_block()
            self.block = _Block("clause", int(match.group(1)), lineno)
            self.block.add(lineno, match.group(2))
            self.started = True
            return
        self.feed_other(lineno, line)

    def feed_other(self, lineno: int, line: str) -> None:
        if SIGNATURE_RE.match(line) or (not self.in_appendix and APPENDIX_START_RE.match(line)):
            # The minister's signature ends the order; the approval stamp starts the appendix.
            self.close_block()
            self.in_appendix = self.in_appendix or bool(APPENDIX_START_RE.match(line))
            return
        if NOTE_RE.match(line) and self.block is None:
            self.block = _Block("note", 0, lineno)
        if self.block is not None:
            self.block.add(lineno, line)

    def is_heading(self, line: str) -> bool:
        if not self.in_appendix:
            return False
        return bool(CHAPTER_RE.match(line) or PARAGRAPH_RE.match(line) or SECTION_RE.match(line))

    def accepts_clause(self, number: int) -> bool:
        # Inside a clause, numbered lines of the text itself never take the form
        # «      N. » except for the next clause number, or a restart after a heading.
        if self.block is None or self.block.kind != "clause":
            return True
        return number == self.block.number + 1

    # -- headings -----------------------------------------------------------
    def close_heading(self) -> None:
        if self.heading is None:
            return
        lineno = self.heading[0][0]
        text = join_lines([line for _, line in self.heading])
        self.heading = None
        if m := SECTION_RE.match(text):
            self.open_section(lineno, text, m)
        elif m := CHAPTER_RE.match(text):
            self.open_chapter(lineno, int(m.group(1)), m.group(2))
        elif m := PARAGRAPH_RE.match(text):
            self.open_position(lineno, int(m.group(1) or m.group(2)), m.group(3))

    def open_section(self, lineno: int, text: str, m: re.Match) -> None:
        number = int(m.group(1) or m.group(2))
        title = m.group(3)
        glued = GLUED_CHAPTER_RE.search(title)
        if glued:  # «Бөлім 2. … сипаттамалары 9-тарау. …»
            title, chapter_title = title[: glued.start()], title[glued.end():]
        self.sections.append(Section(number=number, title=title.strip(), line_start=lineno))
        if glued:
            self.open_chapter(lineno, int(glued.group(1)), chapter_title)

    def open_chapter(self, lineno: int, number: int, title: str) -> None:
        section = self.sections[-1].number if self.sections else None
        self.chapters.append(Chapter(number=number, title=title.strip(), section=section, line_start=lineno))
        if number == 9:
            # Chapter 9 describes one position and has no paragraph heading:
            # the chapter title is the position title.
            self.open_position(lineno, None, title)

    def open_position(self, lineno: int, paragraph: int | None, title: str) -> None:
        chapter = self.chapters[-1]
        # The official text prints «14-параграф» twice in chapter 3: the second is «p14b».
        pid = position_id(chapter.number, paragraph, {p.id for p in self.positions})
        self.positions.append(Position(
            id=pid, section=chapter.section, chapter=chapter.number, chapter_title=chapter.title,
            paragraph=paragraph, title=title.strip(), line_start=lineno,
        ))

    # -- clauses ------------------------------------------------------------
    def close_block(self) -> None:
        block, self.block = self.block, None
        if block is None:
            return
        notes = [self.make_note(n) for n in block.notes]
        if block.kind == "note":
            self.notes.extend(notes)
            return
        clause = self.make_clause(block)
        clause.notes = notes
        self.clauses.append(clause)

    @staticmethod
    def make_note(lines: list[tuple[int, str]]) -> Note:
        nonblank = [n for n, line in lines if line.strip()]
        return Note(text=join_lines([l for _, l in lines]), line_start=nonblank[0], line_end=nonblank[-1])

    def make_clause(self, block: _Block) -> Clause:
        text = join_lines([line for _, line in block.lines])
        start, end = block.span()
        ctx = self.context()
        kind = self.clause_kind(text, ctx["position_id"])
        cid = self.clause_id(ctx, block.number)
        levels = self.levels(cid, block) if kind is ClauseKind.COMPETENCE else []
        if ctx["position_id"]:
            self.positions[-1].clause_ids.append(cid)
        return Clause(
            id=cid, kind=kind, clause=block.number, text=text,
            line_start=start, line_end=end, levels=levels, **ctx,
        )

    def context(self) -> dict:
        if not self.in_appendix:
            return dict(section=None, chapter=None, chapter_title=None, paragraph=None,
                        position_id=None, position=None)
        chapter = self.chapters[-1]
        position = self.positions[-1] if self.positions and self.positions[-1].chapter == chapter.number else None
        return dict(
            section=chapter.section, chapter=chapter.number, chapter_title=chapter.title,
            paragraph=position.paragraph if position else None,
            position_id=position.id if position else None,
            position=position.title if position else None,
        )

    def clause_id(self, ctx: dict, number: int) -> str:
        return clause_id(number, ctx["position_id"], ctx["chapter"])

    def clause_kind(self, text: str, position_id: str | None) -> ClauseKind:
        if not self.in_appendix:
            return ClauseKind.ORDER
        if position_id is None:
            return ClauseKind.INTRO
        by_heading = kind_from_heading(text)
        if by_heading is not None:
            return by_heading
        taken = len(self.positions[-1].clause_ids)
        if taken >= len(KIND_ORDER):
            raise CorpusError(f"clause without a heading after a complete position: {text[:60]!r}")
        return KIND_ORDER[taken]

    @staticmethod
    def levels(clause_id: str, block: _Block) -> list[LevelText]:
        items: list[tuple[Level, int, list[tuple[int, str]]]] = []
        for lineno, line in block.lines:
            m = LEVEL_RE.match(line)
            if m:
                level = Level.MASTER if m.group(2) == "шебер-педагог" else LEVEL_BY_SUFFIX[m.group(3)]
                items.append((level, int(m.group(1)), []))
            if items:
                items[-1][2].append((lineno, line))
        out = []
        for level, number, lines in items:
            nonblank = [n for n, l in lines if l.strip()]
            out.append(LevelText(
                id=level_id(clause_id, level.rank), level=level, number=number,
                text=join_lines([l for _, l in lines]), line_start=nonblank[0], line_end=nonblank[-1],
            ))
        return out


def parse_text(raw: bytes) -> Document:
    """Parse the corpus bytes into a :class:`Document`."""
    text = raw.decode("utf-8")
    scanner = _Scanner(lines=text.splitlines(), sha256=hashlib.sha256(raw).hexdigest())
    return scanner.run()
