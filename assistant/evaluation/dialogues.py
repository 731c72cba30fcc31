"""The ``dialogues`` suite: conversations asked turn by turn, and the ``traps`` suite.

A dialogue set has one row per turn: ``dialogue, turn, id, lang, question, answerable,
gold_clauses, eligible, expect`` (+ ``tags``). The turns of a dialogue are asked in order in
one session. A turn passes when

* ``expect = abstain``: the assistant says the regulation does not cover it;
* ``expect = clarify``: it asks back (which position, which fact) instead of answering;
* ``eligible`` is set: the verdict is the labelled one;
* otherwise: an expected clause is among the first 3 citations.

A verdict that contradicts the label is counted apart as a *wrong verdict*: asking back is
never wrong, a confident wrong answer always is. The traps suite asks eligibility cases
built around a distracting number (an age, a quoted rule, a future date) and counts the same.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from ..answering.conversation import Session
from ..regulation.document import Document
from .gold import first_gold_rank
from .results import Outcome, SuiteResult
from .sets import (
    Case, LoadedSet, Question, RowError, blank_to_none, load_case_set, parse_bool, parse_gold,
    split_list, _load, _validated,
)

if TYPE_CHECKING:
    from ..answering.answer import Answer
    from ..answering.chain import Assistant

ANSWER_TOP = 3
Expect = Literal["answer", "clarify", "abstain"]


class DialogueTurn(Question):
    dialogue: str
    turn: int = Field(ge=1)
    eligible: bool | None = None
    expect: Expect = "answer"


def turn_from_row(doc: Document, raw: dict[str, Any], row: int) -> DialogueTurn:
    expect = str(blank_to_none(raw.get("expect")) or "answer").strip().lower()
    answerable = parse_bool(raw.get("answerable"), "answerable", default=expect != "abstain")
    golds = [parse_gold(doc, g) for g in split_list(raw.get("gold_clauses"))]
    eligible = blank_to_none(raw.get("eligible"))
    if expect == "answer" and answerable and not golds and eligible is None:
        raise RowError("an answered turn needs a gold clause or an eligible label")
    data = {
        "id": raw.get("id") or f"{raw.get('dialogue')}.{raw.get('turn')}", "lang": raw.get("lang"),
        "question": raw.get("question"), "answerable": answerable, "gold_clauses": golds,
        "tags": [str(t) for t in split_list(raw.get("tags"))], "row": row, "dialogue": str(raw.get("dialogue") or ""),
        "turn": raw.get("turn"), "expect": expect,
        "eligible": None if eligible is None else parse_bool(eligible, "eligible"),
    }
    if not data["dialogue"].strip():
        raise RowError("dialogue is empty")
    return _validated(DialogueTurn, data)


def load_dialogue_set(path: Path, doc: Document) -> LoadedSet[DialogueTurn]:
    return _load(path, lambda raw, row: turn_from_row(doc, raw, row))


def dialogues_of(turns: list[DialogueTurn]) -> dict[str, list[DialogueTurn]]:
    grouped: dict[str, list[DialogueTurn]] = {}
    for t in turns:
        grouped.setdefault(t.dialogue, []).append(t)
    return {d: sorted(ts, key=lambda t: t.turn) for d, ts in grouped.items()}


# -- judging one answer ----------------------------------------------------------------------------

def verdict_of(answer: Answer) -> str | None:
    """«eligible» / «not_eligible» when the answer gives a verdict, else None."""
    e = answer.eligibility
    if e is None or e.verdict.value not in ("eligible", "not_eligible"):
        return None
    return e.verdict.value


def asked_back(answer: Answer) -> bool:
    return answer.route == "clarify" or (answer.eligibility is not None and verdict_of(answer) is None)


def judge_turn(t: DialogueTurn, answer: Answer) -> tuple[bool, bool, list[str]]:
    """(passed, wrong verdict, reasons)."""
    verdict = verdict_of(answer)
    if t.eligible is not None and verdict is not None and (verdict == "eligible") != t.eligible:
        return False, True, [f"wrong verdict: expected {'eligible' if t.eligible else 'not_eligible'}, got {verdict}"]
    if t.expect == "abstain":
        return answer.abstained, False, [] if answer.abstained else ["answered, but it should say the regulation does not cover this"]
    if t.expect == "clarify":
        return asked_back(answer), False, [] if asked_back(answer) else ["answered, but the position or a fact is ambiguous: it should ask back"]
    if t.eligible is not None:
        return verdict is not None, False, [] if verdict else [f"no verdict (route {answer.route})"]
    rank = None if answer.abstained else first_gold_rank([c.id for c in answer.citations], t.gold_clauses)
    if rank is not None and rank <= ANSWER_TOP:
        return True, False, []
    why = "abstained" if answer.abstained else f"no expected clause among the first {ANSWER_TOP} citations"
    return False, False, [why]


# -- the suites ----------------------------------------------------------------------------------

def run_dialogues(assistant: Assistant, turns: list[DialogueTurn]) -> SuiteResult:
    doc = assistant.retriever.document
    outcomes: list[Outcome] = []
    wrong: list[bool] = []
    for dialogue, ts in dialogues_of(turns).items():
        session = Session()  # held here: an evaluation stores no conversation
        for t in ts:
            started = time.perf_counter()
            answer = assistant.answer(t.question, session)
            elapsed = (time.perf_counter() - started) * 1000
            passed, is_wrong, reasons = judge_turn(t, answer)
            if answer.lang != t.lang:
                passed, reasons = False, reasons + [f"answered in {answer.lang}, asked in {t.lang}"]
            wrong.append(is_wrong)
            earlier = [f"turn {p.turn}: {p.question}" for p in ts if p.turn < t.turn]
            outcomes.append(_outcome(doc, t, passed, reasons, earlier, answer, elapsed))
    return SuiteResult(name="dialogues", metrics=dialogue_metrics(turns, outcomes, wrong), outcomes=outcomes, seconds=0.0)


def _outcome(doc: Document, t: DialogueTurn, passed: bool, reasons: list[str], earlier: list[str],
             answer: Answer, elapsed: float) -> Outcome:
    clauses = [doc.clause(g) for g in t.gold_clauses]
    first = clauses[0] if clauses else None
    return Outcome(set="dialogues", id=t.id, row=t.row, lang=t.lang, question=f"[{t.dialogue} · turn {t.turn}] {t.question}",
                   chapter=first.chapter if first else None, kind=first.kind.value if first else None, tags=t.tags,
                   passed=passed, reasons=reasons, notes=["the dialogue so far — " + " | ".join(earlier)] if earlier else [],
                   expected=[c.id for c in clauses], got=[c.id for c in answer.citations], answer=answer.answer,
                   latency_ms=elapsed)


def _share(flags: list[bool]) -> float:
    return round(sum(flags) / len(flags), 4) if flags else 1.0


def dialogue_metrics(turns: list[DialogueTurn], outcomes: list[Outcome], wrong: list[bool]) -> dict[str, Any]:
    by_id = {o.id: o for o in outcomes}
    first = [by_id[t.id].passed for t in turns if t.turn == 1]
    follow = [by_id[t.id].passed for t in turns if t.turn > 1]
    metrics: dict[str, Any] = {
        "n": len(outcomes), "dialogues": len({t.dialogue for t in turns}),
        "all": _share([o.passed for o in outcomes]), "first_turns": _share(first), "follow_ups": _share(follow),
        "wrong_verdicts": sum(wrong), "no_wrong_verdict": _share([not w for w in wrong]),
    }
    for lang in ("kk", "ru"):
        metrics[lang] = {"follow_ups": _share([by_id[t.id].passed for t in turns if t.turn > 1 and t.lang == lang])}
    return metrics


def run_traps(assistant: Assistant, cases: list[Case]) -> SuiteResult:
    """Eligibility cases with a distracting figure: the right verdict, or a question back — never a wrong one."""
    from .runner import case_fields, expected_verdict

    doc = assistant.retriever.document
    outcomes, wrong, asked = [], 0, 0
    for case in cases:
        started = time.perf_counter()
        answer = assistant.answer(case.question)
        elapsed = (time.perf_counter() - started) * 1000
        verdict = verdict_of(answer)
        expected = expected_verdict(case)
        is_wrong = verdict is not None and verdict != expected
        wrong += is_wrong
        asked += verdict is None
        reasons = [f"WRONG verdict: expected {expected}, got {verdict}"] if is_wrong else (
            [] if verdict == expected else [f"asked back instead of the verdict (route {answer.route})"])
        fields = case_fields(doc, case) | {"set": "traps"}
        outcomes.append(Outcome(**fields, passed=verdict == expected, reasons=reasons,
                                got=[c.id for c in answer.citations], answer=answer.answer, latency_ms=elapsed))
    n = len(cases)
    metrics = {"n": n, "accuracy": _share([o.passed for o in outcomes]), "wrong_verdicts": wrong,
               "asked_back": asked, "no_wrong_verdict": round(1 - wrong / n, 4) if n else 1.0}
    return SuiteResult(name="traps", metrics=metrics, outcomes=outcomes, seconds=0.0)


def load_trap_set(path: Path, doc: Document) -> LoadedSet[Case]:
    return load_case_set(path, doc)
