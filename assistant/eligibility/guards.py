"""A verdict on a message's frame, never on a guess: the checker, with the readings it rests on tested.

The frame (:mod:`assistant.language`) says what was read and how surely. Before a «yes» or «no»
is given, the readings that could turn it are tried: a generic name's default against every
position the name may mean, an approximate figure («почти 5») at both ends of its range, a weakly
read figure against the other figures of the message. When the verdict would change, the person is
asked instead (asking back is never wrong; a confident wrong verdict always is).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .explain import QUESTIONS, explain
from .result import Missing, Status
from .rules import Fact, load_rules
from .slots import QuestionCheck, check_slots, slots_from_frame

if TYPE_CHECKING:
    from ..regulation.document import Document

# How sure the reading of the experience figure is, by what governed it (assistant.language.figures):
# named experience is sure; a figure with no experience word is weak. Figures set aside for a
# grammatical reason (an age «мне 42», «через 3 года», a quoted rule) do not compete with a sure one.
WEAK_KINDS = {"own", "bare"}
RIVAL_KINDS = {"experience", "role", "own", "bare", "denied", "other_job", "total", "extra", "nested", "part"}
IN_POSITION_YEARS = Missing(fact="years", question_kk="Дәл осы лауазымда неше жыл жұмыс істедіңіз?",
                           question_ru="Сколько лет вы работаете именно в этой должности?")
PEDAGOGICAL_YEARS = Missing(fact="years", question_kk="Жалпы өтіліңіздің қаншасы педагогикалық (лауазым талап ететін) өтіл?",
                            question_ru="Сколько из вашего общего стажа — педагогический (тот, что требует должность)?")
EDUCATION = Missing(fact="education", question_kk=QUESTIONS["education"][0], question_ru=QUESTIONS["education"][1])
EXACT_YEARS = Missing(fact="years", question_kk="Педагогикалық өтіліңіз нақты қанша жыл (айымен)?",
                      question_ru="Сколько точно лет (и месяцев) у вас педагогического стажа?")


def check_frame(frame, document: Document | None = None) -> QuestionCheck:
    """The checker on a frame, or what to ask when a reading it rests on would turn the verdict.

    ``document``: the regulation the frame was read against (``None``: the packaged one, as for
    :func:`~assistant.eligibility.checker.check`)."""
    # a default guess, or a name of several posts chosen by the organisation talked about before (which may have
    # been the conversation's guess, not the person's word): when the posts' verdicts differ, which one is asked
    rivals = frame.position_narrowed or ([] if frame.follow_up else frame.position_guessed)
    if rivals and not _same_verdict(frame, document, rivals):
        frame = frame.model_copy(update={"position_candidates": rivals, "position_id": None})
    outcome = _check(document, frame)
    if outcome.result is None and (years := _from_story(frame, document)) is not None:
        # «мектепке мұғалім болып қайта оралсам?» after the story was told: the figure of it the rule counts
        frame = frame.model_copy(update={"years": years, "years_candidates": [], "years_range": []})
        outcome = _check(document, frame)
    if outcome.result is None:
        return outcome
    if frame.education_other and any(_decided(_check(document, frame, education=e)) != _decided(outcome)
                                     for e in frame.education_other):
        # two educations told («окончила колледж, сейчас на 2 курсе университета») and the verdict turns on which
        # one holds today: asked, never picked
        return QuestionCheck(slots=outcome.slots, missing=[EDUCATION])
    if frame.education_bare and _no_by_education(outcome):
        # «Колледж, должность замдиректора …»: the institution's name alone may be the workplace, not the diploma;
        # a «no» stands only when it holds whatever the education
        unread = _check(document, frame, education=None)
        if _decided(unread) != "not_eligible":
            return QuestionCheck(slots=outcome.slots, missing=[EDUCATION])
        outcome = unread
    if frame.years_added and not _counts_any_teaching(outcome):
        # years of two posts summed, for a rule that counts only some work (years in this very post): asked
        return QuestionCheck(slots=outcome.slots, missing=[IN_POSITION_YEARS])
    if _nested_elsewhere(frame):
        # the recent years were told in another kind of organisation than the rule's: none of them count
        frame = frame.model_copy(update={"nested_years": 0.0})
        outcome = _check(document, frame)
    if _headed_elsewhere(frame):
        # «заместителем директора была 3 года, но в обычной школе» for a head of a centre of additional
        # education: the rule counts years as a head of such a centre only, so none are told
        frame = frame.model_copy(update={"leadership_years": 0.0})
        outcome = _check(document, frame)
    if _years_elsewhere(frame, outcome, document):
        outcome = _in_this_post(frame, document)
        if outcome is None:
            return QuestionCheck(slots=_check(document, frame).slots, missing=[IN_POSITION_YEARS])
        return outcome
    if _only_all_work(frame, outcome):
        return QuestionCheck(slots=outcome.slots, missing=[PEDAGOGICAL_YEARS])
    if frame.years_range:
        outcome = _over_range(frame, outcome, document)
        if outcome.result is None:
            return outcome
    unplaced = _unplaced_figure(frame, outcome, document)
    if unplaced is not None:
        return QuestionCheck(slots=outcome.slots, missing=[unplaced])
    rivals = _rival_figures(frame, outcome, document)
    if rivals:
        return _check(document, frame.model_copy(update={"years": None, "years_candidates": sorted({frame.years, *rivals})}))
    return outcome


# Facts a figure of years may be, with how to name them when the person is asked which one it is.
YEAR_FACTS = {
    "years": ("педагогикалық өтіл", "педагогический стаж"),
    "civil_service_years": ("мемлекеттік қызмет", "госслужба"),
    "leadership_years": ("басшы не орынбасар болған жылдар", "стаж руководителя или заместителя"),
    "enterprise_years": ("кәсіпорындағы жұмыс", "работа на предприятии"),
}
LOOSE_KINDS = {"bare", "own", "experience", "role", "pedagogical"}


def _unplaced_figure(frame, outcome: QuestionCheck, document: Document | None) -> Missing | None:
    """«Уточнение: в отделе образования он был 4 года» after «6 лет госслужащим»: a figure of this message that
    no fact took, which would turn the verdict as any fact told before, is asked about, not left aside."""
    placed = {getattr(frame, fact) for fact in YEAR_FACTS} | {frame.nested_years}
    # (years in another named position are not this one's; _rival_figures weighs them for the years)
    loose = [f for f in frame.figures if f.kind in LOOSE_KINDS and f.value not in placed
             and f.position_id in (None, frame.position_id)]
    verdict = _decided(outcome)
    # only a fact told in an earlier turn: figures of one message against each other are _rival_figures' part
    carried = [fact for fact in YEAR_FACTS if getattr(frame, fact) is not None and not _read_here(frame, fact)]
    for figure in loose:
        turned = [fact for fact in carried if _decided(_check(document, frame, **{fact: figure.value})) != verdict]
        if turned:
            kk = " әлде ".join(YEAR_FACTS[f][0] for f in turned)
            ru = " или ".join(YEAR_FACTS[f][1] for f in turned)
            return Missing(fact=turned[0], question_kk=f"«{figure.words}» — бұл қай өтіл: {kk}?",
                           question_ru=f"«{figure.words}» — это какой стаж: {ru}?")
    return None


def _read_here(frame, fact: str) -> bool:
    """Whether this message told the fact (its evidence, or a figure of its kind)."""
    kind = {"years": None, "civil_service_years": "civil_service", "leadership_years": "leadership"}.get(fact)
    return frame.said(fact) or any(f.kind == kind for f in frame.figures)


def _check(document: Document | None, frame, **update) -> QuestionCheck:
    return check_slots(slots_from_frame(frame.model_copy(update=update) if update else frame), document)


def _decided(outcome: QuestionCheck) -> str | None:
    verdict = outcome.result.verdict.value if outcome.result is not None else None
    return verdict if verdict in ("eligible", "not_eligible") else None


def _same_verdict(frame, document: Document | None, positions: list[str]) -> bool:
    """Whether every position a name may mean gives the same decided verdict on these facts (then which one it
    is does not matter, as for facts the checker tries every value of)."""
    verdicts = {_decided(_check(document, frame, position_id=pid, variant=None)) for pid in positions}
    return len(verdicts) == 1 and None not in verdicts


def _over_range(frame, outcome: QuestionCheck, document: Document | None) -> QuestionCheck:
    """An approximate figure («почти 5», «3-4 года», «около 3»): the verdict when both ends of its range give the
    same one — told in the person's words, never at the figure said («почти 5» is under 5) — else the exact
    years are asked."""
    ends = [_check(document, frame, years=y) for y in frame.years_range]
    verdicts = {_decided(end) for end in ends}
    if len(verdicts) != 1 or None in verdicts:
        return QuestionCheck(slots=outcome.slots, missing=[EXACT_YEARS])
    if frame.years_said is None:  # a range of dates («с 2021 года»): the years counted from them, as before
        return outcome
    return _told_as(ends[0], frame.years_said)


def _told_as(outcome: QuestionCheck, said: str) -> QuestionCheck:
    result = outcome.result.model_copy(update={"years_said": said})
    result.explanation_kk, result.explanation_ru = explain(result, "kk"), explain(result, "ru")
    return outcome.model_copy(update={"result": result})


# said to be all work, not the record it was counted from («пересчитала по трудовой — ровно 5 лет»)
_ALL_WORK = re.compile(r"жалпы|общ\w*|всего стаж|барлық|еңбек өтіл|енбек отил|трудов\w* стаж")


def _only_all_work(frame, outcome: QuestionCheck) -> bool:
    """The only figure is all work («жалпы еңбек өтілім 15 жыл (тігін фабрикасында)», «трудовой стаж 8
    лет»): how much of it the rule counts is not said, so a «yes» from it is not given — it is asked."""
    chosen = next((f for f in frame.figures if f.value == frame.years), None)
    return (chosen is not None and chosen.kind == "total" and bool(_ALL_WORK.search(chosen.words.lower()
            + " " + frame.text.lower())) and _decided(outcome) == "eligible")


def _no_by_education(outcome: QuestionCheck) -> bool:
    """Whether the «no» rests on the education: the entry education not met, or a level closed to it."""
    result = outcome.result
    by_entry = result.entry is not None and result.entry.status is Status.NOT_MET and result.entry.decides
    return _decided(outcome) == "not_eligible" and (by_entry or result.closed_level)


def _counts_any_teaching(outcome: QuestionCheck) -> bool:
    """Whether the rule checked counts pedagogical experience as such (any teaching post), not years in one post."""
    kind = load_rules().vocabulary.kinds.get(outcome.result.experience_kind or "")
    return kind is not None and kind.cls == "pedagogical"


def _story(frame) -> list:
    """The figures the person gave, earlier turns first: a figure carried from before is read among its own."""
    return [*frame.told, *frame.figures]


def _chosen(frame):
    return next((f for f in reversed(_story(frame)) if f.value == frame.years), None)


def _from_story(frame, document: Document | None) -> float | None:
    """No years for this post in the message, but the person's story has exactly one figure of the
    kind the rule counts: the pedagogical experience told, or the years told in this very post."""
    if frame.years is not None or frame.years_candidates or not frame.told or frame.position_id is None:
        return None
    probe = _check(document, frame, years=0.0).result
    kind = load_rules().vocabulary.kinds.get(probe.experience_kind) if probe and probe.experience_kind else None
    if kind is None or kind.cls not in ("pedagogical", "position"):
        return None
    if kind.cls == "pedagogical":
        values = {f.value for f in frame.told if f.kind == "pedagogical"}
    else:
        values = {f.value for f in _told_in_post(frame, frame.told) if f.kind != "nested"}
    return values.pop() if len(values) == 1 else None


def _told_in_post(frame, figures) -> list:
    return [f for f in figures if f.position_id == frame.position_id and f.kind in ("role", "experience", "nested")]


def _in_this_post(frame, document: Document | None) -> QuestionCheck | None:
    """The rule counts years in this post and the figure read is not theirs, but the person gave exactly one
    figure for this very post («соңғы 2 жыл балабақшада тәрбиешімін»): the check on it. A figure of the
    last years only («соңғы 2 жыл») is at least the experience: it may give a «yes», never a «no»."""
    told = _told_in_post(frame, _story(frame))
    if len({f.value for f in told}) != 1:
        return None
    outcome = _check(document, frame, years=told[0].value, years_candidates=[], years_range=[])
    if told[0].kind == "nested" and _decided(outcome) != "eligible":
        return None
    return outcome


def _headed_elsewhere(frame) -> bool:
    """Whether the years as a head were told in organisations of other chapters than every rule of the post
    that counts them names."""
    return _told_elsewhere(frame, "leadership", Fact.LEADERSHIP_YEARS, frame.leadership_years)


def _nested_elsewhere(frame) -> bool:
    """«Последние 2 года работаю в школе, а в садике — до этого»: the recent years were told in organisations of
    other chapters than the rule's («мектепке дейінгі ұйымдағы»), so they are not its recent years."""
    return _told_elsewhere(frame, "nested", Fact.NESTED_YEARS, frame.nested_years)


