"""Choosing the sentences of a clause that answer a question (the extractive answerer's core).

A clause of this regulation is a heading followed by items separated by «;»
(duties, knowledge, requirement alternatives); competence clauses hold one
block of items per qualification level. We quote the items that share the
most terms with the question, in their original order, and say how many were
left out — never a dump of a whole long clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from ..regulation.document import Clause, ClauseKind, Level

Analyzer = Callable[[str], list[str]]

MAX_ITEMS = 5
MAX_QUOTE_CHARS = 900
# A general question («what are the duties of …») is answered by the list itself: show more of it.
GENERAL_ITEMS = 12
GENERAL_QUOTE_CHARS = 1600
# A yes/no question is answered «Да» only when one item stands out from the rest of its clause: its
# cosine with the question leads the next item's by SUPPORT_MARGIN and lies SUPPORT_Z standard
# deviations above the clause's mean. Set on eval/yesno/dev.jsonl (items that say what was asked vs
# duties the clause does not name: the absent ones never led by more than 0.012); measured on the
# held-out split, which nobody tuning reads.
SUPPORT_MARGIN = 0.015
SUPPORT_Z = 2.0
CLOSEST_ITEMS = 3
# Requirements clauses are quoted whole when short: their alternatives («немесе») belong together.
WHOLE_REQUIREMENTS_CHARS = 1200
ITEM_SPLIT_RE = re.compile(r";\s+")


@dataclass(frozen=True)
class Item:
    text: str
    level: Level | None = None


@dataclass(frozen=True)
class Excerpt:
    clause_id: str
    items: list[str]
    total_items: int
    level: Level | None = None

    @property
    def quote(self) -> str:
        text = "; ".join(self.items)
        return text if len(self.items) == self.total_items else text + " …"

    @property
    def omitted(self) -> int:
        return self.total_items - len(self.items)


def heading_and_body(text: str) -> tuple[str, str]:
    head, sep, body = text.partition(":")
    if sep and len(head) < 120:
        return head.strip(), body.strip()
    return "", text


def items_of(clause: Clause, level: Level | None = None) -> list[Item]:
    if clause.levels:
        blocks = [lv for lv in clause.levels if level is None or lv.level is level] or clause.levels
        return [Item(t, lv.level) for lv in blocks for t in _split(lv.text)]
    return [Item(t) for t in _split(heading_and_body(clause.text)[1])]


def _split(text: str) -> list[str]:
    return [part.strip(" ;") for part in ITEM_SPLIT_RE.split(text) if part.strip(" ;")]


def excerpt(clause: Clause, terms: set[str], analyze: Analyzer, level: Level | None = None,
            closeness: list[float] | None = None) -> Excerpt:
    """The items of ``clause`` sharing most of the question's ``terms`` (analysed by ``analyze``); with
    ``closeness`` (each item's cosine with a yes/no question), the closest items, closest first."""
    items = items_of(clause, level)
    chosen_level = items[0].level if level is not None and items else None
    if closeness is not None and not clause.levels and len(closeness) == len(items):
        chosen = _closest_items(items, closeness, terms, analyze)
    elif clause.kind is ClauseKind.REQUIREMENTS and len(clause.text) <= WHOLE_REQUIREMENTS_CHARS:
        chosen = items
    elif chosen_level is not None:
        chosen = _within_budget(items)  # the items of the level asked about
    else:
        chosen = _best_items(items, terms, analyze)
    return Excerpt(clause.id, [i.text for i in chosen], len(items), chosen_level)


def _closest_items(items: list[Item], closeness: list[float], terms: set[str], analyze: Analyzer) -> list[Item]:
    """The items closest to a yes/no question by their vectors, and those sharing most of its words (the
    two readings miss different items), closest first, within the quote's budget."""
    by_vector = sorted(range(len(items)), key=lambda i: -closeness[i])[:CLOSEST_ITEMS]
    by_words = [items.index(i) for i in _best_items(items, terms, analyze)] if terms else []
    picked = set(by_vector) | set(by_words[:CLOSEST_ITEMS])
    return _within_budget([items[i] for i in sorted(picked, key=lambda i: -closeness[i])])


def supporting_item(closeness: list[float]) -> int | None:
    """The index of the one item that stands out as saying what a yes/no question asks, if one does."""
    if len(closeness) < 3:
        return None
    ranked = sorted(closeness, reverse=True)
    mean = sum(closeness) / len(closeness)
    spread = (sum((c - mean) ** 2 for c in closeness) / len(closeness)) ** 0.5
    if ranked[0] - ranked[1] < SUPPORT_MARGIN or not spread or (ranked[0] - mean) / spread < SUPPORT_Z:
        return None
    return closeness.index(ranked[0])


def _best_items(items: list[Item], terms: set[str], analyze: Analyzer) -> list[Item]:
    scores = [len(terms & set(analyze(item.text))) for item in items]
    best = max(scores, default=0)
    if best == 0:  # a general question: the list from its start
        return _within_budget(items[:GENERAL_ITEMS], GENERAL_QUOTE_CHARS)
    ranked = sorted(range(len(items)), key=lambda i: -scores[i])
    picked = sorted(i for i in ranked[:MAX_ITEMS] if scores[i] * 2 >= best)
    return _within_budget([items[i] for i in picked])


def _within_budget(items: list[Item], budget: int = MAX_QUOTE_CHARS) -> list[Item]:
    out, used = [], 0
    for item in items:
        if out and used + len(item.text) > budget:
            break
        out.append(item)
        used += len(item.text)
    return out
