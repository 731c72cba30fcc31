"""The one grammar of ids: positions, clauses, level items and searchable items.

Ids are stable: the vector store, citations, the API, the rules data and the evaluation's gold
labels all use them. Their shape:

- a position: ``ch2.p2`` (``ch9`` has no paragraph; chapter 3 prints «14-параграф» twice, the second
  is ``ch3.p14b``);
- a clause: ``<position>.c12``, ``ch1.c3`` (chapter 1 has no position), ``order.c6`` (the order's own);
- a level item of a competence clause: ``<clause>.l5`` (the level's rank, 1 = педагог … 5 = шебер);
- a searchable item (one duty, one knowledge item): ``<clause>.i3`` or ``<clause>.l5.i2``.

Everything that writes or reads an id goes through this module.
"""

from __future__ import annotations

import re

POSITION = r"ch\d+(?:\.p\d+b?)?"
CLAUSE = rf"(?:{POSITION}|order)\.c\d+"
LEVEL = r"\.l[1-5]"

_FULL_RE = re.compile(rf"^({CLAUSE})(?:\.l([1-5]))?(?:\.i(\d+))?$")
# An id written inside a sentence (an LLM reply, a message), optionally in brackets.
CITED_RE = re.compile(rf"[\[(]?\b({CLAUSE})(?:{LEVEL})?\b[\])]?", re.IGNORECASE)


def position_id(chapter: int, paragraph: int | None, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """``ch2.p2``; a paragraph number printed twice in one chapter gets ``b`` the second time."""
    base = f"ch{chapter}" + (f".p{paragraph}" if paragraph is not None else "")
    return base if base not in taken else base + "b"


def printed_again(any_id: str) -> bool:
    """Whether an id lies in a paragraph whose number the chapter prints a second time (``ch3.p14b…``)."""
    return re.match(rf"^ch\d+\.p\d+b(?:\.|$)", any_id) is not None


def clause_id(number: int, position: str | None = None, chapter: int | None = None) -> str:
    """A clause of a position, of a chapter without one (``ch1.c3``), or of the order (``order.c6``)."""
    if position:
        return f"{position}.c{number}"
    return f"ch{chapter}.c{number}" if chapter is not None else f"order.c{number}"


def level_id(clause: str, rank: int) -> str:
    return f"{clause}.l{rank}"


def item_id(owner: str, number: int) -> str:
    """The ``number``-th item of a clause or of a level item."""
    return f"{owner}.i{number}"


def is_id(text: str) -> bool:
    return _FULL_RE.match(text) is not None


def clause_of(any_id: str) -> str:
    """The clause an id belongs to (``ch2.p2.c13.l5.i2`` → ``ch2.p2.c13``); the id itself otherwise."""
    m = _FULL_RE.match(any_id)
    return m.group(1) if m else any_id


def is_level_id(text: str) -> bool:
    m = _FULL_RE.match(text)
    return m is not None and m.group(2) is not None and m.group(3) is None