def _told_elsewhere(frame, kind: str, fact: Fact, value: float | None) -> bool:
    told = next((f for f in reversed(_story(frame)) if f.kind == kind and f.value == value), None)
    if told is None or not told.chapters or frame.position_id is None:
        return False
    book = load_rules()
    kinds = [book.vocabulary.kinds.get(c.kind) for route in book.rules_for(frame.position_id).routes
             for c in route.requires if c.fact is fact and c.kind]
    return bool(kinds) and all(k is not None and k.chapters and not set(k.chapters) & set(told.chapters) for k in kinds)


def _years_elsewhere(frame, outcome: QuestionCheck, document: Document | None) -> bool:
    """The rule counts years in this very position, and the figure read is years in another one
    («бұрын мектепте мұғалім болып 3 жыл», «5 лет был тренером»): not this experience, so it is asked."""
    if outcome.result.experience_kind != "in_position":
        return False
    chosen = _chosen(frame)
    if chosen is not None and chosen.position_id is None:
        # «итого 5 лет», «педагогикалық өтілім 6 жыл: 4 жыл мұғалім …»: years said of no post, beside years
        # in another one — they may hold those, so the years in this post are asked
        # (the message's own figures; a figure carried from before is weighed against the story it came in)
        figures = frame.figures if chosen in frame.figures else _story(frame)
        return any(_elsewhere(frame, f, document) for f in figures if f is not chosen)
    return chosen is not None and _elsewhere(frame, chosen, document)


