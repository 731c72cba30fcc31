"""Lexical retrieval: the Kazakh stemmer, Russian stems, normalisation, glossary expansion, BM25."""

from __future__ import annotations

import pytest

from assistant.search.chunking import build_chunks
from assistant.search.lexical import LexicalIndex, document_terms, query_terms
from assistant.language.stemming import stem_kk, stem_ru


@pytest.mark.parametrize("forms", [
    "өтіл өтілі өтіліне өтілінің өтілін өтілім өтілде өтілінде",
    "мұғалім мұғалімдер мұғалімі мұғалімдерінің",
    "мектеп мектепте мектептің мектептегі мектебі мектепке",
    "тәрбиеші тәрбиешісі тәрбиешісінің тәрбиешіге",
    "жыл жылы жылдан жылға",
    "орынбасар орынбасары орынбасарына орынбасарының",
    "талап талабы талаптар талаптары",
    "санат санаты санатқа санатты",
    "педагог педагогі педагогтің педагогтері педагогке",
    "бала балалар балаларға баланың",
])
def test_inflected_kazakh_forms_meet_at_one_stem(forms):
    assert len({stem_kk(w) for w in forms.split()}) == 1, {w: stem_kk(w) for w in forms.split()}


@pytest.mark.parametrize("a, b", [
    ("біліктілік", "білім"),      # derivational suffixes make different words
    ("ауылдық", "қалалық"),
    ("жылдық", "жыл"),
    ("басшы", "бас"),
])
def test_different_words_keep_different_stems(a, b):
    assert stem_kk(a) != stem_kk(b)


def test_the_stemmer_respects_the_sound_before_a_suffix():
    # «санат-ы» (its category) is not «сана-ты»: т-suffixes follow voiceless consonants only.
    assert stem_kk("санаты") == stem_kk("санат")
    assert stem_kk("ана") == stem_kk("ананың")  # short stems survive


def test_kazakh_typed_on_a_russian_keyboard_meets_the_real_spelling():
    assert stem_kk("тарбиешиси") == stem_kk("тәрбиешісі")
    assert stem_kk("отилинин") == stem_kk("өтілінің")


def test_russian_words_get_snowball_stems():
    assert stem_ru("воспитателя") == stem_ru("воспитатель") == "воспитател"
    assert stem_ru("логопеду") == stem_kk("логопедтің")


def test_query_terms_normalise_case_yo_and_latin_lookalikes():
    assert query_terms("БІЛІКТІЛІК", expand=False) == query_terms("бiлiктiлiк", expand=False)
    assert query_terms("Бiлiктiлiкке", expand=False) == document_terms("біліктілікке")
    assert query_terms("ёлка", expand=False) == query_terms("елка", expand=False)


def test_question_words_are_not_search_terms():
    assert query_terms("қанша жыл керек", expand=False) == [stem_kk("жыл")]


def test_a_russian_question_gets_the_kazakh_terms_of_the_glossary():
    kazakh = {stem_kk("тәрбиешісі"), stem_kk("міндеттері")}
    assert kazakh <= set(query_terms("обязанности воспитателя детского сада"))
    assert kazakh.isdisjoint(query_terms("обязанности воспитателя детского сада", expand=False))


def test_a_kazakh_question_is_not_expanded():
    question = "балабақша тәрбиешісінің міндеттері"
    assert query_terms(question) == query_terms(question, expand=False)


@pytest.fixture(scope="module")
def lexical(doc):
    return LexicalIndex(build_chunks(doc))


def clause_ids(lexical: LexicalIndex, found: list[tuple[str, float]]) -> list[str]:
    by_id = {c.id: c.clause_id for c in lexical.chunks}
    return [by_id[chunk_id] for chunk_id, _ in found]


def test_bm25_finds_the_clause_of_an_inflected_kazakh_question(lexical):
    found = lexical.search("Концертмейстердің лауазымдық міндеттері", 3)
    assert clause_ids(lexical, found)[0] == "ch6.p8.c178"


def test_the_glossary_lets_bm25_answer_a_russian_question(lexical):
    question = "что должен знать учитель-предметник"  # no word of it occurs in the Kazakh text
    assert clause_ids(lexical, lexical.search(question, 1)) == ["ch3.p7.c65"]
    assert "ch3.p7.c65" not in clause_ids(lexical, lexical.search(question, 5, expand=False))
    assert lexical.search("обязанности воспитателя детского сада", 5, expand=False) == []
    assert "ch2.p4.c18" in clause_ids(lexical, lexical.search("обязанности воспитателя детского сада", 3))


def test_scores_are_zero_for_a_question_with_no_known_term(lexical):
    assert lexical.search("xyzzy", 5) == []
    assert float(lexical.scores([]).sum()) == 0.0
