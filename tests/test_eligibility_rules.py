"""The rules data against the regulation: every quote is in its clause, every number in its quote,
every requirements clause that mentions years has rules."""

from __future__ import annotations

import re

import pytest

from assistant.regulation.document import ClauseKind
from assistant.eligibility.numbers import mentions_number
from assistant.eligibility.rules import YEAR_FACTS, PositionRules, load_rules

YEARS_RE = re.compile(r"жыл|\d\s*жы\b")


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def book():
    return load_rules()


def _requirements(doc):
    return [c for c in doc.clauses if c.kind is ClauseKind.REQUIREMENTS]


def _quotes(rules: PositionRules) -> list[str]:
    quotes = [r.quote for r in rules.routes] + [v.quote for v in rules.variants]
    quotes += [c.quote for r in rules.routes for c in r.requires if c.quote]
    return quotes


def test_every_requirements_clause_that_mentions_years_has_rules(doc, book):
    clauses = [c for c in _requirements(doc) if YEARS_RE.search(c.text)]
    assert len(_requirements(doc)) == 91
    uncovered = [c.id for c in clauses if c.position_id not in book.positions]
    assert uncovered == []


def test_each_position_entry_points_at_its_own_requirements_clause(doc, book):
    for pid, rules in book.positions.items():
        clause = doc.clause(rules.clause)
        assert clause.position_id == pid and clause.kind is ClauseKind.REQUIREMENTS, pid


def test_a_clause_with_years_has_a_numeric_rule_or_says_why_not(doc, book):
    for pid, rules in book.positions.items():
        numeric = any(c.fact in YEAR_FACTS for r in rules.routes for c in r.requires)
        assert numeric or rules.no_numeric_rule, pid


def test_every_quote_is_found_in_the_parsed_clause_text(doc, book):
    missing = [(pid, q) for pid, rules in book.positions.items() for q in _quotes(rules)
               if _squash(q) not in _squash(doc.clause(rules.clause).text)]
    assert missing == []


def test_every_number_of_a_rule_appears_in_its_quote(book):
    absent = [(pid, r.id, c.min_years) for pid, rules in book.positions.items() for r in rules.routes
              for c in r.requires if c.min_years is not None and not mentions_number(r.condition_quote(c), c.min_years)]
    assert absent == []


def test_conflict_quotes_are_in_their_clauses_and_name_positions_with_rules(doc, book):
    for conflict in book.conflicts:
        assert len(conflict.provisions) >= 2
        for p in conflict.provisions:
            assert _squash(p.quote) in _squash(doc.clause(p.clause).text), (conflict.id, p.clause)
            assert book.rules_for(p.position).clause == p.clause
            ids = {r.id for r in book.rules_for(p.position).routes}
            assert set(p.routes) <= ids, conflict.id


def test_the_special_school_deputy_conflict_joins_chapters_3_and_5(book):
    conflict = next(c for c in book.conflicts if c.id == "special_school_deputy")
    assert {p.clause for p in conflict.provisions} == {"ch3.p3.c54", "ch3.p4.c57", "ch5.p2.c139"}


def test_kinds_categories_and_variants_referenced_by_routes_exist(book):
    for pid, rules in book.positions.items():
        for route in rules.routes:
            assert route.variant is None or rules.variant(route.variant), (pid, route.id)
            for c in route.requires:
                assert c.kind is None or c.kind in book.vocabulary.kinds, (pid, c.kind)
                assert set(c.any_of) <= set(book.vocabulary.categories), (pid, c.any_of)


def test_route_ids_are_unique_within_a_position(book):
    for pid, rules in book.positions.items():
        ids = [r.id for r in rules.routes]
        assert len(ids) == len(set(ids)), pid


def test_mentions_number_reads_digits_glued_digits_and_kazakh_words():
    assert mentions_number("кемінде 5жыл", 5) and mentions_number("кемінде 1р жыл", 1)
    assert mentions_number("педагогикалық жұмыс өтілі бес жыл", 5)
    assert not mentions_number("15 жыл", 5) and not mentions_number("бесінші", 5)
    assert mentions_number("педагогикалық жұмыс өтілі 4 жы,", 4)
