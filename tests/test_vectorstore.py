"""The Chroma index: build, staleness, corruption, idempotence, and the server mode (`chroma run`)."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings

from assistant.search.chunking import build_chunks
from assistant.regulation.corpus import REGULATION_FILE, load_document
from assistant.search.embeddings import HashEmbeddings
from assistant.errors import NotReady
from assistant.settings import Settings
from assistant.search.vectorstore import MANIFEST, VectorIndex


@pytest.fixture(scope="module")
def chunks(doc):
    return build_chunks(doc)


@pytest.fixture(scope="module")
def few(chunks):
    """Enough chunks for the staleness tests, few enough to build in a moment."""
    return chunks[:40]


def make_index(settings: Settings, chunks, doc, dim: int = 256) -> VectorIndex:
    return VectorIndex(settings, HashEmbeddings(dim=dim), chunks, doc.sha256)


@pytest.fixture(scope="module")
def built(tmp_path_factory, chunks, doc):
    """One local index, built once for the read-only tests of this module."""
    settings = Settings(embedder="hash", index_dir=tmp_path_factory.mktemp("index"))
    index = make_index(settings, chunks, doc)
    report = index.ensure(progress=False)
    return index, report


def test_a_missing_index_is_built_with_the_clause_ids_as_vector_ids(built, chunks, doc):
    index, report = built
    assert report.rebuilt and report.reason == "no index yet" and report.chunks == len(chunks)
    stored = index.client().get_collection("regulation").get(include=["metadatas", "documents"])
    assert sorted(stored["ids"]) == sorted(c.id for c in doc.clauses)
    by_id = {i: (m, d) for i, m, d in zip(stored["ids"], stored["metadatas"], stored["documents"])}
    meta, text = by_id["ch3.p14b.c92"]
    assert meta == {"clause_id": "ch3.p14b.c92", "kind": "duties", "chapter": 3, "paragraph": 14,
                    "clause": 92, "position_id": "ch3.p14b"}
    assert text.startswith("Білім беру ұйымы жанындағы интернат меңгерушісі. Лауазымдық міндеттері")
    assert "paragraph" not in by_id["ch9.c244"][0] and "chapter" not in by_id["order.c1"][0]


def test_competence_levels_can_be_chunks_of_their_own_that_map_to_their_clause(doc):
    levels = [c for c in build_chunks(doc, levels=True) if c.level is not None]
    five = next(c for c in levels if c.id == "ch2.p2.c13.l5")
    assert five.clause_id == "ch2.p2.c13" and five.kind == "competence" and five.level == 5
    assert "педагог-шебер" in five.text and five.text.startswith("Мектепке дейінгі тәрбие және оқыту ұйымының әдіскері.")
    assert len(levels) == sum(len(c.levels) for c in doc.clauses)


def test_the_index_records_the_corpus_and_the_embedder(built, doc):
    index, _ = built
    metadata = index.client().get_collection("regulation").metadata
    assert metadata["corpus_sha256"] == doc.sha256 and metadata["embedder"] == "hash:256:v1"
    assert metadata["state"] == "ready"
    manifest = json.loads((index.settings.index_dir / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["corpus_sha256"] == doc.sha256 and manifest["chunks"] == len(index.chunks)


def test_reindexing_with_nothing_changed_does_nothing(built, chunks, doc):
    index, _ = built
    again = make_index(index.settings, chunks, doc).ensure(progress=False)
    assert not again.rebuilt and again.reason == "up to date"


def test_search_returns_chunk_ids_with_similarities_and_honours_filters(built):
    index, _ = built
    vector = HashEmbeddings().embed_query("Мектеп директорының лауазымдық міндеттері")
    found = index.search(vector, 5)
    assert len(found) == 5 and all(-1.0 <= s <= 1.0 for _, s in found)
    assert [s for _, s in found] == sorted((s for _, s in found), reverse=True)
    only = index.search(vector, 5, where={"kind": "requirements"})
    assert all(index_chunk(index, cid).kind == "requirements" for cid, _ in only)


def test_the_dense_search_returns_the_exact_nearest_clauses_not_an_approximation(built):
    """HNSW is approximate: with Chroma's defaults a busy machine's process found a different top 50 than
    another process (the graph, rebuilt on open by several threads, differed). The index is built by one
    thread and searched with a candidate list as long as the collection: the result is the brute-force one."""
    import numpy as np

    index, _ = built
    stored = index._collection().get(include=["embeddings"])
    matrix = np.asarray(stored["embeddings"])
    for question in ("Мектеп директорының лауазымдық міндеттері", "Сколько стажа нужно методисту детского сада?",
                     "әдіскер педагог-шебер", "кто разработал характеристики"):
        vector = HashEmbeddings().embed_query(question)
        cosines = matrix @ np.asarray(vector) / np.linalg.norm(matrix, axis=1) / np.linalg.norm(vector)
        exact = np.sort(cosines)[::-1][:50]  # compared by value: the hash embedder's vectors tie often
        assert np.allclose([s for _, s in index.search(vector, 50)], exact, atol=1e-5)


def index_chunk(index: VectorIndex, chunk_id: str):
    return next(c for c in index.chunks if c.id == chunk_id)


def test_a_different_embedder_makes_the_index_stale(tmp_path, few, doc):
    settings = Settings(embedder="hash", index_dir=tmp_path)
    make_index(settings, few, doc).ensure(progress=False)
    report = make_index(settings, few, doc, dim=128).ensure(progress=False)
    assert report.rebuilt and report.reason == "embedder changed"
    assert make_index(settings, few, doc, dim=128).staleness() is None


def test_a_changed_corpus_makes_the_index_stale(tmp_path, chunks, doc):
    settings = Settings(embedder="hash", index_dir=tmp_path / "index")
    make_index(settings, chunks[:40], doc).ensure(progress=False)
    edited = tmp_path / "regulation.kk.txt"
    edited.write_bytes(REGULATION_FILE.read_bytes().replace("кемінде 3 жыл".encode(), "кемінде 4 жыл".encode(), 1))
    new_doc = load_document(edited)
    assert new_doc.sha256 != doc.sha256
    report = VectorIndex(settings, HashEmbeddings(), build_chunks(new_doc)[:40], new_doc.sha256).ensure(progress=False)
    assert report.rebuilt and report.reason == "corpus_sha256 changed"


def test_a_half_built_index_is_rebuilt(tmp_path, few, doc):
    settings = Settings(embedder="hash", index_dir=tmp_path)
    index = make_index(settings, few, doc)
    index.ensure(progress=False)
    index.client().get_collection("regulation").modify(metadata={"state": "building"})
    report = make_index(settings, few, doc).ensure(progress=False)
    assert report.rebuilt and report.reason == "the last build did not finish"


def test_a_corrupted_index_is_detected_and_rebuilt(tmp_path, few, doc):
    settings = Settings(embedder="hash", index_dir=tmp_path)
    make_index(settings, few, doc).ensure(progress=False)
    chromadb.api.shared_system_client.SharedSystemClient.clear_system_cache()
    (tmp_path / "chroma" / "chroma.sqlite3").write_bytes(b"not a database" * 100)
    index = make_index(settings, few, doc)
    report = index.ensure(progress=False)
    assert report.rebuilt and report.reason.startswith("the index was unreadable")
    assert index.staleness() is None and len(index.search(HashEmbeddings().embed_query("мектеп"), 3)) == 3


def test_rebuild_on_request_gives_the_same_index(tmp_path, few, doc):
    settings = Settings(embedder="hash", index_dir=tmp_path)
    make_index(settings, few, doc).ensure(progress=False)
    vector = HashEmbeddings().embed_query("логопед")
    before = make_index(settings, few, doc).search(vector, 5)
    index = make_index(settings, few, doc)
    assert index.ensure(rebuild=True, progress=False).reason == "rebuild requested"
    after = index.search(vector, 5)
    assert [c for c, _ in after] == [c for c, _ in before]
    assert [s for _, s in after] == pytest.approx([s for _, s in before])
    assert index.client().get_collection("regulation").count() == len(few)


# --- server mode: a real `chroma run` on loopback ------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def chroma_executable() -> str:
    beside = Path(sys.executable).with_name("chroma")
    found = str(beside) if beside.exists() else shutil.which("chroma")
    if not found:
        pytest.skip("the chroma command (shipped by chromadb) is not installed")
    return found


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    port = free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    log = open(data / "server.log", "wb")
    proc = subprocess.Popen(
        [chroma_executable(), "run", "--path", str(data / "db"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, env={"ANONYMIZED_TELEMETRY": "False", "PATH": "/usr/bin:/bin"},
    )
    try:
        wait_for_heartbeat(port, proc)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def wait_for_heartbeat(port: int, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"chroma run exited with status {proc.returncode}")
        try:
            chromadb.HttpClient(host="127.0.0.1", port=port,
                                settings=ChromaSettings(anonymized_telemetry=False)).heartbeat()
            return
        except Exception:
            time.sleep(0.3)
    pytest.fail("chroma run did not answer within a minute")


def test_the_index_lives_on_a_chroma_server_when_the_settings_name_a_host(chroma_server, tmp_path, few, doc):
    settings = Settings(embedder="hash", index_dir=tmp_path, chroma_host="127.0.0.1", chroma_port=chroma_server,
                        collection="regulation-test")
    first = make_index(settings, few, doc).ensure(progress=False)
    assert first.rebuilt
    index = make_index(settings, few, doc)
    assert not index.ensure(progress=False).rebuilt
    found = index.search(HashEmbeddings().embed_query("Концертмейстер"), 3)
    assert len(found) == 3
    assert not (tmp_path / "chroma").exists()  # nothing was written locally
    assert make_index(settings, few, doc, dim=128).ensure(progress=False).reason == "embedder changed"


def test_an_unreachable_chroma_server_is_not_ready_with_a_sentence(tmp_path, few, doc):
    settings = Settings(embedder="hash", index_dir=tmp_path, chroma_host="127.0.0.1", chroma_port=free_port())
    with pytest.raises(NotReady, match="cannot be reached"):
        make_index(settings, few, doc).ensure(progress=False)
