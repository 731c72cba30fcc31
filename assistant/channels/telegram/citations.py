"""Cited clauses in the bot: their labels on buttons and their full text when a button is pressed."""

from __future__ import annotations

from ...answering.answer import Lang
from ...regulation.citation import cite
from ...regulation.document import Clause, Document
from ...answering.phrases import RESTORED_MARK
from ...regulation.restorations import restored_clause
from ...language.naming import position_title
from . import texts
from .markup import Span


def clause_label(doc: Document, clause: Clause, lang: Lang) -> str:
    """«2-тарау, 2-параграф, 12-тармақ (…)» with the position named in ``lang``."""
    name = position_title(doc, clause.position_id, lang) if clause.position_id else None
    return cite(clause, lang, name)


def clause_spans(doc: Document, clause: Clause, lang: Lang) -> list[Span]:
    """The clause's citation in bold, its whole text as it should read, and as printed when law titles were
    restored in it; its amendment notes; in Russian, that the text is Kazakh."""
    shown = restored_clause(clause)
    spans = [Span(clause_label(doc, clause, lang) + "\n\n", "b"), Span(shown.text + "\n")]
    if shown is not clause:
        spans += [Span(f"\n{RESTORED_MARK} {texts.PRINTED[lang]}\n", "i"), Span(clause.text + "\n")]
    spans += [Span("\n" + note.text + "\n", "i") for note in clause.notes]
    if texts.CLAUSE_IN_KAZAKH[lang]:
        spans.append(Span("\n" + texts.CLAUSE_IN_KAZAKH[lang], "i"))
    return spans
