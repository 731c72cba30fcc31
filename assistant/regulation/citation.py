"""Citations of clauses: the one model every answer, verdict, API response and bot message uses,
and the one builder that makes it."""

from __future__ import annotations

from pydantic import BaseModel, Field

from .document import Clause
from .ids import printed_again
from .restorations import shown_quote


class Citation(BaseModel):
    """One cited clause: where it stands in the regulation and the quoted sentences."""

    id: str = Field(description="clause id, e.g. ch2.p2.c12 (a level item: ch2.p2.c13.l5)")
    chapter: int | None = Field(description="None for the order's own clauses (order.c1 … order.c6)")
    paragraph: int | None
    clause: int = Field(description="the clause number as printed (not unique: see id)")
    position: str | None = Field(description="Kazakh position title as printed")
    position_ru: str | None = None
    label: str = Field(description="human citation in the answer's language (Kazakh in a verdict, which has none)")
    label_kk: str = Field(description="«2-тарау, 2-параграф, 12-тармақ (…)»")
    label_ru: str = Field(description="«глава 2, параграф 2, пункт 12 (…)»")
    quote: str = Field(description="the quoted Kazakh text (sentences of the clause that answer), as it should "
                                   "read: law titles the PDF extraction scrambled are restored (corpus/restorations.yaml)")
    restored: bool = Field(default=False, description="the quote differs from the printed text by a restoration")
    printed_quote: str | None = Field(default=None, description="the quote exactly as printed, when restored")
    translation: str | None = Field(default=None, description="an unofficial Russian translation of the quote by the "
                                                              "LLM (Russian answers only), shown only when it passed "
                                                              "the checks of assistant/answering/translation.py")

    def place(self) -> str:
        """The label without the position's name: «глава 3, второй параграф 14, пункт 94»."""
        for name in (self.position_ru, self.position):
            if name and self.label.endswith(f" ({name})"):
                return self.label[: -len(name) - 3]
        return self.label


def cite(clause: Clause, lang: str = "kk", position_name: str | None = None) -> str:
    """«2-тарау, 2-параграф, 12-тармақ (…)» / «глава 2, параграф 2, пункт 12 (…)».

    ``position_name`` lets a Russian answer name the position in Russian.
    """
    name = position_name or clause.position
    if lang == "ru":
        parts = ["приказ № 338"] if clause.chapter is None else [f"глава {clause.chapter}"]
        if clause.paragraph is not None:  # the chapter prints «14-параграф» twice: the second is named so
            parts.append(("второй " if printed_again(clause.id) else "") + f"параграф {clause.paragraph}")
        parts.append(f"пункт {clause.clause}")
    else:
        parts = ["№ 338 бұйрық"] if clause.chapter is None else [f"{clause.chapter}-тарау"]
        if clause.paragraph is not None:
            parts.append(("екінші " if printed_again(clause.id) else "") + f"{clause.paragraph}-параграф")
        parts.append(f"{clause.clause}-тармақ")
    text = ", ".join(parts)
    return f"{text} ({name})" if name else text


def citation(clause: Clause, quote: str, lang: str = "kk", position_ru: str | None = None) -> Citation:
    """The citation of ``clause`` quoting ``quote`` (printed or restored text), labelled in ``lang``.

    ``position_ru`` is the position's Russian title (the glossary's, which the caller holds)."""
    labels = {"kk": cite(clause, "kk"), "ru": cite(clause, "ru", position_ru)}
    shown, printed = shown_quote(clause.id, quote)
    return Citation(
        id=clause.id, chapter=clause.chapter, paragraph=clause.paragraph, clause=clause.clause,
        position=clause.position, position_ru=position_ru, label=labels[lang], label_kk=labels["kk"],
        label_ru=labels["ru"], quote=shown, restored=printed is not None, printed_quote=printed,
    )
