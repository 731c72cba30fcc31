"""Choosing the sentences of a clause that answer the question."""

from __future__ import annotations

from assistant.regulation.document import Level
from assistant.answering.extract import excerpt, items_of
from assistant.search.lexical import document_terms, query_terms


def terms(question: str) -> set[str]:
    return set(query_terms(question))


def test_a_specific_question_gets_the_matching_item_not_the_whole_clause(doc):
    found = excerpt(doc.clause("ch2.p2.c10"), terms("әдіскер сабақ кестесін жасай ма?"), document_terms)
    assert found.items == ["жас топтары бойынша сабақ кестесін жасайды"]
    assert found.omitted == len(items_of(doc.clause("ch2.p2.c10"))) - 1
    assert found.quote.endswith("…")


def test_a_general_question_gets_the_first_items(doc):
    found = excerpt(doc.clause("ch2.p2.c10"), terms("міндеттері қандай"), document_terms)
    assert found.items[0] == "білім беру ұйымының қызметін әдістемелік қамтамасыз етуді ұйымдастырады"
    assert 5 < len(found.items) <= 12


def test_a_short_requirements_clause_is_quoted_whole(doc):
    clause = doc.clause("ch2.p2.c12")
    found = excerpt(clause, terms("стаж"), document_terms)
    assert found.omitted == 0 and "кемінде 3 жыл" in found.quote


def test_a_level_question_quotes_that_level(doc):
    found = excerpt(doc.clause("ch2.p2.c13"), terms("шебер"), document_terms, Level.MASTER)
    assert found.level is Level.MASTER
    assert found.items[0].startswith('5) "педагог-шебер"')
