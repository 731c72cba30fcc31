"""Item-level vectors (assistant/search/items.py): every item of every clause has a stable id mapped to its clause,
and the dense half finds a long clause by one of its late items (with the hashing embedder)."""

from __future__ import annotations

from assistant.regulation.document import ClauseKind
from assistant.search.duties import duty_items
from assistant.answering.extract import items_of
from assistant.search.items import clause_items, shipped_items
from assistant.search.retrieval import Retriever


def test_every_item_has_a_stable_id_that_maps_to_its_clause(doc):
    items = clause_items(doc)
    assert len(items) == sum(len(items_of(c)) for c in doc.clauses)
    assert len({i.id for i in items}) == len(items)
    assert all(i.id.startswith(i.clause_id + ".") and doc.clause(i.clause_id) for i in items)
    assert [i.id for i in clause_items(doc)] == [i.id for i in items]  # the same ids every time
    # duties: the ids and texts of assistant/search/duties.py, so their vectors are shared
    duties = {i.id: i.text for i in duty_items(doc)}
    assert {i.id: i.text for i in items if i.kind == ClauseKind.DUTIES.value} == duties
    first = next(c for c in doc.clauses if c.kind is ClauseKind.DUTIES)
    assert items[[i.clause_id for i in items].index(first.id)].id == f"{first.id}.i1"
    # competence items keep their level: «ch2.p2.c13.l5.i2», numbered within the level
    competence = next(c for c in doc.clauses if c.levels)
    ids = [i.id for i in items if i.clause_id == competence.id]
    assert ids[0] == f"{competence.levels[0].id}.i1"
    assert any(i.startswith(f"{competence.levels[-1].id}.i") for i in ids)
    assert all(i.text.startswith(f"{competence.position}. ") for i in items if i.clause_id == competence.id)
    # the shipped file holds the duty items once, in their own group
    assert {i.kind for i in shipped_items(doc)} == {k.value for k in ClauseKind} - {"duties"}


def test_a_question_matching_only_a_late_item_of_a_long_clause_finds_the_clause(hash_retriever, doc):
    long_clause = max((c for c in doc.clauses if c.kind is ClauseKind.DUTIES), key=lambda c: len(c.text))
    own = [i for i in clause_items(doc) if i.clause_id == long_clause.id]
    body = lambda item: item.text.split(". ", 1)[-1]  # noqa: E731 - the item's words alone, no position named
    elsewhere = {body(i) for i in clause_items(doc) if i.clause_id != long_clause.id}
    # a late item of this clause alone, far past the start of the clause's text
    late = max((i for i in own[len(own) * 2 // 3:] if body(i) not in elsewhere), key=lambda i: len(i.text))
    assert long_clause.text.index(body(late)) > 1500
    question = body(late)
    with_items = Retriever(hash_retriever.settings.model_copy(update={"item_vectors": True}))
    hits = with_items.search(question, k=5, mode="dense")
    assert hits[0].clause_id == long_clause.id and hits[0].item_id == late.id
    without = hash_retriever.search(question, k=5, mode="dense")
    assert all(h.item_id is None for h in without)
    assert long_clause.id not in [h.clause_id for h in without[:1]]  # the clause's own vector alone misses it
    # the hybrid search says which item matched too
    assert any(h.item_id == late.id for h in with_items.search(question, k=5) if h.clause_id == long_clause.id)
