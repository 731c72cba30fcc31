"""The kk↔ru glossary: schema, coverage of the 91 positions, aliases, expansion and levels."""

from __future__ import annotations

from collections import defaultdict

import pytest
import yaml
from pydantic import ValidationError

from assistant.regulation.document import Level
from assistant.errors import CorpusError, UnknownReference
from assistant.language.glossary import (
    GLOSSARY_FILE, Glossary, expand_query, is_kazakh, level_from_text, load_glossary, russian_title,
)
from assistant.language.textnorm import fold_kazakh, folded_tokens, tokens


def _key(name: str) -> str:
    return " ".join(fold_kazakh(t) for t in tokens(name))


def test_every_position_of_the_document_has_a_russian_title(doc):
    glossary = load_glossary()
    assert set(glossary.positions) == {p.id for p in doc.positions}
    for position in doc.positions:
        title = russian_title(position.id)
        assert title and not is_kazakh(title), position.id


def test_every_position_has_russian_and_kazakh_aliases():
    for pid, names in load_glossary().positions.items():
        assert names.ru_aliases and names.kk_aliases, pid


def test_no_alias_names_two_positions_unless_declared_generic():
    glossary = load_glossary()
    owners: dict[str, set[str]] = defaultdict(set)
    for pid, names in glossary.positions.items():
        for alias in [*names.ru_aliases, *names.kk_aliases]:
            owners[_key(alias)].add(pid)
    clashes = {alias: pids for alias, pids in owners.items() if len(pids) > 1}
    assert clashes == {}
    generic = {_key(n) for g in glossary.generic for n in g.names}
    assert generic.isdisjoint(owners), generic & set(owners)


def test_generic_names_are_unique_across_generic_groups():
    seen: dict[str, str] = {}
    for g in load_glossary().generic:
        for name in g.names:
            assert seen.setdefault(_key(name), g.id) == g.id, name


def test_at_least_60_term_groups_with_both_languages():
    terms = load_glossary().terms
    assert len(terms) >= 60
    assert len({t.id for t in terms}) == len(terms)


def test_levels_carry_the_official_names():
    levels = load_glossary().levels
    for level in Level:
        assert levels[level].kk == level.kk and levels[level].ru == level.ru


def test_schema_rejects_unknown_fields_and_dangling_references():
    data = yaml.safe_load(GLOSSARY_FILE.read_text(encoding="utf-8"))
    Glossary.model_validate(data)
    with pytest.raises(ValidationError):
        Glossary.model_validate({**data, "surprise": 1})
    broken = {**data, "generic": [{**data["generic"][0], "default": "ch99.p1"}]}
    with pytest.raises(ValidationError):
        Glossary.model_validate(broken)


