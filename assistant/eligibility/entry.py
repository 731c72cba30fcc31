"""The entry education of a position («Біліктілікке қойылатын талаптар: жоғары … білім немесе …
қайта даярлауды растайтын құжат»), held against the person's education.

The experience routes say how many years; this says who may hold the position at all. A person
with technical and vocational education (ТжКБ) asking about a position whose clause names only
higher education gets a «no» that names the education, or — when the clause offers a retraining
document instead — the retraining is asked. Where the text is unclear («өзге де кәсіптік білім»),
or the same clause sets levels for ТжКБ holders, the requirement is shown, never decided.
"""

from __future__ import annotations

import re

from ..regulation.document import Level
from .evaluate import Facts, Situation
from .result import EntryStatus, Status
from .rules import Admission, Education, EntryEducation, Route


def entry_status(entry: EntryEducation | None, situation: Situation, facts: Facts, routes: list[Route],
                 variant: str | None = None) -> EntryStatus | None:
    """None when the clause names no education or the person did not say theirs."""
    if entry is None or situation.education is None:
        return None
    part = entry.part(situation.org_level, variant)
    if part.quote is None:
        return None
    status, decides = _judge(part.tvet, part.retraining, situation.education, facts, routes)
    return EntryStatus(status=status, quote=part.quote, tvet=part.tvet.value, retraining=part.retraining,
                       decides=decides, note=entry.note)


def _judge(tvet: Admission, retraining: bool, education: Education, facts: Facts,
           routes: list[Route]) -> tuple[Status, bool]:
    if education is not Education.TVET or tvet is Admission.YES:
        return Status.MET, False
    if tvet is Admission.UNCLEAR or _levels_for_tvet(routes):
        # the text leaves it open, or the level asked is set for the middle level of qualification (ТжКБ)
        # by the same clause (ch3.p9's psychologist: entry higher only, «жоғары немесе орта деңгейі»)
        return Status.UNKNOWN, False
    if retraining and facts.retraining:
        return Status.MET, False
    if retraining and facts.retraining is None:
        return Status.UNKNOWN, True
    return Status.NOT_MET, True


MIDDLE_LEVEL = re.compile(r"орта\w*\b[^;:]{0,30}деңгей")  # «біліктілігінің орта (және жоғары) деңгейі»


def _levels_for_tvet(routes: list[Route]) -> bool:
    """Whether these routes (of the level asked) set a qualification level for the middle level of
    qualification (ТжКБ); the entry level «педагог» never does: its requirement is the entry one."""
    return any(Level.PEDAGOG not in r.levels and Education.TVET in r.education and MIDDLE_LEVEL.search(r.quote)
               for r in routes)
