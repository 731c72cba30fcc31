"""Human citations of clauses, in Kazakh and Russian."""

from __future__ import annotations

from .document import Clause


def cite(clause: Clause, lang: str = "kk", position_name: str | None = None) -> str:
    """«2-тарау, 2-параграф, 12-тармақ (…)» / «глава 2, параграф 2, пункт 12 (…)».

    ``position_name`` lets a Russian answer name the position in Russian.
    """
    name = position_name or clause.position
    if lang == "ru":
        parts = ["приказ № 338"] if clause.chapter is None else [f"глава {clause.chapter}"]
        if clause.paragraph is not None:
            parts.append(f"параграф {clause.paragraph}")
        parts.append(f"пункт {clause.clause}")
    else:
        parts = ["№ 338 бұйрық"] if clause.chapter is None else [f"{clause.chapter}-тарау"]
        if clause.paragraph is not None:
            parts.append(f"{clause.paragraph}-параграф")
        parts.append(f"{clause.clause}-тармақ")
    text = ", ".join(parts)
    return f"{text} ({name})" if name else text
