"""How much experience a position asks, level by level, in the reader's language — from the rules data.

«Сколько стажа нужно методисту детского сада?» is answered first with the figures themselves
(«педагог-мастер: стаж педагогической работы в дошкольных организациях — не менее 5 лет (в городе)»),
then with the clause quoted. Every number comes from ``corpus/rules`` (whose tests tie each number to
its quote); the sentences are the assistant's. Only the general rule of the position is summarised:
kinds of the position with their own rules are named, and a level the clause sets nothing for says so.
"""

from __future__ import annotations

from ..regulation.document import Level
from .evaluate import Facts, Situation, applies, route_status
from .explain import condition_text, route_scope
from .rules import Route, load_rules

HEAD = ("Жұмыс өтіліне қойылатын талап — {title} ({clause}-тармақ):",
        "Требования к стажу — {title} (пункт {clause}):")
NO_EXPERIENCE = ("жұмыс өтіліне талап қойылмайды", "требования к стажу не предъявляются")
NOTHING_SET = ("{level}: тармақ бұл деңгейге өтіл белгілемейді", "{level}: пункт не устанавливает стаж для этого уровня")
OTHER_ROUTES = ("немесе басқа жолдар (санаттар, басшылық өтіл …) — төмендегі мәтінде",
                "или другие варианты (категории, руководящий стаж …) — в тексте ниже")
VARIANTS = ("Өз ережесі бар түрлері: {names}.", "Свои правила есть для: {names}.")


def requirement_summary(position_id: str, level: Level | None, lang: str, title: str, clause_number: int,
                        situation: Situation | None = None) -> str | None:
    """The figures of the position's general rule for the level asked (every level when none is), for
    the person's education, locality and centre level when they said them; None when the rules data
    hold no experience rule for the position."""
    book = load_rules()
    if position_id not in book.positions:
        return None
    rules = book.rules_for(position_id)
    general = [r for r in rules.routes if r.variant is None and applies(r, situation or Situation())]
    if not general:
        return None
    i = 0 if lang == "kk" else 1
    levels = [level] if level else sorted({lv for r in general for lv in r.levels}, key=lambda lv: lv.rank)
    lines = [HEAD[i].format(title=f"«{title}»", clause=clause_number)]
    lines += [f"• {_level_line(lv, [r for r in general if lv in r.levels], lang)}" for lv in levels]
    if rules.variants:
        names = "; ".join(v.title_kk if lang == "kk" else v.title_ru for v in rules.variants)
        lines.append(VARIANTS[i].format(names=names))
    return "\n".join(lines)


def _level_line(level: Level, routes: list[Route], lang: str) -> str:
    i = 0 if lang == "kk" else 1
    name = level.kk if lang == "kk" else level.ru
    if not routes:
        return NOTHING_SET[i].format(level=name)
    vocabulary = load_rules().vocabulary
    parts, others = [], False
    for route in routes:
        status = route_status(route, Facts(years=0.0), vocabulary)
        if not route.requires:
            parts.append(NO_EXPERIENCE[i] + route_scope(status, lang))
        elif route.years_condition is not None:  # with what it nests («оның ішінде соңғы 2 жыл …»)
            told = [condition_text(c, lang, vocabulary) for c in status.conditions]
            parts.append(", ".join(told) + route_scope(status, lang))
        else:
            others = True
    text = "; ".join(dict.fromkeys(parts)) or OTHER_ROUTES[i]
    if others and parts:
        text += "; " + OTHER_ROUTES[i]
    return f"{name}: {text}"