def _elsewhere(frame, figure, document: Document | None) -> bool:
    """Whether a figure is years in a named position other than the one checked."""
    if figure.position_id is None:
        return False
    # the post's name read more ways, when the names asked about are this post's (a post carried from the
    # turn before leaves the message's own names to the person's story)
    named = {c.words for c in frame.target if c.position_id == frame.position_id}
    sought = {frame.position_id} | {c.position_id for c in frame.target if c.words in named}
    return figure.position_id not in sought and not _same_name(frame, figure, document)


def _same_name(frame, figure, document: Document | None) -> bool:
    """Whether the words that named the figure's position may as well mean the post checked («социальным
    педагогом» of a college's social pedagogue: the name is generic, the organisation chose another).
    Read generously on purpose: a «same name» keeps the figure, as before this guard existed."""
    from ..language.linking import generic_candidates

    words = figure.position_words or next(
        (c.words for c in frame.target + frame.context if c.position_id == figure.position_id), "")
    # by the job's own word too: «колледж әдіскері» is one post, «әдіскер» is any methodist's
    return any(frame.position_id in generic_candidates(w, doc=document) for w in [words, *words.split()])


def _rival_figures(frame, outcome: QuestionCheck, document: Document | None) -> list[float]:
    """Other figures of the message that would turn the verdict if they were the experience: when
    the reading of the chosen one is weak, or they are as plausible as it, the person is asked."""
    # the surest reading of the figure («3 жыл ғана …, тәрбиеші болып сол 3 жыл істедім»: the same years twice)
    said = [f.kind for f in frame.figures if f.value == frame.years]
    chosen = next((k for k in said if k not in WEAK_KINDS), said[0] if said else None)
    if chosen is None or chosen in ("pedagogical", "sum", "corrected"):
        # carried from an earlier turn (no rival here), or named pedagogical experience / the person's sum
        return []
    kinds = RIVAL_KINDS if chosen in WEAK_KINDS else {"experience", "role", "own", "bare"}
    # years in another named position are not years «in this position» (the rule says which it counts)
    elsewhere = outcome.result.experience_kind == "in_position"
    rivals = sorted({f.value for f in frame.figures if f.kind in kinds and f.value != frame.years
                     and not (elsewhere and f.position_id not in (None, frame.position_id))})
    verdict = _decided(outcome)
    return [v for v in rivals if (other := _decided(_check(document, frame, years=v))) is not None and other != verdict]
