"""Gold labels: the clause ids that answer a question, and the forms people may write them in.

Every committed set labels its questions with clause ids (``ch2.p2.c12``, ``order.c6``), the ids
the store, the citations and the API use; so does every loaded question (:mod:`.sets`). QA staff
may still write a label as people cite it — chapter, paragraph, clause number as printed and
the Kazakh position title (:class:`GoldClause`, or ``2.2.12``) — and the loader resolves it to
its id once. The triple alone is enough except where the regulation prints it twice (the two
«14-параграф» of chapter 3 both number clauses 92–95): there the position title must match too.
"""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel, Field

from ..regulation.document import Clause, Document
from ..language.textnorm import normalise


class GoldClause(BaseModel):
    """A clause as people cite it (an input form, resolved to its clause id when a set is read)."""

    chapter: int | None = Field(description="None for the order's own clauses (order.c1 … order.c6), which precede the appendix")
    paragraph: int | None
    clause: int
    position_kk: str | None


_TWICE: dict[str, frozenset[tuple[int | None, int | None, int]]] = {}


def _printed_twice(doc: Document) -> frozenset[tuple[int | None, int | None, int]]:
    """(chapter, paragraph, clause) triples that the regulation prints for two clauses."""
    if doc.sha256 not in _TWICE:
        triples = Counter((c.chapter, c.paragraph, c.clause) for c in doc.clauses if c.chapter is not None)
        _TWICE[doc.sha256] = frozenset(t for t, n in triples.items() if n > 1)
    return _TWICE[doc.sha256]


def matches_gold(doc: Document, clause: Clause, gold: GoldClause) -> bool:
    """Whether ``clause`` is the clause the written label names."""
    triple = (clause.chapter, clause.paragraph, clause.clause)
    if triple != (gold.chapter, gold.paragraph, gold.clause):
        return False
    if triple not in _printed_twice(doc):
        return True
    return gold.position_kk is not None and normalise(gold.position_kk) == normalise(clause.position or "")


def clauses_named(doc: Document, gold: GoldClause) -> list[Clause]:
    """Every clause a written label matches: one when it names a clause, none or two when not."""
    return [c for c in doc.clauses if matches_gold(doc, c, gold)]


def first_gold_rank(clause_ids: list[str], golds: list[str]) -> int | None:
    """1-based rank of the first retrieved or cited clause id that is a gold clause id, or None."""
    wanted = set(golds)
    return next((rank for rank, clause_id in enumerate(clause_ids, start=1) if clause_id in wanted), None)
