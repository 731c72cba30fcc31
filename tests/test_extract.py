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


def test_one_item_that_stands_out_supports_a_yes():
    from assistant.answering.extract import supporting_item
    assert supporting_item([0.80, 0.81, 0.80, 0.86, 0.79, 0.80]) == 3


def test_no_item_supports_a_yes_when_the_closest_leads_by_little():
    from assistant.answering.extract import supporting_item
    assert supporting_item([0.80, 0.81, 0.80, 0.82, 0.79, 0.80]) is None  # 0.01 ahead: no «Да»
    assert supporting_item([0.70, 0.86, 0.84, 0.85, 0.60]) is None  # ahead of the mean, not of the next


def test_a_yes_no_question_shows_the_closest_items_first():
    from assistant.regulation.corpus import load_document
    from assistant.regulation.document import ClauseKind
    clause = next(c for c in load_document().clauses if c.kind is ClauseKind.DUTIES and len(items_of(c)) > 6)
    closeness = [0.5] * len(items_of(clause))
    closeness[4], closeness[1] = 0.9, 0.8
    part = excerpt(clause, set(), document_terms, None, closeness)
    items = items_of(clause)
    assert part.items[:2] == [items[4].text, items[1].text] and part.omitted == len(items) - len(part.items)


def test_a_general_question_for_what_a_post_must_know_picks_no_item_by_another_name_of_the_kind(doc):
    """«Какие знания нужны …?» asks for the whole list: the glossary's Kazakh for «знать» includes «білуге міндетті»,
    whose «міндетті» must not pick the item «жалпыға міндетті білім беру стандарты»."""
    from assistant.answering.chain import content_terms, question_terms
    from assistant.search.lexical import document_terms

    clause = doc.clause("ch2.p3.c15")
    terms = content_terms(question_terms("Какие знания нужны музыкальному руководителю детского сада?", doc), clause)
    assert not terms & set(document_terms(clause.text))
