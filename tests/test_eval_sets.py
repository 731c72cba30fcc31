"""The gold evaluation sets (eval/questions.jsonl, eval/eligibility.jsonl) against the parsed regulation.

The product's figures are judged against these labels, so every label must point at a clause that
exists, quote it verbatim, and agree with itself: a gold clause is the id of a parsed clause (in every
committed set: ``scripts/gold_to_ids.py --check`` finds nothing to rewrite), every quote is a
substring of that clause's text, and every number a case relies on is printed in the quote, as digits
or as a Kazakh number word («бес жыл»).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, model_validator

from assistant.regulation.corpus import PROJECT_ROOT
from assistant.regulation.document import Clause, ClauseKind, Document
from scripts.gold_to_ids import committed_sets, plan

EVAL_DIR = PROJECT_ROOT / "eval"
QUESTIONS_FILE = EVAL_DIR / "questions.jsonl"
ELIGIBILITY_FILE = EVAL_DIR / "eligibility.jsonl"

# The regulation writes small numbers as words as often as digits («бес жыл» beside «5 жыл»).
NUMBER_WORDS = {1: "бір", 2: "екі", 3: "үш", 4: "төрт", 5: "бес", 6: "алты", 7: "жеті",
                8: "сегіз", 9: "тоғыз", 10: "он"}


# A clause id as the store, citations and the API write it (no competence level, no item).
CLAUSE_ID = r"^(order\.c\d+|ch\d+(\.p\d+b?)?\.c\d+)$"


class Asked(BaseModel):
    """What every eval item has: the words a teacher, head or HR officer typed, and their language."""

    model_config = ConfigDict(extra="forbid")

    lang: Literal["kk", "ru"]
    question: str = Field(min_length=3)


class Question(Asked):
    id: str = Field(pattern=r"^q\d{4}$")
    answerable: bool
    gold_clauses: list[Annotated[str, Field(pattern=CLAUSE_ID)]]
    must_mention: list[str]
    evidence: str

    @model_validator(mode="after")
    def _answerable_has_gold(self) -> Question:
        if self.answerable:
            if not self.gold_clauses or not 1 <= len(self.must_mention) <= 3 or len(self.evidence) < 20:
                raise ValueError("an answerable question needs gold clauses, 1–3 must_mention, evidence ≥ 20 chars")
        elif self.gold_clauses or self.must_mention or self.evidence:
            raise ValueError("an unanswerable question has no gold clauses, must_mention or evidence")
        return self


class EligibilityCase(Asked):
    id: str = Field(pattern=r"^e\d{3}$")
    clause: str = Field(pattern=CLAUSE_ID)
    category: Literal["pedagog", "moderator", "expert", "researcher", "master"] | None
    education: Literal["higher", "postgraduate", "tvet"] | None
    locality: Literal["urban", "rural"] | None
    years: float = Field(ge=0)
    eligible: bool
    min_years: float | None = Field(default=None, ge=0)
    evidence: str = Field(min_length=20)

    @model_validator(mode="after")
    def _verdict_follows_from_the_minimum(self) -> EligibilityCase:
        # A structured case is decided by the years alone: no minimum means no experience required.
        expected = True if self.min_years is None else self.years >= self.min_years
        if self.eligible != expected:
            raise ValueError(f"eligible={self.eligible} but years={self.years}, min_years={self.min_years}")
        return self


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def mentions_number(text: str, number: float) -> bool:
    """Whether ``text`` prints ``number`` as digits or as a Kazakh number word (whole tokens only)."""
    if number != int(number):
        whole, fraction = str(number).split(".")
        return re.search(rf"(?<![\d,.]){whole}[.,]{fraction}(?!\d)", text) is not None
    n = int(number)
    if re.search(rf"(?<!\d){n}(?!\d)", text):
        return True
    word = NUMBER_WORDS.get(n)
    return word is not None and re.search(rf"(?<!\w){word}(?!\w)", text, re.IGNORECASE) is not None


def _read_jsonl(path: Path) -> list[dict]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                pytest.fail(f"{path.name}:{number}: not JSON: {exc}")
    return rows


@lru_cache(maxsize=1)
def questions() -> list[Question]:
    return [Question.model_validate(row) for row in _read_jsonl(QUESTIONS_FILE)]


@lru_cache(maxsize=1)
def cases() -> list[EligibilityCase]:
    return [EligibilityCase.model_validate(row) for row in _read_jsonl(ELIGIBILITY_FILE)]


def the_clause(doc: Document, clause_id: str) -> Clause:
    return doc.clause(clause_id)


# --- both sets ------------------------------------------------------------------------------------

@pytest.mark.parametrize("load", [questions, cases], ids=["questions", "eligibility"])
def test_ids_are_unique_and_no_question_is_repeated(load):
    items = load()
    ids = Counter(item.id for item in items)
    texts = Counter(normalise(item.question).lower() for item in items)
    assert [i for i, k in ids.items() if k > 1] == []
    assert [t for t, k in texts.items() if k > 1] == []


# --- questions.jsonl -----------------------------------------------------------------------------

def test_every_gold_clause_is_the_id_of_a_parsed_clause(doc):
    ids = {c.id for c in doc.clauses}
    for q in questions():
        assert set(q.gold_clauses) <= ids, f"{q.id}: {sorted(set(q.gold_clauses) - ids)} are no clause of the regulation"


def test_every_committed_set_labels_its_gold_with_clause_ids(doc):
    # Every set under eval/ (the held-out one read mechanically: only file and line are ever shown).
    texts, problems, _ = plan(doc, committed_sets())
    assert problems == []
    assert sorted(str(p.relative_to(PROJECT_ROOT)) for p in texts) == []


def test_evidence_is_quoted_from_a_gold_clause(doc):
    for q in questions():
        if not q.answerable:
            continue
        texts = [normalise(the_clause(doc, g).text) for g in q.gold_clauses]
        assert any(normalise(q.evidence) in t for t in texts), f"{q.id}: evidence not in its gold clauses"


def test_must_mention_is_in_the_gold_clauses(doc):
    for q in questions():
        texts = " ".join(normalise(the_clause(doc, g).text) for g in q.gold_clauses)
        for item in q.must_mention:
            if item.isdigit():
                assert mentions_number(texts, int(item)), f"{q.id}: number {item} not in the gold clauses"
            else:
                assert normalise(item) in texts, f"{q.id}: «{item}» not in the gold clauses"


# --- eligibility.jsonl ---------------------------------------------------------------------------

def test_each_case_cites_a_requirements_clause_and_quotes_it(doc):
    for case in cases():
        clause = the_clause(doc, case.clause)
        assert clause.kind is ClauseKind.REQUIREMENTS, f"{case.id}: {clause.id} is {clause.kind.value}"
        assert normalise(case.evidence) in normalise(clause.text), f"{case.id}: evidence not in {clause.id}"


def test_the_minimum_is_printed_in_the_evidence():
    for case in cases():
        if case.min_years is not None:
            assert mentions_number(case.evidence, case.min_years), f"{case.id}: {case.min_years} not in evidence"


def test_no_experience_cases_quote_the_no_experience_rule():
    # «жұмыс өтіліне талап қойылмайды» and its variants: өтіліне/стажына, талап/талаптар, қойылмайды/қойылмай.
    rule = re.compile(r"(өтіліне|стажына|өтілі)\s+талап(тар)?\s+қой")
    for case in cases():
        if case.min_years is None:
            assert rule.search(normalise(case.evidence)), f"{case.id}: evidence does not say no experience is required"


def test_number_words_are_recognised():
    assert mentions_number("педагогикалық жұмыс өтілі бес жыл", 5)
    assert mentions_number("кемінде 5жыл, оның ішінде", 5)
    assert mentions_number("кемінде 4 жы, педагог-шебер", 4)
    assert not mentions_number("кемінде 15 жыл", 5)
    assert not mentions_number("бірінші біліктілік санаты", 1)
    assert mentions_number("2,5 жыл", 2.5)


# --- counts and coverage -------------------------------------------------------------------------

def _gold_clauses(doc: Document) -> list[Clause]:
    return [the_clause(doc, g) for q in questions() for g in q.gold_clauses]


def test_question_counts_by_language_and_answerability():
    langs = Counter(q.lang for q in questions())
    assert len(questions()) >= 260
    assert langs["kk"] >= 120 and langs["ru"] >= 120, langs
    assert sum(not q.answerable for q in questions()) >= 15


def test_questions_cover_every_chapter_kind_and_60_positions(doc):
    clauses = _gold_clauses(doc)
    assert {c.chapter for c in clauses} == set(range(1, 11))
    assert {c.kind for c in clauses} == {ClauseKind.INTRO, ClauseKind.DUTIES, ClauseKind.KNOWLEDGE,
                                        ClauseKind.REQUIREMENTS, ClauseKind.COMPETENCE}
    assert len({c.position_id for c in clauses if c.position_id}) >= 60


def test_both_positions_that_share_clause_numbers_92_to_95_are_asked_about(doc):
    ids = {c.id for c in _gold_clauses(doc)}
    assert {"ch3.p14.c92", "ch3.p14b.c92", "ch3.p15.c95"} <= ids
    assert sum(len(q.gold_clauses) > 1 for q in questions()) >= 10


def test_eligibility_counts_and_coverage():
    items = cases()
    langs = Counter(c.lang for c in items)
    assert len(items) >= 90 and langs["kk"] >= 40 and langs["ru"] >= 40, langs
    assert len({c.clause for c in items}) >= 45
    assert {c.locality for c in items} >= {"urban", "rural"}
    assert {c.education for c in items} >= {"higher", "tvet"}
    assert {c.eligible for c in items} == {True, False}


def test_eligibility_has_boundary_fractional_and_no_experience_cases():
    items = cases()
    assert any(c.min_years is not None and c.years == c.min_years for c in items)
    assert any(c.min_years is not None and c.years < c.min_years for c in items)
    assert any(c.years != int(c.years) for c in items)
    assert any(c.min_years is None for c in items)
