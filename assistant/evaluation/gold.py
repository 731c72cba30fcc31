"""The question set (eval/questions.jsonl) and the one rule for matching a clause to a gold label.

A gold label names a clause as people cite it: chapter, paragraph, clause number as
printed, and the Kazakh position title. The triple alone is enough except where the
regulation prints it twice (the two «14-параграф» of chapter 3 both number clauses
92–94): there the position title must match too. Every suite uses :func:`matches_gold`.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from ..regulation.document import Clause, Document
from ..errors import InputError
from ..language.textnorm import normalise


class GoldClause(BaseModel):
    chapter: int | None = Field(description="None for the order's own clauses (order.c1 … order.c6), which precede the appendix")
    paragraph: int | None
    clause: int
    position_kk: str | None


class Question(BaseModel):
    id: str
    lang: Literal["kk", "ru"]
    question: str
    answerable: bool
    gold_clauses: list[GoldClause]
    must_mention: list[str] = []
    evidence: str = ""


def load_questions(path: Path) -> list[Question]:
    """Every question of a JSONL file; a missing file or a bad line is an InputError naming the line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read the question file {path}: {exc.strerror}") from exc
    questions = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            questions.append(Question.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as exc:
            reason = str(exc).splitlines()[0]
            raise InputError(f"{path.name}, line {number}: not a valid question ({reason})") from exc
    return questions


_TWICE: dict[str, frozenset[tuple[int | None, int | None, int]]] = {}


def _printed_twice(doc: Document) -> frozenset[tuple[int | None, int | None, int]]:
    """(chapter, paragraph, clause) triples that the regulation prints for two clauses."""
    if doc.sha256 not in _TWICE:
        triples = Counter((c.chapter, c.paragraph, c.clause) for c in doc.clauses if c.chapter is not None)
        _TWICE[doc.sha256] = frozenset(t for t, n in triples.items() if n > 1)
    return _TWICE[doc.sha256]


def matches_gold(doc: Document, clause: Clause, gold: GoldClause) -> bool:
    """Whether ``clause`` is the clause the gold label names."""
    triple = (clause.chapter, clause.paragraph, clause.clause)
    if triple != (gold.chapter, gold.paragraph, gold.clause):
        return False
    if triple not in _printed_twice(doc):
        return True
    return gold.position_kk is not None and normalise(gold.position_kk) == normalise(clause.position or "")


def first_gold_rank(doc: Document, clause_ids: list[str], golds: list[GoldClause]) -> int | None:
    """1-based rank of the first retrieved clause that matches any gold label, or None."""
    for rank, clause_id in enumerate(clause_ids, start=1):
        clause = doc.clause(clause_id)
        if any(matches_gold(doc, clause, g) for g in golds):
            return rank
    return None
