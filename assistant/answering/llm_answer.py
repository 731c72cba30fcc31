"""Phrasing an answer with the optional LLM, under guards.

The extractive answer is computed first and stays the source of truth. The model is shown the
items of the retrieved clauses that answer (not whole clauses, so the prompt stays small) and, for
an eligibility question, the checker's verdict. Its reply passes :mod:`assistant.answering.llm_guards`: what
is shown is the checker's verdict sentence (our own, from the extractive renderer) followed by the
model's sentences that state no verdict, no figure beyond the rule figures of the clauses they cite
and cite only retrieved clauses; the citations shown are exactly those. A reply that fails is
replaced by the extractive answer, with a notice saying why.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from .answer import Answer, Citation
from ..eligibility import EligibilityResult, eligibility_tool
from .extract import excerpt, heading_and_body
from ..search.lexical import document_terms, query_terms
from .llm import LLMAnswerer
from .llm_guards import Rejected, guard_reply, notice

if TYPE_CHECKING:
    from .chain import Assistant

log = logging.getLogger(__name__)


def phrase_with_llm(assistant: Assistant, question: str, base: Answer, context_ids: list[str]) -> Answer:
    """The LLM's answer to ``question`` with guards applied; the extractive ``base`` with a notice when
    the reply is rejected; :class:`LLMUnavailable` when the endpoint fails."""
    settings = assistant.settings
    doc = assistant.retriever.document
    shown = prompt_context(assistant, question, base, context_ids, settings.llm_max_prompt_chars)
    context = [(cid, f"{head}: {items}") for cid, head, items in shown]
    answerer = LLMAnswerer(assistant.chat_model(), [eligibility_tool], deadline_s=settings.llm_deadline_s,
                           request_timeout_s=settings.llm_timeout_s)
    lead = verdict_sentence(base) if base.eligibility is not None else ""
    draft = answerer.draft(question, base.lang, context, note=lead)
    retrieved = {cid: doc.clause(cid) for cid, _, _ in shown}
    try:
        kept = guard_reply(draft.text, question, base.lang, retrieved, base.answer, settings.llm_max_answer_chars,
                           checker_figures(base.eligibility))
    except Rejected as exc:
        log.warning("LLM reply rejected (%s), the extractive answer is shown", exc.reason)
        return base.model_copy(update={"notice": notice(exc.reason, base.lang), "llm_tokens": draft.tokens})
    if kept.removed:
        log.warning("removed LLM sentences: %s", kept.removed)
    items = {cid: quote for cid, _, quote in shown}
    citations = [_citation(assistant, base, cid, items[cid]) for cid in kept.cited]
    text = f"{lead}\n\n{kept.text}" if lead else kept.text
    return base.model_copy(update={"answer": text, "mode": "llm", "citations": citations, "llm_tokens": draft.tokens})


def prompt_context(assistant: Assistant, question: str, base: Answer, context_ids: list[str],
                   budget: int) -> list[tuple[str, str, str]]:
    """[(clause id, heading, its items that answer)]: the extractive answer's quotes first, then the
    items of the other retrieved clauses that share the question's words, within ``budget`` characters."""
    from .chain import content_terms  # the chain imports this module lazily; no cycle at import time

    doc = assistant.retriever.document
    quotes = {c.id: c.quote for c in base.citations}
    terms = set(query_terms(question, doc=doc))
    out: list[tuple[str, str, str]] = []
    used = 0
    for cid in dict.fromkeys([*quotes, *context_ids]):
        clause = doc.clause(cid)
        items = quotes.get(cid) or excerpt(clause, content_terms(terms, clause), document_terms).quote
        head = " — ".join(p for p in (clause.position, heading_and_body(clause.text)[0]) if p)
        if used + len(head) + len(items) > budget:
            items = _cut(items, budget - used - len(head))
            if not items:
                break
        out.append((cid, head, items))
        used += len(head) + len(items)
    return out


def _cut(items: str, room: int) -> str:
    """The leading items («a; b; c») that fit in ``room`` characters, marked as cut; "" when none fits."""
    kept = ""
    for item in items.split("; "):
        longer = f"{kept}; {item}" if kept else item
        if len(longer) + 2 > room:
            break
        kept = longer
    return f"{kept} …" if kept else ""


def checker_figures(result: EligibilityResult | None) -> dict[str, frozenset[float]]:
    """For an eligibility answer, the figures of the routes the checker applied to the person, per
    clause: the only durations the model may state for them (never the person's years nor the
    shortfall)."""
    if result is None:
        return {}
    figures = {result.citation.id: frozenset(float(c.min_years) for r in result.routes
                                                    for c in r.conditions if c.min_years is not None)}
    for conflict in result.conflicts:
        for p in conflict.provisions:
            extra = {float(p.min_years)} if p.min_years is not None else set()
            figures[p.citation.id] = figures.get(p.citation.id, frozenset()) | extra
    return figures


def verdict_sentence(base: Answer) -> str:
    """The checker's verdict as the extractive renderer words it: the first line of its explanation."""
    result = base.eligibility
    text = result.explanation_ru if base.lang == "ru" else result.explanation_kk
    return re.split(r"\n", text.strip(), maxsplit=1)[0]


def _citation(assistant: Assistant, base: Answer, clause_id: str, items: str) -> Citation:
    known = next((c for c in base.citations if c.id == clause_id), None)
    if known is not None:
        return known
    return assistant._citation(assistant.retriever.document.clause(clause_id), base.lang, items)
