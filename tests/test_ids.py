"""The id grammar (assistant/regulation/ids.py): every id the parser makes fits it, and nothing else writes ids."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.regulation.ids import CITED_RE, clause_of, is_id, is_level_id, item_id, position_id
from assistant.regulation.corpus import load_document

ROOT = Path(__file__).resolve().parent.parent


def test_every_clause_and_level_id_of_the_regulation_fits_the_grammar():
    doc = load_document()
    ids = [c.id for c in doc.clauses] + [lv.id for c in doc.clauses for lv in c.levels]
    assert ids and [i for i in ids if not is_id(i)] == []
    assert all(is_level_id(lv.id) and clause_of(lv.id) == c.id for c in doc.clauses for lv in c.levels)


def test_the_paragraph_printed_twice_gets_its_own_position_id():
    assert position_id(3, 14) == "ch3.p14"
    assert position_id(3, 14, {"ch3.p14"}) == "ch3.p14b"
    assert position_id(9, None) == "ch9"


@pytest.mark.parametrize(("given", "clause"), [
    ("ch2.p2.c13.l5", "ch2.p2.c13"), (item_id("ch2.p2.c13.l5", 2), "ch2.p2.c13"),
    ("ch3.p14b.c93.i4", "ch3.p14b.c93"), ("order.c6", "order.c6"), ("2.2.12", "2.2.12"),
])
def test_an_item_or_level_id_belongs_to_its_clause(given, clause):
    assert clause_of(given) == clause


def test_a_level_id_is_told_from_a_clause_and_an_item_id():
    assert is_level_id("ch2.p2.c13.l5")
    assert not is_level_id("ch2.p2.c13") and not is_level_id("ch2.p2.c13.l5.i1") and not is_level_id("ch2.p2.c13.l6")


def test_an_id_written_in_a_sentence_is_found_with_or_without_brackets():
    found = [m.group(1) for m in CITED_RE.finditer("См. [ch3.p14b.c93], (order.c6) и ch2.p2.c13.l5.")]
    assert found == ["ch3.p14b.c93", "order.c6", "ch2.p2.c13"]


# An f-string that builds an id («f"{x}.c{n}"», «f"ch{n}"») anywhere but the grammar's module.
_BUILDS_ID = re.compile(r"""f["'][^"']*(?:\bch\{|\.[cpli]\{)""")


def test_no_module_but_the_grammar_builds_an_id():
    builders = [f"{p.relative_to(ROOT)}:{n}" for p in sorted((ROOT / "assistant").rglob("*.py"))
                if p.name != "ids.py"
                for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if _BUILDS_ID.search(line)]
    assert builders == []


def test_a_clause_of_the_paragraph_printed_twice_is_cited_as_the_second_one():
    """Chapter 3 prints «14-параграф» twice, both with clauses 92–95: a label must tell them apart."""
    from assistant.regulation.citation import cite
    from assistant.regulation.corpus import load_document

    doc = load_document()
    second, first = doc.clause("ch3.p14b.c94"), doc.clause("ch3.p14.c94")
    assert cite(second, "ru").startswith("глава 3, второй параграф 14, пункт 94")
    assert cite(second, "kk").startswith("3-тарау, екінші 14-параграф, 94-тармақ")
    assert cite(first, "ru").startswith("глава 3, параграф 14, пункт 94")
