"""Item-level vectors: every item of every clause, embedded with its position title in front.

A clause is embedded whole for the search index, so whatever lies past e5's 512 tokens of a long
duties or competence clause is invisible to it, and one duty among thirty is diluted by the rest.
Each item of a clause (:func:`assistant.answering.extract.items_of`: a duty, a knowledge item, a requirement
alternative, a competence item) therefore gets a vector of its own, embedded as
«<position>. <item>» like the duty items of :mod:`assistant.search.duties` (whose texts and ids it shares,
so their vectors are the same). Ids are stable: ``<clause id>.i<n>``, and within a competence level
``<level id>.i<n>`` (``ch2.p2.c13.l5.i2``); each item maps back to its clause.

The dense half of the search scores a clause by its own vector and its best item
(``Settings.item_pooling``; see :meth:`ItemIndex.clause_scores`). The vectors are built where the
search index is built, from the file shipped with the corpus (``items`` group: every item not
already shipped as a duty item), and stored beside the index (``items.npz``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..regulation.document import Clause, ClauseKind, Document
from ..regulation.ids import item_id
from .duties import DutyIndex
from ..answering.extract import items_of

# Bump when the item texts change in a way the corpus hash would not show.
SCHEME = "title+clause-item/v1"
FILE_NAME = "items.npz"


@dataclass(frozen=True)
class ClauseItem:
    """One item of a clause («ch3.p13.c88.i3», «ch2.p2.c13.l5.i2»), embedded with the position's title in front."""

    id: str
    clause_id: str
    kind: str
    position_id: str | None
    text: str


def _heading(clause: Clause) -> str:
    return clause.position or clause.chapter_title or ""


def _items_of_clause(clause: Clause) -> list[ClauseItem]:
    head = _heading(clause)
    out: list[ClauseItem] = []
    counters: dict[str, int] = {}
    levels = {lv.level: lv.id for lv in clause.levels}
    for item in items_of(clause):
        prefix = levels.get(item.level, clause.id) if item.level is not None else clause.id
        counters[prefix] = counters.get(prefix, 0) + 1
        text = f"{head}. {item.text}" if head else item.text
        out.append(ClauseItem(item_id(prefix, counters[prefix]), clause.id, clause.kind.value, clause.position_id, text))
    return out


def clause_items(doc: Document) -> list[ClauseItem]:
    """Every item of every clause, in document order (the items of one clause are consecutive)."""
    return [item for clause in doc.clauses for item in _items_of_clause(clause)]


def shipped_items(doc: Document) -> list[ClauseItem]:
    """The items the shipped file holds in its own group: all but the duty items (shipped as ``duties``)."""
    return [i for i in clause_items(doc) if i.kind != ClauseKind.DUTIES.value]


class ItemIndex(DutyIndex):
    """The vectors of every clause item for one embedder, stored beside the search index."""

    file_name = FILE_NAME
    scheme = SCHEME

    def _make_items(self, document: Document) -> list[ClauseItem]:
        return clause_items(document)

    def _use(self, vectors: np.ndarray) -> None:
        items = self.items()
        self._vectors = np.asarray(vectors, dtype=np.float32)
        self._clauses = np.array([i.clause_id for i in items])
        self._kinds = np.array([i.kind for i in items])
        self._item_positions = np.array([i.position_id or "" for i in items])
        # consecutive runs of one clause: reduceat over their starts gives each clause's best item
        starts = [0] + [n for n in range(1, len(items)) if items[n].clause_id != items[n - 1].clause_id]
        self._starts = np.array(starts, dtype=np.int64)
        self._run_clause = [items[s].clause_id for s in starts]
        self._owners = self._clauses

    def within(self, query: np.ndarray, clause_id: str) -> list[float]:
        """The cosine of each item of one clause with ``query``, in the clause's order (level items included)."""
        rows = np.flatnonzero(self._clauses == clause_id)
        return [float(s) for s in self._vectors[rows] @ np.asarray(query, dtype=np.float32)]

    def clause_scores(self, query: np.ndarray, kinds: list[str] | None = None,
                      position_ids: list[str] | None = None, pooling: str = "max",
                      temperature: float = 0.02) -> dict[str, tuple[float, str]]:
        """(pooled item score, best item id) of every clause allowed by ``kinds``/``position_ids``.

        ``max``: the best item's cosine. ``softmax``: τ·log Σ exp(cosine/τ) over the clause's items
        (the best item plus a bonus for other items that match nearly as well)."""
        scores = self._vectors @ np.asarray(query, dtype=np.float32)
        allowed = np.ones(len(scores), dtype=bool)
        if kinds:
            allowed &= np.isin(self._kinds, kinds)
        if position_ids:
            allowed &= np.isin(self._item_positions, position_ids)
        masked = np.where(allowed, scores, -np.inf)
        best = np.maximum.reduceat(masked, self._starts)
        out: dict[str, tuple[float, str]] = {}
        bounds = list(self._starts) + [len(scores)]
        for n, clause_id in enumerate(self._run_clause):
            if not np.isfinite(best[n]):
                continue
            lo, hi = bounds[n], bounds[n + 1]
            top = lo + int(np.argmax(masked[lo:hi]))
            value = float(best[n])
            if pooling == "softmax":
                run = masked[lo:hi]
                value = float(best[n] + temperature * np.log(np.exp((run[np.isfinite(run)] - best[n]) / temperature).sum()))
            out[clause_id] = (value, self.items()[top].id)
        return out
