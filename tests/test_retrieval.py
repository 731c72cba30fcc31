"""Hybrid retrieval (with the hashing embedder), the LangChain retriever, gold matching and the eval CLI."""

from __future__ import annotations

import json

import pytest
from langchain_core.retrievers import BaseRetriever

from assistant.search import retrieval
from assistant.channels.cli import main
from assistant.errors import InputError
from assistant.evaluation.gold import GoldClause, first_gold_rank, matches_gold
from assistant.evaluation.sets import load_question_set
from assistant.search.retrieval import Hit, RegulationRetriever, Retriever
from assistant.settings import Settings

INTERNAT = "Білім беру ұйымы жанындағы интернат меңгерушісі"


def test_search_returns_k_clauses_best_first_with_their_place_in_the_regulation(hash_retriever):
    hits = hash_retriever.search("Концертмейстердің лауазымдық міндеттері", k=4)
    assert len(hits) == 4 and all(isinstance(h, Hit) for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    top = hits[0]
    assert (top.clause_id, top.kind.value, top.chapter, top.paragraph, top.clause, top.position_id) == \
        ("ch6.p8.c178", "duties", 6, 8, 178, "ch6.p8")
    assert top.text.startswith("Лауазымдық міндеттері")


def test_the_linked_position_and_kind_lift_the_clause_a_russian_question_asks_about(hash_retriever):
    # «завуч» is a colloquial Russian name; no word of it occurs in the Kazakh clause.
    hits = hash_retriever.search("завуч: сколько нужно педстажа, чтобы назначили?", k=3)
    assert hits[0].position_id == "ch3.p4" and hits[0].kind.value == "requirements"


def test_a_question_that_names_no_position_still_gets_clauses(hash_retriever):
    hits = hash_retriever.search("Педагогтер лауазымының атаулары штат кестесінде қалай көрсетіледі?", k=5)
    assert len(hits) == 5 and "ch1.c3" in [h.clause_id for h in hits]


def test_filters_by_kind_and_position_are_hard(hash_retriever):
    hits = hash_retriever.search("педагог-модератор өтілі", k=5, kinds=["requirements"])
    assert hits and {h.kind.value for h in hits} == {"requirements"}
    hits = hash_retriever.search("міндеттері", k=10, position_ids=["ch3.p14b", "ch9"])
    assert {h.position_id for h in hits} <= {"ch3.p14b", "ch9"} and len(hits) == 6


@pytest.mark.parametrize("mode", ["lexical", "dense"])
def test_single_retriever_modes_answer_too(hash_retriever, mode):
    hits = hash_retriever.search("Концертмейстердің лауазымдық міндеттері", k=3, mode=mode)
    assert len(hits) == 3
    assert all((h.dense_rank is None) == (mode == "lexical") for h in hits)


def test_the_langchain_retriever_returns_documents_with_clause_metadata(hash_retriever):
    lc = RegulationRetriever(engine=hash_retriever, k=3)
    assert isinstance(lc, BaseRetriever)
    docs = lc.invoke("что должен знать концертмейстер")
    assert len(docs) == 3
    meta = docs[0].metadata
    assert {"id", "clause_id", "kind", "chapter", "paragraph", "clause", "position_id", "score"} <= set(meta)
    assert meta["clause_id"] == docs[0].id == "ch6.p8.c179" and meta["kind"] == "knowledge"
    assert docs[0].page_content.startswith("Білуге тиіс")


def test_constructing_a_retriever_loads_nothing(tmp_path):
    engine = Retriever(Settings(embedder="hash", index_dir=tmp_path / "index"))
    assert not (tmp_path / "index").exists() and engine._embedder is None


def test_one_retriever_per_process():
    assert retrieval.get_retriever() is retrieval.get_retriever()


# --- gold matching -------------------------------------------------------------------------

def test_a_gold_triple_matches_its_clause(doc):
    gold = GoldClause(chapter=2, paragraph=2, clause=12, position_kk="Мектепке дейінгі тәрбие және оқыту ұйымының әдіскері")
    assert matches_gold(doc, doc.clause("ch2.p2.c12"), gold)
    assert not matches_gold(doc, doc.clause("ch2.p2.c11"), gold)
    assert not matches_gold(doc, doc.clause("order.c1"), GoldClause(chapter=1, paragraph=None, clause=1, position_kk=None)) \
        and matches_gold(doc, doc.clause("ch1.c1"), GoldClause(chapter=1, paragraph=None, clause=1, position_kk=None))


def test_a_triple_printed_twice_needs_the_position_title(doc):
    gold = GoldClause(chapter=3, paragraph=14, clause=92, position_kk=INTERNAT)
    assert matches_gold(doc, doc.clause("ch3.p14b.c92"), gold)
    assert not matches_gold(doc, doc.clause("ch3.p14.c92"), gold)
    assert not matches_gold(doc, doc.clause("ch3.p14b.c92"), gold.model_copy(update={"position_kk": None}))


def test_the_gold_rank_is_the_first_gold_clause_id_retrieved():
    assert first_gold_rank(["ch3.p14.c92", "ch2.p2.c12", "ch3.p14b.c92"], ["ch3.p14b.c92"]) == 3
    assert first_gold_rank(["ch3.p14.c92", "ch2.p2.c12"], ["ch3.p14b.c92", "ch2.p2.c12"]) == 2
    assert first_gold_rank(["ch3.p14.c92"], ["ch3.p14b.c92"]) is None


def test_a_bad_question_file_names_the_line(tmp_path, doc):
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "q1", "lang": "kk", "question": "x", "answerable": false, "gold_clauses": []}\n{"id": 2}\n',
                    encoding="utf-8")
    loaded = load_question_set(path, doc)
    assert [q.id for q in loaded.items] == ["q1"] and [(p.unit, p.row) for p in loaded.problems] == [("line", 2)]
    with pytest.raises(InputError, match="no question set"):
        load_question_set(tmp_path / "missing.jsonl", doc)