def test_a_broken_file_is_a_corpus_error(tmp_path):
    bad = tmp_path / "glossary.yaml"
    bad.write_text("positions: [", encoding="utf-8")
    with pytest.raises(CorpusError):
        load_glossary(bad)
    bad.write_text("positions: {}\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="invalid"):
        load_glossary(bad)


def test_russian_title_of_an_unknown_id():
    with pytest.raises(UnknownReference):
        russian_title("ch99.p1")
    assert russian_title("ch2.p2") == "Методист организации дошкольного воспитания и обучения"


def test_expand_query_appends_kazakh_equivalents():
    expanded = expand_query("сколько стажа нужно завучу в селе")
    assert expanded.startswith("сколько стажа нужно завучу в селе ")
    for word in ("өтілі", "ауылдық", "оқу ісі жөніндегі орынбасар"):
        assert word in expanded


def test_expand_query_adds_the_kazakh_title_of_a_named_position():
    expanded = expand_query("методист детского сада требования")
    assert "Мектепке дейінгі тәрбие және оқыту ұйымының әдіскері" in expanded
    assert "біліктілікке қойылатын талаптар" in expanded


def test_expand_query_leaves_kazakh_text_alone():
    for question in ("завуч стажы қанша?", "тәрбиешінің міндеттері", "отили канша жыл"):
        assert expand_query(question) == question


def test_expand_query_without_known_terms_is_unchanged():
    assert expand_query("привет как дела") == "привет как дела"


@pytest.mark.parametrize(
    "text, level",
    [
        ("сколько стажа для категории модератор", Level.MODERATOR),
        ("педагог-сарапшы санатына қанша жыл керек", Level.EXPERT),
        ("педагог-эксперт", Level.EXPERT),
        ("зерттеуши болу ушин", Level.RESEARCHER),
        ("исследователь", Level.RESEARCHER),
        ("педагог-шебер", Level.MASTER),
        ("педагог-мастер стаж", Level.MASTER),
        ("с модератора на эксперта", Level.EXPERT),
        ("категория педагог", Level.PEDAGOG),
        ("мастер производственного обучения стаж", None),
        ("өндірістік оқыту шебері", None),
        ("шеберхана меңгерушісі", None),
        ("педагог-психолог", None),
        ("воспитатель детского сада", None),
    ],
)
def test_level_from_text(text, level):
    assert level_from_text(text) == level


@pytest.mark.parametrize(
    "text", ["провести мастер-класс", "экспертиза документов", "исследовательская работа",
             "кәсіби шеберлік конкурсы", "зерттеушілік дағдылар"],
)
def test_words_derived_from_level_names_are_no_levels(text):
    assert level_from_text(text) is None


def test_the_speller_fixes_typos_but_leaves_other_words_alone():
    from assistant.language.glossary import PhraseIndex, Speller

    index = PhraseIndex([("воспитатель детского сада", 1), ("зерттеуші", 2)])
    fixed, where = Speller([index]).correct(["восптатель", "дедского", "зерттеу", "кадетского", "сад", "садика"])
    # «зерттеу» (research) is another word than «зерттеуші»; «кадетского» starts differently
    assert fixed == ["воспитатель", "детского", "зерттеу", "кадетского", "сад", "садика"]
    assert where == {0, 1}
    hits = index.find(fixed[:2] + ["сада"], where)
    assert [h.payload for h in hits] == [1] and hits[0].fuzzy


def test_phrase_index_matches_inflected_forms_in_both_languages():
    from assistant.language.glossary import PhraseIndex

    index = PhraseIndex([("воспитатель детского сада", "ru"), ("балабақша тәрбиешісі", "kk")])
    found = index.search(folded_tokens("воспитателям детских садов и балабақшадағы тәрбиешілерге"))
    assert sorted(h.payload for h in found) == ["kk", "ru"]
    assert [h.payload for h in index.search(folded_tokens("балабакша тарбиешилерине"))] == ["kk"]
    assert index.search(folded_tokens("воспитательный сад")) == []


def test_naming_kazakh_keeps_apart_what_names_and_what_is_asked():
    from assistant.language.glossary import naming_kazakh

    named, asked = naming_kazakh("Что должен знать воспитатель детского сада?")
    assert "білуге міндетті" in named and asked == []  # «должен знать» names the kind: it asks for no item
    named, asked = naming_kazakh("Проводит ли психолог школы профориентацию?")
    assert any("психолог" in k for k in named) and "кәсіптік бағдар беру" in asked
    assert naming_kazakh("Тәрбиеші нені білуге тиіс?") == ([], [])


def test_a_russian_general_question_keeps_no_term_its_naming_words_added():
    from assistant.answering.chain import question_terms
    from assistant.search.lexical import query_terms

    # «должен знать» adds «білуге міндетті», and «міндетті» is in the item «міндетті білім беру стандарты»
    assert "миндет" in set(query_terms("Что должен знать воспитатель детского сада?"))
    assert "миндет" not in question_terms("Что должен знать воспитатель детского сада?")
    assert "учител" not in question_terms("учитель-предметник обязанности")
    assert question_terms("Тәрбиешінің міндеттері қандай?") == set(query_terms("Тәрбиешінің міндеттері қандай?"))
