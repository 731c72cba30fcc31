"""Resolving what people write as a clause reference.

A clause number alone is not a unique citation: the order and chapter 1 both
number their clauses 1–6, and chapter 3 prints clauses 92–94 twice. So a
reference is one of: a clause id (``ch2.p2.c12``), a level id
(``ch2.p2.c13.l5``), a ``chapter.paragraph.clause`` triple (``2.2.12``, with
``0`` or ``-`` for no paragraph) or a bare clause number; anything that fits
several clauses is refused with the candidates.
"""

from __future__ import annotations

import re

from .ids import clause_of
from .document import Clause, Document
from ..errors import AmbiguousReference, UnknownReference

TRIPLE_RE = re.compile(r"^(\d+)\.(\d+|-)?\.(\d+)$")
NUMBER_RE = re.compile(r"^\d+$")


def resolve_clause(doc: Document, ref: str) -> Clause:
    ref = ref.strip()
    base = clause_of(ref)
    try:
        return doc.clause(base)
    except KeyError:
        pass
    candidates = _candidates(doc, ref)
    if not candidates:
        raise UnknownReference(f"no clause matches «{ref}»; use an id such as ch2.p2.c12 or a triple such as 2.2.12")
    if len(candidates) > 1:
        ids = [c.id for c in candidates]
        raise AmbiguousReference(
            f"«{ref}» matches {len(ids)} clauses: {', '.join(ids)}; name one of them by its id", ids
        )
    return candidates[0]


def _candidates(doc: Document, ref: str) -> list[Clause]:
    if NUMBER_RE.match(ref):
        return [c for c in doc.clauses if c.clause == int(ref)]
    m = TRIPLE_RE.match(ref)
    if m:
        chapter, paragraph, number = int(m.group(1)), m.group(2), int(m.group(3))
        para = None if paragraph in (None, "-", "0") else int(paragraph)
        return [c for c in doc.clauses if (c.chapter, c.paragraph, c.clause) == (chapter, para, number)]
    return []