# --- the CLI -------------------------------------------------------------------------------

def question(qid: str, lang: str, text: str, golds: list[tuple[int, int | None, int, str | None]]) -> str:
    return json.dumps({
        "id": qid, "lang": lang, "question": text, "answerable": bool(golds),
        "gold_clauses": [dict(chapter=c, paragraph=p, clause=n, position_kk=t) for c, p, n, t in golds],
        "must_mention": [], "evidence": "",
    }, ensure_ascii=False)


@pytest.fixture
def question_file(tmp_path):
    path = tmp_path / "questions.jsonl"
    path.write_text("\n".join([
        question("q0001", "kk", "Концертмейстердің лауазымдық міндеттері", [(6, 8, 178, "Концертмейстер")]),
        question("q0002", "kk", "Интернат меңгерушісінің міндеттері қандай", [(3, 14, 92, INTERNAT)]),
        question("q0003", "ru", "что должен знать концертмейстер", [(6, 8, 179, "Концертмейстер")]),
        question("q0004", "ru", "какая погода завтра", []),
    ]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def cli_retriever(monkeypatch, hash_retriever):
    monkeypatch.setattr(retrieval, "get_retriever", lambda: hash_retriever)
    return hash_retriever


def test_eval_retrieval_json_reports_three_retrievers_per_language(cli_retriever, question_file, capsys):
    assert main(["eval", "retrieval", str(question_file), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"hybrid", "lexical", "dense"}
    for by_lang in report.values():
        assert set(by_lang) == {"kk", "ru", "all"}
        assert (by_lang["kk"]["n"], by_lang["ru"]["n"], by_lang["all"]["n"]) == (2, 1, 3)  # unanswerable left out
        for m in by_lang.values():
            assert set(m) == {"n", "hit@1", "hit@3", "hit@5", "mrr"}
            assert all(0.0 <= m[key] <= 1.0 for key in ("hit@1", "hit@3", "hit@5", "mrr"))
            assert m["hit@1"] <= m["hit@3"] <= m["hit@5"]
    assert report["hybrid"]["all"]["hit@5"] == 1.0


def test_eval_retrieval_prints_a_table_by_default(cli_retriever, question_file, capsys):
    assert main(["eval", "retrieval", str(question_file)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["retriever", "lang", "n", "hit@1", "hit@3", "hit@5", "mrr"]
    assert len(out.splitlines()) == 10


def test_eval_retrieval_of_a_missing_file_exits_2_with_a_sentence(tmp_path, capsys):
    assert main(["eval", "retrieval", str(tmp_path / "none.jsonl")]) == 2
    assert "no question set" in capsys.readouterr().err


def test_the_index_command_reports_an_up_to_date_index(cli_retriever, capsys):
    assert main(["index"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("index up to date") and "hash:256:v1" in out


def test_a_described_job_lifts_the_positions_its_duties_lead_to(hash_retriever, monkeypatch):
    from assistant.search.duties import Description, DutyIndex

    asked = []

    def describe(self, text, chapters=None, served=frozenset()):
        asked.append(text)
        return Description(["ch3.p13", "ch3.p14"], [3.0, 1.0])  # the first leads by a clear margin: chosen

    monkeypatch.setattr(DutyIndex, "describe", describe)
    monkeypatch.setattr(DutyIndex, "ready", lambda self: True)
    hits = hash_retriever.search("Кто в школе помогает старшеклассникам определиться с профессией?", k=3)
    assert asked and hits[0].position_id == "ch3.p13"
    asked.clear()
    hash_retriever.search("Кто разработал эти квалификационные характеристики?", k=3)  # the regulation itself
    hash_retriever.search("Кому нужен педстаж завуча?", k=3)  # a position named: no description asked
    assert asked == []


@pytest.mark.parametrize("question", [
    "На кого распространяются эти характеристики?",
    "Бұл сипаттама кімдерге міндетті?",
])
def test_a_question_about_the_regulation_itself_finds_its_own_clauses_first(hash_retriever, question):
    hits = hash_retriever.search(question, k=3)
    assert hits[0].kind.value in ("intro", "order")
