"""corpus/restorations.yaml: the text as it should read, and nothing but a reordering of the printed text."""

from __future__ import annotations

import pytest

from assistant.corpus import load_document
from assistant.restorations import (
    letters, load_restorations, printed_text, quoted, restore_text, restored_clause, scrambled,
)

DATA = load_restorations()
DOC = load_document()
ENTRIES = DATA.restorations


def entry_id(item) -> str:
    return f"{item.clause_id}:{item.damaged[:30]}"


@pytest.mark.parametrize("item", ENTRIES, ids=entry_id)
def test_a_restoration_reorders_the_same_letters(item):
    assert letters(item.restored) == letters(item.damaged)
    assert item.restored != item.damaged


@pytest.mark.parametrize("item", ENTRIES, ids=entry_id)
def test_a_restoration_quotes_only_listed_law_titles(item):
    assert set(quoted(item.restored)) <= set(DATA.titles)


@pytest.mark.parametrize("item", ENTRIES, ids=entry_id)
def test_the_damaged_passage_is_printed_in_its_clause_once(item):
    assert DOC.clause(item.clause_id).text.count(item.damaged) == 1


def test_the_detector_sees_the_printed_damage_and_not_a_restored_passage():
    assert scrambled('Қазақстан Республикасының , Қазақстан Республикасының "Конституциясы Білім ", " ", "туралы')
    assert not scrambled('Қазақстан Республикасының Конституциясы, Қазақстан Республикасының "Білім туралы", "Педагог')


def test_no_restored_clause_shows_a_scrambled_passage():
    restored = {item.clause_id for item in ENTRIES}
    assert len(restored) >= 58  # of the 91 «Білуге тиіс» clauses; the rest are left as printed
    for clause_id in restored:
        clause = restored_clause(DOC.clause(clause_id), DATA)
        assert not scrambled(clause.text), clause_id


def test_restoring_and_printing_back_are_inverse():
    for clause_id in {item.clause_id for item in ENTRIES}:
        text = DOC.clause(clause_id).text
        assert printed_text(clause_id, restore_text(clause_id, text, DATA), DATA) == text


def test_the_printed_document_is_untouched_by_restoring():
    clause = DOC.clause("ch2.p2.c11")
    before = clause.text
    shown = restored_clause(clause, DATA)
    assert shown.text != before and DOC.clause("ch2.p2.c11").text == before
    assert ('Қазақстан Республикасының Конституциясы, Қазақстан Республикасының "Білім туралы", '
            '"Педагог мәртебесі туралы"') in shown.text
