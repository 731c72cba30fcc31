"""Turning excerpts and checker results into the answer text, in Kazakh or Russian.

Quoted regulation text stays Kazakh and sits on lines starting with «> », so a
reader (and the language-match evaluation) can tell the assistant's own
sentences from the quotes.
"""

from __future__ import annotations

from . import phrases
from .answer import Citation
from ..regulation.document import ClauseKind
from ..eligibility.explain import years_text
from .extract import Excerpt


def clause_block(kind: ClauseKind, citation: Citation, part: Excerpt, lang: str) -> str:
    name = citation.position_ru if lang == "ru" and citation.position_ru else (citation.position or "")
    level = ""
    if part.level is not None:
        level_name = part.level.ru if lang == "ru" else part.level.kk
        level = phrases.LEVEL_SUFFIX[lang].format(level=level_name)
    lead = phrases.LEAD[lang][kind.value].format(position=name, level=level)
    where = citation.place()
    mark = f" {phrases.RESTORED_MARK}" if citation.restored else ""
    lines = [f"{lead} ({where}).", phrases.QUOTE_MARK[lang] + mark]
    lines += [f"> {item}" for item in part.items]
    if part.omitted:
        lines.append(phrases.OMITTED[lang].format(n=part.omitted))
    return "\n".join(lines)


def yes_no_lead(supported: bool, part: Excerpt, citation: Citation, lang: str) -> str:
    """«Да — пункт 55: «…».» when the closest item (the excerpt's first) says it; else a pointer to the
    closest items, claiming nothing."""
    where = citation.place()
    if supported and part.items:
        return phrases.YES_ITEM[lang].format(where=where, item=part.items[0])
    return phrases.CLOSEST_DUTIES[lang].format(where=where)


def sources(citations: list[Citation], lang: str, quoted: int | None = None) -> str:
    """The clauses quoted, then (after ``quoted`` of them) those only named: «see also»."""
    quoted = len(citations) if quoted is None else quoted
    text = f"{phrases.SOURCE[lang]}:\n" + "\n".join(f"• {c.label}" for c in citations[:quoted])
    if citations[quoted:]:
        text += f"\n{phrases.SEE_ALSO[lang]}:\n" + "\n".join(f"• {c.label}" for c in citations[quoted:])
    return text


def missing_facts(questions: list[str], lang: str) -> str:
    return phrases.ASK_MISSING[lang] + "\n" + "\n".join(f"• {q}" for q in questions)


def chapters(numbers: list[int], lang: str) -> str:
    """«глава 10», «главы 9, 10» / «10-тарау», «9, 10-тараулар»."""
    listed = ", ".join(str(n) for n in numbers)
    if lang == "ru":
        return f"{'глава' if len(numbers) == 1 else 'главы'} {listed}"
    return f"{listed}-{'тарау' if len(numbers) == 1 else 'тараулар'}"


def setting_unmatched(numbers: list[int], lang: str) -> str:
    """The organisation named has no post of the name asked («логопед в колледже»)."""
    return phrases.SETTING_UNMATCHED[lang].format(chapters=chapters(numbers, lang))


def candidates(titles: list[str], lang: str) -> str:
    """The positions a name may mean, numbered: the person answers with a number or the words."""
    return phrases.AMBIGUOUS_POSITION[lang] + "\n" + "\n".join(f"{i}. {t}" for i, t in enumerate(titles, 1))


def understood(evidence, lang: str, names: dict[str, str]) -> str:
    """One line: the person's words → what they were read as («колледж → ТиПО; 2 года → стаж»).

    ``names``: display names for values that are ids (positions, levels)."""
    values = phrases.FACT_VALUES[lang]
    parts = []
    for e in evidence:
        table = values.get(e.fact)
        if isinstance(table, dict):
            meaning = table.get(e.value, e.value)
        elif e.fact in ("leadership_years", "civil_service_years", "nested_years"):
            meaning = f"{years_text(float(e.value), lang)} {table}"
        elif e.fact == "categories_held":
            held = [names.get(c, c) for c in e.value.split(",") if c]
            meaning = f"{table}: {', '.join(held)}" if held else values["categories_none"]
        elif e.fact == "years" and e.approximate:  # «почти 5 лет» → педагогический стаж: no number it is not
            meaning = values["years_approximate"]
        elif e.fact == "years":
            meaning = f"{years_text(float(e.value), lang)} {table}"
        else:
            meaning = f"{table}: {names.get(e.value, e.value)}"
        parts.append(f"«{e.words}» → {meaning}" if e.words else meaning)
    if not parts:
        return ""
    return f"{phrases.UNDERSTOOD[lang]}: " + "; ".join(parts) + f". {phrases.CORRECT_HINT[lang]}"
