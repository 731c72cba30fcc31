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


@pytest.fixture(scope="module")
def assistant(hash_retriever):
    from assistant.chain import Assistant
    from assistant.conversation import MemorySessionStore

    return Assistant(hash_retriever.settings, retriever=hash_retriever, sessions=MemorySessionStore())


def test_every_quote_of_a_restored_clause_reads_restored_and_keeps_the_printed_text(assistant):
    """Each clause's quotes as the extractive answerer cuts them (a general question, and each item
    asked about by its own words): nothing scrambled is shown where a restoration exists."""
    from assistant.chain import content_terms
    from assistant.extract import excerpt, items_of
    from assistant.lexical import document_terms

    checked = 0
    for clause_id in {item.clause_id for item in ENTRIES}:
        clause = restored_clause(DOC.clause(clause_id), DATA)
        questions = [set()] + [set(document_terms(i.text)) for i in items_of(clause)]
        for terms in questions:
            part = excerpt(clause, content_terms(terms, clause), document_terms)
            citation = assistant._citation(DOC.clause(clause_id), "kk", part.quote)
            assert not scrambled(citation.quote), (clause_id, citation.quote[:200])
            if citation.restored:
                first_item = citation.printed_quote.removesuffix(" …").split("; ")[0]
                assert first_item in DOC.clause(clause_id).text
            checked += 1
    assert checked > 400  # 441 quotes over the 58 restored clauses


def test_a_must_know_answer_shows_the_restored_titles_marked_and_the_printed_text(assistant):
    answer = assistant.answer("Мектепке дейінгі ұйым әдіскері нені білуге тиіс?")
    cited = next(c for c in answer.citations if c.id == "ch2.p2.c11")
    assert cited.restored and '"Білім туралы", "Педагог мәртебесі туралы"' in cited.quote
    assert '"Конституциясы Білім ", " "' in cited.printed_quote
    assert "(мәтін қалпына келтірілген / текст восстановлен)" in answer.answer
    assert not scrambled(answer.answer)


def test_telegrams_whole_clause_shows_the_restored_text_then_the_printed_one():
    from assistant.telegram.citations import clause_spans

    text = "".join(span.text for span in clause_spans(DOC, DOC.clause("ch2.p2.c11"), "ru"))
    restored_at = text.index('"Білім туралы", "Педагог мәртебесі туралы"')
    assert "(мәтін қалпына келтірілген / текст восстановлен)" in text
    assert text.index('"Конституциясы Білім ", " "') > restored_at  # the printed text follows
