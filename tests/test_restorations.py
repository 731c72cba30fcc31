"""corpus/restorations.yaml: the text as it should read, and nothing but a reordering of the printed text."""

from __future__ import annotations

import pytest

from assistant.regulation.corpus import load_document
from assistant.regulation.restorations import (
    SCRAMBLED_RE, letters, load_restorations, printed_text, quoted, restore_text, restored_clause, scrambled,
)

DATA = load_restorations()
DOC = load_document()
ENTRIES = DATA.restorations
# Every clause printed with a scrambled passage (the 91 «Білуге тиіс» clauses), and those restored.
DAMAGED = {clause.id for clause in DOC.clauses if scrambled(clause.text)}
RESTORED = {item.clause_id for item in ENTRIES}


def unexplained(clause_id: str, text: str, data=DATA) -> list[str]:
    """The scrambled spots of ``text`` (a clause of ``clause_id`` as shown, or a quote of it) that lie
    in no passage listed unrestorable for that clause: a forgotten passage, never a known one."""
    text = text.removesuffix(" …")
    spans = []
    for item in data.unrestorable_of(clause_id):
        passage, at = item.passage, text.find(item.passage)
        while at >= 0:
            spans.append((at, at + len(passage)))
            at = text.find(passage, at + 1)
        # a quote cut inside the passage: it ends with the passage's head or starts with its tail
        head = next((k for k in range(len(passage) - 1, 0, -1) if text.endswith(passage[:k])), 0)
        tail = next((k for k in range(len(passage) - 1, 0, -1) if text.startswith(passage[-k:])), 0)
        spans += [(len(text) - head, len(text)), (0, tail)]
    return [m.group(0) for m in SCRAMBLED_RE.finditer(text)
            if not any(a <= m.start() and m.end() <= b for a, b in spans)]


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


def test_every_scrambled_passage_is_restored_or_listed_unrestorable():
    """Strict: in every clause as shown, each spot the detector finds is inside a passage listed
    unrestorable for that clause; a clause printed scrambled and neither restored nor listed fails."""
    assert len(DAMAGED) == 91 and DAMAGED <= RESTORED | {u.clause_id for u in DATA.unrestorable}
    assert len(RESTORED & DAMAGED) == 91  # every one of the 91 is restored (two keep a listed passage)
    for clause in DOC.clauses:
        shown = restored_clause(clause, DATA)
        assert not unexplained(clause.id, shown.text), (clause.id, unexplained(clause.id, shown.text))


@pytest.mark.parametrize("item", DATA.unrestorable, ids=lambda u: u.clause_id)
def test_an_unrestorable_passage_is_shown_in_its_clause_and_says_why(item):
    assert restored_clause(DOC.clause(item.clause_id), DATA).text.count(item.passage) == 1
    assert item.reason.strip()


def test_the_strict_check_tells_a_forgotten_passage_from_a_listed_one():
    from assistant.regulation.restorations import Restorations, Unrestorable

    assert unexplained("ch2.p2.c11", DOC.clause("ch2.p2.c11").text)  # as printed, not listed: forgotten
    data = Restorations(titles=[], restorations=[],
                        unrestorable=[Unrestorable(clause_id="x", passage='"Білім ", " ", "туралы', reason="test")])
    assert not unexplained("x", 'А "Білім ", " ", "туралы Б', data)
    assert not unexplained("x", '", " ", "туралы Б', data)  # a quote starting inside the passage
    assert unexplained("x", 'А "Білім ", " ", "туралы Б " "', data)  # a spot outside it
    assert unexplained("y", 'А "Білім ", " ", "туралы Б', data)  # listed for another clause


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
    from assistant.answering.chain import Assistant
    from assistant.answering.conversation import MemorySessionStore

    return Assistant(hash_retriever.settings, retriever=hash_retriever, sessions=MemorySessionStore())


def test_every_quote_of_a_restored_clause_reads_restored_and_keeps_the_printed_text(assistant):
    """Each clause's quotes as the extractive answerer cuts them (a general question, and each item
    asked about by its own words), for every clause printed scrambled: nothing scrambled is shown
    but inside a passage listed unrestorable."""
    from assistant.answering.chain import content_terms
    from assistant.answering.extract import excerpt, items_of
    from assistant.search.lexical import document_terms

    checked = 0
    for clause_id in sorted(RESTORED | DAMAGED):
        clause = restored_clause(DOC.clause(clause_id), DATA)
        questions = [set()] + [set(document_terms(i.text)) for i in items_of(clause)]
        for terms in questions:
            part = excerpt(clause, content_terms(terms, clause), document_terms)
            citation = assistant._citation(DOC.clause(clause_id), "kk", part.quote)
            assert not unexplained(clause_id, citation.quote), (clause_id, citation.quote[:200])
            if citation.restored:
                first_item = citation.printed_quote.removesuffix(" …").split("; ")[0]
                assert first_item in DOC.clause(clause_id).text
            else:  # a quote not marked restored shows nothing but the printed text
                for item in citation.quote.removesuffix(" …").split("; "):
                    assert item.strip(" ;") in DOC.clause(clause_id).text, (clause_id, item[:200])
            checked += 1
    assert checked > 650  # quotes over the 91 clauses printed scrambled


def test_a_must_know_answer_shows_the_restored_titles_marked_and_the_printed_text(assistant):
    answer = assistant.answer("Мектепке дейінгі ұйым әдіскері нені білуге тиіс?")
    cited = next(c for c in answer.citations if c.id == "ch2.p2.c11")
    assert cited.restored and '"Білім туралы", "Педагог мәртебесі туралы"' in cited.quote
    assert '"Конституциясы Білім ", " "' in cited.printed_quote
    assert "(мәтін қалпына келтірілген / текст восстановлен)" in answer.answer
    assert not scrambled(answer.answer)


def test_telegrams_whole_clause_shows_the_restored_text_then_the_printed_one():
    from assistant.channels.telegram.citations import clause_spans

    text = "".join(span.text for span in clause_spans(DOC, DOC.clause("ch2.p2.c11"), "ru"))
    restored_at = text.index('"Білім туралы", "Педагог мәртебесі туралы"')
    assert "(мәтін қалпына келтірілген / текст восстановлен)" in text
    assert text.index('"Конституциясы Білім ", " "') > restored_at  # the printed text follows
