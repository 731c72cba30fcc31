"""Phrasing an answer with the optional LLM, under guards.

The extractive answer is computed first and stays the source of truth: its
citations bound what the LLM may cite (plus the other retrieved clauses), and
its eligibility result — computed by the deterministic checker from the user's
own words, never from the model's tool calls — bounds every years figure.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .answer import Answer
from .eligibility import EligibilityResult, eligibility_tool
from .language.figures import read_figures
from .errors import LLMUnavailable
from .llm import LLMAnswerer, build_chat_model, guard_citations, guard_figures
from .textnorm import fold_kazakh, normalise

if TYPE_CHECKING:
    from .chain import Assistant


def phrase_with_llm(assistant: Assistant, question: str, base: Answer, context_ids: list[str]) -> Answer:
    """The LLM's answer to ``question`` with guards applied, or :class:`LLMUnavailable`."""
    doc = assistant.retriever.document
    context = [(cid, doc.clause(cid).text) for cid in context_ids]
    answerer = LLMAnswerer(assistant.chat_model(), [eligibility_tool])
    draft = answerer.draft(question, base.lang, context)
    text, kept, _removed = guard_citations(draft.text, set(context_ids))
    allowed = allowed_figures(base.eligibility, [t for _, t in context])
    text, _corrected = guard_figures(text, allowed, lambda: verdict_sentence(base))
    if not text.strip():
        raise LLMUnavailable("nothing was left of the LLM answer after the guards")
    citations = [c for c in base.citations if c.id in kept] or base.citations
    return base.model_copy(update={"answer": text, "mode": "llm", "citations": citations})


def allowed_figures(result: EligibilityResult | None, texts: list[str]) -> set[float]:
    """Years figures an answer may state: the checker's, or else those printed in the cited clauses."""
    if result is not None:
        figures = {result.years, result.min_years, result.shortfall}
        figures |= {c.min_years for r in result.routes for c in r.conditions}
        figures |= {p.min_years for c in result.conflicts for p in c.provisions}
        return {float(f) for f in figures if f is not None}
    return {f.value for t in texts for f in read_figures(fold_kazakh(normalise(t)))}


def verdict_sentence(base: Answer) -> str:
    """The checker's own first sentence (or the extractive answer's lead) replaces a wrong figure."""
    if base.eligibility is not None:
        text = base.eligibility.explanation_ru if base.lang == "ru" else base.eligibility.explanation_kk
    else:
        text = base.answer
    first = re.split(r"\n", text.strip(), maxsplit=1)[0]
    return first
